"""The polsim command: one grammar (KEY=VALUE) for every command, its help from the text
catalogue in both languages, and the facts it reads from where they are declared."""

from __future__ import annotations

import subprocess
import sys

import pytest

from polsim import __version__
from polsim.cli.grammar import COMMANDS, help_text
from polsim.cli.main import main
from polsim.runs.store import claim_folder, is_complete, mark_complete
from polsim.text import LANGUAGES
from tests.conftest import ROOT, polsim_cli, polsim_main


def test_version_and_help():
    out = polsim_cli("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"polsim {__version__}"
    helped = polsim_cli("--help")
    assert helped.returncode == 0
    assert all(name in helped.stdout for name in COMMANDS)
    assert main([]) == 0
    dutch = polsim_main("compare", "--help", "lang=nl")
    assert dutch.returncode == 0
    assert "instellingen (KEY=VALUE):" in dutch.stdout
    assert "replicates=N" in dutch.stdout


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_every_help_comes_from_the_catalogue_in_every_language(name):
    texts = {lang: help_text(name, lang) for lang in LANGUAGES}
    assert texts["en"] != texts["nl"]
    for lang, shown in texts.items():
        for command in [name] if name else list(COMMANDS):
            assert command in shown, (lang, command)
        for key in COMMANDS[name].keys if name else ():
            assert f"{key.name}=" in shown, (lang, key.name)
    assert "default:" not in texts["nl"]
    assert "settings" not in texts["nl"]


def test_the_same_thing_has_the_same_key_in_every_command():
    keys = {k.name for c in COMMANDS.values() for k in c.keys}
    assert {k for k in keys if "agents" in k} == {"model.n_agents"}
    for name, command in COMMANDS.items():
        own = {k.name for k in command.keys}
        assert "lang" in own, name  # every command speaks both languages
        if name not in ("list", "dashboard"):
            assert "out" in own, name


def test_the_commands_read_each_default_where_it_is_declared():
    from polsim.cli.config import compose_config
    from polsim.cli.grammar import parse
    from polsim.model import registry
    from polsim.outputs import dashboard
    from polsim.validation import DEFAULT_SEED

    city = registry.PARAMETERS["n_agents"].default
    # polsim compare simulates the same city as polsim.compare() unless told otherwise
    assert compose_config([]).parameters.get("n_agents", city) == city
    for name in ("demo", "animate", "sensitivity"):
        found = parse([name])
        assert found.values["n_agents"] == city, name
        assert found.values["seed"] == DEFAULT_SEED, name
    served = parse(["dashboard"]).values
    assert (served["host"], served["port"]) == (dashboard.DEFAULT_HOST, dashboard.DEFAULT_PORT)
    assert city == dashboard.N_AGENTS_DEFAULT


def test_help_loads_neither_numpy_nor_hydra():
    """``polsim --help`` imports only the text catalogue: it stays fast."""
    code = (
        "import sys; from polsim.cli.main import main; main(['--help']); "
        "print(sorted(m for m in ('numpy', 'pandas', 'hydra', 'mesa') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_demo_writes_a_figure_in_a_fresh_folder(tmp_path):
    first = polsim_cli("demo", f"out={tmp_path}", "model.n_agents=60", "seed=3")
    assert first.returncode == 0, first.stderr
    second = polsim_main("demo", "seed=3", "model.n_agents=60", f"out={tmp_path}")
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
        (["demo", "model.n_agents=3"], "model.n_agents must be a whole number in [10, 100000]"),
        (["demo", "seed=-1"], "seed must be a whole number in [0, inf)"),
        (["demo", "seed=abc"], "seed must be a whole number in [0, inf), got 'abc'"),
        (["demo", "lang=de"], "lang must be one of en, nl; got 'de'"),
        (["demo", "colour=red"], "demo: unknown setting 'colour'; polsim demo --help lists"),
        (["demo", "out=[a,b]"], "out must be one non-empty text"),
        (["demo", "seed=1", "seed=2"], "seed is given twice"),
        (["demo", "results"], "demo: 'results' is not KEY=VALUE"),
        (["sweep", "scenarios=[a"], "sweep: cannot read 'scenarios=[a'"),
        (["sweep", "weeks=1,2"], "weeks takes one value, not a sweep"),
        (["list", "parametres"], "'parametres' must be one of scenarios, interventions"),
        (["fly"], "unknown command 'fly'"),
        (["compar"], "unknown command 'compar' (did you mean compare?)"),
        # a flag or a misspelt key: the key it most likely meant
        (["demo", "--agents", "6"], "--agents is not an option (did you mean model.n_agents=...?)"),
        (["demo", "--n-agents", "60"], "(did you mean model.n_agents=...?)"),
        (["animate", "n_agents=60"], "unknown setting 'n_agents' (did you mean model.n_agents="),
        (["compare", "--quiet"], "--quiet is not an option (did you mean quiet=true?)"),
        (["compare", "replicate=3"], "unknown setting 'replicate' (did you mean replicates="),
        (["compare", "model.n_agnts=3"], "unknown parameter 'n_agnts' (did you mean n_agents?)"),
        (["compare", "network.groupz=3"], "(did you mean network.groups=...?)"),
        (["dashboard", "--port", "8800"], "--port is not an option (did you mean port=...?)"),
        (["sensitivity", "method=sobel"], "method must be one of morris, sobol; got 'sobel'"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    out = polsim_main(*args)
    assert out.returncode == 2
    (line,) = out.stderr.strip().splitlines()
    assert message in line
    assert not any(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize(
    ("module", "args", "extra"),
    [
        ("hydra", ["compare"], "cli"),
        ("SALib", ["sensitivity"], "sensitivity"),
        ("distributed", ["sweep", "model.shock_rate=0,0.1", "executor=dask"], "dask"),
        ("imageio_ffmpeg", ["animate", "scenario=baseline", "out=a.mp4"], "mp4"),
        ("solara", ["dashboard", "port=8798"], "viz"),
    ],
)
def test_a_missing_extra_names_the_install_in_one_line(module, args, extra, tmp_path,
                                                       monkeypatch):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    out = polsim_main(*args)
    assert out.returncode == 1
    (line,) = out.stderr.strip().splitlines()
    assert line.endswith(f"pip install 'polsim[{extra}]'")
    assert not any(tmp_path.iterdir())


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
        (["scenario=baseline", "out=x.gif", "fps=0"], "fps must be a number in [1, 60], got 0"),
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
                      "model.n_agents=60", "lang=nl")  # fmt: skip
    assert out.returncode == 0, out.stderr
    seconds = out.stdout.strip().rpartition("(")[2]
    assert seconds.endswith(" s)")
    assert "," in seconds
    assert "." not in seconds
