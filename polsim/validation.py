"""Argument checks shared by the whole library.

Every check raises a :class:`ValueError` whose message names the parameter and what is
allowed, so that callers (and the command line) can show one clear line.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_generator",
    "check_finite_array",
    "check_int",
    "check_number",
]

RngLike = np.random.Generator | np.random.SeedSequence | int | None


def as_generator(rng: Any, name: str = "rng") -> np.random.Generator:
    """Normalise ``rng`` to a :class:`numpy.random.Generator`.

    Accepts a Generator (used as is, so the caller's stream advances), a SeedSequence, a
    non-negative int seed, or None (fresh operating-system entropy: not reproducible).
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, np.random.SeedSequence):
        return np.random.default_rng(rng)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"{name} must be a non-negative int seed, got {rng}")
        return np.random.default_rng(int(rng))
    raise ValueError(
        f"{name} must be a numpy.random.Generator, a SeedSequence or an int seed, "
        f"got {type(rng).__name__}"
    )


def check_number(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float after checking it is finite and inside the interval."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if isinstance(value, bool) or not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    too_low = low is not None and (v <= low if low_open else v < low)
    too_high = high is not None and (v >= high if high_open else v > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be in {_interval(low, high, low_open, high_open)}, got {v}")
    return v


def check_int(value: Any, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking it is integral and inside ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        raise ValueError(f"{name} must be an integer in {_interval(low, high)}, got {v}")
    return v


def check_finite_array(x: ArrayLike, name: str = "x0") -> NDArray[np.float64]:
    """Return a fresh 1-D float64 copy of ``x`` after checking it is non-empty and finite."""
    try:
        arr = np.array(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a 1-D array of numbers") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must hold at least one opinion, got an empty array")
    if not np.all(np.isfinite(arr)):
        bad = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise ValueError(
            f"{name} must be finite (no NaN or inf); entry {bad} is {arr[bad]}",
        )
    return arr


def _interval(
    low: float | None, high: float | None, low_open: bool = False, high_open: bool = False
) -> str:
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    return f"{left}{lo}, {hi}{right}"
