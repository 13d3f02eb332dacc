"""The classic opinion-dynamics models of the literature and :class:`ClassicModel`.

Each kernel in :mod:`polsim.classic.kernels` is a pure function of a state array, a network
and a random generator (DeGroot, Friedkin–Johnsen, Deffuant, Hegselmann–Krause,
Jager–Amblard, Baumann et al., voter); :class:`ClassicModel` runs any of them step by step as a
Mesa model with :class:`OpinionAgent` views.
"""

from polsim.classic.agents import OpinionAgent
from polsim.classic.kernels import (
    baumann,
    deffuant,
    degroot,
    friedkin_johnsen,
    friedkin_johnsen_equilibrium,
    hegselmann_krause,
    jager_amblard,
    voter,
)
from polsim.classic.model import ClassicModel
from polsim.classic.result import DynamicsResult

__all__ = [
    "ClassicModel",
    "DynamicsResult",
    "OpinionAgent",
    "baumann",
    "deffuant",
    "degroot",
    "friedkin_johnsen",
    "friedkin_johnsen_equilibrium",
    "hegselmann_krause",
    "jager_amblard",
    "voter",
]
