"""Batches: runs that can share an ensemble, run side by side.

Replicates of one scenario at one parameter point are cities of one size and one parameter
set: :func:`run_tasks` runs each such group as one :class:`~polsim.model.ensemble.Ensemble`
(one array program for all of them), where that pays: small cities, whose weeks cost more in
fixed per-call costs than in arithmetic. Every run's table is bit for bit the one
:func:`~polsim.runs.executors.run_task` gives it alone (tested), so batching changes the speed
of a sweep, a comparison or a sensitivity study and nothing else.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from polsim.model import registry
from polsim.model.ensemble import Ensemble
from polsim.model.polarisation import PolarisationModel
from polsim.scenarios import make_model

if TYPE_CHECKING:  # pragma: no cover
    from polsim.runs.executors import Executor, Task

__all__ = ["ENSEMBLE_BELOW", "LARGEST_ENSEMBLE", "batches", "run_tasks"]

#: Cities of fewer people than this run in ensembles. Measured on two cores (benchmarks/,
#: ``ensemble_*``): 8 cities of 500 or 1,000 people run 1.1-1.3x as many runs a second in an
#: ensemble as one by one; at 2,000 the two are level, above it one by one is faster (a city
#: alone stays in the processor's cache; the per-city draws and bookkeeping stay either way).
ENSEMBLE_BELOW = 2_000
#: At most this many cities in one ensemble (and at most ``LARGEST_ENSEMBLE *
#: ENSEMBLE_BELOW / 2`` people in all): beyond 8-16 cities nothing more is gained.
LARGEST_ENSEMBLE = 16


def _people(task: Task) -> int:
    return int(registry.resolve({**task.parameters, **task.scenario.parameters})["n_agents"])


def _together(first: Task, other: Task) -> bool:
    """Whether two runs are cities of one size and parameter set from the same plan."""
    return (
        other.scenario == first.scenario
        and other.weeks == first.weeks
        and dict(other.parameters) == dict(first.parameters)
        and dict(other.network) == dict(first.network)
    )


def batches(tasks: Sequence[Task], workers: int = 1) -> list[list[Task]]:
    """``tasks`` in consecutive groups that run as one ensemble (a group of one runs alone),
    in their order; with several ``workers``, groups of at most the runs over twice the
    workers, so that every worker has work until near the end."""
    groups: list[list[Task]] = []
    share = -(-len(tasks) // (2 * workers)) if workers > 1 else len(tasks)
    for task in tasks:
        last = groups[-1] if groups else None
        if (
            last is not None
            and len(last) < min(_size(last[0]), share)
            and _together(last[0], task)
        ):  # fmt: skip
            last.append(task)
        else:
            groups.append([task])
    return groups


def _size(task: Task) -> int:
    n = _people(task)
    if n >= ENSEMBLE_BELOW:
        return 1
    return max(1, min(LARGEST_ENSEMBLE, LARGEST_ENSEMBLE * ENSEMBLE_BELOW // (2 * n)))


def _map_batched(runner: Executor, tasks: Sequence[Task]) -> Iterator[pd.DataFrame]:
    """Each task's table, in the tasks' order, from ``runner`` running the :func:`batches`
    of ``tasks`` with :func:`run_tasks` (each run on the runner's ``threads``). Closing this
    iterator (an interrupt, an error) closes the runner's, which stops its workers."""
    groups = batches(tasks, workers=int(getattr(runner, "workers", 1) or 1))
    threads = getattr(runner, "threads", None)
    results = runner.map(functools.partial(run_tasks, threads=threads), groups)
    try:
        for tables in results:
            yield from tables
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


def run_tasks(tasks: Sequence[Task], *, threads: int | None = None) -> list[pd.DataFrame]:
    """The table of each task (as :func:`~polsim.runs.executors.run_task` gives it), running
    the groups of :func:`batches` as ensembles; ``threads`` of the compiled kernels for each
    (default: by the city's size). The tables are the same whatever the count."""
    tables: list[pd.DataFrame] = []
    for group in batches(tasks):
        models = [
            make_model(t.scenario, seed=t.seed, replicate=t.replicate, parameters=t.parameters,
                       network=t.network, point=t.point if t.keyed else None, threads=threads)
            for t in group
        ]  # fmt: skip
        tables.extend(_run(group, models, threads))
    return tables


def _run(
    group: Sequence[Task], models: Sequence[PolarisationModel], threads: int | None
) -> list[pd.DataFrame]:
    spent = [[0.0] for _ in models]
    observed = [[m.observed_phase or 0] for m in models]
    weeks = group[0].weeks
    steps = models[0].step if len(models) == 1 else Ensemble(models, threads=threads).step
    for _ in range(weeks):
        steps()
        for m, money, phase in zip(models, spent, observed, strict=True):
            money.append(sum(getattr(p, "spent", 0.0) for p in m.policies))
            phase.append(m.observed_phase or 0)
    tables = []
    for task, m, money, phase in zip(group, models, spent, observed, strict=True):
        table = m.metrics
        table.insert(0, "replicate", task.replicate)
        if task.point is not None:
            table.insert(0, "point", task.point)
        table.insert(0, "scenario", task.scenario.name)
        table["spent"] = money
        table["observed_phase"] = phase
        tables.append(table)
    return tables
