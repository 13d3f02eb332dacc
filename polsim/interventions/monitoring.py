"""Monitoring: a quick scan of the city's temperature, imperfect and late.

The municipality does not see the model's state. It sees a quick scan: every ``interval``
weeks a sample of people is surveyed (the silent middle share, tolerance of the middle and
bimodality of the sample), the estimate is noisy, and the report arrives ``delay`` weeks
later. Key figures, trained professionals and a reporting point improve detection: less noise
and, for key figures and the reporting point, an earlier report. The observed phase is what
adaptive interventions (``trigger``) react to: the seed's loop of signalling, experimenting and
evaluating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from polsim import metrics, phases
from polsim.interventions.base import _check
from polsim.roles import ROLE_CODES

if TYPE_CHECKING:
    from polsim.model import PolarisationModel

__all__ = ["QuickScan"]

#: How much a unit of each detection source divides the noise variance by (rationale: a key
#: figure network covering 2% of people halves the noise; training and a reporting point each
#: about as much at their default strength).
DETECTION_WEIGHTS = {"key_figures": 50.0, "training": 1.0, "reporting_point": 1.0}


@dataclass(kw_only=True)
class QuickScan:
    """A periodic, noisy, delayed estimate of the KIS phase.

    Parameters
    ----------
    interval : int
        Weeks between scans.
    delay : int
        Weeks before a scan's result is known.
    sample : int
        People surveyed per scan.
    noise : float
        Standard deviation of the error on the estimated temperature without any detection
        support.
    """

    kind: ClassVar[str] = "monitoring"  # names its settings in error messages

    interval: int = 4
    delay: int = 2
    sample: int = 150
    noise: float = 0.08
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0), init=False)
    pending: list[tuple[int, int, float]] = field(default_factory=list, init=False)
    history: list[dict[str, float]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        for name, kind, low, high in (
            ("interval", int, 1, None),
            ("delay", int, 0, None),
            ("sample", int, 4, None),
            ("noise", float, 0.0, 1.0),
        ):
            _check(self, name, kind, low, high)

    def before_week(self, model: PolarisationModel, week: int) -> None:
        """Deliver due reports, then scan if it is a scan week."""
        if not hasattr(model, "observed_phase"):
            model.observed_phase = None
        while self.pending and self.pending[0][0] <= week:
            due, scanned, estimate = self.pending.pop(0)
            model.observed_phase = int(phases.phase(estimate))
            self.history.append(
                {
                    "week": due,
                    "scanned": scanned,
                    "estimate": estimate,
                    "observed_phase": model.observed_phase,
                }
            )
        if week % self.interval:
            return
        support = self._support(model)
        n = min(self.sample, model.n)
        people = self.rng.choice(model.n, size=n, replace=False)
        silent = float(np.mean(model.roles[people] == ROLE_CODES["silent"]))
        c, tau = model.c[people], model.tau[people]
        tolerance = float(np.sum(c * tau) / np.sum(c)) if np.sum(c) > 0 else float(tau.mean())
        bc = metrics.bimodality_coefficient(model.x[people]) if n >= 4 else 0.0
        noise = self.noise / np.sqrt(1.0 + support)
        estimate = phases.temperature(silent, tolerance, bc) + float(self.rng.normal(0, noise))
        faster = int(model.detection.get("reporting_point", 0) > 0) + int(model.key_figure.any())
        self.pending.append((week + max(0, self.delay - faster), week, estimate))

    @staticmethod
    def _support(model: PolarisationModel) -> float:
        kf = float(model.key_figure.mean()) * DETECTION_WEIGHTS["key_figures"]
        return kf + sum(
            DETECTION_WEIGHTS[k] * v for k, v in model.detection.items() if k in DETECTION_WEIGHTS
        )
