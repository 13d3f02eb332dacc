"""The interventions the Maastricht plan names, each mapped onto the model's mechanisms.

Every class says what it does in the model, the seed's name for it, and what is assumed.
Costs are per unit and week and are the scenario author's numbers: polsim has no price list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from numpy.typing import NDArray

from polsim.interventions.base import Control, Intervention, register
from polsim.model.levers import POSITIONS, tone_value
from polsim.text import translations
from polsim.validation import Constraint, Interval

if TYPE_CHECKING:
    from polsim.model.context import PolicyContext, Sized

__all__ = [
    "AwarenessTraining",
    "BridgeBuilders",
    "Campaign",
    "ChangeTopic",
    "CyberAwareness",
    "FeedModeration",
    "KeyFigures",
    "MediaRestraint",
    "OnlineBonding",
    "OnlineKeyFigures",
    "PersonCentred",
    "ReportingPoint",
    "ResilientMiddle",
]


@dataclass(kw_only=True)
class _Toned(Intervention):
    """Shared by programmes that speak to people in a tone (Brandsma's fourth game changer):
    ``"mediating"`` (default), ``"moralising"``, or a number from 0 (moralising) to 1."""

    tone: str | float = "mediating"

    def __post_init__(self) -> None:
        super().__post_init__()
        tone_value(self.tone, f"{self.kind}.tone")

    @property
    def harshness(self) -> float:
        """1 - tone: the weight of one contact as a moralising contact."""
        return 1.0 - tone_value(self.tone)


@dataclass(kw_only=True)
class _Programme(_Toned):
    """Shared by programmes that reach a fixed group, chosen when they begin, through levers
    set while they run: ``apply`` sets them, ``withdraw`` clears them. Each week of the
    programme is a contact in its tone (a moralising contact of weight
    ``contact_weight() * harshness``)."""

    reached: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64), init=False)

    def begin(self, context: PolicyContext) -> None:
        self.reached = self.targeting.pick(context, self.units(context), self.rng)
        self.apply(context, self.reached)
        context.levers.moralise(self.reached, self.harshness * self.contact_weight())

    def contact_weight(self) -> float:
        """How fully a week of the programme reaches a person (1 unless a field says less)."""
        return 1.0

    def units(self, city: Sized) -> int:
        return self.reached.size if self.active and self.reached.size else super().units(city)

    def finish(self, context: PolicyContext) -> None:
        self.withdraw(context, self.reached)
        context.levers.moralise(self.reached, 0.0)

    def apply(self, context: PolicyContext, people: NDArray[np.int64]) -> None:
        """Set the programme's levers for ``people``."""

    def withdraw(self, context: PolicyContext, people: NDArray[np.int64]) -> None:
        """Clear them."""


@register
@dataclass(kw_only=True)
class ResilientMiddle(_Programme):
    """Strengthen the resilient middle: programme support for the people reached.

    In the model: each person reached receives programme support at ``intensity`` every week
    while the programme runs (resilient parenting, active citizenship, neighbourhood projects);
    support builds resilience at the rate ``support_gain`` and, once it stops, resilience
    relaxes to the person's own baseline (``resilience_relaxation``). A moralising tone makes
    each week a moralising contact for those reached. Unit: a person reached, per week.
    Default target: the silent middle (Brandsma's first game changer: the target audience is
    the middle, not the pushers).
    """

    kind = "resilient_middle"
    plan_name = "weerbare midden"
    labels: ClassVar[dict[str, str]] = translations("intervention.resilient_middle")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "intensity": translations("setting.resilient_middle.intensity")
    }
    default_targeting = "silent_middle"
    control = Control("coverage", 0.05, 1.0, 0.05, 0.3)
    lever = Control("coverage", 0.0, 0.5, 0.05, 0.33)
    intensity: float = 1.0

    constraints: ClassVar[dict[str, Constraint]] = {
        "intensity": Interval(float, 0.0, 1.0),
    }

    def apply(self, context: PolicyContext, people: NDArray[np.int64]) -> None:
        context.levers.give_support(people, self.intensity)

    def withdraw(self, context: PolicyContext, people: NDArray[np.int64]) -> None:
        context.levers.withdraw_support(people)


@register
@dataclass(kw_only=True)
class Campaign(_Programme):
    """Balanced communication: the municipality addresses a message to an audience.

    In the model: each person reached hears, every week while it runs, a message taking the
    stance ``stance`` (0: the middle; the municipality's own position), and judges it as any
    voice (:func:`~polsim.model.mechanisms.hear_message`): drawn towards it and calmed when it
    falls within their latitude of acceptance, pushed away and hardened when beyond their
    latitude of rejection. ``weight`` is how fully a person is reached each week. Being
    addressed in public also puts one on stage: visibility ``publicity`` (Brandsma's line of
    visibility: attention is what the loud voices seek), so whom it addresses (``targeting``)
    decides both what is heard and who is heard — Brandsma's first game changer, *change the
    target audience*: the middle, not the pushers. A moralising tone makes it a moralising
    contact. Unit: a person reached, per week. Default target: the silent middle.
    """

    kind = "campaign"
    plan_name = "evenwichtige communicatie"
    labels: ClassVar[dict[str, str]] = translations("intervention.campaign")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "stance": translations("setting.campaign.stance"),
        "weight": translations("setting.campaign.weight"),
        "publicity": translations("setting.campaign.publicity"),
    }
    default_targeting = "silent_middle"
    stance: float = 0.0
    weight: float = 0.25
    publicity: float = 0.25

    constraints: ClassVar[dict[str, Constraint]] = {
        "stance": Interval(float, -1.0, 1.0),
        "weight": Interval(float, 0.0, 1.0),
        "publicity": Interval(float, 0.0, 1.0),
    }

    def apply(self, context: PolicyContext, people: NDArray[np.int64]) -> None:
        context.levers.address(people, self.stance, self.weight)
        context.levers.give_stage(people, self.publicity)

    def contact_weight(self) -> float:
        return self.weight

    def withdraw(self, context: PolicyContext, people: NDArray[np.int64]) -> None:
        context.levers.address(people, self.stance, 0.0)
        context.levers.give_stage(people, 0.0)


@register
@dataclass(kw_only=True)
class ChangeTopic(_Programme):
    """Change the topic: conversations about the concerns underneath the us-versus-them issue.

    Brandsma's second game changer: move the conversation from identity (who we are, who they
    are) to the concerns people share underneath (safety, housing, being heard). In the model:
    for the people reached, the share ``share`` of the us-versus-them talk they hear is turned
    to those concerns while it runs, so it no longer makes the identity salient
    (:func:`~polsim.model.mechanisms.salience_update`); their stance and commitment follow
    from the mechanisms. A moralising tone makes it a moralising contact each week. Unit: a
    person reached, per week. Default target: the silent middle.
    """

    kind = "change_topic"
    plan_name = "het onderwerp veranderen (Brandsma)"
    labels: ClassVar[dict[str, str]] = translations("intervention.change_topic")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "share": translations("setting.change_topic.share")
    }
    default_targeting = "silent_middle"
    control = Control("coverage", 0.05, 1.0, 0.05, 0.3)
    lever = Control("coverage", 0.0, 0.5, 0.05, 0.33)
    share: float = 0.5

    constraints: ClassVar[dict[str, Constraint]] = {
        "share": Interval(float, 0.0, 1.0),
    }

    def apply(self, context: PolicyContext, people: NDArray[np.int64]) -> None:
        context.levers.reframe(people, self.share)

    def withdraw(self, context: PolicyContext, people: NDArray[np.int64]) -> None:
        context.levers.reframe(people, 0.0)


@dataclass(kw_only=True)
class _RoleProgramme(Intervention):
    """Shared by programmes that give people a role for as long as they run."""

    role = ""
    chosen: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64), init=False)

    def begin(self, context: PolicyContext) -> None:
        self.chosen = self.candidates(context)
        context.assign(self.role, self.chosen)

    def candidates(self, context: PolicyContext) -> NDArray[np.int64]:
        return self.targeting.pick(context, super().units(context), self.rng)

    def units(self, city: Sized) -> int:
        return self.chosen.size if self.active and self.chosen.size else super().units(city)

    def finish(self, context: PolicyContext) -> None:
        context.unassign(self.role, self.chosen)


@register
@dataclass(kw_only=True)
class BridgeBuilders(_RoleProgramme, _Toned):
    """Bridge builders: people who organise dialogue, from a position and in a tone.

    In the model: the people reached become bridge builders for as long as it runs; their own
    stance, commitment and resilience stay theirs. ``position="above"`` (the usual approach)
    puts them above the parties: visible in public, staging dialogues between the poles whose
    credibility depends on how far the poles still tolerate the middle;
    ``position="middle"`` (Brandsma's third game changer) puts them inside the silent middle,
    giving it a voice and support. ``tone`` is mediating or moralising (the fourth game
    changer). Whether that calms or fuels, and whether they become scapegoats, follows from the
    mechanisms (docs/odd.md, dialogue and blame). Unit: a bridge builder, per week. Default
    target: the best-connected people of the silent middle.
    """

    kind = "bridge_builders"
    plan_name = "bruggenbouwers"
    labels: ClassVar[dict[str, str]] = translations("intervention.bridge_builders")
    default_targeting = "central_middle"
    role = "bridge_builder"
    unit = "bridge_builder"
    control = Control("coverage", 0.01, 0.1, 0.01, 0.03)
    lever = Control("coverage", 0.0, 0.1, 0.01, 0.03)
    position: str = "above"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.position not in POSITIONS:
            raise ValueError(
                f"{self.kind}.position must be one of {', '.join(POSITIONS)}; got {self.position!r}"
            )

    def begin(self, context: PolicyContext) -> None:
        self.chosen = self.candidates(context)
        context.assign(self.role, self.chosen, position=self.position, tone=self.tone)


@register
@dataclass(kw_only=True)
class KeyFigures(_RoleProgramme):
    """Key-figure network: embedded people who take pressure away from those who trust them,
    and report tensions.

    In the model: the people reached become key figures. The pressure on each person who
    hears them is damped by ``key_figure_damping`` times that person's trust in them, which
    comes from how close their stance is (within the person's latitude of acceptance: full
    trust; beyond its latitude of rejection: none; :func:`~polsim.model.mechanisms.trust_near`),
    and the quick scan detects better and hears of more incidents. They keep their own state:
    they work inside the community, not above it. Unit: a key figure, per week. Default
    target: the best-connected people.
    """

    kind = "key_figures"
    plan_name = "sleutelfiguren"
    labels: ClassVar[dict[str, str]] = translations("intervention.key_figures")
    default_targeting = "central"
    role = "key_figure"
    unit = "key_figure"
    # the shipped scenario deploys 2% of the residents
    control = Control("coverage", 0.01, 0.1, 0.01, 0.02)
    lever = Control("coverage", 0.0, 0.1, 0.01, 0.02)


@register
@dataclass(kw_only=True)
class OnlineKeyFigures(_RoleProgramme):
    """Online key figures: key figures among the most-followed accounts.

    In the model: the accounts with the most online followers become key figures (the same
    mechanism as :class:`KeyFigures`), so their reach online is also trust. Unit: a key
    figure, per week. Targeting is always by online following.
    """

    kind = "online_key_figures"
    plan_name = "online sleutelfiguren"
    labels: ClassVar[dict[str, str]] = translations("intervention.online_key_figures")
    role = "key_figure"
    unit = "key_figure"
    reach_labels: ClassVar[dict[str, str]] = {
        "en": "the {count} residents with the most online followers",
        "nl": "de {count} inwoners met de meeste online volgers",
    }
    control = Control("coverage", 0.01, 0.1, 0.01, 0.02)
    lever = Control("coverage", 0.0, 0.1, 0.01, 0.02)

    def candidates(self, context: PolicyContext) -> NDArray[np.int64]:
        followers = np.bincount(context.follows.ravel(), minlength=context.n)
        order = np.argsort(-followers, kind="stable")
        return order[: round(self.coverage * context.n)].astype(np.int64)


@register
@dataclass(kw_only=True)
class MediaRestraint(Intervention):
    """Media restraint and constructive journalism: outlets hold back amplification.

    In the model: each outlet's coverage is scaled by (1 - level) while it runs (talks with the
    media, balanced communication). Assumes outlets comply fully. Unit: an outlet, per week.
    """

    kind = "media_restraint"
    plan_name = "evenwichtige communicatie / gesprek met de media"
    labels: ClassVar[dict[str, str]] = translations("intervention.media_restraint")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "level": translations("setting.media_restraint.level")
    }
    unit = "outlet"
    reach_labels: ClassVar[dict[str, str]] = translations("report.reach.outlets")
    control = Control("level", 0.05, 1.0, 0.05, 0.5)
    lever = Control("level", 0.0, 1.0, 0.05, 0.5)
    level: float = 0.5

    constraints: ClassVar[dict[str, Constraint]] = {
        "level": Interval(float, 0.0, 1.0),
    }

    def units(self, city: Sized) -> int:
        return city.n_outlets

    def begin(self, context: PolicyContext) -> None:
        context.restrain_outlets(self.level)

    def finish(self, context: PolicyContext) -> None:
        context.restrain_outlets(0.0)


@register
@dataclass(kw_only=True)
class FeedModeration(Intervention):
    """Feed moderation: platforms rank the loud and extreme less and slow unfollowing.

    In the model: ``online_contrast`` and ``online_rewiring`` are multiplied by (1 - strength)
    while it runs, and restored after. Assumes platform co-operation. Unit: one platform
    agreement, per week.
    """

    kind = "feed_moderation"
    plan_name = "online maatregelen"
    labels: ClassVar[dict[str, str]] = translations("intervention.feed_moderation")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "strength": translations("setting.feed_moderation.strength")
    }
    unit = "agreement"
    reach_labels: ClassVar[dict[str, str]] = translations("report.reach.feed_moderation")
    control = Control("strength", 0.05, 1.0, 0.05, 0.5)
    lever = Control("strength", 0.0, 1.0, 0.05, 0.5)
    strength: float = 0.5
    saved: dict[str, float] = field(default_factory=dict, init=False)

    constraints: ClassVar[dict[str, Constraint]] = {
        "strength": Interval(float, 0.0, 1.0),
    }

    def units(self, city: Sized) -> int:
        return 1

    def begin(self, context: PolicyContext) -> None:
        for name in ("online_contrast", "online_rewiring"):
            self.saved[name] = float(context.params[name])
            context.set_parameter(name, self.saved[name] * (1.0 - self.strength))

    def finish(self, context: PolicyContext) -> None:
        for name, value in self.saved.items():
            context.set_parameter(name, value)


@register
@dataclass(kw_only=True)
class OnlineBonding(Intervention):
    """Online social bonding: people reached follow some accounts from the other side.

    In the model: for each person reached, a share ``share`` of the accounts it follows is
    replaced, once, by random accounts from the other side of the issue, so its feed carries
    the other side's voices (which it still judges by its own latitudes). Unit: a person
    reached, per week.
    """

    kind = "online_bonding"
    plan_name = "online sociale binding"
    labels: ClassVar[dict[str, str]] = translations("intervention.online_bonding")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "share": translations("setting.online_bonding.share")
    }
    control = Control("coverage", 0.01, 0.5, 0.01, 0.1)
    lever = Control("coverage", 0.0, 0.5, 0.01, 0.1)
    share: float = 0.3

    constraints: ClassVar[dict[str, Constraint]] = {
        "share": Interval(float, 0.0, 1.0),
    }

    def begin(self, context: PolicyContext) -> None:
        people = self.targeting.pick(context, self.units(context), self.rng)
        d = context.follows.shape[1]
        slots = round(self.share * d)
        if people.size == 0 or slots == 0:
            return
        stance = context.stance
        pos, neg = np.flatnonzero(stance > 0), np.flatnonzero(stance < 0)
        for person in people:
            pool = neg if stance[person] > 0 else pos
            if pool.size:
                chosen = self.rng.choice(d, size=slots, replace=False)
                context.replace_follows(
                    np.full(slots, person), chosen, self.rng.choice(pool, size=slots)
                )


@register
@dataclass(kw_only=True)
class CyberAwareness(Intervention):
    """Cyber awareness and media literacy: people reached see through part of what media and
    feeds amplify.

    In the model: the people reached get media literacy ``level``: that share of their media
    and online exposure no longer reaches their pressure, for as long as it runs and fading at
    ``decay`` per week after. Unit: a person reached, per week.
    """

    kind = "cyber_awareness"
    plan_name = "cyberweerbaarheid"
    labels: ClassVar[dict[str, str]] = translations("intervention.cyber_awareness")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "level": translations("setting.cyber_awareness.level"),
        "decay": translations("setting.cyber_awareness.decay"),
    }
    control = Control("coverage", 0.01, 1.0, 0.01, 0.2)
    lever = Control("coverage", 0.0, 1.0, 0.05, 0.2)
    level: float = 0.4
    decay: float = 0.05
    reached: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64), init=False)
    now: float = field(default=0.0, init=False)

    constraints: ClassVar[dict[str, Constraint]] = {
        "level": Interval(float, 0.0, 1.0),
        "decay": Interval(float, 0.0, 1.0),
    }

    def begin(self, context: PolicyContext) -> None:
        self.reached = self.targeting.pick(context, self.units(context), self.rng)

    def each_week(self, context: PolicyContext, week: int) -> None:
        self.now = self.level
        context.levers.teach_literacy(self.reached, self.now)

    def linger(self, context: PolicyContext, week: int) -> None:
        self.now *= 1.0 - self.decay
        context.levers.teach_literacy(self.reached, self.now)


@register
@dataclass(kw_only=True)
class AwarenessTraining(Intervention):
    """Awareness training of professionals: better recognition of signals.

    In the model: raises the detection of the quick scan (less noise, see
    :class:`polsim.interventions.monitoring.QuickScan`) while it runs; it does not change
    people. Unit: a trained professional (``professionals``), per week.
    """

    kind = "awareness_training"
    plan_name = "bewustwording en training professionals"
    labels: ClassVar[dict[str, str]] = translations("intervention.awareness_training")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "detection": translations("setting.awareness_training.detection")
    }
    unit = "professional"
    reach_labels: ClassVar[dict[str, str]] = translations("report.reach.professionals")
    reach_settings = frozenset({"professionals"})
    control = Control("detection", 0.1, 4.0, 0.1, 1.0)
    lever = Control("detection", 0.0, 4.0, 0.1, 1.0)
    professionals: int = 50
    detection: float = 1.0

    constraints: ClassVar[dict[str, Constraint]] = {
        "professionals": Interval(int, 0, None),
        "detection": Interval(float, 0.0, 10.0),
    }

    def units(self, city: Sized) -> int:
        return self.professionals

    def each_week(self, context: PolicyContext, week: int) -> None:
        context.levers.set_detection("training", self.detection)

    def finish(self, context: PolicyContext) -> None:
        context.levers.set_detection("training", None)


@register
@dataclass(kw_only=True)
class ReportingPoint(Intervention):
    """Reporting and advice point (meld- en adviespunt): signals reach the municipality sooner.

    In the model: the quick scan's reports arrive one week sooner and carry the incidents
    reported since the last scan. It does not change people. Unit: the point, per week.
    """

    kind = "reporting_point"
    plan_name = "meld- en adviespunt"
    labels: ClassVar[dict[str, str]] = translations("intervention.reporting_point")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "detection": translations("setting.reporting_point.detection")
    }
    unit = "point"
    reach_labels: ClassVar[dict[str, str]] = translations("report.reach.reporting_point")
    control = Control("detection", 0.1, 4.0, 0.1, 1.0)
    lever = Control("detection", 0.0, 4.0, 0.1, 1.0)
    detection: float = 1.0

    constraints: ClassVar[dict[str, Constraint]] = {
        "detection": Interval(float, 0.0, 10.0),
    }

    def units(self, city: Sized) -> int:
        return 1

    def each_week(self, context: PolicyContext, week: int) -> None:
        context.levers.set_detection("reporting_point", self.detection)

    def finish(self, context: PolicyContext) -> None:
        context.levers.set_detection("reporting_point", None)


@register
@dataclass(kw_only=True)
class PersonCentred(Intervention):
    """Person-centred approach (persoonsgerichte aanpak) for the most radical pushers.

    In the model: each week the ``caseload`` most committed and extreme pushers are worked
    with, and the reach of their voice is narrowed by ``effect`` while they are in the
    caseload (fewer platforms, contacts and stages: case management, agreements, a mentor);
    their convictions are theirs, and whether they calm follows from the mechanisms.
    Proportionality limit: never more than ``max_share`` of the population in the caseload.
    Unit: a case, per week.
    """

    kind = "person_centred"
    plan_name = "persoonsgerichte aanpak"
    labels: ClassVar[dict[str, str]] = translations("intervention.person_centred")
    setting_labels: ClassVar[dict[str, dict[str, str]]] = {
        "effect": translations("setting.person_centred.effect"),
        "max_share": translations("setting.person_centred.max_share"),
    }
    default_targeting = "pushers"
    unit = "case"
    reach_labels: ClassVar[dict[str, str]] = translations("report.reach.cases")
    reach_settings = frozenset({"caseload"})
    control = Control("effect", 0.05, 1.0, 0.05, 0.5)
    lever = Control("effect", 0.0, 1.0, 0.05, 0.5)
    caseload: int = 5
    effect: float = 0.5
    max_share: float = 0.01
    cases: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64), init=False)

    constraints: ClassVar[dict[str, Constraint]] = {
        "caseload": Interval(int, 0, None),
        "effect": Interval(float, 0.0, 1.0),
        "max_share": Interval(float, 0.0, 1.0),
    }

    def units(self, city: Sized) -> int:
        return min(self.caseload, int(self.max_share * city.n))

    def each_week(self, context: PolicyContext, week: int) -> None:
        cases = self.targeting.pick(context, self.units(context), self.rng)
        context.levers.limit_reach(np.setdiff1d(self.cases, cases), 0.0)
        context.levers.limit_reach(cases, self.effect)
        self.cases = cases

    def finish(self, context: PolicyContext) -> None:
        context.levers.limit_reach(self.cases, 0.0)
