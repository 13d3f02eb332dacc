"""polsim: agent-based simulation of polarisation in a city.

The public API is below; ``docs/api.md`` lists every public import path. The names are
imported on first use, so that ``import polsim`` (and the command line's ``--help``) does not
load numba, Mesa or matplotlib until something needs them.

The package is layered; a module imports only from its own floor and the ones below
(docs/api.md has the table; tests/test_layout.py checks every import):

1. ``validation``, ``text`` — declared constraints and checks; the English/Dutch catalogue
2. ``networks``, ``measures`` — generic tools
3. ``classic`` — the classic opinion-dynamics kernels and ``ClassicModel``
4. ``model`` — the Brandsma model (registry, mechanisms, engine, roles, phases, media, events,
   levers, the policy context)
5. ``interventions`` — interventions, targeting, monitoring
6. ``scenarios`` — load and validate scenarios, build a model with its interventions
7. ``runs`` — one run loop under comparisons, sweeps and sensitivity analysis; executors,
   limits, output folders, stored results
8. ``outputs`` — the report, figures, animations, the dashboard
9. ``cli`` — the command line
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

#: public name -> the module that defines it
_EXPORTS = {
    "ClassicModel": "polsim.classic",
    "animate": "polsim.outputs.animation",
    "Comparison": "polsim.runs",
    "DynamicsResult": "polsim.classic",
    "MediaOutlet": "polsim.model",
    "PolarisationModel": "polsim.model",
    "Shock": "polsim.model",
    "compare": "polsim.runs",
    "sweep": "polsim.runs.sweep",
    "load_results": "polsim.runs.results",
    "replay": "polsim.runs.results",
}
_SUBPACKAGES = ("classic", "cli", "interventions", "measures", "model", "networks", "outputs",
                "runs", "scenarios", "text", "validation")  # fmt: skip

__all__ = [
    "ClassicModel",
    "Comparison",
    "DynamicsResult",
    "MediaOutlet",
    "PolarisationModel",
    "Shock",
    "__version__",
    "animate",
    "classic",
    "cli",
    "compare",
    "interventions",
    "load_results",
    "measures",
    "model",
    "networks",
    "outputs",
    "replay",
    "runs",
    "scenarios",
    "sweep",
    "text",
    "validation",
]

if TYPE_CHECKING:
    from polsim import (
        classic,
        cli,
        interventions,
        measures,
        model,
        networks,
        outputs,
        runs,
        scenarios,
        text,
        validation,
    )
    from polsim.classic import ClassicModel, DynamicsResult
    from polsim.model import MediaOutlet, PolarisationModel, Shock
    from polsim.outputs.animation import animate
    from polsim.runs import Comparison, compare
    from polsim.runs.results import load_results, replay
    from polsim.runs.sweep import sweep


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"polsim.{name}")
    else:
        raise AttributeError(f"module 'polsim' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
