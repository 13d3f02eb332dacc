"""Benchmarks of the experimenting tools: single runs, kernel calls, a Sobol study, executors
side by side, two processes side by side, and the first run's compile time.

* ``run_n1000_week``: one week of a 1,000-person city (one thread, the default at that size)
  against the target of 0.5 ms; ``runs_per_second_n1000_200_weeks``: whole runs of 200 weeks,
  one after another on one core (the target for batched ensembles is 20).
* ``kernel_call_<graph>``: the fixed cost of a Deffuant call of one interaction on a
  10,000-node network passed as a prepared ``Adjacency``, a CSR matrix or a networkx graph,
  called again and again with the same graph (target 1 ms); ``first_call`` is the first call
  with a graph not seen before, which converts it. ``csr_fingerprint_10k_100k``: what
  recognising an unchanged CSR matrix of 10,000 nodes and 100,000 ties costs (the checksum
  ``prepare`` takes of its arrays; target well under 1 ms).
* ``sobol_2560x5``: a Sobol study with ``polsim.runs.sensitivity`` of the eight parameters of
  ``experiments/discovery_and_sobol.py`` (base sample size 256 without second order: 2,560
  points, 5 replicates each, 1,000 people, 78 weeks) in polsim's process executor with two
  workers, against the target of 10 minutes. Its indices (with intervals and their
  convergence over 2^k base samples) go to ``docs/figures/sobol_2560x5.json`` and its figure
  to ``docs/figures/sobol_convergence.png``. ``--quick``: base sample size 8, 2 replicates,
  nothing written.
* ``dask_sweep_200``: a 200-run sweep on a started Dask LocalCluster of two workers against
  serially, in the same process, alternately (target at least 1.7x faster), with the results
  compared exactly; ``dask_sweep_200_with_startup``: the same with the cluster's start-up
  and its workers' warm-up (importing polsim, loading the compiled kernels) counted, and a
  whole ``executor="dask"`` sweep that starts and closes its own cluster.
* ``two_processes``: two sweeps side by side on two cores against one alone (target at most
  1.3x slower each: no thread oversubscription).
* ``compile_first_run``: the first small comparison in a fresh process with an empty compile
  cache, and again with the cache filled (target for the later start: 3 s).

The timed parts that keep both cores busy first wait (up to a few minutes) until the 1-minute
load average is at most 1.5; ``load_avg`` holds it before and after, ``waited`` the wait.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from polsim import PolarisationModel, classic, networks

__all__ = ["run"]

FIGURES = Path(__file__).resolve().parents[1] / "docs" / "figures"

#: the eight parameters of experiments/discovery_and_sobol.py: the national debates, the
#: amplification of media and networks, resilience and joining in
SOBOL_NAMES = [
    "shock_rate", "shock_strength", "media_amplification", "online_amplification",
    "offline_amplification", "incident_hazard", "resilience_mean", "commitment_gain",
]  # fmt: skip


def _record(name: str, metric: str, value: float, baseline: float, baseline_name: str,
            ratio: float, **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"benchmark": name, "metric": metric, "polsim": value, "baseline": baseline,
            "baseline_name": baseline_name, "ratio": ratio, **extra}  # fmt: skip


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _quiet(quick: bool, patience: float = 600.0, limit: float = 1.5) -> dict[str, Any]:
    """Wait until the 1-minute load average is at most ``limit`` (other work on the shared
    cores, or this module's previous benchmark), at most ``patience`` seconds."""
    waited = 0.0
    while not quick and _load() > limit and waited < patience:
        time.sleep(10)
        waited += 10
    return {"load_before": _load(), "waited": waited}


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


def _dask_script(runs: int, repeats: int) -> str:
    """Serially and on a started LocalCluster of two workers, alternately, in one process;
    the cluster's start-up and warm-up apart; then a sweep that starts its own cluster."""
    return (
        "import json, time\n"
        "from polsim.runs.executors import DaskExecutor\n"
        "from polsim.runs.sweep import grid, sweep\n"
        "if __name__ == '__main__':\n"
        f"    step = 0.25 / {runs - 1}\n"
        f"    points = grid(media_amplification=[0.05 + step * k for k in range({runs})])\n"
        "    run = dict(replicates=1, weeks=78, n_agents=1000)\n"
        "    t0 = time.perf_counter()\n"
        "    sweep(points.iloc[:1], replicates=1, weeks=1, n_agents=100)\n"
        "    out = {'serial_warm_up': time.perf_counter() - t0, 'serial': [], 'dask': [],\n"
        "           'identical': True}\n"
        "    with DaskExecutor(workers=2) as dask:\n"
        "        out.update(dask.started)\n"
        f"        for _ in range({repeats}):\n"
        "            t0 = time.perf_counter()\n"
        "            alone = sweep(points, executor='serial', **run)\n"
        "            out['serial'].append(time.perf_counter() - t0)\n"
        "            t0 = time.perf_counter()\n"
        "            spread = sweep(points, executor=dask, **run)\n"
        "            out['dask'].append(time.perf_counter() - t0)\n"
        "            out['identical'] &= bool(alone.runs.equals(spread.runs))\n"
        "    t0 = time.perf_counter()\n"
        "    whole = sweep(points, executor='dask', workers=2, **run)\n"
        "    out['end_to_end'] = time.perf_counter() - t0\n"
        "    out['identical'] &= bool(alone.runs.equals(whole.runs))\n"
        "    print(json.dumps(out))\n"
    )  # fmt: skip


def _python(code: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, **(env or {})})  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median_seconds(fn: Any, repeats: int = 7) -> float:
    costs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        costs.append(time.perf_counter() - t0)
    return statistics.median(costs)


def _kernel_calls() -> Any:
    """A Deffuant call of one interaction on 10,000 nodes, by the form of its graph."""
    graph = networks.watts_strogatz(10_000, 10, 0.1, rng=1)
    forms = {"adjacency": networks.prepare(graph), "csr": networks.to_csr(graph),
             "networkx": graph}  # fmt: skip
    x = np.random.default_rng(0).random(10_000)

    def call(graph: Any) -> None:
        classic.deffuant(x, eps=0.2, mu=0.5, graph=graph, rng=1, interactions=1)

    for name, form in forms.items():
        fresh = [form.copy() if name != "adjacency" else form for _ in range(5)]
        first = _median_seconds(lambda todo=fresh: call(todo.pop()), 5)
        cost = _median_seconds(lambda graph=form: call(graph))
        yield _record(f"kernel_call_{name}", "seconds", cost, 1e-3, "target", cost / 1e-3,
                      first_call=first, load_avg=_load())  # fmt: skip
    big = networks.to_csr(networks.watts_strogatz(10_000, 20, 0.1, rng=1))
    check = _median_seconds(lambda: networks._fingerprint(big), 21)
    megabytes = (big.indptr.nbytes + big.indices.nbytes + big.data.nbytes) / 1e6
    yield _record("csr_fingerprint_10k_100k", "seconds", check, 1e-3, "target", check / 1e-3,
                  ties=int(big.nnz // 2), megabytes=round(megabytes, 2),
                  load_avg=_load())  # fmt: skip


def _sobol(quick: bool) -> dict[str, Any]:
    """The Sobol study, timed; its indices and figure kept (not under ``--quick``)."""
    from polsim.outputs.figures import sensitivity_figure
    from polsim.runs import sensitivity
    from polsim.runs.executors import ProcessExecutor

    n, replicates = (8, 2) if quick else (256, 5)
    quiet = _quiet(quick)
    t0 = time.perf_counter()
    result = sensitivity.sobol(SOBOL_NAMES, n=n, replicates=replicates, weeks=78,
                               n_agents=1000, executor=ProcessExecutor(2))  # fmt: skip
    seconds = time.perf_counter() - t0
    assert result.sweep is not None
    points, runs = len(result.sweep.points), len(result.sweep.runs)
    load = [quiet["load_before"], _load()]
    if not quick:
        record = {
            "study": "Sobol indices of the silent middle after 78 weeks", "names": SOBOL_NAMES,
            "outcome": result.outcome, "n": n, "points": points, "replicates": replicates,
            "runs": runs, "n_agents": 1000, "weeks": 78, "seed": 2026,
            "executor": "processes, 2 workers", "seconds": seconds,
            "runs_per_second": runs / seconds, "load_avg": load, "waited": quiet["waited"],
            "seeds_share": result.seeds_share, "notes": list(result.notes),
            "indices": result.indices.to_dict("records"),
            "convergence": result.convergence.to_dict("records"),
        }  # fmt: skip
        FIGURES.mkdir(parents=True, exist_ok=True)
        (FIGURES / f"sobol_{points}x{replicates}.json").write_text(
            json.dumps(record, indent=1) + "\n", encoding="utf-8"
        )
        sensitivity_figure(result, "en").savefig(FIGURES / "sobol_convergence.png", dpi=110)
    return _record(f"sobol_{points}x{replicates}", "seconds", seconds, 600.0, "target",
                   seconds / 600.0, runs=runs, runs_per_second=runs / seconds, points=points,
                   replicates=replicates, workers=2, load_avg=load,
                   waited=quiet["waited"])  # fmt: skip


def run(quick: bool = False) -> Any:
    """Yield one record per benchmark."""
    # single runs
    quiet = _quiet(quick)
    model = PolarisationModel(n_agents=1000, rng=1, create_agents=False)
    model.run(5)
    weeks = []
    for _ in range(7):
        t0 = time.perf_counter()
        model.run(20)
        weeks.append((time.perf_counter() - t0) / 20)
    week = statistics.median(weeks)
    yield _record("run_n1000_week", "seconds_per_week", week, 5e-4, "target", week / 5e-4,
                  threads=model.threads, load_avg=[quiet["load_before"], _load()])  # fmt: skip
    count = 5 if quick else 20
    t0 = time.perf_counter()
    for seed in range(count):
        PolarisationModel(n_agents=1000, rng=seed, create_agents=False).run(200)
    rate = count / (time.perf_counter() - t0)
    yield _record("runs_per_second_n1000_200_weeks", "runs_per_second_per_core", rate, 20.0,
                  "target (batched)", rate / 20.0, runs=count,
                  load_avg=[quiet["load_before"], _load()])  # fmt: skip

    # kernel calls, and recognising a graph already converted
    yield from _kernel_calls()

    # a Sobol study of 12,800 runs in two worker processes
    yield _sobol(quick)

    # executors side by side: serial against a started Dask LocalCluster of two workers
    runs = 40 if quick else 200
    quiet = _quiet(quick)
    got = _python(_dask_script(runs, 1 if quick else 3), {"OMP_WAIT_POLICY": "PASSIVE"})
    load = [quiet["load_before"], _load()]
    serial, dask = statistics.median(got["serial"]), statistics.median(got["dask"])
    startup = got["cluster"] + got["warm_up"]
    common = {"cluster_start": got["cluster"], "worker_warm_up": got["warm_up"],
              "serial_warm_up": got["serial_warm_up"], "serial_runs": got["serial"],
              "dask_runs": got["dask"], "target_speedup": 1.7, "identical": got["identical"],
              "load_avg": load, "waited": quiet["waited"]}  # fmt: skip
    yield _record(f"dask_sweep_{runs}", "seconds", dask, serial, "serial", serial / dask,
                  **common)  # fmt: skip
    yield _record(f"dask_sweep_{runs}_with_startup", "seconds", startup + dask, serial,
                  "serial", serial / (startup + dask), end_to_end=got["end_to_end"],
                  end_to_end_speedup=serial / got["end_to_end"], **common)  # fmt: skip

    # two processes side by side on two cores, each as one would run alone
    script = _sweep_script("serial", 20 if quick else 60)
    quiet = _quiet(quick)
    alone = _python(script)["seconds"]
    both = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]  # fmt: skip
    side = [json.loads(p.communicate()[0].strip().splitlines()[-1])["seconds"] for p in both]
    slower = max(side) / alone
    yield _record("two_processes", "seconds", max(side), alone, "one alone", slower,
                  target_ratio=1.3, load_avg=[quiet["load_before"], _load()])  # fmt: skip

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
