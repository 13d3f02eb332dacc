"""The package's layering: a module imports only from its own floor and the floors below, and
importing polsim (or asking the command line for help) loads no heavy library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import polsim

ROOT = Path(polsim.__file__).parent

#: the floor of each top-level part of the package (docs/api.md shows the same table)
FLOORS = {
    "validation": 1, "text": 1,
    "networks": 2, "measures": 2,
    "classic": 3,
    "model": 4,
    "interventions": 5,
    "scenarios": 6,
    "runs": 7, "ema": 7,
    "outputs": 8,
    "cli": 9,
}  # fmt: skip


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "polsim":  # from polsim import <part>, or a root name
                found += [f"polsim.{a.name}" for a in node.names if a.name in FLOORS]
            elif node.module.startswith("polsim."):
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("polsim.")]
    return found


MODULES = sorted(p for p in ROOT.rglob("*.py") if p.name != "__main__.py")


def test_every_part_of_the_package_has_a_floor() -> None:
    parts = {p.relative_to(ROOT).parts[0].removesuffix(".py") for p in MODULES}
    assert parts - {"__init__", "_moved"} == set(FLOORS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_never_imports_a_higher_floor(path: Path) -> None:
    own = path.relative_to(ROOT).parts[0].removesuffix(".py")
    if own in ("__init__", "_moved"):
        return
    higher = [m for m in _imports(path) if FLOORS.get(_part(m), 0) > FLOORS[own]]
    assert not higher, f"{own} (floor {FLOORS[own]}) imports {higher}"


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {m.split(".")[0] for m in out.stdout.split()}


HEAVY = {"numba", "mesa", "matplotlib", "pandas", "scipy", "hydra", "networkx", "numpy"}


def test_importing_polsim_loads_no_heavy_library() -> None:
    assert not _loaded_after("import polsim") & HEAVY


def test_the_command_lines_help_loads_no_heavy_library() -> None:
    code = (
        "import sys\nfrom polsim.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert not _loaded_after(code) & HEAVY


def test_the_model_does_not_load_matplotlib_or_choose_its_backend() -> None:
    loaded = _loaded_after("import polsim\npolsim.PolarisationModel(n_agents=50, rng=1).run(2)")
    assert "matplotlib" not in loaded


def test_old_import_paths_still_work_and_say_where_the_names_went() -> None:
    out = subprocess.run(
        [sys.executable, "-W", "always::DeprecationWarning", "-c",
         "import polsim\nfrom polsim.metrics import esteban_ray\nfrom polsim.parameters import "
         "PARAMETERS\nfrom polsim.dynamics.classic import deffuant\nprint(esteban_ray.__module__)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "polsim.measures"
    assert "polsim.metrics is now polsim.measures" in out.stderr
    assert "polsim.dynamics.classic is now polsim.classic.kernels" in out.stderr
