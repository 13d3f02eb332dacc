"""Import paths of polsim 0.1's flat layout, kept for one release.

``import polsim.metrics`` (and the other old paths below) still works and gives a module whose
names are those of the new one, with a :class:`DeprecationWarning` naming the new path. These
aliases will be removed in the next release (see CHANGELOG.md).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["MOVED", "install", "renamed"]

#: old module path -> the new module(s) its names now live in
MOVED: dict[str, tuple[str, ...]] = {
    "polsim.metrics": ("polsim.measures",),
    "polsim.parameters": ("polsim.model.registry",),
    "polsim.roles": ("polsim.model.roles",),
    "polsim.phases": ("polsim.model.phases",),
    "polsim.media": ("polsim.model.media",),
    "polsim.events": ("polsim.model.events",),
    "polsim.levers": ("polsim.model.levers",),
    "polsim.agents": ("polsim.model.agents", "polsim.classic.agents"),
    "polsim.classic_model": ("polsim.classic.model",),
    "polsim.dynamics": ("polsim.classic",),
    "polsim.dynamics.classic": ("polsim.classic.kernels",),
    "polsim.dynamics.brandsma": ("polsim.model.mechanisms",),
    "polsim.dynamics.result": ("polsim.classic.result",),
    "polsim.runner": ("polsim.runs.executors",),
    "polsim.comparison": ("polsim.runs.comparison",),
    "polsim.report": ("polsim.outputs.report",),
    "polsim.plots": ("polsim.outputs.figures",),
    "polsim.labels": ("polsim.text",),
    "polsim.config": ("polsim.cli.config",),
    "polsim._validation": ("polsim.validation",),
}


class _Alias(importlib.abc.Loader):
    def __init__(self, targets: Sequence[str]) -> None:
        self.targets = tuple(targets)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return types.ModuleType(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        new = ", ".join(self.targets)
        also = (
            " (polsim.dynamics.brandsma: polsim.model.mechanisms)"
            if module.__name__ == "polsim.dynamics"
            else ""
        )
        warnings.warn(
            f"{module.__name__} is now {new}{also}; the old path will be removed in the next "
            "release",
            DeprecationWarning,
            stacklevel=2,
        )
        targets = [importlib.import_module(t) for t in self.targets]

        def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's name
            for target in targets:
                if hasattr(target, name):
                    return getattr(target, name)
            raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")

        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__all__ = [n for t in targets for n in getattr(t, "__all__", ())]  # type: ignore[attr-defined]
        module.__doc__ = f"Moved: see {new}."
        if module.__name__ == "polsim.dynamics":
            module.__path__ = []  # a package, so that polsim.dynamics.<x> resolves


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(
            fullname, _Alias(MOVED[fullname]), is_package=fullname == "polsim.dynamics"
        )


def install() -> None:
    """Put the finder of the old paths on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())


def renamed(module: str, names: dict[str, tuple[str, Callable[[], Any]]]) -> Callable[[str], Any]:
    """A module's ``__getattr__`` for names of 0.1 that are gone: ``names`` maps each old name
    to (what replaces it, in words; a function giving the object that still serves it). Using
    one warns once per use and works until the next release."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's name
        if name in names:
            new, get = names[name]
            warnings.warn(f"{name} is now {new}", DeprecationWarning, stacklevel=2)
            return get()
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
