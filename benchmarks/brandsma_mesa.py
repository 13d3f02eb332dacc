"""The Brandsma model's weekly rules written the idiomatic Mesa way: one ``mesa.Agent`` per
person holding its own state, neighbour lists of agents, ``AgentSet.shuffle_do`` for each phase
of the week. It implements the same equations as ``polsim.dynamics.brandsma`` (without bridge
builders and key figures, which the benchmark's default city does not have) and is the
baseline polsim's vectorised model is measured against.
"""

from __future__ import annotations

import math
from typing import Any

import mesa
import networkx as nx
import numpy as np

from polsim import parameters


class Person(mesa.Agent):
    """A person with its own state and the four phases of a week as methods."""

    def __init__(self, model: BrandsmaMesa, x: float, c: float, r: float, pusher: bool) -> None:
        super().__init__(model)
        self.x, self.c, self.r = x, c, r
        self.tau = self.tau0 = model.p["initial_tolerance"]
        self.blame, self.w = 0.0, 1.0
        self.conviction = model.p["pusher_conviction"] if pusher else 0.0
        self.neighbours: list[Person] = []
        self.follows: list[Person] = []
        self.outlets: list[int] = []
        self.incident = False

    def show(self) -> None:
        p = self.model.p
        floor = p["visibility_floor"]
        self.v = min(1.0, self.c * (floor + (1 - floor) * abs(self.x)))
        base = floor + self.v
        self.a = self.w * base
        self.e = self.a * (self.v / base) * abs(self.x)
        self.a_on = self.w * base ** p["online_contrast"]
        self.e_on = self.a_on * (self.v / base) * abs(self.x)
        self.u = p["acceptance"] * (1 - p["involvement_narrowing"] * self.c)
        self.t = max(self.u, p["rejection"] * (1 - p["involvement_rejection"] * self.c))

    def listen(self) -> None:
        heard = loud = pull = hostile = committed = signed = 0.0
        near_incident = self.incident
        for other in self.neighbours:
            d = other.x - self.x
            heard += other.a
            loud += other.e
            if abs(d) < self.u:
                pull += other.a * d
            elif abs(d) > self.t:
                pull -= other.a * d
            hostile += other.c * (1 - other.tau)
            committed += other.c
            signed += other.c if other.x > 0 else (-other.c if other.x < 0 else 0.0)
            near_incident = near_incident or other.incident
        sa = sum(f.a_on for f in self.follows)
        se = sum(f.e_on for f in self.follows)
        coverage = [self.model.coverage[o] for o in self.outlets]
        self.heard = (heard, loud, pull, hostile, committed, signed)
        self.online = se / sa if sa > 0 else 0.0
        self.media = sum(coverage) / len(coverage) if coverage else 0.0
        self.near_incident = 1.0 if near_incident else 0.0

    def decide(self) -> None:
        p = self.model.p
        heard, loud, pull, hostile, committed, signed = self.heard
        k = len(self.neighbours)
        s = loud / heard if heard > 0 else 0.0
        raw = (
            p["offline_amplification"] * s
            + p["media_amplification"] * self.media
            + p["online_amplification"] * self.online
            + p["incident_feedback"] * self.near_incident
        )
        pressure = min(1.0, max(0.0, raw))
        judged = pull / heard if heard > 0 else 0.0
        side = 1.0 if self.x > 0 else (-1.0 if self.x < 0 else 0.0)
        keep = 1 - self.conviction
        drift = p["social_influence"] * judged + p["side_taking"] * pressure * (
            side * self.c - self.x
        )
        self.new_x = min(1.0, max(-1.0, self.x + keep * drift))
        rise = p["commitment_gain"] * max(pressure - self.r, 0.0) * (1 - self.c)
        fade = p["commitment_decay"] * (1 - pressure) * keep * self.c
        self.new_c = min(1.0, max(0.0, self.c + rise - fade))
        erode = p["tolerance_erosion"] * self.c * pressure * self.tau
        recover = p["tolerance_recovery"] * (1 - self.c) * (self.tau0 - self.tau)
        self.new_tau = min(1.0, max(0.0, self.tau - erode + recover))
        share = hostile / k if k else 0.0
        self.new_blame = (1 - p["blame_decay"]) * self.blame + p["blame_rate"] * (
            1 - abs(self.x)
        ) * self.v * share
        opposition = 0.5 * (committed - side * signed) if side else 0.0
        tension = self.c * opposition / k if k else 0.0
        chance = -math.expm1(-p["incident_hazard"] * tension**2)
        self.new_incident = chance > 0 and self.random.random() < chance

    def apply(self) -> None:
        self.x, self.c, self.tau = self.new_x, self.new_c, self.new_tau
        self.blame = self.new_blame
        self.w = 1 / (1 + self.model.p["blame_influence_loss"] * self.blame)
        self.incident = self.new_incident

    def rewire(self) -> None:
        if not self.follows or self.random.random() >= self.model.p["online_rewiring"]:
            return
        slot = self.random.randrange(len(self.follows))
        if abs(self.x - self.follows[slot].x) > self.t:
            same_side = [a for a in self.model.sample_people() if (a.x >= 0) == (self.x >= 0)]
            if same_side and same_side[0] is not self:
                self.follows[slot] = same_side[0]


class BrandsmaMesa(mesa.Model):
    """The Brandsma week, one Python object per person."""

    def __init__(self, graph: nx.Graph, *, seed: int = 0, **overrides: Any) -> None:
        super().__init__(rng=seed)
        self.p = parameters.resolve({"n_agents": graph.number_of_nodes(), **overrides})
        n = graph.number_of_nodes()
        gen = self.rng
        x = np.clip(gen.normal(0, self.p["initial_stance_sd"], n), -1, 1)
        c = np.clip(gen.normal(self.p["initial_commitment"], 0.1, n), 0, 1)
        r = np.clip(gen.normal(self.p["resilience_mean"], self.p["resilience_sd"], n), 0, 1)
        pushers = set(gen.choice(n, size=round(self.p["pusher_share"] * n), replace=False).tolist())
        people = [Person(self, x[i], c[i], r[i], i in pushers) for i in range(n)]
        for i, person in enumerate(people):
            person.neighbours = [people[j] for j in graph.neighbors(i)]
            person.follows = [people[j] for j in gen.integers(0, n, self.p["online_degree"])]
            person.outlets = [
                o for o in range(int(self.p["n_outlets"])) if gen.random() < self.p["media_reach"]
            ]
        self.people = people
        self.coverage = [0.0] * int(self.p["n_outlets"])

    def sample_people(self, k: int = 1) -> list[Person]:
        return [self.people[int(i)] for i in self.rng.integers(0, len(self.people), k)]

    def cover(self) -> None:
        floor, kappa = self.p["visibility_floor"], self.p["media_contrast"]
        for o in range(len(self.coverage)):
            shown = []
            for side in (1, -1):
                a_sum = e_sum = 0.0
                for person in self.sample_people(200):
                    if person.x * side > 0:
                        base = floor + person.v
                        a = person.w * base**kappa
                        a_sum += a
                        e_sum += a * (person.v / base) * abs(person.x)
                if a_sum > 0:
                    shown.append(e_sum / a_sum)
            self.coverage[o] = sum(shown) / len(shown) if shown else 0.0

    def step(self) -> None:
        self.agents.shuffle_do("show")
        self.cover()
        self.agents.shuffle_do("listen")
        self.agents.shuffle_do("decide")
        self.agents.shuffle_do("apply")
        self.agents.shuffle_do("rewire")
