"""An installed polsim finds its scenarios and configs: built as a wheel, unpacked away from
the source tree and run from an unrelated folder. Its core needs none of the optional parts
(the extras): the Python API runs without them, and a command that needs one names it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


#: One worker builds the wheel and compiles the kernels once for all of this module's tests.
pytestmark = pytest.mark.xdist_group("packaging")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", str(ROOT),
         "-w", str(wheels)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("polsim-*.whl")
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def _polsim(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "OMP_WAIT_POLICY": "PASSIVE"}
    return subprocess.run(
        [sys.executable, "-m", "polsim", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.mark.slow
def test_the_wheel_carries_the_scenarios_and_configs(installed: Path, tmp_path: Path) -> None:
    shipped = sorted(p.name for p in (ROOT / "polsim" / "data" / "scenarios").glob("*.yaml"))
    assert sorted(p.name for p in (installed / "polsim/data/scenarios").glob("*.yaml")) == shipped
    assert (installed / "polsim/data/configs/config.yaml").is_file()
    listed = _polsim(installed, tmp_path, "list")
    assert listed.returncode == 0, listed.stderr
    where = subprocess.run(
        [sys.executable, "-c", "import polsim; print(polsim.__file__)"], cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)}, capture_output=True, text=True,
    )  # fmt: skip
    assert where.stdout.strip().startswith(str(installed))  # not the source tree
    for name in ("baseline", "key_figures", "resilient_middle"):
        assert name in listed.stdout


@pytest.mark.slow
def test_an_installed_polsim_compares_from_an_unrelated_folder(
    installed: Path, tmp_path: Path
) -> None:
    own = tmp_path / "scenarios"
    own.mkdir()
    text = (ROOT / "polsim/data/scenarios/key_figures.yaml").read_text(encoding="utf-8")
    (own / "our_figures.yaml").write_text(
        text.replace("name: key_figures", "name: our_figures"), encoding="utf-8"
    )
    done = _polsim(
        installed, tmp_path, "compare", "scenarios=[baseline,our_figures]", "replicates=2",
        "weeks=6", "model.n_agents=150", "executor=serial", "out=results", "quiet=true",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (folder,) = (tmp_path / "results").iterdir()
    assert (folder / "report.html").is_file()


#: each optional part: the module it brings and the extra that installs it
EXTRAS = {"hydra": "cli", "omegaconf": "cli", "SALib": "sensitivity", "dask": "dask",
          "distributed": "dask", "ema_workbench": "ema", "imageio_ffmpeg": "mp4",
          "solara": "viz"}  # fmt: skip
#: Python code that makes every optional module impossible to import, as if not installed
WITHOUT_EXTRAS = f"""
import importlib.abc, sys
class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {sorted(EXTRAS)!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Missing())
"""


def _python(site: Path, cwd: Path, code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "OMP_WAIT_POLICY": "PASSIVE"}
    return subprocess.run([sys.executable, "-c", WITHOUT_EXTRAS + code], cwd=cwd, env=env,
                          capture_output=True, text=True)  # fmt: skip


@pytest.mark.slow
def test_the_wheel_declares_every_optional_part_as_an_extra(installed: Path) -> None:
    (metadata,) = installed.glob("polsim-*.dist-info/METADATA")
    fields = [line.partition(": ") for line in metadata.read_text("utf-8").splitlines()]
    requires = [value for name, _, value in fields if name == "Requires-Dist"]
    core = {re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in requires if "extra ==" not in r}  # fmt: skip
    assert {"mesa", "numpy", "numba", "pandas"} <= core
    optional = {"hydra-core", "salib", "dask", "ema-workbench", "imageio-ffmpeg", "solara"}
    assert not core & optional, core & optional
    extras = {value for name, _, value in fields if name == "Provides-Extra"}
    assert {"cli", "sensitivity", "dask", "ema", "mp4", "viz", "all"} <= extras


@pytest.mark.slow
def test_the_core_api_runs_without_any_extra(installed: Path, tmp_path: Path) -> None:
    code = """
import polsim
from polsim import PolarisationModel
city = PolarisationModel(n_agents=100, rng=1)
city.run(3)
for executor in ("serial", "processes"):
    result = polsim.compare(["baseline", "key_figures"], replicates=2, weeks=3, n_agents=100,
                            executor=executor)
    assert len(result.outcomes) == 4, result.outcomes
print("ok")
"""
    done = _python(installed, tmp_path, code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ok")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("argv", "extra"),
    [(["compare"], "cli"), (["list"], "cli"), (["dashboard"], "cli")],
)
def test_the_command_without_its_extra_says_which_to_install(
    installed: Path, tmp_path: Path, argv: list[str], extra: str
) -> None:
    helped = _python(installed, tmp_path, "from polsim.cli import main; main(['--help'])")
    assert helped.returncode == 0, helped.stderr  # the help needs no extra
    done = _python(installed, tmp_path,
                   f"from polsim.cli import main; raise SystemExit(main({argv!r}))")  # fmt: skip
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.endswith(f"pip install 'polsim[{extra}]'"), line
    assert not any(tmp_path.iterdir())
