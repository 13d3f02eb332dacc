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

import math
from collections.abc import Mapping, Sequence
from typing import Any, cast

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
    if all(isinstance(v, (int, float)) for v in (talk, avoidance, incident_rate)):
        # three numbers (the model's weekly reading): the same rule without numpy's overhead
        t, a, i = (cast(float, v) for v in (talk, avoidance, incident_rate))
        return int(_cumulative(t >= talk_threshold, a >= avoidance_threshold,
                               i >= incident_threshold))  # fmt: skip
    unease = np.asarray(talk) >= talk_threshold
    p = _cumulative(unease.astype(np.int64), np.asarray(avoidance) >= avoidance_threshold,
                    np.asarray(incident_rate) >= incident_threshold)  # fmt: skip
    return int(p) if np.ndim(p) == 0 else p


def _cumulative(unease: Any, avoided: Any, incidents: Any) -> Any:
    """The KIS rule, written once: the phases are cumulative (phase 3 needs the unease of
    phase 2 as well as avoidance, phase 4 both and incidents). Element-wise for arrays; for
    three truth values a whole number."""
    tension = unease & avoided
    open_ = tension & incidents
    return 1 + unease + tension + open_


def reading(
    history: Mapping[str, Sequence[float] | NDArray[np.float64]], params: Mapping[str, Any]
) -> int:
    """The phase of the latest week: :func:`phase` of the mean of the last
    ``reading_window`` values of each indicator in ``history`` (a mapping of
    :data:`INDICATORS` to sequences, oldest first), at the thresholds of ``params``."""
    window = int(params["reading_window"])
    talk, avoidance, incidents = (_window_mean(history[k], window) for k in INDICATORS)
    return int(_cumulative(talk >= params["talk_threshold"],
                           avoidance >= params["avoidance_threshold"],
                           incidents >= params["incident_threshold"]))  # fmt: skip


def _window_mean(values: Sequence[float] | NDArray[np.float64], window: int) -> float:
    """The mean of the last ``window`` values (correctly rounded: :func:`math.fsum`)."""
    last = values[-window:]
    return math.fsum(last) / len(last)
