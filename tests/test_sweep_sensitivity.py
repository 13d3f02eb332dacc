"""Sweeps and sensitivity analysis: deterministic run tables, point-keyed seeds, SALib indices
that find an inert parameter inert and an influential one influential."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from polsim.runs import sensitivity
from polsim.runs.executors import ProcessExecutor, Task, run_task
from polsim.runs.sweep import grid, sweep
from polsim.scenarios import load

SMALL = {"n_agents": 150, "weeks": 10}


def test_a_sweep_has_stable_run_ids_and_each_run_is_the_same_alone() -> None:
    points = grid(media_amplification=[0.05, 0.3], shock_rate=[0.0, 0.05])
    result = sweep(points, scenarios=["baseline", "key_figures"], replicates=2, **SMALL)
    assert len(result.runs) == 2 * 4 * 2
    assert result.runs.run_id.is_unique
    assert result.runs.run_id.iloc[5] == "baseline-p0002-r001"
    row = result.runs.iloc[13]  # key_figures, point 2, replicate 1
    task = Task(load(str(row.scenario)), int(row.replicate), 2026, SMALL["weeks"],
                {"n_agents": 150, **points.iloc[int(row.point)].to_dict()}, {},
                point=int(row.point))  # fmt: skip
    alone = run_task(task)
    assert alone.silent.iloc[-1] == row.final_silent
    again = sweep(points, scenarios=["baseline", "key_figures"], replicates=2, **SMALL)
    pd.testing.assert_frame_equal(result.runs, again.runs, check_exact=True)
    assert list(result.summary.columns[:3]) == ["scenario", "point", "final_silent_mean"]


@pytest.mark.slow
def test_a_sweep_is_the_same_in_processes() -> None:
    points = grid(media_amplification=[0.05, 0.3])
    serial = sweep(points, replicates=2, **SMALL)
    parallel = sweep(points, replicates=2, executor=ProcessExecutor(2), **SMALL)
    pd.testing.assert_frame_equal(serial.runs, parallel.runs, check_exact=True)


def test_paired_points_share_their_cities_and_unpaired_points_do_not() -> None:
    unpaired = sweep(grid(dialogue_rate=[0.1, 0.1]), replicates=2, **SMALL).runs
    assert not np.array_equal(unpaired[unpaired.point == 0].final_silent.to_numpy(),
                              unpaired[unpaired.point == 1].final_silent.to_numpy())  # fmt: skip
    result = sweep(grid(dialogue_rate=[0.1, 0.9]), replicates=3, paired=True, **SMALL)
    runs = result.runs
    # no bridge builders: the dialogue rate changes nothing, so both points are the same
    # cities (common random numbers), while the replicates differ
    first, second = (runs[runs.point == k].final_silent.to_numpy() for k in (0, 1))
    np.testing.assert_array_equal(first, second)
    assert len(set(first)) > 1


def test_sobol_finds_an_inert_parameter_inert_and_says_when_n_is_rounded() -> None:
    result = sensitivity.sobol(["dialogue_rate", "join_commitment"], n=6, replicates=1,
                               outcome="final_silent", **SMALL)  # fmt: skip
    assert result.notes == ("n = 6 is not a power of two; Sobol sequences need one: n = 8",)
    table = result.indices.set_index("parameter")
    assert abs(table.loc["dialogue_rate", "ST"]) < 1e-12  # changes nothing without bridges
    assert table.loc["join_commitment", "ST"] > 0.2  # the silent middle is defined by it
    assert set(result.convergence.n) == {8}
    assert len(result.sweep.points) == 8 * (2 + 2)


def test_morris_and_delta_tell_the_influential_parameter_from_the_inert_one() -> None:
    screened = sensitivity.morris(["dialogue_rate", "join_commitment"], trajectories=4,
                                  replicates=1, **SMALL)  # fmt: skip
    table = screened.indices.set_index("parameter")
    assert table.loc["dialogue_rate", "mu_star"] == 0.0
    assert table.loc["join_commitment", "mu_star"] > 0.01
    design = grid(
        dialogue_rate=np.linspace(0.1, 0.9, 8), join_commitment=np.linspace(0.25, 0.35, 8)
    )
    measured = sensitivity.delta(sweep(design, paired=True, **SMALL))
    table = measured.indices.set_index("parameter")
    assert table.loc["join_commitment", "delta"] > table.loc["dialogue_rate", "delta"]
    assert table.loc["join_commitment", "S1"] > 0.5 > abs(table.loc["dialogue_rate", "S1"])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sensitivity.problem(["nosuch"]), "unknown parameter 'nosuch'"),
        (lambda: sensitivity.problem(["shock_rate"], {"shock_rate": (0.5, 0.1)}),
         "bounds.shock_rate must be (low, high) with low < high"),
        (lambda: sensitivity.problem(["shock_rate"], {"shock_rate": (-1.0, 0.1)}),
         "bounds.shock_rate must lie in"),
        (lambda: sensitivity.problem(["shock_rate"], {"media_reach": (0.1, 0.2)}),
         "bounds: unknown key 'media_reach'"),
        (lambda: sensitivity.sobol(["shock_rate"], n=0), "n must be a whole number in [2, "),
        (lambda: sensitivity.sobol(["shock_rate"], outcome="temperature"),
         "outcome must be one of"),
        (lambda: sweep({"nosuch": [1]}), "points row 0: model: unknown parameter 'nosuch'"),
        (lambda: sweep({"shock_rate": [5.0]}), "points row 0: parameter shock_rate must be"),
        (lambda: sweep(pd.DataFrame()), "points must be a table"),
        (lambda: sweep({"shock_rate": [0.01]}, scenarios="baseline"), "scenarios must be a list"),
    ],
)  # fmt: skip
def test_bad_sensitivity_and_sweep_input_is_one_line(call, message: str) -> None:
    with pytest.raises(ValueError) as caught:  # noqa: PT011 - the message is checked below
        call()
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_sensitivity_command_writes_indices_runs_and_a_figure(tmp_path) -> None:
    from polsim.runs import store
    from tests.conftest import polsim_main

    done = polsim_main("sensitivity", "method=morris", "names=[dialogue_rate,join_commitment]",
                       "trajectories=3", "weeks=8", "model.n_agents=150", "executor=serial",
                       "lang=nl", f"out={tmp_path}", "quiet=true")  # fmt: skip
    assert done.returncode == 0, done.stderr
    (folder,) = tmp_path.iterdir()
    assert store.is_complete(folder)
    page = (folder / "sensitivity.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page
    assert "Waar de uitkomst gevoelig voor is" in page
    assert "stille midden aan het eind" in page
    indices = pd.read_csv(folder / "indices.csv").set_index("parameter")
    assert indices.loc["dialogue_rate", "mu_star"] == 0.0
    assert (folder / "indices.png").read_bytes()[:4] == b"\x89PNG"
    assert len(pd.read_parquet(folder / "runs.parquet")) == 3 * 3
    assert "sensitivity method=morris" in store.read_manifest(folder)["command"]
    bad = polsim_main("sensitivity", "names=[nosuch]", f"out={tmp_path / 'bad'}")
    assert bad.returncode == 2
    assert "unknown parameter 'nosuch'" in bad.stderr
    assert not (tmp_path / "bad").exists()


def test_the_sweep_command_writes_runs_summary_and_points(tmp_path) -> None:
    from polsim.runs import store
    from tests.conftest import polsim_main

    done = polsim_main("sweep", "model.media_amplification=0.05,0.3", "model.shock_rate=[0,0.03]",
                       "scenarios=[baseline,media_restraint]", "replicates=2", "weeks=6",
                       "model.n_agents=150", "executor=serial", f"out={tmp_path}",
                       "quiet=true")  # fmt: skip
    assert done.returncode == 0, done.stderr
    (folder,) = tmp_path.iterdir()
    assert store.is_complete(folder)
    runs = pd.read_parquet(folder / "runs.parquet")
    assert len(runs) == 2 * 4 * 2
    assert store.read_manifest(folder)["kind"] == "sweep"
    for bad, message in ((["model.shock_rate=0,x"], "model.shock_rate must be a number"),
                         ([], "give either model.NAME=V1,V2,..."),
                         (["model.nosuch=1,2"], "unknown setting 'model.nosuch'")):  # fmt: skip
        out = polsim_main("sweep", *bad, f"out={tmp_path / 'bad'}", "quiet=true")
        assert out.returncode == 2
        assert message in out.stderr
        assert not any((tmp_path / "bad").glob("*"))


@pytest.mark.slow
def test_an_interrupted_sweep_resumes_to_exactly_the_whole_sweep(tmp_path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from polsim.runs import store
    from tests.conftest import ROOT, default_interrupts, polsim_main

    # long enough runs (and cities too large to be batched) that the signal lands mid-sweep
    args = [
        "sweep",
        "model.media_amplification=0.05,0.15,0.3",
        "model.shock_rate=0,0.02",
        "replicates=2",
        "weeks=200",
        "model.n_agents=3000",
        "executor=serial",
        "quiet=true",
    ]
    command = [sys.executable, "-m", "polsim", *args, f"out={tmp_path / 'cut'}"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"},
                               preexec_fn=default_interrupts)  # fmt: skip
    deadline = time.monotonic() + 240
    while len(list((tmp_path / "cut").glob("*/runs/*.parquet"))) < 3:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    (line,) = err.strip().splitlines()
    (folder,) = (tmp_path / "cut").iterdir()
    assert f"resume={folder}" in line
    resumed = polsim_main(*args, f"out={tmp_path / 'cut'}", f"resume={folder}")
    assert resumed.returncode == 0, resumed.stderr
    whole = polsim_main(*args, f"out={tmp_path / 'whole'}")
    assert whole.returncode == 0, whole.stderr
    (other,) = (tmp_path / "whole").iterdir()
    mine, theirs = (pd.read_parquet(f / "runs.parquet") for f in (folder, other))
    pd.testing.assert_frame_equal(mine, theirs, check_exact=True)
    assert store.is_complete(folder)
    different = polsim_main(*args, "seed=7", f"out={tmp_path / 'x'}", f"resume={folder}")
    assert different.returncode == 2
    assert "not a folder of this same sweep" in different.stderr
