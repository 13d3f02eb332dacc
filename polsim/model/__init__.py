"""The Brandsma model of polarisation in a city.

:mod:`~polsim.model.registry` (every parameter with its meaning, default, range and source),
:mod:`~polsim.model.mechanisms` (the pure kernels, one per mechanism), :mod:`~polsim.model.roles`,
:mod:`~polsim.model.phases` (the KIS reading), :mod:`~polsim.model.media`,
:mod:`~polsim.model.events`, :mod:`~polsim.model.levers` (what interventions may change),
:mod:`~polsim.model.agents` (Mesa views) and :class:`PolarisationModel`, which runs a week.
"""

from polsim.model.events import Shock
from polsim.model.levers import POSITIONS, TONES, Levers
from polsim.model.media import MediaOutlet
from polsim.model.polarisation import (
    AGENT_VIEW_LIMIT,
    METRIC_COLUMNS,
    STATE_COLUMNS,
    PolarisationModel,
    Policy,
    default_network,
)

__all__ = [
    "AGENT_VIEW_LIMIT",
    "METRIC_COLUMNS",
    "POSITIONS",
    "STATE_COLUMNS",
    "TONES",
    "Levers",
    "MediaOutlet",
    "PolarisationModel",
    "Policy",
    "Shock",
    "default_network",
]
