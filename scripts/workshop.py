"""Make the workshop's players: one no-install HTML player per exercise and language.

    python scripts/workshop.py [--out build/workshop] [--only NAME ...] [--n-agents 2000]
                               [--weeks 104] [--seed 2026]

(``make workshop`` runs it with the defaults.) The exercises are listed in
``polsim/data/workshop/exercises.yaml``; each player shows the exercise's two scenarios side by
side, the same city from the same seed, and writes ``<out>/<exercise>.en.html`` and
``<out>/<exercise>.nl.html`` (one recording, both languages; each player also switches
language itself). A line per exercise says what was written and how the two runs ended.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from polsim.outputs.animation import record_pair, write
from polsim.scenarios import Scenario, load, read_yaml
from polsim.text import LANGUAGES as LANGS
from polsim.validation import DEFAULT_SEED

FOLDER = Path(__file__).resolve().parents[1] / "polsim" / "data" / "workshop"
#: the exercises' city: larger than the model's default, for a fuller picture in the room
WORKSHOP_CITY = 2000


def exercises() -> list[dict[str, str]]:
    """The exercises of the manifest, in order."""
    return list(read_yaml(FOLDER / "exercises.yaml", "workshop manifest")["exercises"])


def scenario(name: str) -> Scenario:
    """A file of the workshop folder if there is one by that name, else a shipped scenario."""
    own = FOLDER / f"{name}.yaml"
    return load(own if own.is_file() else name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("build/workshop"))
    parser.add_argument("--only", nargs="*", metavar="NAME", help="these exercises only")
    parser.add_argument("--n-agents", type=int, default=WORKSHOP_CITY)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    chosen = exercises()
    if args.only:
        known = [e["name"] for e in chosen]
        unknown = [n for n in args.only if n not in known]
        if unknown:
            print(f"--only: unknown exercise {unknown[0]!r}; known: {', '.join(known)}",
                  file=sys.stderr)  # fmt: skip
            return 2
        chosen = [e for e in chosen if e["name"] in args.only]
    if not 50 <= args.n_agents <= 100_000 or not 1 <= args.weeks <= 520:
        print("--n-agents must be in [50, 100000] and --weeks in [1, 520]", file=sys.stderr)
        return 2
    try:
        pairs = [(e, scenario(e["scenario"]), scenario(e["versus"])) for e in chosen]
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for exercise, first, second in pairs:
        started = time.perf_counter()
        recordings = record_pair(first, second, weeks=args.weeks, n_agents=args.n_agents,
                                 seed=args.seed)  # fmt: skip
        written = [write(recordings, args.out / f"{exercise['name']}.{lang}.html", lang=lang)
                   for lang in LANGS]  # fmt: skip
        ends = "; ".join(
            f"{r.name}: silent middle {r.shares[-1][0]:.0%}, pushers {r.shares[-1][2]:.0%}, "
            f"highest phase {int(r.phase.max())}"
            for r in recordings
        )
        print(f"{exercise['name']}: {', '.join(map(str, written))} "
              f"({time.perf_counter() - started:.0f} s; {ends})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
