"""Pure, vectorised opinion-dynamics kernels.

``polsim.dynamics.classic`` holds the reference models of the literature (DeGroot,
Friedkin–Johnsen, Deffuant, Hegselmann–Krause, Jager–Amblard, Baumann et al., voter).
"""

from polsim.dynamics import classic
from polsim.dynamics.result import DynamicsResult

__all__ = ["DynamicsResult", "classic"]
