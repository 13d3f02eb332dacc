"""The city's temperature and the KIS phase of polarisation.

KIS (Kennisplatform Integratie & Samenleving, 2020) describes four phases: 1 *rustfase*
(calm, risk factors present), 2 *ongemak* (unease, misunderstanding), 3 *onderhuidse
spanningen* (tensions under the surface, groups avoid each other), 4 *openlijke incidenten /
escalatie*. polsim reads the phase off three measurable quantities of the opinion landscape,
**not** off the incident count, so that "incidents happen in phase 4" is a finding the model
can fail, not a definition:

- engagement: the share of people who have joined in (1 − silent middle share);
- intolerance: 1 − tolerance of the middle (Brandsma: polarisation is measured by how far
  the middle position is still tolerated);
- division: bimodality of stances above the uniform distribution's, rescaled to [0, 1].

The temperature is their mean, and the phase follows from fixed thresholds on it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["PHASE_THRESHOLDS", "division", "phase", "temperature"]

#: Temperature at which phases 2, 3 and 4 begin. Rationale: equal steps over the range a
#: simulated city covers from a unimodal, tolerant start (about 0.05) to two intolerant camps
#: with most people joined in (about 0.8); see docs/odd.md.
PHASE_THRESHOLDS = (0.15, 0.3, 0.45)

#: Sarle's bimodality coefficient of the uniform distribution: the usual bimodality cut-off.
UNIFORM_BIMODALITY = 5.0 / 9.0


def division(bimodality: float) -> float:
    r"""Bimodality above the uniform distribution's, rescaled: :math:`\operatorname{clip}
    ((BC - 5/9) / (1 - 5/9), 0, 1)`."""
    return float(np.clip((bimodality - UNIFORM_BIMODALITY) / (1 - UNIFORM_BIMODALITY), 0, 1))


def temperature(silent_share: float, tolerance_of_middle: float, bimodality: float) -> float:
    r"""City temperature in [0, 1]:
    :math:`\tfrac13\big[(1 - S) + (1 - \bar\tau) + \operatorname{division}(BC)\big]`."""
    return float((1 - silent_share + 1 - tolerance_of_middle + division(bimodality)) / 3)


def phase(temp: float | ArrayLike) -> NDArray[np.int64] | int:
    """KIS phase 1-4 of a temperature (or an array of them)."""
    p = 1 + np.searchsorted(PHASE_THRESHOLDS, np.asarray(temp), side="right")
    return int(p) if np.ndim(p) == 0 else p.astype(np.int64)
