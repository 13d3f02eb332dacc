"""Benchmarks of the tutorials and the documentation site, as the tests run them.

* ``notebook_<name>``: seconds to execute one notebook of ``notebooks/`` from top to bottom in
  a fresh kernel (nbclient, its parameter cell as stored), in a scratch folder.
* ``notebooks_total``: the five together, one after another. Target: well under a minute.
* ``docs_site``: seconds for ``sphinx-build -W -b html docs`` into a scratch folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

__all__ = ["run"]

ROOT = Path(__file__).resolve().parents[1]


def _execute(path: Path, folder: Path) -> float:
    book = nbformat.read(path, as_version=4)
    client = NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    t0 = time.perf_counter()
    client.execute()
    return time.perf_counter() - t0


def run(quick: bool = False) -> Any:
    """Yield one record per notebook, one for all of them, and one for the site."""
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        total = 0.0
        for path in notebooks:
            seconds = _execute(path, folder)
            total += seconds
            yield {"benchmark": f"notebook_{path.stem}", "metric": "seconds", "polsim": seconds}
        yield {
            "benchmark": "notebooks_total",
            "metric": "seconds",
            "polsim": total,
            "notebooks": len(notebooks),
            "target_seconds": 60.0,
        }
        if quick:
            return
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-d",
             str(folder / "doctrees"), str(ROOT / "docs"), str(folder / "site")],
            check=True, cwd=ROOT,
        )  # fmt: skip
        yield {"benchmark": "docs_site", "metric": "seconds", "polsim": time.perf_counter() - t0}


if __name__ == "__main__":
    for record in run(quick="--quick" in sys.argv):
        print(json.dumps(record), flush=True)
