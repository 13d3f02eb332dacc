"""The ``polsim`` command line: ``polsim COMMAND [KEY=VALUE ...]`` (the grammar and every
command's keys are declared in :mod:`polsim.cli.grammar`).

Errors in what the user typed end in one line on stderr and exit status 2, before any work
and with nothing written. Faults while running (a full disk, a worker that dies twice, a bug)
end in one line and exit status 1, an interrupt in 130 (SIGTERM: 143); the output folder then
stays marked INCOMPLETE with every finished run in it. See ``polsim --help``.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from polsim import __version__
from polsim.cli.grammar import MissingExtraError, help_language, help_text, need, parse, wants_help
from polsim.text import duration, t

__all__ = ["Terminated", "main"]


def _demo(args: SimpleNamespace) -> int:
    from polsim.model import PolarisationModel
    from polsim.outputs.animation import record, write
    from polsim.outputs.figures import classic_gallery, polarisation_overview
    from polsim.text import LANGUAGES

    lang = args.lang
    started = time.perf_counter()
    classic = classic_gallery(rng=args.seed, n=args.n_agents, lang=lang)
    city = PolarisationModel(n_agents=max(args.n_agents, 200), rng=args.seed, create_agents=False)
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


def _dashboard(args: SimpleNamespace) -> int:
    from polsim.outputs import dashboard

    host, port = dashboard.check_address(args.host, args.port)
    need("solara", "viz", "polsim dashboard")

    print(t("dashboard.cli.serving", args.lang, url=dashboard.url(host, port)), flush=True)
    dashboard.serve(host, port, args.lang)
    return 0


def _animate(args: SimpleNamespace) -> int:
    from polsim.outputs import animation
    from polsim.text import LANGUAGES, number

    given = args.invocation.given
    if args.out is None:
        raise ValueError("out is required: a file ending in .gif, .mp4 or .html")
    out = Path(args.out)
    if out.suffix.lower() not in animation.FORMATS:
        raise ValueError(f"out must end in {', '.join(animation.FORMATS)}; got {str(out)!r}")
    if out.suffix.lower() == ".mp4":
        need("imageio_ffmpeg", "mp4", "an MP4 animation")
    if not out.parent.is_dir():
        raise ValueError(f"out: the folder {out.parent} does not exist")
    if out.exists():
        raise ValueError(f"out: {out} exists already; polsim never overwrites a file: choose "
                         "another name")  # fmt: skip
    started = time.perf_counter()
    if "from" in given or "run" in given:
        from polsim.runs import store
        from polsim.runs.results import replay

        if "from" not in given or "run" not in given:
            raise ValueError("from=FOLDER and run=RUN_ID go together")
        extra = set(given) & {"scenario", "versus", "model.n_agents", "seed"}
        if extra:
            raise ValueError(f"{sorted(extra)[0]} cannot be set with from= (the stored run "
                             "decides it)")  # fmt: skip
        folder = Path(args.source)
        try:
            model = replay(folder, args.run_id)  # checks the folder and the id
        except ValueError as exc:  # named as the user typed it: run=, not run_id
            raise ValueError(str(exc).replace("run_id must be", "run must be", 1)) from None
        settings = store.read_manifest(folder)["settings"]
        assert isinstance(settings, dict)
        stored = int(settings["weeks"])
        weeks = args.weeks if "weeks" in given else stored
        if weeks > stored:
            raise ValueError(f"weeks must be a whole number in [1, {stored}] (the stored run's "
                             f"weeks), got {weeks}")  # fmt: skip
        run = args.run_id
        titles = dict.fromkeys(LANGUAGES, run)
        scenarios = store.read_manifest(folder)["scenarios"]
        for item in scenarios if isinstance(scenarios, list) else []:
            if item.get("name") == run.rpartition("-r")[0] and isinstance(item.get("title"), dict):
                titles = {k: f"{v} ({run})" for k, v in item["title"].items()}
        recordings = [animation.record(model, weeks, name=run, title=titles,
                                       seed=int(settings["seed"]))]  # fmt: skip
    else:
        if args.scenario is None:
            raise ValueError("scenario is required (polsim list scenarios), or from= and run=")
        from polsim.scenarios import load

        first = load(args.scenario)
        versus = load(args.versus) if args.versus is not None else None
        recordings = animation.record_pair(  # refuses a plan that would never act
            first, versus, weeks=args.weeks, n_agents=args.n_agents, seed=args.seed
        )
    lang = args.lang
    written = animation.write(recordings, out, lang=lang, fps=args.fps)
    seconds = number(time.perf_counter() - started, lang, digits=1)
    print(t("animation.written", lang, path=written.resolve()) + f" ({seconds} s)")
    return 0


def _list(args: SimpleNamespace) -> int:
    from polsim.interventions import describe
    from polsim.model import registry
    from polsim.scenarios import available, load

    what, lang = args.topic, args.lang
    if what in (None, "scenarios"):
        print(t("cli.list.scenarios", lang))
        for name in available():
            try:
                title = load(name).title[lang]
            except ValueError as exc:  # one broken file of the user's does not hide the rest
                title = f"({exc})"
            print(f"  {name:24s} {title}")
    if what in (None, "interventions"):
        print(t("cli.list.interventions", lang))
        for row in describe():
            fields = ", ".join(f"{k}={v}" for k, v in row["fields"].items())
            print(f"  {row['kind']:20s} {row['plan_name']} — {row['doc']}")
            print(f"  {'':20s} {t('cli.list.fields', lang, fields=fields)}")
    if what in (None, "parameters"):
        from polsim.cli.config import compose_config

        # the defaults of the commands (the model's defaults and the config tree's model group)
        commands = compose_config([]).parameters
        print(t("cli.list.parameters", lang))
        for p in registry.PARAMETERS.values():
            lo, hi = p.plausible
            default = commands.get(p.name, p.default)
            plausible = t("cli.list.fixed", lang) if lo == hi else f"[{lo:g}, {hi:g}]"
            meaning = p.meaning
            if default != p.default:
                meaning += t("cli.list.python_default", lang, value=f"{p.default:g}")
            role = t(f"cli.list.role.{p.role}", lang)
            print(
                f"  {p.name:24s} {default!s:>8} {plausible:14s} [{p.low:g}, {p.high:g}] "
                f"{p.unit:7s} {role:12s} {meaning}"
            )
    if what in (None, "outcomes"):
        from polsim.runs.comparison import OUTCOMES, READINGS

        print(t("cli.list.outcomes", lang))
        for name, outcome in OUTCOMES.items():
            mark = "*" if name in READINGS else " "
            better = t("cli.list.higher" if outcome.higher_is_better else "cli.list.lower", lang)
            print(f"  {name:24s}{mark} {outcome.label(lang)} ({better})")
    return 0


def _command(args: SimpleNamespace) -> str:
    """The command line as typed (written into the output folder and the resume hint)."""
    return " ".join(["polsim", *args.argv])


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


def _compare(args: SimpleNamespace) -> int:
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


def _sensitivity(args: SimpleNamespace) -> int:
    import json

    from polsim.outputs.figures import sensitivity_figure
    from polsim.outputs.report import write_sensitivity_report
    from polsim.runs import sensitivity, store
    from polsim.text import percent

    need("SALib", "sensitivity", "polsim sensitivity")
    if args.executor == "dask":
        need("distributed", "dask", "executor=dask")
    spec = sensitivity.problem(args.names)  # checked before any run
    common = {"outcome": args.outcome, "replicates": args.replicates, "weeks": args.weeks,
              "n_agents": args.n_agents, "seed": args.seed, "executor": args.executor,
              "progress": _Progress(args.quiet, args.lang)}  # fmt: skip

    def method() -> sensitivity.Sensitivity:
        if args.method == "sobol":
            return sensitivity.sobol(spec["names"], n=args.n, **common)
        return sensitivity.morris(spec["names"], trajectories=args.trajectories, **common)

    args.folder = store.claim_folder(Path(args.out), f"sensitivity-{args.method}")
    settings = dict(args.invocation.values)
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
    print(t("cli.sensitivity.done", args.lang, share=percent(result.seeds_share, args.lang),
            path=args.folder.resolve()))  # fmt: skip
    return 0


def _sweep(args: SimpleNamespace) -> int:
    import json

    import pandas as pd

    from polsim.runs import store
    from polsim.runs.executors import Task
    from polsim.runs.sweep import grid, sweep

    swept = args.invocation.grid
    if bool(swept) == bool(args.points):
        raise ValueError("give either model.NAME=V1,V2,... (one or more parameters to sweep) "
                         "or points=FILE.csv")  # fmt: skip
    if args.executor == "dask":
        need("distributed", "dask", "executor=dask")
    if args.points:
        try:
            points = pd.read_csv(args.points)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"points={args.points}: {str(exc).splitlines()[0]}") from None
    else:
        points = grid(**swept)
    run = {"scenarios": args.scenarios, "replicates": args.replicates, "weeks": args.weeks,
           "seed": args.seed, "paired": args.paired, "executor": args.executor,
           **args.invocation.fixed}  # fmt: skip
    if "n_agents" in args.invocation.given or "model.n_agents" in args.invocation.given:
        run["n_agents"] = args.n_agents

    settings = json.loads(json.dumps({**run, "points": points.to_dict("list")}, default=str))
    finished = {}
    if args.resume is not None:
        info = store.read_manifest(Path(args.resume))
        if info["kind"] != "sweep" or info["settings"] != settings:
            raise ValueError(f"resume={args.resume}: not a folder of this same sweep")
        if store.is_complete(Path(args.resume)):
            raise ValueError(f"resume={args.resume}: already complete")
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

    result = sweep(points, progress=_Progress(args.quiet, args.lang), on_start=claim,
                   on_result=keep, finished=finished, **run)  # fmt: skip
    for name in ("runs", "summary", "points"):
        table = getattr(result, name)
        table.to_parquet(args.folder / f"{name}.parquet", index=False)
        table.to_csv(args.folder / f"{name}.csv", index=False)
    store.mark_complete(args.folder)
    print(t("cli.sweep.done", args.lang, runs=len(result.runs), points=len(points),
            path=args.folder.resolve()))  # fmt: skip
    return 0


def _replay(args: SimpleNamespace) -> int:
    from polsim.runs import store
    from polsim.runs.results import replay, run_ids

    if args.source is None:
        raise ValueError("from is required: a complete or unfinished compare folder")
    ids = run_ids(args.source)
    if args.run_id is None:
        print("\n".join(ids))
        return 0
    try:
        model = replay(args.source, args.run_id)  # checks the id before anything is written
    except ValueError as exc:  # named as the user typed it: run=, not run_id
        raise ValueError(str(exc).replace("run_id must be", "run must be", 1)) from None
    weeks = int(store.read_manifest(Path(args.source))["settings"]["weeks"])  # type: ignore[index]
    args.folder = store.claim_folder(Path(args.out), f"replay-{args.run_id}")
    model.run(weeks)
    model.metrics.to_csv(args.folder / "weekly.csv", index=False)
    model.state().to_parquet(args.folder / "state.parquet")
    store.mark_complete(args.folder)
    print(t("cli.replay.done", args.lang, run=args.run_id, weeks=weeks,
            path=args.folder.resolve()))  # fmt: skip
    return 0


def _run(args: SimpleNamespace) -> int:
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
                     progress=_Progress(args.quiet, cfg.lang))  # fmt: skip
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


#: the function of each command of :data:`polsim.cli.grammar.COMMANDS`
FUNCTIONS = {"list": _list, "run": _run, "compare": _compare, "sweep": _sweep,
             "sensitivity": _sensitivity, "replay": _replay, "demo": _demo,
             "animate": _animate, "dashboard": _dashboard}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``polsim`` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--version" in argv:
        print(f"polsim {__version__}")
        return 0
    if not argv or (argv[0].startswith("-") and wants_help(argv[:1])):
        print(help_text(None, help_language(argv)), end="")
        return 0
    if wants_help(argv) and argv[0] in FUNCTIONS:
        print(help_text(argv[0], help_language(argv)), end="")
        return 0
    args = SimpleNamespace(command=argv[0], argv=argv, folder=None, overrides=[])
    previous = _on_sigterm()
    try:
        need("hydra", "cli", "the polsim command")  # its grammar and configuration are Hydra's
        found = parse(argv)
        args.invocation, args.topic, args.overrides = found, found.topic, found.overrides
        vars(args).update(found.values)
        return int(FUNCTIONS[found.command](args))
    except MissingExtraError as exc:  # an optional part not installed: which extra to install
        print(f"polsim: {exc}", file=sys.stderr)
        return 1
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


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like an interrupt: workers stopped, finished runs kept."""


def _on_sigterm() -> Any:
    def handler(signum: int, frame: object) -> None:
        raise Terminated

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (polsim called from a library's thread)
        return signal.getsignal(signal.SIGTERM)


def _drop_if_empty(args: SimpleNamespace) -> None:
    """A claimed folder that holds no finished run yet goes again: bad input writes nothing."""
    folder = getattr(args, "folder", None)
    if folder is None:
        return
    if not list(Path(folder).glob("runs/*.parquet")):
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        args.folder = None


def _kept(args: SimpleNamespace) -> str:
    folder = getattr(args, "folder", None)
    if folder is None:
        return ""
    done = len(list(Path(folder).glob("runs/*.parquet")))
    return "; " + t("cli.kept", done=done, total=getattr(args, "total", done), folder=folder)


def _stopped(args: SimpleNamespace, status: int) -> str:
    what = t("cli.terminated" if status == 143 else "cli.interrupted")
    folder = getattr(args, "folder", None)
    if folder is None:
        return what + " " + t("cli.nothing_written")
    hint = ""
    if args.command in ("compare", "sweep"):
        hint = t("cli.resume_hint", command=_command(args), folder=folder)
    return what + _kept(args) + hint


def _log_traceback(args: SimpleNamespace) -> Path:
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
