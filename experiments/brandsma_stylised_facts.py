"""Stylised facts of the Brandsma model: effect sizes and figures for docs/odd.md.

Run from the project root::

    python -m experiments.brandsma_stylised_facts [--out docs/figures] [--seeds 20]

Every comparison is paired by seed (common random numbers); effects are reported as the mean
difference with a 95% confidence interval over seeds.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from polsim import PolarisationModel
from polsim.labels import PHASE_LABELS
from polsim.roles import ROLE_CODES, ROLE_NAMES

N = 800
ROOT_SEED = 20261128


def _seeds(count: int) -> list[int]:
    return [int(s) for s in np.random.SeedSequence([ROOT_SEED, 3]).generate_state(count)]


def _effect(diffs: list[float] | np.ndarray) -> dict[str, float]:
    d = np.asarray(diffs, dtype=float)
    half = 1.96 * d.std(ddof=1) / np.sqrt(d.size)
    return {
        "mean": float(d.mean()),
        "ci_low": float(d.mean() - half),
        "ci_high": float(d.mean() + half),
    }


def _run(seed: int, weeks: int, **params: Any) -> pd.DataFrame:
    model = PolarisationModel(n_agents=N, rng=seed, create_agents=False, **params)
    model.run(weeks)
    return model.metrics


def study(seeds: list[int]) -> tuple[dict[str, Any], plt.Figure]:
    out: dict[str, Any] = {"n_agents": N, "seeds": len(seeds)}
    base = [_run(s, 104) for s in seeds]
    w78 = [m.iloc[78] for m in base]
    out["a_silent_change_78w"] = _effect(
        [r.silent - m.silent.iloc[0] for r, m in zip(w78, base, strict=True)]
    )
    out["a_tolerance_change_78w"] = _effect(
        [
            r.tolerance_of_middle - m.tolerance_of_middle.iloc[0]
            for r, m in zip(w78, base, strict=True)
        ]
    )
    out["a_bimodality_change_78w"] = _effect(
        [r.bimodality - m.bimodality.iloc[0] for r, m in zip(w78, base, strict=True)]
    )
    silent = {
        r: np.array([_run(s, 78, resilience_mean=r).silent.iloc[-1] for s in seeds])
        for r in (0.4, 0.5, 0.6)
    }
    out["b_silent_78w_by_resilience"] = {str(k): float(v.mean()) for k, v in silent.items()}
    out["b_resilience_0.6_minus_0.5"] = _effect(silent[0.6] - silent[0.5])
    media = {
        a: np.array([_run(s, 52, media_amplification=a).silent.iloc[-1] for s in seeds])
        for a in (0.1, 0.25, 0.4)
    }
    out["c_silent_52w_by_media"] = {str(k): float(v.mean()) for k, v in media.items()}
    out["c_media_0.4_minus_0.25"] = _effect(media[0.4] - media[0.25])
    bb = [_run(s, 78, bridge_builder_share=0.05) for s in seeds]
    out["d1_temperature_bb_minus_none_78w"] = _effect(
        [b.temperature.iloc[-1] - m.temperature.iloc[78] for b, m in zip(bb, base, strict=True)]
    )
    out["d1_silent_bb_minus_none_78w"] = _effect(
        [b.silent.iloc[-1] - m.silent.iloc[78] for b, m in zip(bb, base, strict=True)]
    )
    excess = []
    for s in seeds:
        model = PolarisationModel(n_agents=N, rng=s, create_agents=False)
        model.run(60)
        middle = np.flatnonzero(model.roles == ROLE_CODES["silent"])
        chosen = np.random.default_rng(s).choice(middle, size=40, replace=False)
        model.assign("bridge_builder", chosen)
        model.run(26)
        goat = model.blame >= model.params["scapegoat_threshold"]
        excess.append(goat[chosen].mean() - goat[np.setdiff1d(middle, chosen)].mean())
    out["d2_scapegoat_rate_bb_minus_middle"] = _effect(excess)
    gaps, ratios, firsts = [], [], []
    for m in base:
        m = m.iloc[1:]
        firsts.append([float(m.step[m.phase >= k].min()) for k in (2, 3, 4)])
        if (m.phase == 4).any():
            hot, cool = m.incidents[m.phase == 4].mean(), m.incidents[m.phase < 4].mean()
            gaps.append(hot - cool)
            ratios.append(hot / max(cool, 1e-9))
    out["e_incidents_per_week_phase4_minus_rest"] = _effect(gaps)
    out["e_runs_reaching_phase4"] = len(gaps)
    out["e_median_ratio_phase4_to_rest"] = float(np.median(ratios))
    out["first_week_of_phase_2_3_4_median"] = np.nanmedian(np.array(firsts), axis=0).tolist()
    calm = [_run(s, 104, pusher_share=0.0, n_outlets=0, online_amplification=0.0) for s in seeds]
    out["f_max_phase_without_pushers_media"] = int(max(m.phase.max() for m in calm))
    out["f_min_silent_without_pushers_media"] = float(min(m.silent.min() for m in calm))
    return out, _figure(base, bb)


def _figure(base: list[pd.DataFrame], bb: list[pd.DataFrame]) -> plt.Figure:
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2), constrained_layout=True)
    mean = pd.concat(base).groupby(level=0).mean()
    weeks = mean.step
    ax = axes[0]
    for role in ROLE_NAMES:
        ax.plot(weeks, mean[role], label=role.replace("_", " "))
    ax.set_xlabel("week")
    ax.set_ylabel("share of people")
    ax.set_title(f"Baseline roles, mean of {len(base)} runs (N = {N})", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[1]
    ax.plot(weeks, mean.tolerance_of_middle, label="tolerance of the middle")
    ax.plot(weeks, mean.bimodality, label="bimodality")
    ax.plot(weeks, mean.temperature, label="temperature")
    for k, start in enumerate((0.15, 0.3, 0.45), start=2):
        ax.axhline(start, color="grey", lw=0.6, ls=":")
        ax.text(1, start + 0.01, f"phase {k}: {PHASE_LABELS[k]['en']}", fontsize=7, color="grey")
    ax.set_xlabel("week")
    ax.set_title("Baseline measures and KIS phase thresholds", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[2]
    with_bb = pd.concat(bb).groupby(level=0).mean()
    ax.plot(weeks, mean.silent, label="silent middle, no bridge builders")
    ax.plot(with_bb.step, with_bb.silent, label="silent middle, 5% bridge builders from week 0")
    ax.set_xlabel("week")
    ax.set_ylabel("share of people")
    ax.set_title("Bridge builders placed in the calm phase", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/figures")
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    numbers, fig = study(_seeds(args.seeds))
    fig.savefig(out / "brandsma_baseline.png", dpi=100)
    plt.close(fig)
    (out / "stylised_facts.json").write_text(json.dumps(numbers, indent=1) + "\n")
    print(json.dumps(numbers, indent=1))
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
