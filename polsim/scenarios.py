"""Policy scenarios: load, validate, and build a model with its interventions.

A scenario is a YAML file in ``scenarios/`` (or a mapping with the same keys)::

    name: key_figures
    title: {en: Key-figure network, nl: Sleutelfigurennetwerk}
    summary: {en: ..., nl: ...}
    parameters: {media_amplification: 0.25}      # model parameter overrides
    monitoring: {interval: 4, delay: 2}          # the quick scan (always on)
    interventions:
      - {type: key_figures, coverage: 0.02, cost_per_unit: 40}
    shocks:
      - {start: 20, duration: 6, strength: 0.2, reach: 0.5, name: national debate}

Only names from polsim's registries are accepted: parameters from
:data:`polsim.model.registry.PARAMETERS`, interventions from
:data:`polsim.interventions.INTERVENTIONS`. Nothing in a file can name Python code to run; a
``_target_`` key, like any unknown key, is rejected with one line naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from polsim.interventions import QuickScan, build
from polsim.interventions.base import Intervention
from polsim.model import PolarisationModel, registry
from polsim.model.events import Shock
from polsim.model.polarisation import default_network
from polsim.networks import GraphLike, stochastic_block
from polsim.text import LANGUAGES
from polsim.validation import (
    Constraint,
    Interval,
    Options,
    check,
    check_keys,
    check_mapping,
)

__all__ = [
    "NETWORK_CONSTRAINTS",
    "NETWORK_KINDS",
    "Scenario",
    "available",
    "build_network",
    "check_network",
    "load",
    "make_model",
    "read_yaml",
    "shipped",
    "user_folder",
]

#: the keys of a scenario file
SCENARIO_KEYS = {"name", "title", "summary", "parameters", "monitoring", "interventions", "shocks"}
SHOCK_KEYS = {f.name for f in fields(Shock)}
MONITOR_KEYS = set(QuickScan.constraints)
#: The offline networks a configuration may name: kind -> its settings and their defaults.
#: None takes the model parameter of the same meaning (``network_degree``,
#: ``network_rewiring``), so the registry is the one source of those defaults.
NETWORK_KINDS: dict[str, dict[str, Any]] = {
    "small_world": {"degree": None, "rewire": None},
    "neighbourhoods": {"groups": 8, "degree": None, "homophily": 0.8},
}
_FROM_REGISTRY = {"degree": "network_degree", "rewire": "network_rewiring"}
#: the constraints of the network settings (degree and rewiring as in the registry)
NETWORK_CONSTRAINTS: dict[str, Constraint] = {
    "kind": Options(tuple(NETWORK_KINDS)),
    "degree": [registry.PARAMETERS["network_degree"].constraint, None],
    "rewire": [registry.PARAMETERS["network_rewiring"].constraint, None],
    "groups": Interval(int, 1, None),
    "homophily": Interval(float, 0.0, 1.0),
}


def check_network(spec: Any) -> dict[str, Any]:
    """A validated network section (``kind`` and that kind's settings, nothing else)."""
    spec = check_mapping(spec if spec is not None else {}, "network")
    kind = check(spec.get("kind", "small_world"), NETWORK_CONSTRAINTS["kind"], "network.kind")
    allowed = {"kind", *NETWORK_KINDS[kind]}
    check_mapping(spec, "network", keys=allowed)
    checked = {k: check(v, NETWORK_CONSTRAINTS[k], f"network.{k}") for k, v in spec.items()}
    return {**checked, "kind": kind}


@dataclass(frozen=True, slots=True)
class Scenario:
    """A validated scenario; ``make_model`` turns it into a runnable model."""

    name: str
    title: dict[str, str]
    summary: dict[str, str]
    parameters: dict[str, Any]
    monitoring: dict[str, Any]
    interventions: tuple[dict[str, Any], ...]
    shocks: tuple[dict[str, Any], ...]
    source: str = field(default="")

    @classmethod
    def from_mapping(cls, data: Any, source: str = "scenario") -> Scenario:
        """Validate ``data`` (a mapping as in a scenario file)."""
        if not isinstance(data, Mapping):
            raise ValueError(f"{source}: must be a mapping of {', '.join(sorted(SCENARIO_KEYS))}")
        check_keys(data, SCENARIO_KEYS, source)
        name = data.get("name")
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(
                f"{source}: name must be a word of letters, digits and _, got {name!r}"
            )
        params = check_mapping(_given(data, "parameters", {}), f"{source}: parameters")
        try:
            registry.resolve(params)
        except ValueError as exc:
            raise ValueError(f"{source}: parameters: {exc}") from None
        monitoring = check_mapping(
            _given(data, "monitoring", {}), f"{source}: monitoring", keys=MONITOR_KEYS
        )
        try:
            QuickScan(**monitoring)  # validates
        except ValueError as exc:
            raise ValueError(f"{source}: {exc}") from None
        interventions = _items(data, "interventions", source)
        for k, item in enumerate(interventions):
            build(item, f"{source}: interventions[{k}]")  # validates, result discarded
        shocks = _items(data, "shocks", source)
        for k, item in enumerate(shocks):
            where = f"{source}: shocks[{k}]"
            check_mapping(item, where, keys=SHOCK_KEYS)
            try:
                Shock(**item)
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from None
            except TypeError:  # a required field missing
                missing = sorted({"start", "duration", "strength"} - set(item))
                raise ValueError(f"{where}: needs {', '.join(missing)}") from None
        return cls(
            name=name,
            title=_texts(data.get("title"), name, f"{source}: title"),
            summary=_texts(data.get("summary"), "", f"{source}: summary"),
            parameters=params,
            monitoring=monitoring,
            interventions=tuple(dict(i) for i in interventions),
            shocks=tuple(dict(s) for s in shocks),
            source=source,
        )

    def to_mapping(self) -> dict[str, Any]:
        """The scenario as a mapping :meth:`from_mapping` reads back (as in a scenario file)."""
        return {
            "name": self.name, "title": dict(self.title), "summary": dict(self.summary),
            "parameters": dict(self.parameters), "monitoring": dict(self.monitoring),
            "interventions": [dict(i) for i in self.interventions],
            "shocks": [dict(s) for s in self.shocks],
        }  # fmt: skip

    def check_weeks(self, weeks: int) -> None:
        """Refuse a run of ``weeks`` weeks in which an intervention or a shock of this
        scenario would never act (it starts in week ``weeks`` or later): a plan that does
        nothing would be reported as if it had been tried."""
        for key, items in (("interventions", self.interventions), ("shocks", self.shocks)):
            for k, item in enumerate(items):
                start = int(item.get("start", 0))
                if start >= weeks:
                    what = item.get("type", item.get("name", "shock"))
                    raise ValueError(
                        f"scenario {self.name}: {key}[{k}] ({what}) starts in week {start}, "
                        f"but the run has weeks 0 to {weeks - 1} (weeks={weeks}): it would "
                        "never act; make weeks larger or start earlier"
                    )

    def policies(self, rng: np.random.SeedSequence) -> tuple[QuickScan, list[Intervention]]:
        """Fresh monitoring and interventions, each with its own generator from ``rng``."""
        seeds = rng.spawn(len(self.interventions) + 1)
        scan = QuickScan(**self.monitoring)
        scan.rng = np.random.default_rng(seeds[0])
        built = []
        for k, (item, seed) in enumerate(zip(self.interventions, seeds[1:], strict=True)):
            iv = build(item, f"{self.name}: interventions[{k}]")
            iv.rng = np.random.default_rng(seed)
            built.append(iv)
        return scan, built


def _given(data: Mapping[str, Any], key: str, default: Any) -> Any:
    """``data[key]``, or ``default`` when the key is absent or empty (``key:`` alone)."""
    value = data.get(key)
    return default if value is None else value


def _items(data: Mapping[str, Any], key: str, source: str) -> tuple[Any, ...]:
    """The list under ``key`` (absent or empty: none)."""
    value = _given(data, key, [])
    if not isinstance(value, list):
        raise ValueError(f"{source}: {key} must be a list, got {value!r}")
    return tuple(value)


def _texts(value: Any, default: str, where: str) -> dict[str, str]:
    """A text in every language: one text for all, or one per language (English, the first,
    stands in for a language not given)."""
    if value is None:
        return dict.fromkeys(LANGUAGES, default)
    if isinstance(value, str):
        return dict.fromkeys(LANGUAGES, value)
    if isinstance(value, Mapping) and set(value) <= set(LANGUAGES):
        first = str(value.get(LANGUAGES[0], ""))
        return {lang: str(value.get(lang, first)) for lang in LANGUAGES}
    raise ValueError(f"{where} must be text or a mapping with keys {' and '.join(LANGUAGES)}")


def shipped(kind: str) -> Path:
    """The folder of the ``"scenarios"`` or ``"configs"`` shipped inside the package."""
    if kind not in ("scenarios", "configs"):
        raise ValueError(f"kind must be scenarios or configs, got {kind!r}")
    folder = resources.files("polsim") / "data" / kind
    return Path(str(folder))


def user_folder(kind: str, start: Path | None = None) -> Path | None:
    """The user's own ``scenarios/`` or ``configs/`` folder in the working directory, if it
    has one and it is not the shipped folder itself."""
    folder = (start or Path.cwd()) / kind
    if not folder.is_dir() or folder.resolve() == shipped(kind).resolve():
        return None
    return folder


def available(folder: Path | None = None) -> dict[str, Path]:
    """Scenario names and their files: those in ``folder`` if given; else the shipped ones,
    with the user's own ``./scenarios/*.yaml`` added (a file there with a shipped scenario's
    name takes its place)."""
    if folder is not None:
        return {p.stem: p for p in sorted(folder.glob("*.yaml"))}
    found = {p.stem: p for p in sorted(shipped("scenarios").glob("*.yaml"))}
    own = user_folder("scenarios")
    if own is not None:
        found.update({p.stem: p for p in sorted(own.glob("*.yaml"))})
    return found


def load(name_or_path: str | Path, folder: Path | None = None) -> Scenario:
    """Load and validate a scenario by name (from ``scenarios/``) or by file path."""
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        files = available(folder)
        if str(name_or_path) not in files:
            raise ValueError(
                f"scenario {name_or_path!r} is unknown; known: {', '.join(files) or 'none'}"
            )
        path = files[str(name_or_path)]
    data = read_yaml(path, "scenario file")
    scenario = Scenario.from_mapping(data, source=f"scenario {path.name}")
    if scenario.name != path.stem:
        raise ValueError(f"scenario {path.name}: name must be {path.stem!r}, got {scenario.name!r}")
    return scenario


#: The largest YAML file polsim reads (a scenario or config is a few kilobytes).
MAX_YAML_BYTES = 1 << 20


class _NoAliases(yaml.SafeLoader):
    """YAML's safe loader without aliases (``*name``): a scenario never needs them, and nested
    aliases let a few hundred bytes expand into gigabytes ("billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def read_yaml(path: Path, what: str = "file") -> Any:
    """The YAML document in ``path``, read safely: at most :data:`MAX_YAML_BYTES`, UTF-8, no
    aliases, no tags that name Python objects. Errors are one line naming the file."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{what} {path}: no such file")
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise ValueError(f"{what} {path}: {size} bytes; at most {MAX_YAML_BYTES} are read")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValueError(f"{what} {path}: not UTF-8 text (byte {exc.start}, line {line})") from None
    try:
        return yaml.load(text, Loader=_NoAliases)  # a SafeLoader: plain YAML only
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        where = f" (line {mark.line + 1})" if mark is not None else ""
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
            problem = "tags such as !!python/... are not allowed (plain YAML only)"
        elif problem.startswith(("expected", "found", "could not", "mapping values", "while")):
            problem = "not valid YAML"
        raise ValueError(f"{what} {path}: {problem}{where}") from None


def build_network(
    spec: Mapping[str, Any],
    n: int,
    rng: np.random.SeedSequence,
    parameters: Mapping[str, Any] | None = None,
) -> GraphLike:
    """The offline network of a configuration: ``kind`` plus that kind's settings; settings
    not given come from the model ``parameters`` (resolved against the registry)."""
    checked = check_network(spec)
    kind = checked.pop("kind")
    settings = {**NETWORK_KINDS[kind], **checked}
    resolved = registry.resolve(parameters)
    for key, value in settings.items():
        if value is None:
            settings[key] = resolved[_FROM_REGISTRY[key]]
    gen = np.random.default_rng(rng)
    if kind == "small_world":
        return default_network(n, int(settings["degree"]), float(settings["rewire"]), gen)
    groups = int(settings["groups"])
    if groups < 1 or groups > n:
        raise ValueError(f"network.groups must be in [1, {n}], got {groups}")
    sizes = [n // groups + (1 if k < n % groups else 0) for k in range(groups)]
    return stochastic_block(
        sizes,
        mean_degree=float(settings["degree"]),
        homophily=float(settings["homophily"]),
        rng=gen,
    )


def make_model(
    scenario: Scenario,
    *,
    seed: int,
    replicate: int,
    parameters: Mapping[str, Any] | None = None,
    network: Mapping[str, Any] | None = None,
    point: int | None = None,
    threads: int | None = None,
) -> PolarisationModel:
    """The model of ``scenario`` for one replicate (``threads``: of its compiled kernels,
    default by the city's size; the result is the same whatever the count).

    Seeds derive from ``SeedSequence([seed, replicate])`` (in a sweep, ``[seed, point,
    replicate]``), split into the network, the model and
    the policies, so replicate *r* of every scenario starts from the same network, people and
    random stream (common random numbers), and an intervention's own choices come from its own
    stream. Once an intervention changes the city, later draws of the shared stream can fall
    differently (a dialogue, an unfollowing), so the pairing is closest early on.
    """
    key = [seed, replicate] if point is None else [seed, point, replicate]
    net_ss, model_ss, policy_ss = np.random.SeedSequence(key).spawn(3)
    params = {**dict(parameters or {}), **scenario.parameters}
    n = int(registry.resolve(params)["n_agents"])
    graph = build_network(network or {}, n, net_ss, params)
    scan, interventions = scenario.policies(policy_ss)
    shocks = [Shock(**s) for s in scenario.shocks]
    return PolarisationModel(
        network=graph,
        rng=np.random.default_rng(model_ss),
        shocks=shocks,
        policies=[scan, *interventions],
        create_agents=False,
        threads=threads,
        **{k: v for k, v in params.items() if k != "n_agents"},
    )
