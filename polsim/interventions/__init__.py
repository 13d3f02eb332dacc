"""Interventions, targeting, monitoring and adaptive policies.

See :mod:`polsim.interventions.catalogue` for the interventions the Maastricht plan names,
:mod:`polsim.interventions.monitoring` for the quick scan, and :func:`register` to add your
own.
"""

from polsim.interventions import catalogue
from polsim.interventions.base import INTERVENTIONS, Intervention, build, describe, register
from polsim.interventions.monitoring import QuickScan
from polsim.interventions.targeting import RULES, Targeting

__all__ = [
    "INTERVENTIONS",
    "RULES",
    "Intervention",
    "QuickScan",
    "Targeting",
    "build",
    "catalogue",
    "describe",
    "register",
]
