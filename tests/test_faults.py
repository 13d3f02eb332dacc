"""Bad input and faults, by class: every bad input is one line naming the key (exit 2, nothing
written) or a ValueError through the Python API; faults while running keep what finished and
leave nothing that looks complete; results are exactly the same whatever runs them."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import polsim
from polsim import compare
from polsim.runs import store
from polsim.runs.executors import ProcessExecutor, SerialExecutor, Task, run_task
from polsim.scenarios import MAX_YAML_BYTES, SCENARIO_KEYS, Scenario, load
from tests.conftest import ROOT, default_interrupts, polsim_main

SMALL = {"n_agents": 120}


def _clean_failure(out: subprocess.CompletedProcess[str], message: str, folder: Path) -> None:
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("polsim: error: "), lines[0]
    assert message in lines[0], lines[0]
    assert not folder.exists() or not any(folder.iterdir())


# -- the Python API --------------------------------------------------------------------------

MODEL_INPUTS = [
    ({"n_agents": float("nan")}, "parameter n_agents must be a whole number"),
    ({"n_agents": float("inf")}, "parameter n_agents must be a whole number"),
    ({"n_agents": 2.5}, "parameter n_agents must be a whole number"),
    ({"n_agents": "300"}, "parameter n_agents must be a whole number"),
    ({"n_agents": 10**9}, "parameter n_agents must be a whole number in [2, 100000000]"),
    ({"n_agents": True}, "parameter n_agents must be a whole number"),
    ({"media_amplification": float("nan")}, "parameter media_amplification must be a number"),
    ({"shocks": [5]}, "shocks[0] must be a polsim.Shock"),
    ({"policies": [5]}, "policies[0] must have a before_week"),
    ({"rng": "abc"}, "rng must be"),
    ({"rng": -1}, "rng must be a non-negative int seed"),
    ({"nonsense": 1}, "model: unknown parameter 'nonsense'"),
]


@pytest.mark.parametrize(("kwargs", "message"), MODEL_INPUTS)
def test_the_model_refuses_bad_input_in_one_line(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        polsim.PolarisationModel(**{"n_agents": 50, **kwargs})
    assert "\n" not in str(caught.value)


COMPARE_INPUTS = [
    ({"scenarios": "baseline"}, "scenarios must be a list of scenario names"),
    ({"scenarios": ["baseline"]}, "at least two scenarios"),
    ({"scenarios": ["baseline", "baseline"]}, "scenarios must be distinct"),
    ({"scenarios": ["baseline", "nosuch"]}, "scenario 'nosuch' is unknown"),
    ({"scenarios": ["baseline", 5]}, "scenario must be a non-empty text"),
    ({"replicates": 2.5}, "replicates must be a whole number in [2, 10000]"),
    ({"replicates": float("nan")}, "replicates must be a whole number"),
    ({"replicates": 1}, "replicates must be a whole number in [2, 10000]"),
    ({"replicates": 10**9}, "replicates must be a whole number in [2, 10000]"),
    ({"weeks": float("nan")}, "weeks must be a whole number in [1, 5200]"),
    ({"weeks": "8"}, "weeks must be a whole number"),
    ({"weeks": 10**9}, "weeks must be a whole number in [1, 5200]"),
    ({"seed": -1}, "seed must be a whole number in [0, inf)"),
    ({"seed": 1.5}, "seed must be a whole number"),
    ({"workers": 64, "executor": "processes"}, "executor.workers must be a whole number in [1, "),
    ({"workers": 0, "executor": "processes"}, "executor.workers must be a whole number"),
    ({"executor": "gpu"}, "executor.kind must be one of serial, processes"),
    ({"network": "small_world"}, "network must be a mapping"),
    ({"network": {"kind": "lattice"}}, "network.kind must be one of"),
    ({"network": {"degree": -4}}, "network.degree must be a whole number in [2, 1000]"),
    ({"network": {"rewire": 5}}, "network.rewire must be a number in [0, 1]"),
    ({"network": {"groups": 4}}, "network: unknown key 'groups'"),
    ({"rank_by": "spent"}, "rank_by must be one of"),
    ({"n_agents": 100_000_000}, "of memory at once"),
    ({"media_amplificaton": 0.1}, "did you mean media_amplification"),
]


@pytest.mark.parametrize(("kwargs", "message"), COMPARE_INPUTS)
def test_compare_refuses_bad_input_before_any_run(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"scenarios": ["baseline", "key_figures"], "replicates": 2, "weeks": 2,
                            **SMALL, **kwargs}  # fmt: skip
    started = []
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        compare(**args, on_start=started.append)
    assert "\n" not in str(caught.value)
    assert not started  # refused before the first run


# -- scenario files --------------------------------------------------------------------------

BAD_FILES: list[tuple[bytes, str]] = [
    (b"name: bomb\ntitle: &a [x, x]\nsummary: [*a, *a]\n", "aliases (*name) are not allowed"),
    (b"name: b\xe9d\n", "not UTF-8 text (byte 7, line 1)"),
    (bytes(range(256)), "not UTF-8 text"),
    (b"name: broken\ninterventions: 5\n", "interventions must be a list, got 5"),
    (b"name: broken\ninterventions: abc\n", "interventions must be a list"),
    (b"name: broken\ninterventions: {type: key_figures}\n", "interventions must be a list"),
    (b"name: broken\nparameters: [1, 2]\n", "parameters must be a mapping"),
    (b"name: broken\nparameters: 5\n", "parameters must be a mapping"),
    (b"name: broken\nmonitoring: [a]\n", "monitoring must be a mapping"),
    (b"name: broken\nshocks: 7\n", "shocks must be a list"),
    (b"name: broken\nshocks:\n  - {start: 1}\n", "shocks[0]: needs duration, strength"),
    (b"name: broken\nshocks:\n  - 5\n", "shocks[0] must be a mapping"),
    (b"name: broken\ninterventions:\n  - {type: [a]}\n", "interventions[0].type must be one of"),
    (
        b"name: broken\ninterventions:\n  - {type: key_figures, targeting: central}\n",
        "key_figures.targeting must be a mapping",
    ),
    (
        b"name: broken\ninterventions:\n  - {type: key_figures, targeting: 5}\n",
        "key_figures.targeting must be a mapping",
    ),
    (
        b"name: broken\ninterventions:\n  - {type: key_figures, targeting: {rul: x}}\n",
        "unknown key 'rul' (did you mean rule?)",
    ),
    (
        b"name: broken\ninterventions:\n  - {type: key_figures, start: .inf}\n",
        "key_figures.start must be a whole number in [0, inf), got inf",
    ),
    (
        b"name: broken\ninterventions:\n  - {type: key_figures, coverage: .nan}\n",
        "key_figures.coverage must be a number in [0, 1]",
    ),
    (b"name: broken\nmonitoring: {interval: .inf}\n", "monitoring.interval must be a whole number"),
    (b"name: broken\nparameters: {n_agents: .inf}\n", "parameter n_agents must be a whole number"),
    (b"!!python/object:os.system\n", "tags such as !!python/... are not allowed"),
    (b"name: broken\n_target_: os.system\n", "unknown key '_target_'"),
    (b"", "must be a mapping"),
    (b"- a\n- b\n", "must be a mapping"),
    (b"name: other\n", "name must be 'broken'"),
    (b"name: broken\n1: 2\n", "unknown key 1"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_a_bad_scenario_file_is_one_line_naming_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        load(path)
    assert "broken.yaml" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_scenario_file_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_YAML_BYTES + 1))
    with pytest.raises(ValueError, match=f"at most {MAX_YAML_BYTES} are read"):
        load(path)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                 max_size=4),
    max_leaves=12,
)  # fmt: skip
_KEYS = st.sampled_from(sorted(SCENARIO_KEYS)) | st.text(max_size=8)
_INTERVENTION = st.fixed_dictionaries(
    {"type": st.sampled_from(["key_figures", "resilient_middle", "campaign", "teleport"])},
    optional={"start": _VALUES, "coverage": _VALUES, "targeting": _VALUES, "budget": _VALUES},
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.dictionaries(_KEYS, _VALUES, max_size=6),
    interventions=st.none() | st.lists(_INTERVENTION, max_size=3) | _VALUES,
)
def test_the_loader_gives_a_scenario_or_one_clear_error(data: dict[Any, Any], interventions: Any):
    data = {"name": "fuzz", **data}
    if interventions is not None:
        data["interventions"] = interventions
    error = None
    try:
        scenario = Scenario.from_mapping(data, source="scenario fuzz.yaml")
    except ValueError as exc:  # any other exception fails the test
        error = str(exc)
    if error is not None:
        assert error
        assert "\n" not in error
    else:
        assert isinstance(scenario, Scenario)
        scenario.policies(np.random.SeedSequence(1))  # what it promises, it can build


# -- the command line ------------------------------------------------------------------------

CLI_INPUTS = [
    (["hydra.searchpath=[file:///etc]"], "hydra.searchpath cannot be set"),
    (["+hydra.job.name=x"], "hydra.job.name cannot be set"),
    (["model=../../../elsewhere/model/outside"], "model must name one of its configs"),
    (["network=foo"], "network must be one of neighbourhoods, small_world; got 'foo'"),
    (["executor=threads"], "executor must be one of dask, processes, serial; got 'threads'"),
    (["out=${oc.env:POLSIM_UNSET_VARIABLE}"], "config: out:"),
    (["weeks=.inf"], "weeks must be a whole number in [1, 5200]"),
    (["weeks=nan"], "weeks must be a whole number"),
    (["model.n_agents=.inf"], "parameter n_agents must be a whole number"),
    (["model.n_agents=100000000"], "of memory at once"),
    (["replicates=1000000000"], "replicates must be a whole number in [2, 10000]"),
    (["executor.workers=64"], "executor.workers must be a whole number in [1, "),
    (["network.degree=abc"], "network.degree must be a whole number"),
    (["network.degree=-4"], "network.degree must be a whole number in [2, 1000]"),
    (["network.rewire=5"], "network.rewire must be a number in [0, 1]"),
    (["network.groups=4"], "network: unknown key 'groups'"),
    (["model.nonsense=1"], "model: unknown parameter 'nonsense'"),
    (["media.n_agnts=1"], "media: unknown parameter 'n_agnts' (did you mean n_agents?)"),
    (["scenarios=[baseline]"], "at least two scenarios"),
    (["scenarios=baseline"], "at least two scenarios"),
    (["resume=/nonexistent/folder"], "resume: /nonexistent/folder is not an unfinished folder"),
]


@pytest.mark.parametrize(("overrides", "message"), CLI_INPUTS)
def test_the_command_line_refuses_bad_input_in_one_line(
    tmp_path: Path, overrides: list[str], message: str
) -> None:
    out = polsim_main("compare", "scenarios=[baseline,key_figures]", "replicates=2", "weeks=2",
                      "model.n_agents=100", "executor=serial", f"out={tmp_path / 'out'}",
                      "quiet=true", *overrides)  # fmt: skip
    _clean_failure(out, message, tmp_path / "out")


def test_an_out_that_is_a_file_or_read_only_is_refused_before_any_run(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine\n")
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    try:
        for out, message in ((a_file, "is a file, not a folder"), (read_only, "cannot create")):
            if message == "cannot create" and os.access(read_only, os.W_OK):
                continue  # running as a user who may write anywhere
            done = polsim_main("compare", "scenarios=[baseline,key_figures]", "replicates=2",
                               "weeks=2", "model.n_agents=100", "executor=serial", f"out={out}",
                               "quiet=true")  # fmt: skip
            assert done.returncode == 2, done.stderr
            assert message in done.stderr
            assert len(done.stderr.strip().splitlines()) == 1
        assert a_file.read_text() == "mine\n"
    finally:
        read_only.chmod(0o700)


def test_runs_started_in_the_same_second_get_their_own_folders(tmp_path: Path) -> None:
    folders = [store.claim_folder(tmp_path, "compare") for _ in range(20)]
    assert len(set(folders)) == 20
    assert all((f / store.INCOMPLETE).is_file() for f in folders)
    assert all(oct(f.stat().st_mode & 0o777) != "0o777" for f in folders)  # the umask applies


def test_a_title_matplotlib_cannot_parse_is_drawn_as_text(tmp_path: Path, monkeypatch) -> None:
    own = tmp_path / "scenarios"
    own.mkdir()
    text = (ROOT / "polsim/data/scenarios/key_figures.yaml").read_text(encoding="utf-8")
    text = text.replace("name: key_figures", "name: dollar")
    text = "\n".join('title: "$\\\\undefinedcmd{x}$ budget"' if line.startswith("title:") else line
                     for line in text.splitlines())  # fmt: skip
    (own / "dollar.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = polsim_main("compare", "scenarios=[baseline,dollar]", "replicates=2", "weeks=3",
                       "model.n_agents=100", "executor=serial", "out=o", "quiet=true")  # fmt: skip
    assert done.returncode == 0, done.stderr
    (folder,) = (tmp_path / "o").iterdir()
    assert store.is_complete(folder)
    assert (folder / "report.html").is_file()


def test_an_internal_error_is_one_line_and_a_log(tmp_path: Path, monkeypatch) -> None:
    import polsim.runs.comparison as comparison

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ZeroDivisionError("a bug of polsim's own")

    monkeypatch.setattr(comparison, "outcomes_of", broken)
    done = polsim_main("compare", "scenarios=[baseline,key_figures]", "replicates=2",
                       "weeks=2", "model.n_agents=100", "executor=serial", f"out={tmp_path}",
                       "quiet=true")  # fmt: skip
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert "internal error (ZeroDivisionError: a bug of polsim's own)" in line
    (folder,) = tmp_path.iterdir()
    assert (folder / "error.log").read_text().count("ZeroDivisionError") >= 1
    assert str(folder / "error.log") in line
    assert not store.is_complete(folder)
    assert len(store.finished_runs(folder)) == 4  # every run finished before the fault is kept


def _limited_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_nothing_looks_complete(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "polsim", "compare", "scenarios=[baseline,key_figures]",
         "replicates=2", "weeks=20", "model.n_agents=200", "executor=serial", f"out={tmp_path}",
         "quiet=true"],
        capture_output=True, text=True, preexec_fn=lambda: _limited_file_size(40_000),
        env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("polsim: error: cannot write")
    assert "File too large" in line
    (folder,) = tmp_path.iterdir()
    assert not store.is_complete(folder)
    assert not (folder / "report.html").exists()


# -- interrupts and workers ------------------------------------------------------------------


def _session_processes(session: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session:
                found.append(int(entry))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
@pytest.mark.parametrize(
    ("how", "status", "executor"),
    [(signal.SIGINT, 130, "serial"), (signal.SIGTERM, 143, "processes")],
)
def test_an_interrupt_keeps_the_finished_runs_and_leaves_no_process(
    tmp_path: Path, how: signal.Signals, status: int, executor: str
) -> None:
    # long enough runs (and cities too large to be batched) that the signal lands mid-run
    args = ["compare", "scenarios=[baseline,key_figures,resilient_middle]", "replicates=4",
            "weeks=300", "model.n_agents=3000", f"executor={executor}", "quiet=true"]  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "polsim", *args, f"out={tmp_path / 'cut'}"], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}, preexec_fn=default_interrupts,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while len(list((tmp_path / "cut").glob("*/runs/*.parquet"))) < 2:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    process.send_signal(how)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    (line,) = err.strip().splitlines()  # no traceback, no warning
    (folder,) = (tmp_path / "cut").iterdir()
    assert f"runs finished and kept in {folder}" in line
    assert "resume=" in line
    assert not store.is_complete(folder)
    assert not (folder / "report.html").exists()
    time.sleep(3)
    assert _session_processes(process.pid) == []
    # continuing gives exactly what one uninterrupted run gives
    resumed = polsim_main(*args, f"out={tmp_path / 'cut'}", f"resume={folder}")
    assert resumed.returncode == 0, resumed.stderr
    whole = polsim_main(*args, f"out={tmp_path / 'whole'}")
    assert whole.returncode == 0, whole.stderr
    (other,) = (tmp_path / "whole").iterdir()
    for name in ("trajectories", "effects", "ranking"):
        pd.testing.assert_frame_equal(pd.read_parquet(folder / "data" / f"{name}.parquet"),
                                      pd.read_parquet(other / "data" / f"{name}.parquet"),
                                      check_exact=True)  # fmt: skip
    assert store.is_complete(folder)


def test_an_interrupt_while_the_report_is_written_leaves_no_report_and_exit_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C after the last run, while the report's tables are written: status 130, every run
    kept, the folder still unfinished, no report and no half-written data; resuming writes the
    report without running anything again."""
    calls = {"n": 0}
    real = pd.DataFrame.to_csv

    def interrupted(self: pd.DataFrame, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:  # in the middle of the report's tables
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    args = ["compare", "scenarios=[baseline,key_figures]", "replicates=2", "weeks=6",
            "model.n_agents=150", "quiet=true", f"out={tmp_path / 'cut'}"]  # fmt: skip
    monkeypatch.setattr(pd.DataFrame, "to_csv", interrupted)
    out = polsim_main(*args)
    monkeypatch.undo()
    assert out.returncode == 130, out.stderr
    (line,) = out.stderr.strip().splitlines()
    (folder,) = (tmp_path / "cut").iterdir()
    assert f"runs finished and kept in {folder}" in line
    assert not store.is_complete(folder)
    assert not (folder / "report.html").exists()
    assert not (folder / "data").exists()
    assert not list(folder.glob(".partial-*"))
    assert len(list(folder.glob("runs/*.parquet"))) == 4
    resumed = polsim_main(*args, f"resume={folder}")
    assert resumed.returncode == 0, resumed.stderr
    assert store.is_complete(folder)
    assert (folder / "report.html").exists()
    again = polsim_main(*args, f"resume={folder}")
    assert again.returncode == 2
    assert f"resume: {folder} is finished already; its report is" in again.stderr


def test_a_script_without_a_main_guard_is_told_what_to_do(tmp_path: Path) -> None:
    """Workers import the script that started them: without ``if __name__ == "__main__":``
    every one of them dies starting. The error says so, instead of "out of memory?"."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import polsim\n"
        "polsim.compare(['baseline', 'key_figures'], replicates=2, weeks=3, n_agents=2500,\n"
        "               executor='processes', workers=2)\n",
        encoding="utf-8",
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=240, check=False)  # fmt: skip
    assert out.returncode == 1
    # the error is the traceback's last line; multiprocessing's resource tracker may still warn
    # after it about the semaphores of the workers that died starting
    errors = [line for line in out.stderr.splitlines() if line.startswith("polsim.")]
    assert errors, out.stderr
    assert errors[-1].startswith("polsim.runs.executors.WorkerDiedError: the worker processes died")
    assert 'under `if __name__ == "__main__":`' in errors[-1]


@pytest.mark.slow
def test_a_worker_that_dies_is_replaced_and_its_runs_repeated_exactly() -> None:
    tasks = [Task(load(name), r, 5, 25, {"n_agents": 1500}, {})
             for name in ("baseline", "key_figures") for r in range(3)]  # fmt: skip
    executor = ProcessExecutor(2)
    got = []
    for k, table in enumerate(executor.map(run_task, tasks)):
        got.append(table)
        if k == 0:  # kill a worker while the others run
            os.kill(executor.process_ids()[0], signal.SIGKILL)
    for mine, alone in zip(got, SerialExecutor().map(run_task, tasks), strict=True):
        pd.testing.assert_frame_equal(mine, alone, check_exact=True)


# -- exact determinism -----------------------------------------------------------------------


def test_results_do_not_depend_on_the_number_of_kernel_threads(monkeypatch) -> None:
    from polsim.model.polarisation import MAX_THREADS

    runs = {}
    for count in sorted({1, MAX_THREADS}):
        model = polsim.PolarisationModel(n_agents=40_000, rng=8, threads=count)  # > one block
        model.run(6)
        runs[count] = model.metrics
    one, *others = runs.values()
    for other in others:
        pd.testing.assert_frame_equal(one, other, check_exact=True)
    monkeypatch.setenv("POLSIM_THREADS", "1")  # no environment variable decides it
    assert polsim.PolarisationModel(n_agents=40_000, rng=8).threads == MAX_THREADS
    monkeypatch.delenv("POLSIM_THREADS")
    assert polsim.PolarisationModel(n_agents=500, rng=8).threads == 1  # small: one thread
    assert polsim.PolarisationModel(n_agents=40_000, rng=8).threads == MAX_THREADS
    with pytest.raises(ValueError, match=r"threads must be a whole number in \[1, "):
        polsim.PolarisationModel(n_agents=50, threads=0)


def test_a_report_folder_gets_the_users_usual_rights(tmp_path: Path) -> None:
    from polsim.outputs.report import write_report

    result = compare(["baseline", "key_figures"], replicates=2, weeks=2, **SMALL)
    umask = os.umask(0o022)
    try:
        page = write_report(result, tmp_path / "report")
    finally:
        os.umask(umask)
    assert page.parent.stat().st_mode & 0o777 == 0o755


@pytest.mark.slow
def test_a_driver_killed_outright_loses_no_finished_run(tmp_path: Path) -> None:
    # long enough runs (and cities too large to be batched) that the kill lands mid-run
    args = ["compare", "scenarios=[baseline,key_figures]", "replicates=4", "weeks=300",
            "model.n_agents=3000", "executor=serial", "quiet=true"]  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "polsim", *args, f"out={tmp_path / 'cut'}"], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"},
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while len(list((tmp_path / "cut").glob("*/runs/*.parquet"))) < 3:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.kill()  # SIGKILL: no handler runs, no cleanup
    process.communicate(timeout=60)
    (folder,) = (tmp_path / "cut").iterdir()
    kept = store.finished_runs(folder)  # each run is renamed into place: all read back whole
    assert len(kept) >= 3
    resumed = polsim_main(*args, f"out={tmp_path / 'cut'}", f"resume={folder}")
    assert resumed.returncode == 0, resumed.stderr
    whole = polsim_main(*args, f"out={tmp_path / 'whole'}")
    (other,) = (tmp_path / "whole").iterdir()
    pd.testing.assert_frame_equal(pd.read_parquet(folder / "data" / "trajectories.parquet"),
                                  pd.read_parquet(other / "data" / "trajectories.parquet"),
                                  check_exact=True)  # fmt: skip
    assert whole.returncode == 0
