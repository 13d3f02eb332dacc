"""Benchmark of the live dashboard (issue 11's performance target).

* ``dashboard_step``: one dashboard step of a 2,000-person city: the model's week plus
  redrawing the network view (1,000 people shown in the layout computed once) and the plots of
  role shares and the KIS phase, as PNGs, as the page does after every step (Solara's sending
  them to the browser is not included). The median over 30 weeks after 5 weeks of warm-up, with
  the slowest; the one-off layout at the start is recorded apart. Target 200 ms.

``python -m benchmarks.dashboard`` prints the record and writes it to
``docs/figures/benchmark_dashboard.jsonl``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from polsim.outputs.dashboard import SHOWN, NetworkView, PlotsView, make_model

__all__ = ["run"]

OUT = Path(__file__).resolve().parents[1] / "docs" / "figures" / "benchmark_dashboard.jsonl"
N = 2000


def run(quick: bool = False) -> Any:
    """Yield one record."""
    weeks = 5 if quick else 30
    model = make_model(N)
    t0 = time.perf_counter()
    network = NetworkView(model)
    layout_seconds = time.perf_counter() - t0
    plots = PlotsView(model, "en")
    model_ms, draw_ms, total_ms = [], [], []
    for week in range(5 + weeks):
        t0 = time.perf_counter()
        model.step()
        t1 = time.perf_counter()
        network.png("en")
        plots.png()
        t2 = time.perf_counter()
        if week >= 5:
            model_ms.append(1000 * (t1 - t0))
            draw_ms.append(1000 * (t2 - t1))
            total_ms.append(1000 * (t2 - t0))
    yield {
        "benchmark": "dashboard_step",
        "metric": "milliseconds",
        "polsim": statistics.median(total_ms),
        "slowest_ms": max(total_ms),
        "model_step_ms": statistics.median(model_ms),
        "redraw_ms": statistics.median(draw_ms),
        "layout_seconds": layout_seconds,
        "people": N,
        "shown": SHOWN,
        "weeks": weeks,
        "target_ms": 200.0,
    }


if __name__ == "__main__":
    records = [json.dumps(r) for r in run(quick="--quick" in sys.argv)]
    print("\n".join(records), flush=True)
    if "--quick" not in sys.argv:
        OUT.write_text("\n".join(records) + "\n", encoding="utf-8")
