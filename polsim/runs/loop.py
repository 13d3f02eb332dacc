"""The run loop: a run table in, each run's result out, on any executor, and resumable.

Every way of running many simulations goes through :func:`execute`: a comparison
(:func:`polsim.compare`), a sweep (:func:`polsim.runs.sweep.sweep`, and sensitivity analysis
through it), the EMA Workbench model (:mod:`polsim.ema`) and ``polsim run``. The contract is
the same for all of them:

- the run table is a list of :class:`~polsim.runs.executors.Task`; each names itself by its
  :attr:`~polsim.runs.executors.Task.run_id` (``baseline-r003``, ``baseline-p0002-r001``);
- ``keep`` turns a run's weekly table into what the caller keeps of it (the table itself, or
  a sweep's one row of outcomes);
- ``on_start(tasks)`` is called once every input is checked and the memory is known to
  suffice, before the first run (a command claims its output folder there);
- ``on_result(task, kept)`` is called as each run finishes, in the table's order;
- ``finished`` maps run ids to what was kept of runs done before (read back from a result
  folder, :func:`polsim.runs.store.finished_runs`): those are not run again. A run's result
  depends only on its task, so a table continued this way equals one run in one go, exactly;
- ``progress(done, total)`` after each run (and ``progress(0, total)`` with the expected time
  first, see :func:`polsim.runs.limits.announce`);
- an interrupt or an error stops the executor's workers before :func:`execute` returns; what
  finished has been handed to ``on_result`` already.

>>> from polsim.runs.executors import Task
>>> from polsim.runs.loop import execute
>>> from polsim.scenarios import load
>>> tasks = [Task(load("baseline"), r, 7, 3, {"n_agents": 150}) for r in range(2)]
>>> [len(table) for table in execute(tasks)]
[4, 4]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from polsim.model import registry
from polsim.runs.batches import _map_batched
from polsim.runs.executors import Executor, Task, make_executor
from polsim.runs.limits import (
    MAX_REPLICATES,
    MAX_WEEKS,
    _estimate_tasks,
    announce,
    check_resources,
)
from polsim.scenarios import Scenario, check_network, load
from polsim.validation import check_int, check_text

__all__ = ["execute"]


def execute(
    tasks: Sequence[Task],
    *,
    executor: str | Executor = "serial",
    workers: int | None = None,
    keep: Callable[[pd.DataFrame], Any] | None = None,
    finished: Mapping[str, Any] | None = None,
    on_start: Callable[[list[Task]], None] | None = None,
    on_result: Callable[[Task, Any], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Any]:
    """What ``keep`` makes of each task's weekly table (default: the table), in the tasks'
    order; see the module's description for the contract of ``finished``, ``on_start``,
    ``on_result`` and ``progress``.

    ``executor``: ``"serial"``, ``"processes"``, ``"dask"`` (with ``workers``) or any
    :class:`~polsim.runs.executors.Executor`. The runs' memory is checked before any of it is
    allocated (:func:`polsim.runs.limits.check_resources`).
    """
    table = list(tasks)
    ids = [task.run_id for task in table]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"tasks must be distinct runs; {', '.join(twice[:3])} come twice")
    runner = make_executor(executor, workers) if isinstance(executor, str) else executor
    expected = _estimate_tasks(table, workers=int(getattr(runner, "workers", 1) or 1))
    check_resources(expected)
    if on_start is not None:
        on_start(table)
    done_before = dict(finished or {})
    todo = [task for task in table if task.run_id not in done_before]
    announce(progress, len(table), expected)
    fresh = _map_batched(runner, todo) if todo else iter(())
    kept: list[Any] = []
    try:
        for count, task in enumerate(table, start=1):
            if task.run_id in done_before:
                result = done_before[task.run_id]
            else:
                weekly = next(fresh)
                result = weekly if keep is None else keep(weekly)
                if on_result is not None:
                    on_result(task, result)
            kept.append(result)
            if progress is not None:
                progress(count, len(table))
    finally:  # an interrupt or an error: the executor stops its workers now
        close = getattr(fresh, "close", None)
        if close is not None:
            close()
    return kept


def _checked(
    scenarios: Sequence[str | Scenario],
    *,
    replicates: int,
    fewest_replicates: int,
    fewest_scenarios: int,
    weeks: int,
    seed: int,
    parameters: Mapping[str, Any],
    network: Mapping[str, Any] | None,
) -> tuple[tuple[Scenario, ...], int, int, int, dict[str, Any]]:
    """The settings every run table checks the same way, before anything runs: the scenarios
    (loaded, distinct, at least ``fewest_scenarios``, each valid for ``weeks``), replicates,
    weeks, seed, model parameters and network. Returns (scenarios, replicates, weeks, seed,
    network)."""
    replicates = check_int(replicates, "replicates", low=fewest_replicates, high=MAX_REPLICATES)
    weeks = check_int(weeks, "weeks", low=1, high=MAX_WEEKS)
    seed = check_int(seed, "seed", low=0)
    registry.resolve(dict(parameters))
    checked_network = dict(check_network(network) or {})
    if isinstance(scenarios, (str, Scenario)) or not isinstance(scenarios, Sequence):
        raise ValueError(
            f"scenarios must be a list of scenario names (or Scenario objects), got {scenarios!r}"
        )
    chosen = tuple(s if isinstance(s, Scenario) else load(check_text(s, "scenario"))
                   for s in scenarios)  # fmt: skip
    if len(chosen) < fewest_scenarios:
        raise ValueError(
            "scenarios must name at least two scenarios: a baseline and another"
            if fewest_scenarios == 2
            else "scenarios must name at least one scenario"
        )
    names = [s.name for s in chosen]
    if len(set(names)) != len(names):
        raise ValueError(f"scenarios must be distinct, got {names}")
    for scenario in chosen:
        scenario.check_weeks(weeks)
    return chosen, replicates, weeks, seed, checked_network
