"""The one validation API of the library: declared constraints and the checks that apply them.

A constraint is declared once, next to what it constrains (in the style of scikit-learn's
``_parameter_constraints``): :class:`Interval` for numbers, :class:`Options` for a choice
among named values, ``None`` to allow "not given". :func:`check` applies one and returns the
value converted; :func:`check_fields` applies a declaration to a dataclass or a mapping. The
model parameters' registry (:mod:`polsim.model.registry`), the interventions, the monitoring,
scenarios and the command line's configuration all use these. Every check raises a
:class:`ValueError` with one line that names the key and says what is allowed.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DEFAULT_SEED",
    "Constraint",
    "Interval",
    "Options",
    "as_generator",
    "check",
    "check_fields",
    "check_finite_array",
    "check_int",
    "check_keys",
    "check_mapping",
    "check_number",
    "check_options",
    "check_text",
    "read_only",
]

RngLike = np.random.Generator | np.random.SeedSequence | int | None


@dataclass(frozen=True, slots=True)
class Interval:
    """A number of ``kind`` (``int``: a whole number; ``float``) in ``[low, high]``; ``None``
    for an open end; ``low_open``/``high_open`` exclude the end itself.

    >>> check(3.0, Interval(int, 1, None), "weeks")
    3
    >>> check(1.5, Interval(float, 0, 1), "coverage")
    Traceback (most recent call last):
    ...
    ValueError: coverage must be a number in [0, 1], got 1.5
    """

    kind: type
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def describe(self) -> str:
        """What is allowed, in words (``a whole number in [1, inf)``)."""
        word = "a whole number" if self.kind is int else "a number"
        return f"{word} in {_interval(self.low, self.high, self.low_open, self.high_open)}"

    def convert(self, value: Any, name: str) -> int | float:
        """``value`` as ``kind``, or a ValueError naming ``name``."""
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError(f"{name} must be {self.describe()}, got {value!r}")
        v = float(value)
        if not math.isfinite(v) or (self.kind is int and not v.is_integer()):
            raise ValueError(f"{name} must be {self.describe()}, got {value!r}")
        too_low = self.low is not None and (v <= self.low if self.low_open else v < self.low)
        too_high = self.high is not None and (v >= self.high if self.high_open else v > self.high)
        if too_low or too_high:
            raise ValueError(f"{name} must be {self.describe()}, got {value!r}")
        return int(value) if self.kind is int else v


@dataclass(frozen=True, slots=True)
class Options:
    """One of a fixed set of named values (kept in the order given, for messages).

    >>> check("nl", Options(("en", "nl")), "lang")
    'nl'
    """

    allowed: tuple[Any, ...]

    def describe(self) -> str:
        """What is allowed, in words (``one of en, nl``)."""
        return "one of " + ", ".join(map(str, self.allowed))

    def convert(self, value: Any, name: str) -> Any:
        """``value`` if it is allowed, or a ValueError naming ``name``."""
        try:
            ok = value in self.allowed
        except TypeError:  # unhashable
            ok = False
        if not ok or isinstance(value, bool) != any(isinstance(a, bool) for a in self.allowed):
            raise ValueError(f"{name} must be {self.describe()}; got {value!r}")
        return value


#: A declared constraint: an :class:`Interval`, :class:`Options`, or a list of them where
#: ``None`` in the list allows "not given".
Constraint = Interval | Options | list[Interval | Options | None]


def check(value: Any, constraint: Constraint, name: str) -> Any:
    """Apply ``constraint`` to ``value`` and return it converted; a ValueError names ``name``
    and says what is allowed."""
    if isinstance(constraint, list):
        if value is None and None in constraint:
            return None
        rules = [c for c in constraint if c is not None]
        for rule in rules:
            try:
                return rule.convert(value, name)
            except ValueError:
                continue
        allowed = " or ".join(r.describe() for r in rules)
        allowed += " (or null)" if None in constraint else ""
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return constraint.convert(value, name)


def check_fields(target: Any, constraints: Mapping[str, Constraint], where: str) -> dict[str, Any]:
    """Check the fields ``constraints`` declares, of a mapping or an object's attributes; an
    object's attributes are set to the converted values. Errors name ``<where>.<field>``.
    Returns the converted values."""
    out = {}
    for name, constraint in constraints.items():
        value = target.get(name) if isinstance(target, Mapping) else getattr(target, name)
        out[name] = check(value, constraint, f"{where}.{name}" if where else name)
        if not isinstance(target, Mapping):
            object.__setattr__(target, name, out[name])
    return out


def check_text(value: Any, name: str) -> str:
    """A non-empty text."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty text, got {value!r}")
    return value


def check_options(value: Any, name: str, allowed: Iterable[Any]) -> Any:
    """One of ``allowed``."""
    return Options(tuple(allowed)).convert(value, name)


def check_mapping(value: Any, name: str, *, keys: Iterable[str] | None = None) -> dict[str, Any]:
    """A mapping with text keys (and, if ``keys`` is given, only those: see
    :func:`check_keys`)."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise ValueError(f"{name} must be a mapping of names to values, got {value!r}")
    if keys is not None:
        check_keys(value, keys, name)
    return dict(value)


def check_keys(
    mapping: Iterable[Any],
    allowed: Iterable[str],
    where: str,
    *,
    what: str = "key",
    list_allowed: bool = True,
) -> None:
    """Every key of ``mapping`` is one of ``allowed``; else one line naming the first unknown
    key, the closest allowed names and (``list_allowed``) all of them.

    >>> check_keys({"degre": 4}, ["degree", "rewire"], "network")
    Traceback (most recent call last):
    ...
    ValueError: network: unknown key 'degre' (did you mean degree?); allowed: degree, rewire
    """
    known = sorted(allowed)
    for key in mapping:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            listed = f"; allowed: {', '.join(known)}" if list_allowed else ""
            raise ValueError(f"{where}: unknown {what} {key!r}{hint}{listed}")


#: The seed of every command and function that takes one, when none is given: the same
#: default everywhere, so that ``polsim compare`` and ``polsim.compare()`` run the same cities.
DEFAULT_SEED = 2026


def read_only(array: NDArray[Any]) -> NDArray[Any]:
    """``array``'s values through a read-only buffer, with no copy of a contiguous array: numpy
    refuses a write to it, and refuses to make it writeable again (a plain view with its
    ``writeable`` flag cleared can be switched back by anyone)."""
    a = np.ascontiguousarray(array)
    return np.frombuffer(memoryview(a).toreadonly(), dtype=a.dtype).reshape(a.shape)


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
    return float(Interval(float, low, high, low_open, high_open).convert(value, name))


def check_int(value: Any, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking it is a whole number in ``[low, high]``."""
    return int(Interval(int, low, high).convert(value, name))


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
    lo = "-inf" if low is None else _number(low)
    hi = "inf" if high is None else _number(high)
    return f"{left}{lo}, {hi}{right}"


def _number(x: float) -> str:
    """A bound as people write it: whole numbers in full (100000000), others as short as
    exact enough (0.25)."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:g}"
