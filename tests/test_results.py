"""A comparison's folder reads back: load() gives the comparison, replay() the exact model of
one run; the manifest says what made it; a foreign or damaged folder is one line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import polsim
from polsim.runs import store
from polsim.runs.results import TABLES, run_ids
from tests.conftest import polsim_main

ARGS = ("compare", "scenarios=[baseline,key_figures]", "replicates=2", "weeks=8",
        "model.n_agents=200", "executor=serial", "quiet=true")  # fmt: skip


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results")
    done = polsim_main(*ARGS, f"out={out}")
    assert done.returncode == 0, done.stderr
    (made,) = out.iterdir()
    return made


def test_load_gives_back_the_comparison(folder: Path) -> None:
    loaded = polsim.load_results(folder)
    again = polsim.compare(["baseline", "key_figures"], replicates=2, weeks=8, n_agents=200)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(again, name),
                                      check_exact=True)  # fmt: skip
    assert [s.name for s in loaded.scenarios] == ["baseline", "key_figures"]
    assert loaded.settings["seed"] == again.settings["seed"]


def test_replay_recreates_each_run_exactly(folder: Path) -> None:
    stored = polsim.load_results(folder).trajectories
    assert run_ids(folder) == ["baseline-r000", "baseline-r001", "key_figures-r000",
                               "key_figures-r001"]  # fmt: skip
    for run_id in run_ids(folder):
        name, _, replicate = run_id.rpartition("-r")
        model = polsim.replay(folder, run_id)
        model.run(8)
        run = stored[(stored.scenario == name) & (stored.replicate == int(replicate))]
        run = run[list(model.metrics.columns)].reset_index(drop=True)
        pd.testing.assert_frame_equal(model.metrics, run, check_exact=True, check_dtype=False)


def test_the_manifest_says_what_made_the_result(folder: Path) -> None:
    info = json.loads((folder / store.MANIFEST).read_text())
    assert info["kind"] == "compare"
    assert info["polsim"] == polsim.__version__
    assert len(info["spec_sha256"]) == 64
    assert [s["name"] for s in info["scenarios"]] == ["baseline", "key_figures"]
    assert info["dependencies"]["numpy"]
    assert info["command"].startswith("polsim compare scenarios=[baseline,key_figures]")
    assert info["commit"] is None or len(info["commit"]) == 40


def test_a_foreign_damaged_or_unfinished_folder_is_one_line(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a polsim result folder"):
        polsim.load_results(tmp_path)
    (tmp_path / store.MANIFEST).write_text("{not json")
    with pytest.raises(ValueError, match="damaged"):
        polsim.load_results(tmp_path)
    unfinished = tmp_path / "unfinished"
    unfinished.mkdir()
    (unfinished / store.MANIFEST).write_text((folder / store.MANIFEST).read_text())
    (unfinished / store.INCOMPLETE).write_text("")
    with pytest.raises(ValueError, match="not complete"):
        polsim.load_results(unfinished)
    with pytest.raises(ValueError, match="run_id must be one of the folder's runs"):
        polsim.replay(folder, "key_figures-r007")


def test_the_replay_command_writes_the_stored_run_again(folder: Path, tmp_path: Path) -> None:
    listed = polsim_main("replay", f"from={folder}")
    assert listed.stdout.split() == run_ids(folder)
    done = polsim_main("replay", f"from={folder}", "run=key_figures-r001", f"out={tmp_path}")
    assert done.returncode == 0, done.stderr
    (out,) = tmp_path.iterdir()
    weekly = pd.read_csv(out / "weekly.csv")
    stored = polsim.load_results(folder).trajectories
    run = stored[(stored.scenario == "key_figures") & (stored.replicate == 1)]
    assert weekly.silent.tolist() == run.silent.tolist()
    assert len(pd.read_parquet(out / "state.parquet")) == 200
    bad = polsim_main("replay", f"from={folder}", "run=nosuch-r000", f"out={tmp_path / 'bad'}")
    assert bad.returncode == 2
    assert "run must be one of the folder's runs" in bad.stderr  # the key as typed
    assert not (tmp_path / "bad").exists()
