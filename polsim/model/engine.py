"""The engine: the state of one city or of several side by side, and their weeks as one array
program.

Everything a week reads or writes about people is declared once, in :data:`STATE`: its
name, its type, what it means and, for what the weekly pass rewrites, the field of
:class:`~polsim.model.mechanisms.Week` it comes from. An :class:`Engine` holds ``B`` cities of
the same size end to end — city ``b`` is rows ``b·n .. (b+1)·n`` of every state array and
block ``b`` of one block-diagonal network — together with what belongs to each city alone
(a :class:`City`: its parameters, random streams, network, outlets, levers and national
debates). :meth:`Engine.advance` runs one week (docs/odd.md, section 4, without the policies,
which the caller runs first) for all cities at once: the per-person equations, the passes
over the network, the role classification and the weekly measures are one call each over all
``B·n`` people; whatever draws random numbers or belongs to one city (its dialogues, its
outlets, its national debates, its incidents, its unfollowing) is done city by city with that
city's own streams, in the order a city alone does it.

A :class:`~polsim.model.polarisation.PolarisationModel` is a Mesa layer over one city of an
engine; an :class:`~polsim.model.ensemble.Ensemble` is the same engine with more cities. The
weekly measures of every city come from one function of per-city sums
(:func:`summaries`), for week 0 as for every later week and for one city as for many, so a
city's results are bit for bit the same alone or batched by construction (tested).

Adding a state variable that the weekly pass updates: one :class:`StateField` in
:data:`STATE`; in :mod:`polsim.model.mechanisms` its name in ``WEEK_FIELDS`` with its
``Week`` row and ``W_*`` place, a field of ``State`` and its place in the kernel's unpacking,
and its equation; and its attribute on ``PolarisationModel`` (a test fails until it is there).
Adding a measure: its entry in :data:`SUMMARY_FIELDS` with its place constant, its sum in
:func:`summaries` (with any new per-person array in :data:`SUMMARY_INPUTS` and the kernel's
unpacking), its line in :func:`measures_of` and its name in :data:`MEASURES`. A test checks
that each summary column holds what its name says.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numba
import numpy as np
from numba import njit
from numpy.typing import NDArray

from polsim import measures
from polsim.model import mechanisms, registry, roles
from polsim.model.events import Shock
from polsim.model.levers import Levers
from polsim.model.media import MediaOutlet, Readership, cover_all
from polsim.networks import Adjacency
from polsim.validation import read_only

__all__ = [
    "MEASURES",
    "STATE",
    "SUMMARY_FIELDS",
    "SUMMARY_INPUTS",
    "City",
    "Engine",
    "StateField",
    "threads",
]

FloatArray = NDArray[np.float64]

#: Incidents are counted per this many people: the unit of the parameters ``incident_news``
#: and ``incident_threshold`` and of the ``incident_rate`` measure (KIS reporting per 1,000
#: residents).
PER_PEOPLE = 1000.0
#: A national debate's strength is uniform on [0, SHOCK_SPREAD × ``shock_strength``]: 2, so
#: that ``shock_strength`` is its mean (the registry's meaning of the parameter).
SHOCK_SPREAD = 2.0
#: Fewest people the bimodality coefficient is defined for (its small-sample correction
#: divides by (n - 2)(n - 3)); a smaller city reports 0.
SMALLEST_FOR_BIMODALITY = 4


@dataclass(frozen=True, slots=True)
class StateField:
    """One per-person array of the city's state."""

    #: the array's name (and the model's attribute that shows it)
    name: str
    #: its numpy type
    dtype: Any
    #: what it is
    doc: str
    #: the :class:`~polsim.model.mechanisms.Week` field the weekly pass writes it into, if any
    week: str | None = None
    #: everybody's value in a new city, if the city does not draw it
    initial: float | None = None


#: The city's per-person state, declared once: the engine allocates, joins, splits and
#: hands out exactly these (``follows`` has one column per followed account).
STATE = (
    StateField("x", np.float64, "stance in [-1, 1]", week="stance"),
    StateField("c", np.float64, "commitment in [0, 1]", week="commitment"),
    StateField("r", np.float64, "resilience this week", week="resilience"),
    StateField("r0", np.float64, "baseline resilience"),
    StateField("tau", np.float64, "tolerance of the middle this week", week="tolerance"),
    StateField("tau0", np.float64, "baseline tolerance of the middle"),
    StateField("s", np.float64, "identity salience this week", week="salience"),
    StateField("s0", np.float64, "baseline identity salience"),
    StateField("blame", np.float64, "blame received", week="blame", initial=0.0),
    StateField("w", np.float64, "influence left after blame, 1 / (1 + blame)", initial=1.0),
    StateField("conviction", np.float64, "a pusher's own conviction (0 for everybody else)"),
    StateField(
        "pressure", np.float64, "polarisation pressure felt this week", week="pressure", initial=0.0
    ),
    StateField("visibility", np.float64, "visibility this week"),
    StateField("degree", np.float64, "number of offline ties"),
    StateField("bridge", np.bool_, "assigned bridge builder", initial=False),
    StateField("above", np.bool_, "a bridge builder standing above the parties", initial=False),
    StateField(
        "tone", np.float64, "a bridge builder's tone: 0 moralising, 1 mediating", initial=1.0
    ),
    StateField("key_figure", np.bool_, "assigned key figure", initial=False),
    StateField(
        "roles", np.int8, "role read off the state (polsim.model.roles.ROLE_NAMES)", initial=0
    ),
    StateField("incidents", np.bool_, "an incident at this person this week", initial=False),
    StateField(
        "avoided_ties", np.float64, "ties avoided this week (speaker beyond rejection)", initial=0.0
    ),
    StateField("follows", np.int32, "accounts followed online (n x online_degree)"),
)
_STATE = {f.name: f for f in STATE}
#: The state arrays the weekly pass rewrites, and the Week field each comes from.
_FROM_WEEK_ROW = {f.name: mechanisms.WEEK_FIELDS.index(f.week) for f in STATE if f.week}

#: The columns of :func:`summaries`: per city, the sums its weekly measures are made of.
SUMMARY_FIELDS = ("m2", "m3", "m4", "biggest", "esteban_ray", "echo", "tolerance_weighted",
                  "commitment_total", "tolerance_mean", "salience", "commitment", "pressure",
                  "key_figures", "avoided", "talk")  # fmt: skip
_F = {name: k for k, name in enumerate(SUMMARY_FIELDS)}
# each column's place, by its name (the compiled summaries read these constants)
_M2, _M3, _M4, _BIGGEST = _F["m2"], _F["m3"], _F["m4"], _F["biggest"]
_ESTEBAN_RAY, _ECHO = _F["esteban_ray"], _F["echo"]
_TOLERANCE_WEIGHTED, _COMMITMENT_TOTAL = _F["tolerance_weighted"], _F["commitment_total"]
_TOLERANCE_MEAN, _SALIENCE, _COMMITMENT = _F["tolerance_mean"], _F["salience"], _F["commitment"]
_PRESSURE, _KEY_FIGURES, _AVOIDED = _F["pressure"], _F["key_figures"], _F["avoided"]
#: The per-person arrays :func:`summaries` sums, in the order it takes them.
SUMMARY_INPUTS = ("stance", "commitment", "tolerance", "salience", "pressure", "key_figure",
                  "neighbour_stance", "degree", "avoided")  # fmt: skip
_summary_inputs = operator.itemgetter(*SUMMARY_INPUTS)

#: The weekly measures of a city, in the order of the model's metrics (less ``step`` and
#: ``phase``, which the model adds from its own clock and record).
MEASURES = ("pusher", "joiner", "silent", "bridge_builder", "scapegoat", "key_figure",
            "tolerance_of_middle", "bimodality", "spread", "esteban_ray", "echo_chamber",
            "salience", "commitment", "pressure", "incidents", "us_them_talk", "avoidance",
            "incident_rate")  # fmt: skip


class _Threads:
    __slots__ = ("count", "previous")

    def __init__(self, count: int) -> None:
        self.count = count
        self.previous = count

    def __enter__(self) -> None:
        self.previous = numba.get_num_threads()
        if self.previous != self.count:
            numba.set_num_threads(self.count)

    def __exit__(self, *exc: object) -> None:
        if self.previous != self.count:
            numba.set_num_threads(self.previous)


def threads(count: int) -> contextlib.AbstractContextManager[None]:
    """Run the compiled kernels in the block on ``count`` threads. numba's thread count
    belongs to the calling thread, so two models stepped in two threads (a dashboard server
    and a notebook) do not see each other's count; the caller's count is back afterwards."""
    return _Threads(count)


@dataclass(eq=False)
class City:
    """What belongs to one city alone: everything about it but its people's state arrays."""

    #: the model parameters (validated, :func:`polsim.model.registry.resolve`)
    params: dict[str, Any]
    #: the city's own stream: its dialogues, outlets, incidents and unfollowing
    rng: np.random.Generator
    #: the stream of the random national debates
    national_rng: np.random.Generator
    #: the stream that draws who a shock reaches
    audience_rng: np.random.Generator
    #: the offline network
    adjacency: Adjacency
    #: the mainstream outlets
    outlets: list[MediaOutlet]
    #: the documented ways a policy acts on this city
    levers: Levers
    #: scheduled external events, and who each reaches
    shocks: list[Shock] = field(default_factory=list)
    audiences: list[NDArray[np.bool_]] = field(default_factory=list)
    #: national debates under way: (last week, strength)
    national: list[tuple[int, float]] = field(default_factory=list)
    readership: Readership = field(default_factory=Readership)

    def __post_init__(self) -> None:
        n = self.adjacency.n
        self.record = mechanisms.param_record(self.params)
        self.role_counts = np.zeros(len(roles.ROLE_NAMES), dtype=np.int64)
        self.media_follower = (
            np.any([o.followers for o in self.outlets], axis=0)
            if self.outlets
            else np.zeros(n, dtype=bool)
        )

    def set_params(self, params: dict[str, Any]) -> None:
        """Parameters from now on (validated by the caller)."""
        self.params = params
        self.record = mechanisms.param_record(params)

    def add_shock(self, shock: Shock) -> None:
        """One more scheduled shock, its audience drawn from the city's audience stream."""
        self.shocks.append(shock)
        self.audiences.append(shock.audience(self.adjacency.n, self.audience_rng))

    def shock(self, week: int) -> FloatArray:
        """Pressure from scheduled shocks and from the random national debates this week."""
        p = self.params
        gen = self.national_rng
        if gen.random() < p["shock_rate"]:
            strength = SHOCK_SPREAD * p["shock_strength"] * gen.random()
            self.national.append((week + int(p["shock_duration"]), strength))
        self.national = [(last, k) for last, k in self.national if week < last]
        total = sum(k for _, k in self.national)
        shock: FloatArray = np.array([float(total)]) if total else _NOBODY
        for s, audience in zip(self.shocks, self.audiences, strict=True):
            if s.active(week):
                shock = shock + s.strength * audience
        return shock

    def near_incident(self, incidents: NDArray[np.bool_]) -> FloatArray:
        """Incidents last week at oneself or a neighbour, plus their news for media followers:
        ``incident_news`` per incident per 1,000 people."""
        if not incidents.any():
            return _NOBODY
        a = self.adjacency
        local = mechanisms.count_near(incidents, a.in_indptr, a.in_indices)
        news = self.params["incident_news"] * PER_PEOPLE * incidents.sum() / incidents.size
        return local + news * self.media_follower


def _constant(value: float) -> FloatArray:
    a = np.full(1, value)
    a.flags.writeable = False
    return a


# length-1 stand-ins for an input that is the same for everyone this week
# (mechanisms.INPUTS_PER_PERSON_OR_ALL): no pass over memory for what nobody receives
_NOBODY = _constant(0.0)
_EVERYBODY = _constant(1.0)


class Engine:
    """The state of ``B`` cities of one size side by side, and their weeks.

    Parameters
    ----------
    cities : sequence of City
        What belongs to each city alone.
    state : sequence of mapping
        Each city's per-person arrays, one per :data:`STATE` field (copied in).
    """

    def __init__(self, cities: Sequence[City], state: Sequence[Mapping[str, NDArray[Any]]]):
        self.cities = list(cities)
        self.count = len(self.cities)
        self.n = self.cities[0].adjacency.n
        self.size = self.n * self.count
        self.bounds = np.arange(self.count + 1, dtype=np.int64) * self.n
        self._slices = [slice(b * self.n, (b + 1) * self.n) for b in range(self.count)]
        self._every, self._all = range(self.count), slice(0, self.size)
        for given in state:
            unknown = set(given) - set(_STATE)
            missing = {f.name for f in STATE if f.name not in given and f.initial is None}
            if unknown or missing:
                raise ValueError(
                    f"a city's state holds the fields of STATE, those without an initial value "
                    f"at least; unknown {sorted(unknown)}, missing {sorted(missing)}"
                )
        self.arrays: dict[str, NDArray[Any]] = {
            f.name: np.concatenate([_array(f, s, self.n) for s in state]) if self.count > 1
            else _array(f, state[0], self.n)
            for f in STATE
        }  # fmt: skip
        if self.count == 1:
            adj = self.cities[0].adjacency
            self.indptr, self.indices = adj.indptr, adj.indices
        else:
            self.indptr, self.indices = _block_diagonal([c.adjacency for c in self.cities])
        self.public = mechanisms.Public.empty(self.size)
        # column-major: the measures read single columns, which are then contiguous
        self.heard = np.empty((self.size, len(mechanisms.HEARD_FIELDS)), order="F")
        self.feed = np.empty((self.size, len(mechanisms.FEED_FIELDS)))
        # weeks written in turn: a week reads one while it writes the other
        self.weeks = _week_pair(self.size)
        self._batching = False

    # -- the state, per city ------------------------------------------------------------------

    def rows(self, a: NDArray[Any], b: int) -> NDArray[Any]:
        """City ``b``'s rows of a per-person array of this engine."""
        return a if self.count == 1 else a[self._slices[b]]

    def view(self, name: str, b: int) -> NDArray[Any]:
        """City ``b``'s rows of the state array ``name``, read-only for good (a view of a
        read-only buffer: it cannot be made writeable again). It shows this week's values; the
        weekly pass replaces the array, so take a new view each week."""
        return read_only(self.rows(self.arrays[name], b))

    def write(self, name: str, b: int) -> NDArray[Any]:
        """City ``b``'s rows of the state array ``name``, writable: for the city's own
        layer (assigning roles, replacing follows), never handed to a policy."""
        return self.rows(self.arrays[name], b)

    def state_of(self, b: int) -> dict[str, NDArray[Any]]:
        """A copy of city ``b``'s state arrays."""
        return {f.name: self.rows(self.arrays[f.name], b).copy() for f in STATE}

    @classmethod
    def join(cls, engines: Sequence[Engine]) -> Engine:
        """One engine of the cities of ``engines`` (of one size), their state copied in."""
        cities = [c for e in engines for c in e.cities]
        state = [e.state_of(b) for e in engines for b in range(e.count)]
        return cls(cities, state)

    def detach(self, b: int) -> Engine:
        """An engine of city ``b`` alone, with a copy of its state."""
        return Engine([self.cities[b]], [self.state_of(b)])

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """While in the block, :meth:`step_city` leaves the dynamics to the caller, who
        runs :meth:`advance` for all cities at once when every city's policies have acted."""
        self._batching = True
        try:
            yield
        finally:
            self._batching = False

    @property
    def batching(self) -> bool:
        """Whether the cities' weeks are being run together (see :meth:`batch`)."""
        return self._batching

    # -- the week -----------------------------------------------------------------------------

    def advance(self, week: int) -> list[dict[str, float]]:
        """Week ``week`` of the dynamics for every city (its policies have acted already);
        returns each city's measures (:data:`MEASURES`). Cities whose parameters differ
        (a policy changed one's) run one by one, each exactly as alone."""
        first = self.cities[0].params
        if self.count == 1 or all(c.params == first for c in self.cities[1:]):
            out = _advance(self, self._every, self._all, week)
        else:
            out = []
            for b in range(self.count):
                out.extend(_advance(self, [b], self._slices[b], week))
        # the week's buffers, written by every city, are the state now; the next week writes
        # the other set
        written = self.weeks[week % 2].table
        for name, row in _FROM_WEEK_ROW.items():
            self.arrays[name] = written[row]
        return out

    def first_measures(self) -> list[dict[str, float]]:
        """Each city's measures of week 0 (before any week has run): those of :meth:`advance`,
        from what people would hear of each other now, with no incidents."""
        a = self.arrays
        p = self.cities[0].params
        _, t = mechanisms.latitudes(
            a["s"], acceptance=p["acceptance"], rejection_gap=p["rejection_gap"],
            involvement=p["ego_involvement"],
        )  # fmt: skip
        stance_sum, avoided = _look(self.indptr, self.indices, a["x"], t)
        a["avoided_ties"] = avoided
        talk = _weighted_sums(self.bounds, a["visibility"], a["s"])[:, 0]
        now = {"stance": a["x"], "commitment": a["c"], "tolerance": a["tau"], "salience": a["s"],
               "pressure": a["pressure"]}  # fmt: skip
        return _measures(self, range(self.count), slice(0, self.size), now, stance_sum,
                         avoided, talk, a["incidents"])  # fmt: skip


def _measures(
    engine: Engine,
    which: Sequence[int],
    rows: slice,
    now: Mapping[str, FloatArray],
    stance_sum: FloatArray,
    avoided: FloatArray,
    talk: FloatArray,
    incidents: NDArray[np.bool_],
    counted: bool = False,
) -> list[dict[str, float]]:
    """The measures of the cities ``which`` (people ``rows``) whose state this week is
    ``now`` (stance, commitment, tolerance, salience, pressure): one call of
    :func:`summaries`, then :func:`measures_of` per city. ``counted``: the one city's
    ``role_counts`` are this week's already (the classification counted them)."""
    a = engine.arrays
    bounds = engine.bounds[: len(which) + 1]
    given = {**now, "key_figure": a["key_figure"][rows], "neighbour_stance": stance_sum,
             "degree": a["degree"][rows], "avoided": avoided}  # fmt: skip
    sums = summaries(bounds, _summary_inputs(given))
    counts = None if counted else _role_counts(bounds, a["roles"][rows], len(roles.ROLE_NAMES))
    out = []
    for k, b in enumerate(which):
        city = engine.cities[b]
        if counts is not None:
            city.role_counts[:] = counts[k]
        sums[k, _F["talk"]] = talk[k]
        mine = slice(int(bounds[k]), int(bounds[k + 1]))
        happened = int(np.count_nonzero(incidents[mine]))
        out.append(measures_of(city, sums[k], happened, engine.n))
    return out


def _array(field: StateField, state: Mapping[str, NDArray[Any]], n: int) -> NDArray[Any]:
    """The array of ``field`` for one city of ``n`` people: a copy of the one given, else
    its declared initial value."""
    if field.name in state:
        return np.array(state[field.name], dtype=field.dtype)
    return np.full(n, field.initial, dtype=field.dtype)


def _week_pair(size: int) -> tuple[mechanisms.Week, mechanisms.Week]:
    """Two sets of week buffers, written in turn: a week reads the state in one while it
    writes the next into the other."""
    return mechanisms.Week.empty(size), mechanisms.Week.empty(size)


def measures_of(city: City, sums: FloatArray, incidents: int, n: int) -> dict[str, float]:
    """One city's weekly measures (:data:`MEASURES`) from its sums (:func:`summaries`) and its
    role counts."""
    s = dict(zip(SUMMARY_FIELDS, sums.tolist(), strict=True))  # Python floats, named
    moments = (s["m2"], s["m3"], s["m4"], s["biggest"])
    bc = measures.bimodality_from_moments(n, *moments) if n >= SMALLEST_FOR_BIMODALITY else 0.0
    ties = float(city.adjacency.indices.size)
    weighted, total = s["tolerance_weighted"], s["commitment_total"]
    counts = city.role_counts.tolist()
    return {
        **{name: counts[k] / n for k, name in enumerate(roles.ROLE_NAMES)},
        "key_figure": s["key_figures"] / n,
        "tolerance_of_middle": weighted / total if total > 0 else s["tolerance_mean"],
        "bimodality": bc,
        "spread": moments[0],
        "esteban_ray": s["esteban_ray"],
        "echo_chamber": s["echo"],
        "salience": s["salience"],
        "commitment": s["commitment"],
        "pressure": s["pressure"],
        "incidents": incidents,
        "us_them_talk": s["talk"] / n,
        "avoidance": s["avoided"] / ties if ties > 0 else 0.0,
        "incident_rate": PER_PEOPLE * incidents / n,
    }


def _block_diagonal(networks: Sequence[Adjacency]) -> tuple[NDArray[Any], NDArray[Any]]:
    """The compressed rows of the cities' offline networks as one block-diagonal network."""
    indptr = [np.zeros(1, dtype=np.int64)]
    indices = []
    ties = 0
    for b, adj in enumerate(networks):
        indptr.append(adj.indptr[1:].astype(np.int64) + ties)
        indices.append(adj.indices.astype(np.int64) + b * adj.n)
        ties += int(adj.indptr[-1])
    index = np.uint32 if len(networks) * networks[0].n < 2**31 else np.int64
    return np.concatenate(indptr), np.concatenate(indices).astype(index)


def _join(parts: list[NDArray[Any]]) -> NDArray[Any]:
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _join_inputs(parts: list[FloatArray], n: int) -> FloatArray:
    """Inputs given per person (length n) or once for a whole city (length 1), end to end:
    one length-1 array when every city gives the same single value, else per person."""
    if len(parts) == 1:
        return parts[0]
    if all(p.size == 1 for p in parts) and len({float(p[0]) for p in parts}) == 1:
        return parts[0]
    out = np.empty(n * len(parts))
    for b, part in enumerate(parts):
        out[b * n : (b + 1) * n] = part
    return out


def _advance(
    engine: Engine, which: Sequence[int], rows: slice, week: int
) -> list[dict[str, float]]:
    """One week for the cities ``which``, whose people are ``rows`` of the engine's arrays
    (all cities, or one city alone on its own network)."""
    cities = [engine.cities[b] for b in which]
    n = engine.n
    alone = len(cities) < engine.count
    p = cities[0].params
    A = engine.arrays if not alone else {f.name: engine.arrays[f.name][rows] for f in STATE}
    x, c, tau, s, w = A["x"], A["c"], A["tau"], A["s"], A["w"]
    bridge, above = A["bridge"], A["above"]

    own = [slice(k * n, (k + 1) * n) for k in range(len(cities))]  # each city's rows

    if alone:
        adj = cities[0].adjacency
        indptr, indices = adj.indptr, adj.indices
    else:
        indptr, indices = engine.indptr, engine.indices
    u, t = mechanisms.latitudes(
        s, acceptance=p["acceptance"], rejection_gap=p["rejection_gap"],
        involvement=p["ego_involvement"],
    )  # fmt: skip
    dialogues = []
    for k, city in enumerate(cities):
        adj = city.adjacency
        dialogues.append(mechanisms.apply_dialogue(
            x[own[k]], c[own[k]], tau[own[k]], u[own[k]], t[own[k]], w[own[k]],
            np.flatnonzero(bridge[own[k]]), above[own[k]], A["tone"][own[k]],
            adj.indptr, adj.indices, rate=p["dialogue_rate"],
            influence_rate=p["dialogue_influence"], publicity=p["dialogue_publicity"],
            commitment_effect=p["dialogue_commitment"], middle_commitment=p["join_commitment"],
            rng=city.rng,
        ))  # fmt: skip
    on_stage, stage = [], []
    for k, (city, dialogue) in enumerate(zip(cities, dialogues, strict=True)):
        staged = bridge[own[k]] & above[own[k]]
        on_stage.append(np.where(staged, p["bridge_visibility"], 0.0) if staged.any() else _ZERO)
        lv = city.levers
        stage.append(lv.stage if dialogue is None else np.maximum(lv.stage, dialogue.stage))
    v = mechanisms.visibility(
        x, c, floor=p["visibility_floor"], on_stage=_join_inputs(on_stage, n),
        stage=_join(stage),
    )  # fmt: skip
    if any(city.levers.in_use("reach") for city in cities):
        voice = _join([w[own[k]] * city.levers.reach if city.levers.in_use("reach")
                       else w[own[k]] for k, city in enumerate(cities)])  # fmt: skip
    else:
        voice = w
    buffers = engine.weeks[week % 2]
    week_out = buffers.rows(rows) if alone else buffers
    public = (mechanisms.Public(engine.public.speech[rows], engine.public.online[rows]) if alone
              else engine.public)  # fmt: skip
    pub = mechanisms.publish(
        x, c, tau, v, voice, floor=p["visibility_floor"], online_contrast=p["online_contrast"],
        out=public,
    )  # fmt: skip
    heard = mechanisms.gather(indptr, indices, pub, u, t, out=engine.heard[rows])
    given: dict[str, list[FloatArray]] = {name: [] for name in mechanisms.INPUTS_PER_PERSON_OR_ALL}
    follows = A["follows"]
    online = engine.feed[rows]
    for k, (city, dialogue) in enumerate(zip(cities, dialogues, strict=True)):
        cover_all(
            city.outlets, x[own[k]], v[own[k]], voice[own[k]], floor=p["visibility_floor"],
            sample=int(p["media_sample"]), rng=city.rng,
        )  # fmt: skip
        mine = (x[own[k]], u[own[k]], t[own[k]], A["incidents"][own[k]],
                A["key_figure"][own[k]])  # fmt: skip
        for name, value in _inputs(city, week, dialogue, *mine).items():
            given[name].append(value)
        if len(cities) > 1:
            piece = mechanisms.Public(pub.speech[own[k]], pub.online[own[k]])
            mechanisms.feed(follows[own[k]], piece, out=online[own[k]])
    if len(cities) == 1:
        mechanisms.feed(follows, pub, out=online)
    joined = ({name: parts[0] for name, parts in given.items()} if len(cities) == 1 else
              {name: _join_inputs(parts, n) for name, parts in given.items()})  # fmt: skip
    inputs = mechanisms.Inputs(heard=heard, online=online, **joined)
    people = mechanisms.State(
        **dict(zip(_KERNEL_READS, _kernel_reads(A), strict=True)), visibility=v
    )
    # how loud the identity talk was this week, per city (before the update overwrites s)
    talk = _weighted_sums(engine.bounds[: len(cities) + 1], v, s)[:, 0]
    new = mechanisms.update_people(people, inputs, cities[0].record, out=week_out)
    _store(engine, rows, {"w": mechanisms.influence(new.blame), "visibility": v})
    incidents = _join([
        mechanisms.incidents_from(new.incident_probability[own[k]], city.rng)
        for k, city in enumerate(cities)
    ])  # fmt: skip
    _store(engine, rows, {"incidents": incidents})
    for k, city in enumerate(cities):
        mechanisms.rewire_feeds(
            follows[own[k]], new.stance[own[k]], t[own[k]], rate=p["online_rewiring"],
            rng=city.rng, engagement=pub.online[:, 0][own[k]],
        )  # fmt: skip
    push_c, push_x = registry.push_thresholds(p)
    role = roles.classify(
        new.stance, new.commitment, new.blame, bridge,
        join_commitment=p["join_commitment"], join_stance=p["join_stance"],
        push_commitment=push_c, push_stance=push_x,
        scapegoat_threshold=p["scapegoat_threshold"],
        counts=cities[0].role_counts if len(cities) == 1 else None,
    )  # fmt: skip
    _store(engine, rows, {"roles": role, "avoided_ties": heard[:, mechanisms.H_AVOIDED]})
    table = new.table
    now = {name: table[row] for name, row in _MEASURED_ROWS}
    return _measures(engine, which, rows, now, heard[:, mechanisms.H_STANCE],
                     heard[:, mechanisms.H_AVOIDED], talk, incidents,
                     counted=len(cities) == 1)  # fmt: skip


#: The state arrays the weekly pass reads, by name (visibility: this week's, made above).
_KERNEL_READS = tuple(f.name for f in fields(mechanisms.State) if f.name != "visibility")
_kernel_reads = operator.itemgetter(*_KERNEL_READS)
#: The rows of the new week the measures read.
_MEASURED_ROWS = tuple((name, mechanisms.WEEK_FIELDS.index(name)) for name in
                       ("stance", "commitment", "tolerance", "salience", "pressure"))  # fmt: skip
_ZERO = np.broadcast_to(np.float64(0.0), (1,))


def _store(engine: Engine, rows: slice, values: Mapping[str, NDArray[Any]]) -> None:
    """New arrays (not the week buffers) become the state: for all cities by taking them, for
    one city of several by copying its rows in."""
    whole = rows.start == 0 and rows.stop == engine.size
    for name, value in values.items():
        if whole:
            engine.arrays[name] = value
        else:
            engine.arrays[name][rows] = value


def _inputs(
    city: City,
    week: int,
    dialogue: mechanisms.Dialogue | None,
    x: FloatArray,
    u: FloatArray,
    t: FloatArray,
    incidents: NDArray[np.bool_],
    key_figure: NDArray[np.bool_],
) -> dict[str, FloatArray]:
    """What reaches one city's people this week from outside their own state, besides what
    they hear and read online: :data:`~polsim.model.mechanisms.INPUTS_PER_PERSON_OR_ALL`."""
    p, lv, nobody = city.params, city.levers, _NOBODY
    literate = lv.in_use("literacy")
    seen = 1.0 - lv.literacy if literate else _EVERYBODY
    dx = nobody if dialogue is None else dialogue.stance
    dc = nobody if dialogue is None else dialogue.commitment
    moralised = lv.moralised if lv.in_use("moralised") else nobody
    if dialogue is not None:
        moralised = moralised + dialogue.moralised
    if lv.addressed.any():
        mx, mc = mechanisms.hear_message(
            x, u, t, lv.message, lv.addressed,
            influence_rate=p["dialogue_influence"], commitment_effect=p["dialogue_commitment"],
        )  # fmt: skip
        dx, dc = dx + mx, dc + mc
    if city.outlets:
        media = city.readership.exposure(city.outlets)
        if literate:
            media = media * seen
    else:
        media = nobody
    adj = city.adjacency
    return {
        "media": media,
        "seen": seen,
        "shock": city.shock(week),
        "trust": mechanisms.trust_near(
            np.flatnonzero(key_figure), x, u, t, adj.in_indptr, adj.in_indices
        )
        if key_figure.any()
        else nobody,
        "near_incident": city.near_incident(incidents),
        "reframed": lv.reframed if lv.in_use("reframed") else nobody,
        "moralised": moralised,
        "support": (lv.support if lv.in_use("support") else nobody)
        if dialogue is None
        else np.maximum(lv.support, dialogue.support),
        "dialogue_stance": dx,
        "dialogue_commitment": dc,
    }


@njit(cache=True)
def _look(indptr, indices, x, t):  # pragma: no cover - compiled
    """Per person, the sum of the stances it hears and the ties whose speaker it rejects
    (beyond its latitude of rejection): what :func:`~polsim.model.mechanisms.gather` gives the
    weeks after, for week 0. One compiled pass over the network, with no copy of it."""
    n = x.shape[0]
    total = np.empty(n)
    avoided = np.empty(n)
    for i in range(n):
        heard = 0.0
        far = 0
        for p in range(indptr[i], indptr[i + 1]):
            j = indices[p]
            heard += x[j]
            far += abs(x[j] - x[i]) > t[i]
        total[i] = heard
        avoided[i] = far
    return total, avoided


@njit(cache=True)
def _weighted_sums(bounds, weight, value):  # pragma: no cover - compiled
    out = np.empty((bounds.shape[0] - 1, 2))
    for b in range(bounds.shape[0] - 1):
        out[b, 0], out[b, 1] = measures.weighted_sum_between(weight, value, bounds[b],
                                                             bounds[b + 1])  # fmt: skip
    return out


@njit(cache=True)
def _role_counts(bounds, role, kinds):  # pragma: no cover - compiled
    out = np.zeros((bounds.shape[0] - 1, kinds), dtype=np.int64)
    for b in range(bounds.shape[0] - 1):
        for i in range(bounds[b], bounds[b + 1]):
            out[b, role[i]] += 1
    return out


@njit(cache=True)
def summaries(bounds, arrays):  # pragma: no cover - compiled
    """Per city (rows ``bounds[b] .. bounds[b+1]``), the sums of :data:`SUMMARY_FIELDS`
    (``talk`` left 0) from the per-person ``arrays`` of :data:`SUMMARY_INPUTS`, in that
    order. One city and many go through this same code, so a city's sums do not depend on
    the company it is computed in."""
    x, c, tau, s, pressure, key_figure, neighbour_stance, degree, avoided = arrays
    out = np.zeros((bounds.shape[0] - 1, len(SUMMARY_FIELDS)))
    for b in range(bounds.shape[0] - 1):
        lo, hi = bounds[b], bounds[b + 1]
        n = hi - lo
        m2, m3, m4, big = measures.central_moments_between(x, lo, hi)
        out[b, _M2], out[b, _M3], out[b, _M4], out[b, _BIGGEST] = m2, m3, m4, big
        out[b, _ESTEBAN_RAY] = measures.esteban_ray_binned(x[lo:hi], -1.0, 1.0, 20, 1.0)
        out[b, _ECHO] = measures.neighbour_pearson_between(x, neighbour_stance, degree, lo, hi)
        out[b, _TOLERANCE_WEIGHTED], out[b, _COMMITMENT_TOTAL] = measures.weighted_sum_between(
            c, tau, lo, hi
        )
        out[b, _TOLERANCE_MEAN] = measures.pairwise_sum(tau, lo, n) / n
        out[b, _SALIENCE] = measures.pairwise_sum(s, lo, n) / n
        out[b, _COMMITMENT] = measures.pairwise_sum(c, lo, n) / n
        out[b, _PRESSURE] = measures.pairwise_sum(pressure, lo, n) / n
        figures = 0
        for i in range(lo, hi):
            figures += key_figure[i]
        out[b, _KEY_FIGURES] = figures
        out[b, _AVOIDED] = measures.pairwise_sum(avoided, lo, n)
    return out
