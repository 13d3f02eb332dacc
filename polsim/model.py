"""The Brandsma polarisation model: a vectorised :class:`mesa.Model`.

People on a social network take Brandsma's roles — pusher, joiner, silent middle, bridge
builder, scapegoat — as states that emerge from documented mechanisms (see
:mod:`polsim.dynamics.brandsma` and ``docs/odd.md``), with the media as catalyst. One step is
one week.

The state lives in numpy arrays owned by the model; ``step()`` is array code. Mesa agents are
views over those arrays (``model.agents``) for dashboards, inspection and researchers' own
code; they are skipped for headless runs above :data:`AGENT_VIEW_LIMIT` people.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import mesa
import networkx as nx
import numpy as np
import pandas as pd
from numba import njit, prange
from numpy.typing import NDArray

from polsim import metrics as measures
from polsim import parameters as registry
from polsim import phases, roles
from polsim._validation import as_generator, check_int
from polsim.agents import MediaAgent, PersonAgent
from polsim.dynamics import brandsma as mech
from polsim.events import Shock
from polsim.media import MediaOutlet, media_exposure
from polsim.networks import Adjacency, GraphLike, prepare, small_world

__all__ = ["AGENT_VIEW_LIMIT", "DEFAULT_DEGREE", "METRIC_COLUMNS", "PolarisationModel", "Policy"]


class Policy(Protocol):
    """What the model asks of an intervention or a monitoring rule: one call at the start of
    each week, which may change the model's state, parameters, roles or outlets."""

    def before_week(self, model: PolarisationModel, week: int) -> None: ...


#: Above this many people no Mesa agent views are made unless asked for.
AGENT_VIEW_LIMIT = 100_000
#: Mean degree of the default offline network (a small world with 10% rewiring).
DEFAULT_DEGREE = 10
#: Columns of ``model.metrics``, in order.
METRIC_COLUMNS = (
    "step", "pusher", "joiner", "silent", "bridge_builder", "scapegoat", "key_figure",
    "tolerance_of_middle", "bimodality", "spread", "esteban_ray", "echo_chamber",
    "incidents", "pressure", "commitment", "temperature", "phase",
)  # fmt: skip

FloatArray = NDArray[np.float64]


class PolarisationModel(mesa.Model):
    """Brandsma's polarisation dynamics on a social network.

    Parameters
    ----------
    n_agents : int, optional
        Number of people (default from the registry, 1000; fixed by ``network`` if given).
    network : networkx graph, sparse adjacency or :class:`polsim.networks.Adjacency`, optional
        Offline ties (family, neighbours, work). Default: a small world with mean degree 10.
    media : list of MediaOutlet, optional
        Mainstream outlets. Default: ``n_outlets`` outlets, each followed with probability
        ``media_reach``, with contrast ``media_contrast``.
    rng : Generator, SeedSequence or int
        The only source of randomness. Same seed, same metrics.
    shocks : iterable of Shock, optional
        Scheduled external events.
    bridge_builders, key_figures : array of int, optional
        Indices of people assigned these roles (overriding the ``*_share`` parameters).
    create_agents : bool, optional
        Make Mesa agent views; default: only up to :data:`AGENT_VIEW_LIMIT` people.
    policies : iterable of Policy, optional
        Interventions and monitoring (see :mod:`polsim.interventions`); each is called at the
        start of every week, before the dynamics, through the small :class:`Policy` protocol.
    **parameters
        Any parameter of :data:`polsim.parameters.PARAMETERS`, validated against its range.

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
        **parameters: Any,
    ) -> None:
        if n_agents is not None:
            parameters["n_agents"] = n_agents
        if network is not None:
            adjacency = prepare(network)
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
        self.step_count = 0
        p = self.params
        if network is None:
            k = min(DEFAULT_DEGREE, n - 1 - (n - 1) % 2)
            adjacency = (
                small_world(n, max(k, 2), 0.1, rng=self.rng)
                if n > 3
                else prepare(nx.complete_graph(n))
            )
        self.adjacency: Adjacency = adjacency
        #: the offline network as given, or the Adjacency of the default small world
        self.network: GraphLike = network if network is not None else adjacency
        self.degree = self.adjacency.degree.astype(np.float64)
        self._init_state()
        self.bridge = np.zeros(n, dtype=bool)
        self.key_figure = np.zeros(n, dtype=bool)
        self.assign("bridge_builder", self._pick(bridge_builders, p["bridge_builder_share"]))
        self.assign("key_figure", self._pick(key_figures, p["key_figure_share"]))
        self.outlets: list[MediaOutlet] = (
            list(media) if media is not None else self._default_outlets()
        )
        self.follows = self._init_follows()
        self.shocks = list(shocks)
        # Audiences come from a child stream, so adding a shock leaves the city's own draws
        # (and the pairing with a scenario without it) unchanged.
        shock_rng = self.rng.spawn(1)[0] if self.shocks else self.rng
        self._audiences = [s.audience(n, shock_rng) for s in self.shocks]
        self.incidents = np.zeros(n, dtype=bool)
        self._zero = np.zeros(n)
        self._zero.flags.writeable = False  # shared stand-in for "nothing this week"
        self.publicity = self._zero
        self.pressure = np.zeros(n)
        self._public = mech.Public.empty(n)
        self._heard = np.empty((n, len(mech.HEARD_FIELDS)))
        self._rows: list[dict[str, float]] = []
        self._params_vector = np.array([float(p[k]) for k in mech.PARAM_ORDER])
        #: media literacy: the share of media and online exposure a person sees through
        self.literacy = np.zeros(n)
        #: detection support the monitoring draws on (set by signalling interventions)
        self.detection: dict[str, float] = {}
        #: the KIS phase the municipality has observed (set by a QuickScan), None before
        self.observed_phase: int | None = None
        self.policies: list[Policy] = list(policies)
        self.roles = self._classify()
        if create_agents is None:
            create_agents = n <= AGENT_VIEW_LIMIT
        if create_agents:
            PersonAgent.create_agents(self, n, index=list(range(n)))
            for o in self.outlets:
                MediaAgent(self, o)
        self.datacollector = mesa.DataCollector(
            model_reporters={name: _reporter(name) for name in METRIC_COLUMNS}
        )
        self._record(self._measure(incidents=0))

    # -- initial state --------------------------------------------------------------------

    def _init_state(self) -> None:
        p, n, gen = self.params, self.n, self.rng
        self.x = np.clip(gen.normal(0.0, p["initial_stance_sd"], n), -1.0, 1.0)
        self.c = _beta(gen, p["initial_commitment"], 0.1, n)
        self.r = _beta(gen, p["resilience_mean"], p["resilience_sd"], n)
        self.tau0 = np.full(n, float(p["initial_tolerance"]))
        self.tau = self.tau0.copy()
        self.blame = np.zeros(n)
        self.w = np.ones(n)
        self.conviction = np.zeros(n)
        pushers = gen.choice(n, size=round(p["pusher_share"] * n), replace=False)
        sides = np.where(np.arange(pushers.size) % 2 == 0, 1.0, -1.0)
        self.x[pushers] = sides * gen.uniform(0.85, 1.0, pushers.size)
        self.c[pushers] = gen.uniform(0.85, 1.0, pushers.size)
        self.r[pushers] = 0.0
        self.conviction[pushers] = p["pusher_conviction"]

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
        return ((np.arange(self.n)[:, None] + shift) % self.n).astype(index)

    # -- dynamics -------------------------------------------------------------------------

    def step(self) -> None:
        """Advance one week (see the scheduling section of ``docs/odd.md``)."""
        week = self.step_count
        for policy in self.policies:
            policy.before_week(self, week)
        p, n = self.params, self.n
        u, t = mech.latitudes(
            self.c,
            acceptance=p["acceptance"],
            rejection=p["rejection"],
            narrowing=p["involvement_narrowing"],
            widening=p["involvement_rejection"],
        )
        organisers = np.flatnonzero(self.bridge)
        held = mech.apply_dialogue(
            self.x, u, t, organisers, self.adjacency.indptr, self.adjacency.indices,
            rate=p["dialogue_rate"], influence_rate=p["dialogue_influence"],
            publicity=p["dialogue_publicity"], commitment_effect=p["dialogue_commitment"],
            rng=self.rng,
        )  # fmt: skip
        dialogue, dialogue_c, self.publicity = (self._zero,) * 3 if held is None else held
        v = mech.visibility(
            self.x, self.c, floor=p["visibility_floor"], bridge=self.bridge,
            bridge_visibility=p["bridge_visibility"], publicity=self.publicity,
        )  # fmt: skip
        self.visibility = v
        pub = mech.publish(
            self.x, self.c, self.tau, v, self.w,
            floor=p["visibility_floor"], online_contrast=p["online_contrast"], out=self._public,
        )  # fmt: skip
        heard = mech.gather(self.adjacency.indptr, self.adjacency.indices, pub, u, t, self._heard)
        online = mech.feed_exposure(self.follows, pub)
        for outlet in self.outlets:
            outlet.cover(self.x, v, self.w, floor=p["visibility_floor"], rng=self.rng)
        shock = self._zero
        for s, audience in zip(self.shocks, self._audiences, strict=True):
            if s.active(week):
                shock = shock + s.strength * audience
        new = mech.update_people(
            x=self.x, c=self.c, r=self.r, tau=self.tau, tau0=self.tau0, b=self.blame,
            conviction=self.conviction, v=v, u=u, t=t, degree=self.degree,
            key_figures_near=self._near(self.key_figure), heard=heard,
            media=self._seen(media_exposure(self.outlets, n)), online=self._seen(online),
            shock=shock,
            incidents_near=np.minimum(1.0, self._near(self.incidents)),
            dialogue_stance=dialogue,
            dialogue_commitment=dialogue_c, params=self._params_vector,
        )  # fmt: skip
        self.pressure, self.x, self.c = new["pressure"], new["stance"], new["commitment"]
        self.tau, self.blame, self.w = new["tolerance"], new["blame"], new["influence"]
        self.incidents = mech.incidents_from(new["incident_probability"], self.rng)
        mech.rewire_feeds(self.follows, self.x, t, rate=p["online_rewiring"], rng=self.rng)
        self.step_count += 1
        self.roles = self._classify()
        self._record(self._measure(incidents=int(self.incidents.sum()), heard=heard))

    def _seen(self, exposure: FloatArray) -> FloatArray:
        """Exposure after media literacy: (1 - literacy) of it gets through."""
        return exposure * (1.0 - self.literacy) if self._literate else exposure

    @property
    def _literate(self) -> bool:
        return bool(self.literacy.any())

    def set_parameter(self, name: str, value: float) -> None:
        """Change one model parameter from now on (validated like the constructor's)."""
        self.params = registry.resolve({**dict(self.params.items()), name: value})
        self._params_vector = np.array([float(self.params[k]) for k in mech.PARAM_ORDER])

    def _near(self, flags: NDArray[np.bool_]) -> FloatArray:
        """How many flagged people each person hears, plus one for the flagged themselves."""
        if not flags.any():
            return self._zero
        a = self.adjacency
        return mech.count_near(flags, a.in_indptr, a.in_indices) + flags

    def assign(self, role: str, people: Iterable[int]) -> None:
        """Make ``people`` bridge builders (``role="bridge_builder"``) or key figures
        (``role="key_figure"``) from now on; scenarios and interventions use this.

        A bridge builder stands above the parties: it takes the middle position in public
        (stance 0), does not join a side (commitment 0, resilience 1) and holds its position
        (conviction 1). What happens to it next — trust, blame, scapegoating — follows from
        the mechanisms. A key figure keeps its own state; its effect is on those around it.
        """
        flags = {"bridge_builder": self.bridge, "key_figure": self.key_figure}
        if role not in flags:
            raise ValueError(f"role must be 'bridge_builder' or 'key_figure', got {role!r}")
        idx = np.fromiter((check_int(i, role, low=0, high=self.n - 1) for i in people), int)
        flags[role][idx] = True
        if role == "bridge_builder":
            self.x[idx], self.c[idx], self.r[idx], self.conviction[idx] = 0.0, 0.0, 1.0, 1.0
        if hasattr(self, "roles"):
            self.roles = self._classify()

    def unassign(self, role: str, people: Iterable[int]) -> None:
        """Take the ``role`` (``"bridge_builder"`` or ``"key_figure"``) away from ``people``;
        their state stays as it is."""
        flags = {"bridge_builder": self.bridge, "key_figure": self.key_figure}
        if role not in flags:
            raise ValueError(f"role must be 'bridge_builder' or 'key_figure', got {role!r}")
        idx = np.fromiter((check_int(i, role, low=0, high=self.n - 1) for i in people), int)
        flags[role][idx] = False
        if role == "bridge_builder":
            self.conviction[idx] = 0.0
        self.roles = self._classify()

    def run(self, steps: int) -> None:
        """Run ``steps`` weeks."""
        for _ in range(check_int(steps, "steps", low=0)):
            self.step()

    # -- measures -------------------------------------------------------------------------

    def _classify(self) -> NDArray[np.int8]:
        p = self.params
        self._role_counts = np.zeros(len(roles.ROLE_NAMES), dtype=np.int64)
        return roles.classify(
            self.x, self.c, self.blame, self.bridge,
            join_commitment=p["join_commitment"], join_stance=p["join_stance"],
            push_commitment=p["push_commitment"], push_stance=p["push_stance"],
            scapegoat_threshold=p["scapegoat_threshold"], counts=self._role_counts,
        )  # fmt: skip

    def tolerance_of_middle(self) -> float:
        r"""Commitment-weighted tolerance of the middle, :math:`\sum c_i\tau_i / \sum c_i`:
        how far those who joined in still tolerate the middle position (Brandsma)."""
        weighted, total = _weighted_sum(self.c, self.tau)
        return weighted / total if total > 0 else float(self.tau.mean())

    def _measure(self, *, incidents: int, heard: FloatArray | None = None) -> dict[str, float]:
        shares = roles.role_shares(self.roles, counts=self._role_counts)
        moments = measures.central_moments(self.x)
        bc = measures.bimodality_from_moments(self.n, *moments) if self.n >= 4 else 0.0
        tol = self.tolerance_of_middle()
        temp = phases.temperature(shares["silent"], tol, bc)
        if heard is None:
            echo = measures.neighbour_correlation(self.x, self.adjacency)
        else:
            echo = measures.correlation_with_neighbours(self.x, heard[:, 5], self.degree)
        return {
            "step": self.step_count,
            **shares,
            "key_figure": float(self.key_figure.mean()),
            "tolerance_of_middle": tol,
            "bimodality": bc,
            "spread": moments[0],
            "esteban_ray": measures.esteban_ray(self.x),
            "echo_chamber": echo,
            "incidents": incidents,
            "pressure": float(self.pressure.mean()),
            "commitment": float(self.c.mean()),
            "temperature": temp,
            "phase": int(phases.phase(temp)),
        }

    def _record(self, row: dict[str, float]) -> None:
        self._rows.append(row)
        self.latest = row
        self.datacollector.collect(self)

    @property
    def metrics(self) -> pd.DataFrame:
        """One row per week (week 0 is the initial state), columns :data:`METRIC_COLUMNS`."""
        return pd.DataFrame(self._rows, columns=list(METRIC_COLUMNS))

    @property
    def groups(self) -> NDArray[Any] | None:
        """Each person's group (the network's node attribute ``group``), if it has one."""
        if not isinstance(self.network, nx.Graph):
            return None
        values = [self.network.nodes[i].get("group") for i in range(self.n)]
        return None if all(v is None for v in values) else np.asarray(values, dtype=object)

    @property
    def role_names(self) -> NDArray[np.str_]:
        """Each person's role as a name (``"pusher"``, ``"silent"``, ...)."""
        return np.asarray(roles.ROLE_NAMES)[self.roles]

    def state(self) -> pd.DataFrame:
        """One row per person: stance, commitment, resilience, tolerance, visibility, blame,
        influence, role and the assigned flags."""
        return pd.DataFrame(
            {
                "stance": self.x,
                "commitment": self.c,
                "resilience": self.r,
                "tolerance": self.tau,
                "visibility": getattr(self, "visibility", np.zeros(self.n)),
                "blame": self.blame,
                "influence": self.w,
                "role": self.role_names,
                "bridge_builder": self.bridge,
                "key_figure": self.key_figure,
            }
        )


def _beta(gen: np.random.Generator, mean: float, sd: float, n: int) -> FloatArray:
    """Beta draws with the given mean and standard deviation (degenerate at the bounds)."""
    if mean <= 0.0 or mean >= 1.0 or sd <= 0.0:
        return np.full(n, float(np.clip(mean, 0.0, 1.0)))
    var = min(sd**2, 0.99 * mean * (1 - mean))
    k = mean * (1 - mean) / var - 1
    a, b = mean * k, (1 - mean) * k
    if not (a > 1e-9 and b > 1e-9):  # a mean within rounding of 0 or 1: a point mass
        return np.full(n, float(mean))
    return gen.beta(a, b, size=n)


@njit(cache=True, parallel=True)
def _weighted_sum(weight, value):  # pragma: no cover - compiled
    """(sum of weight * value, sum of weight) in one pass."""
    total = 0.0
    weighted = 0.0
    for i in prange(weight.shape[0]):
        total += weight[i]
        weighted += weight[i] * value[i]
    return weighted, total


def _reporter(name: str) -> Any:
    def report(model: PolarisationModel) -> float:
        return model.latest[name]

    return report
