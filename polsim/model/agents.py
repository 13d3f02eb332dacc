"""Mesa agents as views over a model's state arrays.

The state lives in numpy arrays owned by the model; an agent object only knows its row
``index``. Reading or writing ``agent.stance`` reads or writes ``model.x[index]``, so Mesa's
DataCollector, visualisation and a researcher's own agent code see the same numbers the
vectorised kernels update, with no copying.

A media outlet is an agent too (:class:`MediaAgent`). So that Mesa's idioms over all of
``model.agents`` work — ``DataCollector(agent_reporters={"stance": "stance"})``,
``model.agents.groupby("role")`` — an outlet answers every attribute of a person: its role is
``"media"`` and the person's numbers it does not have (stance, commitment, ...) are NaN.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import mesa

from polsim.model.roles import ROLE_NAMES

if TYPE_CHECKING:
    from polsim.model import PolarisationModel
    from polsim.model.media import MediaOutlet

__all__ = ["MEDIA_ROLE", "PERSON_STATE", "MediaAgent", "PersonAgent"]

#: The role of every media outlet: a role of its own, beside the persons' roles
#: (:data:`polsim.model.roles.ROLE_NAMES`), so that grouping by role keeps outlets apart.
MEDIA_ROLE = "media"
#: The numbers a person has and an outlet has not: a :class:`MediaAgent` reports NaN for each.
PERSON_STATE = (
    "stance", "commitment", "resilience", "tolerance", "salience", "visibility", "blame",
    "influence", "pressure",
)  # fmt: skip


class PersonAgent(mesa.Agent):
    """One person of a :class:`~polsim.PolarisationModel`, viewing row ``index`` of its arrays.

    Every attribute reads the model's current state; ``stance``, ``commitment``,
    ``resilience``, ``tolerance`` and ``salience`` can also be set (researchers' own
    experiments and dashboards; polsim's interventions never do: they act through the levers).
    ``node`` is the person's node in the network (its id in an imported graph).
    """

    model: PolarisationModel

    def __init__(self, model: PolarisationModel, index: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(model, *args, **kwargs)
        self.index = int(index)

    def _get(self, name: str) -> float:
        engine = self.model.engine
        return float(engine.rows(engine.arrays[name], self.model.city)[self.index])

    def _set(self, name: str, value: float) -> None:
        model = self.model
        model.engine.write(name, model.city)[self.index] = value

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
        return ROLE_NAMES[int(self._get("roles"))]

    @property
    def is_key_figure(self) -> bool:
        """Whether this person is a key figure (sleutelfiguur)."""
        return bool(self._get("key_figure"))

    @property
    def node(self) -> Hashable:
        """The person's node in the network: its id in an imported graph, else its index."""
        nodes = self.model.adjacency.nodes
        return self.index if nodes is None else nodes[self.index]


def _not_a_person(name: str) -> property:
    def get(self: MediaAgent) -> float:
        return math.nan

    return property(get, doc=f"NaN: an outlet has no {name} (see :class:`MediaAgent`).")


class MediaAgent(mesa.Agent):
    """A media outlet of a :class:`~polsim.PolarisationModel` as a Mesa agent.

    Its own attributes: ``name``, ``coverage`` (the visible extremity of this week's coverage),
    ``followers`` (how many follow it) and ``restraint``. Beside them it answers every
    attribute of a :class:`PersonAgent`, so that a DataCollector or a grouping over all of
    ``model.agents`` works:

    - ``role`` is ``"media"`` (:data:`MEDIA_ROLE`): ``model.agents.groupby("role")`` gives the
      outlets a group of their own;
    - ``stance``, ``commitment``, ``resilience``, ``tolerance``, ``salience``, ``visibility``,
      ``blame``, ``influence`` and ``pressure`` are NaN: an outlet in this model has none. It
      holds no stance of its own (it gives both sides equal attention) and it keeps no record
      of whom it covered, so any number there would be made up. NaN keeps a collected column
      numeric: pandas' ``mean`` (which skips NaN) over all agents is the persons' mean, and
      ``groupby("role").agg("stance", np.mean)`` is NaN for ``"media"`` only;
    - ``is_key_figure`` is False; ``index`` and ``node`` are None (an outlet is no row of the
      state arrays and no node of the network).
    """

    model: PolarisationModel

    def __init__(self, model: PolarisationModel, outlet: MediaOutlet) -> None:
        super().__init__(model)
        self.outlet = outlet
        self.index = None

    stance = _not_a_person("stance")
    commitment = _not_a_person("commitment")
    resilience = _not_a_person("resilience")
    tolerance = _not_a_person("tolerance")
    salience = _not_a_person("salience")
    visibility = _not_a_person("visibility")
    blame = _not_a_person("blame")
    influence = _not_a_person("influence")
    pressure = _not_a_person("pressure")

    @property
    def role(self) -> str:
        """Always ``"media"`` (:data:`MEDIA_ROLE`)."""
        return MEDIA_ROLE

    @property
    def is_key_figure(self) -> bool:
        """Always False: key figures are people."""
        return False

    @property
    def node(self) -> None:
        """Always None: an outlet is not a node of the offline network."""
        return None

    @property
    def name(self) -> str:
        """The outlet's name."""
        return self.outlet.name

    @property
    def coverage(self) -> float:
        """Visible extremity of this week's coverage."""
        return self.outlet.coverage

    @property
    def followers(self) -> int:
        """Number of followers."""
        return int(self.outlet.followers.sum())

    @property
    def restraint(self) -> float:
        """Share of its amplification the outlet holds back (an intervention can raise it)."""
        return self.outlet.restraint
