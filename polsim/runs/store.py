"""Output folders that are claimed before any work and never look complete when they are not.

:func:`claim_folder` creates a fresh folder exclusively (two runs started in the same second
get two folders), checks it can be written, and marks it ``INCOMPLETE``; each finished run is
kept in it as it arrives (:func:`keep_run`, through a temporary name); :func:`mark_complete`
removes the mark last. A folder without the mark holds everything its command wrote; one with
the mark holds the runs that finished, which :func:`finished_runs` reads back so that the
command can go on where it stopped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

__all__ = [
    "INCOMPLETE",
    "claim_folder",
    "finished_runs",
    "is_complete",
    "keep_run",
    "mark_complete",
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


def _run_file(folder: Path, scenario: str, replicate: int) -> Path:
    return folder / "runs" / f"{scenario}--{replicate:05d}.parquet"


def keep_run(folder: Path, scenario: str, replicate: int, table: pd.DataFrame) -> Path:
    """Keep one finished run's weekly table in ``folder/runs/``."""
    path = _run_file(folder, scenario, replicate)
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        table.to_parquet(tmp, index=False)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def finished_runs(folder: Path) -> dict[tuple[str, int], pd.DataFrame]:
    """The runs kept in ``folder`` by :func:`keep_run`: (scenario, replicate) -> table."""
    found = {}
    for path in sorted((Path(folder) / "runs").glob("*--*.parquet")):
        scenario, _, replicate = path.stem.rpartition("--")
        found[(scenario, int(replicate))] = pd.read_parquet(path)
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
