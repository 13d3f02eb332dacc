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
    assert parts - {"__init__"} == set(FLOORS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_never_imports_a_higher_floor(path: Path) -> None:
    own = path.relative_to(ROOT).parts[0].removesuffix(".py")
    if own == "__init__":
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


def test_importing_polsim_installs_no_import_hook() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import sys\nbefore = list(sys.meta_path)\nimport polsim\n"
         "print(sys.meta_path == before)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "True"


def _package(module: str) -> str:
    """The (sub)package a module belongs to: ``polsim.model`` for ``polsim.model.engine``,
    ``polsim`` for ``polsim.networks``."""
    parts = module.split(".")
    if parts[0] != "polsim":
        return parts[0]
    if len(parts) > 2 or (len(parts) == 2 and (ROOT / parts[1]).is_dir()):
        return ".".join(parts[:2])
    return "polsim"


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_uses(path: Path) -> list[str]:
    """Private names of another package (polsim's or a library's) that ``path`` imports or
    reads off a module it imported."""
    own = _package(_module_name(path))
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, modules = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            theirs = node.module
            if theirs == "__future__" or _package(theirs) == own:
                continue
            if any(_private(part) for part in theirs.split(".")):
                found.append(theirs)
            found += [f"{theirs}.{a.name}" for a in node.names if _private(a.name)]
            modules.update({a.asname or a.name: f"{theirs}.{a.name}" for a in node.names})
        elif isinstance(node, ast.Import):
            for a in node.names:
                if _package(a.name) != own and any(_private(p) for p in a.name.split(".")):
                    found.append(a.name)
                modules[a.asname or a.name.split(".")[0]] = a.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _package(modules[node.value.id]) != own
        ):
            found.append(f"{modules[node.value.id]}.{node.attr}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_uses_no_private_name_of_another_package(path: Path) -> None:
    """Private names stay in their package: what another package needs is made public where
    it lives (or moved), so that a change inside a package cannot break another."""
    assert not _private_uses(path)
