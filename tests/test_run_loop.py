"""One run loop under every way of running many cities: a comparison and a sweep hand their
runs to the same callbacks, are interrupted and resumed the same way, and keep their runs in
a folder the same way (folders kept under the earlier run names still read back)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from polsim.runs import store
from polsim.runs.comparison import Comparison, compare
from polsim.runs.executors import ProcessExecutor, Task
from polsim.runs.loop import execute
from polsim.runs.sweep import Sweep, grid, sweep
from polsim.scenarios import load

SMALL = {"weeks": 4, "n_agents": 150}


def _compare(**callbacks: Any) -> Comparison:
    return compare(["baseline", "key_figures"], replicates=2, seed=5, **SMALL, **callbacks)


def _sweep(**callbacks: Any) -> Sweep:
    return sweep(grid(media_amplification=[0.05, 0.3]), scenarios=["baseline", "key_figures"],
                 replicates=1, seed=5, **SMALL, **callbacks)  # fmt: skip


def _same(one: Comparison | Sweep, other: Comparison | Sweep) -> None:
    if isinstance(one, Comparison):
        assert isinstance(other, Comparison)
        pd.testing.assert_frame_equal(one.trajectories, other.trajectories, check_exact=True)
        pd.testing.assert_frame_equal(one.effects, other.effects, check_exact=True)
    else:
        assert isinstance(other, Sweep)
        pd.testing.assert_frame_equal(one.runs, other.runs, check_exact=True)


CALLERS: dict[str, Callable[..., Comparison | Sweep]] = {"compare": _compare, "sweep": _sweep}


@pytest.mark.parametrize("caller", CALLERS)
def test_compare_and_sweep_hand_their_runs_to_the_same_callbacks(caller: str) -> None:
    started: list[list[Task]] = []
    results: list[tuple[Task, pd.DataFrame]] = []
    CALLERS[caller](on_start=started.append, on_result=lambda t, r: results.append((t, r)))
    (table,) = started
    assert all(isinstance(task, Task) for task in table)
    assert [task for task, _ in results] == table  # every run once, in the table's order
    ids = [task.run_id for task in table]
    assert len(set(ids)) == len(ids) == 4
    for task, kept in results:
        assert isinstance(kept, pd.DataFrame)
        assert set(kept.scenario) == {task.scenario.name}
        assert set(kept.replicate) == {task.replicate}
    if caller == "compare":  # a comparison keeps the weekly table, a sweep one row of outcomes
        assert ids[:2] == ["baseline-r000", "baseline-r001"]
        assert all(len(kept) == SMALL["weeks"] + 1 for _, kept in results)
    else:
        assert ids[:2] == ["baseline-p0000-r000", "baseline-p0001-r000"]
        assert all(len(kept) == 1 and "final_silent" in kept for _, kept in results)


class _Stop(KeyboardInterrupt):
    """An interrupt after the second finished run."""


@pytest.mark.parametrize("caller", CALLERS)
def test_an_interrupted_run_resumes_to_exactly_the_whole_the_same_way(caller: str) -> None:
    whole = CALLERS[caller]()
    kept: dict[str, pd.DataFrame] = {}

    def keep_two(task: Task, result: pd.DataFrame) -> None:
        kept[task.run_id] = result
        if len(kept) == 2:
            raise _Stop

    with pytest.raises(_Stop):
        CALLERS[caller](on_result=keep_two)
    assert len(kept) == 2
    again: list[str] = []
    resumed = CALLERS[caller](finished=dict(kept),
                              on_result=lambda t, r: again.append(t.run_id))  # fmt: skip
    assert len(again) == 2  # only the runs not finished
    assert not set(again) & set(kept)
    _same(resumed, whole)


def test_the_loop_stops_its_worker_processes_when_a_callback_is_interrupted() -> None:
    executor = ProcessExecutor(2)
    tasks = [Task(load("baseline"), r, 3, 30, {"n_agents": 300}) for r in range(6)]
    alive: list[list[int]] = []

    def stop(task: Task, table: pd.DataFrame) -> None:
        alive.append(executor.process_ids())
        raise _Stop

    with pytest.raises(_Stop):
        execute(tasks, executor=executor, on_result=stop)
    assert alive[0]  # the workers were running when the first run came back
    assert executor.process_ids() == []
    for pid in alive[0]:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_worker_processes_leave_the_environment_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLSIM_THREADS", raising=False)
    seen = list(ProcessExecutor(1).map(os.getenv, ["POLSIM_THREADS"]))
    assert seen == [None]


def test_runs_are_kept_by_run_id_and_old_names_read_back(tmp_path: Path) -> None:
    tasks = [Task(load("baseline"), r, 1, 2, {"n_agents": 120}) for r in range(2)]
    sweep_task = Task(load("key_figures"), 0, 1, 2, {"n_agents": 120}, point=3)
    tables = execute([*tasks, sweep_task],
                     on_result=lambda t, table: store.keep_run(tmp_path, t, table))  # fmt: skip
    names = sorted(p.name for p in (tmp_path / "runs").iterdir())
    assert names == ["baseline-r000.parquet", "baseline-r001.parquet",
                     "key_figures-p0003-r000.parquet"]  # fmt: skip
    # a folder of the earlier naming (<scenario>--<replicate>) is resumed under run ids
    (tmp_path / "runs" / "baseline-r001.parquet").rename(
        tmp_path / "runs" / "baseline--00001.parquet"
    )
    found = store.finished_runs(tmp_path)
    assert sorted(found) == ["baseline-r000", "baseline-r001", "key_figures-p0003-r000"]
    pd.testing.assert_frame_equal(found["baseline-r001"], tables[1], check_exact=True)
    ran: list[Task] = []
    again = execute([*tasks, sweep_task], finished=found, on_result=lambda t, _: ran.append(t))
    assert ran == []  # nothing to run again
    for mine, before in zip(again, tables, strict=True):
        pd.testing.assert_frame_equal(mine, before, check_exact=True)


def test_a_run_table_naming_a_run_twice_is_refused_before_any_run() -> None:
    task = Task(load("baseline"), 0, 1, 2, {"n_agents": 120})
    started: list[list[Task]] = []
    with pytest.raises(ValueError, match="baseline-r000 come twice"):
        execute([task, task], on_start=started.append)
    assert started == []
