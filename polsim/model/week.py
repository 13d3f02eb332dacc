"""One week of the dynamics for one city or for several side by side, as one array program.

A :class:`Cities` holds the per-person state of ``B`` cities of the same size end to end:
city ``b`` is rows ``b·n .. (b+1)·n`` of every array, and its offline network is block ``b`` of
one block-diagonal network. :func:`advance` runs one week (docs/odd.md, section 4, without the
policies, which the caller runs first) for all of them at once: the per-person equations, the
passes over the network, the role classification and the weekly measures are one call each
over all ``B·n`` people; whatever draws random numbers or belongs to one city (its dialogues,
its outlets, its national debates, its incidents, its unfollowing) is done city by city with
that city's own random streams, in the order a single city does it.

A :class:`~polsim.model.polarisation.PolarisationModel` runs its weeks as a ``Cities`` of
one, so a city's week is the same code whether it runs alone or in an ensemble
(:mod:`polsim.model.ensemble`); every per-person result depends only on that person's own
city, and every per-city sum is taken over that city's rows in the order a city alone sums,
so a city's results are bit for bit the same either way (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

from polsim import measures
from polsim.model import mechanisms, registry, roles
from polsim.model.media import cover_all

if TYPE_CHECKING:  # pragma: no cover
    from polsim.model.polarisation import PolarisationModel

__all__ = ["SUMMARY_FIELDS", "Cities", "advance"]

FloatArray = NDArray[np.float64]

#: The per-person arrays a week reads, each the model attribute of that name.
STATE = ("x", "c", "r", "r0", "tau", "tau0", "s", "s0", "blame", "conviction", "w", "degree",
         "tone", "bridge", "above", "key_figure", "follows")  # fmt: skip
#: The columns of :func:`summaries`: per city, the sums its weekly measures are made of.
SUMMARY_FIELDS = ("m2", "m3", "m4", "biggest", "esteban_ray", "echo", "tolerance_weighted",
                  "commitment_total", "tolerance_mean", "salience", "commitment", "pressure",
                  "key_figures", "avoided", "talk")  # fmt: skip
_F = {name: k for k, name in enumerate(SUMMARY_FIELDS)}


class Cities:
    """The state of ``models`` (cities of one size, one parameter set) side by side.

    With one model the arrays are the model's own. With several they are copied end to end
    once, and each model's attributes become views of its rows, so that a policy or a
    researcher reading or changing a model in place reads or changes the shared arrays; an
    attribute replaced by a new array is copied in at the start of the next week.
    """

    def __init__(self, models: Sequence[PolarisationModel]) -> None:
        self.models = list(models)
        first = self.models[0]
        self.n = first.n
        self.count = len(self.models)
        self.size = self.n * self.count
        self.bounds = np.arange(self.count + 1, dtype=np.int64) * self.n
        self._slices = [slice(b * self.n, (b + 1) * self.n) for b in range(self.count)]
        self.arrays: dict[str, NDArray[Any]] = {}
        self.views: dict[str, list[NDArray[Any]]] = {}
        if self.count == 1:
            return
        self.indptr, self.indices = _block_diagonal(self.models)
        self.public = mechanisms.Public.empty(self.size)
        self.heard = np.empty((self.size, len(mechanisms.HEARD_FIELDS)), order="F")
        self.feed = np.empty((self.size, len(mechanisms.FEED_FIELDS)))
        self.weeks = (mechanisms.Week.empty(self.size), mechanisms.Week.empty(self.size))
        for name in STATE:
            self.give(name, np.concatenate([getattr(m, name) for m in self.models]))
        # each model's rows of the week buffers: a model stepped on its own writes into them
        self._week_views = [
            {f: self._split(getattr(w, f)) for f in _WEEK_FIELDS} for w in self.weeks
        ]
        for b, m in enumerate(self.models):
            even, odd = (
                mechanisms.Week(*(views[f][b] for f in _WEEK_FIELDS)) for views in self._week_views
            )
            m._weeks = (even, odd)

    def buffers(self, week: int) -> tuple[Any, Any, Any, mechanisms.Week, Any, Any]:
        """(public, heard, feed, the Week written this week, indptr, indices): the shared
        buffers and network, the model's own for one city."""
        if self.count == 1:
            m = self.models[0]
            adj = m.adjacency
            return (m._public, m._heard_buffer, m._feed_buffer, m._weeks[week % 2],
                    adj.indptr, adj.indices)  # fmt: skip
        return (self.public, self.heard, self.feed, self.weeks[week % 2], self.indptr,
                self.indices)  # fmt: skip

    def _rows(self, b: int) -> slice:
        return self._slices[b]

    def _split(self, a: NDArray[Any]) -> list[NDArray[Any]]:
        return [a[self._rows(b)] for b in range(self.count)]

    def state(self, name: str) -> NDArray[Any]:
        """The shared array of ``name`` (a :data:`STATE` attribute): the model's own for one
        model; for several, after copying in any model's array that is no longer its view."""
        if self.count == 1:
            mine: NDArray[Any] = getattr(self.models[0], name)
            return mine
        shared, views = self.arrays[name], self.views[name]
        for b, m in enumerate(self.models):
            mine = getattr(m, name)
            if mine is not views[b]:
                shared[self._rows(b)] = mine
                setattr(m, name, views[b])
        return shared

    def rows(self, a: NDArray[Any], b: int) -> NDArray[Any]:
        """City ``b``'s rows of a shared array (the array itself for one city)."""
        return a if self.count == 1 else a[self._slices[b]]

    def join(self, parts: list[NDArray[Any]]) -> NDArray[Any]:
        """One array of the cities' per-person arrays (length n each), end to end."""
        return parts[0] if self.count == 1 else np.concatenate(parts)

    def join_inputs(self, parts: list[FloatArray]) -> FloatArray:
        """Like :meth:`join` for inputs given per person (length n) or once for a whole city
        (length 1, :data:`~polsim.model.mechanisms.INPUTS_PER_PERSON_OR_ALL`): one length-1
        array when every city gives the same single value, else per person."""
        if self.count == 1:
            return parts[0]
        if all(p.size == 1 for p in parts) and len({float(p[0]) for p in parts}) == 1:
            return parts[0]
        out = np.empty(self.size)
        for part, rows in zip(parts, self._slices, strict=True):
            out[rows] = part
        return out

    def give(self, name: str, shared: NDArray[Any], week: int | None = None) -> None:
        """Set each model's attribute ``name`` to its rows of ``shared``; ``week``: shared is
        a field of that week's buffer (whose views are kept)."""
        if self.count == 1:
            setattr(self.models[0], name, shared)
            return
        field = _FIELD_OF.get(name)
        if week is not None and field is not None:
            views = self._week_views[week % 2][field]
        else:
            views = self._split(shared)
        for m, view in zip(self.models, views, strict=True):
            setattr(m, name, view)
        if name in STATE:
            self.arrays[name], self.views[name] = shared, views

    def adopt(self, week: int) -> None:
        """After each model ran ``week`` on its own (into its rows of the week buffers): the
        shared arrays are those buffers again."""
        for name, field in _FIELD_OF.items():
            self.give(name, getattr(self.weeks[week % 2], field), week)


_WEEK_FIELDS = ("pressure", "stance", "commitment", "tolerance", "salience", "resilience",
                "blame", "incident_probability")  # fmt: skip
#: the Week field each model attribute is, after a week
_FIELD_OF = {"pressure": "pressure", "x": "stance", "c": "commitment", "tau": "tolerance",
             "s": "salience", "r": "resilience", "blame": "blame"}  # fmt: skip


def _block_diagonal(models: Sequence[PolarisationModel]) -> tuple[NDArray[Any], NDArray[Any]]:
    """The compressed rows of the cities' offline networks as one block-diagonal network."""
    indptr = [np.zeros(1, dtype=np.int64)]
    indices = []
    ties = 0
    for b, m in enumerate(models):
        adj = m.adjacency
        indptr.append(adj.indptr[1:].astype(np.int64) + ties)
        indices.append(adj.indices.astype(np.int64) + b * m.n)
        ties += int(adj.indptr[-1])
    index = np.uint32 if len(models) * models[0].n < 2**31 else np.int64
    return np.concatenate(indptr), np.concatenate(indices).astype(index)


def advance(cities: Cities, week: int) -> None:
    """Week ``week`` of the dynamics for every city (its policies have acted already): each
    model's state attributes are the new week's and its measures are recorded."""
    ms = cities.models
    first = ms[0]
    p = first.params
    state = cities.state
    x, c, tau, s, w = state("x"), state("c"), state("tau"), state("s"), state("w")
    bridge, above = state("bridge"), state("above")
    u, t = mechanisms.latitudes(
        s, acceptance=p["acceptance"], rejection_gap=p["rejection_gap"],
        involvement=p["ego_involvement"],
    )  # fmt: skip
    rows = cities.rows
    dialogues = []
    for b, m in enumerate(ms):
        adj = m.adjacency
        dialogues.append(mechanisms.apply_dialogue(
            rows(x, b), rows(c, b), rows(tau, b), rows(u, b), rows(t, b), rows(w, b),
            np.flatnonzero(rows(bridge, b)), rows(above, b), rows(state("tone"), b),
            adj.indptr, adj.indices, rate=p["dialogue_rate"],
            influence_rate=p["dialogue_influence"], publicity=p["dialogue_publicity"],
            commitment_effect=p["dialogue_commitment"], middle_commitment=p["join_commitment"],
            rng=m.rng,
        ))  # fmt: skip
    on_stage, stage = [], []
    for b, (m, dialogue) in enumerate(zip(ms, dialogues, strict=True)):
        staged = rows(bridge, b) & rows(above, b)
        on_stage.append(np.where(staged, p["bridge_visibility"], 0.0) if staged.any() else m._zero)
        lv = m.levers
        stage.append(lv.stage if dialogue is None else np.maximum(lv.stage, dialogue.stage))
    v = mechanisms.visibility(
        x, c, floor=p["visibility_floor"], on_stage=cities.join(on_stage),
        stage=cities.join(stage),
    )  # fmt: skip
    if any(m.levers.in_use("reach") for m in ms):
        voice = cities.join([rows(w, b) * m.levers.reach if m.levers.in_use("reach")
                             else rows(w, b) for b, m in enumerate(ms)])  # fmt: skip
    else:
        voice = w
    public, heard_out, feed_out, week_out, indptr, indices = cities.buffers(week)
    pub = mechanisms.publish(
        x, c, tau, v, voice, floor=p["visibility_floor"], online_contrast=p["online_contrast"],
        out=public,
    )  # fmt: skip
    heard = mechanisms.gather(indptr, indices, pub, u, t, out=heard_out)
    names = mechanisms.INPUTS_PER_PERSON_OR_ALL
    given: dict[str, list[FloatArray]] = {name: [] for name in names}
    follows = state("follows")
    for b, (m, dialogue) in enumerate(zip(ms, dialogues, strict=True)):
        cover_all(
            m.outlets, rows(x, b), rows(v, b), rows(voice, b), floor=p["visibility_floor"],
            sample=int(p["media_sample"]), rng=m.rng,
        )  # fmt: skip
        for name, value in _inputs(m, week, dialogue, rows(x, b), rows(u, b), rows(t, b)).items():
            given[name].append(value)
        if cities.count > 1:
            part = mechanisms.Public(pub.speech[cities._rows(b)], pub.online[cities._rows(b)])
            mechanisms.feed(rows(follows, b), part, out=feed_out[cities._rows(b)])
    online = mechanisms.feed(follows, pub, out=feed_out) if cities.count == 1 else feed_out
    joined = {name: cities.join_inputs(parts) for name, parts in given.items()}
    inputs = mechanisms.Inputs(
        heard=heard, media=joined["media"], online=online, seen=joined["seen"],
        shock=joined["shock"], trust=joined["trust"], near_incident=joined["near_incident"],
        reframed=joined["reframed"], moralised=joined["moralised"], support=joined["support"],
        dialogue_stance=joined["dialogue_stance"],
        dialogue_commitment=joined["dialogue_commitment"],
    )  # fmt: skip
    people = mechanisms.State(
        x=x, c=c, r=state("r"), r0=state("r0"), tau=tau, tau0=state("tau0"), s=s,
        s0=state("s0"), b=state("blame"), conviction=state("conviction"), v=v,
        degree=state("degree"),
    )  # fmt: skip
    # how loud the identity talk was this week, per city (before the update overwrites s)
    talk = _weighted_sums(cities.bounds, v, s)
    new = mechanisms.update_people(people, inputs, first._params_vector, out=week_out)
    for name, field in _FIELD_OF.items():
        cities.give(name, getattr(new, field), week)
    cities.give("w", mechanisms.influence(new.blame))
    cities.give("visibility", v)
    incidents = cities.join([
        mechanisms.incidents_from(rows(new.incident_probability, b), m.rng)
        for b, m in enumerate(ms)
    ])  # fmt: skip
    cities.give("incidents", incidents)
    for b, m in enumerate(ms):
        mechanisms.rewire_feeds(
            rows(follows, b), rows(new.stance, b), rows(t, b), rate=p["online_rewiring"],
            rng=m.rng, engagement=rows(pub.online[:, 0], b),
        )  # fmt: skip
    push_c, push_x = registry.push_thresholds(p)
    role = roles.classify(
        new.stance, new.commitment, new.blame, state("bridge"),
        join_commitment=p["join_commitment"], join_stance=p["join_stance"],
        push_commitment=push_c, push_stance=push_x,
        scapegoat_threshold=p["scapegoat_threshold"],
        counts=first._role_counts if cities.count == 1 else None,
    )  # fmt: skip
    cities.give("roles", role)
    cities.give("avoided_ties", heard[:, mechanisms.H_AVOIDED])
    sums = summaries(
        cities.bounds, new.stance, new.commitment, new.tolerance, new.salience, new.pressure,
        state("key_figure"), heard[:, mechanisms.H_STANCE], state("degree"),
        heard[:, mechanisms.H_AVOIDED],
    )  # fmt: skip
    counts = (
        first._role_counts[None, :]
        if cities.count == 1
        else _role_counts(cities.bounds, role, len(roles.ROLE_NAMES))
    )
    for b, m in enumerate(ms):
        if cities.count > 1:
            m._role_counts[:] = counts[b]
        sums[b, _F["talk"]] = talk[b, 0]
        m._record(m._week_row(sums[b], int(rows(incidents, b).sum())))


def _inputs(
    m: PolarisationModel,
    week: int,
    dialogue: mechanisms.Dialogue | None,
    x: FloatArray,
    u: FloatArray,
    t: FloatArray,
) -> dict[str, FloatArray]:
    """What reaches one city's people this week from outside their own state, besides what
    they hear and read online: :data:`~polsim.model.mechanisms.INPUTS_PER_PERSON_OR_ALL`."""
    p, lv, nobody = m.params, m.levers, m._nobody
    literate = lv.in_use("literacy")
    seen = 1.0 - lv.literacy if literate else m._everybody
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
    if m.outlets:
        media = m._readership.exposure(m.outlets)
        if literate:
            media = media * seen
    else:
        media = nobody
    adj = m.adjacency
    return {
        "media": media,
        "seen": seen,
        "shock": m._shock(week),
        "trust": mechanisms.trust_near(
            np.flatnonzero(m.key_figure), x, u, t, adj.in_indptr, adj.in_indices
        )
        if m.key_figure.any()
        else nobody,
        "near_incident": m._near_incident(),
        "reframed": lv.reframed if lv.in_use("reframed") else nobody,
        "moralised": moralised,
        "support": (lv.support if lv.in_use("support") else nobody)
        if dialogue is None
        else np.maximum(lv.support, dialogue.support),
        "dialogue_stance": dx,
        "dialogue_commitment": dc,
    }


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
def summaries(bounds, x, c, tau, s, pressure, key_figure, neighbour_stance, degree,
              avoided):  # pragma: no cover - compiled  # fmt: skip
    """Per city (rows ``bounds[b] .. bounds[b+1]``), the sums of :data:`SUMMARY_FIELDS`
    (``talk`` left 0), each taken over the city's rows exactly as over the city alone: the
    blocked sums of :mod:`polsim.measures` from the city's first row, numpy's pairwise sums
    for what a city alone sums with numpy."""
    out = np.zeros((bounds.shape[0] - 1, len(SUMMARY_FIELDS)))
    for b in range(bounds.shape[0] - 1):
        lo, hi = bounds[b], bounds[b + 1]
        n = hi - lo
        m2, m3, m4, big = measures.central_moments_between(x, lo, hi)
        out[b, 0], out[b, 1], out[b, 2], out[b, 3] = m2, m3, m4, big
        out[b, 4] = measures.esteban_ray_binned(x[lo:hi], -1.0, 1.0, 20, 1.0)
        out[b, 5] = measures.neighbour_pearson_between(x, neighbour_stance, degree, lo, hi)
        out[b, 6], out[b, 7] = measures.weighted_sum_between(c, tau, lo, hi)
        out[b, 8] = measures.pairwise_sum(tau, lo, n) / n
        out[b, 9] = measures.pairwise_sum(s, lo, n) / n
        out[b, 10] = measures.pairwise_sum(c, lo, n) / n
        out[b, 11] = measures.pairwise_sum(pressure, lo, n) / n
        figures = 0
        for i in range(lo, hi):
            figures += key_figure[i]
        out[b, 12] = figures
        out[b, 13] = measures.pairwise_sum(avoided, lo, n)
    return out
