"""Interventions as first-class objects, and the registry scenarios are built from.

An intervention has a start week, an end week or a trigger (the phase the monitoring must
observe before it acts), a coverage (share of people, or units) and a budget, a cost per unit
and week, and a targeting rule. It acts on the model only through the :class:`Policy`
protocol of :mod:`polsim.model` — one call at the start of every week — and through the
model's public state, roles, parameters and outlets. Its randomness comes from its own
generator, so that the model's stream, and with it the pairing of scenarios, is untouched.

Researchers add their own by subclassing :class:`Intervention` and decorating the class with
:func:`register`; a scenario file can then name it by its ``kind``.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from polsim.interventions.targeting import Targeting
from polsim.text import check_lang
from polsim.validation import (
    Constraint,
    Interval,
    check_fields,
    check_keys,
    check_mapping,
    check_options,
)

if TYPE_CHECKING:
    from polsim.model import PolarisationModel

__all__ = ["INTERVENTIONS", "Intervention", "build", "describe", "register"]

#: Every intervention kind a scenario may name.
INTERVENTIONS: dict[str, type[Intervention]] = {}


def register[T: type[Intervention]](cls: T) -> T:
    """Class decorator: make an :class:`Intervention` subclass available to scenarios."""
    kind = getattr(cls, "kind", "")
    if not kind:
        raise ValueError(f"{cls.__name__} needs a class attribute 'kind'")
    if kind in INTERVENTIONS and INTERVENTIONS[kind] is not cls:
        raise ValueError(f"intervention kind {kind!r} is registered already")
    _check_setting_labels(cls)
    INTERVENTIONS[kind] = cls
    return cls


def _check_setting_labels(cls: type[Intervention]) -> None:
    """A class's ``setting_labels`` name its own fields, in every language, with ``{value}``."""
    from polsim.text import LANGUAGES

    names = {f.name for f in dataclasses.fields(cls)}
    for key, words in cls.setting_labels.items():
        where = f"{cls.__name__}.setting_labels[{key!r}]"
        if key not in names:
            raise ValueError(f"{where} names no field of {cls.__name__}")
        if not isinstance(words, Mapping) or set(words) != set(LANGUAGES):
            raise ValueError(f"{where} must give the words in {', '.join(LANGUAGES)}")
        for lang, phrase in words.items():
            if not isinstance(phrase, str) or not ("{value}" in phrase or "{percent}" in phrase):
                raise ValueError(
                    f"{where}[{lang!r}] must be a phrase with {{value}} or {{percent}} in it"
                )


@dataclass(kw_only=True)
class Intervention:
    """Base of all interventions.

    Parameters
    ----------
    start : int
        First week it may act (with a trigger: the earliest week).
    end : int, optional
        Week it stops (exclusive); None runs to the end of the simulation.
    trigger : int, optional
        Adaptive policies: act only once the monitoring has *observed* this KIS phase (1-4).
    coverage : float
        Share of people it reaches, for person-level interventions (see ``units``).
    budget : float, optional
        Total money it may spend; it stops when the next week would overspend.
    cost_per_unit : float
        Cost of one unit (a person reached, a key figure, an outlet, ...) for one week.
    targeting : Targeting
        Who it reaches.
    """

    kind: ClassVar[str] = ""
    #: each field's constraint (:mod:`polsim.validation`); a subclass declares its own fields'
    constraints: ClassVar[dict[str, Constraint]] = {
        "start": Interval(int, 0, None),
        "end": [Interval(int, 1, None), None],
        "trigger": [Interval(int, 1, 4), None],
        "coverage": Interval(float, 0.0, 1.0),
        "budget": [Interval(float, 0.0, None), None],
        "cost_per_unit": Interval(float, 0.0, None),
    }
    #: its name in the municipality's plan (Dutch, as the plan writes it), and labels in
    #: English and Dutch (the built-in kinds take theirs from the text catalogue,
    #: ``intervention.<kind>`` in :mod:`polsim.text`)
    plan_name: ClassVar[str] = ""
    labels: ClassVar[dict[str, str]] = {}
    #: how the council report names a setting of this kind in each language, ``{value}``
    #: standing for its value as a number and ``{percent}`` for it as a percentage:
    #: ``{"share": {"en": "{percent} of the talk", "nl": "{percent} van de gesprekken"}}``
    #: (settings without one: the catalogue's ``setting.<name>``, else the name itself)
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {}
    default_targeting: ClassVar[str] = "random"

    start: int = 0
    end: int | None = None
    trigger: int | None = None
    coverage: float = 0.05
    budget: float | None = None
    cost_per_unit: float = 0.0
    targeting: Targeting = field(default_factory=Targeting)

    # run-time bookkeeping (not configuration)
    active: bool = field(default=False, init=False)
    started_at: int | None = field(default=None, init=False)
    stopped_at: int | None = field(default=None, init=False)
    spent: float = field(default=0.0, init=False)
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0), init=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "seed_name" in vars(cls):  # the name of plan_name until 0.1
            warnings.warn(
                f"{cls.__name__}.seed_name is now plan_name", DeprecationWarning, stacklevel=2
            )
            cls.plan_name = vars(cls)["seed_name"]

    def __post_init__(self) -> None:
        if isinstance(self.targeting, Mapping):
            where = f"{self.kind}.targeting"
            check_mapping(
                self.targeting, where, keys=[f.name for f in dataclasses.fields(Targeting)]
            )
            self.targeting = Targeting(**self.targeting)
        elif not isinstance(self.targeting, Targeting):
            raise ValueError(
                f"{self.kind}.targeting must be a mapping such as {{rule: silent_middle}}, "
                f"got {self.targeting!r}"
            )
        if self.targeting == Targeting() and self.default_targeting != "random":
            self.targeting = Targeting(rule=self.default_targeting)
        check_fields(self, self.all_constraints(), self.kind)
        if self.end is not None and self.end <= self.start:
            raise ValueError(
                f"{self.kind}.end must be a week after start ({self.start}), got {self.end}"
            )

    @classmethod
    def all_constraints(cls) -> dict[str, Constraint]:
        """The declared constraints of every field, this class's and its bases'."""
        merged: dict[str, Constraint] = {}
        for klass in reversed(cls.__mro__):
            merged.update(vars(klass).get("constraints", {}))
        return merged

    @classmethod
    def label(cls, lang: str = "en") -> str:
        """What readers call this kind in ``lang`` (``"en"`` or ``"nl"``): its label, or its
        ``kind`` when it has none."""
        return cls.labels.get(check_lang(lang)) or cls.kind.replace("_", " ")

    @classmethod
    def setting_label(cls, name: str, value: float, lang: str = "en") -> str | None:
        """A setting in words from :attr:`setting_labels`, its value written for ``lang``;
        None when the class gives none."""
        from polsim.text import number, percent

        words = cls.setting_labels.get(name)
        if words is None:
            return None
        phrase = words[check_lang(lang)]
        return phrase.replace("{value}", number(value, lang)).replace(
            "{percent}", percent(value, lang, digits=None)
        )

    # -- the Policy protocol -----------------------------------------------------------------

    def before_week(self, model: PolarisationModel, week: int) -> None:
        """Start, act or stop as the schedule, the trigger and the budget say."""
        if self.stopped_at is not None:
            self.linger(model, week)
            return
        if not self.active:
            if week < self.start or not self._triggered(model):
                return
            self.active, self.started_at = True, week
            self.begin(model)
        ended = self.end is not None and week >= self.end
        cost = self.cost_per_unit * self.units(model)
        if ended or (self.budget is not None and self.spent + cost > self.budget + 1e-9):
            self.active, self.stopped_at = False, week
            self.finish(model)
            return
        self.spent += cost
        self.each_week(model, week)

    def _triggered(self, model: PolarisationModel) -> bool:
        if self.trigger is None:
            return True
        observed = model.observed_phase
        return observed is not None and observed >= self.trigger

    # -- what subclasses fill in ---------------------------------------------------------

    def units(self, model: PolarisationModel) -> int:
        """How many units it pays for this week (default: the people it reaches)."""
        return round(self.coverage * model.n)

    def begin(self, model: PolarisationModel) -> None:
        """Called once, the first week it acts."""

    def each_week(self, model: PolarisationModel, week: int) -> None:
        """Called every week it acts (after begin)."""

    def finish(self, model: PolarisationModel) -> None:
        """Called once, the week it stops."""

    def linger(self, model: PolarisationModel, week: int) -> None:
        """Called every week after it stopped (for effects that fade)."""


def build(config: Mapping[str, Any], where: str = "intervention") -> Intervention:
    """An intervention from a mapping such as one entry of a scenario file.

    ``config["type"]`` names a registered kind; every other key must be a field of that kind.
    Only registered classes are ever instantiated: nothing in a file can name code to run.
    """
    if not isinstance(config, Mapping):
        raise ValueError(f"{where} must be a mapping with a 'type' key, got {config!r}")
    check_mapping(config, where)
    kind = check_options(config.get("type"), f"{where}.type", sorted(INTERVENTIONS))
    cls = INTERVENTIONS[kind]
    allowed = {f.name for f in dataclasses.fields(cls) if f.init}
    check_keys((k for k in config if k != "type"), allowed, f"{where} ({kind})")
    kwargs = {k: v for k, v in config.items() if k != "type"}
    try:
        return cls(**kwargs)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    except TypeError as exc:
        raise ValueError(f"{where}: {exc}") from None


def describe() -> list[dict[str, Any]]:
    """Every registered kind with its name in the plan, labels, fields and defaults (for
    ``polsim list``)."""
    rows = []
    for kind, cls in sorted(INTERVENTIONS.items()):
        fields = {
            f.name: (f.default if f.default is not dataclasses.MISSING else "(Targeting)")
            for f in dataclasses.fields(cls)
            if f.init
        }
        rows.append(
            {
                "kind": kind,
                "plan_name": cls.plan_name,
                "labels": cls.labels,
                "doc": " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split()),
                "fields": fields,
            }
        )
    return rows
