"""polsim: agent-based simulation of polarisation dynamics.

The public API is re-exported here; see ``docs/`` for the user guide and the model description.
"""

from polsim import metrics, networks
from polsim.classic_model import ClassicModel
from polsim.dynamics import classic
from polsim.dynamics.result import DynamicsResult

__version__ = "0.1.0"

__all__ = [
    "ClassicModel",
    "DynamicsResult",
    "__version__",
    "classic",
    "metrics",
    "networks",
]
