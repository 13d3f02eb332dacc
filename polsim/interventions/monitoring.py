"""Monitoring: the municipality's quick scan of the city, imperfect and late.

The municipality does not see the model's state. Every ``interval`` weeks it runs a quick scan
(the seed: conversations with the key-figure network, professionals and the reports at the
reporting point): it hears a sample of people — how loud us-versus-them talk is among them
(visibility times salience) and which of their ties they avoid — and counts the incidents
reported to it since the last scan. The estimates are noisy, the report arrives ``delay`` weeks
later, and the observed KIS phase follows from the same indicators and thresholds as the
model's own reading (:mod:`polsim.model.phases`). Key figures, trained professionals and a reporting
point improve detection: less noise; key figures and the reporting point also bring the
report a week sooner and carry more of the incidents to the municipality. The observed phase
is what adaptive interventions (``trigger``) react to: the seed's loop of signalling,
experimenting and evaluating.

The quick scan is a reading, not a writer of the city: it reads the policy context's
read-only views and adds each report to the context's monitoring record
(:class:`polsim.model.context.Observations`), where triggered interventions read the observed
phase (``context.observed_phase``; ``model.observed_phase`` shows the same, read-only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from polsim.model import phases
from polsim.validation import Constraint, Interval, check_fields

if TYPE_CHECKING:
    from polsim.model.context import PolicyContext

__all__ = ["DETECTION_WEIGHTS", "QuickScan"]

#: How much a unit of each detection source divides the noise variance by (rationale: a key
#: figure network covering 2% of people halves the noise; training and a reporting point each
#: about as much at their default strength).
DETECTION_WEIGHTS = {"key_figures": 50.0, "training": 1.0, "reporting_point": 1.0}
#: Share of incidents that reach the municipality without a reporting point or key figures,
#: and what each adds (rationale: most incidents go unreported; a reporting point and a
#: key-figure network are the seed's answers to that).
REPORTING = {"base": 0.4, "reporting_point": 0.3, "key_figures": 0.3}
#: share of people who are key figures at which their network passes on all it hears
#: (rationale: one key figure per 50 residents covers every street; fewer pass on in proportion)
KEY_FIGURES_FOR_FULL_REPORTING = 0.02


@dataclass(kw_only=True)
class QuickScan:
    """A periodic, noisy, delayed reading of the KIS phase.

    Parameters
    ----------
    interval : int
        Weeks between scans.
    delay : int
        Weeks before a scan's result is known.
    sample : int
        People heard per scan.
    noise : float
        Relative error (standard deviation) of the estimated talk and avoidance without any
        detection support.
    """

    kind: ClassVar[str] = "monitoring"  # names its settings in error messages

    interval: int = 4
    delay: int = 2
    sample: int = 150
    noise: float = 0.3
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0), init=False)
    pending: list[tuple[int, int, dict[str, float]]] = field(default_factory=list, init=False)
    history: list[dict[str, float]] = field(default_factory=list, init=False)
    reported: int = field(default=0, init=False)
    weeks_counted: int = field(default=0, init=False)

    constraints: ClassVar[dict[str, Constraint]] = {
        "interval": Interval(int, 1, None),
        "delay": Interval(int, 0, None),
        "sample": Interval(int, 4, None),
        "noise": Interval(float, 0.0, 10.0),
    }

    def __post_init__(self) -> None:
        check_fields(self, self.constraints, "monitoring")

    def before_week(self, context: PolicyContext, week: int) -> None:
        """Count last week's reported incidents, scan if it is time, deliver due reports to
        the context's monitoring record."""
        if week > 0:
            incidents = int(context.incidents.sum())
            self.reported += int(self.rng.binomial(incidents, self._share(context)))
            self.weeks_counted += 1
        if week % self.interval == 0:
            self._scan(context, week)
        params = context.params
        while self.pending and self.pending[0][0] <= week:
            due, scanned, estimate = self.pending.pop(0)
            observed = int(
                phases.phase(
                    estimate["us_them_talk"], estimate["avoidance"], estimate["incident_rate"],
                    talk_threshold=params["talk_threshold"],
                    avoidance_threshold=params["avoidance_threshold"],
                    incident_threshold=params["incident_threshold"],
                )
            )  # fmt: skip
            context.monitoring.report(due, observed)
            self.history.append(
                {"week": due, "scanned": scanned, **estimate, "observed_phase": observed}
            )

    def _scan(self, context: PolicyContext, week: int) -> None:
        n = min(self.sample, context.n)
        people = self.rng.choice(context.n, size=n, replace=False)
        error = self.noise / np.sqrt(1.0 + self._support(context))
        talk = float(np.mean(context.visibility[people] * context.salience[people]))
        ties = float(context.degree[people].sum())
        avoid = float(context.avoided_ties[people].sum()) / ties if ties > 0 else 0.0
        noise = 1.0 + error * self.rng.standard_normal(2)
        estimate = {
            "us_them_talk": max(0.0, talk * noise[0]),
            "avoidance": max(0.0, avoid * noise[1]),
            "incident_rate": 1000.0 * self.reported / context.n / max(1, self.weeks_counted),
        }
        self.reported = self.weeks_counted = 0
        detection = context.levers.detection
        faster = int("reporting_point" in detection) + int(context.key_figure.any())
        self.pending.append((week + max(0, self.delay - faster), week, estimate))

    @staticmethod
    def _share(context: PolicyContext) -> float:
        """Share of incidents that reach the municipality."""
        share = REPORTING["base"]
        if "reporting_point" in context.levers.detection:
            share += REPORTING["reporting_point"]
        key_figures = float(context.key_figure.mean())
        reach = min(1.0, key_figures * (1.0 / KEY_FIGURES_FOR_FULL_REPORTING))
        share += REPORTING["key_figures"] * reach
        return min(1.0, share)

    @staticmethod
    def _support(context: PolicyContext) -> float:
        kf = float(context.key_figure.mean()) * DETECTION_WEIGHTS["key_figures"]
        return kf + sum(
            DETECTION_WEIGHTS[k] * v
            for k, v in context.levers.detection.items()
            if k in DETECTION_WEIGHTS
        )
