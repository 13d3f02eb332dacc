"""Sensitivity analysis with SALib over the registry's plausible ranges.

The problem is a :class:`SALib.ProblemSpec` whose bounds are the parameters' plausible ranges
(:func:`polsim.model.registry.uncertain`), so every sampled point is a valid city; whole-number
parameters are rounded. Each point runs ``replicates`` times (:func:`polsim.runs.sweep.sweep`,
paired by default: every point meets the same cities, so that the seeds' noise does not enter
the indices); the indices use the mean over replicates, and the share of the outcome's
variance that is due to the seeds (within points) is reported beside them.

- :func:`sobol`: first and total order indices with bootstrap intervals (Saltelli sampling; a
  base sample size that is not a power of two is raised to the next one, and the result says
  so), and their convergence: the indices from the first ``2^k`` base samples for growing k.
- :func:`morris`: elementary effects screening (mu*, sigma).
- :func:`delta`: the given-data delta moment-independent measure on an existing sweep.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from polsim.model import registry
from polsim.runs.comparison import OUTCOMES
from polsim.runs.sweep import Sweep, seeds_share, sweep
from polsim.validation import DEFAULT_SEED, check_int, check_keys, check_options

__all__ = ["Sensitivity", "delta", "morris", "problem", "sobol"]


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The indices of one method for one outcome, and the runs behind them."""

    method: str
    outcome: str
    #: one row per parameter (columns depend on the method; ``*_conf`` are half-widths of
    #: the 95% bootstrap intervals)
    indices: pd.DataFrame
    #: share of the outcome's variance over runs that is due to the seeds (within points)
    seeds_share: float
    sweep: Sweep | None
    #: Sobol: the indices from the first 2^k base samples, one row per k and parameter
    convergence: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: tuple[str, ...] = ()


def problem(
    names: Sequence[str] | None = None, bounds: dict[str, tuple[float, float]] | None = None
) -> dict[str, Any]:
    """The SALib problem of ``names`` (default: every parameter with a plausible range), with
    the plausible ranges as bounds unless ``bounds`` gives others (inside the valid range)."""
    chosen = [p.name for p in registry.uncertain()] if names is None else list(names)
    if not chosen:
        raise ValueError("names must list at least one parameter")
    check_keys(chosen, registry.PARAMETERS, "names", what="parameter", list_allowed=False)
    given = dict(bounds or {})
    check_keys(given, chosen, "bounds")
    limits = []
    for name in chosen:
        p = registry.PARAMETERS[name]
        low, high = given.get(name, p.plausible)
        if not low < high:
            raise ValueError(f"bounds.{name} must be (low, high) with low < high, got {low, high}")
        if low < p.low or high > p.high:
            raise ValueError(f"bounds.{name} must lie in [{p.low:g}, {p.high:g}], got {low, high}")
        limits.append([float(low), float(high)])
    return {"num_vars": len(chosen), "names": chosen, "bounds": limits}


def _as_points(spec: dict[str, Any], samples: np.ndarray) -> pd.DataFrame:
    table = pd.DataFrame(samples, columns=spec["names"])
    for name in spec["names"]:
        if registry.PARAMETERS[name].kind is int:
            table[name] = table[name].round().astype(int)
    return table


def _outcome(outcome: str) -> str:
    return str(check_options(outcome, "outcome", [k for k in OUTCOMES if k != "spent"]))


def _means(result: Sweep, outcome: str) -> np.ndarray:
    return result.runs.groupby("point", sort=True)[outcome].mean().to_numpy(float)


def sobol(
    names: Sequence[str] | None = None,
    *,
    n: int = 64,
    outcome: str = "final_silent",
    bounds: dict[str, tuple[float, float]] | None = None,
    seed: int = DEFAULT_SEED,
    num_resamples: int = 200,
    **run: Any,
) -> Sensitivity:
    """Sobol indices (first and total order) of ``outcome`` over the plausible ranges.

    ``n`` is the base sample size (``n (D + 2)`` points for D parameters); ``run`` goes to
    :func:`~polsim.runs.sweep.sweep` (``replicates``, ``weeks``, ``executor``, ``n_agents``, ...).
    """
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    outcome = _outcome(outcome)
    n = check_int(n, "n", low=2, high=1 << 16)
    notes = []
    if n & (n - 1):
        rounded = 1 << (n - 1).bit_length()
        notes.append(f"n = {n} is not a power of two; Sobol sequences need one: n = {rounded}")
        n = rounded
    spec = problem(names, bounds)
    samples = sample.sample(spec, n, calc_second_order=False, seed=seed)
    result = sweep(_as_points(spec, samples), seed=seed, **{"paired": True, **run})
    y = _means(result, outcome)
    d = spec["num_vars"]
    full = analyze.analyze(spec, y, calc_second_order=False, num_resamples=num_resamples,
                           seed=seed)  # fmt: skip
    indices = _sobol_table(full, spec)
    steps = []
    k = 8
    while k <= n:
        part = analyze.analyze(spec, y[: k * (d + 2)], calc_second_order=False,
                               num_resamples=num_resamples, seed=seed)  # fmt: skip
        steps.append(_sobol_table(part, spec).assign(n=k))
        k *= 2
    convergence = pd.concat(steps, ignore_index=True) if steps else pd.DataFrame()
    return Sensitivity("sobol", outcome, indices, seeds_share(result.runs, outcome), result,
                       convergence, tuple(notes))  # fmt: skip


def _sobol_table(si: Any, spec: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({"parameter": spec["names"], "S1": si["S1"], "S1_conf": si["S1_conf"],
                         "ST": si["ST"], "ST_conf": si["ST_conf"]})  # fmt: skip


def morris(
    names: Sequence[str] | None = None,
    *,
    trajectories: int = 10,
    levels: int = 4,
    outcome: str = "final_silent",
    bounds: dict[str, tuple[float, float]] | None = None,
    seed: int = DEFAULT_SEED,
    **run: Any,
) -> Sensitivity:
    """Morris elementary-effects screening (mu*, its interval, sigma) of ``outcome``."""
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    outcome = _outcome(outcome)
    trajectories = check_int(trajectories, "trajectories", low=2, high=10_000)
    levels = check_int(levels, "levels", low=2, high=64)
    spec = problem(names, bounds)
    samples = sample.sample(spec, trajectories, num_levels=levels, seed=seed)
    points = _as_points(spec, samples)
    result = sweep(points, seed=seed, **{"paired": True, **run})
    mi = analyze.analyze(spec, samples, _means(result, outcome), num_levels=levels, seed=seed)
    indices = pd.DataFrame({"parameter": spec["names"], "mu": mi["mu"], "mu_star": mi["mu_star"],
                            "mu_star_conf": mi["mu_star_conf"], "sigma": mi["sigma"]})  # fmt: skip
    return Sensitivity("morris", outcome, indices, seeds_share(result.runs, outcome), result)


def delta(result: Sweep, *, outcome: str = "final_silent", seed: int = DEFAULT_SEED) -> Sensitivity:
    """The delta moment-independent measure (and first-order S1) of ``outcome`` from an
    existing sweep's points and runs (given data: any design will do)."""
    from SALib.analyze import delta as analyze

    outcome = _outcome(outcome)
    names = [str(c) for c in result.points.columns]
    spec = problem(names, {n: (float(result.points[n].min()), float(result.points[n].max()))
                           for n in names})  # fmt: skip
    x = result.points.to_numpy(float)
    quiet = io.StringIO()  # SALib prints its binning notices; they go into the result's notes
    with (
        contextlib.redirect_stdout(quiet),
        contextlib.redirect_stderr(quiet),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        try:
            di = analyze.analyze(spec, x, _means(result, outcome), seed=seed, method="all")
        except ValueError as exc:
            raise ValueError(
                f"delta needs a larger sweep (about 50 points or more): {str(exc).splitlines()[0]}"
            ) from None
    quiet.write("\n".join(str(w.message) for w in caught))
    indices = pd.DataFrame({"parameter": names, "delta": di["delta_raw"],
                            "delta_conf": di["delta_raw_conf"],
                            "delta_balanced": di["delta_balanced"], "S1": di["S1"],
                            "S1_conf": di["S1_conf"]})  # fmt: skip
    notes = tuple(line for line in quiet.getvalue().splitlines() if line.strip())
    return Sensitivity("delta", outcome, indices, seeds_share(result.runs, outcome), result,
                       notes=notes)  # fmt: skip
