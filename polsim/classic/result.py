"""The value every opinion-dynamics kernel returns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["DynamicsResult"]


@dataclass(frozen=True, slots=True)
class DynamicsResult:
    """Outcome of one run of an opinion-dynamics kernel.

    Attributes
    ----------
    x : ndarray of shape (n,)
        Final opinions.
    steps : int
        Synchronous steps taken, or elementary interactions for asynchronous models.
    converged : bool
        Whether the kernel's own stopping criterion (stated in its docstring) was met before
        the step budget ran out.
    trajectory : ndarray of shape (records, n) or None
        Opinions at ``record_steps`` when recording was asked for (``record_every``).
    record_steps : ndarray of int or None
        The step (or interaction) count at which each row of ``trajectory`` was taken; the
        first row is the initial state and the last row the final state.
    """

    x: NDArray[np.float64]
    steps: int
    converged: bool
    trajectory: NDArray[np.float64] | None = None
    record_steps: NDArray[np.int64] | None = field(default=None)
