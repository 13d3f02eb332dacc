"""What a policy sees of a city: the narrow context an intervention or a monitoring rule acts in.

Each week the model calls ``policy.before_week(context, week)`` with its one
:class:`PolicyContext`, never with itself. The context hands out

- the levers (:class:`polsim.model.levers.Levers`): what people meet, hear, trust or can do;
- read-only views of the city's state (stance, commitment, resilience, tolerance, salience,
  visibility, blame, influence, pressure, roles, the assigned roles, incidents, the network
  and the online follow lists): numpy refuses a write to any of them;
- :meth:`~PolicyContext.assign` and :meth:`~PolicyContext.unassign` (bridge builders and key
  figures), :meth:`~PolicyContext.restrain_outlets` (the outlets' restraint) and
  :meth:`~PolicyContext.replace_follows` (the online follow lists);
- :meth:`~PolicyContext.set_parameter` for the parameters the registry tags as levers
  (:func:`polsim.model.registry.levers`), and no other: a policy cannot change the city's
  size, how the city is built, or how its phase is measured;
- the week, the city's size (people and media outlets), and the municipality's monitoring
  record (:class:`Observations`: what its quick scans have reported, which adaptive
  interventions react to).

A view is made when it is asked for and shows the state of that moment: keep the view of one
week, not the array, when you need it later (``context.stance.copy()``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from numpy.typing import NDArray

from polsim.model import registry
from polsim.model.levers import Levers
from polsim.validation import read_only

if TYPE_CHECKING:
    from polsim.model.polarisation import PolarisationModel
    from polsim.networks import Adjacency

__all__ = ["CitySize", "Observations", "PolicyContext", "Sized"]


class Sized(Protocol):
    """What an intervention's facts (its units, reach and cost) need of a city: how many people
    and media outlets it has. A :class:`PolicyContext` is one; :class:`CitySize` is one
    without a city (the council report's)."""

    @property
    def n(self) -> int: ...

    @property
    def n_outlets(self) -> int: ...


@dataclass(frozen=True, slots=True)
class CitySize:
    """A city's size without the city: ``n`` people and ``n_outlets`` media outlets."""

    n: int
    n_outlets: int

    @classmethod
    def of(cls, params: Mapping[str, Any]) -> CitySize:
        """The size of the city a run builds from ``params`` (model parameters)."""
        return cls(n=int(params["n_agents"]), n_outlets=int(params["n_outlets"]))


@dataclass(slots=True)
class Observations:
    """The municipality's monitoring record: the phases its quick scans reported, as they
    arrived. It is what the municipality knows, not the city's state: a monitoring rule adds
    to it (:meth:`report`), adaptive interventions read :attr:`phase`."""

    #: (week the report arrived, KIS phase it reported), oldest first
    reports: list[tuple[int, int]] = field(default_factory=list)

    def report(self, week: int, phase: int) -> None:
        """A report that arrived in ``week``, giving the observed KIS ``phase`` (1-4)."""
        self.reports.append((int(week), int(phase)))

    @property
    def phase(self) -> int | None:
        """The phase of the latest report; None before the first."""
        return self.reports[-1][1] if self.reports else None


def _read_only(array: NDArray[Any]) -> NDArray[Any]:
    return read_only(array)


class PolicyContext:
    """What a policy receives each week instead of the model (see the module's description).

    The model owns one and passes it to every policy; ``context.week`` is the week being
    started. The state's views are read-only; everything a policy may change goes through the
    levers and the methods below.
    """

    __slots__ = ("_model", "_network", "_week", "monitoring")

    def __init__(self, model: PolarisationModel) -> None:
        self._model = model
        self._network: Adjacency | None = None
        #: the monitoring record (what the quick scans reported)
        self.monitoring = Observations()
        #: the week being started (0 before the first)
        self._week = 0

    # -- the city's size and settings ------------------------------------------------------

    @property
    def week(self) -> int:
        """The week being started (0 before the first); set by the model, read-only here."""
        return self._week

    @property
    def n(self) -> int:
        """Number of people."""
        return int(self._model.n)

    @property
    def n_outlets(self) -> int:
        """Number of media outlets."""
        return len(self._model.outlets)

    @property
    def params(self) -> Mapping[str, Any]:
        """Every model parameter's value this week (a read-only mapping)."""
        return MappingProxyType(self._model.params)

    @property
    def levers(self) -> Levers:
        """The city's levers: what a policy changes (:mod:`polsim.model.levers`)."""
        return self._model.levers

    def _state(self, name: str) -> NDArray[Any]:
        """A read-only view of this week's state array ``name`` (no copy)."""
        model = self._model
        return model.engine.view(name, model.city)

    # -- read-only views of the state ------------------------------------------------------

    @property
    def stance(self) -> NDArray[np.float64]:
        """Each person's stance in [-1, 1]."""
        return self._state("x")

    @property
    def commitment(self) -> NDArray[np.float64]:
        """Each person's commitment in [0, 1]."""
        return self._state("c")

    @property
    def resilience(self) -> NDArray[np.float64]:
        """Each person's resilience this week."""
        return self._state("r")

    @property
    def tolerance(self) -> NDArray[np.float64]:
        """Each person's tolerance of the middle this week."""
        return self._state("tau")

    @property
    def salience(self) -> NDArray[np.float64]:
        """Each person's identity salience this week."""
        return self._state("s")

    @property
    def visibility(self) -> NDArray[np.float64]:
        """How visible each person is (Brandsma's line of visibility)."""
        return self._state("visibility")

    @property
    def blame(self) -> NDArray[np.float64]:
        """The blame each person carries."""
        return self._state("blame")

    @property
    def influence(self) -> NDArray[np.float64]:
        """The influence blame leaves each person."""
        return self._state("w")

    @property
    def pressure(self) -> NDArray[np.float64]:
        """The polarisation pressure each person felt last week."""
        return self._state("pressure")

    @property
    def roles(self) -> NDArray[np.int8]:
        """Each person's role code (:data:`polsim.model.roles.ROLE_NAMES`)."""
        return self._state("roles")

    @property
    def bridge_builder(self) -> NDArray[np.bool_]:
        """Who is an assigned bridge builder."""
        return self._state("bridge")

    @property
    def key_figure(self) -> NDArray[np.bool_]:
        """Who is an assigned key figure."""
        return self._state("key_figure")

    @property
    def incidents(self) -> NDArray[np.bool_]:
        """Who was at an incident last week."""
        return self._state("incidents")

    @property
    def avoided_ties(self) -> NDArray[np.float64]:
        """Per person, the ties it avoided last week (the speaker beyond its rejection)."""
        return self._state("avoided_ties")

    @property
    def degree(self) -> NDArray[np.float64]:
        """Each person's number of ties in the offline network."""
        return self._state("degree")

    @property
    def follows(self) -> NDArray[np.integer]:
        """Row ``i``: the accounts person ``i`` follows online (change them with
        :meth:`replace_follows`)."""
        return self._state("follows")

    @property
    def groups(self) -> NDArray[Any] | None:
        """Each person's group (the network's node attribute ``group``), if it has one."""
        groups = self._model.groups
        return None if groups is None else _read_only(groups)

    @property
    def network(self) -> Adjacency:
        """The offline network as compressed rows, its arrays read-only."""
        if self._network is None:
            from polsim.networks import Adjacency

            a = self._model.adjacency
            self._network = Adjacency(
                indptr=_read_only(a.indptr),
                indices=_read_only(a.indices),
                in_indptr=_read_only(a.in_indptr),
                in_indices=_read_only(a.in_indices),
                nodes=a.nodes,
                weights=None if a.weights is None else _read_only(a.weights),
            )
        return self._network

    @property
    def outlet_restraint(self) -> tuple[float, ...]:
        """Each media outlet's restraint (the share of its amplification it holds back)."""
        return tuple(float(o.restraint) for o in self._model.outlets)

    # -- what a policy may do besides the levers ------------------------------------------

    def assign(
        self,
        role: str,
        people: Iterable[int],
        *,
        position: str = "above",
        tone: str | float = "mediating",
    ) -> None:
        """Give ``people`` a role from now on (``"bridge_builder"`` or ``"key_figure"``; see
        :meth:`polsim.PolarisationModel.assign`)."""
        self._model.assign(role, people, position=position, tone=tone)

    def unassign(self, role: str, people: Iterable[int]) -> None:
        """Take the ``role`` away from ``people``; their state stays as it is."""
        self._model.unassign(role, people)

    def restrain_outlets(self, level: float) -> None:
        """Every outlet holds back ``level`` (0-1) of its amplification from now on (0 ends
        it)."""
        if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 <= level <= 1:
            raise ValueError(f"restraint must be a number in [0, 1], got {level!r}")
        for outlet in self._model.outlets:
            outlet.restraint = float(level)

    def replace_follows(
        self, people: NDArray[np.integer], slots: NDArray[np.integer], accounts: NDArray[np.integer]
    ) -> None:
        """Make ``people[k]`` follow ``accounts[k]`` in place of the account in its online
        slot ``slots[k]``."""
        self._model.replace_follows(people, slots, accounts)

    def set_parameter(self, name: str, value: float) -> None:
        """Change a parameter the registry tags as a lever, from now on; any other is refused
        in one line (the city's size, how it is built, how its phase is measured)."""
        parameter = registry.PARAMETERS.get(name)
        if parameter is not None and parameter.role != "lever":
            raise ValueError(
                f"a policy may set only the lever parameters ({', '.join(registry.levers())}); "
                f"{name} is {registry.ROLES[parameter.role]}"
            )
        if parameter is None:
            registry.resolve({name: value})  # the one-line error naming the closest names
        self._model.set_parameter(name, value)

    @property
    def observed_phase(self) -> int | None:
        """The KIS phase of the monitoring's latest report (None before the first)."""
        return self.monitoring.phase
