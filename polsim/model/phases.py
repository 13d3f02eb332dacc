"""The KIS phase of polarisation, read off what a municipality can observe.

KIS (Kennisplatform Inclusief Samenleven, 2020) describes four phases: 1 *rustfase* (calm,
risk factors present), 2 *ongemak* (unease, misunderstanding, alienation), 3 *onderhuidse
spanningen* (tensions under the surface: irritation, negative images, groups avoid contact),
4 *openlijke incidenten / escalatie* (open incidents). polsim reads the phase the way the
seed's quick scan does — from signals a municipality can observe through key figures,
professionals and its reporting point — and **not** from the quantities the comparison ranks
scenarios by (the silent middle, tolerance of the middle, scapegoats):

- **us-versus-them talk**: how loud identity framing is in public, the mean over people of
  visibility times identity salience, :math:`\\frac1n \\sum_i v_i s_i` (phase 2: unease);
- **avoidance**: the share of ties that are no longer used because the listener finds the
  speaker beyond its latitude of rejection (phase 3: groups avoid contact; a tie to someone
  one rejects is almost always a tie across the divide);
- **incident rate**: open incidents per 1,000 people per week (phase 4).

Each indicator is averaged over the last ``reading_window`` weeks. The phases are cumulative:
phase 3 needs the talk of phase 2 as well as avoidance, phase 4 needs both and incidents. A
city whose indicators fall back returns to a lower phase; the initial pusher fringe alone
cannot raise the talk to the phase-2 threshold (docs/odd.md, section 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["INDICATORS", "phase", "reading"]

#: The indicators of the reading, in the order of the phases they open (2, 3, 4).
INDICATORS = ("us_them_talk", "avoidance", "incident_rate")


def phase(
    talk: float | ArrayLike,
    avoidance: float | ArrayLike,
    incident_rate: float | ArrayLike,
    *,
    talk_threshold: float,
    avoidance_threshold: float,
    incident_threshold: float,
) -> NDArray[np.int64] | int:
    """KIS phase 1-4 from the (window-averaged) indicators, element-wise.

    >>> phase(0.01, 0.5, 3.0, talk_threshold=0.05, avoidance_threshold=0.1,
    ...       incident_threshold=0.2)
    1
    >>> phase(0.08, 0.15, 0.0, talk_threshold=0.05, avoidance_threshold=0.1,
    ...       incident_threshold=0.2)
    3
    """
    unease = np.asarray(talk) >= talk_threshold
    tension = unease & (np.asarray(avoidance) >= avoidance_threshold)
    open_ = tension & (np.asarray(incident_rate) >= incident_threshold)
    p = 1 + unease.astype(np.int64) + tension + open_
    return int(p) if np.ndim(p) == 0 else p


def reading(history: Mapping[str, ArrayLike], params: Mapping[str, Any]) -> int:
    """The phase of the latest week, from the last ``reading_window`` values of each indicator
    in ``history`` (a mapping of :data:`INDICATORS` to sequences, oldest first)."""
    window = int(params["reading_window"])
    means = [_mean(history[k], window) for k in INDICATORS]
    unease = means[0] >= params["talk_threshold"]
    tension = unease and means[1] >= params["avoidance_threshold"]
    open_ = tension and means[2] >= params["incident_threshold"]
    return 1 + int(unease) + int(tension) + int(open_)  # phase(), on three numbers


#: numpy sums up to this many numbers with eight running sums, in one block (below)
_NUMPY_BLOCK = 128


def _mean(values: ArrayLike, window: int) -> float:
    """``np.mean`` of the last ``window`` values, computed as numpy computes it: for up to
    :data:`_NUMPY_BLOCK` Python floats its pairwise sum is one block, done here in plain
    Python (eight running sums from the first eight values, combined pairwise, then the rest
    in order; fewer than eight summed in order), a tenth of the cost of numpy on a short
    list."""
    last = values[-window:] if isinstance(values, list) else None
    if last is None or len(last) > _NUMPY_BLOCK or not last:
        return float(np.mean(np.asarray(values, dtype=np.float64)[-window:]))
    size = len(last)
    if size < 8:
        total = 0.0
        for v in last:
            total += v
        return total / size
    r = [float(v) for v in last[:8]]
    whole = size - size % 8
    for i in range(8, whole, 8):
        for j in range(8):
            r[j] += last[i + j]
    total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for v in last[whole:]:
        total += v
    return total / size
