"""Scheduled external events: shocks that feed polarisation from outside the city.

The Maastricht plan names such shocks: the Zwarte Piet debate, COVID-19 measures, farmers'
protests, anti-government sentiment. A shock adds pressure to the people it reaches for as
long as it lasts; who is reached is drawn once, from the model's random generator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from polsim.validation import Constraint, Interval, check_fields, check_text

__all__ = ["SHOCK_CONSTRAINTS", "Shock"]


#: the constraints of a shock's fields
SHOCK_CONSTRAINTS: dict[str, Constraint] = {
    "start": Interval(int, 0, None),
    "duration": Interval(int, 1, None),
    "strength": Interval(float, 0.0, 1.0),
    "reach": Interval(float, 0.0, 1.0),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Shock:
    """A polarising event from ``start`` for ``duration`` weeks.

    Parameters
    ----------
    start : int >= 0
        First week (model step) of the shock.
    duration : int >= 1
        Number of weeks it lasts.
    strength : float in [0, 1]
        Pressure added to each person it reaches.
    reach : float in [0, 1]
        Share of people it reaches (drawn once, at random).
    name : str
        A label for reports (for example "national debate").
    """

    start: int
    duration: int
    strength: float
    reach: float = 1.0
    name: str = "shock"

    def __post_init__(self) -> None:
        check_fields(self, SHOCK_CONSTRAINTS, "shock")
        check_text(self.name, "shock.name")

    def active(self, step: int) -> bool:
        """Whether the shock is on in week ``step``."""
        return self.start <= step < self.start + self.duration

    def audience(self, n: int, rng: np.random.Generator) -> NDArray[np.bool_]:
        """Draw who the shock reaches."""
        return rng.random(n) < self.reach
