"""Media as catalyst: mainstream outlets that give the poles the stage.

Brandsma: media accelerate polarisation not from ill will but because showing contrast — *hoor
en wederhoor*, both sides heard — gives the poles and their joiners attention. An outlet covers
a sample of the city each week, gives each voice attention rising steeply with its visibility
(its contrast exponent), and splits its attention equally between the two sides. What its
followers take away is the visible extremity of that coverage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit, prange
from numpy.typing import NDArray

from polsim.measures import pairwise_sum
from polsim.model.mechanisms import _voice

__all__ = ["MediaOutlet", "Readership", "cover_all", "media_exposure"]


@dataclass(slots=True)
class MediaOutlet:
    """One mainstream outlet.

    Attributes
    ----------
    name : str
        Label.
    contrast : float
        Exponent of attention to visibility (:func:`polsim.model.mechanisms.attention`).
    followers : ndarray of bool
        Who follows it.
    restraint : float
        Share of its amplification it holds back (0: none; an intervention can raise it).
    coverage : float
        Visible extremity of last week's coverage.
    """

    name: str
    contrast: float
    followers: NDArray[np.bool_]
    restraint: float = 0.0
    coverage: float = 0.0

    def cover(
        self,
        x: NDArray[np.float64],
        v: NDArray[np.float64],
        w: NDArray[np.float64],
        *,
        floor: float,
        sample: int,
        rng: np.random.Generator,
    ) -> float:
        r"""This week's coverage :math:`E_o = \tfrac12 (E^+_o + E^-_o)`: of ``sample`` voices
        drawn uniformly with replacement from the whole city (the registry's ``media_sample``),
        the exposure of those on each side, both sides heard equally."""
        cover_all([self], x, v, w, floor=floor, sample=sample, rng=rng)
        return self.coverage


def cover_all(
    outlets: list[MediaOutlet],
    x: NDArray[np.float64],
    v: NDArray[np.float64],
    w: NDArray[np.float64],
    *,
    floor: float,
    sample: int,
    rng: np.random.Generator,
) -> None:
    """:meth:`MediaOutlet.cover` of every outlet in turn (the same draws in the same order),
    with their samples drawn first, in one call (numpy's generator gives the same numbers in
    the same order as one call per outlet: tested), and their coverage computed in one
    compiled call."""
    if not outlets:
        return
    who = rng.integers(0, x.size, size=(len(outlets), sample))
    contrast = np.array([o.contrast for o in outlets])
    sides = _sides_all(x, v, w, who, floor, contrast)
    for o, (right, left) in zip(outlets, sides.tolist(), strict=True):
        o.coverage = _coverage(o.restraint, right, left)


def _coverage(restraint: float, right: float, left: float) -> float:
    """An outlet's coverage from the exposure of each side it showed (NaN: a side nobody in
    the sample stood on): their mean, after its restraint. Written out as ``np.mean`` of the
    shown sides computes it, so bit for bit the same."""
    shown = [e for e in (right, left) if e == e]
    return (1.0 - restraint) * ((shown[0] + shown[1]) / 2.0 if len(shown) == 2
                                else shown[0] if shown else 0.0)  # fmt: skip


@njit(cache=True)
def _sides_all(x, v, w, who, floor, contrast):  # pragma: no cover - compiled
    out = np.empty((who.shape[0], 2))
    for k in range(who.shape[0]):
        out[k, 0], out[k, 1] = _sides(x, v, w, who[k], floor, contrast[k])
    return out


@njit(cache=True)
def _sides(x, v, w, who, floor, contrast):  # pragma: no cover - compiled
    # The exposure sum(e) / sum(a) of the sampled voices on each side (channel_exposure), NaN
    # for a side with nobody in the sample; sums in numpy's order, as channel_exposure's.
    m = who.shape[0]
    a = np.empty((2, m))
    e = np.empty((2, m))
    count = np.zeros(2, dtype=np.int64)
    for j in range(m):
        i = who[j]
        side = 0 if x[i] > 0.0 else 1 if x[i] < 0.0 else -1
        if side >= 0:
            a[side, count[side]], e[side, count[side]] = _voice(x[i], v[i], w[i], floor, contrast)
            count[side] += 1
    result = np.full(2, np.nan)
    for side in range(2):
        if count[side] > 0:
            total = pairwise_sum(a[side], 0, count[side])
            result[side] = pairwise_sum(e[side], 0, count[side]) / total if total > 0.0 else 0.0
    return result[0], result[1]


def media_exposure(outlets: list[MediaOutlet], n: int) -> NDArray[np.float64]:
    r"""Each person's media exposure: the mean coverage of the outlets it follows,
    :math:`m_i = \sum_o F_{io} E_o / \max(1, \sum_o F_{io})`."""
    out = np.zeros(n)
    if outlets:
        follows = np.stack([o.followers for o in outlets])
        _mean_followed(follows, np.array([o.coverage for o in outlets]), out)
    return out


class Readership:
    """Which outlets each person follows, kept as one small pattern number per person, so that
    the weekly :func:`media_exposure` is a lookup in a table with one entry per pattern (a few),
    computed with the same sums in the same order, so bit for bit the same.

    Built again whenever an outlet is added or removed or its ``followers`` array replaced;
    changing a ``followers`` array in place is not seen (assign a new array instead).
    """

    def __init__(self) -> None:
        self._key: tuple[int, ...] | None = None
        self._patterns = np.zeros((0, 0), dtype=np.bool_)
        self._person: NDArray[np.integer] = np.zeros(0, dtype=np.intp)

    def exposure(self, outlets: list[MediaOutlet]) -> NDArray[np.float64]:
        """:func:`media_exposure` of ``outlets``, for people indexed as in their followers."""
        key = tuple(id(o.followers) for o in outlets)
        if key != self._key:
            self._patterns, self._person = _patterns(outlets)
            self._key = key
        coverage = np.array([o.coverage for o in outlets])
        return _by_pattern(self._patterns, coverage, self._person)


#: Up to this many outlets a follow pattern is a number of one bit per outlet (one byte per
#: person); with more, the distinct patterns are found by sorting.
PATTERN_BITS = 8


def _patterns(outlets: list[MediaOutlet]) -> tuple[NDArray[np.bool_], NDArray[np.integer]]:
    """The distinct follow patterns (rows: which outlets) and each person's row among them.
    Up to :data:`PATTERN_BITS` outlets in two passes over the people, without sorting: the
    whole Netherlands in well under a second."""
    k = len(outlets)
    if k > PATTERN_BITS:
        follows = np.stack([o.followers for o in outlets], axis=1)
        patterns, person = np.unique(follows, axis=0, return_inverse=True)
        return patterns, person.ravel()
    code = np.zeros(outlets[0].followers.size, dtype=np.uint8)
    for bit, outlet in enumerate(outlets):
        code |= np.asarray(outlet.followers, dtype=np.uint8) << np.uint8(bit)
    present = np.flatnonzero(np.bincount(code, minlength=1 << k))
    row = np.zeros(1 << k, dtype=np.uint8)
    row[present] = np.arange(present.size)
    patterns = ((present[:, None] >> np.arange(k)) & 1).astype(np.bool_)
    return patterns, row[code]


@njit(cache=True)
def _by_pattern(patterns, coverage, person):  # pragma: no cover - compiled
    # the mean coverage of each follow pattern (summed in outlet order, as _mean_followed),
    # then looked up per person
    table = np.empty(patterns.shape[0])
    for k in range(patterns.shape[0]):
        total = 0.0
        count = 0
        for o in range(patterns.shape[1]):
            if patterns[k, o]:
                total += coverage[o]
                count += 1
        table[k] = total / count if count else 0.0
    out = np.empty(person.shape[0])
    for i in range(person.shape[0]):
        out[i] = table[person[i]]
    return out


@njit(cache=True, parallel=True)
def _mean_followed(follows, coverage, out):  # pragma: no cover - compiled
    for i in prange(follows.shape[1]):
        total = 0.0
        count = 0
        for o in range(follows.shape[0]):
            if follows[o, i]:
                total += coverage[o]
                count += 1
        out[i] = total / count if count else 0.0
