"""Scheduled external events: shocks that feed polarisation from outside the city.

The Maastricht plan names such shocks: the Zwarte Piet debate, COVID-19 measures, farmers'
protests, anti-government sentiment. A shock adds pressure to the people it reaches for as
long as it lasts; who is reached is drawn once, from the model's random generator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from polsim.validation import check_int, check_number

__all__ = ["Shock"]


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
        check_int(self.start, "shock start", low=0)
        check_int(self.duration, "shock duration", low=1)
        check_number(self.strength, "shock strength", low=0.0, high=1.0)
        check_number(self.reach, "shock reach", low=0.0, high=1.0)

    def active(self, step: int) -> bool:
        """Whether the shock is on in week ``step``."""
        return self.start <= step < self.start + self.duration

    def audience(self, n: int, rng: np.random.Generator) -> NDArray[np.bool_]:
        """Draw who the shock reaches."""
        return rng.random(n) < self.reach
