"""Benchmarks of the Brandsma model (``PolarisationModel``).

Records:

* ``brandsma_step_10k``: one week at N = 10,000 (Watts–Strogatz, k = 10) against the idiomatic
  Mesa implementation of the same rules (``brandsma_mesa``); ratio = Mesa time / polsim time.
* ``brandsma_1m_100_steps``: wall time of 100 weeks at N = 1,000,000, mean degree 10
  (target: 60 s; ratio = time / target).
* ``brandsma_1m_peak_memory``: peak resident memory of that run, network included
  (target: 4 GB; ratio = peak / target).
* ``brandsma_1m_step_vs_spmv``: one week against one sparse matrix-vector product over the
  same adjacency in the same run (scipy); ratio = step time / SpMV time (target: at most 5).

The million-person run happens in a child process so that its peak memory is its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from benchmarks.brandsma_mesa import BrandsmaMesa
from polsim import PolarisationModel, networks

N_SMALL, K = 10_000, 10


def _record(name: str, metric: str, value: float, baseline: float, baseline_name: str,
            ratio: float, **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {
        "benchmark": name,
        "metric": metric,
        "polsim": value,
        "baseline": baseline,
        "baseline_name": baseline_name,
        "ratio": ratio,
        **extra,
    }


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    graph = networks.watts_strogatz(N_SMALL, K, 0.1, rng=7)
    mesa_model = BrandsmaMesa(graph, seed=1)
    mesa_model.step()
    mesa_steps = 1 if quick else 3
    start = time.perf_counter()
    for _ in range(mesa_steps):
        mesa_model.step()
    mesa_time = (time.perf_counter() - start) / mesa_steps

    model = PolarisationModel(network=graph, rng=1, create_agents=False)
    model.step()  # compile and warm up
    steps = 10 if quick else 50
    start = time.perf_counter()
    model.run(steps)
    polsim_time = (time.perf_counter() - start) / steps
    yield _record("brandsma_step_10k", "seconds_per_week", polsim_time, mesa_time,
                  "idiomatic-mesa", mesa_time / polsim_time, n=N_SMALL, k=K)  # fmt: skip

    n = 100_000 if quick else 1_000_000
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.brandsma", "--million", str(n)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    big = json.loads(child.stdout.strip().splitlines()[-1])
    label = "1m" if n == 1_000_000 else f"{n // 1000}k"
    yield _record(f"brandsma_{label}_100_steps", "wall_seconds", big["wall"], 60.0, "target",
                  big["wall"] / 60.0, n=n, mean_degree=big["mean_degree"],
                  network_seconds=big["network"], setup_seconds=big["setup"])  # fmt: skip
    yield _record(f"brandsma_{label}_peak_memory", "peak_rss_gb", big["peak_gb"], 4.0, "target",
                  big["peak_gb"] / 4.0, n=n)  # fmt: skip
    yield _record(f"brandsma_{label}_step_vs_spmv", "seconds", big["step"], big["spmv"], "spmv",
                  big["step"] / big["spmv"], n=n)  # fmt: skip


def _million(n: int) -> None:
    started = time.perf_counter()
    adjacency = networks.small_world(n, K, 0.1, rng=3)
    network_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model = PolarisationModel(network=adjacency, rng=4, create_agents=False)
    model.step()  # compile outside the timed weeks
    setup = time.perf_counter() - started
    started = time.perf_counter()
    model.run(100)
    wall = time.perf_counter() - started
    v = np.random.default_rng(0).random(n)
    spmv, step = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        adjacency.csr @ v
        spmv.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        model.step()
        step.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB -> GiB
    print(json.dumps({
        "wall": wall, "network": network_seconds, "setup": setup, "peak_gb": peak,
        "spmv": float(np.median(spmv)), "step": float(np.median(step)),
        "mean_degree": float(adjacency.degree.mean()),
    }))  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--million":
        _million(int(sys.argv[2]))
    else:
        for record in run(quick="--quick" in sys.argv):
            print(json.dumps(record))
