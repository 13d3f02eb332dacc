"""Mesa agents as views over a model's state arrays.

The state lives in numpy arrays owned by the model; an agent object only knows its row
``index``. Reading or writing ``agent.opinion`` reads or writes ``model.x[index]``, so Mesa's
DataCollector, visualisation and a researcher's own agent code see the same numbers the
vectorised kernels update, with no copying.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa

if TYPE_CHECKING:
    from polsim.model import PolarisationModel
    from polsim.model.media import MediaOutlet

__all__ = ["MediaAgent", "PersonAgent"]


class PersonAgent(mesa.Agent):
    """One person of a :class:`~polsim.PolarisationModel`, viewing row ``index`` of its arrays.

    Every attribute reads the model's current state; ``stance``, ``commitment``,
    ``resilience``, ``tolerance`` and ``salience`` can also be set (researchers' own
    experiments and dashboards; polsim's interventions never do: they act through the levers).
    """

    model: PolarisationModel

    def __init__(self, model: PolarisationModel, index: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(model, *args, **kwargs)
        self.index = int(index)

    def _get(self, name: str) -> float:
        return float(getattr(self.model, name)[self.index])

    def _set(self, name: str, value: float) -> None:
        getattr(self.model, name)[self.index] = value

    stance = property(lambda self: self._get("x"), lambda self, v: self._set("x", v))
    commitment = property(lambda self: self._get("c"), lambda self, v: self._set("c", v))
    resilience = property(lambda self: self._get("r"), lambda self, v: self._set("r", v))
    tolerance = property(lambda self: self._get("tau"), lambda self, v: self._set("tau", v))
    salience = property(lambda self: self._get("s"), lambda self, v: self._set("s", v))
    visibility = property(lambda self: self._get("visibility"))
    blame = property(lambda self: self._get("blame"))
    influence = property(lambda self: self._get("w"))
    pressure = property(lambda self: self._get("pressure"))

    @property
    def role(self) -> str:
        """Current role name (pusher, joiner, silent, bridge_builder, scapegoat)."""
        return str(self.model.role_names[self.index])

    @property
    def is_key_figure(self) -> bool:
        """Whether this person is a key figure (sleutelfiguur)."""
        return bool(self.model.key_figure[self.index])


class MediaAgent(mesa.Agent):
    """A media outlet of a :class:`~polsim.PolarisationModel` as a Mesa agent."""

    model: PolarisationModel

    def __init__(self, model: PolarisationModel, outlet: MediaOutlet) -> None:
        super().__init__(model)
        self.outlet = outlet

    @property
    def coverage(self) -> float:
        """Visible extremity of this week's coverage."""
        return self.outlet.coverage

    @property
    def followers(self) -> int:
        """Number of followers."""
        return int(self.outlet.followers.sum())
