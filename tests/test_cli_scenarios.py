"""The command line for scenarios: list, run, compare, and a corpus of bad input.

Every bad input must end with one line naming the key and what is allowed, exit status 2,
no traceback, and nothing written.
"""

from __future__ import annotations

from pathlib import Path
from subprocess import CompletedProcess

import pytest

import polsim
from polsim.scenarios import Scenario
from tests.conftest import polsim_cli, polsim_main


def test_list_shows_scenarios_interventions_and_parameters():
    out = polsim_cli("list")
    assert out.returncode == 0
    for word in (
        "key_figures",
        "sleutelfiguren",
        "resilient_middle",
        "media_amplification",
        "meld- en adviespunt",
        "persoonsgerichte aanpak",
    ):
        assert word in out.stdout


def test_compare_writes_a_report_in_a_fresh_folder(tmp_path):
    args = (
        "compare",
        "scenarios=[baseline,key_figures]",
        "replicates=3",
        "weeks=10",
        "model.n_agents=300",
        "executor=serial",
        "lang=nl",
        f"out={tmp_path}",
        "quiet=true",
    )
    first = polsim_cli(*args)
    assert first.returncode == 0, first.stderr
    second = polsim_cli(*args)
    assert second.returncode == 0, second.stderr
    folders = sorted(tmp_path.iterdir())
    assert len(folders) == 2
    page = (folders[0] / "report.html").read_text(encoding="utf-8")
    assert "Sleutelfigurennetwerk" in page
    assert "polsim compare scenarios=[baseline,key_figures]" in page


def test_cfg_job_prints_the_composed_config():
    out = polsim_cli("compare", "cfg=job", "experiment=demo", "model.media_amplification=0.4")
    assert out.returncode == 0
    assert "media_amplification: 0.4" in out.stdout
    assert "replicates: 30" in out.stdout


def test_run_writes_the_replicates(tmp_path):
    out = polsim_cli(
        "run",
        "scenario=shock",
        "replicates=2",
        "weeks=24",  # the national debate starts in week 20
        "model.n_agents=200",
        "executor=serial",
        f"out={tmp_path}",
    )
    assert out.returncode == 0, out.stderr
    (folder,) = tmp_path.iterdir()
    assert (folder / "trajectories.parquet").is_file()
    assert (folder / "overview.png").is_file()


def _bad_scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BAD_OVERRIDES = [
    (["scenarios=[baseline,nosuch]"], "scenario 'nosuch' is unknown"),
    (["model.media_amplification=7"], "parameter media_amplification must be a number in [0, 2]"),
    (["model.media_amplificaton=0.1"], "unknown parameter 'media_amplificaton'"),
    (["model.n_agents=1"], "parameter n_agents must be a whole number in [2,"),
    (["model.rejection_gap=-1"], "parameter rejection_gap must be a number in [0, 2]"),
    (["rank_by=temperature"], "rank_by must be one of"),
    (["bogus=1"], "compare: unknown setting 'bogus'"),
    (["+bogus=1"], "compare: unknown setting 'bogus'"),
    (["replicate=5"], "unknown setting 'replicate' (did you mean replicates=...?)"),
    (["--quiet"], "--quiet is not an option (did you mean quiet=true?)"),
    (["quiet=yes"], "quiet must be true or false"),
    (["lang=de"], "lang must be one of en, nl; got 'de'"),
    (["replicates=1"], "replicates must be a whole number in [2, 10000]"),
    (["weeks=0"], "weeks must be a whole number in [1, 5200]"),
    (["executor=gpu"], "config:"),
    (["executor.kind=gpu"], "executor.kind must be one of serial, processes"),
    (["executor.workers=0"], "executor.workers must be a whole number in [1, "),
    (["network=nosuch"], "config:"),
    (["network.kind=lattice"], "network.kind must be one of"),
    (["network.degree_typo=3"], "(did you mean network.degree=...?)"),
    (["+model._target_=os.system"], "unknown parameter '_target_'"),
    (["model._target_=os.system"], "unknown parameter '_target_'"),
    (["scenarios=[]"], "scenarios must be a list of scenario names"),
    (["seed=-3"], "seed must be a whole number in [0, inf)"),
    (["scenarios=[baseline,baseline]"], "scenarios must be distinct"),
]


def test_run_refuses_an_unknown_scenario(tmp_path):
    out = polsim_cli("run", "scenario=nosuch", f"out={tmp_path}")
    _assert_clean_failure(out, "scenario 'nosuch' is unknown", tmp_path)


@pytest.mark.parametrize(("overrides", "message"), BAD_OVERRIDES)
def test_bad_overrides(tmp_path, overrides, message):
    # in this process (the same main() as the command); one case below in a real process.
    # The tested overrides come last, so they win over the small-run defaults.
    out = polsim_main(
        "compare",
        "replicates=2",
        "weeks=2",
        "model.n_agents=100",
        f"out={tmp_path}",
        "quiet=true",
        *overrides,
    )
    _assert_clean_failure(out, message, tmp_path)


BAD_SCENARIOS = [
    ("name: broken\ninterventions:\n  - {type: teleport}\n", "type must be one of"),
    ("name: broken\n_target_: os.system\n", "unknown key '_target_'"),
    (
        "name: broken\ninterventions:\n  - {type: key_figures, _target_: os.system}\n",
        "(key_figures): unknown key '_target_'",
    ),
    (
        "name: broken\ninterventions:\n  - {type: key_figures, start: 9, end: 4}\n",
        "key_figures.end must be a week after start (9)",
    ),
    (
        "name: broken\ninterventions:\n  - {type: key_figures, budget: -5}\n",
        "key_figures.budget must be a number in [0, inf) (or null)",
    ),
    ("name: broken\nparameters: {media_amplification: 9}\n", "parameter media_amplification"),
    ("name: broken\nparameters: {nosuch: 1}\n", "unknown parameter 'nosuch'"),
    ("name: broken\nshocks:\n  - {start: 3, duration: 0, strength: 0.2}\n", "duration"),
    (
        "name: broken\nshocks:\n  - {start: 3, duration: 2, strength: 0.2, colour: red}\n",
        "unknown key 'colour'",
    ),
    (
        "name: broken\nmonitoring: {interval: 0}\n",
        "monitoring.interval must be a whole number in [1, inf)",
    ),
    ("name: broken\ninterventions: [ {type: key_figures\n", "not valid YAML"),
    ("name: other\n", "name must be 'broken'"),
    ("- just\n- a list\n", "must be a mapping"),
]


@pytest.mark.parametrize(("text", "message"), BAD_SCENARIOS)
def test_bad_scenario_files(tmp_path, text, message):
    path = _bad_scenario(tmp_path, text)
    out_dir = tmp_path / "out"
    out = polsim_main(
        "compare",
        f"scenarios=[baseline,{path}]",
        "replicates=2",
        "weeks=2",
        "model.n_agents=100",
        f"out={out_dir}",
        "quiet=true",
    )
    _assert_clean_failure(out, message, out_dir)


def test_bad_input_fails_cleanly_in_a_real_process_too(tmp_path):
    path = _bad_scenario(tmp_path, BAD_SCENARIOS[3][0])
    for args, message in (
        (BAD_OVERRIDES[1][0], BAD_OVERRIDES[1][1]),
        ([f"scenarios=[baseline,{path}]"], BAD_SCENARIOS[3][1]),
    ):
        out = polsim_cli("compare", f"out={tmp_path / 'out'}", "quiet=true", *args)
        _assert_clean_failure(out, message, tmp_path / "out")


def _assert_clean_failure(out: CompletedProcess[str], message: str, folder: Path) -> None:
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("polsim: error: ")
    assert message in lines[0], lines[0]
    assert "Traceback" not in out.stderr
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "scenarios=[baseline,shock]", "weeks=12"],
        ["run", "scenario=shock", "weeks=20"],
        ["animate", "scenario=baseline", "versus=shock", "weeks=10", "out=x.gif"],
    ],
)
def test_a_plan_that_would_never_act_is_refused_in_one_line(args, tmp_path, monkeypatch):
    """A shock (or an intervention) that starts after the last simulated week would be
    reported as tried while it never acted: refused before anything runs or is written."""
    monkeypatch.chdir(tmp_path)
    out = polsim_main(*args, *(["out=" + str(tmp_path / "o")] if args[0] != "animate" else []))
    assert out.returncode == 2, out.stderr
    (line,) = out.stderr.strip().splitlines()
    weeks = int(next(a for a in args if a.startswith("weeks=")).partition("=")[2])
    assert (
        f"scenario shock: shocks[0] (national debate) starts in week 20, but the run has "
        f"weeks 0 to {weeks - 1} (weeks={weeks}): it would never act" in line
    )
    assert list(tmp_path.iterdir()) == []


def test_an_intervention_that_would_never_act_is_refused_by_the_python_api():
    late = Scenario.from_mapping(
        {"name": "late", "title": {"en": "Late", "nl": "Laat"}, "summary": {"en": "-", "nl": "-"},
         "interventions": [{"type": "key_figures", "start": 100}]}
    )  # fmt: skip
    message = r"scenario late: interventions\[0\] \(key_figures\) starts in week 100, but the run "
    with pytest.raises(ValueError, match=message + "has weeks 0 to 11"):
        polsim.compare(["baseline", late], replicates=2, weeks=12, n_agents=100)
    with pytest.raises(ValueError, match="starts in week 100"):
        polsim.sweep({"media_amplification": [0.1]}, scenarios=[late], weeks=50, n_agents=100)
    with pytest.raises(ValueError, match="starts in week 100"):
        polsim.animate(late, "never.gif", weeks=50, n_agents=100)
    late.check_weeks(101)  # acts in its last week: fine
