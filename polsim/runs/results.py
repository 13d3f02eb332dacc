"""Reading results back: :func:`load` a comparison's folder, :func:`replay` one of its runs.

A folder written by ``polsim compare`` holds its manifest (settings, scenario definitions,
versions), the finished runs and, once complete, the tables of the report. :func:`load` gives
back the :class:`~polsim.runs.comparison.Comparison`; the tables are plain Parquet files that
pandas, DuckDB or polars read as they are. :func:`replay` re-creates the exact model of one run
(before its first week), for instance to animate it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from polsim.model import PolarisationModel
from polsim.runs import store
from polsim.runs.comparison import Comparison
from polsim.runs.executors import Task
from polsim.scenarios import Scenario, make_model

__all__ = ["TABLES", "load_results", "replay", "run_ids"]

#: The tables of a complete comparison folder (``data/<name>.parquet``).
TABLES = ("trajectories", "outcomes", "effects", "summary", "ranking")


def _scenarios(folder: Path, info: dict[str, object]) -> tuple[Scenario, ...]:
    listed = info.get("scenarios")
    if not isinstance(listed, list):
        raise ValueError(f"{folder}: the manifest lists no scenarios")
    return tuple(Scenario.from_mapping(s, source=f"{folder} manifest") for s in listed)


def load_results(folder: str | Path) -> Comparison:
    """The comparison stored in ``folder`` (a complete ``polsim compare`` folder)."""
    folder = Path(folder)
    info = store.read_manifest(folder)
    if info["kind"] != "compare":
        raise ValueError(f"{folder}: holds a {info['kind']}, not a comparison")
    if not store.is_complete(folder):
        raise ValueError(f"{folder}: not complete (finish it with resume={folder})")
    tables = {}
    for name in TABLES:
        path = folder / "data" / f"{name}.parquet"
        if not path.is_file():
            raise ValueError(f"{folder}: data/{name}.parquet is missing")
        tables[name] = pd.read_parquet(path)
    settings = info["settings"]
    assert isinstance(settings, dict)
    return Comparison(**tables, scenarios=_scenarios(folder, info), settings=dict(settings))


def run_ids(folder: str | Path) -> list[str]:
    """The ids of the runs of a comparison folder (``<scenario>-r<replicate>``)."""
    info = store.read_manifest(Path(folder))
    settings = info["settings"]
    assert isinstance(settings, dict)
    return [Task(s, r, int(settings["seed"]), int(settings["weeks"])).run_id
            for s in _scenarios(Path(folder), info)
            for r in range(int(settings["replicates"]))]  # fmt: skip


def replay(folder: str | Path, run_id: str) -> PolarisationModel:
    """The model of run ``run_id`` (see :func:`run_ids`) exactly as it started: run it for
    the folder's ``weeks`` and its ``metrics`` are the stored trajectory of that run."""
    folder = Path(folder)
    info = store.read_manifest(folder)
    ids = run_ids(folder)
    if run_id not in ids:
        raise ValueError(f"run_id must be one of the folder's runs ({ids[0]} ... {ids[-1]}); "
                         f"got {run_id!r}")  # fmt: skip
    name, _, replicate = run_id.rpartition("-r")
    scenario = {s.name: s for s in _scenarios(folder, info)}[name]
    settings = info["settings"]
    assert isinstance(settings, dict)
    return make_model(scenario, seed=int(settings["seed"]), replicate=int(replicate),
                      parameters=settings["parameters"], network=settings["network"])  # fmt: skip
