"""Idiomatic Mesa implementations of the classic rules, written the way the Mesa tutorials
write models: one Agent object per person, neighbours as agent lists, ``AgentSet.shuffle_do``.

They are the baselines polsim is measured against; they share the rule and the network, not
the random stream.
"""

from __future__ import annotations

from typing import Any

import mesa
import networkx as nx
import numpy as np


class DeffuantPerson(mesa.Agent):
    """Meets one random neighbour per activation; both move if within the threshold."""

    def __init__(self, model: Any, opinion: float) -> None:
        super().__init__(model)
        self.opinion = opinion
        self.neighbours: list[DeffuantPerson] = []

    def step(self) -> None:
        if not self.neighbours:
            return
        other = self.random.choice(self.neighbours)
        d = other.opinion - self.opinion
        if abs(d) < self.model.eps:
            self.opinion += self.model.mu * d
            other.opinion -= self.model.mu * d


class HKPerson(mesa.Agent):
    """Computes the mean of the opinions within the bound (itself included), then applies it."""

    def __init__(self, model: Any, opinion: float) -> None:
        super().__init__(model)
        self.opinion = opinion
        self.next_opinion = opinion
        self.neighbours: list[HKPerson] = []

    def compute(self) -> None:
        eps = self.model.eps
        total, count = self.opinion, 1
        for other in self.neighbours:
            if abs(other.opinion - self.opinion) <= eps:
                total += other.opinion
                count += 1
        self.next_opinion = total / count

    def apply(self) -> None:
        self.opinion = self.next_opinion


class MesaOpinionModel(mesa.Model):
    """Deffuant (asynchronous sweep) or Hegselmann–Krause (synchronous) on a networkx graph."""

    def __init__(
        self,
        graph: nx.Graph,
        x0: np.ndarray,
        *,
        rule: str,
        eps: float,
        mu: float = 0.5,
        seed: int = 0,
    ) -> None:
        super().__init__(rng=seed)
        self.rule = rule
        self.eps = eps
        self.mu = mu
        cls = DeffuantPerson if rule == "deffuant" else HKPerson
        people = [cls(self, float(v)) for v in x0]
        for i, person in enumerate(people):
            person.neighbours = [people[j] for j in graph.neighbors(i)]

    def step(self) -> None:
        if self.rule == "deffuant":
            self.agents.shuffle_do("step")
        else:
            self.agents.shuffle_do("compute")
            self.agents.do("apply")

    def opinions(self) -> np.ndarray:
        return np.array([a.opinion for a in self.agents])
