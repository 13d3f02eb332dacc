"""polsim: agent-based simulation of polarisation dynamics.

The public API is re-exported here; see ``docs/`` for the user guide and the model description.
"""

from polsim import metrics, networks, parameters
from polsim.classic_model import ClassicModel
from polsim.comparison import Comparison, compare
from polsim.dynamics import classic
from polsim.dynamics.result import DynamicsResult
from polsim.events import Shock
from polsim.media import MediaOutlet
from polsim.model import PolarisationModel

__version__ = "0.1.0"

__all__ = [
    "ClassicModel",
    "Comparison",
    "DynamicsResult",
    "MediaOutlet",
    "PolarisationModel",
    "Shock",
    "__version__",
    "classic",
    "compare",
    "metrics",
    "networks",
    "parameters",
]
