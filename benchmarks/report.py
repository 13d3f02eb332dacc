"""Benchmark of the council report: how long writing it takes and how large the file is.

* ``report_<lang>``: :func:`polsim.outputs.report.write_report` for the scenarios of
  ``make demo`` (twelve; three in a quick run) over 104 weeks, in English and in Dutch: the
  seconds to draw every figure and write the page and the data (the median of three; one in a
  quick run), and the size of the self-contained page. The comparison itself is run once
  beforehand and not timed (it does not change what the report costs: the report's work grows
  with the scenarios and the weeks, not with the residents or the replicates).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from polsim import compare
from polsim.outputs.report import report_figures, write_report

__all__ = ["run"]

DEMO = ["baseline", "resilient_middle", "change_topic", "bridge_builders",
        "bridge_builders_middle", "key_figures", "media_restraint", "online_measures",
        "signalling", "combination", "peace_time", "reactive"]  # fmt: skip
WEEKS = 104


def run(quick: bool = False) -> Any:
    """Yield one record per language."""
    scenarios = DEMO[:3] if quick else DEMO
    result = compare(scenarios, replicates=3, weeks=WEEKS, n_agents=300, seed=1)
    for lang in ("en", "nl"):
        seconds, size = [], 0
        for _ in range(1 if quick else 3):
            with tempfile.TemporaryDirectory() as folder:
                t0 = time.perf_counter()
                page = write_report(result, Path(folder) / "report", lang=lang)
                seconds.append(time.perf_counter() - t0)
                size = page.stat().st_size
        yield {
            "benchmark": f"report_{lang}",
            "metric": "seconds",
            "polsim": statistics.median(seconds),
            "scenarios": len(scenarios),
            "weeks": WEEKS,
            "figures": len(report_figures(result, lang)),
            "page_bytes": size,
            "range": [min(seconds), max(seconds)],
        }


if __name__ == "__main__":
    for record in run(quick="--quick" in sys.argv):
        print(json.dumps(record), flush=True)
