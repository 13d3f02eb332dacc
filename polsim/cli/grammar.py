"""The one grammar of the ``polsim`` command: ``polsim COMMAND [TOPIC] KEY=VALUE ...``.

Every setting of every command is ``key=value``, read by Hydra's own override parser
(``hydra.core.override_parser``): lists in brackets (``scenarios=[baseline,key_figures]``),
quotes around spaces (``out='my results'``), and, for ``polsim sweep``, Hydra's sweeps
(``model.shock_rate=0,0.02`` or ``range(0,0.1,0.02)``). A key is given once (in ``compare`` and
``run``, whose overrides Hydra composes in order, the last wins). The same thing has the same key in
every command (``lang=``, ``out=``, ``seed=``, ``weeks=``, ``model.n_agents=`` ...). The only
options are ``--help`` (``-h``) and ``--version``.

:data:`COMMANDS` declares each command's keys once: what they mean (an entry of the text
catalogue, in English and Dutch), their default and their check. :func:`parse` turns an
argument list into an :class:`Invocation`; :func:`help_text` writes a command's help from the
same declaration. Whatever the user typed wrong ends in one :class:`UsageError` line, with a
suggestion for a misspelt key.

This module imports only the text catalogue at import time, so that ``polsim --help`` stays
fast; Hydra's parser, the registry and the checks are imported when a command is parsed.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from polsim.text import LANGUAGES, t

__all__ = ["COMMANDS", "Command", "Invocation", "Key", "UsageError", "help_text", "parse"]

#: the smallest and largest city of the commands that take ``model.n_agents`` directly
CITY_SIZES = (10, 100_000)


class UsageError(ValueError):
    """Something the user typed that polsim cannot read: one line, exit status 2."""


class MissingExtraError(ImportError):
    """An optional part of polsim that is not installed: one line naming the extra."""


def need(module: str, extra: str, what: str) -> None:
    """Refuse in one line, naming ``pip install 'polsim[extra]'``, when ``module`` is missing."""
    import importlib.util

    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise MissingExtraError(t("cli.extra_missing", what=what, extra=extra))


# -- checks of the values (imported lazily: polsim.validation loads numpy) --------------------


def _raw(value: Any, text: str) -> Any:
    return value


def whole(low: int | None, high: int | None = None) -> Callable[[Any, str], int]:
    def check(value: Any, key: str) -> int:
        from polsim.validation import check_int

        if isinstance(value, bool) or not isinstance(value, int):
            allowed = f"[{low}, {high if high is not None else 'inf'}" + (
                "]" if high is not None else ")"
            )
            raise UsageError(f"{key} must be a whole number in {allowed}, got {value!r}")
        return check_int(value, key, low=low, high=high)

    return check


def number(low: float, high: float) -> Callable[[Any, str], float]:
    def check(value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UsageError(f"{key} must be a number in [{low:g}, {high:g}], got {value!r}")
        if not low <= value <= high:
            raise UsageError(f"{key} must be a number in [{low:g}, {high:g}], got {value!r}")
        return float(value)

    return check


def text(value: Any, key: str) -> str:
    if isinstance(value, (list, dict)) or value is None or value == "":
        raise UsageError(f"{key} must be one non-empty text, got {value!r}")
    return str(value)


def address(value: Any, key: str) -> str:
    """A host as typed (the dashboard checks it is an address of this machine)."""
    if isinstance(value, (list, dict)) or value is None:
        raise UsageError(f"{key} must be one address, got {value!r}")
    return str(value)


def flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{key} must be true or false, got {value!r}")
    return value


def names(value: Any, key: str) -> list[str]:
    """A list of names ``[a,b]`` (one name alone is a list of one)."""
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v for v in items):
        raise UsageError(f"{key} must be a list of names such as [a,b], got {value!r}")
    return list(items)


def choice(*options: str) -> Callable[[Any, str], str]:
    def check(value: Any, key: str) -> str:
        if value not in options:
            raise UsageError(f"{key} must be one of {', '.join(options)}; got {value!r}")
        return str(value)

    return check


def language(value: Any, key: str) -> str:
    if value not in LANGUAGES:
        raise UsageError(f"{key} must be one of {', '.join(LANGUAGES)}; got {value!r}")
    return str(value)


# -- the declaration of the commands ----------------------------------------------------------


def _seed() -> int:
    from polsim.validation import DEFAULT_SEED

    return DEFAULT_SEED


def _city() -> int:
    from polsim.model import registry

    return int(registry.PARAMETERS["n_agents"].default)


def _host() -> str:
    from polsim.outputs.dashboard import DEFAULT_HOST

    return DEFAULT_HOST


def _port() -> int:
    from polsim.outputs.dashboard import DEFAULT_PORT

    return DEFAULT_PORT


def _executors() -> tuple[str, ...]:
    """The executors' names, as :mod:`polsim.runs.executors` declares them."""
    from polsim.runs.executors import EXECUTOR_CONSTRAINTS

    return tuple(EXECUTOR_CONSTRAINTS["kind"].allowed)  # type: ignore[union-attr]


def executor(value: Any, key: str) -> str:
    return choice(*_executors())(value, key)


def group_options(group: str) -> tuple[str, ...]:
    """The configs of a group of the configuration tree (the shipped ones and ./configs)."""
    from polsim.scenarios import shipped, user_folder

    folders = [shipped("configs") / group]
    own = user_folder("configs")
    if own is not None:
        folders.insert(0, own / group)
    return tuple(sorted({f.stem for folder in folders for f in folder.glob("*.yaml")}))


class Key(NamedTuple):
    """One setting of a command: ``name=value``.

    ``default`` is the value when the key is not given (a function: computed when needed, so
    that each fact is read from where it is declared); ``None`` means not set.
    ``meaning`` is the catalogue entry of its help (``cli.key.<name>`` unless given).
    """

    name: str
    check: Callable[[Any, str], Any] = _raw
    default: Any = None
    meaning: str = ""
    dest: str = ""
    shown: str = ""  # how the value is written in the help: KEY=<shown>

    @property
    def target(self) -> str:
        return self.dest or self.name.rpartition(".")[2]

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default


def _lang(meaning: str = "cli.key.lang") -> Key:
    return Key("lang", language, "en", meaning, shown="|".join(LANGUAGES))


def _out(meaning: str = "cli.key.out", default: str | None = "polsim-output") -> Key:
    return Key("out", text, default, meaning, shown="FOLDER" if default else "FILE")


SEED = Key("seed", whole(0), _seed, shown="N")
CITY = Key("model.n_agents", whole(*CITY_SIZES), _city, "cli.key.n_agents", shown="N")
QUIET = Key("quiet", flag, False, shown="true|false")
EXECUTOR = Key("executor", executor, "processes", shown="KIND")


def _weeks(default: int | None, high: int = 5200) -> Key:
    return Key("weeks", whole(1, high), default, shown="N")


def _replicates(default: int) -> Key:
    return Key("replicates", whole(1, 10_000), default, shown="N")


class Command(NamedTuple):
    """A subcommand: its name, its help and description (catalogue entries) and its keys.

    ``config``: the keys are those of the Hydra configuration tree (``polsim compare`` and
    ``polsim run``), composed by :func:`polsim.cli.config.compose_config`; ``model`` says
    whether ``model.NAME=`` takes any registered parameter (``"sweep"``: also Hydra's sweeps,
    each a dimension of the grid); ``topics`` are the words that may follow the command.
    """

    name: str
    keys: tuple[Key, ...] = ()
    config: bool = False
    model: str = ""
    topics: tuple[str, ...] = ()
    help: str = ""
    description: str = ""

    @property
    def help_key(self) -> str:
        return self.help or f"cli.{self.name}.help"

    @property
    def description_key(self) -> str:
        return self.description or f"cli.{self.name}.description"


#: the keys of the configuration tree (see polsim.cli.config), with the command line's own
_CONFIG_COMMON = (
    Key("replicates", shown="N"), Key("weeks", shown="N"), Key("seed", shown="N"),
    Key("lang", shown="|".join(LANGUAGES)), Key("out", shown="FOLDER"),
    Key("model", shown="GROUP"), Key("network", shown="GROUP"), Key("media", shown="GROUP"),
    Key("executor", shown="GROUP"), Key("experiment", shown="GROUP"), QUIET,
    Key("cfg", choice("job"), None, shown="job"),
)  # fmt: skip

COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("list", (_lang(),),
                topics=("scenarios", "interventions", "parameters", "outcomes")),
        Command("run", (Key("scenario", shown="NAME"), *_CONFIG_COMMON), config=True,
                model="any"),
        Command("compare", (Key("scenarios", shown="[A,B,...]"), *_CONFIG_COMMON,
                            Key("rank_by", shown="OUTCOME"), Key("resume", shown="FOLDER")),
                config=True, model="any"),
        Command("sweep", (
            Key("scenarios", names, ["baseline"], shown="[A,B,...]"),
            Key("points", text, None, shown="FILE.csv"),
            Key("paired", flag, False, shown="true|false"),
            _replicates(2), _weeks(78), SEED, EXECUTOR, _lang(), _out(), QUIET,
            Key("resume", text, None, shown="FOLDER"),
        ), model="sweep"),
        Command("sensitivity", (
            Key("method", choice("morris", "sobol"), "morris", shown="morris|sobol"),
            Key("names", names, None, shown="[A,B,...]"),
            Key("outcome", text, "final_silent", shown="OUTCOME"),
            Key("n", whole(1), 64, shown="N"), Key("trajectories", whole(2), 10, shown="N"),
            _replicates(1), _weeks(78), CITY, SEED, EXECUTOR, _lang(), _out(), QUIET,
        )),
        Command("replay", (
            Key("from", text, None, dest="source", shown="FOLDER"),
            Key("run", text, None, dest="run_id", shown="RUN_ID"), _lang(), _out(),
        )),
        Command("demo", (_out(), SEED, CITY, _lang("cli.key.lang_figures"))),
        Command("animate", (
            Key("scenario", text, None, shown="NAME"), Key("versus", text, None, shown="NAME"),
            _out("cli.key.out_file", None), _lang("cli.key.lang_figures"), _weeks(104, 2000),
            CITY, SEED, Key("fps", number(1, 60), 8, shown="N"),
            Key("from", text, None, dest="source", shown="FOLDER"),
            Key("run", text, None, dest="run_id", shown="RUN_ID"),
        ), help="animation.cli.help", description="animation.cli.description"),
        Command("dashboard", (
            Key("host", address, _host, shown="ADDRESS"), Key("port", whole(1, 65535), _port,
                                                            shown="N"),
            _lang("cli.key.lang_page"),
        ), help="dashboard.cli.help", description="dashboard.cli.description"),
    )
}  # fmt: skip


class Invocation:
    """What the user asked for: the command, its topic and every key's value.

    ``values`` holds every key of the command by its ``dest`` (given or default), ``given``
    the keys typed; for the configuration commands, ``overrides`` are the typed
    ``key=value`` items Hydra composes (all but the command line's own, ``quiet`` and ``cfg``);
    for ``sweep``, ``grid`` holds the swept parameters and ``fixed`` the others.
    """

    def __init__(self, command: str, argv: list[str]) -> None:
        self.command = command
        self.argv = argv
        self.topic: str | None = None
        self.values: dict[str, Any] = {}
        self.given: set[str] = set()
        self.overrides: list[str] = []
        self.grid: dict[str, list[Any]] = {}
        self.fixed: dict[str, Any] = {}


def _candidates(command: Command) -> list[str]:
    names = [k.name for k in command.keys]
    if command.model:
        from polsim.model import registry

        names += [f"model.{p}" for p in registry.PARAMETERS]
        if command.config:
            from polsim.runs.executors import EXECUTOR_KEYS
            from polsim.scenarios import NETWORK_CONSTRAINTS

            names += [f"media.{p}" for p in registry.PARAMETERS]
            names += [f"network.{p}" for p in NETWORK_CONSTRAINTS]
            names += [f"executor.{p}" for p in EXECUTOR_KEYS]
    return names


def suggest(word: str, known: Sequence[str]) -> str | None:
    """The known key closest to ``word``, whole or by its last part (``--n-agents`` and
    ``agents`` -> ``model.n_agents``), or None."""
    word = word.lstrip("-+~").replace("-", "_")
    if word in known:
        return word
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    tails = {k.rpartition(".")[2]: k for k in reversed(known)}  # the first key of a tail wins
    close = difflib.get_close_matches(word.rpartition(".")[2], list(tails), n=1, cutoff=0.6)
    return tails[close[0]] if close else None


def _unknown(command: Command, typed: str, lang: str = "en") -> UsageError:
    """A key (or an option) the command does not have, with the closest it has."""
    known = _candidates(command)
    close = suggest(typed, known)
    hint = ""
    if close is not None:
        declared = next((k for k in command.keys if k.name == close), None)
        example = "true" if declared is not None and declared.check is flag else "..."
        hint = t("cli.did_you_mean", lang, example=f"{close}={example}")
    entry = "cli.not_an_option" if typed.startswith("-") else "cli.unknown_key"
    return UsageError(t(entry, lang, name=typed, command=command.name, hint=hint))


def _parser() -> Any:
    need("hydra", "cli", "the polsim command")
    from hydra.core.override_parser.overrides_parser import OverridesParser

    return OverridesParser.create()


def wants_help(argv: Sequence[str]) -> bool:
    return any(a in ("-h", "--help") for a in argv)


def help_language(argv: Sequence[str]) -> str:
    """The ``lang=`` among ``argv`` (the help's language), English if none or unknown."""
    for item in argv:
        key, _, value = item.partition("=")
        if key == "lang" and value.strip("'\"") in LANGUAGES:
            return value.strip("'\"")
    return "en"


def parse(argv: Sequence[str]) -> Invocation:
    """Read ``argv`` (without the program name); raise :class:`UsageError` on anything it
    cannot read. ``--help`` and ``--version`` are handled before (see :func:`main`)."""
    argv = list(argv)
    lang = help_language(argv)  # the errors below in the language asked for
    name, rest = argv[0], argv[1:]
    command = COMMANDS.get(name)
    if command is None:
        close = difflib.get_close_matches(name.lstrip("-"), list(COMMANDS), n=1)
        hint = t("cli.did_you_mean", lang, example=close[0]) if close else ""
        raise UsageError(t("cli.unknown_command", lang, command=name, hint=hint,
                           commands=", ".join(COMMANDS)))  # fmt: skip
    found = Invocation(name, argv)
    if rest and command.topics and "=" not in rest[0] and not rest[0].startswith("-"):
        if rest[0] not in command.topics:
            raise UsageError(f"{name}: {rest[0]!r} must be one of "
                             f"{', '.join(command.topics)}")  # fmt: skip
        found.topic, rest = rest[0], rest[1:]
    for item in rest:
        if item.startswith("-"):
            raise _unknown(command, item.partition("=")[0], lang)
        if "=" not in item and not item.startswith("~"):
            raise UsageError(t("cli.not_key_value", lang, command=name, item=item))
    parser: Any = _parser() if rest or command.config else None  # compare, run: Hydra composes
    keys = {k.name: k for k in command.keys}
    for item in rest:
        from hydra.errors import HydraException

        try:
            override = parser.parse_override(item)
        except HydraException as exc:
            first = " ".join(str(exc).split())[:200]
            raise UsageError(f"{name}: cannot read {item!r}: {first}") from None
        key = override.key_or_group
        if key in found.given and not command.config:  # compare, run: the last wins, as in Hydra
            raise UsageError(f"{key} is given twice; give it once")
        found.given.add(key)
        declared = keys.get(key)
        group, dot, parameter = key.partition(".")
        if command.config:
            _check_config_key(command, key, declared, parameter if dot else None, group, lang)
            if key in ("quiet", "cfg"):
                found.values[key] = declared.check(override.value(), key)  # type: ignore[union-attr]
            else:
                found.overrides.append(item)
            continue
        if override.package is not None or override.is_add() or override.is_delete() \
                or override.is_force_add():  # fmt: skip
            raise UsageError(f"{name}: {item!r}: only key=value (no +, ~ or @)")
        if declared is None and dot and group == "model" and command.model:
            from polsim.model import registry

            if parameter not in registry.PARAMETERS:
                raise _unknown(command, key, lang)
            if override.is_sweep_override() and not override.is_discrete_sweep():
                raise UsageError(f"{key}: a sweep of listed values or a range(...), not "
                                 f"{item.partition('=')[2]!r}")  # fmt: skip
            if override.is_sweep_override() or isinstance(override.value(), list):
                values = list(override.sweep_iterator()) if override.is_sweep_override() \
                    else override.value()  # fmt: skip
                found.grid[parameter] = [_model_value(v, key) for v in values]
            else:
                found.fixed[parameter] = _model_value(override.value(), key)
            continue
        if declared is None:
            raise _unknown(command, key, lang)
        if override.is_sweep_override():
            raise UsageError(f"{key} takes one value, not a sweep; got {item.partition('=')[2]!r}")
        value = override.value()
        if declared.check in (text, address) and isinstance(value, (int, float)):
            value = item.partition("=")[2]  # out=2024 is a name, not a number
        found.values[declared.target] = declared.check(value, key)
    for declared in command.keys:
        if declared.name not in found.given and (not command.config or declared.check is not _raw):
            found.values.setdefault(declared.target, declared.default_value())
    if command.model == "sweep" and "n_agents" in found.fixed:
        found.values["n_agents"] = whole(*CITY_SIZES)(found.fixed.pop("n_agents"),
                                                      "model.n_agents")  # fmt: skip
    return found


def _model_value(value: Any, key: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UsageError(f"{key} must be a number or numbers, got {value!r}")
    return value


def _check_config_key(
    command: Command,
    key: str,
    declared: Key | None,
    parameter: str | None,
    group: str,
    lang: str = "en",
) -> None:
    if declared is not None:
        return
    if parameter is not None and group in ("model", "media", "network", "executor"):
        known = _candidates(command)
        if key in known:
            return
        if group in ("model", "media"):
            from polsim.model import registry

            try:
                registry.resolve({parameter: 0})
            except ValueError as exc:  # "model: unknown parameter ... (did you mean ...?)"
                raise UsageError(f"{group}: {str(exc).removeprefix('model: ')}") from None
            return
        raise _unknown(command, key, lang)
    if group == "hydra":  # e.g. hydra.searchpath: configs come from polsim's tree only
        raise UsageError(
            f"config: {key} cannot be set; polsim reads configs from its own tree and "
            "./configs only"
        )
    raise _unknown(command, key, lang)


# -- help -------------------------------------------------------------------------------------


def help_text(name: str | None, lang: str = "en", *, version: str = "") -> str:
    """The help of ``polsim`` (``name`` None) or of one command, in ``lang``."""
    if name is None:
        lines = [t("cli.usage", lang), "", t("cli.description", lang), "", t("cli.commands", lang)]
        width = max(len(c) for c in COMMANDS)
        lines += [f"  {c:{width}s}  {t(cmd.help_key, lang)}" for c, cmd in COMMANDS.items()]
        lines += ["", t("cli.grammar", lang), t("cli.more", lang)]
        return "\n".join(lines) + "\n"
    command = COMMANDS[name]
    topics = f" [{'|'.join(command.topics)}]" if command.topics else ""
    lines = [f"{t('cli.usage_word', lang)}: polsim {name}{topics} [KEY=VALUE ...]", "",
             t(command.description_key, lang), "", t("cli.keys", lang)]  # fmt: skip
    defaults = _config_defaults() if command.config else {}
    shown = []
    for key in command.keys:
        if command.config:
            default = defaults.get(key.name, key.default_value() if key.name in
                                   ("quiet", "cfg") else None)  # fmt: skip
        else:
            default = key.default_value()
        meaning = t(key.meaning or f"cli.key.{key.name.replace('.', '_')}", lang)
        if default is not None and default is not False:
            if isinstance(default, list):
                default = "[" + ",".join(map(str, default)) + "]"
            meaning += " (" + t("cli.default", lang, value=default) + ")"
        written = key.shown or "VALUE"
        if written == "GROUP":  # the configs of the tree's group
            written = "|".join(group_options(key.name))
        elif written == "KIND":
            written = "|".join(_executors())
        shown.append((f"{key.name}={written}", meaning))
    if command.model:
        shown.append(("model.NAME=VALUE", t("cli.key.model_sweep" if command.model == "sweep"
                                            else "cli.key.model_any", lang)))  # fmt: skip
    width = max(len(s) for s, _ in shown)
    lines += [f"  {s:{width}s}  {m}" for s, m in shown]
    lines += ["", t("cli.grammar", lang)]
    return "\n".join(lines) + "\n"


def _config_defaults() -> dict[str, Any]:
    """The configuration's values of the keys of ``compare`` and ``run`` (composed once)."""
    try:
        need("hydra", "cli", "the polsim command")
        from polsim.cli.config import compose_config

        cfg = compose_config([])
    except (ImportError, ValueError):  # the help still shows the keys
        return {}
    return {
        "scenario": cfg.scenario, "scenarios": cfg.scenarios, "replicates": cfg.replicates,
        "weeks": cfg.weeks, "seed": cfg.seed, "lang": cfg.lang, "out": str(cfg.out),
        "rank_by": cfg.rank_by, **_chosen_groups(),
    }  # fmt: skip


def _chosen_groups() -> dict[str, str]:
    """The config each group of the tree starts from: the defaults list of config.yaml."""
    from omegaconf import OmegaConf

    from polsim.scenarios import shipped, user_folder

    own = user_folder("configs")
    top = next(f / "config.yaml" for f in (own, shipped("configs"))
               if f is not None and (f / "config.yaml").is_file())  # fmt: skip
    chosen = {}
    for item in OmegaConf.to_container(OmegaConf.load(top)).get("defaults", []):  # type: ignore[union-attr]
        if isinstance(item, dict):
            chosen.update({str(k): str(v) for k, v in item.items()})
    return chosen
