"""The Brandsma model of polarisation in a city.

:mod:`~polsim.model.registry` (every parameter with its meaning, default, range, unit, source
and role), :mod:`~polsim.model.mechanisms` (the pure kernels, one per mechanism, and the weekly
inputs declared once), :mod:`~polsim.model.engine` (the city's state declared once; one city or
many, a week as one array program), :mod:`~polsim.model.roles`, :mod:`~polsim.model.phases`
(the KIS reading), :mod:`~polsim.model.media`, :mod:`~polsim.model.events`,
:mod:`~polsim.model.levers` and :mod:`~polsim.model.context` (all a policy sees and may do),
:mod:`~polsim.model.agents` (Mesa views), :class:`PolarisationModel` (a Mesa model over one
city) and :class:`Ensemble` (several cities stepped together).
"""

from polsim.model.context import PolicyContext
from polsim.model.ensemble import Ensemble
from polsim.model.events import Shock
from polsim.model.levers import Levers
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
    "STATE_COLUMNS",
    "Ensemble",
    "Levers",
    "MediaOutlet",
    "PolarisationModel",
    "Policy",
    "PolicyContext",
    "Shock",
    "default_network",
]
