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
from polsim.runs.comparison import OUTCOMES, outcomes_of
from polsim.runs.executors import Executor, Task
from polsim.runs.loop import _checked, execute
from polsim.scenarios import Scenario
from polsim.validation import DEFAULT_SEED

__all__ = ["Sweep", "grid", "sweep"]


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


def _run_table(tasks: Sequence[Task]) -> pd.DataFrame:
    """The runs of a sweep, in the order they run: ``run_id``, scenario, point, replicate."""
    return pd.DataFrame(
        {"run_id": [t.run_id for t in tasks], "scenario": [t.scenario.name for t in tasks],
         "point": [t.point for t in tasks], "replicate": [t.replicate for t in tasks]}
    )  # fmt: skip


def sweep(
    points: pd.DataFrame | Mapping[str, Sequence[Any]],
    *,
    scenarios: Sequence[str | Scenario] = ("baseline",),
    replicates: int = 1,
    weeks: int = 78,
    seed: int = DEFAULT_SEED,
    executor: str | Executor = "serial",
    workers: int | None = None,
    network: Mapping[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    paired: bool = False,
    on_start: Callable[[list[Task]], None] | None = None,
    on_result: Callable[[Task, pd.DataFrame], None] | None = None,
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
    on_start, on_result, finished : the run loop's contract (:mod:`polsim.runs.loop`), as
        for :func:`polsim.compare`, except that what a sweep keeps of a run is its outcomes
        (one row of :func:`~polsim.runs.comparison.outcomes_of`), not its weekly table:
        ``on_result(task, outcomes)``, ``finished`` the outcomes of runs done before by run id
        (``task.run_id``, ``baseline-p0002-r001``).
    **fixed : model parameters for every point (a point's own value wins).
    """
    table = _points(points)
    chosen, replicates, weeks, seed, network = _checked(
        scenarios, replicates=replicates, fewest_replicates=1, fewest_scenarios=1, weeks=weeks,
        seed=seed, parameters=fixed, network=network,
    )  # fmt: skip
    values = [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]
    tasks = [
        Task(s, r, seed, weeks, {**fixed, **values[p]}, network, point=p, keyed=not paired)
        for s in chosen
        for p in range(len(table))
        for r in range(replicates)
    ]
    runs = _run_table(tasks)
    outcome_rows = execute(tasks, executor=executor, workers=workers, keep=outcomes_of,
                           finished=finished, on_start=on_start, on_result=on_result,
                           progress=progress)  # fmt: skip
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
