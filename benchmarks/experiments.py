"""Benchmarks of the experimenting tools: single runs, kernel calls, executors side by side,
two processes side by side, and the first run's compile time.

* ``run_n1000_week``: one week of a 1,000-person city (one thread, the default at that size)
  against the target of 0.5 ms; ``runs_per_second_n1000_200_weeks``: whole runs of 200 weeks,
  one after another on one core (the target for batched ensembles is 20).
* ``kernel_call_<graph>``: the fixed cost of a Deffuant call of one interaction on a
  10,000-node network passed as a prepared ``Adjacency``, a CSR matrix or a networkx graph
  (target 1 ms: prepare the graph once).
* ``dask_sweep_200``: a 200-run sweep on a Dask LocalCluster of two workers against serially,
  in the same run (target at least 1.7x faster), with the results compared exactly.
* ``two_processes``: two sweeps side by side on two cores against one alone (target at most
  1.3x slower each: no thread oversubscription).
* ``compile_first_run``: the first small comparison in a fresh process with an empty compile
  cache, and again with the cache filled (target for the later start: 3 s).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import numpy as np

from polsim import PolarisationModel, classic, networks

__all__ = ["run"]


def _record(name: str, metric: str, value: float, baseline: float, baseline_name: str,
            ratio: float, **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"benchmark": name, "metric": metric, "polsim": value, "baseline": baseline,
            "baseline_name": baseline_name, "ratio": ratio, **extra}  # fmt: skip


def _sweep_script(executor: str, runs: int) -> str:
    return (
        "import json, time\n"
        "from polsim.runs.sweep import sweep, grid\n"
        "from polsim.runs.executors import make_executor\n"
        "if __name__ == '__main__':\n"
        f"    step = 0.25 / {runs - 1}\n"
        f"    points = grid(media_amplification=[0.05 + step * k for k in range({runs})])\n"
        "    t0 = time.perf_counter()\n"
        f"    runner = make_executor('{executor}', 2)\n"
        "    result = sweep(points, replicates=1, weeks=78, n_agents=1000, executor=runner)\n"
        "    print(json.dumps({'seconds': time.perf_counter() - t0,\n"
        "                      'silent': result.runs.final_silent.round(12).tolist()}))\n"
    )  # fmt: skip


def _python(code: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, **(env or {})})  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> Any:
    """Yield one record per benchmark."""
    # single runs
    model = PolarisationModel(n_agents=1000, rng=1, create_agents=False)
    model.run(5)
    weeks = []
    for _ in range(7):
        t0 = time.perf_counter()
        model.run(20)
        weeks.append((time.perf_counter() - t0) / 20)
    week = statistics.median(weeks)
    yield _record("run_n1000_week", "seconds_per_week", week, 5e-4, "target", week / 5e-4,
                  threads=model.threads)  # fmt: skip
    count = 5 if quick else 20
    t0 = time.perf_counter()
    for seed in range(count):
        PolarisationModel(n_agents=1000, rng=seed, create_agents=False).run(200)
    rate = count / (time.perf_counter() - t0)
    yield _record("runs_per_second_n1000_200_weeks", "runs_per_second_per_core", rate, 20.0,
                  "target (batched)", rate / 20.0, runs=count)  # fmt: skip

    # kernel calls
    graph = networks.watts_strogatz(10_000, 10, 0.1, rng=1)
    forms = {"adjacency": networks.prepare(graph), "csr": networks.to_csr(graph), "networkx": graph}
    x = np.random.default_rng(0).random(10_000)
    for name, form in forms.items():
        classic.deffuant(x, eps=0.2, mu=0.5, graph=form, rng=1, interactions=1)
        costs = []
        for _ in range(7):
            t0 = time.perf_counter()
            classic.deffuant(x, eps=0.2, mu=0.5, graph=form, rng=1, interactions=1)
            costs.append(time.perf_counter() - t0)
        cost = statistics.median(costs)
        yield _record(f"kernel_call_{name}", "seconds", cost, 1e-3, "target", cost / 1e-3)

    # executors side by side: serial against a Dask LocalCluster of two workers
    runs = 40 if quick else 200
    serial = _python(_sweep_script("serial", runs), {"OMP_WAIT_POLICY": "PASSIVE"})
    dask = _python(_sweep_script("dask", runs), {"OMP_WAIT_POLICY": "PASSIVE"})
    speedup = serial["seconds"] / dask["seconds"]
    same = serial["silent"] == dask["silent"]
    yield _record(f"dask_sweep_{runs}", "seconds", dask["seconds"], serial["seconds"], "serial",
                  speedup, target_speedup=1.7, identical=same)  # fmt: skip

    # two processes side by side on two cores, each as one would run alone
    script = _sweep_script("serial", 20 if quick else 60)
    alone = _python(script)["seconds"]
    both = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]  # fmt: skip
    side = [json.loads(p.communicate()[0].strip().splitlines()[-1])["seconds"] for p in both]
    slower = max(side) / alone
    yield _record("two_processes", "seconds", max(side), alone, "one alone", slower,
                  target_ratio=1.3)  # fmt: skip

    # compile time: a fresh cache, then the filled one
    first = (
        "import json, time\nt0 = time.perf_counter()\nimport polsim\n"
        "polsim.compare(['baseline', 'key_figures'], replicates=2, weeks=3, n_agents=200)\n"
        "print(json.dumps({'seconds': time.perf_counter() - t0}))\n"
    )
    with tempfile.TemporaryDirectory() as cache:
        cold = _python(first, {"NUMBA_CACHE_DIR": cache})["seconds"]
        warm = _python(first, {"NUMBA_CACHE_DIR": cache})["seconds"]
    yield _record("compile_first_run", "seconds", cold, warm, "cache filled", cold / warm,
                  later_start_target=3.0)  # fmt: skip


if __name__ == "__main__":
    for record in run(quick="--quick" in sys.argv):
        print(json.dumps(record), flush=True)
