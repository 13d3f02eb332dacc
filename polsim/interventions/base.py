"""Interventions as first-class objects, and the registry scenarios are built from.

An intervention has a start week, an end week or a trigger (the phase the monitoring must
observe before it acts), a coverage (share of people, or units) and a budget, a cost per unit
and week, and a targeting rule. The model calls it once at the start of every week with its
:class:`~polsim.model.context.PolicyContext`, never with itself: the intervention changes
what people meet, hear, trust or can do through the context's levers, assignments, outlets'
restraint, follow lists and lever parameters, and reads the state only through read-only
views. Its randomness comes from its own generator, so that the model's stream, and with it
the pairing of scenarios, is untouched.

An intervention also owns its facts, which the council report, the dashboard and the EMA
adapter read from the class rather than keeping tables of their own: what it pays for
(:attr:`Intervention.unit`, :meth:`Intervention.units`), whom it reaches in words
(:attr:`Intervention.reach_labels`, :meth:`Intervention.reach`), its cost sentence
(:meth:`Intervention.cost_sentence`), and the one number a slider or a lever sets
(:attr:`Intervention.control`, :attr:`Intervention.lever`).

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
    from polsim.model.context import PolicyContext, Sized

__all__ = ["INTERVENTIONS", "Control", "Intervention", "build", "describe", "register"]

#: Every intervention kind a scenario may name.
INTERVENTIONS: dict[str, type[Intervention]] = {}


@dataclass(frozen=True, slots=True)
class Control:
    """The one number of an intervention kind that a slider or a lever sets: its ``field``,
    the range ``low`` to ``high``, a slider's ``step`` and the value it starts at
    (``start``)."""

    field: str
    low: float
    high: float
    step: float
    start: float

    def __post_init__(self) -> None:
        if not (self.low <= self.start <= self.high) or self.step <= 0:
            raise ValueError(
                f"control of {self.field!r}: need low <= start <= high and a positive step, "
                f"got {self.low}, {self.start}, {self.high} (step {self.step})"
            )


def register[T: type[Intervention]](cls: T) -> T:
    """Class decorator: make an :class:`Intervention` subclass available to scenarios."""
    kind = getattr(cls, "kind", "")
    if not kind:
        raise ValueError(f"{cls.__name__} needs a class attribute 'kind'")
    if kind in INTERVENTIONS and INTERVENTIONS[kind] is not cls:
        raise ValueError(f"intervention kind {kind!r} is registered already")
    _check_setting_labels(cls)
    _check_facts(cls)
    INTERVENTIONS[kind] = cls
    return cls


def _check_facts(cls: type[Intervention]) -> None:
    """A class's unit, reach words and controls are in every language and name its fields."""
    from polsim.text import CATALOGUE, LANGUAGES

    name = cls.__name__
    if isinstance(cls.unit, str):
        if f"report.unit.{cls.unit}" not in CATALOGUE:
            raise ValueError(
                f"{name}.unit must be a unit the catalogue knows (report.unit.*) or its words "
                f"in {', '.join(LANGUAGES)}; got {cls.unit!r}"
            )
    elif not isinstance(cls.unit, Mapping) or set(cls.unit) != set(LANGUAGES):
        raise ValueError(f"{name}.unit must give the words in {', '.join(LANGUAGES)}")
    if cls.reach_labels and set(cls.reach_labels) != set(LANGUAGES):
        raise ValueError(f"{name}.reach_labels must give the words in {', '.join(LANGUAGES)}")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    for what in ("control", "lever"):
        control = getattr(cls, what)
        if control is not None and control.field not in fields:
            raise ValueError(f"{name}.{what} names no field of {name}: {control.field!r}")
    for setting in cls.reach_settings:
        if setting not in fields:
            raise ValueError(f"{name}.reach_settings names no field of {name}: {setting!r}")


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
    #: what it pays for, one unit a week: a unit the text catalogue knows
    #: (``report.unit.<unit>``: ``"person"``, ``"outlet"``, ...) or its own words,
    #: ``{"en": "festival", "nl": "feest"}``; :meth:`units` counts them
    unit: ClassVar[str | dict[str, str]] = "person"
    #: whom it reaches, in words in each language, ``{count}`` standing for the units it pays
    #: for: ``{"en": "all {count} media outlets", ...}``; none: the people it reaches by its
    #: coverage and targeting
    reach_labels: ClassVar[dict[str, str]] = {}
    #: its settings that the words of :attr:`reach_labels` name already (a report does not
    #: list them again among its settings)
    reach_settings: ClassVar[frozenset[str]] = frozenset()
    #: the number a strength slider sets on the dashboard (field, range, step, start); the
    #: default: its coverage, as a share of the residents
    control: ClassVar[Control | None] = Control("coverage", 0.01, 1.0, 0.01, 0.05)
    #: the number an EMA Workbench lever sets, over its range; None: as :attr:`control`
    lever: ClassVar[Control | None] = None

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

    @classmethod
    def unit_label(cls, lang: str = "en") -> str:
        """What it pays for, one unit, in ``lang``: ``"resident reached"``, ``"outlet"``."""
        from polsim.text import text

        if isinstance(cls.unit, str):
            return text(f"report.unit.{cls.unit}", check_lang(lang))
        return cls.unit[check_lang(lang)]

    @classmethod
    def ema_lever(cls) -> Control | None:
        """The number an EMA Workbench lever sets: :attr:`lever`, else :attr:`control`."""
        return cls.lever if cls.lever is not None else cls.control

    # -- the Policy protocol -----------------------------------------------------------------

    def before_week(self, context: PolicyContext, week: int) -> None:
        """Start, act or stop as the schedule, the trigger and the budget say."""
        if self.stopped_at is not None:
            self.linger(context, week)
            return
        if not self.active:
            if week < self.start or not self._triggered(context):
                return
            self.active, self.started_at = True, week
            self.begin(context)
        ended = self.end is not None and week >= self.end
        cost = self.cost_per_unit * self.units(context)
        if ended or (self.budget is not None and self.spent + cost > self.budget + 1e-9):
            self.active, self.stopped_at = False, week
            self.finish(context)
            return
        self.spent += cost
        self.each_week(context, week)

    def _triggered(self, context: PolicyContext) -> bool:
        if self.trigger is None:
            return True
        observed = context.observed_phase
        return observed is not None and observed >= self.trigger

    # -- its facts ---------------------------------------------------------------------------

    def units(self, city: Sized) -> int:
        """How many units it pays for this week (default: the people it reaches). ``city`` is
        the policy context while it runs, or a :class:`~polsim.model.context.CitySize` (what a
        run will build) for a plan."""
        return round(self.coverage * city.n)

    def reach(self, city: Sized, lang: str = "en") -> str:
        """Whom it reaches, in words in ``lang``: :attr:`reach_labels` with its units, or the
        people it reaches by its coverage and targeting."""
        from polsim.text import CATALOGUE, number, percent, text

        lang = check_lang(lang)
        if self.reach_labels:
            return self.reach_labels[lang].replace("{count}", number(self.units(city), lang))
        rule = self.targeting.rule
        who = (
            text(f"targeting.{rule}", lang, group=str(self.targeting.group))
            if f"targeting.{rule}" in CATALOGUE
            else rule
        )
        return text("report.reach.people", lang, people=number(round(self.coverage * city.n),
                    lang), share=percent(self.coverage, lang, digits=None), who=who)  # fmt: skip

    def cost_sentence(self, city: Sized, lang: str = "en") -> str:
        """What it costs, in a sentence in ``lang``: its cost per unit and week, and a week's
        cost for the units it pays for in ``city``."""
        from polsim.text import money, text

        rate = float(self.cost_per_unit)
        if rate <= 0:
            return text("report.intervention.no_cost", lang)
        return text("report.intervention.cost", lang, rate=money(rate, lang,
                    cents=rate != round(rate)), unit=self.unit_label(lang),
                    week=money(rate * self.units(city), lang))  # fmt: skip

    # -- what subclasses fill in ---------------------------------------------------------

    def begin(self, context: PolicyContext) -> None:
        """Called once, the first week it acts."""

    def each_week(self, context: PolicyContext, week: int) -> None:
        """Called every week it acts (after begin)."""

    def finish(self, context: PolicyContext) -> None:
        """Called once, the week it stops."""

    def linger(self, context: PolicyContext, week: int) -> None:
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
