"""The Brandsma model's weekly rules written the idiomatic Mesa way: one ``mesa.Agent`` per
person holding its own state, neighbour lists of agents from a networkx graph, and
``AgentSet.shuffle_do`` for each phase of the week. It is the baseline polsim's vectorised
model is measured against, so it implements the same equations as
``polsim.model.mechanisms`` in the order of ``PolarisationModel.step``:

1. ``show``: latitudes from salience (with the rejection gap), visibility (with the stage a
   programme gives), the attention and visible extremity one's voice carries offline and
   online, hostility to the middle;
2. the outlets cover a sample of the city (``BrandsmaMesa.cover``) and the national debates
   move on;
3. ``listen``: what one hears from one's neighbours (visible extremity by side, the
   social-judgement pull, hostility around one and on the other side, avoided ties), trust in
   the key figures among them, incidents nearby, what one's feed shows by side, one's outlets;
4. ``decide``: pressure (offline and online side-aware with salience, damped by trusted key
   figures), a message addressed to one (judged by one's latitudes), stance, commitment (with
   conviction as a floor), tolerance, salience, resilience (with programme support), blame and
   the incident probability, all from the state at the start of the week;
5. ``apply``: the new state, influence ``1 / (1 + b)`` and this week's incidents;
6. ``rewire``: unfollowing a rejected account for the most engaging suggestion on one's own
   side;
7. the KIS indicators (us-versus-them talk = mean of ``v s`` as spoken, before the update;
   share of avoided ties; incident rate) and the phase read off them.

Like polsim, what a person shows its neighbours and followers (stance, attention, visible
extremity, hostility) is kept in single precision (``array("f")``); every equation is evaluated
in double precision. Bridge builders and their dialogues are not in this baseline (the
benchmark city, like polsim's default, has none); key figures and the policy levers are.

:func:`check_against_polsim` runs the same city through both for a few weeks with every
random draw that could change the state taken out, and returns the largest difference.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import mesa
import networkx as nx
import numpy as np

from polsim import PolarisationModel
from polsim.model import mechanisms, registry
from polsim.model.events import Shock
from polsim.model.media import MediaOutlet
from polsim.model.polarisation import INITIAL_COMMITMENT

#: Draws a rewiring person makes to find somebody on its own side (as polsim).
REWIRE_TRIES = 16
#: Fields :func:`check_against_polsim` compares, person by person.
COMPARED = ("x", "c", "tau", "s", "r", "blame", "w", "pressure", "incident_chance")


def _sign(value: float) -> float:
    return 1.0 if value > 0.0 else (-1.0 if value < 0.0 else 0.0)


def _clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _beta(rnd: Any, mean: float, sd: float) -> float:
    """A beta draw with the given mean and standard deviation (as polsim's initial state)."""
    if mean <= 0.0 or mean >= 1.0 or sd <= 0.0:
        return _clip(mean, 0.0, 1.0)
    var = min(sd**2, 0.99 * mean * (1 - mean))
    k = mean * (1 - mean) / var - 1
    return float(rnd.betavariate(mean * k, (1 - mean) * k))


@dataclass
class Outlet:
    """A mainstream outlet: who follows it is on the people (``Person.outlets``)."""

    contrast: float
    restraint: float = 0.0
    coverage: float = 0.0


@dataclass
class Debate:
    """A scheduled shock (``polsim.model.events.Shock``): who it reaches is on the people."""

    start: int
    duration: int
    strength: float

    def active(self, week: int) -> bool:
        return self.start <= week < self.start + self.duration


class Person(mesa.Agent):
    """A person with its own state and the phases of a week as methods."""

    model: BrandsmaMesa

    def __init__(self, model: BrandsmaMesa, *, key_figure: bool = False) -> None:
        super().__init__(model)
        self.x = self.c = self.blame = self.conviction = 0.0
        self.r = self.r0 = self.tau = self.tau0 = self.s = self.s0 = 0.0
        self.w = 1.0
        self.key_figure = key_figure
        # policy levers
        self.support = self.reframed = self.moralised = self.literacy = 0.0
        self.message = self.addressed = self.stage = 0.0
        self.reach = 1.0
        # whom one hears, follows and reads, and which scheduled shocks reach one
        self.neighbours: list[Person] = []
        self.follows: list[Person] = []
        self.outlets: list[Outlet] = []
        self.shocked_by: list[bool] = []
        self.incident = False

    # 1. what one shows ---------------------------------------------------------------------
    def show(self) -> None:
        p = self.model.p
        narrowing = 1 - p["ego_involvement"] * self.s
        self.u = p["acceptance"] * narrowing
        self.t = (p["acceptance"] + p["rejection_gap"]) * narrowing
        floor = p["visibility_floor"]
        self.v = min(1.0, self.c * (floor + (1 - floor) * abs(self.x)) + self.stage)
        base = floor + self.v
        voice = self.w * self.reach
        a = voice * base
        a_on = voice * base ** p["online_contrast"]
        if base > 0:
            e = a * (self.v / base) * abs(self.x)
            e_on = a_on * (self.v / base) * abs(self.x)
        else:
            e = e_on = 0.0
        hostility = self.c * (1 - self.tau)
        # what the neighbours and followers see, in single precision as in polsim
        self.shown_x, self.shown_a, self.shown_e, self.shown_h, self.shown_a_on, self.shown_e_on = (
            array("f", (self.x, a, e, hostility, a_on, e_on))
        )

    # 3. what one hears ---------------------------------------------------------------------
    def listen(self) -> None:
        me, u, t = self.shown_x, self.u, self.t
        heard = right = left = pull = hostile = opposed = avoided = 0.0
        trust = 1.0 if self.key_figure else 0.0
        near = 1.0 if self.incident else 0.0
        for other in self.neighbours:
            d = other.shown_x - me
            heard += other.shown_a
            if other.shown_x > 0:
                right += other.shown_e
            else:
                left += other.shown_e
            if abs(d) < u:
                pull += other.shown_a * d
            elif abs(d) > t:
                pull -= other.shown_a * d
                avoided += 1
            hostile += other.shown_h
            if me * other.shown_x < 0:
                opposed += other.shown_h
            if other.incident:
                near += 1
            if other.key_figure:
                trust += self.trust_in(other)
        self.heard, self.right, self.left, self.pull = heard, right, left, pull
        self.hostile, self.opposed, self.avoided, self.trust = hostile, opposed, avoided, trust
        self.near_incident = near + (self.model.news if self.outlets else 0.0)
        heard = right = left = 0.0
        for account in self.follows:
            heard += account.shown_a_on
            if account.shown_x > 0:
                right += account.shown_e_on
            else:
                left += account.shown_e_on
        self.online_heard, self.online_right, self.online_left = heard, right, left
        followed = [outlet.coverage for outlet in self.outlets]
        self.media = (sum(followed) / len(followed) if followed else 0.0) * (1 - self.literacy)
        self.shock = self.model.national + sum(
            debate.strength
            for debate, reached in zip(self.model.debates, self.shocked_by, strict=True)
            if reached and debate.active(self.model.week)
        )

    def trust_in(self, figure: Person) -> float:
        """Trust in a key figure one hears: full within one's acceptance, none beyond one's
        rejection, in proportion in between."""
        d = abs(figure.x - self.x)
        if d <= self.u:
            return 1.0
        return (self.t - d) / (self.t - self.u) if d < self.t else 0.0

    # 4. the week's equations ---------------------------------------------------------------
    def loudness(self, heard: float, right: float, left: float) -> float:
        """Visible extremity of what one hears, side-aware: one's own side in full, the other
        side as far as the us-versus-them identity is salient to one."""
        if heard <= 0:
            return 0.0
        if self.x > 0:
            return (right + self.s * left) / heard
        if self.x < 0:
            return (left + self.s * right) / heard
        return (right + left) / heard

    def judge(self, d: float) -> float:
        """Social judgement of a voice at distance ``d``: +1 within one's latitude of
        acceptance, -1 beyond one's latitude of rejection, 0 in between."""
        return (1.0 if abs(d) < self.u else 0.0) - (1.0 if abs(d) > self.t else 0.0)

    def decide(self) -> None:
        p = self.model.p
        x, c, s, r, heard = self.x, self.c, self.s, self.r, self.heard
        k = len(self.neighbours)
        offline = self.loudness(heard, self.right, self.left)
        online = (1 - self.literacy) * self.loudness(
            self.online_heard, self.online_right, self.online_left
        )
        raw = (
            p["offline_amplification"] * offline
            + p["media_amplification"] * self.media
            + p["online_amplification"] * online
            + self.shock
        )
        pressure = _clip(raw, 0.0, 1.0) * (1 - p["key_figure_damping"] * min(1.0, self.trust))
        self.pressure = pressure
        moved = committed = 0.0  # by a message addressed to one
        if self.addressed:
            d = self.message - x
            sense = self.judge(d) * self.addressed
            moved = p["dialogue_influence"] * sense * d
            committed = -p["dialogue_commitment"] * sense
        judged = self.pull / heard if heard > 0 else 0.0
        pulled = p["social_influence"] * judged
        sided = p["side_taking"] * pressure * (_sign(x) * c * s - x)
        keep = 1 - self.conviction  # conviction damps every influence on a pusher
        self.new_x = _clip(x + keep * (pulled + sided + moved), -1.0, 1.0)
        above = max(pressure - r, 0.0)
        rise = p["commitment_gain"] * above * (1 - c)
        fade = p["commitment_decay"] * (1 - pressure) * max(c - self.conviction, 0.0)
        self.new_c = _clip(c + rise - fade + keep * committed, 0.0, 1.0)
        erode = p["tolerance_erosion"] * c * pressure * self.tau
        recover = p["tolerance_recovery"] * (1 - c) * (self.tau0 - self.tau)
        self.new_tau = _clip(self.tau - erode + recover, 0.0, 1.0)
        framing = (1 - self.reframed) * above + p["incident_salience"] * min(
            1.0, self.near_incident
        )
        kindled = p["salience_gain"] * min(1.0, framing) * (1 - s)
        kindled += p["moralising_salience"] * self.moralised * c * (1 - s)
        self.new_s = _clip(s + kindled - p["salience_decay"] * (s - self.s0), 0.0, 1.0)
        built = p["support_gain"] * self.support * (1 - r)
        self.new_r = _clip(r + built - p["resilience_relaxation"] * (r - self.r0), 0.0, 1.0)
        share = self.hostile / k if k > 0 else 0.0
        self.new_blame = (1 - p["blame_decay"]) * self.blame + p["blame_rate"] * (
            1 - abs(x)
        ) * self.v * share
        tension = c * s * self.opposed / k if k > 0 else 0.0
        self.incident_chance = -math.expm1(-p["incident_hazard"] * tension**2)

    # 5. the new state ----------------------------------------------------------------------
    def apply(self) -> None:
        self.x, self.c, self.tau = self.new_x, self.new_c, self.new_tau
        self.s, self.r, self.blame = self.new_s, self.new_r, self.new_blame
        self.w = 1 / (1 + self.blame)
        self.incident = self.random.random() < self.incident_chance

    # 6. the online layer -------------------------------------------------------------------
    def rewire(self) -> None:
        if not self.follows or self.random.random() >= self.model.p["online_rewiring"]:
            return
        slot = self.random.randrange(len(self.follows))
        if abs(self.x - self.follows[slot].x) <= self.t:
            return
        tries = (self.random.choice(self.model.people) for _ in range(REWIRE_TRIES))
        suggested = [other for other in tries if (other.x >= 0) == (self.x >= 0)]
        if suggested:
            best = max(suggested, key=lambda other: other.shown_a_on)  # the most engaging
            if best is not self:
                self.follows[slot] = best


class BrandsmaMesa(mesa.Model):
    """The Brandsma week, one Python object per person.

    ``graph`` is the offline network (node ``i`` hears its neighbours); ``key_figures`` the
    people who are key figures; ``shocks`` scheduled :class:`polsim.model.events.Shock` s;
    ``overrides`` any registry parameter.
    """

    def __init__(
        self,
        graph: nx.Graph,
        *,
        seed: int = 0,
        key_figures: Iterable[int] = (),
        shocks: Sequence[Shock] = (),
        **overrides: Any,
    ) -> None:
        super().__init__(rng=seed)
        n = graph.number_of_nodes()
        self.p = p = registry.resolve({"n_agents": n, **overrides})
        self.week = 0
        self.outlets = [Outlet(float(p["media_contrast"])) for _ in range(int(p["n_outlets"]))]
        self.debates = [Debate(s.start, s.duration, s.strength) for s in shocks]
        self.national, self.news = 0.0, 0.0
        self.running_debates: list[tuple[int, float]] = []
        pushers = self.random.sample(range(n), round(p["pusher_share"] * n))
        side = {who: 1.0 if k % 2 == 0 else -1.0 for k, who in enumerate(pushers)}
        figures = set(key_figures)
        people = []
        for i in range(n):
            person = Person(self, key_figure=i in figures)
            if i in side:
                person.x = side[i] * self.random.uniform(0.85, 1.0)
                person.c = self.random.uniform(0.85, 1.0)
                person.r0 = person.r = 0.0
                person.s0 = person.s = 1.0
                person.conviction = p["pusher_conviction"]
            else:
                person.x = _clip(self.random.gauss(0.0, p["initial_stance_sd"]), -1.0, 1.0)
                person.c = _beta(self.random, *INITIAL_COMMITMENT)
                person.r0 = person.r = _beta(self.random, p["resilience_mean"], p["resilience_sd"])
                person.s0 = person.s = p["initial_salience"]
            person.tau0 = person.tau = p["initial_tolerance"]
            person.outlets = [o for o in self.outlets if self.random.random() < p["media_reach"]]
            person.shocked_by = [self.random.random() < s.reach for s in shocks]
            people.append(person)
        d = min(int(p["online_degree"]), n - 1)
        for i, person in enumerate(people):
            person.neighbours = [people[j] for j in graph.neighbors(i)]
            person.follows = [people[(i + self.random.randrange(1, n)) % n] for _ in range(d)]
        self.people = people
        self.ties = sum(len(person.neighbours) for person in people)
        self.history: dict[str, list[float]] = {"talk": [], "avoidance": [], "incidents": []}
        self.datacollector = mesa.DataCollector(
            model_reporters={name: name for name in ("us_them_talk", "avoidance", "phase")}
        )
        self.agents.do("show")
        self.agents.do("listen")
        self.us_them_talk = sum(person.v * person.s for person in people) / n
        self.measure(incidents=0)

    def cover(self) -> None:
        """Each outlet covers ``media_sample`` people drawn with replacement, both sides
        heard equally."""
        p = self.p
        floor = p["visibility_floor"]
        for outlet in self.outlets:
            sample = self.random.choices(self.people, k=int(p["media_sample"]))
            shown = []
            for side in (1.0, -1.0):
                on_side = [person for person in sample if person.x * side > 0]
                if not on_side:
                    continue
                a_sum = e_sum = 0.0
                for person in on_side:
                    base = floor + person.v
                    a = person.w * person.reach * base**outlet.contrast
                    a_sum += a
                    e_sum += a * (person.v / base) * abs(person.x) if base > 0 else 0.0
                shown.append(e_sum / a_sum if a_sum > 0 else 0.0)
            outlet.coverage = (1 - outlet.restraint) * (sum(shown) / len(shown) if shown else 0.0)

    def debate(self) -> None:
        """National debates: one starts with probability ``shock_rate``; ``national`` is the
        pressure of those under way."""
        p = self.p
        if self.random.random() < p["shock_rate"]:
            strength = 2.0 * p["shock_strength"] * self.random.random()
            self.running_debates.append((self.week + int(p["shock_duration"]), strength))
        self.running_debates = [(last, k) for last, k in self.running_debates if self.week < last]
        self.national = sum(k for _, k in self.running_debates)

    def step(self) -> None:
        people = self.agents
        people.shuffle_do("show")
        self.cover()
        self.debate()
        people.shuffle_do("listen")
        people.shuffle_do("decide")
        # us-versus-them talk as spoken this week: visibility times salience before the update
        self.us_them_talk = sum(person.v * person.s for person in self.people) / len(self.people)
        people.do("apply")
        people.shuffle_do("rewire")
        self.week += 1
        incidents = sum(1 for person in self.people if person.incident)
        self.news = self.p["incident_news"] * 1000.0 * incidents / len(self.people)
        self.measure(incidents)

    def measure(self, incidents: int) -> None:
        """The KIS indicators of this week and the phase read off them."""
        n = len(self.people)
        avoided = sum(person.avoided for person in self.people)
        self.avoidance = avoided / self.ties if self.ties else 0.0
        self.incident_rate = 1000.0 * incidents / n
        for name, value in zip(
            self.history, (self.us_them_talk, self.avoidance, self.incident_rate), strict=True
        ):
            self.history[name].append(value)
        window = int(self.p["reading_window"])
        talk, avoid, rate = (sum(h[-window:]) / len(h[-window:]) for h in self.history.values())
        unease = talk >= self.p["talk_threshold"]
        tension = unease and avoid >= self.p["avoidance_threshold"]
        open_ = tension and rate >= self.p["incident_threshold"]
        self.phase = 1 + unease + tension + open_
        self.datacollector.collect(self)

    # -- for the check against polsim --------------------------------------------------------

    def load(self, model: PolarisationModel) -> None:
        """Take over the state, levers, key figures, follows, outlets, scheduled shocks and
        last week's incidents of a polsim model of the same city (for the check)."""
        if model.n != len(self.people) or dict(model.params) != dict(self.p):
            raise ValueError("load needs a polsim model of the same size and parameters")
        self.outlets = [Outlet(o.contrast, o.restraint, o.coverage) for o in model.outlets]
        self.debates = [Debate(s.start, s.duration, s.strength) for s in model.shocks]
        lv = model.levers
        names = {"x": model.x, "c": model.c, "r": model.r, "r0": model.r0, "tau": model.tau,
                 "tau0": model.tau0, "s": model.s, "s0": model.s0, "blame": model.blame,
                 "w": model.w, "conviction": model.conviction, "key_figure": model.key_figure,
                 "support": lv.support, "reframed": lv.reframed, "moralised": lv.moralised,
                 "reach": lv.reach, "literacy": lv.literacy, "message": lv.message,
                 "addressed": lv.addressed, "stage": lv.stage,
                 "incident": model.incidents}  # fmt: skip
        audiences = model.engine.cities[model.city].audiences
        for i, person in enumerate(self.people):
            for name, values in names.items():
                setattr(person, name, values[i].item())
            person.follows = [self.people[j] for j in model.follows[i]]
            person.outlets = [o for o, src in zip(self.outlets, model.outlets, strict=True)
                              if src.followers[i]]  # fmt: skip
            person.shocked_by = [bool(a[i]) for a in audiences]
        incidents = int(model.incidents.sum())
        self.news = self.p["incident_news"] * 1000.0 * incidents / len(self.people)
        self.week = model.step_count

    def column(self, name: str) -> np.ndarray:
        """One attribute of every person, as an array in the order of the people."""
        return np.array([getattr(person, name) for person in self.people], dtype=np.float64)


def check_against_polsim(n: int = 600, weeks: int = 3, seed: int = 11) -> dict[str, Any]:
    """Run one city through polsim and through :class:`BrandsmaMesa` and compare them.

    Every random draw that could change the state is taken out: no bridge builders (no
    dialogues), no national debates, outlets that hold all their amplification back (their
    coverage is 0 whatever they sample, while their followers still get the news of
    incidents), no rewiring of the online feeds (what the feeds show is fixed by the follows),
    and the incidents polsim draws each week are copied into the Mesa model (so the incidents
    near each person are the same in both). What remains is deterministic and exercises every
    term of the week: the network, the feeds, key figures, the levers on parts of the city
    (programme support, reframing, moralising, limited reach, media literacy, two messages, a
    stage), a scheduled shock, a random starting state (a few stances exactly 0) and last
    week's incidents.

    Returns the largest absolute difference per field and week (and ``max_abs_difference``
    over all): per person stance, commitment, tolerance, salience, resilience, blame,
    influence, pressure and incident probability (polsim's from
    :func:`polsim.model.mechanisms.incident_probability`), and the two KIS indicators.
    """
    gen = np.random.default_rng(seed)
    graph = nx.watts_strogatz_graph(n, 10, 0.1, seed=seed)
    # a high incident hazard, so that incidents happen and feed the next week
    settings: dict[str, Any] = {"online_rewiring": 0.0, "shock_rate": 0.0, "n_outlets": 0,
                                "bridge_builder_share": 0.0, "incident_news": 0.02,
                                "incident_hazard": 1.0}  # fmt: skip
    figures = gen.choice(n, size=n // 20, replace=False)
    outlets = [MediaOutlet(name=f"o{k}", contrast=2.0, followers=gen.random(n) < 0.6,
                           restraint=1.0) for k in range(2)]  # fmt: skip
    model = PolarisationModel(network=graph, rng=seed, media=outlets, key_figures=figures,
                              shocks=[Shock(start=0, duration=2, strength=0.1)],
                              create_agents=False, **settings)  # fmt: skip
    state = {"x": np.where(gen.random(n) < 0.05, 0.0, gen.uniform(-1.0, 1.0, n))}
    state["c"], state["r"], state["r0"] = gen.random(n), gen.random(n), gen.random(n)
    state["tau"], state["tau0"] = gen.random(n), gen.random(n)
    state["s"], state["s0"] = gen.random(n), gen.random(n) * 0.5
    state["blame"] = gen.exponential(0.5, n)
    state["w"] = mechanisms.influence(state["blame"])
    state["conviction"] = np.where(gen.random(n) < 0.1, 0.9, 0.0)
    state["incidents"] = gen.random(n) < 0.03
    for name, values in state.items():  # a researcher's own starting state, set in the engine
        model.engine.write(name, model.city)[:] = values
    some = [gen.choice(n, size=n // 4, replace=False) for _ in range(8)]
    model.levers.give_support(some[0], 0.8)
    model.levers.reframe(some[1], 0.5)
    model.levers.moralise(some[2], 0.6)
    model.levers.limit_reach(some[3], 0.4)
    model.levers.teach_literacy(some[4], 0.5)
    model.levers.address(some[5], 0.1, 0.7)
    model.levers.address(some[6], -0.8, 0.5)
    model.levers.give_stage(some[7], 0.3)
    baseline = BrandsmaMesa(graph, seed=seed, **settings)
    baseline.load(model)
    hazard = float(model.params["incident_hazard"])
    differences: dict[str, float] = {}
    incidents = 0
    for week in range(1, weeks + 1):
        x, c, s = model.x.copy(), model.c.copy(), model.s.copy()
        model.step()
        baseline.step()
        heard = model.engine.heard  # the city's engine holds this city alone
        chance = mechanisms.incident_probability(x, c, s, heard, model.degree, hazard=hazard)
        polsim_side = {"x": model.x, "c": model.c, "tau": model.tau, "s": model.s, "r": model.r,
                       "blame": model.blame, "w": model.w, "pressure": model.pressure,
                       "incident_chance": chance}  # fmt: skip
        for name in COMPARED:
            diff = np.max(np.abs(baseline.column(name) - polsim_side[name]))
            differences[f"{name}_week{week}"] = float(diff)
        for name in ("us_them_talk", "avoidance"):
            diff = abs(getattr(baseline, name) - model.latest[name])
            differences[f"{name}_week{week}"] = float(diff)
        for person, happened in zip(baseline.people, model.incidents, strict=True):
            person.incident = bool(happened)
        incidents += int(model.incidents.sum())
        baseline.news = model.params["incident_news"] * 1000.0 * model.incidents.sum() / n
    return {
        "n": n,
        "weeks": weeks,
        "max_abs_difference": max(differences.values()),
        "differences": differences,
        "incidents": incidents,
    }
