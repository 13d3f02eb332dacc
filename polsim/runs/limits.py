"""What a set of runs will cost, checked before any of it is allocated.

A few characters of input (``model.n_agents=100000000``, ``replicates=1000000000``) can ask
for more memory or time than the machine has. :func:`check_resources` estimates both from the
run table and refuses, in one line with the estimate and how to go smaller, what would not fit
in the memory available now. Weeks and replicates have upper bounds (:data:`MAX_WEEKS`,
:data:`MAX_REPLICATES`) and workers are capped at the number of processors.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from polsim.model import registry
from polsim.scenarios import NETWORK_KINDS, Scenario

if TYPE_CHECKING:  # pragma: no cover
    from polsim.runs.executors import Task

__all__ = [
    "MAX_REPLICATES",
    "MAX_WEEKS",
    "Estimate",
    "announce",
    "available_memory",
    "check_resources",
    "estimate",
    "processors",
]

#: At most 100 years of weeks per run.
MAX_WEEKS = 5200
#: At most this many replicates per scenario.
MAX_REPLICATES = 10_000

#: Bytes per person of a running model besides its ties and follows, measured and rounded
#: up: a fresh process's peak was 0.75 GB for 10^6 people and 2.17 GB for 4 x 10^6 (mean
#: degree 10, 8 follows), so 473 bytes a person in all; the state arrays, the weekly buffers,
#: what people show and hear.
BYTES_PER_PERSON = 350
#: Bytes per offline tie (32-bit indices; the transpose shares them for an undirected network).
BYTES_PER_TIE = 12
#: Bytes per online follow (a 32-bit index).
BYTES_PER_FOLLOW = 4
#: A Python process with numpy, numba, pandas and Mesa loaded.
BYTES_PER_PROCESS = 250 * 1024**2
#: Weekly trajectory rows kept per run (about 40 measures of 8 bytes).
BYTES_PER_WEEK_ROW = 400
#: Seconds per person-week at large N on one core (the benchmark: 57 ms per week for 10^6
#: people on two threads), and the fixed cost of a week at any size (a scenario with three
#: interventions: 0.26 ms a week at 200 people, 0.50 ms at 2,000, one core).
SECONDS_PER_PERSON_WEEK = 1.2e-7
SECONDS_PER_WEEK = 2.5e-4


@dataclass(frozen=True, slots=True)
class Estimate:
    """What a set of runs will need: memory at once and time on the given workers."""

    runs: int
    bytes_per_run: int
    bytes_at_once: int
    seconds: float

    def describe(self) -> str:
        """``12 runs, 1.4 GB at once, about 3 minutes``."""
        return f"{self.runs} runs, {_gb(self.bytes_at_once)} at once, about {_time(self.seconds)}"


def processors() -> int:
    """Processors this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def available_memory() -> int:
    """Bytes of memory available now (``MemAvailable`` on Linux), or a large number where the
    platform does not say."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 1 << 62


def estimate(
    scenarios: Sequence[Scenario],
    *,
    replicates: int,
    weeks: int,
    workers: int,
    parameters: Mapping[str, Any] | None = None,
    network: Mapping[str, Any] | None = None,
) -> Estimate:
    """Memory and time of ``replicates`` runs of each scenario, ``workers`` at a time."""
    kinds = [(s, dict(parameters or {}), dict(network or {}), weeks, replicates)
             for s in scenarios]  # fmt: skip
    return _estimate(kinds, workers)


def _estimate_tasks(tasks: Sequence[Task], *, workers: int) -> Estimate:
    """Memory and time of the runs of a run table, ``workers`` at a time (runs of one
    scenario, parameter set, network and length are costed once)."""
    counts: dict[tuple[Any, ...], int] = {}
    first: dict[tuple[Any, ...], Task] = {}
    for task in tasks:
        key = (task.scenario.name, repr(sorted(task.parameters.items())),
               repr(sorted(task.network.items())), task.weeks)  # fmt: skip
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, task)
    kinds = [(t.scenario, dict(t.parameters), dict(t.network), t.weeks, counts[key])
             for key, t in first.items()]  # fmt: skip
    return _estimate(kinds, workers)


def _estimate(
    kinds: Sequence[tuple[Scenario, dict[str, Any], dict[str, Any], int, int]], workers: int
) -> Estimate:
    """The estimate of ``count`` runs of each (scenario, parameters, network, weeks, count)."""
    costs = []
    for scenario, parameters, network, weeks, count in kinds:
        values = registry.resolve({**parameters, **scenario.parameters})
        n = int(values["n_agents"])
        settings = {**NETWORK_KINDS[str(network.get("kind", "small_world"))], **network}
        degree = float(settings.get("degree") or values["network_degree"])
        follows = int(values["online_degree"])
        memory = n * (BYTES_PER_PERSON + BYTES_PER_TIE * degree + BYTES_PER_FOLLOW * follows)
        costs.append((memory + BYTES_PER_WEEK_ROW * (weeks + 1), n, weeks, count))
    runs = sum(count for *_, count in costs)
    per_run = max((m for m, *_ in costs), default=0)
    at_once = max(1, min(workers, runs))
    seconds = sum(count * weeks * (SECONDS_PER_WEEK + SECONDS_PER_PERSON_WEEK * n)
                  for _, n, weeks, count in costs) / at_once  # fmt: skip
    rows = sum(count * BYTES_PER_WEEK_ROW * (weeks + 1) for _, _, weeks, count in costs)
    total = min(workers, runs) * (per_run + BYTES_PER_PROCESS) + rows
    return Estimate(runs=runs, bytes_per_run=int(per_run), bytes_at_once=int(total),
                    seconds=float(seconds))  # fmt: skip


def check_resources(estimated: Estimate, *, available: int | None = None) -> None:
    """Refuse, in one line, runs that would not fit in the memory available now."""
    free = available_memory() if available is None else available
    if estimated.bytes_at_once > 0.9 * free:
        raise ValueError(
            f"these runs need about {_gb(estimated.bytes_at_once)} of memory at once "
            f"({estimated.describe()}), more than the {_gb(free)} available; use fewer people "
            f"(model.n_agents), fewer workers (executor.workers) or a smaller network"
        )


def _gb(n: float) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


def _time(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.0f} hours"
    return f"{seconds / 86400:.0f} days"


def announce(progress: Any, total: int, estimated: Estimate) -> None:
    """Tell a progress callback, before the first run, how many runs there are (``progress(0,
    total)``) and, if it has an ``expect(seconds)`` method, how long they should take: a bar
    shows both from the start rather than after the first run."""
    if progress is None:
        return
    expect = getattr(progress, "expect", None)
    if callable(expect):
        expect(estimated.seconds)
    progress(0, total)
