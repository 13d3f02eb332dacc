"""The model–policy contract: the documented ways a policy may act on a city.

An intervention never writes a person's stance, commitment, resilience, tolerance, salience
or conviction. It changes what people meet, hear, trust or can do, through the levers below,
and the mechanisms (:mod:`polsim.model.mechanisms`) decide what follows. Every lever is an
input array or setting that the model reads each week; it stays as set until a policy changes
it again. A policy reaches them, and everything else it may do, through the policy context it
is handed each week (:class:`polsim.model.context.PolicyContext`): beside the levers,
``assign`` and ``unassign`` (bridge builders, key figures), ``restrain_outlets`` (the outlets'
restraint), ``set_parameter`` for the parameters the registry tags as levers, and the online
follow lists through ``replace_follows``.

=================  =========================================  ===============================
lever              what it changes                            mechanism that reads it
=================  =========================================  ===============================
``support``        programme support a person receives        resilience (:func:`resilience_update`)
``reframed``       share of talk turned to concerns           salience (:func:`salience_update`)
``moralised``      moralising contacts from a programme       salience
``message``        the stance of a message addressed to one   stance, commitment
``addressed``      how fully one is reached by it             (:func:`hear_message`)
``stage``          public attention a programme gives one     visibility (:func:`visibility`)
``reach``          how far a person's voice carries           attention (:func:`attention`)
``literacy``       share of media/online exposure seen        pressure (media and online terms)
                   through
``detection``      support of the quick scan                  monitoring
=================  =========================================  ===============================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from polsim.validation import check_number, read_only

__all__ = ["POSITIONS", "TONES", "Levers", "tone_value"]

FloatArray = NDArray[np.float64]

#: The tones a bridge builder or programme can take (Brandsma's fourth game changer), as
#: numbers from 0 (moralising) to 1 (mediating).
TONES = {"moralising": 0.0, "mediating": 1.0}
#: The positions a bridge builder can take (Brandsma's third game changer).
POSITIONS = ("above", "middle")


def tone_value(tone: str | float, name: str = "tone") -> float:
    """A tone as a number in [0, 1] (0 moralising, 1 mediating), or a one-line ValueError."""
    allowed = f"{name} must be one of {', '.join(TONES)} or a number in [0, 1]"
    if isinstance(tone, str):
        if tone not in TONES:
            raise ValueError(f"{allowed}; got {tone!r}")
        return TONES[tone]
    if isinstance(tone, bool) or not isinstance(tone, (int, float)) or not 0 <= tone <= 1:
        raise ValueError(f"{allowed}; got {tone!r}")
    return float(tone)


def _level(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")
    return float(value)


#: Each lever's value for a person nobody has reached: the value of an unused lever.
_NEUTRAL = {"support": 0.0, "reframed": 0.0, "moralised": 0.0, "reach": 1.0, "literacy": 0.0,
           "message": 0.0, "addressed": 0.0, "stage": 0.0}  # fmt: skip


@dataclass(slots=True)
class Levers:
    """The levers of one city of ``n`` people (see the module docstring).

    Each lever reads as a read-only array of length ``n``. A lever nobody has pulled holds no
    memory: it reads as its neutral value repeated (a zero-stride view), and an array of its
    own is made when a policy first sets it for somebody (and dropped when every person is
    back at the neutral value).
    """

    n: int
    detection: dict[str, float] = field(default_factory=dict, init=False)
    _used: dict[str, bool] = field(default_factory=dict, init=False)
    _set: dict[str, FloatArray] = field(default_factory=dict, init=False, repr=False)

    def _lever(self, name: str) -> FloatArray:
        arr = self._set.get(name)
        if arr is None:  # read-only, like a set lever
            return np.broadcast_to(np.float64(_NEUTRAL[name]), (self.n,))
        return arr

    @property
    def support(self) -> FloatArray:
        """Programme support each person receives (0-1)."""
        return self._lever("support")

    @property
    def reframed(self) -> FloatArray:
        """Share of the talk each person hears that is turned to the concerns underneath."""
        return self._lever("reframed")

    @property
    def moralised(self) -> FloatArray:
        """Weight of the moralising contacts each person meets."""
        return self._lever("moralised")

    @property
    def reach(self) -> FloatArray:
        """How far each person's voice carries (1: fully)."""
        return self._lever("reach")

    @property
    def literacy(self) -> FloatArray:
        """Share of media and online exposure each person sees through."""
        return self._lever("literacy")

    @property
    def message(self) -> FloatArray:
        """The stance of the message addressed to each person."""
        return self._lever("message")

    @property
    def addressed(self) -> FloatArray:
        """How fully each person is reached by the message addressed to it."""
        return self._lever("addressed")

    @property
    def stage(self) -> FloatArray:
        """Public attention a programme gives each person."""
        return self._lever("stage")

    def _people(self, people: Iterable[int] | NDArray[np.integer]) -> NDArray[np.int64]:
        idx = np.asarray(list(people) if not isinstance(people, np.ndarray) else people)
        if idx.size == 0:
            return np.empty(0, dtype=np.int64)
        if idx.dtype.kind not in "iu" or idx.min() < 0 or idx.max() >= self.n:
            raise ValueError(f"people must be indices in [0, {self.n - 1}]")
        return idx.astype(np.int64)

    def _write(self, name: str, people: Iterable[int], value: float) -> None:
        arr = self._lever(name).copy()
        arr[self._people(people)] = value
        arr = read_only(arr)
        used = bool((arr != 1.0).any() if name == "reach" else arr.any())
        if used:
            self._set[name] = arr
        else:  # everybody neutral again: the memory is given back
            self._set.pop(name, None)
        self._used[name] = used

    def in_use(self, name: str) -> bool:
        """Whether lever ``name`` differs from its neutral value for anybody (so the model can
        skip work for levers nobody pulls)."""
        return self._used.get(name, False)

    def give_support(self, people: Iterable[int], level: float = 1.0) -> None:
        """People receive programme support at ``level`` (0-1) each week from now on."""
        self._write("support", people, _level(level, "support level"))

    def withdraw_support(self, people: Iterable[int]) -> None:
        """People no longer receive programme support."""
        self._write("support", people, 0.0)

    def reframe(self, people: Iterable[int], share: float) -> None:
        """A share of the us-versus-them talk these people hear is turned to the concerns
        underneath (Brandsma's game changer 2, *change the topic*); 0 ends it."""
        self._write("reframed", people, _level(share, "reframing share"))

    def moralise(self, people: Iterable[int], weight: float) -> None:
        """These people meet a programme in a moralising tone each week, with ``weight``
        (1 - tone); 0 ends it."""
        self._write("moralised", people, _level(weight, "moralising weight"))

    def address(self, people: Iterable[int], stance: float, weight: float = 1.0) -> None:
        """Address a message taking ``stance`` (-1 to 1; 0 is the middle) to these people each
        week, reaching them with ``weight`` (0 ends it)."""
        if (
            isinstance(stance, bool)
            or not isinstance(stance, (int, float))
            or not -1 <= stance <= 1
        ):
            raise ValueError(f"message stance must be a number in [-1, 1], got {stance!r}")
        self._write("message", people, float(stance))
        self._write("addressed", people, _level(weight, "message weight"))

    def give_stage(self, people: Iterable[int], level: float) -> None:
        """These people get public attention ``level`` (added to their visibility) each week:
        a programme that addresses them in public puts them on stage (0 ends it)."""
        self._write("stage", people, _level(level, "stage level"))

    def limit_reach(self, people: Iterable[int], share: float) -> None:
        """Narrow how far these people's voices carry by ``share`` (0 restores full reach):
        fewer platforms, contacts and stages (the person-centred approach)."""
        self._write("reach", people, 1.0 - _level(share, "reach limit"))

    def teach_literacy(self, people: Iterable[int], level: float) -> None:
        """These people see through ``level`` of what media and feeds amplify (0 ends it)."""
        self._write("literacy", people, _level(level, "literacy level"))

    def set_detection(self, source: str, strength: float | None) -> None:
        """Support the quick scan gets from ``source`` (None removes it)."""
        if strength is None:
            self.detection.pop(source, None)
        else:
            self.detection[source] = check_number(strength, "strength", low=0.0)
