"""The Brandsma polarisation model: a vectorised :class:`mesa.Model`.

People on a social network take Brandsma's roles — pusher, joiner, silent middle, bridge
builder, scapegoat — as states that emerge from documented mechanisms (see
:mod:`polsim.model.mechanisms` and ``docs/odd.md``), with the media as catalyst. One step is
one week.

The state lives in numpy arrays owned by the model; ``step()`` is array code. Mesa agents are
views over those arrays (``model.agents``) for dashboards, inspection and researchers' own
code; they are skipped for headless runs above :data:`AGENT_VIEW_LIMIT` people.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Hashable, Iterable
from functools import partial
from typing import Any, Protocol

import mesa
import networkx as nx
import numba
import numpy as np
import pandas as pd
from numpy.typing import NDArray

from polsim import measures
from polsim.model import mechanisms, phases, registry, roles
from polsim.model.agents import MediaAgent, PersonAgent
from polsim.model.events import Shock
from polsim.model.levers import POSITIONS, TONES, Levers, tone_value
from polsim.model.media import MediaOutlet, Readership
from polsim.model.week import SUMMARY_FIELDS, Cities, advance
from polsim.networks import Adjacency, GraphLike, prepare, small_world
from polsim.validation import as_generator, check_int

__all__ = [
    "AGENT_VIEW_LIMIT",
    "METRIC_COLUMNS",
    "POSITIONS",
    "STATE_COLUMNS",
    "THREADS_FROM",
    "TONES",
    "PolarisationModel",
    "Policy",
    "default_network",
]


class Policy(Protocol):
    """What the model asks of an intervention or a monitoring rule: one call at the start of
    each week. A policy acts only through the model's documented levers
    (:class:`polsim.model.levers.Levers`, :meth:`PolarisationModel.assign`,
    :meth:`~PolarisationModel.unassign`, :meth:`~PolarisationModel.replace_follows`,
    :meth:`~PolarisationModel.set_parameter` and the outlets' ``restraint``)."""

    def before_week(self, model: PolarisationModel, week: int) -> None: ...


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
#: Incidents are counted per this many people: the unit of the parameters ``incident_news``
#: and ``incident_threshold`` and of the ``incident_rate`` measure (KIS reporting per 1,000
#: residents).
PER_PEOPLE = 1000.0
#: A national debate's strength is uniform on [0, SHOCK_SPREAD × ``shock_strength``]: 2, so
#: that ``shock_strength`` is its mean (the registry's meaning of the parameter).
SHOCK_SPREAD = 2.0
#: Below this many people the default network is complete rather than a small world: with
#: three people a ring of degree 2 is complete already, and rewiring could only drop ties.
SMALLEST_SMALL_WORLD = 4
#: From this many people a week runs its compiled kernels on several threads: below it,
#: waking the threads costs more than they save (measured on two cores: one thread 0.35 ms
#: against two 1.15 ms a week at 1,000 people; equal at 20,000; two 1.4x faster at 50,000).
THREADS_FROM = 20_000
#: The most threads numba may use (its NUMBA_NUM_THREADS: the processors, or the environment)
MAX_THREADS = int(numba.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]
#: Fewest people the bimodality coefficient is defined for (its small-sample correction
#: divides by (n - 2)(n - 3)); a smaller city reports 0.
SMALLEST_FOR_BIMODALITY = 4
#: A beta distribution's variance is below mean × (1 - mean); the starting draws cap theirs at
#: this share of that bound, so that both shape parameters stay positive (docs/odd.md 5).
BETA_VARIANCE_CAP = 0.99
#: Shape parameters of a beta draw below this come from a mean within rounding of 0 or 1: the
#: draw is then a point mass at the mean.
BETA_SHAPE_FLOOR = 1e-9
#: Columns of ``model.metrics``, in order.
METRIC_COLUMNS = (
    "step", "pusher", "joiner", "silent", "bridge_builder", "scapegoat", "key_figure",
    "tolerance_of_middle", "bimodality", "spread", "esteban_ray", "echo_chamber",
    "salience", "commitment", "pressure", "incidents",
    "us_them_talk", "avoidance", "incident_rate", "phase",
)  # fmt: skip
#: Columns of :meth:`PolarisationModel.state`, in order; the node attributes of an imported
#: network follow them.
STATE_COLUMNS = (
    "stance", "commitment", "resilience", "tolerance", "salience", "visibility", "blame",
    "influence", "pressure", "role", "bridge_builder", "key_figure",
)  # fmt: skip

FloatArray = NDArray[np.float64]
_SUMS = {name: k for k, name in enumerate(SUMMARY_FIELDS)}


def default_network(n: int, degree: int, rewiring: float, rng: np.random.Generator) -> Adjacency:
    """The default city: a small world of ``n`` people with mean ``degree`` (made even and
    below ``n``, as a ring lattice needs) and ``rewiring``; everybody knows everybody below
    :data:`SMALLEST_SMALL_WORLD` people."""
    if n < SMALLEST_SMALL_WORLD:
        return prepare(nx.complete_graph(n))
    k = min(int(degree), n - 1 - (n - 1) % 2)
    return small_world(n, max(k - k % 2, 2), float(rewiring), rng=rng)


def _keeping_threads(method: Callable[..., None]) -> Callable[..., None]:
    """``method`` may set numba's thread count; the caller's count is back when it returns
    or fails."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        previous = numba.get_num_threads()
        try:
            method(*args, **kwargs)
        finally:
            numba.set_num_threads(previous)

    return wrapper


class PolarisationModel(mesa.Model):
    """Brandsma's polarisation dynamics on a social network; one step is one week.

    The state is held in numpy arrays (``model.x`` stance, ``model.c`` commitment, ``model.r``
    resilience, ``model.tau`` tolerance, ``model.s`` salience, ``model.blame``, ...), always
    the current week's. The weekly update writes into two buffers in turn, so an array taken
    from the model is overwritten two weeks later: copy what you want to keep
    (``model.state()`` returns a copy).

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
        Threads of the compiled kernels during a week. Default: the environment variable
        ``POLSIM_THREADS`` if set, else one below :data:`THREADS_FROM` people (waking threads
        costs more than they save there) and all that numba may use above. Results never
        depend on it.
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

    @_keeping_threads
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
        given = threads if threads is not None else os.environ.get("POLSIM_THREADS") or None
        self._threads_given = None if given is None else check_int(
            int(given) if isinstance(given, str) and given.isdigit() else given,
            "threads", low=1, high=MAX_THREADS,
        )  # fmt: skip
        if network is not None:
            adjacency = prepare(network, relabel=True)
            given = parameters.get("n_agents", adjacency.n)
            if check_int(given, "n_agents", low=2) != adjacency.n:
                raise ValueError(
                    f"n_agents is {given} but the network has {adjacency.n} nodes; they must match"
                )
            parameters["n_agents"] = adjacency.n
        self.params: dict[str, Any] = registry.resolve(parameters)
        gen = as_generator(rng)
        super().__init__(rng=gen)
        n = int(self.params["n_agents"])
        self.n = n
        p = self.params
        # Child streams, spawned always, so that neither user shocks nor the national debates
        # shift the city's own draws (and the pairing of scenarios with and without them).
        audience_rng, self._national_rng = self.rng.spawn(2)
        #: threads of the compiled kernels (see ``threads``): while the city is built too
        self.threads = self._threads_given or (1 if n < THREADS_FROM else MAX_THREADS)
        numba.set_num_threads(self.threads)  # the caller's count comes back on return
        if network is None:
            adjacency = default_network(
                n, int(p["network_degree"]), float(p["network_rewiring"]), self.rng
            )
        #: the offline network prepared for the kernels (row ``i`` is person ``i``; the node
        #: ids of an imported graph are kept in ``adjacency.nodes``)
        self.adjacency: Adjacency = adjacency
        #: the offline network as given, or the Adjacency of the default small world
        self.network: GraphLike = network if network is not None else adjacency
        self.degree = self.adjacency.degree.astype(np.float64)
        x, c, r0, tau0, s0, conviction = self._init_state()
        #: stance in [-1, 1]
        self.x: FloatArray = x
        #: commitment in [0, 1]
        self.c: FloatArray = c
        #: baseline resilience, and resilience this week
        self.r0: FloatArray = r0
        self.r: FloatArray = r0.copy()
        #: baseline tolerance of the middle, and tolerance this week
        self.tau0: FloatArray = tau0
        self.tau: FloatArray = tau0.copy()
        #: baseline identity salience, and salience this week
        self.s0: FloatArray = s0
        self.s: FloatArray = s0.copy()
        #: the pushers' own conviction (0 for everybody else)
        self.conviction: FloatArray = conviction
        #: blame, and the influence it leaves a person
        self.blame: FloatArray = np.zeros(n)
        self.w: FloatArray = np.ones(n)
        #: the documented ways a policy acts on this city
        self.levers = Levers(n)
        self.bridge = np.zeros(n, dtype=bool)
        self.above = np.zeros(n, dtype=bool)
        # every tone 1 (mediating), held as one value until a bridge builder gets its own
        self.tone: FloatArray = np.broadcast_to(np.float64(1.0), (n,))
        self.key_figure = np.zeros(n, dtype=bool)
        self.roles = np.zeros(n, dtype=np.int8)
        #: people per role after the latest classification (filled in by ``_classify``)
        self._role_counts = np.zeros(len(roles.ROLE_NAMES), dtype=np.int64)
        self.assign("bridge_builder", self._pick(bridge_builders, p["bridge_builder_share"]))
        self.assign("key_figure", self._pick(key_figures, p["key_figure_share"]))
        self.outlets: list[MediaOutlet] = (
            list(media) if media is not None else self._default_outlets()
        )
        self._media_follower = (
            np.any([o.followers for o in self.outlets], axis=0)
            if self.outlets
            else np.zeros(n, dtype=bool)
        )
        self._readership = Readership()
        self.follows = self._init_follows()
        self.shocks = list(shocks)
        for k, shock in enumerate(self.shocks):
            if not isinstance(shock, Shock):
                raise ValueError(f"shocks[{k}] must be a polsim.Shock, got {shock!r}")
        self._audiences = [s.audience(n, audience_rng) for s in self.shocks]
        # shocks added during a run (add_shock) draw their audiences from the same stream
        self._audience_rng = audience_rng
        #: national debates under way: (last week, strength)
        self.national: list[tuple[int, float]] = []
        self.incidents = np.zeros(n, dtype=bool)
        # shared stand-in for "nothing this week": read-only, one value, no memory per person
        self._zero = np.broadcast_to(np.float64(0.0), (n,))
        # length-1 stand-ins for an input that is the same for everyone this week
        # (mechanisms.INPUTS_PER_PERSON_OR_ALL): no pass over memory for what nobody receives
        self._nobody = np.zeros(1)
        self._nobody.flags.writeable = False
        self._everybody = np.ones(1)
        self._everybody.flags.writeable = False
        self._weeks = mechanisms.Week.pair(n)
        self.pressure = np.zeros(n)
        self.visibility = mechanisms.visibility(
            self.x, self.c, floor=p["visibility_floor"], on_stage=self._zero, stage=self._zero
        )
        self._public = mechanisms.Public.empty(n)
        # reused every week: the passes over the network write every row
        # column-major: the measures read single columns, which are then contiguous
        self._heard_buffer = np.empty((n, len(mechanisms.HEARD_FIELDS)), order="F")
        self._feed_buffer = np.empty((n, len(mechanisms.FEED_FIELDS)))
        self._params_vector = mechanisms.param_vector(p)
        #: per person, the ties it avoids this week (the speaker is beyond its rejection)
        self.avoided_ties = np.zeros(n)
        #: the KIS phase the municipality has observed (set by a QuickScan), None before
        self.observed_phase: int | None = None
        self.policies: list[Policy] = list(policies)
        for k, policy in enumerate(self.policies):
            if not callable(getattr(policy, "before_week", None)):
                raise ValueError(
                    f"policies[{k}] must have a before_week(model, week) method, got {policy!r}"
                )
        self.roles = self._classify()
        if create_agents is None:
            create_agents = n <= AGENT_VIEW_LIMIT
        if create_agents:
            PersonAgent.create_agents(self, n, index=list(range(n)))
            for o in self.outlets:
                MediaAgent(self, o)
        #: set by an ensemble while it steps this model: the policies act, the dynamics wait
        self._held = False
        self._alone: Cities | None = None
        #: the measures of the latest week (the latest row of ``model.metrics``)
        self.latest: dict[str, float] = {}
        #: the one record of the weekly measures, :data:`METRIC_COLUMNS` (``model.metrics``
        #: and the phase reading read it)
        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(_latest, name=name) for name in METRIC_COLUMNS}
        )
        self._own_reporters = dict(self.datacollector.model_reporters)
        self._record(self._measure(incidents=0))

    # -- initial state --------------------------------------------------------------------

    def _init_state(
        self,
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
        """The starting stance, commitment, baseline resilience, tolerance and salience, and
        conviction (docs/odd.md, section 5), drawn from the city's stream."""
        p, n, gen = self.params, self.n, self.rng
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
        return x, c, r0, tau0, s0, conviction

    def _pick(self, given: Iterable[int] | None, share: float) -> Iterable[int]:
        if given is not None:
            return given
        return self.rng.choice(self.n, size=round(share * self.n), replace=False)

    def _default_outlets(self) -> list[MediaOutlet]:
        p = self.params
        return [
            MediaOutlet(
                name=f"outlet {k + 1}",
                contrast=float(p["media_contrast"]),
                followers=self.rng.random(self.n) < p["media_reach"],
            )
            for k in range(int(p["n_outlets"]))
        ]

    def _init_follows(self) -> NDArray[np.integer]:
        d = min(int(self.params["online_degree"]), self.n - 1)
        if d == 0:
            return np.zeros((self.n, 0), dtype=np.int32)
        shift = self.rng.integers(1, self.n, size=(self.n, d))
        index = np.int32 if self.n < 2**31 else np.int64
        shift += np.arange(self.n)[:, None]  # in place: no second and third n x d array
        shift %= self.n
        return shift.astype(index)

    # -- dynamics -------------------------------------------------------------------------

    def step(self) -> None:
        """Advance one week (see the scheduling section of ``docs/odd.md``)."""
        previous = numba.get_num_threads()
        numba.set_num_threads(self.threads)
        try:
            self._week()
        finally:
            numba.set_num_threads(previous)

    def _week(self) -> None:
        # Mesa counts the step before it calls this method: week 0 is the first week run
        week = self.steps - 1
        for policy in self.policies:
            policy.before_week(self, week)
        if self._held:  # an ensemble runs the dynamics of its cities together
            return
        if self._alone is None:
            self._alone = Cities([self])
        advance(self._alone, week)

    def _shock(self, week: int) -> FloatArray:
        """Pressure from scheduled shocks and from the random national debates this week."""
        p = self.params
        gen = self._national_rng
        if gen.random() < p["shock_rate"]:
            strength = SHOCK_SPREAD * p["shock_strength"] * gen.random()
            self.national.append((week + int(p["shock_duration"]), strength))
        self.national = [(last, k) for last, k in self.national if week < last]
        total = sum(k for _, k in self.national)
        shock: FloatArray = np.array([float(total)]) if total else self._nobody
        for s, audience in zip(self.shocks, self._audiences, strict=True):
            if s.active(week):
                shock = shock + s.strength * audience
        return shock

    def _near_incident(self) -> FloatArray:
        """Incidents last week at oneself or a neighbour, plus their news for media followers:
        ``incident_news`` per incident per 1,000 people."""
        if not self.incidents.any():
            return self._nobody
        a = self.adjacency
        local = mechanisms.count_near(self.incidents, a.in_indptr, a.in_indices)
        news = self.params["incident_news"] * PER_PEOPLE * self.incidents.sum() / self.n
        return local + news * self._media_follower

    def add_shock(self, shock: Shock) -> None:
        """Schedule one more shock during a run (e.g. from the live dashboard); who it reaches
        is drawn like the constructor's shocks, from their own stream."""
        if not isinstance(shock, Shock):
            raise ValueError(f"shock must be a polsim.Shock, got {shock!r}")
        self.shocks.append(shock)
        self._audiences.append(shock.audience(self.n, self._audience_rng))

    def add_policy(self, policy: Policy) -> None:
        """Add an intervention or monitoring rule during a run: from the next week on it is
        called like the constructor's ``policies`` (its own ``start`` still applies)."""
        if not callable(getattr(policy, "before_week", None)):
            raise ValueError(f"policy must have a before_week(model, week) method, got {policy!r}")
        self.policies.append(policy)

    def set_parameter(self, name: str, value: float) -> None:
        """Change one model parameter from now on (validated like the constructor's)."""
        self.params = registry.resolve({**dict(self.params.items()), name: value})
        self._params_vector = mechanisms.param_vector(self.params)

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
        d = self.follows.shape[1]
        if min(people.min(), accounts.min()) < 0 or max(people.max(), accounts.max()) >= self.n:
            raise ValueError(f"people and accounts must be indices in [0, {self.n - 1}]")
        if slots.min() < 0 or slots.max() >= d:
            raise ValueError(f"slots must be in [0, {d - 1}]")
        self.follows[people, slots] = accounts

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
        if role == "bridge_builder":
            if position not in POSITIONS:
                raise ValueError(
                    f"position must be one of {', '.join(POSITIONS)}; got {position!r}"
                )
            self.bridge[idx] = True
            self.above[idx] = position == "above"
            value = tone_value(tone)
            if idx.size:
                if not self.tone.flags.writeable:  # the first bridge builder's own tone
                    self.tone = np.ones(self.n)
                self.tone[idx] = value
        else:
            self.key_figure[idx] = True
        self.roles = self._classify()

    def unassign(self, role: str, people: Iterable[int]) -> None:
        """Take the ``role`` (``"bridge_builder"`` or ``"key_figure"``) away from ``people``;
        their state stays as it is."""
        idx = self._role_people(role, people)
        (self.bridge if role == "bridge_builder" else self.key_figure)[idx] = False
        self.roles = self._classify()

    def _role_people(self, role: str, people: Iterable[int]) -> NDArray[np.int64]:
        if role not in ("bridge_builder", "key_figure"):
            raise ValueError(f"role must be 'bridge_builder' or 'key_figure', got {role!r}")
        return np.fromiter((check_int(i, role, low=0, high=self.n - 1) for i in people), np.int64)

    def run(self, steps: int) -> None:
        """Run ``steps`` weeks."""
        for _ in range(check_int(steps, "steps", low=0)):
            self.step()

    # -- measures -------------------------------------------------------------------------

    def _classify(self) -> NDArray[np.int8]:
        p = self.params
        push_c, push_x = registry.push_thresholds(p)
        return roles.classify(
            self.x, self.c, self.blame, self.bridge,
            join_commitment=p["join_commitment"], join_stance=p["join_stance"],
            push_commitment=push_c, push_stance=push_x,
            scapegoat_threshold=p["scapegoat_threshold"], counts=self._role_counts,
        )  # fmt: skip

    def tolerance_of_middle(self) -> float:
        r"""Commitment-weighted tolerance of the middle, :math:`\sum c_i\tau_i / \sum c_i`:
        how far those who joined in still tolerate the middle position (Brandsma)."""
        weighted, total = measures.weighted_sum(self.c, self.tau)
        return weighted / total if total > 0 else float(self.tau.mean())

    def _measure(
        self, *, incidents: int, heard: FloatArray | None = None, talk: float | None = None
    ) -> dict[str, float]:
        """The week's measures; ``talk`` is the week's us-versus-them talk (visibility times
        the salience people spoke with), computed before the update."""
        shares = roles.role_shares(self.roles, counts=self._role_counts)
        moments = measures.central_moments(self.x)
        bc = (
            measures.bimodality_from_moments(self.n, *moments)
            if self.n >= SMALLEST_FOR_BIMODALITY
            else 0.0
        )
        ties = float(self.adjacency.indices.size)
        if heard is None:
            neighbours, degree, self.avoided_ties = _first_look(self.x, self.adjacency,
                                                                self.params, self.s)  # fmt: skip
            echo = measures.neighbour_correlation(self.x, neighbour_sum=neighbours, degree=degree)
        else:
            echo = measures.neighbour_correlation(
                self.x, neighbour_sum=heard[:, mechanisms.H_STANCE], degree=self.degree
            )
            self.avoided_ties = heard[:, mechanisms.H_AVOIDED]
        avoided = float(self.avoided_ties.sum())
        indicators = {
            "us_them_talk": measures.weighted_sum(self.visibility, self.s)[0] / self.n
            if talk is None
            else talk,
            "avoidance": avoided / ties if ties > 0 else 0.0,
            "incident_rate": PER_PEOPLE * incidents / self.n,
        }
        return {
            "step": self.steps,
            **shares,
            "key_figure": float(self.key_figure.mean()),
            "tolerance_of_middle": self.tolerance_of_middle(),
            "bimodality": bc,
            "spread": moments[0],
            "esteban_ray": measures.esteban_ray_of(self.x),
            "echo_chamber": echo,
            "salience": float(self.s.mean()),
            "commitment": float(self.c.mean()),
            "pressure": float(self.pressure.mean()),
            "incidents": incidents,
            **indicators,
            "phase": phases.reading(self._indicator_window(indicators), self.params),
        }

    def _week_row(self, sums: FloatArray, incidents: int) -> dict[str, float]:
        """The week's measures (as :meth:`_measure` makes them) from the sums of
        :func:`polsim.model.week.summaries` for this city."""
        n, f = self.n, _SUMS
        moments = (float(sums[f["m2"]]), float(sums[f["m3"]]), float(sums[f["m4"]]),
                   float(sums[f["biggest"]]))  # fmt: skip
        bc = measures.bimodality_from_moments(n, *moments) if n >= SMALLEST_FOR_BIMODALITY else 0.0
        ties = float(self.adjacency.indices.size)
        avoided = float(sums[f["avoided"]])
        weighted, total = float(sums[f["tolerance_weighted"]]), float(sums[f["commitment_total"]])
        indicators = {
            "us_them_talk": float(sums[f["talk"]]) / n,
            "avoidance": avoided / ties if ties > 0 else 0.0,
            "incident_rate": PER_PEOPLE * incidents / n,
        }
        return {
            "step": self.steps,
            **roles.role_shares(self.roles, counts=self._role_counts),
            "key_figure": float(sums[f["key_figures"]]) / n,
            "tolerance_of_middle": weighted / total
            if total > 0
            else float(sums[f["tolerance_mean"]]),
            "bimodality": bc,
            "spread": moments[0],
            "esteban_ray": float(sums[f["esteban_ray"]]),
            "echo_chamber": float(sums[f["echo"]]),
            "salience": float(sums[f["salience"]]),
            "commitment": float(sums[f["commitment"]]),
            "pressure": float(sums[f["pressure"]]),
            "incidents": incidents,
            **indicators,
            "phase": phases.reading(self._indicator_window(indicators), self.params),
        }

    def _indicator_window(self, latest: dict[str, float]) -> dict[str, list[float]]:
        """The phase indicators of the last ``reading_window`` weeks, oldest first: the weeks
        recorded in the datacollector and this week's ``latest``."""
        earlier = int(self.params["reading_window"]) - 1
        window = {}
        for k in phases.INDICATORS:
            past = self.datacollector.model_vars[k] if earlier > 0 else []
            window[k] = [*past[max(len(past) - earlier, 0) :], latest[k]]
        return window

    def _record(self, row: dict[str, float]) -> None:
        self.latest = row
        collector = self.datacollector
        if (
            collector.model_reporters != self._own_reporters
            or collector.agent_reporters
            or collector.agenttype_reporters
        ):  # the user added reporters, or a collector of their own: Mesa's own collect
            collector.collect(self)
            return
        # what DataCollector.collect does with only the model's own reporters (each returns
        # its entry of ``latest``, a number), without calling twenty of them a week
        collector._collection_steps.append(self.time)
        recorded = collector.model_vars
        for name in METRIC_COLUMNS:
            recorded[name].append(row[name])

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
        return np.asarray(roles.ROLE_NAMES)[self.roles]

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
        table: dict[str, Any] = {
            "stance": self.x,
            "commitment": self.c,
            "resilience": self.r,
            "tolerance": self.tau,
            "salience": self.s,
            "visibility": self.visibility,
            "blame": self.blame,
            "influence": self.w,
            "pressure": self.pressure,
            "role": self.role_names,
            "bridge_builder": self.bridge,
            "key_figure": self.key_figure,
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


def _first_look(
    x: FloatArray, adjacency: Adjacency, params: dict[str, Any], s: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Before the first week, per person: the sum of the stances it hears, the number of
    people it hears, and the ties whose speaker it rejects (beyond its latitude of rejection)
    — what :func:`~polsim.model.mechanisms.gather` gives the weeks after (ties counted once,
    as the dynamics count them). One compiled pass over the network, with no copy of it: a
    country's week 0 in seconds."""
    _, t = mechanisms.latitudes(
        s, acceptance=params["acceptance"], rejection_gap=params["rejection_gap"],
        involvement=params["ego_involvement"],
    )  # fmt: skip
    return _look(adjacency.indptr, adjacency.indices, x, t)


@numba.njit(cache=True)
def _look(indptr, indices, x, t):  # pragma: no cover - compiled
    n = x.shape[0]
    total = np.empty(n)
    degree = np.empty(n)
    avoided = np.empty(n)
    for i in range(n):
        heard = 0.0
        far = 0
        for p in range(indptr[i], indptr[i + 1]):
            j = indices[p]
            heard += x[j]
            far += abs(x[j] - x[i]) > t[i]
        total[i] = heard
        degree[i] = indptr[i + 1] - indptr[i]
        avoided[i] = far
    return total, degree, avoided


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
