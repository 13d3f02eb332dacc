"""Benchmarks of ensembles: many small runs as one array program against one by one.

* ``ensemble_n<N>``: whole runs of 200 weeks of cities of N people, on one core (one thread):
  an :class:`~polsim.model.ensemble.Ensemble` of as many cities as
  :func:`polsim.runs.batches.batches` puts together, against the same cities run one after
  another, side by side in the same process (alternating, the median of three rounds each).
  The runs are checked equal before they are timed. Target: 20 runs a second per core at
  N = 1,000.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

import numba
import pandas as pd

from polsim import PolarisationModel
from polsim.model.ensemble import Ensemble
from polsim.runs.batches import ENSEMBLE_BELOW, LARGEST_ENSEMBLE

__all__ = ["run"]

WEEKS = 200


def _one_by_one(seeds: range, n: int, weeks: int) -> list[PolarisationModel]:
    models = []
    for seed in seeds:
        model = PolarisationModel(n_agents=n, rng=seed, create_agents=False, threads=1)
        model.run(weeks)
        models.append(model)
    return models


def _together(seeds: range, n: int, weeks: int) -> list[PolarisationModel]:
    ensemble = Ensemble.of(seeds, n_agents=n, threads=1)
    ensemble.run(weeks)
    return ensemble.models


def run(quick: bool = False) -> Any:
    """Yield one record per city size."""
    numba.set_num_threads(1)
    weeks = 20 if quick else WEEKS
    for n in (500, 1000, 2000):
        size = LARGEST_ENSEMBLE if n < ENSEMBLE_BELOW else 8
        seeds = range(size)
        # equal before timed (and everything compiled)
        for a, b in zip(_one_by_one(seeds, n, 5), _together(seeds, n, 5), strict=True):
            pd.testing.assert_frame_equal(a.metrics, b.metrics, check_exact=True)
        alone, together = [], []
        for _ in range(1 if quick else 3):
            t0 = time.perf_counter()
            _one_by_one(seeds, n, weeks)
            alone.append(size / (time.perf_counter() - t0))
            t0 = time.perf_counter()
            _together(seeds, n, weeks)
            together.append(size / (time.perf_counter() - t0))
        rate, baseline = statistics.median(together), statistics.median(alone)
        yield {
            "benchmark": f"ensemble_n{n}",
            "metric": "runs_per_second_per_core",
            "polsim": rate,
            "baseline": baseline,
            "baseline_name": "one by one",
            "ratio": rate / baseline,
            "cities": size,
            "weeks": weeks,
            "target_runs_per_second": 20.0 if n == 1000 else None,
            "range": [min(together), max(together)],
            "baseline_range": [min(alone), max(alone)],
        }


if __name__ == "__main__":
    for record in run(quick="--quick" in sys.argv):
        print(json.dumps(record), flush=True)
