"""Patterns of the Brandsma model (pattern-oriented modelling, Grimm et al. 2005).

Each pattern is a claim from Brandsma, the Maastricht plan or the literature that the model
must show as an *emergent* result: nothing in the model code states it. Every comparison is
paired by seed (common random numbers: replicate *k* of each arm shares its city, its people
and its chance events), and reported as the mean paired difference with a 95% t-interval over
seeds. A pattern holds when the interval lies on the claimed side of zero (or, for the
all-runs patterns, when every run shows it).

Run from the project root::

    python -m experiments.brandsma_patterns [--seeds 40] [--robustness 6] [--out docs/figures]

``--robustness K`` repeats every pattern at K points drawn from the plausible parameter box
(a Latin hypercube over :func:`polsim.model.registry.uncertain`) and reports the share of points
at which it holds (with the seeds each pattern needs, :attr:`Pattern.seeds`): how robust each
pattern is to what we do not know.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from polsim import PolarisationModel, Shock
from polsim.interventions import QuickScan, build
from polsim.interventions.catalogue import BridgeBuilders
from polsim.model import registry

#: People per city in the pattern study (the model is for relative comparisons; see docs).
N = 1000
#: Two years, in weeks.
WEEKS = 104
ROOT_SEED = 20261129


def seeds(count: int, key: int = 0) -> list[int]:
    """``count`` reproducible seeds for the study (``key`` separates independent uses)."""
    return [int(s) for s in np.random.SeedSequence([ROOT_SEED, key]).generate_state(count)]


def run(
    seed: int,
    *,
    weeks: int = WEEKS,
    n: int = N,
    interventions: Sequence[dict[str, Any]] = (),
    shocks: Sequence[Shock] = (),
    **params: Any,
) -> PolarisationModel:
    """One city, run for ``weeks``; interventions (scenario-file mappings) get their own
    streams and a noise-free, undelayed quick scan for their triggers."""
    policies: list[Any] = []
    if interventions:
        streams = np.random.SeedSequence([seed, 7]).spawn(len(interventions) + 1)
        scan = QuickScan(noise=0.0, delay=0)
        scan.rng = np.random.default_rng(streams[0])
        policies.append(scan)
        for spec, stream in zip(interventions, streams[1:], strict=True):
            iv = build(spec)
            iv.rng = np.random.default_rng(stream)
            policies.append(iv)
    n = int(params.pop("n_agents", n))
    model = PolarisationModel(
        n_agents=n, rng=seed, create_agents=False, policies=policies, shocks=list(shocks),
        **params,
    )  # fmt: skip
    model.run(weeks)
    return model


def interval(diffs: Sequence[float] | np.ndarray) -> dict[str, float]:
    """Mean, 95% t-interval and standard error of paired differences."""
    d = np.asarray(diffs, dtype=float)
    sem = float(d.std(ddof=1) / np.sqrt(d.size)) if d.size > 1 else float("nan")
    half = float(stats.t.ppf(0.975, d.size - 1) * sem) if d.size > 1 else float("nan")
    return {"mean": float(d.mean()), "ci_low": float(d.mean() - half),
            "ci_high": float(d.mean() + half), "n": int(d.size)}  # fmt: skip


@dataclass(frozen=True)
class Pattern:
    """A claim, and how to test it over paired seeds."""

    name: str
    claim: str
    source: str
    measure: str
    #: (seed, parameter overrides) -> one number per seed whose sign carries the claim
    per_seed: Callable[[int, dict[str, Any]], float]
    #: "positive": the claim is mean > 0 (interval above 0); "all": every value is > 0
    rule: str = "positive"
    #: paired seeds needed to see the effect: about ((1.96 + 1.645) sd / mean)^2 from a pilot
    #: of 20 seeds (95% power for a two-sided 95% interval), at least 16; for a pattern about
    #: the runs that reach phase 4, enough seeds for about ten such runs
    seeds: int = 16


def _tail(model: PolarisationModel, column: str, weeks: int = 8) -> float:
    """Mean of a measure over the last ``weeks`` weeks (the end state, less week-to-week noise)."""
    return float(model.metrics[column].iloc[-weeks:].mean())


def _target_the_middle(seed: int, p: dict[str, Any]) -> float:
    """Silent middle: the municipality's message from the middle addressed to a tenth of the
    city in the silent middle, minus the same effort addressed to the loudest tenth."""
    arms = []
    for rule in ("silent_middle", "loudest"):
        spec = {"type": "campaign", "coverage": 0.1, "targeting": {"rule": rule}}
        arms.append(_tail(run(seed, interventions=[spec], **p), "silent"))
    return arms[0] - arms[1]


def _above_scapegoated(seed: int, p: dict[str, Any]) -> float:
    """Blame per bridge builder 26 weeks after appointment: above the parties once tensions
    show (phase 3 observed) minus in the middle from the start."""
    blame = []
    for spec in (
        {"type": "bridge_builders", "coverage": 0.03, "position": "above", "trigger": 3},
        {"type": "bridge_builders", "coverage": 0.03, "position": "middle", "start": 0},
    ):
        model = run(seed, interventions=[spec], **p)
        iv = model.policies[1]
        assert isinstance(iv, BridgeBuilders)
        if iv.started_at is None or iv.started_at > WEEKS - 26:
            return float("nan")
        blame.append(float(model.blame[iv.chosen].mean()))
    return blame[0] - blame[1]


def _middle_position_helps(seed: int, p: dict[str, Any]) -> float:
    base = _tail(run(seed, **p), "silent")
    middle = {"type": "bridge_builders", "coverage": 0.03, "position": "middle", "start": 0}
    return _tail(run(seed, interventions=[middle], **p), "silent") - base


def _forced_dialogue_fuels(seed: int, p: dict[str, Any]) -> float:
    """Silent middle, baseline minus dialogue between the poles forced once tensions show
    (bridge builders above the parties, moralising): positive when it adds fuel."""
    base = _tail(run(seed, **p), "silent")
    late = {"type": "bridge_builders", "coverage": 0.03, "position": "above", "trigger": 3,
            "tone": "moralising"}  # fmt: skip
    return base - _tail(run(seed, interventions=[late], **p), "silent")


def _unfollowing(seed: int, p: dict[str, Any]) -> float:
    rate = float(p.get("online_rewiring", registry.PARAMETERS["online_rewiring"].default))
    with_it = _tail(run(seed, **{**p, "online_rewiring": rate}), "silent")
    without = _tail(run(seed, **{**p, "online_rewiring": 0.0}), "silent")
    return without - with_it


def _shock_dies_out(seed: int, p: dict[str, Any]) -> float:
    """Silent middle 40 weeks after a strong passing shock in a city without pushers, media,
    online layer or national debates, minus 0.95: positive when it recovered."""
    calm = {**p, "pusher_share": 0.0, "n_outlets": 0, "online_degree": 0, "shock_rate": 0.0}
    shock = Shock(start=4, duration=8, strength=0.6, reach=1.0, name="passing shock")
    m = run(seed, weeks=52, shocks=[shock], **calm)
    return float(m.metrics.silent.iloc[-1] - 0.95)


def _shock_dies_out_phase(seed: int, p: dict[str, Any]) -> float:
    calm = {**p, "pusher_share": 0.0, "n_outlets": 0, "online_degree": 0, "shock_rate": 0.0}
    shock = Shock(start=4, duration=8, strength=0.6, reach=1.0, name="passing shock")
    m = run(seed, weeks=52, shocks=[shock], **calm)
    return 1.5 - float(m.metrics.phase.iloc[-1])  # positive when back in phase 1


def _baseline_shrinks_middle(seed: int, p: dict[str, Any]) -> float:
    m = run(seed, **p).metrics
    return float(m.silent.iloc[0] - m.silent.iloc[-8:].mean())


def _baseline_erodes_tolerance(seed: int, p: dict[str, Any]) -> float:
    m = run(seed, **p).metrics
    return float(m.tolerance_of_middle.iloc[0] - m.tolerance_of_middle.iloc[-8:].mean())


def _resilience_dose(seed: int, p: dict[str, Any]) -> float:
    mean = float(p.get("resilience_mean", registry.PARAMETERS["resilience_mean"].default))
    hi = _tail(run(seed, **{**p, "resilience_mean": min(1.0, mean * 1.1)}), "silent")
    lo = _tail(run(seed, **{**p, "resilience_mean": mean * 0.9}), "silent")
    return hi - lo


def _media_catalyst(seed: int, p: dict[str, Any]) -> float:
    """Silent middle after a year without outlets minus with them: the media accelerate."""
    with_media = run(seed, weeks=52, **p).metrics.silent.iloc[-8:].mean()
    without = run(seed, weeks=52, **{**p, "n_outlets": 0}).metrics.silent.iloc[-8:].mean()
    return float(without - with_media)


def _no_media_still_polarises(seed: int, p: dict[str, Any]) -> float:
    """Without outlets, pushers still shrink the middle (catalyst, not cause)."""
    m = run(seed, **{**p, "n_outlets": 0}).metrics
    return float(m.silent.iloc[0] - m.silent.iloc[-8:].mean())


def _change_topic(seed: int, p: dict[str, Any]) -> float:
    base = _tail(run(seed, **p), "silent")
    spec = {"type": "change_topic", "coverage": 0.33, "share": 0.5}
    return _tail(run(seed, interventions=[spec], **p), "silent") - base


def _mediating_tone(seed: int, p: dict[str, Any]) -> float:
    out = []
    for tone in ("mediating", "moralising"):
        spec = {"type": "bridge_builders", "coverage": 0.03, "position": "above", "tone": tone}
        out.append(_tail(run(seed, interventions=[spec], **p), "silent"))
    return out[0] - out[1]


def _middle_shrinks_before_incidents(seed: int, p: dict[str, Any]) -> float:
    """Weeks from the silent middle falling below 90% to phase 4 (read from incidents), in
    runs that reach phase 4; NaN otherwise. Positive: the middle shrinks first."""
    m = run(seed, **p).metrics
    four = m.step[m.phase >= 4]
    if four.empty:
        return float("nan")
    shrunk = m.step[m.silent < 0.9]
    return float(four.min() - (shrunk.min() if not shrunk.empty else WEEKS + 1))


PATTERNS: tuple[Pattern, ...] = (
    Pattern("pushers_and_media_shrink_the_middle", "left alone for two years, the default city's silent middle shrinks", "Brandsma (2016): the middle shrinks as polarisation grows", "silent middle, start minus last 8 weeks", _baseline_shrinks_middle),
    Pattern("tolerance_of_the_middle_falls", "left alone, the tolerance of the middle among those who joined in falls", "Brandsma (2016): polarisation is measured by the tolerance of the middle", "tolerance of the middle, start minus last 8 weeks", _baseline_erodes_tolerance),
    Pattern("resilience_protects", "a more resilient city (mean resilience +10% against -10%) keeps a larger silent middle", "Maastricht plan: het weerbare midden", "silent middle, high minus low resilience", _resilience_dose),
    Pattern("media_are_a_catalyst", "without media outlets the middle shrinks more slowly after a year", "Brandsma (2016): media as catalyst", "silent middle after a year, without minus with outlets", _media_catalyst),
    Pattern("media_are_not_the_cause", "without media outlets the pushers still shrink the middle over two years", "Brandsma (2016): the pushers supply the fuel; the media accelerate", "silent middle without outlets, start minus end", _no_media_still_polarises),
    Pattern("target_the_middle", "at equal effort (a tenth of the city addressed), a message from the middle addressed to the silent middle keeps a larger middle than the same message addressed to the loudest voices", "Brandsma: game changer 1, change the target audience", "silent middle, middle addressed minus loudest addressed", _target_the_middle, seeds=48),
    Pattern("change_the_topic", "turning half the talk of a third of the city to the concerns underneath keeps a larger silent middle", "Brandsma: game changer 2, change the topic", "silent middle, change of topic minus baseline", _change_topic, seeds=24),
    Pattern("take_position_in_the_middle", "bridge builders who take position in the middle from the start keep a larger silent middle", "Brandsma: game changer 3, change position", "silent middle, middle bridge builders minus baseline", _middle_position_helps, seeds=24),
    Pattern("mediate_do_not_moralise", "bridge builders above the parties keep a larger middle in a mediating than in a moralising tone", "Brandsma: game changer 4, change the tone", "silent middle, mediating minus moralising", _mediating_tone, seeds=32),
    Pattern("bridge_builders_above_become_scapegoats", "bridge builders standing above the poles once tensions show collect more blame than bridge builders in the middle from the start", "Brandsma (2016): the scapegoat is sought in the middle; the bridge builder is the prime candidate", "blame per bridge builder after 26 weeks, above-late minus middle-early", _above_scapegoated),
    Pattern("forced_dialogue_adds_fuel", "dialogue between the poles forced once tensions show (bridge builders above the parties, moralising) shrinks the middle further: it adds fuel", "Brandsma (2016): the bridge builder unknowingly supplies fuel; you cannot build a bridge from the middle of a ravine", "silent middle, baseline minus forced dialogue", _forced_dialogue_fuels, seeds=24),
    Pattern("unfollowing_deepens_polarisation", "homophilous unfollowing online shrinks the silent middle", "Sasahara et al. (2021)", "silent middle, without minus with unfollowing", _unfollowing, seeds=32),
    Pattern("a_passing_shock_dies_out", "in a city without pushers, media or online layer, the middle recovers after a strong passing shock", "rationale: without fuel there is no escalation", "silent middle 40 weeks after the shock minus 0.95, every run", _shock_dies_out, rule="all"),
    Pattern("a_passing_shock_leaves_no_phase", "that city is back in phase 1 40 weeks after the shock", "KIS (2020): phases can calm", "1.5 minus the phase at the end, every run", _shock_dies_out_phase, rule="all"),
    Pattern("the_middle_shrinks_before_incidents", "in runs that reach phase 4, the silent middle falls below 90% before the incidents of phase 4", "Brandsma (2016): the pressure on the middle precedes escalation; KIS (2020)", "weeks from middle below 90% to phase 4", _middle_shrinks_before_incidents, rule="all", seeds=48),
)  # fmt: skip
BY_NAME = {p.name: p for p in PATTERNS}


def _evaluate(args: tuple[str, int, dict[str, Any]]) -> float:
    name, seed, params = args
    return BY_NAME[name].per_seed(seed, params)


def verdict(pattern: Pattern, values: Sequence[float]) -> dict[str, Any]:
    """The interval of the per-seed values and whether the pattern holds."""
    v = np.asarray([x for x in values if np.isfinite(x)], dtype=float)
    out: dict[str, Any] = {"claim": pattern.claim, "source": pattern.source,
                           "measure": pattern.measure, "rule": pattern.rule,
                           "seeds_used": int(v.size), "seeds": len(values)}  # fmt: skip
    if v.size < 2:
        return {**out, "holds": False}
    out.update(interval(v))
    if pattern.rule == "all":
        out["share_of_runs"] = float(np.mean(v > 0))
        out["holds"] = bool(np.all(v > 0))
    else:
        out["holds"] = bool(out["ci_low"] > 0)
    return out


def evaluate(
    names: Sequence[str],
    key: int,
    params: dict[str, Any] | None = None,
    workers: int = 1,
    *,
    at_least: int = 0,
) -> dict[str, dict[str, Any]]:
    """Evaluate the named patterns at one parameter point, each over the paired seeds it
    needs (:attr:`Pattern.seeds`, or ``at_least``), drawn from ``key``."""
    params = dict(params or {})
    counts = {name: max(BY_NAME[name].seeds, at_least) for name in names}
    jobs = [(name, s, params) for name in names for s in seeds(counts[name], key=key)]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            values = list(pool.map(_evaluate, jobs, chunksize=4))
    else:
        values = [_evaluate(j) for j in jobs]
    out, start = {}, 0
    for name in names:
        out[name] = verdict(BY_NAME[name], values[start : start + counts[name]])
        start += counts[name]
    return out


def plausible_points(count: int, key: int = 1) -> list[dict[str, Any]]:
    """``count`` points of a Latin hypercube over the plausible box of every uncertain
    parameter (whole-number parameters rounded)."""
    params = registry.uncertain()
    gen = np.random.default_rng(np.random.SeedSequence([ROOT_SEED, 1000 + key]))
    cube = stats.qmc.LatinHypercube(d=len(params), rng=gen).random(count)
    points = []
    for row in cube:
        point: dict[str, Any] = {}
        for p, u in zip(params, row, strict=True):
            value = p.plausible[0] + u * (p.plausible[1] - p.plausible[0])
            point[p.name] = round(value) if p.kind is int else float(value)
        points.append(point)
    return points


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--robustness", type=int, default=0, help="plausible points")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="docs/figures")
    args = parser.parse_args(argv)
    names = args.only or [p.name for p in PATTERNS]
    started = time.perf_counter()
    result: dict[str, Any] = {
        "n_agents": N,
        "weeks": WEEKS,
        "seeds": args.seeds,
        "patterns": evaluate(names, 0, workers=args.workers, at_least=args.seeds),
    }
    if args.robustness:
        held: dict[str, list[bool]] = {name: [] for name in names}
        for point in plausible_points(args.robustness):
            found = evaluate(names, 2, point, args.workers)
            for name in names:
                held[name].append(bool(found[name]["holds"]))
        for name in names:
            result["patterns"][name]["robustness"] = {
                "points": args.robustness, "seeds_per_point": BY_NAME[name].seeds,
                "share_holding": float(np.mean(held[name])),
            }  # fmt: skip
    result["seconds"] = round(time.perf_counter() - started, 1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "patterns.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table = pd.DataFrame(result["patterns"]).T[["mean", "ci_low", "ci_high", "holds"]]
    print(table.to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
