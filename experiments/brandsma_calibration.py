"""What the default city does: the figures behind the calibration argument in docs/odd.md.

Run from the project root::

    python -m experiments.brandsma_calibration [--seeds 100] [--out docs/figures]

Reports, for the default city left alone for two years (one step is one week): the share of
runs that reach each KIS phase with a 95% Wilson interval, the week each phase is first
reached, open incidents per 1,000 residents per week by phase, and the roles when phase 4
begins; and, for every shipped scenario, how much each outcome varies across replicates.
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
from scipy import stats

from experiments.brandsma_patterns import WEEKS, N, run, seeds


def wilson(hits: int, total: int) -> tuple[float, float]:
    """95% Wilson score interval of a share."""
    if total == 0:
        return (float("nan"), float("nan"))
    z = float(stats.norm.ppf(0.975))
    p = hits / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * np.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (float(centre - half), float(centre + half))


def _metrics(args: tuple[int, int]) -> pd.DataFrame:
    seed, n = args
    m = run(seed, n=n).metrics
    m["seed"] = seed
    return m


def default_city(seed_list: Sequence[int], n: int = N, workers: int = 2) -> dict[str, Any]:
    with ProcessPoolExecutor(workers) as pool:
        runs = list(pool.map(_metrics, [(s, n) for s in seed_list], chunksize=4))
    out: dict[str, Any] = {"n_agents": n, "weeks": WEEKS, "runs": len(runs)}
    for k in (2, 3, 4):
        firsts = [int(m.step[m.phase >= k].min()) for m in runs if (m.phase >= k).any()]
        low, high = wilson(len(firsts), len(runs))
        out[f"phase_{k}"] = {
            "share_reaching": len(firsts) / len(runs), "ci_low": low, "ci_high": high,
            "median_week": float(np.median(firsts)) if firsts else None,
            "weeks_iqr": [float(q) for q in np.percentile(firsts, [25, 75])] if firsts else None,
        }  # fmt: skip
    weeks = pd.concat([m[m.step > 0] for m in runs], ignore_index=True)
    out["incidents_per_1000_per_week_by_phase"] = {
        str(k): float(weeks.incident_rate[weeks.phase == k].mean()) if (weeks.phase == k).any()
        else None for k in (1, 2, 3, 4)
    }  # fmt: skip
    entries = [m[m.phase >= 4].iloc[0] for m in runs if (m.phase >= 4).any()]
    if entries:
        out["roles_at_phase_4_entry"] = {
            role: float(np.mean([e[role] for e in entries]))
            for role in ("pusher", "joiner", "silent", "scapegoat")
        }
    finals = pd.DataFrame([m.iloc[-8:].mean(numeric_only=True) for m in runs])
    out["end_state"] = {c: {"mean": float(finals[c].mean()), "sd": float(finals[c].std())}
                        for c in ("silent", "pusher", "joiner", "tolerance_of_middle",
                                  "salience")}  # fmt: skip
    return out


def scenario_spread(replicates: int, n: int = N) -> dict[str, Any]:
    """Outcomes of every shipped scenario over ``replicates`` paired replicates."""
    from polsim import compare
    from polsim.scenarios import available

    names = sorted(available())
    names.remove("baseline")
    result = compare(["baseline", *names], replicates=replicates, weeks=WEEKS, seed=2026,
                     n_agents=n, executor="processes")  # fmt: skip
    out = result.outcomes.drop(columns=["replicate"]).groupby("scenario").agg(["mean", "std"])
    out.columns = ["_".join(map(str, column)) for column in out.columns]
    table = {str(s): {k: float(v) for k, v in row.items()} for s, row in out.iterrows()}
    flat = result.outcomes.drop(columns=["scenario", "replicate"])
    return {
        "replicates": replicates,
        "scenarios": table,
        "outcomes_constant_everywhere": [c for c in flat if flat[c].nunique() <= 1],
        "effects": json.loads(result.effects.to_json(orient="records")),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="docs/figures")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result: dict[str, Any] = {
        "default_city": default_city(seeds(args.seeds, key=4), workers=args.workers),
        "default_city_2000": default_city(
            seeds(args.seeds // 2, key=5), n=2000, workers=args.workers
        ),
        "scenarios": scenario_spread(args.replicates),
    }
    result["seconds"] = round(time.perf_counter() - started, 1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "calibration.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("default_city", "default_city_2000")}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
