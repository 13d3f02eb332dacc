"""One-at-a-time screening of the Brandsma model's parameters (docs/odd.md, section 8).

Every parameter with a plausible range is moved 25% down and 25% up from its default (within
its valid range; whole numbers by at least one), the others held at their defaults, and the
default city is run over the same paired seeds for two years. A parameter that only acts
through an intervention is screened in the scenario where it acts. For each change the table
gives the share of runs reaching phase 4, the silent middle at the end (mean of the last eight
weeks), incidents per 1,000 residents and scapegoats, with the paired difference from the
default and its 95% interval (the other outcomes — phases 2 and 3 reached, pushers, the
tolerance of the middle, the blame of bridge builders — are in the JSON). Flags:

- **knife edge**: among the three values the share of runs reaching phase 4 goes from below
  0.1 to above 0.9;
- **weak**: no outcome moves clearly (every interval includes zero) at ±25%, but one does
  when the parameter is taken to the ends of a wide range (its valid minimum and twice its
  plausible maximum, within its valid range): the mechanism is live, its effect small;
- **dead**: no outcome moves clearly even then (a parameter that does nothing).

Run from the project root::

    python -m experiments.brandsma_sensitivity [--seeds 20] [--out docs/figures]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.brandsma_patterns import interval, run, seeds
from polsim.model import registry

#: Parameters that act only through an intervention, and the intervention that brings them in.
SCENARIO_OF: dict[str, tuple[str, list[dict[str, Any]]]] = {}
_RESILIENT = ("resilient_middle", [{"type": "resilient_middle", "coverage": 0.33}])
_ABOVE = ("bridge_builders", [{"type": "bridge_builders", "coverage": 0.03, "position": "above"}])
_MORAL = ("bridge_builders_moralising", [{"type": "bridge_builders", "coverage": 0.03,
                                          "position": "above", "tone": "moralising"}])  # fmt: skip
_KEYS = ("key_figures", [{"type": "key_figures", "coverage": 0.02}])
for _name in ("support_gain", "resilience_relaxation"):
    SCENARIO_OF[_name] = _RESILIENT
_IN_DIALOGUE = ("bridge_visibility", "dialogue_rate", "dialogue_influence",
                "dialogue_commitment", "dialogue_publicity", "blame_rate", "blame_decay",
                "scapegoat_threshold")  # fmt: skip
for _name in _IN_DIALOGUE:
    SCENARIO_OF[_name] = _ABOVE
SCENARIO_OF["moralising_salience"] = _MORAL
SCENARIO_OF["key_figure_damping"] = _KEYS
BASELINE: tuple[str, list[dict[str, Any]]] = ("baseline", [])
OUTCOMES = ("reached_phase_4", "silent", "incidents", "scapegoats", "reached_phase_2",
            "reached_phase_3", "pusher", "tolerance", "bridge_builder_blame")  # fmt: skip


def changed_values(name: str) -> tuple[float | int, float | int]:
    """The default of ``name`` moved 25% down and up, within its valid range."""
    p = registry.PARAMETERS[name]
    lo, hi = p.default * 0.75, p.default * 1.25
    if p.kind is int:
        lo = min(round(lo), p.default - 1)
        hi = max(round(hi), p.default + 1)
    return p.kind(max(p.low, lo)), p.kind(min(p.high, hi))


def wide_values(name: str) -> tuple[float | int, float | int]:
    """The ends of a wide range for ``name``: its valid minimum and twice its plausible
    maximum (within its valid range)."""
    p = registry.PARAMETERS[name]
    return p.kind(p.low), p.kind(min(p.high, 2 * p.plausible[1]))


def outcomes(args: tuple[int, dict[str, Any], list[dict[str, Any]]]) -> dict[str, float]:
    seed, params, interventions = args
    model = run(seed, interventions=interventions, **params)
    m = model.metrics
    return {
        "reached_phase_4": float((m.phase >= 4).any()),
        "silent": float(m.silent.iloc[-8:].mean()),
        "incidents": float(m.incident_rate.sum()),
        "scapegoats": float(m.scapegoat.iloc[-8:].mean()),
        "reached_phase_2": float((m.phase >= 2).any()),
        "reached_phase_3": float((m.phase >= 3).any()),
        "pusher": float(m.pusher.iloc[-8:].mean()),
        "tolerance": float(m.tolerance_of_middle.iloc[-8:].mean()),
        "bridge_builder_blame": float(model.blame[model.bridge].mean())
        if model.bridge.any()
        else 0.0,
    }


def screen(seed_list: Sequence[int], workers: int = 2) -> pd.DataFrame:
    names = [p.name for p in registry.uncertain()]
    jobs: list[tuple[str, str, float | int | None, int, dict[str, Any], list[dict[str, Any]]]]
    jobs = []
    for scenario, ivs in [BASELINE, _RESILIENT, _ABOVE, _MORAL, _KEYS]:
        for s in seed_list:
            jobs.append((scenario, "(default)", None, s, {}, ivs))
    for name in names:
        scenario, ivs = SCENARIO_OF.get(name, BASELINE)
        for value in changed_values(name):
            for s in seed_list:
                jobs.append((scenario, name, value, s, {name: value}, ivs))
    jobs += wide_jobs(names, seed_list)
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(outcomes, [(j[3], j[4], j[5]) for j in jobs], chunksize=8))
    rows = [{"scenario": j[0], "parameter": j[1], "value": j[2], "seed": j[3], **r}
            for j, r in zip(jobs, results, strict=True)]  # fmt: skip
    return pd.DataFrame(rows)


def wide_jobs(names: Sequence[str], seed_list: Sequence[int]) -> list[Any]:
    """The runs at the ends of the wide range, marked with the parameter name + " (wide)"."""
    jobs = []
    for name in names:
        scenario, ivs = SCENARIO_OF.get(name, BASELINE)
        for value in wide_values(name):
            for s in seed_list:
                jobs.append((scenario, f"{name} (wide)", value, s, {name: value}, ivs))
    return jobs


def _clear(part: pd.DataFrame, base: pd.DataFrame) -> tuple[bool, dict[str, Any]]:
    """Whether any outcome differs clearly from the default, and the per-outcome summary."""
    row: dict[str, Any] = {}
    clear = False
    for outcome in OUTCOMES:
        diff = part[outcome].to_numpy() - base[outcome].to_numpy()
        row[outcome] = float(part[outcome].mean())
        row[f"{outcome}_default"] = float(base[outcome].mean())
        iv = (
            {"mean": 0.0, "ci_low": 0.0, "ci_high": 0.0}
            if np.allclose(diff, 0.0)
            else (interval(diff))
        )
        row[f"{outcome}_change"] = iv["mean"]
        row[f"{outcome}_ci"] = (iv["ci_low"], iv["ci_high"])
        clear = clear or iv["ci_low"] > 0 or iv["ci_high"] < 0
    return clear, row


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per parameter and direction, with paired differences from the default."""
    defaults = runs[runs.parameter == "(default)"].set_index(["scenario", "seed"])
    rows = []
    wide: dict[str, bool] = {}
    changed = runs[(runs.parameter != "(default)")]
    for (label, value), part in changed.groupby(["parameter", "value"], sort=False):
        name = str(label).removesuffix(" (wide)")
        p = registry.PARAMETERS[name]
        base = defaults.loc[part.scenario.iloc[0]].loc[part.seed]
        clear, summary = _clear(part, base)
        if str(label).endswith(" (wide)"):
            wide[name] = wide.get(name, False) or clear
            continue
        rows.append({
            "parameter": name, "scenario": part.scenario.iloc[0], "default": p.default,
            "value": value, "direction": "-25%" if float(value) < p.default else "+25%",  # type: ignore[arg-type]
            **summary, "clear": clear,
        })  # fmt: skip
    table = pd.DataFrame(rows)
    flags = table.groupby("parameter").agg(
        p4_min=("reached_phase_4", "min"), p4_max=("reached_phase_4", "max"),
        p4_default=("reached_phase_4_default", "first"), any_clear=("clear", "any"),
    )  # fmt: skip
    flags["knife_edge"] = (np.minimum(flags.p4_min, flags.p4_default) < 0.1) & (
        np.maximum(flags.p4_max, flags.p4_default) > 0.9
    )
    live = pd.Series([wide.get(str(n), False) for n in flags.index], index=flags.index)
    flags["weak"] = ~flags.any_clear & live
    flags["dead"] = ~flags.any_clear & ~flags.weak
    return table.merge(flags[["knife_edge", "weak", "dead"]], left_on="parameter", right_index=True)


def markdown(table: pd.DataFrame) -> str:
    """The screening as a Markdown table for docs/odd.md."""
    lines = [
        "| parameter | screened in | -25% / +25% | phase 4 reached (default) | "
        "silent middle (default) | incidents per 1,000 (default) | flags |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, part in table.groupby("parameter", sort=False):
        lo, hi = part.iloc[0], part.iloc[-1]
        flags = ", ".join(
            f
            for f, on in (("knife edge", lo.knife_edge), ("weak", lo.weak), ("dead", lo.dead))
            if on
        )
        lines.append(
            f"| `{name}` | {lo.scenario} | {lo.value:g} / {hi.value:g} "
            f"| {lo.reached_phase_4:.2f} / {hi.reached_phase_4:.2f} "
            f"({lo.reached_phase_4_default:.2f}) "
            f"| {lo.silent:.2f} / {hi.silent:.2f} ({lo.silent_default:.2f}) "
            f"| {lo.incidents:.1f} / {hi.incidents:.1f} ({lo.incidents_default:.1f}) "
            f"| {flags or '–'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="docs/figures")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    runs = screen(seeds(args.seeds, key=3), args.workers)
    table = summarise(runs)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    runs.to_csv(out / "oat_runs.csv", index=False)
    records = json.loads(table.to_json(orient="records"))
    (out / "oat.json").write_text(
        json.dumps({"seeds": args.seeds, "seconds": round(time.perf_counter() - started, 1),
                    "rows": records}, indent=1) + "\n", encoding="utf-8",
    )  # fmt: skip
    (out / "oat.md").write_text(markdown(table), encoding="utf-8")
    print(markdown(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
