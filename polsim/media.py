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

from polsim.dynamics.brandsma import attention, channel_exposure

__all__ = ["MediaOutlet", "media_exposure"]


@dataclass(slots=True)
class MediaOutlet:
    """One mainstream outlet.

    Attributes
    ----------
    name : str
        Label.
    contrast : float
        Exponent of attention to visibility (:func:`polsim.dynamics.brandsma.attention`).
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
