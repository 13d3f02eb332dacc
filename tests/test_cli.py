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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scenario=baseline", "scenario=key_figures", "out=x.gif"], "scenario is given twice"),
        (["scenario=baseline", "out=x.gif", "fps=0"], "fps must be a number in [1, 60], got '0'"),
        (["scenario=baseline", "out=x.gif", "seed=-1"], "seed must be a whole number in [0, inf)"),
        (["scenario=baseline", "out=taken.gif"], "taken.gif exists already; polsim never"),
    ],
)
def test_animate_refuses_what_it_cannot_do_as_typed(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken.gif").write_bytes(b"GIF89a")
    out = polsim_main("animate", *args)
    assert out.returncode == 2
    (line,) = out.stderr.strip().splitlines()
    assert message in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.gif"]
    assert (tmp_path / "taken.gif").read_bytes() == b"GIF89a"  # untouched


def test_animate_reports_its_time_the_languages_way(tmp_path):
    out = polsim_main("animate", "scenario=baseline", f"out={tmp_path / 'a.html'}", "weeks=2",
                      "n_agents=60", "lang=nl")  # fmt: skip
    assert out.returncode == 0, out.stderr
    seconds = out.stdout.strip().rpartition("(")[2]
    assert seconds.endswith(" s)")
    assert "," in seconds
    assert "." not in seconds
