"""The Mesa agent of :class:`~polsim.classic.ClassicModel`: a view over the model's state array.

The state lives in a numpy array owned by the model; an agent object only knows its row
``index``. Reading or writing ``agent.opinion`` reads or writes ``model.x[index]``, so Mesa's
DataCollector, visualisation and a researcher's own agent code see the same numbers the
vectorised kernels update, with no copying.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa

if TYPE_CHECKING:
    from polsim.classic.model import ClassicModel

__all__ = ["OpinionAgent"]


class OpinionAgent(mesa.Agent):
    """One person of a :class:`~polsim.ClassicModel`, viewing row ``index`` of ``model.x``."""

    model: ClassicModel

    def __init__(self, model: ClassicModel, index: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(model, *args, **kwargs)
        self.index = int(index)

    @property
    def opinion(self) -> float:
        """This person's current opinion."""
        return float(self.model.x[self.index])

    @opinion.setter
    def opinion(self, value: float) -> None:
        self.model.x[self.index] = value

    @property
    def neighbours(self) -> list[int]:
        """Indices of the people this person hears (empty under complete mixing)."""
        return self.model.neighbour_indices(self.index)
