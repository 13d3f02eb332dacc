"""A Mesa model around the classic opinion-dynamics kernels.

:class:`ClassicModel` is a real :class:`mesa.Model`: the opinions are one numpy array, a step is
one call of a vectorised kernel from :mod:`polsim.classic`, and Mesa agents are views
over that array so that Mesa's DataCollector and visualisation work unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mesa
import networkx as nx
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from polsim import measures
from polsim.classic import kernels
from polsim.classic.agents import OpinionAgent
from polsim.classic.result import DynamicsResult
from polsim.networks import GraphLike, prepare
from polsim.validation import check_finite_array, check_int

__all__ = ["UPDATE_RULES", "ClassicModel", "Rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    """How :class:`ClassicModel` drives one kernel.

    ``budget`` is the keyword through which one model step is granted: one synchronous step,
    or one sweep of ``n`` elementary interactions for asynchronous rules.
    """

    kernel: Callable[..., DynamicsResult]
    budget: str
    per_agent: bool
    initial: str  # "unit" (uniform on [0, 1]), "symmetric" (uniform on [-1, 1]) or "binary"


UPDATE_RULES: dict[str, Rule] = {
    "degroot": Rule(kernels.degroot, "steps", False, "unit"),
    "friedkin_johnsen": Rule(kernels.friedkin_johnsen, "steps", False, "unit"),
    "hegselmann_krause": Rule(kernels.hegselmann_krause, "max_steps", False, "unit"),
    "deffuant": Rule(kernels.deffuant, "interactions", True, "unit"),
    "jager_amblard": Rule(kernels.jager_amblard, "interactions", True, "symmetric"),
    "voter": Rule(kernels.voter, "max_steps", True, "binary"),
    "baumann": Rule(kernels.baumann, "steps", False, "symmetric"),
}


class ClassicModel(mesa.Model):
    """A classic opinion-dynamics rule as a Mesa model.

    Parameters
    ----------
    rule : str
        One of ``degroot``, ``friedkin_johnsen``, ``hegselmann_krause``, ``deffuant``,
        ``jager_amblard``, ``voter``, ``baumann``.
    x0 : array_like, optional
        Initial opinions. Default: ``n_agents`` draws from the rule's usual initial condition
        (uniform on [0, 1]; uniform on [-1, 1] for Jager–Amblard and Baumann; fair coin flips
        for the voter model).
    n_agents : int, optional
        Number of people when neither ``x0`` nor ``network`` fixes it.
    network : networkx graph or sparse adjacency, optional
        Who hears whom; None is complete mixing.
    rng : numpy Generator or int seed
        The model's only random source (Mesa's ``rng``). Same seed, same trajectory.
    create_agents : bool
        Create Mesa agent views (skip for large headless runs).
    collect : bool
        Record ``metrics`` every step (turn off when only the final state matters).
    **parameters
        The rule's own parameters (for example ``eps=0.2, mu=0.5`` for Deffuant).

    Notes
    -----
    One step is one synchronous update, or one sweep of ``n`` elementary interactions for the
    asynchronous rules (Deffuant, Jager–Amblard, voter), the usual Monte Carlo time unit.
    ``model.running`` turns False when the rule's convergence criterion is met.

    Examples
    --------
    >>> from polsim import ClassicModel, networks
    >>> g = networks.watts_strogatz(200, 6, 0.1, rng=1)
    >>> model = ClassicModel(rule="deffuant", network=g, rng=2, eps=0.3, mu=0.5)
    >>> model.run(5)
    >>> model.metrics["step"].tolist()
    [0, 1, 2, 3, 4, 5]
    """

    def __init__(
        self,
        *,
        rule: str,
        x0: ArrayLike | None = None,
        n_agents: int | None = None,
        network: GraphLike | None = None,
        rng: Any = None,
        create_agents: bool = True,
        collect: bool = True,
        **parameters: Any,
    ) -> None:
        if rule not in UPDATE_RULES:
            raise ValueError(f"rule must be one of {', '.join(sorted(UPDATE_RULES))}; got {rule!r}")
        if isinstance(rng, np.random.Generator | np.random.SeedSequence):
            rng = np.random.default_rng(rng)
        super().__init__(rng=rng)
        self.rule = rule
        self._rule = UPDATE_RULES[rule]
        self.network = network
        self._adjacency = None if network is None else prepare(network)
        n = self._size(x0, n_agents)
        self.x: NDArray[np.float64] = (
            self._initial(n) if x0 is None else check_finite_array(x0, "x0")
        )
        self.parameters = dict(parameters)
        self._fixed: dict[str, Any] = {}
        if rule == "friedkin_johnsen":
            self._fixed["anchor"] = self.x.copy()
        if rule == "baumann":
            # the activity distribution's defaults are the kernel's own (one place)
            given = inspect.signature(kernels.baumann).parameters
            self._fixed["activities"] = kernels._power_law_activities(
                self.rng,
                self.x.size,
                float(parameters.get("eps", given["eps"].default)),
                float(parameters.get("gamma", given["gamma"].default)),
            )
        # Validate every parameter now, with a zero-step call, rather than at the first step.
        self._call(0, np.random.default_rng(0))
        self.converged = False
        self.step_count = 0
        if create_agents:
            OpinionAgent.create_agents(self, n, index=list(range(n)))
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "step": "step_count",
                "mean": lambda m: float(np.mean(m.x)),
                "spread": lambda m: measures.spread(m.x),
                "bimodality": lambda m: (
                    measures.bimodality_coefficient(m.x) if m.x.size >= 4 else 0.0
                ),
                "clusters": lambda m: measures.cluster_count(m.x, tol=1e-3),
            },
        )
        self.collect = bool(collect)
        self.datacollector.collect(self)

    def _size(self, x0: ArrayLike | None, n_agents: int | None) -> int:
        if x0 is not None:
            n = int(np.size(x0))
        elif self._adjacency is not None:
            n = self._adjacency.n
        elif n_agents is not None:
            n = check_int(n_agents, "n_agents", low=1)
        else:
            raise ValueError("give x0, n_agents or network so the number of agents is known")
        sizes = (n_agents, None if self._adjacency is None else self._adjacency.n)
        for name, size in zip(("n_agents", "network"), sizes, strict=True):
            if size is not None and size != n:
                raise ValueError(f"{name} has {size} agents but the model has {n}; they must match")
        return n

    def _initial(self, n: int) -> NDArray[np.float64]:
        kind = self._rule.initial
        if kind == "binary":
            return self.rng.integers(0, 2, size=n).astype(np.float64)
        if kind == "symmetric":
            return self.rng.uniform(-1.0, 1.0, size=n)
        return self.rng.random(n)

    def _call(self, budget: int, rng: np.random.Generator) -> DynamicsResult:
        kwargs = {**self.parameters, **self._fixed, self._rule.budget: budget}
        graph = None if self.rule == "baumann" else self._adjacency
        return self._rule.kernel(self.x, graph=graph, rng=rng, **kwargs)

    def step(self) -> None:
        """Advance one time unit (see Notes in the class docstring)."""
        budget = self.x.size if self._rule.per_agent else 1
        result = self._call(budget, self.rng)
        self.x[:] = result.x  # in place: agent views keep pointing at the same array
        self.converged = bool(result.converged)
        self.step_count += 1
        self.running = not self.converged
        if self.collect:
            self.datacollector.collect(self)

    def run(self, steps: int) -> None:
        """Run ``steps`` steps, stopping early once the rule has converged."""
        steps = check_int(steps, "steps", low=0)
        for _ in range(steps):
            if not self.running:
                break
            self.step()

    @property
    def metrics(self) -> pd.DataFrame:
        """One row per collected step: ``step``, ``mean``, ``spread``, ``bimodality``,
        ``clusters``."""
        return self.datacollector.get_model_vars_dataframe().reset_index(drop=True)

    def neighbour_indices(self, index: int) -> list[int]:
        """Indices of the people agent ``index`` hears (empty under complete mixing)."""
        if self._adjacency is None:
            return []
        a = self._adjacency
        return a.indices[a.indptr[index] : a.indptr[index + 1]].tolist()

    @property
    def graph(self) -> nx.Graph | None:
        """The network as given, or None under complete mixing."""
        return self.network if isinstance(self.network, nx.Graph) else None
