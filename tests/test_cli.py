"""The polsim command."""

from __future__ import annotations

import pytest

from polsim import __version__
from polsim.cli.main import main
from polsim.runs.store import claim_folder, is_complete, mark_complete
from tests.conftest import polsim_cli, polsim_main


def test_version_and_help():
    out = polsim_cli("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"polsim {__version__}"
    helped = polsim_cli("--help")
    assert helped.returncode == 0
    assert "demo" in helped.stdout
    assert main([]) == 0


def test_demo_writes_a_figure_in_a_fresh_folder(tmp_path):
    first = polsim_cli("demo", "--out", str(tmp_path), "--agents", "60", "--seed", "3")
    assert first.returncode == 0, first.stderr
    # the KEY=VALUE form of the other commands works too, with the same meaning
    second = polsim_main("demo", f"out={tmp_path}", "agents=60", "seed=3")
    assert second.returncode == 0, second.stderr
    folders = sorted(p for p in tmp_path.iterdir() if p.is_dir())
    assert len(folders) == 2
    for folder in folders:
        for name in ("classic_models.png", "brandsma_baseline.png"):
            png = folder / name
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert str(png.resolve()) in first.stdout + second.stdout
        weekly = (folder / "brandsma_baseline.csv").read_text().splitlines()
        assert len(weekly) == 106  # header and weeks 0..104
        assert weekly[0].startswith("step,pusher,joiner,silent")
    assert not list(tmp_path.rglob("*.tmp.png"))
    one, two = (f.joinpath("brandsma_baseline.csv").read_bytes() for f in folders)
    assert one == two


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["demo", "--agents", "3"], "--agents: must be an integer in [10, 100000]"),
        (["demo", "--seed", "-1"], "--seed: must be a non-negative integer"),
        (["demo", "--seed", "abc"], "--seed: must be a non-negative integer"),
        (["demo", "lang=de"], "--lang: invalid choice: 'de'"),
        (["demo", "colour=red"], "unrecognized arguments: colour=red"),
        (["fly"], "invalid choice: 'fly'"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    out = polsim_main(*args)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert not any(tmp_path.iterdir())  # nothing written


def test_a_claimed_folder_is_never_reused_and_incomplete_until_marked(tmp_path):
    made = [claim_folder(tmp_path, "run") for _ in range(5)]  # all in the same second
    assert len(set(made)) == 5
    assert all(p.is_dir() and not is_complete(p) for p in made)
    mark_complete(made[0])
    assert is_complete(made[0])
