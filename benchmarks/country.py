"""A whole country: the Netherlands' 17.9 million people on one machine.

The city of ``PolarisationModel`` at the size of the country: N = 17,900,000 people on the
default small world (mean degree 10, the registry's rewiring), 100 weeks. Targets: at most
15 minutes (900 s) for the network, the set-up and the 100 weeks together, and at most 16 GB
(10^9 bytes) peak resident memory for the whole process, Python included.

Records:

* ``country_build``: wall time of building the network (``default_network``, vectorised,
  no networkx) against the 900 s target; ``build_peak_rss_gb`` is the process's peak resident
  memory when the network is built (before anything else of the model exists), ``import_rss_gb``
  the memory of the process with polsim imported;
* ``country_100_weeks``: wall time of the 100 weeks (``model.step()`` 100 times) against
  900 s, with the first week (page faults of the weekly buffers, compiled kernels loaded), the
  median, the shortest and the longest (other work on the cores shows as long weeks);
  ``setup_seconds`` is the model's construction on the built network (starting state, media,
  online follows, week-0 measures);
* ``country_total``: network, set-up and 100 weeks together against 900 s;
* ``country_peak_memory``: the whole process's peak resident memory (``VmHWM``; the same as
  ``ru_maxrss``) against 16 GB; ``bytes_per_person`` is that peak less the imported process,
  per person.

The city runs in a fresh child process, so that the peak is its own. Before it starts, the
memory it is projected to need (:data:`PROJECTED_BYTES_PER_PERSON`) is compared with the
memory available; a run that would not fit is not started (the records say so). Each record
names the threads, numba's threading layer, ``OMP_WAIT_POLICY`` and the 1-minute load average
before and after, because other work on the cores slows the parallel kernels down
(docs/performance.md). ``--quick`` runs N = 100,000.
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

from polsim.runs.limits import available_memory

N_COUNTRY = 17_900_000
N_QUICK = 100_000
WEEKS = 100
SEED = 2026
TARGET_SECONDS = 900.0
TARGET_GB = 16.0
#: Peak bytes per person measured at N = 1,000,000 and 4,000,000 (about 510, the week-0
#: measures' pass over the sparse matrix included), with a margin: the projection a run must
#: fit in the memory available before it is started.
PROJECTED_BYTES_PER_PERSON = 600
#: The process itself: Python with numpy, numba, scipy, pandas and Mesa, and compiled kernels.
PROJECTED_BYTES_FIXED = 400 * 10**6

__all__ = ["run"]


def _status(field: str) -> int:
    """A ``kB`` entry of ``/proc/self/status`` in bytes (``VmRSS``, ``VmHWM``), or -1."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return -1


def _peak() -> int:
    """Peak resident bytes of this process so far (VmHWM, else ru_maxrss)."""
    peak = _status("VmHWM")
    if peak < 0:  # not Linux: ru_maxrss (kilobytes on Linux, bytes on macOS)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
    return peak


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _country(n: int, weeks: int) -> dict[str, Any]:
    """The country in this process: build, set up, run; what each took."""
    import numba
    import numpy as np

    from polsim import PolarisationModel
    from polsim.model import registry
    from polsim.model.polarisation import default_network

    params = registry.resolve({"n_agents": n})
    imported = _status("VmRSS")
    started = time.perf_counter()
    adjacency = default_network(
        n, int(params["network_degree"]), float(params["network_rewiring"]),
        np.random.default_rng(SEED),
    )  # fmt: skip
    build = time.perf_counter() - started
    build_peak = _peak()  # nothing but the network has been made so far
    started = time.perf_counter()
    model = PolarisationModel(network=adjacency, rng=SEED + 1, create_agents=False)
    setup = time.perf_counter() - started
    each = []
    started = time.perf_counter()
    for _ in range(weeks):  # model.run(weeks), each week timed
        week_started = time.perf_counter()
        model.step()
        each.append(time.perf_counter() - week_started)
    wall = time.perf_counter() - started
    try:
        layer = str(numba.threading_layer())
    except ValueError:
        layer = None
    return {
        "n": n, "weeks": weeks, "mean_degree": float(adjacency.indices.size / n),
        "build_seconds": build, "setup_seconds": setup, "weeks_seconds": wall,
        "import_rss": imported, "build_peak_rss": build_peak, "peak_rss": _peak(),
        "first_week": each[0], "week_median": statistics.median(each), "week_min": min(each),
        "week_max": max(each),
        "threads": model.threads, "threading_layer": layer,
        "final_silent": float(model.metrics["silent"].iloc[-1]),
    }  # fmt: skip


def _record(name: str, metric: str, value: float | None, baseline: float, baseline_name: str,
            **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"benchmark": name, "metric": metric, "polsim": value, "baseline": baseline,
            "baseline_name": baseline_name,
            "ratio": None if value is None else value / baseline, **extra}  # fmt: skip


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    """Yield the records of one country (``quick``: N = 100,000)."""
    n = N_QUICK if quick else N_COUNTRY
    projected = PROJECTED_BYTES_FIXED + PROJECTED_BYTES_PER_PERSON * n
    available = available_memory()
    common: dict[str, Any] = {"n": n, "weeks": WEEKS,
                              "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY")}  # fmt: skip
    if available < projected:
        note = (f"not started: projected {projected / 1e9:.1f} GB, "
                f"available {available / 1e9:.1f} GB")  # fmt: skip
        targets = (("country_total", "wall_seconds", TARGET_SECONDS),
                   ("country_peak_memory", "peak_rss_gb", TARGET_GB))  # fmt: skip
        for name, metric, target in targets:
            yield _record(name, metric, None, target, "target", skipped=note, **common)
        return
    load_before = _load()
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.country", "--child", str(n), str(WEEKS)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    r = json.loads(child.stdout.strip().splitlines()[-1])
    common.update(mean_degree=r["mean_degree"], threads=r["threads"],
                  threading_layer=r["threading_layer"], load_avg=[load_before, _load()],
                  projected_gb=projected / 1e9, available_gb=available / 1e9)  # fmt: skip
    gb = 1e9
    total = r["build_seconds"] + r["setup_seconds"] + r["weeks_seconds"]
    yield _record("country_build", "wall_seconds", r["build_seconds"], TARGET_SECONDS, "target",
                  build_peak_rss_gb=r["build_peak_rss"] / gb, import_rss_gb=r["import_rss"] / gb,
                  **common)  # fmt: skip
    yield _record("country_100_weeks", "wall_seconds", r["weeks_seconds"], TARGET_SECONDS,
                  "target", setup_seconds=r["setup_seconds"], first_week=r["first_week"],
                  week_median=r["week_median"], week_min=r["week_min"], week_max=r["week_max"],
                  **common)  # fmt: skip
    yield _record("country_total", "wall_seconds", total, TARGET_SECONDS, "target",
                  build_seconds=r["build_seconds"], setup_seconds=r["setup_seconds"],
                  weeks_seconds=r["weeks_seconds"], final_silent=r["final_silent"],
                  **common)  # fmt: skip
    yield _record("country_peak_memory", "peak_rss_gb", r["peak_rss"] / gb, TARGET_GB, "target",
                  peak_rss_bytes=r["peak_rss"], build_peak_rss_gb=r["build_peak_rss"] / gb,
                  bytes_per_person=(r["peak_rss"] - r["import_rss"]) / n, **common)  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(_country(int(sys.argv[2]), int(sys.argv[3]))), flush=True)
    else:
        for record in run(quick="--quick" in sys.argv):
            print(json.dumps(record), flush=True)
