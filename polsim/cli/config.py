"""Composing and validating the Hydra configuration of an experiment.

The configuration tree is shipped with the package (``polsim/data/configs``; a ``configs/``
folder in the working directory is searched first), with the groups ``model``, ``network``,
``media``, ``executor``, ``experiment``. Hydra composes it with the command line's overrides; polsim
then checks every value against its own registries and turns it into a typed
:class:`ExperimentConfig`. No ``_target_`` is ever instantiated: configuration names
parameters, scenarios and executors, never code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polsim.model import registry
from polsim.runs.comparison import OUTCOMES
from polsim.runs.executors import EXECUTOR_CONSTRAINTS, EXECUTOR_KEYS, make_executor
from polsim.runs.limits import MAX_REPLICATES, MAX_WEEKS
from polsim.scenarios import NETWORK_CONSTRAINTS, check_network, shipped, user_folder
from polsim.text import check_lang
from polsim.validation import check_fields, check_int, check_keys, check_mapping, check_text

__all__ = ["ExperimentConfig", "compose_config"]

CONFIG_KEYS = {
    "model",
    "network",
    "media",
    "executor",
    "scenario",
    "scenarios",
    "replicates",
    "weeks",
    "seed",
    "lang",
    "out",
    "rank_by",
    "resume",
}


#: the config groups (folders of the configuration tree)
CONFIG_GROUPS = ("model", "network", "media", "executor", "experiment")


@dataclass(frozen=True, slots=True)
class ExperimentConfig:
    """A validated experiment configuration."""

    parameters: dict[str, Any]
    network: dict[str, Any]
    executor: str
    workers: int | None
    scenario: str
    scenarios: list[str]
    replicates: int
    weeks: int
    seed: int
    lang: str
    out: Path
    rank_by: str = "final_silent"
    yaml: str = field(default="")
    resume: Path | None = None
    address: str | None = None

    def settings(self) -> dict[str, Any]:
        """What decides the runs' results (a folder is resumed only with the same)."""
        return {
            "scenarios": self.scenarios, "replicates": self.replicates, "weeks": self.weeks,
            "seed": self.seed, "parameters": self.parameters, "network": self.network,
        }  # fmt: skip


def _rewrite(overrides: Sequence[str]) -> list[str]:
    """Let ``model.X=v`` and ``media.X=v`` set any registered parameter and ``network.X=v`` any
    network setting: Hydra overrides only keys the tree already has, and the tree does not
    restate the registry's defaults, so these become Hydra's own ``++key=value`` (set, adding
    the key if needed). Each override is read by Hydra's parser; unknown parameters are
    refused with polsim's own message."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from hydra.core.override_parser.types import OverrideType

    parsed = OverridesParser.create().parse_overrides(list(overrides))
    out = []
    for item, override in zip(overrides, parsed, strict=True):
        group, dot, name = override.key_or_group.partition(".")
        changed = override.type == OverrideType.CHANGE
        if group == "hydra":  # e.g. hydra.searchpath: configs come from polsim's tree only
            raise ValueError(
                f"config: {override.key_or_group} cannot be set; polsim reads configs from its "
                "own tree and ./configs only"
            )
        value = override.value()
        if (
            not dot
            and group in CONFIG_GROUPS
            and isinstance(value, str)
            and any(c in value for c in "/\\")
        ):
            raise ValueError(
                f"config: {group} must name one of its configs, not a path; got {value!r}"
            )
        if dot and changed and group in ("model", "media"):
            if name not in registry.PARAMETERS:
                try:
                    registry.resolve({name: 0})
                except ValueError as exc:  # "model: unknown parameter ..."
                    raise ValueError(f"{group}: {str(exc).removeprefix('model: ')}") from None
            item = "++" + item
        elif dot and changed and group == "network" and name in NETWORK_CONSTRAINTS:
            item = "++" + item  # any network setting; check_network says which belong to the kind
        out.append(item)
    return out


def compose_config(overrides: Sequence[str], config_dir: Path | None = None) -> ExperimentConfig:
    """Compose ``configs/config.yaml`` with ``overrides`` and validate it."""
    from hydra import compose, initialize_config_dir
    from hydra.errors import HydraException
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    # the user's own configs/ (in the working directory) first, then the shipped tree
    own = None if config_dir is not None else user_folder("configs")
    folders = [config_dir] if config_dir is not None else [own, shipped("configs")]
    tree = [f.resolve() for f in folders if f is not None]
    primary = next((f for f in tree if (f / "config.yaml").is_file()), tree[-1])
    extra = [f for f in tree if f != primary]
    quoted = ",".join(
        "'file://" + str(f).replace("\\", "\\\\").replace("'", "\\'") + "'" for f in extra
    )
    search = [f"hydra.searchpath=[{quoted}]"] if extra else []
    try:
        with initialize_config_dir(config_dir=str(primary), version_base=None, job_name="polsim"):
            cfg = compose("config", overrides=[*_rewrite(overrides), *search])
    except (HydraException, OmegaConfBaseException) as exc:
        raise ValueError(_hydra_message(exc)) from None
    try:
        raw = OmegaConf.to_container(cfg, resolve=True)
    except OmegaConfBaseException as exc:  # an interpolation that cannot be resolved
        key = getattr(exc, "full_key", None)
        first = str(exc).splitlines()[0]
        raise ValueError(f"config: {key}: {first}" if key else f"config: {first}") from None
    assert isinstance(raw, dict)
    _no_targets(raw, "config")
    check_keys(raw, CONFIG_KEYS, "config")
    params = {**(raw.get("media") or {}), **(raw.get("model") or {})}
    try:
        registry.resolve(params)
    except ValueError as exc:
        raise ValueError(f"model: {exc}") from None
    network = check_network(raw.get("network"))
    section = check_mapping(raw.get("executor") or {}, "executor", keys=EXECUTOR_KEYS)
    executor = check_fields(section, EXECUTOR_CONSTRAINTS, "executor")
    workers = executor["workers"]
    address = section.get("address")
    make_executor(executor["kind"], workers, address)  # checks the address and the kind
    scenarios = raw.get("scenarios")
    if isinstance(scenarios, str):
        scenarios = [scenarios]
    if (
        not isinstance(scenarios, list)
        or not scenarios
        or not all(isinstance(s, str) for s in scenarios)
    ):
        raise ValueError(f"scenarios must be a list of scenario names, got {scenarios!r}")
    lang = check_lang(raw.get("lang"))
    rank_by = raw.get("rank_by", "final_silent")
    if rank_by not in OUTCOMES or rank_by == "spent":
        choices = ", ".join(k for k in OUTCOMES if k != "spent")
        raise ValueError(f"rank_by must be one of {choices}; got {rank_by!r}")
    return ExperimentConfig(
        parameters=params,
        network=network,
        executor=executor["kind"],
        address=address,
        workers=workers,
        scenario=check_text(raw.get("scenario"), "scenario"),
        scenarios=list(scenarios),
        replicates=check_int(raw.get("replicates"), "replicates", low=2, high=MAX_REPLICATES),
        weeks=check_int(raw.get("weeks"), "weeks", low=1, high=MAX_WEEKS),
        seed=check_int(raw.get("seed"), "seed", low=0),
        lang=lang,
        out=Path(check_text(raw.get("out"), "out")),
        resume=None if raw.get("resume") is None else Path(check_text(raw["resume"], "resume")),
        rank_by=rank_by,
        yaml=OmegaConf.to_yaml(cfg),
    )


def _no_targets(node: Any, where: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "_target_":
                raise ValueError(
                    f"{where}._target_: not allowed; polsim never runs code named in a config"
                )
            _no_targets(value, f"{where}.{key}")
    elif isinstance(node, list):
        for k, value in enumerate(node):
            _no_targets(value, f"{where}[{k}]")


def _hydra_message(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    if "Could not override" in text:
        key = text.split("'")[1] if "'" in text else text
        return f"config: unknown key {key!r} (polsim list shows the keys and parameters)"
    found = re.search(r"Could not find '([\w-]+)/([^']*)'", text)
    if found:
        group, name = found.groups()
        listed = str(exc).split("Available options in", 1)[-1].split("\n")[1:]
        options = []
        for line in listed:  # one option a line, each indented by a tab
            if not line.startswith("\t"):
                break
            options.append(line.strip())
        allowed = ", ".join(options)
        return f"config: {group} must be one of {allowed}; got {name!r}"
    if "Could not find" in text or "In 'config'" in text:
        return f"config: {text.split('Available options')[0].strip()}"
    return f"config: {text[:300]}"
