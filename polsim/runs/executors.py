"""Running replicates: one executor interface, serial or in local processes.

A task is one replicate of one scenario; its result is a tidy table of weekly measures. The
same task gives the same table whichever executor runs it and in whatever order: every draw
comes from the task's own seeds (see :func:`polsim.scenarios.make_model`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from typing import Any, Protocol

import pandas as pd

from polsim.runs.limits import processors
from polsim.scenarios import Scenario, make_model
from polsim.validation import Constraint, Interval, Options, check_fields

__all__ = [
    "EXECUTORS",
    "EXECUTOR_CONSTRAINTS",
    "Executor",
    "ProcessExecutor",
    "SerialExecutor",
    "Task",
    "WorkerDiedError",
    "make_executor",
    "run_task",
]


@dataclass(frozen=True, slots=True)
class Task:
    """One replicate of one scenario."""

    scenario: Scenario
    replicate: int
    seed: int
    weeks: int
    parameters: Mapping[str, Any] = field(default_factory=dict)
    network: Mapping[str, Any] = field(default_factory=dict)
    #: the parameter point of a sweep (None: a comparison)
    point: int | None = None
    #: whether the point keys the run's random streams (a sweep's default) or every point
    #: meets the same cities (``paired``)
    keyed: bool = True


def run_task(task: Task) -> pd.DataFrame:
    """Run one replicate; weekly measures plus scenario, replicate, spending and the observed
    phase."""
    model = make_model(
        task.scenario,
        seed=task.seed,
        replicate=task.replicate,
        parameters=task.parameters,
        network=task.network,
        point=task.point if task.keyed else None,
    )
    spent, observed = [0.0], [model.observed_phase or 0]
    for _ in range(task.weeks):
        model.step()
        spent.append(sum(getattr(p, "spent", 0.0) for p in model.policies))
        observed.append(model.observed_phase or 0)
    table = model.metrics
    table.insert(0, "replicate", task.replicate)
    if task.point is not None:
        table.insert(0, "point", task.point)
    table.insert(0, "scenario", task.scenario.name)
    table["spent"] = spent
    table["observed_phase"] = observed
    return table


class Executor(Protocol):
    """Runs tasks; yields results in the order of the tasks."""

    def map(
        self, fn: Callable[[Task], pd.DataFrame], tasks: Iterable[Task]
    ) -> Iterator[pd.DataFrame]: ...


class SerialExecutor:
    """In this process, one task after another."""

    def map(
        self, fn: Callable[[Task], pd.DataFrame], tasks: Iterable[Task]
    ) -> Iterator[pd.DataFrame]:
        return map(fn, tasks)


class ProcessExecutor:
    """In ``workers`` local processes (default: the number of cores)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or processors()
        self._pool_now: ProcessPoolExecutor | None = None

    def process_ids(self) -> list[int]:
        """The process ids of the workers running now (empty between maps)."""
        pool = self._pool_now
        return sorted(getattr(pool, "_processes", None) or {}) if pool is not None else []

    def map(
        self, fn: Callable[[Task], pd.DataFrame], tasks: Iterable[Task]
    ) -> Iterator[pd.DataFrame]:
        """``fn`` of each task, in the tasks' order. A worker that dies is replaced and its
        unfinished tasks are tried once more; a second death stops with one line. If the
        caller stops early (an interrupt, an error), every worker is stopped before this
        returns: no process is left behind."""
        todo = list(tasks)
        results: dict[int, pd.DataFrame] = {}
        tries = dict.fromkeys(range(len(todo)), 0)
        following = 0
        while following < len(todo):
            pool = self._pool_now = self._pool()
            stopped = False
            try:
                futures = {k: pool.submit(fn, todo[k]) for k in range(following, len(todo))
                           if k not in results}  # fmt: skip
                for k in range(following, len(todo)):
                    if k not in results:
                        results[k] = futures[k].result()
                    if k == len(todo) - 1:  # all done: let the workers exit before the last
                        _stop(pool, now=False)
                        stopped = True
                    following = k + 1
                    yield results.pop(k)
            except BrokenProcessPool:
                unfinished = [k for k in range(following, len(todo)) if k not in results]
                for k in unfinished:
                    tries[k] += 1
                if any(tries[k] > 1 for k in unfinished):
                    raise WorkerDiedError(
                        "a worker process died twice while running the same runs "
                        "(out of memory?); finished runs are kept"
                    ) from None
                for k in unfinished:  # keep what did finish in the broken pool
                    future = futures.get(k)
                    if future is not None and future.done() and future.exception() is None:
                        results[k] = future.result()
            finally:
                if not stopped:
                    _stop(pool, now=True)
                self._pool_now = None

    def _pool(self) -> ProcessPoolExecutor:
        # forkserver, not fork: the compiled kernels run thread pools, which must not be forked
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=get_context(_START_METHOD),
            initializer=_worker_start,
        )


class WorkerDiedError(RuntimeError):
    """A worker process died twice while running the same runs."""


def _stop(pool: ProcessPoolExecutor, *, now: bool) -> None:
    """Shut a pool down; ``now``: cancel what has not started and stop the running workers
    first (an interrupt, an error), instead of letting them finish."""
    if now:
        processes = list(getattr(pool, "_processes", None) or {})  # no public list of them
        workers = [pool._processes[pid] for pid in processes]
        for process in workers:
            if process.is_alive():
                process.terminate()
        for process in workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
    pool.shutdown(wait=True, cancel_futures=True)


#: forkserver where the platform has it (Unix), else spawn: never plain fork (see map)
_START_METHOD = "forkserver" if "forkserver" in get_all_start_methods() else "spawn"


def _worker_start() -> None:
    """Workers run one replicate each; the compiled kernels' own threads would only fight the
    other workers for the cores. An interrupt (Ctrl-C reaches the whole process group) is the
    parent's to handle: it stops the workers and keeps what finished."""
    import multiprocessing
    import os
    import signal

    import numba

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Numba takes a lock from multiprocessing's default context when it starts its threads.
    # A worker starts no processes, so "fork" is safe here, and its locks are anonymous: a
    # worker that is stopped or dies leaves no named semaphore behind to be reported leaked.
    multiprocessing.set_start_method("fork", force=True)
    numba.set_num_threads(1)
    os.environ["POLSIM_THREADS"] = "1"  # every model in this worker: one thread


#: Executors a configuration may name: name -> a factory taking the number of workers.
EXECUTORS: dict[str, Callable[[int | None], Executor]] = {
    "serial": lambda workers: SerialExecutor(),
    "processes": ProcessExecutor,
}

#: the constraints of a configuration's ``executor`` section
EXECUTOR_CONSTRAINTS: dict[str, Constraint] = {
    "kind": Options(tuple(EXECUTORS)),
    "workers": [Interval(int, 1, processors()), None],
}


def make_executor(kind: str, workers: int | None = None) -> Executor:
    """An executor by name (a key of :data:`EXECUTORS`) with ``workers`` processes where
    that applies."""
    checked = check_fields({"kind": kind, "workers": workers}, EXECUTOR_CONSTRAINTS, "executor")
    return EXECUTORS[checked["kind"]](checked["workers"])
