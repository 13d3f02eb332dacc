"""The ``polsim`` command line.

Errors in what the user typed end in one line on stderr and exit status 2, with nothing
written. Subcommands grow with the library; see ``polsim --help``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from polsim import __version__

__all__ = ["fresh_directory", "main"]


def fresh_directory(parent: Path, stem: str) -> Path:
    """Create and return a new directory ``parent/stem-YYYYmmdd-HHMMSS[-k]``; never reuses one."""
    parent.mkdir(parents=True, exist_ok=True)
    base = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    for k in range(1000):
        path = parent / (base if k == 0 else f"{base}-{k}")
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise RuntimeError(f"could not create a fresh directory under {parent}")


def _demo(args: argparse.Namespace) -> int:
    from polsim.model import PolarisationModel
    from polsim.plots import classic_gallery, polarisation_overview

    started = time.perf_counter()
    classic = classic_gallery(rng=args.seed, n=args.agents)
    city = PolarisationModel(n_agents=max(args.agents, 200), rng=args.seed, create_agents=False)
    city.run(104)
    overview = polarisation_overview(
        city.metrics, title=f"Brandsma model, {city.n} people, two years (seed {args.seed})"
    )
    out = fresh_directory(Path(args.out), "demo")
    written = []
    for fig, name in ((classic, "classic_models.png"), (overview, "brandsma_baseline.png")):
        target = out / name
        tmp = target.with_suffix(".tmp.png")
        fig.savefig(tmp, dpi=110)
        tmp.replace(target)
        written.append(target)
    city.metrics.to_csv(out / "brandsma_baseline.csv", index=False)
    print(f"polsim demo ({time.perf_counter() - started:.1f} s)")
    for target in written:
        print(f"figure written to {target.resolve()}")
    print(f"weekly measures written to {(out / 'brandsma_baseline.csv').resolve()}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polsim",
        description=(
            "polsim simulates how polarisation grows and calms in a city: opinion dynamics, "
            "Brandsma's roles and policy interventions."
        ),
    )
    parser.add_argument("--version", action="version", version=f"polsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser(
        "demo",
        help="run the classic models and the Brandsma model and write figures",
        description="Run the classic models (Deffuant, Hegselmann-Krause, Jager-Amblard, "
        "Baumann et al.) at their published parameters and two years of the Brandsma model, "
        "and write figures and the weekly measures.",
    )
    demo.add_argument("--out", default="polsim-output", help="parent folder (default: %(default)s)")
    demo.add_argument("--seed", type=_seed, default=2026, help="random seed (default: %(default)s)")
    demo.add_argument("--agents", type=_agents, default=500, help="agents (default: %(default)s)")
    demo.set_defaults(func=_demo)
    return parser


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {value}")
    return value


def _agents(text: str) -> int:
    value = _seed(text)
    if not 10 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"must be an integer in [10, 100000], got {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``polsim`` command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except ValueError as exc:
        print(f"polsim: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
