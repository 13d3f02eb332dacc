"""Sweeps: a table of parameter points in, tidy outcomes per run and per point out.

A sweep expands into a deterministic run table (scenario × point × replicate) with stable run
ids. Each run's random streams come from ``SeedSequence([seed, point, replicate])`` (with
``paired=True``: ``[seed, replicate]``, the same cities at every point), so every scenario
meets the same cities at a point (common random numbers), and a run gives the same result
alone or in a batch, serially or in processes.

>>> import pandas as pd
>>> from polsim.runs.sweep import sweep
>>> result = sweep(pd.DataFrame({"media_amplification": [0.05, 0.3]}), replicates=2, weeks=4,
...                n_agents=150)
>>> result.runs[["point", "replicate", "run_id"]].to_dict("list")["run_id"]
['baseline-p0000-r000', 'baseline-p0000-r001', 'baseline-p0001-r000', 'baseline-p0001-r001']
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from polsim.model import registry
from polsim.runs.batches import map_batched
from polsim.runs.comparison import OUTCOMES, outcomes_of
from polsim.runs.executors import Executor, Task, make_executor
from polsim.runs.limits import MAX_REPLICATES, MAX_WEEKS, announce, check_resources, estimate
from polsim.scenarios import Scenario, check_network, load
from polsim.validation import check_int, check_text

__all__ = ["Sweep", "grid", "run_table", "sweep"]


@dataclass(frozen=True, slots=True)
class Sweep:
    """What a sweep gives back."""

    #: the points (one row each, the swept parameters as columns; ``point`` is the index)
    points: pd.DataFrame
    #: one row per run: ``run_id``, scenario, point, replicate, the point's parameters and
    #: every outcome of :data:`polsim.runs.comparison.OUTCOMES`
    runs: pd.DataFrame
    #: one row per scenario and point: the mean and standard deviation over replicates
    summary: pd.DataFrame
    settings: dict[str, Any]


def grid(**values: Sequence[Any]) -> pd.DataFrame:
    """Every combination of the given values, one point a row.

    >>> grid(media_amplification=[0.1, 0.2], shock_rate=[0.0, 0.02]).shape
    (4, 2)
    """
    names = list(values)
    rows = list(itertools.product(*(list(values[n]) for n in names)))
    return pd.DataFrame(rows, columns=names)


def _points(points: pd.DataFrame | Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    if isinstance(points, Mapping):
        points = pd.DataFrame(dict(points))
    if not isinstance(points, pd.DataFrame) or points.empty or points.shape[1] == 0:
        raise ValueError("points must be a table with one column per parameter and a row each")
    table = points.reset_index(drop=True).copy()
    for k, row in enumerate(table.to_dict("records")):
        try:
            registry.resolve({str(name): v for name, v in row.items()})  # checked before any run
        except ValueError as exc:
            raise ValueError(f"points row {k}: {exc}") from None
    return table


def run_table(points: pd.DataFrame, scenarios: Sequence[Scenario], replicates: int) -> pd.DataFrame:
    """The runs of a sweep, in the order they run: ``run_id``, scenario, point, replicate."""
    rows = [
        {"run_id": f"{s.name}-p{p:04d}-r{r:03d}", "scenario": s.name, "point": p, "replicate": r}
        for s in scenarios
        for p in range(len(points))
        for r in range(replicates)
    ]
    return pd.DataFrame(rows)


def sweep(
    points: pd.DataFrame | Mapping[str, Sequence[Any]],
    *,
    scenarios: Sequence[str | Scenario] = ("baseline",),
    replicates: int = 1,
    weeks: int = 78,
    seed: int = 2026,
    executor: str | Executor = "serial",
    workers: int | None = None,
    network: Mapping[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    paired: bool = False,
    on_start: Callable[[pd.DataFrame], None] | None = None,
    on_result: Callable[[str, pd.DataFrame], None] | None = None,
    finished: Mapping[str, pd.DataFrame] | None = None,
    **fixed: Any,
) -> Sweep:
    """Run every scenario at every parameter point, ``replicates`` times.

    Parameters
    ----------
    points : a table (or mapping of columns) of model parameters, one point a row; see
        :func:`grid` for all combinations of a few values.
    scenarios : scenario names or :class:`~polsim.scenarios.Scenario` objects.
    replicates, weeks, seed : runs per scenario and point, weeks per run, base seed.
    executor, workers, network, progress : as for :func:`polsim.compare`.
    paired : every point meets the same cities (common random numbers across points as well
        as scenarios): differences between points are then free of the seeds' noise, which
        suits sensitivity analysis; by default each point has its own (independent) cities.
    on_start : called with the run table once every input is checked, before the first run.
    on_result : called with each run's id and its outcomes (one row) as it finishes.
    finished : outcomes of runs already done, by run id: they are not run again (a sweep
        continued this way equals one run in one go, exactly).
    **fixed : model parameters for every point (a point's own value wins).
    """
    table = _points(points)
    replicates = check_int(replicates, "replicates", low=1, high=MAX_REPLICATES)
    weeks = check_int(weeks, "weeks", low=1, high=MAX_WEEKS)
    seed = check_int(seed, "seed", low=0)
    registry.resolve(fixed)
    network = check_network(network)
    if isinstance(scenarios, (str, Scenario)):
        raise ValueError(f"scenarios must be a list of scenario names, got {scenarios!r}")
    chosen = [s if isinstance(s, Scenario) else load(check_text(s, "scenario")) for s in scenarios]
    if not chosen or len({s.name for s in chosen}) != len(chosen):
        raise ValueError("scenarios must name at least one scenario, each once")
    for scenario in chosen:
        scenario.check_weeks(weeks)
    runs = run_table(table, chosen, replicates)
    by_name = {s.name: s for s in chosen}
    values = [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]
    tasks = [
        Task(by_name[str(name)], int(replicate), seed, weeks, {**fixed, **values[int(point)]},
             network, point=int(point), keyed=not paired)
        for name, point, replicate in zip(runs.scenario, runs.point, runs.replicate, strict=True)
    ]  # fmt: skip
    runner = make_executor(executor, workers) if isinstance(executor, str) else executor
    largest = {**fixed, **{c: table[c].max() for c in table.columns if c == "n_agents"}}
    expected = estimate(chosen, replicates=replicates * len(table), weeks=weeks,
                        workers=getattr(runner, "workers", 1), parameters=largest,
                        network=network)  # fmt: skip
    check_resources(expected)
    if on_start is not None:
        on_start(runs)
    done_before = dict(finished or {})
    todo = [t for t, run_id in zip(tasks, runs.run_id, strict=True) if run_id not in done_before]
    announce(progress, len(tasks), expected)
    fresh = map_batched(runner, todo) if todo else iter(())
    outcome_rows = []
    try:
        for done, run_id in enumerate(runs.run_id, start=1):
            if run_id in done_before:
                row = done_before[run_id]
            else:
                row = outcomes_of(next(fresh))
                if on_result is not None:
                    on_result(str(run_id), row)
            outcome_rows.append(row)
            if progress is not None:
                progress(done, len(tasks))
    finally:  # an interrupt or an error: the executor stops its workers now
        close = getattr(fresh, "close", None)
        if close is not None:
            close()
    outcomes = pd.concat(outcome_rows, ignore_index=True).drop(columns=["scenario", "replicate"])
    per_run = pd.concat([runs, table.iloc[runs.point].reset_index(drop=True), outcomes], axis=1)
    names = list(OUTCOMES)
    summary = per_run.groupby(["scenario", "point"], sort=False)[names].agg(["mean", "std"])
    summary.columns = [f"{column[0]}_{column[1]}" for column in summary.columns]
    summary = summary.reset_index()
    settings = {"replicates": replicates, "weeks": weeks, "seed": seed, "paired": paired,
                "fixed": dict(fixed),
                "network": network, "scenarios": [s.name for s in chosen]}  # fmt: skip
    return Sweep(points=table, runs=per_run, summary=summary, settings=settings)


def seeds_share(runs: pd.DataFrame, outcome: str) -> float:
    """The share of an outcome's variance over all runs that is due to the seeds: the mean
    within-point variance over the total variance (0 with one replicate)."""
    total = float(runs[outcome].var(ddof=0))
    if total == 0 or runs.groupby("point")[outcome].size().max() < 2:
        return 0.0
    within = float(runs.groupby("point")[outcome].var(ddof=0).mean())
    return float(np.clip(within / total, 0.0, 1.0))
