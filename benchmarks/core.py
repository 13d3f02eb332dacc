"""The model core's three budgets, for comparing two versions of polsim side by side.

Records:

* ``core_week_1k``: one week at N = 1,000 on one thread (the median over blocks of 200 weeks);
  target at most 0.25 ms.
* ``core_week_1m_vs_spmv``: one week at N = 1,000,000 (mean degree 10, the machine's threads)
  against one sparse matrix-vector product over the same adjacency, timed in turn in the same
  process (medians of 9); target: the week at most 3.5 SpMV.
* ``core_help``: the wall time of ``python -m polsim --help`` (the median of 15 runs); target
  at most 0.1 s.

Only the API that every version has is used (``PolarisationModel(n_agents=, rng=)``,
``step``, ``adjacency.csr``), so that the same file measures an older checkout: run it with
that checkout first on ``PYTHONPATH`` (``--label`` names the version in the records). Run the
two versions one after the other, or alternately, with nothing else on the machine.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from polsim import PolarisationModel

TARGET_WEEK_1K = 0.25e-3
TARGET_SPMV_RATIO = 3.5
TARGET_HELP = 0.1


def _load() -> float:
    return os.getloadavg()[0]


def week_1k(blocks: int = 7, weeks: int = 200) -> list[float]:
    """Seconds per week at N = 1,000, one value per block of ``weeks`` weeks."""
    model = PolarisationModel(n_agents=1000, rng=1, create_agents=False, threads=1)
    model.run(5)  # compiled and warm
    out = []
    for _ in range(blocks):
        start = time.perf_counter()
        model.run(weeks)
        out.append((time.perf_counter() - start) / weeks)
    return out


def week_vs_spmv(n: int = 1_000_000, repeats: int = 9) -> tuple[list[float], list[float]]:
    """Seconds of one week and of one SpMV over the same adjacency, in turn."""
    model = PolarisationModel(n_agents=n, rng=1, create_agents=False)
    model.run(2)
    a = model.adjacency.csr
    v = np.random.default_rng(0).random(n)
    weeks, spmv = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ v
        spmv.append(time.perf_counter() - start)
        start = time.perf_counter()
        model.step()
        weeks.append(time.perf_counter() - start)
    return weeks, spmv


def help_time(runs: int = 15) -> list[float]:
    """Wall seconds of ``python -m polsim --help``."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "polsim", "--help"], capture_output=True,
                       check=True)  # fmt: skip
        out.append(time.perf_counter() - start)
    return out


def _record(name: str, label: str, runs: list[float], baseline: float, baseline_name: str,
            load: float, **extra: Any) -> dict[str, Any]:  # fmt: skip
    value = statistics.median(runs)
    return {"benchmark": name, "version": label, "polsim": value, "baseline": baseline,
            "baseline_name": baseline_name, "ratio": value / baseline, "runs": runs,
            "load_avg": [load, _load()], **extra}  # fmt: skip


def run(quick: bool = False, label: str = "this checkout") -> Iterator[dict[str, Any]]:
    """The three records for the polsim on the path, labelled ``label``."""
    load = _load()
    weeks = week_1k(3 if quick else 7)
    yield _record("core_week_1k", label, weeks, TARGET_WEEK_1K, "target", load)
    load = _load()
    step, spmv = week_vs_spmv(100_000 if quick else 1_000_000, 3 if quick else 9)
    yield _record("core_week_1m_vs_spmv", label, step, statistics.median(spmv), "scipy SpMV",
                  load, target=TARGET_SPMV_RATIO, baseline_runs=spmv)  # fmt: skip
    load = _load()
    yield _record("core_help", label, help_time(5 if quick else 15), TARGET_HELP, "target", load)


if __name__ == "__main__":
    args = sys.argv[1:]
    label = args[args.index("--label") + 1] if "--label" in args else "this checkout"
    for record in run(quick="--quick" in args, label=label):
        print(json.dumps(record), flush=True)
