"""The Brandsma polarisation model: a Mesa model over one city of the engine.

People on a social network take Brandsma's roles — pusher, joiner, silent middle, bridge
builder, scapegoat — as states that emerge from documented mechanisms (see
:mod:`polsim.model.mechanisms` and ``docs/odd.md``), with the media as catalyst. One step is
one week.

The state lives in the arrays of an :class:`~polsim.model.engine.Engine`, declared once in
:data:`polsim.model.engine.STATE`; :class:`PolarisationModel` builds one city, hands its
policies a :class:`~polsim.model.context.PolicyContext` each week, asks the engine for the
week and records the measures. Mesa agents are views over the engine's rows
(``model.agents``) for dashboards, inspection and researchers' own code; they are skipped
for headless runs above :data:`AGENT_VIEW_LIMIT` people.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from functools import partial
from types import MappingProxyType
from typing import Any, Protocol

import mesa
import networkx as nx
import numba
import numpy as np
import pandas as pd
from numpy.typing import NDArray

from polsim.model import mechanisms, phases, registry, roles
from polsim.model.agents import MediaAgent, PersonAgent
from polsim.model.context import PolicyContext
from polsim.model.engine import MEASURES, STATE, City, Engine
from polsim.model.engine import threads as engine_threads
from polsim.model.events import Shock
from polsim.model.levers import POSITIONS, Levers, tone_value
from polsim.model.media import MediaOutlet
from polsim.networks import Adjacency, GraphLike, prepare, small_world
from polsim.validation import as_generator, check_int

__all__ = [
    "AGENT_VIEW_LIMIT",
    "METRIC_COLUMNS",
    "STATE_COLUMNS",
    "THREADS_FROM",
    "PolarisationModel",
    "Policy",
    "default_network",
]


class Policy(Protocol):
    """What the model asks of an intervention or a monitoring rule: one call at the start of
    each week, with the model's :class:`~polsim.model.context.PolicyContext` (never the model
    itself): the levers, read-only views of the state, assignments, the outlets' restraint,
    the follow lists and the parameters the registry tags as levers."""

    def before_week(self, context: PolicyContext, week: int) -> None: ...


#: Above this many people no Mesa agent views are made unless asked for.
AGENT_VIEW_LIMIT = 100_000
#: Mean and spread of everybody's starting commitment but the pushers' (beta distribution;
#: rationale: in the rustfase few have joined in). A constant, not a parameter: the
#: one-at-a-time screening found that no value from 0 to 0.16 changes any outcome (docs/odd.md
#: 8.2), because without pressure above resilience commitment fades within weeks.
INITIAL_COMMITMENT = (0.05, 0.1)
#: Range of the starting ``|stance|`` and commitment of the initial pushers: they stand at a pole
#: (Brandsma). A constant, not a parameter (docs/odd.md 7.21): the lower end, 0.85, lies above
#: the default pusher thresholds (commitment 0.8, distance from the middle 0.7), so the initial
#: pushers are pushers from week 0.
PUSHER_START = (0.85, 1.0)
#: Below this many people the default network is complete rather than a small world: with
#: three people a ring of degree 2 is complete already, and rewiring could only drop ties.
SMALLEST_SMALL_WORLD = 4
#: From this many people a week runs its compiled kernels on several threads: below it,
#: waking the threads costs more than they save (measured on two cores: one thread 0.35 ms
#: against two 1.15 ms a week at 1,000 people; equal at 20,000; two 1.4x faster at 50,000).
THREADS_FROM = 20_000
#: The most threads numba may use (its NUMBA_NUM_THREADS: the processors, or the environment)
MAX_THREADS = int(numba.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]
#: A beta distribution's variance is below mean × (1 - mean); the starting draws cap theirs at
#: this share of that bound, so that both shape parameters stay positive (docs/odd.md 5).
BETA_VARIANCE_CAP = 0.99
#: Shape parameters of a beta draw below this come from a mean within rounding of 0 or 1: the
#: draw is then a point mass at the mean.
BETA_SHAPE_FLOOR = 1e-9
#: Columns of ``model.metrics``, in order: the week, the engine's measures
#: (:data:`polsim.model.engine.MEASURES`) and the KIS phase read off them.
METRIC_COLUMNS = ("step", *MEASURES, "phase")
#: Columns of :meth:`PolarisationModel.state`, in order; the node attributes of an imported
#: network follow them.
STATE_COLUMNS = (
    "stance", "commitment", "resilience", "tolerance", "salience", "visibility", "blame",
    "influence", "pressure", "role", "bridge_builder", "key_figure",
)  # fmt: skip
#: The engine's array behind each column of :meth:`PolarisationModel.state` but ``role``.
_STATE_ARRAYS = {"stance": "x", "commitment": "c", "resilience": "r", "tolerance": "tau",
                 "salience": "s", "visibility": "visibility", "blame": "blame",
                 "influence": "w", "pressure": "pressure", "bridge_builder": "bridge",
                 "key_figure": "key_figure"}  # fmt: skip

FloatArray = NDArray[np.float64]


def default_network(n: int, degree: int, rewiring: float, rng: np.random.Generator) -> Adjacency:
    """The default city: a small world of ``n`` people with mean ``degree`` (made even and
    below ``n``, as a ring lattice needs) and ``rewiring``; everybody knows everybody below
    :data:`SMALLEST_SMALL_WORLD` people."""
    if n < SMALLEST_SMALL_WORLD:
        return prepare(nx.complete_graph(n))
    k = min(int(degree), n - 1 - (n - 1) % 2)
    return small_world(n, max(k - k % 2, 2), float(rewiring), rng=rng)


class _StateArray:
    """A model attribute showing one array of the engine's :data:`STATE` for the model's
    city: a read-only copy of this week's values (the engine writes its weeks into buffers in
    turn, so a view would change under the reader's hands)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.__doc__ = next(f.doc for f in STATE if f.name == name)

    def __get__(self, model: PolarisationModel | None, owner: type) -> Any:
        if model is None:
            return self
        a = model.engine.rows(model.engine.arrays[self.name], model.city).copy()
        a.flags.writeable = False
        return a

    def __set__(self, model: PolarisationModel, value: Any) -> None:
        raise AttributeError(
            f"model.{self.name} is read-only: the city's state belongs to its engine. A policy "
            "acts through its PolicyContext; in your own experiment set a person's state through "
            f"its Mesa agent, or all of it with model.engine.write({self.name!r}, model.city)[:] = "
            "values"
        )


class PolarisationModel(mesa.Model):
    """Brandsma's polarisation dynamics on a social network; one step is one week.

    The state (:data:`polsim.model.engine.STATE`) shows as attributes named like its arrays:
    ``model.x`` stance, ``model.c`` commitment, ``model.r`` resilience, ``model.tau``
    tolerance, ``model.s`` salience, ``model.blame``, ``model.pressure``, ... Each is a
    read-only copy of the current week's values (``model.state()`` gives them all as a
    table); a policy sees the same through its :class:`~polsim.model.context.PolicyContext`
    and changes the city only through the levers.

    Parameters
    ----------
    n_agents : int, optional
        Number of people (default from the registry; fixed by ``network`` if given).
    network : networkx graph, sparse adjacency or :class:`polsim.networks.Adjacency`, optional
        Offline ties (family, neighbours, work). Default: a small world with the registry's
        ``network_degree`` and ``network_rewiring``.
    media : list of MediaOutlet, optional
        Mainstream outlets. Default: ``n_outlets`` outlets, each followed with probability
        ``media_reach``, with contrast ``media_contrast``.
    rng : Generator, SeedSequence or int
        The only source of randomness. Same seed, same metrics.
    shocks : iterable of Shock, optional
        Scheduled external events (besides the random national debates of ``shock_rate``).
    bridge_builders, key_figures : array of int, optional
        Indices of people assigned these roles (overriding the ``*_share`` parameters);
        bridge builders assigned here stand above the parties in a mediating tone.
    create_agents : bool, optional
        Make Mesa agent views; default: only up to :data:`AGENT_VIEW_LIMIT` people.
    policies : iterable of Policy, optional
        Interventions and monitoring (see :mod:`polsim.interventions`); each is called at the
        start of every week, before the dynamics, through the small :class:`Policy` protocol.
    threads : int, optional
        Threads of the compiled kernels during a week: by default one below
        :data:`THREADS_FROM` people (waking threads costs more than they save there) and all
        that numba may use above. Results never depend on it. The count applies to this
        model's weeks only (numba's count belongs to the calling thread and is restored).
    **parameters
        Any parameter of :data:`polsim.model.registry.PARAMETERS`, validated against its range.

    Examples
    --------
    >>> from polsim import PolarisationModel
    >>> model = PolarisationModel(n_agents=300, rng=1)
    >>> model.run(10)
    >>> list(model.metrics.columns[:4])
    ['step', 'pusher', 'joiner', 'silent']
    >>> round(float(model.metrics[["pusher", "joiner", "silent", "bridge_builder",
    ...       "scapegoat"]].iloc[-1].sum()), 12)
    1.0
    """

    # the state, one attribute per array of engine.STATE (a test checks that none is missing)
    x = _StateArray()
    c = _StateArray()
    r = _StateArray()
    r0 = _StateArray()
    tau = _StateArray()
    tau0 = _StateArray()
    s = _StateArray()
    s0 = _StateArray()
    blame = _StateArray()
    w = _StateArray()
    conviction = _StateArray()
    pressure = _StateArray()
    visibility = _StateArray()
    degree = _StateArray()
    bridge = _StateArray()
    above = _StateArray()
    tone = _StateArray()
    key_figure = _StateArray()
    roles = _StateArray()
    incidents = _StateArray()
    avoided_ties = _StateArray()
    follows = _StateArray()

    def __init__(
        self,
        *,
        n_agents: int | None = None,
        network: GraphLike | None = None,
        media: list[MediaOutlet] | None = None,
        rng: Any = None,
        shocks: Iterable[Shock] = (),
        bridge_builders: Iterable[int] | None = None,
        key_figures: Iterable[int] | None = None,
        create_agents: bool | None = None,
        policies: Iterable[Policy] = (),
        threads: int | None = None,
        **parameters: Any,
    ) -> None:
        if n_agents is not None:
            parameters["n_agents"] = n_agents
        given_threads = (
            None if threads is None else check_int(threads, "threads", low=1, high=MAX_THREADS)
        )
        if network is not None:
            adjacency = prepare(network, relabel=True)
            given = parameters.get("n_agents", adjacency.n)
            if check_int(given, "n_agents", low=2) != adjacency.n:
                raise ValueError(
                    f"n_agents is {given} but the network has {adjacency.n} nodes; they must match"
                )
            parameters["n_agents"] = adjacency.n
        p = registry.resolve(parameters)
        super().__init__(rng=as_generator(rng))
        n = int(p["n_agents"])
        #: number of people
        self.n = n
        #: threads of the compiled kernels (see ``threads``)
        self.threads = given_threads or (1 if n < THREADS_FROM else MAX_THREADS)
        shocks = list(shocks)
        for k, shock in enumerate(shocks):
            if not isinstance(shock, Shock):
                raise ValueError(f"shocks[{k}] must be a polsim.Shock, got {shock!r}")
        self.policies: list[Policy] = list(policies)
        for k, policy in enumerate(self.policies):
            if not callable(getattr(policy, "before_week", None)):
                raise ValueError(
                    f"policies[{k}] must have a before_week(context, week) method, got {policy!r}"
                )
        # Child streams, spawned always, so that neither user shocks nor the national debates
        # shift the city's own draws (and the pairing of scenarios with and without them).
        audience_rng, national_rng = self.rng.spawn(2)
        with engine_threads(self.threads):
            if network is None:
                adjacency = default_network(
                    n, int(p["network_degree"]), float(p["network_rewiring"]), self.rng
                )
            state = self._initial_state(p, adjacency)
            bridges = self._pick(bridge_builders, p["bridge_builder_share"])
            figures = self._pick(key_figures, p["key_figure_share"])
            outlets = list(media) if media is not None else self._default_outlets(p)
            state["follows"] = self._initial_follows(int(p["online_degree"]))
            city = City(
                params=p, rng=self.rng, national_rng=national_rng, audience_rng=audience_rng,
                adjacency=adjacency, outlets=outlets, levers=Levers(n),
            )  # fmt: skip
            for shock in shocks:
                city.add_shock(shock)
            self._engine = Engine([city], [state])
            self._city = 0
            self.assign("bridge_builder", bridges)
            self.assign("key_figure", figures)
            #: the offline network as given, or the Adjacency of the default small world
            self.network: GraphLike = network if network is not None else adjacency
            #: what every policy receives each week instead of the model (one per city)
            self.policy_context = PolicyContext(self)
            if create_agents is None:
                create_agents = n <= AGENT_VIEW_LIMIT
            if create_agents:
                PersonAgent.create_agents(self, n, index=list(range(n)))
                for o in outlets:
                    MediaAgent(self, o)
            #: the measures of the latest week (the latest row of ``model.metrics``)
            self.latest: dict[str, float] = {}
            #: the one record of the weekly measures, :data:`METRIC_COLUMNS` (``model.metrics``
            #: and the phase reading read it)
            self.datacollector: mesa.DataCollector = Record(
                model_reporters={name: partial(_latest, name=name) for name in METRIC_COLUMNS}
            )
            self._own_reporters = dict(self.datacollector.model_reporters)
            self.record_measures(self._engine.first_measures()[0])

    # -- the city this model shows ----------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The engine that holds this model's city (shared with the other cities of an
        ensemble while it steps them)."""
        return self._engine

    @property
    def city(self) -> int:
        """This model's city in :attr:`engine`."""
        return self._city

    def attach(self, engine: Engine, city: int) -> None:
        """Show city ``city`` of ``engine`` from now on: an ensemble joins its models' cities
        into one engine (:meth:`polsim.model.engine.Engine.join`) and attaches each."""
        if engine.cities[city] is not self._engine.cities[self._city]:
            raise ValueError("a model can be attached only to an engine holding its own city")
        self._engine, self._city = engine, int(city)

    @property
    def _own(self) -> City:
        return self._engine.cities[self._city]

    @property
    def params(self) -> Mapping[str, Any]:
        """Every model parameter's value (read-only; :meth:`set_parameter` changes one)."""
        return MappingProxyType(self._own.params)

    @property
    def adjacency(self) -> Adjacency:
        """The offline network prepared for the kernels (row ``i`` is person ``i``; the node
        ids of an imported graph are kept in ``adjacency.nodes``)."""
        return self._own.adjacency

    @property
    def levers(self) -> Levers:
        """The documented ways a policy acts on this city."""
        return self._own.levers

    @property
    def outlets(self) -> list[MediaOutlet]:
        """The mainstream media outlets."""
        return self._own.outlets

    @property
    def shocks(self) -> list[Shock]:
        """The scheduled shocks (add one with :meth:`add_shock`)."""
        return list(self._own.shocks)

    @property
    def national(self) -> list[tuple[int, float]]:
        """National debates under way: (last week, strength)."""
        return list(self._own.national)

    # -- initial state ----------------------------------------------------------------------

    def _initial_state(self, p: Mapping[str, Any], adjacency: Adjacency) -> dict[str, Any]:
        """The starting state (docs/odd.md, section 5), drawn from the city's stream: the
        arrays of :data:`~polsim.model.engine.STATE` that do not start at a declared value."""
        n, gen = self.n, self.rng
        x = np.clip(gen.normal(0.0, p["initial_stance_sd"], n), -1.0, 1.0)
        c = _beta(gen, *INITIAL_COMMITMENT, n)
        r0 = _beta(gen, p["resilience_mean"], p["resilience_sd"], n)
        tau0 = np.full(n, float(p["initial_tolerance"]))
        s0 = np.full(n, float(p["initial_salience"]))
        conviction = np.zeros(n)
        pushers = gen.choice(n, size=round(p["pusher_share"] * n), replace=False)
        sides = np.where(np.arange(pushers.size) % 2 == 0, 1.0, -1.0)
        x[pushers] = sides * gen.uniform(*PUSHER_START, pushers.size)
        c[pushers] = gen.uniform(*PUSHER_START, pushers.size)
        r0[pushers] = 0.0
        s0[pushers] = 1.0
        conviction[pushers] = p["pusher_conviction"]
        zero = np.zeros(n)
        visibility = mechanisms.visibility(
            x, c, floor=p["visibility_floor"], on_stage=zero, stage=zero
        )
        # the rest start at their declared initial values (engine.STATE)
        return {"x": x, "c": c, "r": r0.copy(), "r0": r0, "tau": tau0.copy(), "tau0": tau0,
                "s": s0.copy(), "s0": s0, "conviction": conviction, "visibility": visibility,
                "degree": adjacency.degree}  # fmt: skip

    def _pick(self, given: Iterable[int] | None, share: float) -> Iterable[int]:
        if given is not None:
            return given
        return self.rng.choice(self.n, size=round(share * self.n), replace=False)

    def _default_outlets(self, p: Mapping[str, Any]) -> list[MediaOutlet]:
        return [
            MediaOutlet(
                name=f"outlet {k + 1}",
                contrast=float(p["media_contrast"]),
                followers=self.rng.random(self.n) < p["media_reach"],
            )
            for k in range(int(p["n_outlets"]))
        ]

    def _initial_follows(self, degree: int) -> NDArray[np.integer]:
        d = min(degree, self.n - 1)
        if d == 0:
            return np.zeros((self.n, 0), dtype=np.int32)
        shift = self.rng.integers(1, self.n, size=(self.n, d))
        index = np.int32 if self.n < 2**31 else np.int64
        shift += np.arange(self.n)[:, None]  # in place: no second and third n x d array
        shift %= self.n
        return shift.astype(index)

    # -- dynamics ---------------------------------------------------------------------------

    def step(self) -> None:
        """Advance one week (see the scheduling section of ``docs/odd.md``): the policies
        act, then the engine runs the week and the measures are recorded."""
        # Mesa counts the step before it calls this method: week 0 is the first week run
        week = self.steps - 1
        context = self.policy_context
        context._week = week  # the model tells its own context the week; a policy cannot
        with engine_threads(self.threads):
            for policy in self.policies:
                policy.before_week(context, week)
            if self._engine.batching:  # an ensemble runs the week of all its cities at once
                return
            if self._engine.count > 1:  # stepped on its own after an ensemble: alone from now
                self._engine, self._city = self._engine.detach(self._city), 0
            self.record_measures(self._engine.advance(week)[0])

    def add_shock(self, shock: Shock) -> None:
        """Schedule one more shock during a run (e.g. from the live dashboard); who it reaches
        is drawn like the constructor's shocks, from their own stream."""
        if not isinstance(shock, Shock):
            raise ValueError(f"shock must be a polsim.Shock, got {shock!r}")
        self._own.add_shock(shock)

    def add_policy(self, policy: Policy) -> None:
        """Add an intervention or monitoring rule during a run: from the next week on it is
        called like the constructor's ``policies`` (its own ``start`` still applies)."""
        if not callable(getattr(policy, "before_week", None)):
            raise ValueError(
                f"policy must have a before_week(context, week) method, got {policy!r}"
            )
        self.policies.append(policy)

    @property
    def observed_phase(self) -> int | None:
        """The KIS phase the municipality has observed: its quick scans' latest report (the
        policy context's monitoring record), None before the first. Read-only."""
        return self.policy_context.observed_phase

    def set_parameter(self, name: str, value: float) -> None:
        """Change one model parameter from now on (validated like the constructor's). A
        parameter read only when the city is built (its size, networks, starting state and
        outlets: ``registry.PARAMETERS[name].built``) is refused: build a new city instead."""
        parameter = registry.PARAMETERS.get(name)
        if parameter is not None and parameter.built:
            raise ValueError(
                f"{name} is read only when the city is built: give it to PolarisationModel, "
                "not to set_parameter"
            )
        self._own.set_params(registry.resolve({**self._own.params, name: value}))

    def replace_follows(
        self, people: NDArray[np.integer], slots: NDArray[np.integer], accounts: NDArray[np.integer]
    ) -> None:
        """Make ``people[k]`` follow ``accounts[k]`` in place of the account in its online
        slot ``slots[k]`` (what a person meets online; online social bonding uses this)."""
        people, slots, accounts = (np.asarray(a, dtype=np.int64) for a in (people, slots, accounts))
        if not (people.shape == slots.shape == accounts.shape):
            raise ValueError("people, slots and accounts must have the same length")
        if people.size == 0:
            return
        follows = self._engine.write("follows", self._city)
        d = follows.shape[1]
        if min(people.min(), accounts.min()) < 0 or max(people.max(), accounts.max()) >= self.n:
            raise ValueError(f"people and accounts must be indices in [0, {self.n - 1}]")
        if slots.min() < 0 or slots.max() >= d:
            raise ValueError(f"slots must be in [0, {d - 1}]")
        follows[people, slots] = accounts

    def assign(
        self,
        role: str,
        people: Iterable[int],
        *,
        position: str = "above",
        tone: str | float = "mediating",
    ) -> None:
        """Give ``people`` a role from now on: ``"bridge_builder"`` or ``"key_figure"``.

        Nothing about the people changes but their role: their stance, commitment and
        everything else stay theirs, and what follows comes from the mechanisms. A bridge
        builder takes a ``position`` (``"above"`` the parties: visible, staging dialogue
        between the poles; or ``"middle"``: inside the silent middle, giving it a voice) and a
        ``tone`` (``"mediating"``, ``"moralising"`` or a number from 0, moralising, to 1,
        mediating). A key figure's effect is the trust of the people around it.
        """
        idx = self._role_people(role, people)
        write = partial(self._engine.write, b=self._city)
        if role == "bridge_builder":
            if position not in POSITIONS:
                raise ValueError(
                    f"position must be one of {', '.join(POSITIONS)}; got {position!r}"
                )
            value = tone_value(tone)
            write("bridge")[idx] = True
            write("above")[idx] = position == "above"
            write("tone")[idx] = value
        else:
            write("key_figure")[idx] = True
        self._classify()

    def unassign(self, role: str, people: Iterable[int]) -> None:
        """Take the ``role`` (``"bridge_builder"`` or ``"key_figure"``) away from ``people``;
        their state stays as it is."""
        idx = self._role_people(role, people)
        self._engine.write("bridge" if role == "bridge_builder" else "key_figure", self._city)[
            idx
        ] = False
        self._classify()

    def _role_people(self, role: str, people: Iterable[int]) -> NDArray[np.int64]:
        if role not in ("bridge_builder", "key_figure"):
            raise ValueError(f"role must be 'bridge_builder' or 'key_figure', got {role!r}")
        return np.fromiter((check_int(i, role, low=0, high=self.n - 1) for i in people), np.int64)

    def run(self, steps: int) -> None:
        """Run ``steps`` weeks."""
        for _ in range(check_int(steps, "steps", low=0)):
            self.step()

    # -- measures ---------------------------------------------------------------------------

    def _classify(self) -> None:
        """The roles read off the state now (after an assignment)."""
        p, view = self._own.params, partial(self._engine.view, b=self._city)
        push_c, push_x = registry.push_thresholds(p)
        self._engine.write("roles", self._city)[:] = roles.classify(
            view("x"), view("c"), view("blame"), view("bridge"),
            join_commitment=p["join_commitment"], join_stance=p["join_stance"],
            push_commitment=push_c, push_stance=push_x,
            scapegoat_threshold=p["scapegoat_threshold"],
        )  # fmt: skip

    def tolerance_of_middle(self) -> float:
        r"""Commitment-weighted tolerance of the middle, :math:`\sum c_i\tau_i / \sum c_i`:
        how far those who joined in still tolerate the middle position (Brandsma)."""
        return float(self.latest["tolerance_of_middle"])

    def record_measures(self, measures: Mapping[str, float]) -> None:
        """Record this week's measures (from the engine: :data:`polsim.model.engine.MEASURES`)
        with the week and the KIS phase read off them; the engine's callers (this model's
        :meth:`step`, an ensemble) call it once a week."""
        row = {"step": self.steps, **measures}
        row["phase"] = phases.reading(self._indicator_window(row), self._own.params)
        self.latest = row
        collector = self.datacollector
        if (
            isinstance(collector, Record)
            and collector.model_reporters == self._own_reporters
            and not collector.agent_reporters
            and not collector.agenttype_reporters
        ):
            collector.append(self, row)
        else:  # the user added reporters, or a collector of their own: Mesa's own collect
            collector.collect(self)

    def _indicator_window(self, latest: Mapping[str, float]) -> dict[str, list[float]]:
        """The phase indicators of the last ``reading_window`` weeks, oldest first: the weeks
        recorded in the datacollector and this week's ``latest``."""
        earlier = int(self._own.params["reading_window"]) - 1
        window = {}
        for k in phases.INDICATORS:
            past = self.datacollector.model_vars[k] if earlier > 0 else []
            window[k] = [*past[max(len(past) - earlier, 0) :], latest[k]]
        return window

    @property
    def step_count(self) -> int:
        """Weeks run so far: Mesa's step counter ``model.steps`` (an alias, read-only)."""
        return self.steps

    @property
    def metrics(self) -> pd.DataFrame:
        """One row per week (week 0 is the initial state), columns :data:`METRIC_COLUMNS`:
        the model's datacollector's table of its own reporters."""
        recorded = self.datacollector.model_vars
        return pd.DataFrame({k: recorded[k] for k in METRIC_COLUMNS}, columns=list(METRIC_COLUMNS))

    @property
    def node_ids(self) -> pd.Index:
        """Each person's node in the offline network, in row order (named ``node``): the node
        ids of an imported networkx graph, else ``0 .. n-1``."""
        nodes = self.adjacency.nodes
        if nodes is None:
            return pd.RangeIndex(self.n, name="node")
        return pd.Index(nodes, name="node", tupleize_cols=False)

    def _nodes(self) -> Iterable[Hashable]:
        nodes = self.adjacency.nodes
        return range(self.n) if nodes is None else nodes

    @property
    def groups(self) -> NDArray[Any] | None:
        """Each person's group (the network's node attribute ``group``), if it has one."""
        if not isinstance(self.network, nx.Graph):
            return None
        values = [self.network.nodes[v].get("group") for v in self._nodes()]
        return None if all(v is None for v in values) else np.asarray(values, dtype=object)

    @property
    def role_names(self) -> NDArray[np.str_]:
        """Each person's role as a name (``"pusher"``, ``"silent"``, ...)."""
        return np.asarray(roles.ROLE_NAMES)[self._engine.view("roles", self._city)]

    def state(self) -> pd.DataFrame:
        """A tidy snapshot of the current week, one row per person (a copy).

        The columns are :data:`STATE_COLUMNS` — stance, commitment, resilience, tolerance,
        salience, visibility, blame, influence, pressure, role and the assigned roles
        (``bridge_builder``, ``key_figure``) — followed, for a networkx graph given as
        ``network``, by its node attributes, one column each, in the order they first appear
        (missing values NaN or None; an attribute named like a state column gets the prefix
        ``node_``). The index, named ``node``, is :attr:`node_ids`: the graph's own node ids
        (strings, say), else ``0 .. n-1``.
        """
        view = partial(self._engine.view, b=self._city)
        table: dict[str, Any] = {
            column: view(_STATE_ARRAYS[column]) if column != "role" else self.role_names
            for column in STATE_COLUMNS
        }
        for name, values in self._node_attributes().items():
            table[f"node_{name}" if name in table else name] = values
        return pd.DataFrame(table, index=self.node_ids, copy=True)

    def _node_attributes(self) -> dict[str, list[Any]]:
        """The node attributes of a networkx ``network``, a list per attribute in row order."""
        if not isinstance(self.network, nx.Graph):
            return {}
        data = [self.network.nodes[v] for v in self._nodes()]
        names = dict.fromkeys(name for attributes in data for name in attributes)
        return {name: [attributes.get(name) for attributes in data] for name in names}


class Record(mesa.DataCollector):
    """The model's datacollector: Mesa's, plus :meth:`append`, which records a week whose
    measures are at hand (as :meth:`collect` does with only the model's own reporters, each of
    which returns its entry of ``latest``), without calling twenty reporters a week."""

    def append(self, model: PolarisationModel, row: Mapping[str, float]) -> None:
        """Record one week: ``row`` holds every model reporter's value."""
        self._collection_steps.append(model.time)
        for name in self.model_reporters:
            self.model_vars[name].append(row[name])


def _beta(gen: np.random.Generator, mean: float, sd: float, n: int) -> FloatArray:
    """Beta draws with the given mean and standard deviation (degenerate at the bounds)."""
    if mean <= 0.0 or mean >= 1.0 or sd <= 0.0:
        return np.full(n, float(np.clip(mean, 0.0, 1.0)))
    var = min(sd**2, BETA_VARIANCE_CAP * mean * (1 - mean))
    k = mean * (1 - mean) / var - 1
    a, b = mean * k, (1 - mean) * k
    if not (a > BETA_SHAPE_FLOOR and b > BETA_SHAPE_FLOOR):
        return np.full(n, float(mean))
    return gen.beta(a, b, size=n)


def _latest(model: PolarisationModel, name: str) -> float:
    """One measure of the latest week (a DataCollector reporter through ``partial``, not a
    closure, so that a model pickles)."""
    return model.latest[name]
