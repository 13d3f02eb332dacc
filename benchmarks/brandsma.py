"""Benchmarks of the Brandsma model (``PolarisationModel``).

Records:

* ``brandsma_mesa_equivalence``: the idiomatic Mesa baseline (``brandsma_mesa``) and polsim
  run the same city for three weeks with every random draw that could change the state taken
  out; ``polsim`` is the largest absolute difference in any person's stance, commitment,
  tolerance, salience, resilience, blame, influence, pressure or incident probability, or in
  the KIS indicators (tolerance 1e-9). The benchmark stops if it fails: the ratio below is
  only meaningful for the same rules.
* ``brandsma_step_10k``: one week at N = 10,000 (Watts–Strogatz, k = 10, p = 0.1) against the
  idiomatic Mesa implementation of the same rules; ratio = Mesa time / polsim time
  (target: at least 100).
* ``brandsma_1m_100_steps``: wall time of 100 weeks at N = 1,000,000, mean degree 10
  (target: 60 s; ratio = time / target).
* ``brandsma_1m_peak_memory``: peak resident memory of that run, network included
  (target: 4 GB; ratio = peak / target).
* ``brandsma_1m_step_vs_spmv``: one week against one sparse matrix-vector product over the
  same adjacency in the same run (scipy); ratio = step time / SpMV time (target: at most 5).

The machine may be shared, so every figure is measured ``REPEATS`` times: ``polsim``,
``baseline`` and ``ratio`` are medians and ``*_runs`` hold every repeat; ``load_avg`` is the
1-minute load average before and after. Other processes on the cores matter much more to
polsim's parallel kernels than to the single-threaded baselines (see ``docs/performance.md``),
so each record also names numba's threading layer and ``OMP_WAIT_POLICY``. Each
million-person run happens in its own child process so that its peak memory is its own.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import numba
import numpy as np

from benchmarks.brandsma_mesa import BrandsmaMesa, check_against_polsim
from polsim import PolarisationModel, networks

N_SMALL, K, P_REWIRE = 10_000, 10, 0.1
REPEATS = 3
TOLERANCE = 1e-9


def _record(name: str, metric: str, value: float, baseline: float, baseline_name: str,
            ratio: float, **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {
        "benchmark": name,
        "metric": metric,
        "polsim": value,
        "baseline": baseline,
        "baseline_name": baseline_name,
        "ratio": ratio,
        "threads": numba.get_num_threads(),
        "threading_layer": _layer(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        **extra,
    }


def _layer() -> str | None:
    """Numba's threading layer (known once a parallel kernel has run)."""
    try:
        return str(numba.threading_layer())
    except ValueError:
        return None


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    load = _load()
    check = check_against_polsim()
    passed = bool(check["max_abs_difference"] <= TOLERANCE)
    worst = max(check["differences"], key=check["differences"].get)
    yield _record("brandsma_mesa_equivalence", "max_abs_difference", check["max_abs_difference"],
                  TOLERANCE, "tolerance", check["max_abs_difference"] / TOLERANCE,
                  passed=passed, worst=worst, n=check["n"], weeks=check["weeks"],
                  incidents=check["incidents"])  # fmt: skip
    if not passed:
        raise RuntimeError(f"the Mesa baseline and polsim differ by {check['max_abs_difference']}")

    repeats = 1 if quick else REPEATS
    graph = networks.watts_strogatz(N_SMALL, K, P_REWIRE, rng=7)
    mesa_model = BrandsmaMesa(graph, seed=1)
    mesa_model.step()
    model = PolarisationModel(network=graph, rng=1, create_agents=False)
    model.step()  # compile and warm up
    mesa_steps, steps = (1, 10) if quick else (2, 50)
    mesa_runs, polsim_runs = [], []
    for _ in range(repeats):  # interleaved, so that both see the same load
        start = time.perf_counter()
        for _ in range(mesa_steps):
            mesa_model.step()
        mesa_runs.append((time.perf_counter() - start) / mesa_steps)
        start = time.perf_counter()
        model.run(steps)
        polsim_runs.append((time.perf_counter() - start) / steps)
    mesa_time, polsim_time = statistics.median(mesa_runs), statistics.median(polsim_runs)
    yield _record("brandsma_step_10k", "seconds_per_week", polsim_time, mesa_time,
                  "idiomatic-mesa", mesa_time / polsim_time, n=N_SMALL, k=K,
                  polsim_runs=polsim_runs, baseline_runs=mesa_runs,
                  ratio_runs=[m / p for m, p in zip(mesa_runs, polsim_runs, strict=True)],
                  load_avg=[load, _load()])  # fmt: skip

    n = 100_000 if quick else 1_000_000
    load_before = _load()
    runs = []
    for _ in range(repeats):
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.brandsma", "--million", str(n)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    loads = [load_before, _load()]

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    def every(key: str) -> list[float]:
        return [r[key] for r in runs]

    label = "1m" if n == 1_000_000 else f"{n // 1000}k"
    wall, peak = median("wall"), median("peak_gb")
    yield _record(f"brandsma_{label}_100_steps", "wall_seconds", wall, 60.0, "target",
                  wall / 60.0, n=n, mean_degree=runs[0]["mean_degree"], polsim_runs=every("wall"),
                  network_seconds=median("network"), setup_seconds=median("setup"),
                  load_avg=loads)  # fmt: skip
    yield _record(f"brandsma_{label}_peak_memory", "peak_rss_gb", peak, 4.0, "target", peak / 4.0,
                  n=n, polsim_runs=every("peak_gb"))  # fmt: skip
    ratios = [r["step"] / r["spmv"] for r in runs]
    yield _record(f"brandsma_{label}_step_vs_spmv", "seconds", median("step"), median("spmv"),
                  "spmv", statistics.median(ratios), n=n, polsim_runs=every("step"),
                  baseline_runs=every("spmv"), ratio_runs=ratios, load_avg=loads)  # fmt: skip


def _million(n: int) -> None:
    started = time.perf_counter()
    adjacency = networks.small_world(n, K, P_REWIRE, rng=3)
    network_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model = PolarisationModel(network=adjacency, rng=4, create_agents=False)
    model.step()  # compile outside the timed weeks
    setup = time.perf_counter() - started
    started = time.perf_counter()
    model.run(100)
    wall = time.perf_counter() - started
    v = np.random.default_rng(0).random(n)
    csr = adjacency.csr  # made when asked for: once, outside the timed products
    spmv, step = [], []
    for _ in range(7):  # interleaved pairs, medians
        t0 = time.perf_counter()
        csr @ v
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
