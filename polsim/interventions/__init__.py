"""Interventions, targeting, monitoring and adaptive policies.

Every intervention the Maastricht plan names and Brandsma's four game changers are classes here
(defined in :mod:`polsim.interventions.catalogue`); :class:`Targeting` says whom they reach,
:class:`QuickScan` is the monitoring that adaptive policies react to, and :func:`register`
adds your own.
"""

from polsim.interventions import catalogue
from polsim.interventions.base import (
    INTERVENTIONS,
    Control,
    Intervention,
    build,
    describe,
    register,
)
from polsim.interventions.catalogue import (
    AwarenessTraining,
    BridgeBuilders,
    Campaign,
    ChangeTopic,
    CyberAwareness,
    FeedModeration,
    KeyFigures,
    MediaRestraint,
    OnlineBonding,
    OnlineKeyFigures,
    PersonCentred,
    ReportingPoint,
    ResilientMiddle,
)
from polsim.interventions.monitoring import QuickScan
from polsim.interventions.targeting import TARGETING_RULES, Targeting

__all__ = [
    "INTERVENTIONS",
    "TARGETING_RULES",
    "AwarenessTraining",
    "BridgeBuilders",
    "Campaign",
    "ChangeTopic",
    "Control",
    "CyberAwareness",
    "FeedModeration",
    "Intervention",
    "KeyFigures",
    "MediaRestraint",
    "OnlineBonding",
    "OnlineKeyFigures",
    "PersonCentred",
    "QuickScan",
    "ReportingPoint",
    "ResilientMiddle",
    "Targeting",
    "build",
    "catalogue",
    "describe",
    "register",
]
