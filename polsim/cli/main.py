"""The ``polsim`` command line.

Errors in what the user typed end in one line on stderr and exit status 2, before any work
and with nothing written. Faults while running (a full disk, a worker that dies twice, a bug)
end in one line and exit status 1, an interrupt in 130 (SIGTERM: 143); the output folder then
stays marked INCOMPLETE with every finished run in it. See ``polsim --help``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from polsim import __version__
from polsim.text import duration, t

__all__ = ["Terminated", "main"]


def _demo(args: argparse.Namespace) -> int:
    from polsim.model import PolarisationModel
    from polsim.outputs.animation import record, write
    from polsim.outputs.figures import classic_gallery, polarisation_overview
    from polsim.text import LANGUAGES

    lang = args.lang
    started = time.perf_counter()
    classic = classic_gallery(rng=args.seed, n=args.agents, lang=lang)
    city = PolarisationModel(n_agents=max(args.agents, 200), rng=args.seed, create_agents=False)
    title = t("cli.demo.title", lang, n=city.n, seed=args.seed)
    recording = record(city, 104, name="demo", title={k: t("cli.demo.title", k, n=city.n,
                       seed=args.seed) for k in LANGUAGES}, seed=args.seed)  # fmt: skip
    overview = polarisation_overview(city.metrics, lang=lang, title=title)
    from polsim.runs import store

    out = args.folder = store.claim_folder(Path(args.out), "demo")
    written = []
    for fig, name in ((classic, "classic_models.png"), (overview, "brandsma_baseline.png")):
        target = out / name  # the folder is marked INCOMPLETE until everything is in it
        fig.savefig(target, dpi=110)
        written.append(target)
    player = write([recording], out / "brandsma_baseline.html", lang=lang)
    city.metrics.to_csv(out / "brandsma_baseline.csv", index=False)
    store.mark_complete(out)
    print(t("cli.demo.done", lang, seconds=f"{time.perf_counter() - started:.1f}"))
    for target in written:
        print(t("cli.figure_written", lang, path=target.resolve()))
    print(t("demo.player_written", lang, path=player.resolve()))
    print(t("cli.measures_written", lang, path=(out / "brandsma_baseline.csv").resolve()))
    return 0


def _dashboard(args: argparse.Namespace) -> int:
    import importlib.util

    from polsim.outputs import dashboard

    host, port = dashboard.check_address(args.host, args.port)
    if importlib.util.find_spec("solara") is None:
        raise ValueError(t("dashboard.cli.missing"))

    print(t("dashboard.cli.serving", args.lang, url=dashboard.url(host, port)), flush=True)
    dashboard.serve(host, port, args.lang)
    return 0


#: the keys of ``polsim animate`` (KEY=VALUE)
ANIMATE_KEYS = ("scenario", "versus", "out", "lang", "weeks", "n_agents", "seed", "fps",
                "replay", "run")  # fmt: skip


def _animate(args: argparse.Namespace) -> int:
    from polsim.outputs import animation
    from polsim.text import check_lang, number
    from polsim.validation import check_int, check_keys, check_number

    given: dict[str, str] = {}
    for item in args.overrides:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"animate: arguments are KEY=VALUE, got {item!r}")
        if key.strip() in given:
            raise ValueError(f"animate: {key.strip()} is given twice; give it once")
        given[key.strip()] = value.strip()
    check_keys(given, ANIMATE_KEYS, "animate")
    lang = check_lang(given.get("lang", "en"))
    if "out" not in given:
        raise ValueError("out is required: a file ending in .gif, .mp4 or .html")
    out = Path(given["out"])
    if out.suffix.lower() not in animation.FORMATS:
        raise ValueError(f"out must end in {', '.join(animation.FORMATS)}; got {str(out)!r}")
    if not out.parent.is_dir():
        raise ValueError(f"out: the folder {out.parent} does not exist")
    if out.exists():
        raise ValueError(f"out: {out} exists already; polsim never overwrites a file: choose "
                         "another name")  # fmt: skip

    def whole(key: str, default: int, low: int, high: int | None) -> int:
        value = given.get(key, str(default))
        allowed = f"[{low}, {high}]" if high is not None else f"[{low}, inf)"
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"{key} must be a whole number in {allowed}, got {value!r}") from None
        return check_int(number, key, low=low, high=high)

    fps_text = given.get("fps", "8")
    try:
        fps = check_number(float(fps_text), "fps", low=1, high=60)
    except ValueError:
        raise ValueError(f"fps must be a number in [1, 60], got {fps_text!r}") from None
    started = time.perf_counter()
    if "replay" in given or "run" in given:
        from polsim.runs import store
        from polsim.runs.results import replay

        if "replay" not in given or "run" not in given:
            raise ValueError("replay=FOLDER and run=RUN_ID go together")
        extra = set(given) & {"scenario", "versus", "n_agents", "seed"}
        if extra:
            raise ValueError(f"{sorted(extra)[0]} cannot be set with replay= (the stored run "
                             "decides it)")  # fmt: skip
        folder = Path(given["replay"])
        try:
            model = replay(folder, given["run"])  # checks the folder and the id
        except ValueError as exc:  # named as the user typed it: run=, not run_id
            raise ValueError(str(exc).replace("run_id must be", "run must be", 1)) from None
        settings = store.read_manifest(folder)["settings"]
        assert isinstance(settings, dict)
        stored = int(settings["weeks"])
        weeks = whole("weeks", stored, 1, stored)
        run = given["run"]
        titles = dict.fromkeys(("en", "nl"), run)
        scenarios = store.read_manifest(folder)["scenarios"]
        for item in scenarios if isinstance(scenarios, list) else []:
            if item.get("name") == run.rpartition("-r")[0] and isinstance(item.get("title"), dict):
                titles = {k: f"{v} ({run})" for k, v in item["title"].items()}
        recordings = [animation.record(model, weeks, name=run, title=titles,
                                       seed=int(settings["seed"]))]  # fmt: skip
    else:
        if "scenario" not in given:
            raise ValueError("scenario is required (polsim list scenarios), or replay= and run=")
        from polsim.scenarios import load

        first = load(given["scenario"])
        versus = load(given["versus"]) if "versus" in given else None
        recordings = animation.record_pair(  # refuses a plan that would never act
            first, versus, weeks=whole("weeks", 104, 1, 2000),
            n_agents=whole("n_agents", 2000, 10, 100_000), seed=whole("seed", 2026, 0, None),
        )  # fmt: skip
    written = animation.write(recordings, out, lang=lang, fps=fps)
    seconds = number(time.perf_counter() - started, lang, digits=1)
    print(t("animation.written", lang, path=written.resolve()) + f" ({seconds} s)")
    return 0


OVERRIDES_HELP = t("cli.overrides.help")


def _overrides(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("overrides", nargs="*", metavar="KEY=VALUE", help=OVERRIDES_HELP)
    sub.add_argument("--cfg", choices=["job"], help=t("cli.cfg.help"))


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (see ``--help`` for usage)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _study_options(sub: argparse.ArgumentParser, *, replicates: int) -> None:
    """The options ``sweep`` and ``sensitivity`` share: how many runs of what city, where."""
    sub.add_argument("--replicates", type=int, default=replicates)
    sub.add_argument("--weeks", type=int, default=78)
    sub.add_argument("--agents", type=_agents, default=1000)
    sub.add_argument("--seed", type=_seed, default=2026)
    sub.add_argument("--executor", default="processes")
    sub.add_argument("--out", default="polsim-output")
    sub.add_argument("--quiet", action="store_true")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="polsim", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"polsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    lister = sub.add_parser("list", help=t("cli.list.help"), description=t("cli.list.description"))
    lister.add_argument(
        "what", nargs="?", choices=["scenarios", "interventions", "parameters", "outcomes"]
    )
    lister.set_defaults(func=_list)
    run = sub.add_parser("run", help=t("cli.run.help"), description=t("cli.run.description"))
    _overrides(run)
    run.set_defaults(func=_run)
    comp = sub.add_parser(
        "compare", help=t("cli.compare.help"), description=t("cli.compare.description")
    )
    _overrides(comp)
    comp.add_argument("--quiet", action="store_true", help=t("cli.quiet.help"))
    comp.set_defaults(func=_compare)
    sens = sub.add_parser(
        "sensitivity", help="Sobol or Morris sensitivity analysis over the plausible ranges",
        description="Sample the model parameters over their plausible ranges (SALib), run the "
        "city at every point and write the indices, the runs and a figure to a fresh folder.",
    )  # fmt: skip
    sens.add_argument("--method", choices=["sobol", "morris"], default="morris")
    sens.add_argument("--names", default="", help="parameters, comma-separated (default: all "
                      "with a plausible range)")  # fmt: skip
    sens.add_argument("--outcome", default="final_silent")
    sens.add_argument("--n", type=int, default=64, help="Sobol base sample size (a power of 2)")
    sens.add_argument("--trajectories", type=int, default=10, help="Morris trajectories")
    _study_options(sens, replicates=1)
    sens.add_argument("--lang", choices=["en", "nl"], default="en")
    sens.set_defaults(func=_sensitivity, overrides=[])
    swp = sub.add_parser(
        "sweep", help="run scenarios over a grid or table of parameter points",
        description="Run every scenario at every parameter point (a grid from --grid, or a "
        "CSV table from --points), and write the outcomes per run and per point.",
    )  # fmt: skip
    swp.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2,...",
                     help="a parameter and its values (repeat: all combinations)")  # fmt: skip
    swp.add_argument("--points", help="a CSV file with one parameter per column, a point a row")
    swp.add_argument("--scenarios", default="baseline", help="comma-separated scenario names")
    _study_options(swp, replicates=2)
    swp.add_argument("--paired", action="store_true", help="the same cities at every point")
    swp.add_argument("--resume", help="an unfinished sweep folder of the same sweep to finish")
    swp.set_defaults(func=_sweep, overrides=[])
    rep = sub.add_parser(
        "replay", help="re-create one run of a stored comparison, week by week",
        description="Re-create the exact model of one run of a comparison folder and write its "
        "weekly measures and the state of every person at the end (the stored run, again).",
    )  # fmt: skip
    rep.add_argument("source", metavar="FOLDER", help="a complete or unfinished compare folder")
    rep.add_argument("run_id", nargs="?", help="e.g. key_figures-r002 (none: list the runs)")
    rep.add_argument("--out", default="polsim-output")
    rep.set_defaults(func=_replay, overrides=[])
    demo = sub.add_parser("demo", help=t("cli.demo.help"), description=t("cli.demo.description"))
    demo.add_argument("--out", default="polsim-output", help=t("cli.out.help"))
    demo.add_argument("--seed", type=_seed, default=2026, help=t("cli.seed.help"))
    demo.add_argument("--agents", type=_agents, default=500, help=t("cli.agents.help"))
    demo.add_argument("--lang", choices=["en", "nl"], default="en", help=t("demo.lang.help"))
    demo.set_defaults(func=_demo)
    anim = sub.add_parser("animate", help=t("animation.cli.help"),
                          description=t("animation.cli.description"))  # fmt: skip
    anim.add_argument("overrides", nargs="*", metavar="KEY=VALUE")
    anim.set_defaults(func=_animate)
    dash = sub.add_parser("dashboard", help=t("dashboard.cli.help"),
                          description=t("dashboard.cli.description"))  # fmt: skip
    dash.add_argument("--host", default="127.0.0.1", help=t("dashboard.cli.host"))
    dash.add_argument("--port", type=int, default=8765, help=t("dashboard.cli.port"))
    dash.add_argument("--lang", choices=["en", "nl"], default="en", help=t("dashboard.cli.lang"))
    dash.set_defaults(func=_dashboard)
    return parser


def _list(args: argparse.Namespace) -> int:
    from polsim.interventions import describe
    from polsim.model import registry
    from polsim.scenarios import available, load

    what = args.what
    if what in (None, "scenarios"):
        print(t("cli.list.scenarios"))
        for name in available():
            try:
                title = load(name).title["en"]
            except ValueError as exc:  # one broken file of the user's does not hide the rest
                title = f"({exc})"
            print(f"  {name:24s} {title}")
    if what in (None, "interventions"):
        print(t("cli.list.interventions"))
        for row in describe():
            fields = ", ".join(f"{k}={v}" for k, v in row["fields"].items())
            print(f"  {row['kind']:20s} {row['plan_name']} — {row['doc']}")
            print(f"  {'':20s} {t('cli.list.fields', fields=fields)}")
    if what in (None, "parameters"):
        from polsim.cli.config import compose_config

        # the defaults of the commands (the model's defaults and the config tree's model group)
        commands = compose_config([]).parameters
        print(t("cli.list.parameters"))
        for p in registry.PARAMETERS.values():
            lo, hi = p.plausible
            default = commands.get(p.name, p.default)
            plausible = t("cli.list.fixed") if lo == hi else f"[{lo:g}, {hi:g}]"
            meaning = p.meaning
            if default != p.default:
                meaning += t("cli.list.python_default", value=f"{p.default:g}")
            print(
                f"  {p.name:24s} {default!s:>8} {plausible:14s} [{p.low:g}, {p.high:g}] "
                f"{p.unit:7s} {meaning}"
            )
    if what in (None, "outcomes"):
        from polsim.runs.comparison import OUTCOMES, READINGS

        print(t("cli.list.outcomes"))
        for name, outcome in OUTCOMES.items():
            mark = "*" if name in READINGS else " "
            better = t("cli.list.higher" if outcome.higher_is_better else "cli.list.lower")
            print(f"  {name:24s}{mark} {outcome.label()} ({better})")
    return 0


def _command(args: argparse.Namespace) -> str:
    if args.command in ("sensitivity", "sweep", "replay"):  # options, not overrides
        return " ".join(["polsim", *getattr(args, "argv", [])])
    return " ".join(["polsim", args.command, *args.overrides])


class _Progress:
    """A progress bar on stderr (tqdm: runs done, rate and time left; in a terminal or a
    notebook), or nothing when ``quiet``. It opens before the first run with the estimated
    time (:func:`polsim.runs.limits.announce`), and its clock ticks every second until the
    first run is done and tqdm's own rate and time left take over."""

    def __init__(self, quiet: bool, lang: str = "en") -> None:
        self.quiet = quiet
        self.lang = lang
        self.bar: Any = None
        self.expected: float | None = None
        self._ticking: Any = None

    def expect(self, seconds: float) -> None:
        """The estimated time of all the runs, shown until the first is done."""
        self.expected = seconds

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        if self.bar is None:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, unit=t("cli.progress.unit", self.lang),
                            file=sys.stderr, dynamic_ncols=True, smoothing=0.1)  # fmt: skip
            if done == 0:
                if self.expected is not None:
                    wait = duration(self.expected, self.lang)
                    self.bar.set_postfix_str(t("cli.progress.expected", self.lang,
                                               duration=wait), refresh=True)  # fmt: skip
                self._tick()
        if done > self.bar.n:
            self._stop()
            if self.expected is not None:
                self.bar.set_postfix_str("", refresh=False)
                self.expected = None
            self.bar.update(done - self.bar.n)
        if done == total:
            self._stop()
            self.bar.close()

    def _tick(self) -> None:
        import threading

        stop = threading.Event()
        bar = self.bar

        def tick() -> None:
            while not stop.wait(1.0):
                bar.refresh()

        threading.Thread(target=tick, daemon=True, name="polsim-progress").start()
        self._ticking = stop

    def _stop(self) -> None:
        if self._ticking is not None:
            self._ticking.set()
            self._ticking = None


def _compare(args: argparse.Namespace) -> int:
    import json

    import pandas as pd

    from polsim.cli.config import compose_config
    from polsim.outputs.report import write_report
    from polsim.runs import store
    from polsim.runs.comparison import compare
    from polsim.runs.executors import Task, make_executor
    from polsim.scenarios import load

    cfg = compose_config(args.overrides)
    if args.cfg:
        print(cfg.yaml, end="")
        return 0
    scenarios = [load(name) for name in cfg.scenarios]  # every name checked before any run
    settings = cfg.settings()
    finished = {}
    if cfg.resume is not None:
        if store.is_complete(cfg.resume) and (cfg.resume / "report.html").is_file():
            raise ValueError(
                f"resume: {cfg.resume} is finished already; its report is "
                f"{cfg.resume / 'report.html'} (nothing to resume)"
            )
        if store.is_complete(cfg.resume) or not store.same_settings(cfg.resume, settings):
            raise ValueError(
                f"resume: {cfg.resume} is not an unfinished folder of this same comparison "
                "(same scenarios, replicates, weeks, seed, model, network)"
            )
        finished = store.finished_runs(cfg.resume)
    started = time.perf_counter()

    def claim(tasks: list[Task]) -> None:  # every input checked: claim the folder now
        if cfg.resume is not None:
            args.folder = cfg.resume
            return
        args.folder = store.claim_folder(cfg.out, "compare", note=t("cli.incomplete", cfg.lang))
        store.write_atomic(args.folder / "settings.json",
                           json.dumps(settings, sort_keys=True, default=str, indent=1))  # fmt: skip
        store.write_atomic(args.folder / "command.txt", _command(args) + "\n")
        described = {**settings, "baseline": scenarios[0].name, "rank_by": cfg.rank_by,
                     "executor": cfg.executor}  # fmt: skip
        store.write_atomic(args.folder / store.MANIFEST, json.dumps(store.manifest(
            kind="compare", settings=described, scenarios=[s.to_mapping() for s in scenarios],
            command=_command(args)), indent=1, default=str))  # fmt: skip
        args.total = len(tasks)

    def keep(task: Task, table: pd.DataFrame) -> None:
        store.keep_run(args.folder, task, table)

    result = compare(
        scenarios, replicates=cfg.replicates, seed=cfg.seed, weeks=cfg.weeks,
        executor=make_executor(cfg.executor, cfg.workers, cfg.address), network=cfg.network,
        progress=_Progress(args.quiet, cfg.lang), rank_by=cfg.rank_by, on_start=claim,
        on_result=keep, finished=finished, **cfg.parameters,
    )  # fmt: skip
    report = write_report(result, args.folder, lang=cfg.lang, command=_command(args))
    store.mark_complete(args.folder)
    print(t("cli.compare.done", cfg.lang, scenarios=len(scenarios), replicates=cfg.replicates,
            weeks=cfg.weeks, seconds=f"{time.perf_counter() - started:.0f}"))  # fmt: skip
    print(t("cli.report_written", cfg.lang, path=report.resolve()))
    return 0


def _sensitivity(args: argparse.Namespace) -> int:
    import json

    from polsim.outputs.figures import sensitivity_figure
    from polsim.outputs.report import write_sensitivity_report
    from polsim.runs import sensitivity, store

    names = [n.strip() for n in args.names.split(",") if n.strip()] or None
    spec = sensitivity.problem(names)  # checked before any run
    common = {"outcome": args.outcome, "replicates": args.replicates, "weeks": args.weeks,
              "n_agents": args.agents, "seed": args.seed, "executor": args.executor,
              "progress": _Progress(args.quiet)}  # fmt: skip

    def method() -> sensitivity.Sensitivity:
        if args.method == "sobol":
            return sensitivity.sobol(spec["names"], n=args.n, **common)
        return sensitivity.morris(spec["names"], trajectories=args.trajectories, **common)

    args.folder = store.claim_folder(Path(args.out), f"sensitivity-{args.method}")
    settings = {k: v for k, v in vars(args).items() if k not in ("func", "folder", "overrides")}
    store.write_atomic(args.folder / store.MANIFEST, json.dumps(store.manifest(
        kind="sensitivity", settings=settings, scenarios=[], command=_command(args)),
        indent=1, default=str))  # fmt: skip
    result = method()
    result.indices.to_csv(args.folder / "indices.csv", index=False)
    assert result.sweep is not None
    result.sweep.runs.to_parquet(args.folder / "runs.parquet", index=False)
    if not result.convergence.empty:
        result.convergence.to_csv(args.folder / "convergence.csv", index=False)
    sensitivity_figure(result, args.lang).savefig(args.folder / "indices.png", dpi=110)
    write_sensitivity_report(result, args.folder, lang=args.lang, command=_command(args))
    for note in result.notes:
        print(f"polsim: note: {note}", file=sys.stderr)
    store.mark_complete(args.folder)
    print(result.indices.to_string(index=False))
    print(f"seeds' share of the variance: {result.seeds_share:.0%}; written to "
          f"{args.folder.resolve()}")  # fmt: skip
    return 0


def _grid(items: list[str]) -> dict[str, list[float]]:
    values = {}
    for item in items:
        name, sep, listed = item.partition("=")
        try:
            numbers = [float(v) for v in listed.split(",") if v.strip()]
        except ValueError:
            numbers = []
        if not sep or not name or not numbers:
            raise ValueError(f"--grid must be NAME=V1,V2,... with numbers, got {item!r}")
        values[name.strip()] = numbers
    return values


def _sweep(args: argparse.Namespace) -> int:
    import json

    import pandas as pd

    from polsim.runs import store
    from polsim.runs.executors import Task
    from polsim.runs.sweep import grid, sweep

    if bool(args.grid) == bool(args.points):
        raise ValueError("give either --grid (one or more) or --points")
    if args.points:
        try:
            points = pd.read_csv(args.points)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"--points {args.points}: {str(exc).splitlines()[0]}") from None
    else:
        points = grid(**_grid(args.grid))
    run = {"scenarios": [s for s in args.scenarios.split(",") if s], "replicates": args.replicates,
           "weeks": args.weeks, "seed": args.seed, "paired": args.paired,
           "executor": args.executor, "n_agents": args.agents}  # fmt: skip

    settings = json.loads(json.dumps({**run, "points": points.to_dict("list")}, default=str))
    finished = {}
    if args.resume is not None:
        info = store.read_manifest(Path(args.resume))
        if info["kind"] != "sweep" or info["settings"] != settings:
            raise ValueError(f"--resume {args.resume}: not a folder of this same sweep")
        if store.is_complete(Path(args.resume)):
            raise ValueError(f"--resume {args.resume}: already complete")
        args.folder = Path(args.resume)
        finished = store.finished_runs(args.folder)

    def claim(runs: list[Task]) -> None:  # every input checked: claim the folder now
        args.total = len(runs)
        if args.folder is not None:  # resuming
            return
        args.folder = store.claim_folder(Path(args.out), "sweep")
        store.write_atomic(args.folder / store.MANIFEST, json.dumps(store.manifest(
            kind="sweep", settings=settings, scenarios=[], command=_command(args)),
            indent=1, default=str))  # fmt: skip

    def keep(task: Task, row: pd.DataFrame) -> None:
        store.keep_run(args.folder, task, row)

    result = sweep(points, progress=_Progress(args.quiet), on_start=claim, on_result=keep,
                   finished=finished, **run)  # fmt: skip
    for name in ("runs", "summary", "points"):
        table = getattr(result, name)
        table.to_parquet(args.folder / f"{name}.parquet", index=False)
        table.to_csv(args.folder / f"{name}.csv", index=False)
    store.mark_complete(args.folder)
    print(f"{len(result.runs)} runs at {len(points)} points written to {args.folder.resolve()}")
    return 0


def _replay(args: argparse.Namespace) -> int:
    from polsim.runs import store
    from polsim.runs.results import replay, run_ids

    ids = run_ids(args.source)
    if args.run_id is None:
        print("\n".join(ids))
        return 0
    model = replay(args.source, args.run_id)  # checks the id before anything is written
    weeks = int(store.read_manifest(Path(args.source))["settings"]["weeks"])  # type: ignore[index]
    args.folder = store.claim_folder(Path(args.out), f"replay-{args.run_id}")
    model.run(weeks)
    model.metrics.to_csv(args.folder / "weekly.csv", index=False)
    model.state().to_parquet(args.folder / "state.parquet")
    store.mark_complete(args.folder)
    print(f"{args.run_id}: {weeks} weeks replayed; written to {args.folder.resolve()}")
    return 0


def _run(args: argparse.Namespace) -> int:
    import pandas as pd

    from polsim.cli.config import compose_config
    from polsim.outputs.figures import polarisation_overview
    from polsim.runs import store
    from polsim.runs.executors import Task, make_executor
    from polsim.runs.loop import execute
    from polsim.scenarios import load

    cfg = compose_config(args.overrides)
    if args.cfg:
        print(cfg.yaml, end="")
        return 0
    scenario = load(cfg.scenario)
    scenario.check_weeks(cfg.weeks)
    tasks = [Task(scenario, r, cfg.seed, cfg.weeks, cfg.parameters, cfg.network)
             for r in range(cfg.replicates)]  # fmt: skip

    def claim(tasks: list[Task]) -> None:  # every input checked: claim the folder now
        args.folder = store.claim_folder(cfg.out, f"run-{scenario.name}",
                                         note=t("cli.incomplete", cfg.lang))  # fmt: skip
        store.write_atomic(args.folder / "command.txt", _command(args) + "\n")
        args.total = len(tasks)

    def keep(task: Task, table: pd.DataFrame) -> None:
        store.keep_run(args.folder, task, table)

    runner = make_executor(cfg.executor, cfg.workers, cfg.address)
    tables = execute(tasks, executor=runner, on_start=claim, on_result=keep,
                     progress=_Progress(False, cfg.lang))  # fmt: skip
    runs = pd.concat(tables, ignore_index=True)
    mean = runs.drop(columns=["scenario"]).groupby("step").mean().reset_index()
    fig = polarisation_overview(mean, lang=cfg.lang, title=scenario.title[cfg.lang])
    folder = args.folder  # marked INCOMPLETE until everything is in it
    runs.to_parquet(folder / "trajectories.parquet", index=False)
    runs.to_csv(folder / "trajectories.csv", index=False)
    fig.savefig(folder / "overview.png", dpi=100)
    store.mark_complete(folder)
    print(t("cli.run.done", cfg.lang, replicates=cfg.replicates, path=folder.resolve()))
    return 0


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
    argv = _options_as_keys(list(sys.argv[1:] if argv is None else argv))
    args, rest = parser.parse_known_args(argv)
    # Overrides may come before or after options (`compare lang=nl --quiet replicates=5`):
    # argparse stops collecting positionals at the first option, so gather the rest here.
    if hasattr(args, "overrides"):
        args.overrides += [r for r in rest if "=" in r and not r.startswith("-")]
        rest = [r for r in rest if not ("=" in r and not r.startswith("-"))]
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command is None:
        parser.print_help()
        return 0
    args.folder = None
    args.argv = list(sys.argv[1:] if argv is None else argv)
    previous = _on_sigterm()
    try:
        return int(args.func(args))
    except ValueError as exc:
        _drop_if_empty(args)
        print(f"polsim: error: {exc}{_kept(args)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        status = 143 if isinstance(exc, Terminated) else 130
        print(f"polsim: {_stopped(args, status)}", file=sys.stderr)
        return status
    except BrokenPipeError:  # output piped into a pager that closed early
        sys.stderr.close()
        return 0
    except OSError as exc:  # a full disk, a folder that went away: one line, nothing complete
        where = f" {exc.filename}" if exc.filename else ""
        print(f"polsim: error: cannot write{where}: {exc.strerror or exc}{_kept(args)}",
              file=sys.stderr)  # fmt: skip
        return 1
    except Exception as exc:  # a fault of polsim's own: one line, the traceback in a file
        from polsim.runs.executors import WorkerDiedError

        if isinstance(exc, WorkerDiedError):
            print(f"polsim: error: {exc}{_kept(args)}", file=sys.stderr)
            return 1
        log = _log_traceback(args)
        first = (str(exc).splitlines() or [""])[0]
        print(f"polsim: internal error ({type(exc).__name__}: {first}); the details are in "
              f"{log}{_kept(args)}", file=sys.stderr)  # fmt: skip
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


#: Commands whose settings are options (``--lang nl``) that also take the ``KEY=VALUE`` form
#: of the other commands (``lang=nl``).
KEY_OPTIONS = {"demo": ("lang", "seed", "agents", "out"), "dashboard": ("lang", "host", "port")}


def _options_as_keys(argv: list[str]) -> list[str]:
    """``polsim demo lang=nl`` as ``polsim demo --lang nl`` (the options of :data:`KEY_OPTIONS`)."""
    if not argv or argv[0] not in KEY_OPTIONS:
        return argv
    known = KEY_OPTIONS[argv[0]]
    out = [argv[0]]
    for item in argv[1:]:
        key, sep, value = item.partition("=")
        out += [f"--{key}", value] if sep and key in known else [item]
    return out


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like an interrupt: workers stopped, finished runs kept."""


def _on_sigterm() -> Any:
    def handler(signum: int, frame: object) -> None:
        raise Terminated

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (polsim called from a library's thread)
        return signal.getsignal(signal.SIGTERM)


def _drop_if_empty(args: argparse.Namespace) -> None:
    """A claimed folder that holds no finished run yet goes again: bad input writes nothing."""
    folder = getattr(args, "folder", None)
    if folder is None:
        return
    if not list(Path(folder).glob("runs/*.parquet")):
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        args.folder = None


def _kept(args: argparse.Namespace) -> str:
    folder = getattr(args, "folder", None)
    if folder is None:
        return ""
    done = len(list(Path(folder).glob("runs/*.parquet")))
    return "; " + t("cli.kept", done=done, total=getattr(args, "total", done), folder=folder)


def _stopped(args: argparse.Namespace, status: int) -> str:
    what = t("cli.terminated" if status == 143 else "cli.interrupted")
    folder = getattr(args, "folder", None)
    if folder is None:
        return what + " " + t("cli.nothing_written")
    hint = ""
    if args.command == "compare":
        hint = t("cli.resume_hint", command=_command(args), folder=folder)
    elif args.command == "sweep":  # options, not overrides
        hint = t("cli.resume_hint", command=_command(args), folder=folder).replace(
            " resume=", " --resume "
        )
    return what + _kept(args) + hint


def _log_traceback(args: argparse.Namespace) -> Path:
    import tempfile
    import traceback

    folder = getattr(args, "folder", None)
    target = (
        (Path(folder) / "error.log")
        if folder is not None
        else Path(tempfile.gettempdir())
        / f"polsim-error-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    )
    try:
        target.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        target = Path(tempfile.mkstemp(prefix="polsim-error-", suffix=".log")[1])
        target.write_text(traceback.format_exc(), encoding="utf-8")
    return target


if __name__ == "__main__":
    raise SystemExit(main())
