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

from polsim.model.mechanisms import attention, channel_exposure

__all__ = ["MediaOutlet", "Readership", "media_exposure"]


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
        who = rng.integers(0, x.size, size=sample)  # with replacement: O(sample)
        a, e = attention(x[who], v[who], w[who], floor=floor, contrast=self.contrast)
        sides = [x[who] > 0, x[who] < 0]
        shown = [channel_exposure(a[s], e[s]) for s in sides if s.any()]
        self.coverage = (1.0 - self.restraint) * (float(np.mean(shown)) if shown else 0.0)
        return self.coverage


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
        self._person = np.zeros(0, dtype=np.intp)

    def exposure(self, outlets: list[MediaOutlet]) -> NDArray[np.float64]:
        """:func:`media_exposure` of ``outlets``, for people indexed as in their followers."""
        key = tuple(id(o.followers) for o in outlets)
        if key != self._key:
            follows = np.stack([o.followers for o in outlets], axis=1)
            self._patterns, self._person = np.unique(follows, axis=0, return_inverse=True)
            self._person = self._person.ravel()
            self._key = key
        coverage = [o.coverage for o in outlets]
        table = np.empty(len(self._patterns))
        for k, pattern in enumerate(self._patterns):
            total, count = 0.0, 0
            for o in np.flatnonzero(pattern):
                total += coverage[o]
                count += 1
            table[k] = total / count if count else 0.0
        return table[self._person]


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
