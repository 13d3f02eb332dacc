"""An installed polsim finds its scenarios and configs: built as a wheel, unpacked away from
the source tree and run from an unrelated folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "quiet=true", str(ROOT),
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
