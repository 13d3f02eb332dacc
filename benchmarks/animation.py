"""Benchmarks of animated runs (issue 11's performance targets).

* ``animation_gif``: a GIF of 200 weeks of a 2,000-person baseline (1,500 people shown), from
  building the city to the file: the recording and the frames timed apart. Target 60 s.
* ``player_size``: the HTML player of a 2,000-person, 104-week run, one scenario and two side
  by side. Target 5 MB.
* ``player_fps``: that player (two scenarios) in headless Chromium: weeks shown per second
  while playing at the fastest speed (30 a second asked), and the frames it can draw one
  after another (both canvases each frame). Target 10 frames a second. Skipped (with a
  record saying why) when the machine has no Chromium.

``python -m benchmarks.animation`` prints the records and writes them to
``docs/figures/benchmark_animation.jsonl``.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from polsim.outputs.animation import MAX_SHOWN, record_pair, write

__all__ = ["run"]

OUT = Path(__file__).resolve().parents[1] / "docs" / "figures" / "benchmark_animation.jsonl"
N = 2000
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _fps(player: Path) -> dict[str, Any]:
    executable = _chromium()
    if executable is None:
        return {"skipped": "no chromium executable on this machine"}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        t0 = time.perf_counter()
        page.goto(player.resolve().as_uri())
        page.wait_for_function("window.polsimPlayer !== undefined")
        loaded = time.perf_counter() - t0
        page.select_option("#speed", "30")
        page.evaluate("polsimPlayer.seek(0)")
        drawn0 = page.evaluate("polsimPlayer.framesDrawn")
        page.click("#play")
        t0 = time.perf_counter()
        page.wait_for_timeout(3000)
        week = page.evaluate("polsimPlayer.week")
        drawn = page.evaluate("polsimPlayer.framesDrawn") - drawn0
        seconds = time.perf_counter() - t0
        page.click("#play")
        capacity = page.evaluate("polsimPlayer.bench(100)")
        browser.close()
    return {"playing_fps": drawn / seconds, "weeks_advanced": week, "drawing_capacity_fps":
            capacity, "load_seconds": loaded}  # fmt: skip


def run(quick: bool = False) -> Any:
    """Yield one record per measure."""
    weeks = 20 if quick else 200
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        (recording,) = record_pair("baseline", weeks=weeks, n_agents=N, seed=2026)
        recorded = time.perf_counter() - t0
        t1 = time.perf_counter()
        gif = write([recording], Path(folder) / "run.gif")
        rendered = time.perf_counter() - t1
        yield {
            "benchmark": "animation_gif",
            "metric": "seconds",
            "polsim": recorded + rendered,
            "record_seconds": recorded,
            "render_seconds": rendered,
            "frames": weeks + 1,
            "people": N,
            "shown": MAX_SHOWN,
            "bytes": gif.stat().st_size,
            "target_seconds": 60.0,
        }
        weeks = 20 if quick else 104
        pair = record_pair("baseline", "key_figures", weeks=weeks, n_agents=N, seed=2026)
        one = write(pair[:1], Path(folder) / "one.html")
        two = write(pair, Path(folder) / "two.html")
        for name, path in (("one_scenario", one), ("two_scenarios", two)):
            yield {
                "benchmark": f"player_size_{name}",
                "metric": "megabytes",
                "polsim": path.stat().st_size / 1e6,
                "weeks": weeks,
                "people": N,
                "shown": MAX_SHOWN,
                "target_megabytes": 5.0,
            }
        measured = _fps(two)
        yield {
            "benchmark": "player_fps_two_scenarios",
            "metric": "frames_per_second",
            "polsim": measured.get("playing_fps"),
            **measured,
            "weeks": weeks,
            "shown": MAX_SHOWN,
            "target_fps": 10.0,
        }


if __name__ == "__main__":
    records = [json.dumps(r) for r in run(quick="--quick" in sys.argv)]
    print("\n".join(records), flush=True)
    if "--quick" not in sys.argv:
        OUT.write_text("\n".join(records) + "\n", encoding="utf-8")
