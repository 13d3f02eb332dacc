"""Run every benchmark and print one JSON object per line.

Usage (from the project root): ``python -m benchmarks [--quick] [--only NAME ...]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys

import numpy as np

SUITES = [
    "benchmarks.classic",
    "benchmarks.brandsma",
    "benchmarks.core",
    "benchmarks.experiments",
    "benchmarks.ensembles",
    "benchmarks.country",
    "benchmarks.animation",
    "benchmarks.dashboard",
    "benchmarks.docs",
    "benchmarks.report",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps (a smoke run)")
    parser.add_argument("--only", nargs="*", help="module names to run (default: all)")
    args = parser.parse_args(argv)
    env = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
    }
    for name in SUITES:
        if args.only and name.rsplit(".", 1)[-1] not in args.only and name not in args.only:
            continue
        module = importlib.import_module(name)
        for record in module.run(quick=args.quick):
            print(json.dumps({**record, **env}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
