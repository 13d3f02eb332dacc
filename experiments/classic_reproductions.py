"""Literature reproductions of the classic kernels: the figures of docs/reproductions.md.

Run from the project root::

    python -m experiments.classic_reproductions [--out docs/figures] [--quick]

Each study runs many seeds (derived from one SeedSequence) and writes a PNG and the measured
numbers to ``reproductions.json`` in the output folder.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from polsim import classic, measures, networks
from polsim.outputs.figures import classic_gallery

MAJOR: dict[str, Any] = {"tol": 0.02, "min_share": 0.02}
ROOT_SEED = 20261128


def _seeds(count: int, key: int) -> list[int]:
    return [int(s) for s in np.random.SeedSequence([ROOT_SEED, key]).generate_state(count)]


def deffuant_clusters(runs: int) -> tuple[plt.Figure, dict[str, Any]]:
    """Deffuant et al. (2000): major clusters against the threshold, with floor(1/(2 eps))."""
    eps_values = [0.08, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]
    means, lows, highs = [], [], []
    for k, eps in enumerate(eps_values):
        counts = []
        for s in _seeds(runs, 100 + k):
            gen = np.random.default_rng(s)
            res = classic.deffuant(gen.random(1000), eps=eps, interactions=2_000_000, rng=gen)
            counts.append(measures.cluster_count(res.x, **MAJOR))
        c = np.array(counts, dtype=float)
        half = 1.96 * c.std(ddof=1) / np.sqrt(runs)
        means.append(c.mean())
        lows.append(c.mean() - half)
        highs.append(c.mean() + half)
    fig, ax = plt.subplots(figsize=(6, 4), constrained_layout=True)
    grid = np.linspace(0.07, 0.52, 300)
    ax.plot(grid, np.floor(1 / (2 * grid)), color="grey", lw=1, label="⌊1/(2ε)⌋")
    ax.errorbar(
        eps_values,
        means,
        yerr=[np.subtract(means, lows), np.subtract(highs, means)],
        fmt="o",
        color="tab:blue",
        label=f"polsim, mean of {runs} runs (95% CI)",
    )
    ax.set_xlabel("confidence threshold ε")
    ax.set_ylabel("major clusters (> 2% of agents)")
    ax.set_title("Deffuant et al. (2000): N = 1000, μ = 0.5, complete mixing", fontsize=10)
    ax.legend()
    return fig, {"eps": eps_values, "mean_clusters": means}


def hk_threshold(runs: int) -> tuple[plt.Figure, dict[str, Any]]:
    """Fortunato (2005): probability of consensus in Hegselmann–Krause against eps."""
    eps_values = np.round(np.arange(0.15, 0.281, 0.01), 3).tolist()
    fig, ax = plt.subplots(figsize=(6, 4), constrained_layout=True)
    out: dict[str, Any] = {"eps": eps_values}
    for n, color in ((300, "tab:green"), (1000, "tab:blue"), (4000, "tab:red")):
        rates = []
        for k, eps in enumerate(eps_values):
            hits = 0
            for s in _seeds(runs, 1000 * n + k):
                x = classic.hegselmann_krause(np.random.default_rng(s).random(n), eps=eps).x
                hits += measures.cluster_count(x, tol=0.02) == 1
            rates.append(hits / runs)
        ax.plot(eps_values, rates, "o-", color=color, label=f"N = {n}")
        out[f"consensus_rate_n{n}"] = rates
    ax.axvline(0.2, color="grey", ls=":", label="ε_c ≈ 0.2 (Fortunato 2005)")
    ax.set_xlabel("confidence bound ε")
    ax.set_ylabel("share of runs ending in consensus")
    ax.set_title(f"Hegselmann–Krause, complete graph, {runs} runs per point", fontsize=10)
    ax.legend()
    return fig, out


def voter_exit(runs: int) -> tuple[plt.Figure, dict[str, Any]]:
    """Voter model on the complete graph: exit probability = rho; mean consensus time exact."""
    n = 40
    ks = [4, 8, 12, 20, 28, 36]
    p_hat, t_hat, t_exact = [], [], []
    kk = np.arange(1, n)
    p = kk * (n - kk) / (n * (n - 1))
    tri = sp.diags_array([-np.ones(n - 2), 2 * np.ones(n - 1), -np.ones(n - 2)], offsets=[-1, 0, 1])
    exact = spla.spsolve(sp.csc_array(tri), 1.0 / p)
    for j, k0 in enumerate(ks):
        x0 = np.zeros(n)
        x0[:k0] = 1
        wins, times = [], []
        for s in _seeds(runs, 5000 + j):
            res = classic.voter(x0, rng=s)
            wins.append(res.x[0] == 1)
            times.append(res.steps)
        p_hat.append(float(np.mean(wins)))
        t_hat.append(float(np.mean(times)))
        t_exact.append(float(exact[k0 - 1]))
    rho = np.array(ks) / n
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    a1.plot([0, 1], [0, 1], color="grey", lw=1, label="exit probability = ρ")
    a1.plot(rho, p_hat, "o", label=f"polsim, {runs} runs")
    a1.set_xlabel("initial density ρ")
    a1.set_ylabel("probability of ending at opinion 1")
    a1.legend()
    grid = np.linspace(0.02, 0.98, 200)
    a2.plot(
        grid,
        -(n**2) * (grid * np.log(grid) + (1 - grid) * np.log(1 - grid)),
        color="grey",
        lw=1,
        label="−N²[ρ ln ρ + (1−ρ) ln(1−ρ)]",
    )
    a2.plot(rho, t_exact, "s", mfc="none", color="black", label="exact (birth–death chain)")
    a2.plot(rho, t_hat, "o", label=f"polsim, {runs} runs")
    a2.set_xlabel("initial density ρ")
    a2.set_ylabel("updates to consensus")
    a2.legend()
    fig.suptitle(f"Voter model, complete graph, N = {n}", fontsize=11)
    return fig, {
        "rho": rho.tolist(),
        "exit_probability": p_hat,
        "mean_time": t_hat,
        "exact_time": t_exact,
    }


def friedkin_johnsen_fit() -> tuple[plt.Figure, dict[str, Any]]:
    """Friedkin–Johnsen iteration against its closed-form equilibrium on a small world."""
    gen = np.random.default_rng(_seeds(1, 9)[0])
    g = networks.watts_strogatz(500, 8, 0.1, rng=gen)
    x0 = gen.uniform(-1, 1, 500)
    lam = gen.uniform(0.3, 0.95, 500)
    it = classic.friedkin_johnsen(x0, susceptibility=lam, graph=g, tol=1e-13)
    closed = classic.friedkin_johnsen_equilibrium(x0, susceptibility=lam, graph=g)
    fig, ax = plt.subplots(figsize=(4.5, 4.5), constrained_layout=True)
    ax.plot(closed, it.x, ".", ms=3)
    ax.plot([-1, 1], [-1, 1], color="grey", lw=1)
    ax.set_xlabel("closed form (I − ΛW)⁻¹(I − Λ)x₀")
    ax.set_ylabel(f"iterated, {it.steps} steps")
    ax.set_title("Friedkin & Johnsen (1999), N = 500", fontsize=10)
    return fig, {"max_abs_error": float(np.max(np.abs(it.x - closed))), "steps": it.steps}


def ja_regimes(runs: int) -> tuple[plt.Figure, dict[str, Any]]:
    """Jager & Amblard (2005): the regime map over (U, T)."""
    us = np.round(np.arange(0.1, 1.21, 0.1), 2)
    ts = np.round(np.arange(0.2, 2.01, 0.15), 2)
    clusters = np.full((ts.size, us.size), np.nan)
    extreme = np.full((ts.size, us.size), np.nan)
    for i, T in enumerate(ts):
        for j, U in enumerate(us):
            if T < U:
                continue
            c, e = [], []
            for s in _seeds(runs, 7000 + 100 * i + j):
                gen = np.random.default_rng(s)
                x = classic.jager_amblard(gen.uniform(-1, 1, 300), U=U, T=T, rng=gen).x
                c.append(measures.cluster_count(x, **MAJOR))
                e.append(np.mean(np.abs(x) > 0.95))
            clusters[i, j] = np.mean(c)
            extreme[i, j] = np.mean(e)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    for ax, data, label in ((a1, clusters, "major clusters"), (a2, extreme, "share at |x| > 0.95")):
        im = ax.imshow(
            data,
            origin="lower",
            aspect="auto",
            cmap="viridis",
            extent=(us[0] - 0.05, us[-1] + 0.05, ts[0] - 0.075, ts[-1] + 0.075),
        )
        fig.colorbar(im, ax=ax, label=label)
        ax.set_xlabel("threshold of acceptance U")
        ax.set_ylabel("threshold of rejection T")
    a1.set_title("uniformity (1) · pluriformity (many)", fontsize=10)
    a2.set_title("bipolarisation: mass at the extremes", fontsize=10)
    fig.suptitle(f"Jager & Amblard (2005), N = 300, μ = 0.1, {runs} runs per cell", fontsize=11)
    return fig, {
        "U": us.tolist(),
        "T": ts.tolist(),
        "clusters": np.nan_to_num(clusters).tolist(),
        "extreme_share": np.nan_to_num(extreme).tolist(),
    }


STUDIES: dict[str, Callable[[bool], tuple[plt.Figure, dict[str, Any]]]] = {
    "deffuant_clusters": lambda quick: deffuant_clusters(6 if quick else 30),
    "hk_consensus_threshold": lambda quick: hk_threshold(6 if quick else 30),
    "voter_complete_graph": lambda quick: voter_exit(200 if quick else 2000),
    "friedkin_johnsen_closed_form": lambda quick: friedkin_johnsen_fit(),
    "jager_amblard_regimes": lambda quick: ja_regimes(1 if quick else 4),
    "classic_gallery": lambda quick: (classic_gallery(rng=ROOT_SEED), {}),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/figures", help="output folder")
    parser.add_argument("--quick", action="store_true", help="few seeds (a smoke run)")
    parser.add_argument("--only", nargs="*", choices=sorted(STUDIES), help="run only these")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    summary_path = out / "reproductions.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    for name in args.only or list(STUDIES):
        started = time.perf_counter()
        fig, numbers = STUDIES[name](args.quick)
        fig.savefig(out / f"{name}.png", dpi=100)
        plt.close(fig)
        summary[name] = numbers
        print(f"{name}: {time.perf_counter() - started:.1f} s", flush=True)
    summary_path.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
