"""The interventions the Maastricht plan names, each mapped onto the model's mechanisms.

Every class says what it does in the model, the seed's name for it, and what is assumed.
Costs are per unit and week and are the scenario author's numbers: polsim has no price list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from numpy.typing import NDArray

from polsim.interventions.base import Intervention, _check, register

if TYPE_CHECKING:
    from polsim.model import PolarisationModel

__all__ = [
    "AwarenessTraining",
    "BridgeBuilders",
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


@register
@dataclass(kw_only=True)
class ResilientMiddle(Intervention):
    """Strengthen the resilient middle: raise the resilience of the people reached.

    In the model: each person reached has resilience raised to r0 + boost (1 - r0) while the
    programme runs (resilient parenting, active citizenship, neighbourhood projects); after it
    ends the gain fades at ``decay`` per week. Assumes the gain is immediate and holds while
    the programme runs. Unit: a person reached, per week. Default target: the silent middle.
    """

    kind = "resilient_middle"
    seed_name = "weerbare midden"
    labels: ClassVar[dict[str, str]] = {"en": "resilient middle", "nl": "weerbare midden"}
    default_targeting = "silent_middle"
    boost: float = 0.3
    decay: float = 0.05
    reached: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64), init=False)
    baseline: NDArray[np.float64] = field(default_factory=lambda: np.empty(0), init=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        _check(self, "boost", float, 0.0, 1.0)
        _check(self, "decay", float, 0.0, 1.0)

    def begin(self, model: PolarisationModel) -> None:
        self.reached = self.targeting.pick(model, self.units(model), self.rng)
        self.baseline = model.r[self.reached].copy()

    def units(self, model: PolarisationModel) -> int:
        return self.reached.size if self.active and self.reached.size else super().units(model)

    def each_week(self, model: PolarisationModel, week: int) -> None:
        raised = self.baseline + self.boost * (1.0 - self.baseline)
        model.r[self.reached] = np.maximum(model.r[self.reached], raised)

    def linger(self, model: PolarisationModel, week: int) -> None:
        r = model.r[self.reached]
        model.r[self.reached] = r - self.decay * np.maximum(r - self.baseline, 0.0)


@dataclass(kw_only=True)
class _RoleProgramme(Intervention):
    """Shared by programmes that give people a role for as long as they run."""

    role = ""
    chosen: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64), init=False)

    def begin(self, model: PolarisationModel) -> None:
        self.chosen = self.candidates(model)
        model.assign(self.role, self.chosen)

    def candidates(self, model: PolarisationModel) -> NDArray[np.int64]:
        return self.targeting.pick(model, super().units(model), self.rng)

    def units(self, model: PolarisationModel) -> int:
        return self.chosen.size if self.active and self.chosen.size else super().units(model)

    def finish(self, model: PolarisationModel) -> None:
        model.unassign(self.role, self.chosen)


@register
@dataclass(kw_only=True)
class BridgeBuilders(_RoleProgramme):
    """Bridge builders: designate people who organise dialogue between the poles.

    In the model: the people reached become bridge builders (stance 0 in public, visible,
    organising dialogues, see docs/odd.md 7.9) for as long as it runs; whether that calms or
    fuels, and whether they become scapegoats, follows from the mechanisms. Unit: a bridge
    builder, per week. Default target: the best-connected people.
    """

    kind = "bridge_builders"
    seed_name = "bruggenbouwers"
    labels: ClassVar[dict[str, str]] = {"en": "bridge builders", "nl": "bruggenbouwers"}
    default_targeting = "central"
    role = "bridge_builder"


@register
@dataclass(kw_only=True)
class KeyFigures(_RoleProgramme):
    """Key-figure network: trusted, embedded people who damp pressure and restore tolerance
    around them and report tensions.

    In the model: the people reached become key figures: pressure on them and their
    neighbours is damped (``key_figure_damping``), tolerance around them restored
    (``key_figure_tolerance``), and a quick scan detects better with more key figures. They
    keep their own stance: they work inside the community, not above it. Unit: a key figure,
    per week. Default target: the best-connected people.
    """

    kind = "key_figures"
    seed_name = "sleutelfiguren"
    labels: ClassVar[dict[str, str]] = {"en": "key-figure network", "nl": "sleutelfigurennetwerk"}
    default_targeting = "central"
    role = "key_figure"


@register
@dataclass(kw_only=True)
class OnlineKeyFigures(_RoleProgramme):
    """Online key figures: key figures among the most-followed accounts.

    In the model: the accounts with the most online followers become key figures (the same
    mechanism as :class:`KeyFigures`), so their reach online is also trust. Unit: a key
    figure, per week. Targeting is always by online following.
    """

    kind = "online_key_figures"
    seed_name = "online sleutelfiguren"
    labels: ClassVar[dict[str, str]] = {"en": "online key figures", "nl": "online sleutelfiguren"}
    role = "key_figure"

    def candidates(self, model: PolarisationModel) -> NDArray[np.int64]:
        followers = np.bincount(model.follows.ravel(), minlength=model.n)
        order = np.argsort(-followers, kind="stable")
        return order[: round(self.coverage * model.n)].astype(np.int64)


@register
@dataclass(kw_only=True)
class MediaRestraint(Intervention):
    """Media restraint and constructive journalism: outlets hold back amplification.

    In the model: each outlet's coverage is scaled by (1 - level) while it runs (talks with the
    media, balanced communication). Assumes outlets comply fully. Unit: an outlet, per week.
    """

    kind = "media_restraint"
    seed_name = "evenwichtige communicatie / gesprek met de media"
    labels: ClassVar[dict[str, str]] = {"en": "media restraint", "nl": "terughoudendheid media"}
    level: float = 0.5

    def __post_init__(self) -> None:
        super().__post_init__()
        _check(self, "level", float, 0.0, 1.0)

    def units(self, model: PolarisationModel) -> int:
        return len(model.outlets)

    def begin(self, model: PolarisationModel) -> None:
        for outlet in model.outlets:
            outlet.restraint = self.level

    def finish(self, model: PolarisationModel) -> None:
        for outlet in model.outlets:
            outlet.restraint = 0.0


@register
@dataclass(kw_only=True)
class FeedModeration(Intervention):
    """Feed moderation: platforms rank the loud and extreme less and slow unfollowing.

    In the model: ``online_contrast`` and ``online_rewiring`` are multiplied by (1 - strength)
    while it runs, and restored after. Assumes platform co-operation. Unit: one platform
    agreement, per week.
    """

    kind = "feed_moderation"
    seed_name = "online maatregelen"
    labels: ClassVar[dict[str, str]] = {"en": "feed moderation", "nl": "moderatie van tijdlijnen"}
    strength: float = 0.5
    saved: dict[str, float] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        _check(self, "strength", float, 0.0, 1.0)

    def units(self, model: PolarisationModel) -> int:
        return 1

    def begin(self, model: PolarisationModel) -> None:
        for name in ("online_contrast", "online_rewiring"):
            self.saved[name] = float(model.params[name])
            model.set_parameter(name, self.saved[name] * (1.0 - self.strength))

    def finish(self, model: PolarisationModel) -> None:
        for name, value in self.saved.items():
            model.set_parameter(name, value)


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
    seed_name = "online sociale binding"
    labels: ClassVar[dict[str, str]] = {
        "en": "online social bonding",
        "nl": "online sociale binding",
    }
    share: float = 0.3

    def __post_init__(self) -> None:
        super().__post_init__()
        _check(self, "share", float, 0.0, 1.0)

    def begin(self, model: PolarisationModel) -> None:
        people = self.targeting.pick(model, self.units(model), self.rng)
        d = model.follows.shape[1]
        slots = round(self.share * d)
        if people.size == 0 or slots == 0:
            return
        pos, neg = np.flatnonzero(model.x > 0), np.flatnonzero(model.x < 0)
        for person in people:
            pool = neg if model.x[person] > 0 else pos
            if pool.size:
                chosen = self.rng.choice(d, size=slots, replace=False)
                model.follows[person, chosen] = self.rng.choice(pool, size=slots)


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
    seed_name = "cyberweerbaarheid"
    labels: ClassVar[dict[str, str]] = {"en": "cyber awareness", "nl": "cyberweerbaarheid"}
    level: float = 0.4
    decay: float = 0.05
    reached: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64), init=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        _check(self, "level", float, 0.0, 1.0)
        _check(self, "decay", float, 0.0, 1.0)

    def begin(self, model: PolarisationModel) -> None:
        self.reached = self.targeting.pick(model, self.units(model), self.rng)

    def each_week(self, model: PolarisationModel, week: int) -> None:
        model.literacy[self.reached] = np.maximum(model.literacy[self.reached], self.level)

    def linger(self, model: PolarisationModel, week: int) -> None:
        model.literacy[self.reached] *= 1.0 - self.decay


@register
@dataclass(kw_only=True)
class AwarenessTraining(Intervention):
    """Awareness training of professionals: better recognition of signals.

    In the model: raises the detection of the quick scan (less noise, see
    :class:`polsim.interventions.monitoring.QuickScan`) while it runs; it does not change
    people. Unit: a trained professional (``professionals``), per week.
    """

    kind = "awareness_training"
    seed_name = "bewustwording en training professionals"
    labels: ClassVar[dict[str, str]] = {"en": "awareness training", "nl": "training professionals"}
    professionals: int = 50
    detection: float = 1.0

    def __post_init__(self) -> None:
        super().__post_init__()
        _check(self, "professionals", int, 0, None)
        _check(self, "detection", float, 0.0, 10.0)

    def units(self, model: PolarisationModel) -> int:
        return self.professionals

    def each_week(self, model: PolarisationModel, week: int) -> None:
        model.detection["training"] = self.detection

    def finish(self, model: PolarisationModel) -> None:
        model.detection.pop("training", None)


@register
@dataclass(kw_only=True)
class ReportingPoint(Intervention):
    """Reporting and advice point (meld- en adviespunt): signals reach the municipality sooner.

    In the model: the quick scan's reports arrive one week sooner and carry the incidents
    reported since the last scan. It does not change people. Unit: the point, per week.
    """

    kind = "reporting_point"
    seed_name = "meld- en adviespunt"
    labels: ClassVar[dict[str, str]] = {
        "en": "reporting and advice point",
        "nl": "meld- en adviespunt",
    }
    detection: float = 1.0

    def __post_init__(self) -> None:
        super().__post_init__()
        _check(self, "detection", float, 0.0, 10.0)

    def units(self, model: PolarisationModel) -> int:
        return 1

    def each_week(self, model: PolarisationModel, week: int) -> None:
        model.detection["reporting_point"] = self.detection

    def finish(self, model: PolarisationModel) -> None:
        model.detection.pop("reporting_point", None)


@register
@dataclass(kw_only=True)
class PersonCentred(Intervention):
    """Person-centred approach (persoonsgerichte aanpak) for the most radical pushers.

    In the model: each week the ``caseload`` most committed and extreme pushers are worked
    with: their commitment and conviction fall by ``effect`` (a share). Proportionality limit:
    never more than ``max_share`` of the population in the caseload. Unit: a case, per week.
    """

    kind = "person_centred"
    seed_name = "persoonsgerichte aanpak"
    labels: ClassVar[dict[str, str]] = {
        "en": "person-centred approach",
        "nl": "persoonsgerichte aanpak",
    }
    default_targeting = "pushers"
    caseload: int = 5
    effect: float = 0.1
    max_share: float = 0.01

    def __post_init__(self) -> None:
        super().__post_init__()
        _check(self, "caseload", int, 0, None)
        _check(self, "effect", float, 0.0, 1.0)
        _check(self, "max_share", float, 0.0, 1.0)

    def units(self, model: PolarisationModel) -> int:
        return min(self.caseload, int(self.max_share * model.n))

    def each_week(self, model: PolarisationModel, week: int) -> None:
        cases = self.targeting.pick(model, self.units(model), self.rng)
        model.c[cases] *= 1.0 - self.effect
        model.conviction[cases] *= 1.0 - self.effect
