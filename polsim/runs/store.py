"""Output folders that are claimed before any work and never look complete when they are not.

:func:`claim_folder` creates a fresh folder exclusively (two runs started in the same second
get two folders), checks it can be written, and marks it ``INCOMPLETE``; each finished run is
kept in it as it arrives (:func:`keep_run`, through a temporary name, as ``runs/<run
id>.parquet``); :func:`mark_complete` removes the mark last. A folder without the mark holds
everything its command wrote; one with the mark holds the runs that finished, which
:func:`finished_runs` reads back, by run id, as the run loop's ``finished`` (see
:mod:`polsim.runs.loop`) so that the command can go on where it stopped.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from polsim.runs.executors import Task

__all__ = [
    "INCOMPLETE",
    "MANIFEST",
    "claim_folder",
    "finished_runs",
    "is_complete",
    "keep_run",
    "manifest",
    "mark_complete",
    "read_manifest",
    "same_settings",
    "write_atomic",
]

#: The file that marks a folder whose command has not finished.
INCOMPLETE = "INCOMPLETE"


def _candidates(parent: Path, stem: str) -> Iterator[Path]:
    """``parent/stem-YYYYmmdd-HHMMSS``, then the same with ``-1``, ``-2``, ..."""
    base = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    yield parent / base
    for k in range(1, 10_000):
        yield parent / f"{base}-{k}"


def claim_folder(parent: Path, stem: str, *, note: str = "") -> Path:
    """Create and return a new folder ``parent/stem-YYYYmmdd-HHMMSS[-k]`` (never an existing
    one), writable, marked :data:`INCOMPLETE` (with ``note`` in the mark). Errors are one line
    naming the folder."""
    parent = Path(parent)
    if parent.exists() and not parent.is_dir():
        raise ValueError(f"out: {parent} is a file, not a folder")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"out: cannot create {parent}: {exc.strerror}") from None
    for path in _candidates(parent, stem):
        try:
            path.mkdir()  # exclusive: fails if another run took the name first
        except FileExistsError:
            continue
        except OSError as exc:
            raise ValueError(f"out: cannot create a folder in {parent}: {exc.strerror}") from None
        try:
            (path / INCOMPLETE).write_text(note or "not finished\n", encoding="utf-8")
        except OSError as exc:
            path.rmdir()
            raise ValueError(f"out: cannot write in {parent}: {exc.strerror}") from None
        return path
    raise ValueError(f"out: no free folder name left in {parent} for {stem}")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``path`` through a temporary name in the same folder, so that it either holds
    everything or does not exist."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def keep_run(folder: Path, task: Task, table: pd.DataFrame) -> Path:
    """Keep what was kept of one finished run (its weekly table, or a sweep's outcomes) in
    ``folder/runs/<run id>.parquet``: the run loop's ``on_result``, bound to a folder."""
    return _keep(Path(folder) / "runs" / f"{task.run_id}.parquet", table)


def _keep(path: Path, table: pd.DataFrame) -> Path:
    """Write ``table`` to the Parquet file ``path`` through a temporary name (it is either
    complete or absent, whenever the process stops)."""
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        table.to_parquet(tmp, index=False)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


#: how polsim 0.1 named a comparison's run: ``<scenario>--<replicate, 5 digits>``
_OLD_RUN = re.compile(r"(?P<scenario>.+)--(?P<replicate>\d+)")


def finished_runs(folder: Path) -> dict[str, pd.DataFrame]:
    """The runs kept in ``folder`` by :func:`keep_run`, by run id: the run loop's
    ``finished``. Runs kept under the earlier names (``baseline--00003.parquet``) are read
    under their run ids (``baseline-r003``)."""
    found = {}
    for path in sorted((Path(folder) / "runs").glob("*.parquet")):
        old = _OLD_RUN.fullmatch(path.stem)
        run_id = f"{old['scenario']}-r{int(old['replicate']):03d}" if old else path.stem
        found[run_id] = pd.read_parquet(path)
    return found


def mark_complete(folder: Path) -> None:
    """Remove the :data:`INCOMPLETE` mark: the folder now holds everything."""
    (Path(folder) / INCOMPLETE).unlink(missing_ok=True)


def is_complete(folder: Path) -> bool:
    """Whether ``folder`` holds everything its command wrote."""
    return Path(folder).is_dir() and not (Path(folder) / INCOMPLETE).exists()


def same_settings(folder: Path, settings: Mapping[str, object]) -> bool:
    """Whether ``folder`` was started with ``settings`` (its ``settings.json``)."""
    import json

    path = Path(folder) / "settings.json"
    return path.is_file() and json.loads(path.read_text(encoding="utf-8")) == json.loads(
        json.dumps(settings, sort_keys=True, default=str)
    )


#: The file that describes what a folder holds and how it was made.
MANIFEST = "manifest.json"


def manifest(
    *,
    kind: str,
    settings: Mapping[str, object],
    scenarios: list[dict[str, object]],
    command: str = "",
) -> dict[str, object]:
    """What made a result: the experiment (its settings and their hash), the scenario
    definitions, polsim's version and source commit, the versions of its dependencies and the
    command line."""
    import hashlib
    import json
    import platform
    from importlib import metadata

    import polsim

    spec = json.dumps({"kind": kind, "settings": settings, "scenarios": scenarios},
                      sort_keys=True, default=str)  # fmt: skip
    versions: dict[str, str | None] = {}
    for name in ("numpy", "numba", "pandas", "scipy", "mesa", "networkx", "SALib", "hydra-core"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "kind": kind,
        "spec_sha256": hashlib.sha256(spec.encode()).hexdigest(),
        "settings": json.loads(json.dumps(settings, default=str)),
        "scenarios": scenarios,
        "polsim": polsim.__version__,
        "commit": _commit(),
        "python": platform.python_version(),
        "dependencies": versions,
        "command": command,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def _commit() -> str | None:
    """The git commit of polsim's source, when it runs from a checkout."""
    import subprocess

    source = Path(__file__).resolve().parents[2]
    if not (source / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=5, check=True)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def read_manifest(folder: Path) -> dict[str, object]:
    """The manifest of a result folder, or one line saying why it is not one of polsim's."""
    import json

    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise ValueError(f"{folder}: not a polsim result folder (no {MANIFEST})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(f"{path}: damaged (not the JSON polsim writes)") from None
    if not isinstance(data, dict) or "kind" not in data or "settings" not in data:
        raise ValueError(f"{path}: not a polsim manifest")
    return data
