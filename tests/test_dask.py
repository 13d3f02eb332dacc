"""The Dask executor on a real LocalCluster: the same results as serially, exactly, and no
run lost when a worker dies mid-run."""

from __future__ import annotations

import os
import signal
import threading
import time

import pandas as pd
import pytest

from polsim import compare
from polsim.runs.executors import DaskExecutor, SerialExecutor, Task, make_executor, run_task
from polsim.scenarios import load

distributed = pytest.importorskip("distributed")

SMALL = {"n_agents": 300}


@pytest.mark.slow
def test_one_comparison_is_the_same_serially_in_processes_and_on_dask() -> None:
    runs = {
        kind: compare(
            ["baseline", "key_figures"],
            replicates=3,
            weeks=12,
            seed=4,
            executor=make_executor(kind, 2),
            **SMALL,
        )
        for kind in ("serial", "processes", "dask")
    }
    for kind in ("processes", "dask"):
        pd.testing.assert_frame_equal(runs["serial"].trajectories, runs[kind].trajectories,
                                      check_exact=True)  # fmt: skip
        pd.testing.assert_frame_equal(runs["serial"].effects, runs[kind].effects,
                                      check_exact=True)  # fmt: skip


@pytest.mark.slow
def test_a_dask_worker_killed_mid_run_loses_no_run() -> None:
    tasks = [Task(load(name), r, 9, 500, {"n_agents": 2000}, {})
             for name in ("baseline", "key_figures") for r in range(6)]  # fmt: skip
    local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0",
                                     silence_logs=50)  # fmt: skip
    with local as cluster:
        client = distributed.Client(cluster)
        pids = list(client.run(os.getpid).values())
        with DaskExecutor(cluster.scheduler_address, chunk_seconds=0.0) as executor:
            killer = threading.Timer(1.0, os.kill, (pids[0], signal.SIGKILL))  # warmed up
            killer.start()
            started = time.monotonic()
            got = list(executor.map(run_task, tasks))
            finished = time.monotonic()
            killer.join()
        assert finished - started > 1.0  # the worker died while runs were under way
        assert pids[0] not in client.run(os.getpid).values()  # and was replaced
        client.close()
    for mine, alone in zip(got, SerialExecutor().map(run_task, tasks), strict=True):
        pd.testing.assert_frame_equal(mine, alone, check_exact=True)


@pytest.mark.slow
def test_a_started_cluster_serves_several_maps_warm_and_exactly_as_serially() -> None:
    tasks = [Task(load("baseline"), r, 5, 8, SMALL, {}) for r in range(7)]
    alone = list(SerialExecutor().map(run_task, tasks))
    with DaskExecutor(workers=2) as executor:
        assert set(executor.started) == {"cluster", "warm_up"}
        client = executor._client
        workers = dict(client.run(os.getpid))
        first = list(executor.map(run_task, tasks))
        part = executor.map(run_task, tasks)  # stopped early: the rest is dropped
        pd.testing.assert_frame_equal(next(part), alone[0], check_exact=True)
        part.close()
        second = list(executor.map(run_task, tasks[::-1]))
        assert dict(client.run(os.getpid)) == workers  # the same cluster, started once
    assert executor._client is None
    for got in (first, second[::-1]):
        for mine, serial in zip(got, alone, strict=True):
            pd.testing.assert_frame_equal(mine, serial, check_exact=True)


def test_chunks_keep_the_order_and_shrink_towards_the_end() -> None:
    from polsim.runs.executors import _chunks

    todo = list(range(200))
    chunks = _chunks(todo, 27, 2)
    assert [t for c in chunks for t in c] == todo
    sizes = [len(c) for c in chunks]
    assert max(sizes) == 27
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-4:] == [1, 1, 1, 1]  # the workers finish within a run of each other
    assert [len(c) for c in _chunks(list(range(3)), 27, 2)] == [1, 1, 1]
    assert [len(c) for c in _chunks(list(range(10)), 1, 8)] == [1] * 10


def test_an_unreachable_scheduler_is_one_line() -> None:
    executor = make_executor("dask", 1, "tcp://127.0.0.1:9")
    with pytest.raises(ValueError, match=r"executor\.address: cannot reach a Dask scheduler"):
        list(executor.map(run_task, [Task(load("baseline"), 0, 1, 1, SMALL, {})]))


def test_an_address_is_for_dask_only() -> None:
    with pytest.raises(ValueError, match=r"executor\.address is for executor\.kind dask only"):
        make_executor("serial", None, "tcp://127.0.0.1:8786")


def test_the_command_line_with_an_unreachable_scheduler_writes_nothing(tmp_path) -> None:
    from tests.conftest import polsim_main

    out = polsim_main("compare", "executor=dask", "executor.address=tcp://127.0.0.1:9",
                      "scenarios=[baseline,key_figures]", "replicates=2", "weeks=2",
                      "model.n_agents=100", f"out={tmp_path / 'out'}", "quiet=true")  # fmt: skip
    assert out.returncode == 2
    (line,) = out.stderr.strip().splitlines()
    assert "executor.address: cannot reach a Dask scheduler at tcp://127.0.0.1:9" in line
    assert not any((tmp_path / "out").glob("*"))
