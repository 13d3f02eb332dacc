"""Running replicates: one executor interface, serial or in local processes.

A task is one replicate of one scenario; its result is a tidy table of weekly measures. The
same task gives the same table whichever executor runs it and in whatever order: every draw
comes from the task's own seeds (see :func:`polsim.scenarios.make_model`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from typing import Any, Protocol

import pandas as pd

from polsim.runs.batches import run_tasks
from polsim.runs.limits import processors
from polsim.scenarios import Scenario
from polsim.validation import Constraint, Interval, Options, check_fields

__all__ = [
    "EXECUTOR_CONSTRAINTS",
    "EXECUTOR_KEYS",
    "DaskExecutor",
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

    @property
    def run_id(self) -> str:
        """The run's name in a run table and a result folder: ``<scenario>-r<replicate>``, or
        ``<scenario>-p<point>-r<replicate>`` at a sweep's point (``baseline-p0003-r001``)."""
        point = "" if self.point is None else f"-p{self.point:04d}"
        return f"{self.scenario.name}{point}-r{self.replicate:03d}"


def run_task(task: Task, *, threads: int | None = None) -> pd.DataFrame:
    """Run one replicate; weekly measures plus scenario, replicate, spending and the observed
    phase (:func:`polsim.runs.batches.run_tasks` runs several, side by side where it pays).
    ``threads``: of the compiled kernels (default: by the city's size)."""
    return run_tasks([task], threads=threads)[0]


class Executor(Protocol):
    """Runs tasks; yields results in the order of the tasks.

    An executor may say how many runs it runs at once (``workers``, default 1) and with how
    many threads each run's kernels work (``threads``, default: the model's choice by size):
    the run loop reads both when it groups runs and starts them."""

    def map[Item, Result](
        self, fn: Callable[[Item], Result], tasks: Iterable[Item]
    ) -> Iterator[Result]: ...


class SerialExecutor:
    """In this process, one task after another."""

    #: runs at once, and threads per run (None: the model's choice by the city's size)
    workers = 1
    threads: int | None = None

    def map[Item, Result](
        self, fn: Callable[[Item], Result], tasks: Iterable[Item]
    ) -> Iterator[Result]:
        return map(fn, tasks)


class ProcessExecutor:
    """In ``workers`` local processes (default: the number of cores)."""

    #: threads per run: one (the workers share the cores)
    threads = 1

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or processors()
        self._started: _Recording | None = None

    def process_ids(self) -> list[int]:
        """The process ids of the workers running now (empty between maps)."""
        started = self._started
        return sorted(p.pid for p in started.alive()) if started is not None else []

    def map[Item, Result](
        self, fn: Callable[[Item], Result], tasks: Iterable[Item]
    ) -> Iterator[Result]:
        """``fn`` of each task, in the tasks' order. A worker that dies is replaced and its
        unfinished tasks are tried once more; a second death stops with one line. If the
        caller stops early (an interrupt, an error), every worker is stopped before this
        returns: no process is left behind."""
        todo = list(tasks)
        results: dict[int, Result] = {}
        tries = dict.fromkeys(range(len(todo)), 0)
        following = 0
        while following < len(todo):
            started = self._started = _Recording(get_context(_START_METHOD))
            pool = self._pool(started)
            stopped = False
            try:
                futures = {k: pool.submit(fn, todo[k]) for k in range(following, len(todo))
                           if k not in results}  # fmt: skip
                for k in range(following, len(todo)):
                    if k not in results:
                        results[k] = futures[k].result()
                    if k == len(todo) - 1:  # all done: let the workers exit before the last
                        _stop(pool, started, now=False)
                        stopped = True
                    following = k + 1
                    yield results.pop(k)
            except BrokenProcessPool:
                unfinished = [k for k in range(following, len(todo)) if k not in results]
                for k in unfinished:
                    tries[k] += 1
                if any(tries[k] > 1 for k in unfinished):
                    if following == 0 and not results:
                        # nothing ever finished: most often a script without a main guard,
                        # whose top level every worker runs again as it starts
                        raise WorkerDiedError(
                            "the worker processes died twice before finishing any run: a "
                            "script that runs polsim with executor='processes' must do so "
                            'under `if __name__ == "__main__":` (each worker imports the '
                            "script); otherwise the machine may be out of memory"
                        ) from None
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
                    _stop(pool, started, now=True)
                self._started = None

    def _pool(self, context: Any) -> ProcessPoolExecutor:
        # forkserver, not fork: the compiled kernels run thread pools, which must not be forked
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=_worker_start
        )


class _Recording:
    """A multiprocessing context that keeps a list of the processes it starts: a pool's
    workers, which the pool itself does not list publicly (needed to stop them at once)."""

    def __init__(self, context: Any) -> None:
        self._context = context
        self.processes: list[Any] = []

    def Process(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - the context's name
        process = self._context.Process(*args, **kwargs)
        self.processes.append(process)
        return process

    def alive(self) -> list[Any]:
        """The started processes still running."""
        return [p for p in self.processes if p.pid is not None and p.is_alive()]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


class WorkerDiedError(RuntimeError):
    """A worker process died twice while running the same runs."""


def _stop(pool: ProcessPoolExecutor, started: _Recording, *, now: bool) -> None:
    """Shut a pool down; ``now``: cancel what has not started and stop the running workers
    first (an interrupt, an error), instead of letting them finish."""
    if now:
        workers = started.alive()
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
    """An interrupt (Ctrl-C reaches the whole process group) is the parent's to handle: it
    stops the workers and keeps what finished. (Each run is told to use one thread: the
    executor's ``threads``; the compiled kernels' own threads would only fight the other
    workers for the cores.)"""
    import multiprocessing
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Numba takes a lock from multiprocessing's default context when it starts its threads.
    # A worker starts no processes, so "fork" is safe here, and its locks are anonymous: a
    # worker that is stopped or dies leaves no named semaphore behind to be reported leaked.
    multiprocessing.set_start_method("fork", force=True)


class DaskExecutor:
    """On a Dask distributed cluster (the extra ``polsim[dask]``): the scheduler at
    ``address``, or a LocalCluster of ``workers`` single-threaded processes started here.

    :meth:`start` (or ``with DaskExecutor(...) as executor:``) starts the cluster, or connects
    to the scheduler, once and warms every worker up (it imports polsim and loads the compiled
    kernels there), and :meth:`map` then runs on it until :meth:`close`; the seconds each part
    took are in :attr:`started`. A :meth:`map` without :meth:`start` starts and closes a
    cluster of its own.

    Runs are sent in chunks (many small runs would otherwise cost more in scheduling than in
    simulation): chunks of about ``chunk_seconds`` of work at first, smaller towards the end
    (each about the remaining work over twice the workers' threads), so that the workers
    finish together; results come back in the order of the tasks. A worker that dies mid-run
    is replaced by its nanny and its runs are run again elsewhere (up to ``retries`` times
    each), so no run is lost.

    For a SLURM cluster, start a ``dask_jobqueue.SLURMCluster`` and pass its scheduler address
    (see docs/experiments.md).
    """

    #: threads per run: one (each worker is one single-threaded process)
    threads = 1

    def __init__(
        self,
        address: str | None = None,
        workers: int | None = None,
        *,
        chunk_seconds: float = 1.0,
        retries: int = 2,
    ) -> None:
        self.address = address
        self.workers = workers or processors()
        self.chunk_seconds = chunk_seconds
        self.retries = retries
        #: seconds taken by the last :meth:`start`: ``cluster`` (starting the local cluster
        #: and its workers, or connecting to the scheduler) and ``warm_up`` (every worker
        #: importing polsim and loading the compiled kernels)
        self.started: dict[str, float] = {}
        self._client: Any = None
        self._cluster: Any = None

    def start(self) -> DaskExecutor:
        """Start the local cluster (or connect to the scheduler at ``address``) and warm every
        worker up; nothing happens if it is started already. Returns the executor."""
        if self._client is not None:
            return self
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - depends on the installation
            raise ValueError(
                "executor.kind dask needs the extra: pip install 'polsim[dask]'"
            ) from None
        single = {"OMP_NUM_THREADS": "1", "NUMBA_NUM_THREADS": "1"}
        begun = time.perf_counter()
        try:
            if self.address is None:
                # the scheduler's web server on a free port (none is fixed: two clusters on
                # one machine must not ask for the same)
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                             processes=True, dashboard_address=":0",
                                             silence_logs=50, env=single)  # fmt: skip
                self._client = Client(self._cluster)
                self._client.wait_for_workers(self.workers, timeout=120)
            else:
                self._client = Client(self.address, timeout="5s")
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ValueError(
                f"executor.address: cannot reach a Dask scheduler at {self.address}: {exc}"
            ) from None
        except BaseException:
            self.close()
            raise
        connected = time.perf_counter()
        try:
            _warm_up(self._client)
        except BaseException:
            self.close()
            raise
        self.started = {"cluster": connected - begun, "warm_up": time.perf_counter() - connected}
        return self

    def close(self) -> None:
        """Close the client and the local cluster, if any (a remote scheduler stays)."""
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        try:
            if client is not None:
                client.close()
        finally:
            if cluster is not None:
                cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map[Item, Result](
        self, fn: Callable[[Item], Result], tasks: Iterable[Item]
    ) -> Iterator[Result]:
        """``fn`` of each task, in the tasks' order."""
        todo = list(tasks)
        if not todo:
            return
        own = self._client is None
        client = self.start()._client
        futures: list[Any] = []
        try:
            threads = sum(client.nthreads().values()) or self.workers
            chunks = _chunks(todo, _chunk_size(todo[0], self.chunk_seconds), threads)
            futures = client.map(_run_chunk, [(fn, c) for c in chunks], pure=False,
                                 retries=self.retries)  # fmt: skip
            for future in futures:
                yield from future.result()
        finally:
            if own:
                self.close()
            elif futures:  # stopped early on a cluster that stays: drop what is left
                client.cancel(futures)


def _warm_up(client: Any) -> None:
    """Every worker of ``client`` imports polsim and loads the compiled kernels a run needs,
    all at once, as ordinary tasks (not in the workers' event loops). A warm-up whose worker
    dies meanwhile runs on another (its replacement warms up on its first runs)."""
    futures = [
        client.submit(_warm_worker, address, workers=[address], allow_other_workers=True,
                      pure=False)
        for address in client.nthreads()
    ]  # fmt: skip
    client.gather(futures)


def _warm_worker(address: str) -> str:
    from polsim.scenarios import load

    run_task(Task(load("baseline"), 0, 0, 1, {"n_agents": 100}, {}), threads=1)
    return address


def _run_chunk[Item, Result](job: tuple[Callable[[Item], Result], list[Item]]) -> list[Result]:
    fn, chunk = job
    return [fn(task) for task in chunk]


def _chunk_size(item: Any, seconds: float) -> int:
    """How many items like ``item`` (a run, or a batch of runs: a list of tasks) make about
    ``seconds`` of work."""
    from polsim.model import registry
    from polsim.runs.limits import SECONDS_PER_PERSON_WEEK, SECONDS_PER_WEEK

    work = 0.0
    for task in item if isinstance(item, list) else [item]:
        n = int(registry.resolve({**task.parameters, **task.scenario.parameters})["n_agents"])
        work += task.weeks * (SECONDS_PER_WEEK + SECONDS_PER_PERSON_WEEK * n)
    return max(1, int(seconds / max(work, 1e-6)))


def _chunks[Item](todo: list[Item], largest: int, threads: int) -> list[list[Item]]:
    """``todo`` in consecutive chunks of at most ``largest`` runs, each at most the remaining
    runs over twice the ``threads``: the chunks shrink towards the end, so that the last
    ones, taken by whichever worker is free, even the workers out (guided scheduling)."""
    chunks = []
    first = 0
    while first < len(todo):
        size = max(1, min(largest, -(-(len(todo) - first) // (2 * max(1, threads)))))
        chunks.append(todo[first : first + size])
        first += size
    return chunks


#: Executors a configuration may name: name -> a factory taking the number of workers.
_EXECUTORS: dict[str, Callable[..., Executor]] = {
    "serial": lambda workers, address=None: SerialExecutor(),
    "processes": lambda workers, address=None: ProcessExecutor(workers),
    "dask": lambda workers, address=None: DaskExecutor(address, workers),
}

#: the constraints of a configuration's ``executor`` section
EXECUTOR_CONSTRAINTS: dict[str, Constraint] = {
    "kind": Options(tuple(_EXECUTORS)),
    "workers": [Interval(int, 1, processors()), None],
}
#: every key of the ``executor`` section: the above and a Dask scheduler's ``address``
EXECUTOR_KEYS = (*EXECUTOR_CONSTRAINTS, "address")


def make_executor(kind: str, workers: int | None = None, address: str | None = None) -> Executor:
    """An executor by name (``"serial"``, ``"processes"`` or ``"dask"``) with ``workers``
    processes where that applies (and, for ``dask``, a scheduler ``address``; none: a local
    cluster)."""
    checked = check_fields({"kind": kind, "workers": workers}, EXECUTOR_CONSTRAINTS, "executor")
    if address is not None and (not isinstance(address, str) or not address):
        raise ValueError(f"executor.address must be a scheduler address (text), got {address!r}")
    if address is not None and checked["kind"] != "dask":
        raise ValueError("executor.address is for executor.kind dask only")
    return _EXECUTORS[checked["kind"]](checked["workers"], address)
