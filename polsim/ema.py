"""polsim for the EMA Workbench: a ready model and scenario discovery with PRIM.

:func:`workbench_model` gives an :class:`ema_workbench.Model` whose uncertainties are the
registry's plausible ranges, whose levers deploy interventions, and whose outcomes are those of
the comparison
(:data:`polsim.runs.comparison.OUTCOMES`), averaged over ``replicates`` runs. Evaluate it with
any of the Workbench's evaluators; each experiment's runs use ``SeedSequence([seed, k,
replicate])`` with ``k`` a hash of the experiment's values, so the same experiment gives the
same result whatever evaluator runs it and in whatever order. :func:`discover` finds, with
PRIM, the region of the uncertainties (and levers) where an outcome happens, for instance where
the city reaches phase 4.

The levers come from the interventions' own classes (:data:`LEVERS`): each kind that declares
one (:meth:`polsim.interventions.Intervention.ema_lever`, a researcher's registered kind as
well) gives two levers, ``<kind>`` (deploy it or not) and ``<kind>_<field>`` (the setting its
lever sets, over the range the class declares). A kind is deployed as the shipped scenario of
its own name describes it (start, cost per unit, other settings), where there is one, else with
its class's defaults from week 0.

Needs the extra ``polsim[ema]`` (``pip install 'polsim[ema]'``).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from polsim.interventions import INTERVENTIONS, Control
from polsim.model import registry
from polsim.runs.comparison import OUTCOMES, outcomes_of
from polsim.runs.executors import Task
from polsim.runs.limits import MAX_REPLICATES, MAX_WEEKS
from polsim.runs.loop import execute
from polsim.scenarios import Scenario, available, load
from polsim.validation import DEFAULT_SEED, check_int, check_keys, check_options

__all__ = ["LEVERS", "Discovery", "discover", "workbench_model"]


class _Levers(Mapping[str, Control]):
    """Every registered intervention kind with an EMA lever, and the lever its class declares
    (read when asked, so that a kind registered later is one too)."""

    def __getitem__(self, kind: str) -> Control:
        cls = INTERVENTIONS.get(kind)
        lever = None if cls is None else cls.ema_lever()
        if lever is None:
            raise KeyError(kind)
        return lever

    def __iter__(self) -> Iterator[str]:
        return (k for k, cls in sorted(INTERVENTIONS.items()) if cls.ema_lever() is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


#: The interventions a lever can deploy: kind -> its lever (the field it sets and its range),
#: from the intervention's class.
LEVERS: Mapping[str, Control] = _Levers()


def _plan(kind: str) -> dict[str, Any]:
    """How a lever deploys ``kind``: as the shipped scenario of its name does, else from week 0
    with its class's defaults."""
    if kind in available():
        entries = [dict(i) for i in load(kind).interventions if i.get("type") == kind]
        if len(entries) == 1:
            return entries[0]
    return {"type": kind, "start": 0}


def _strength(kind: str) -> str:
    """The name of the lever that sets ``kind``'s strength: ``<kind>_<field>``."""
    return f"{kind}_{LEVERS[kind].field}"


def _setting(kind: str, value: float) -> float | int:
    """A lever's value as the field takes it (a whole number for a whole-number field)."""
    field = next(f for f in dataclasses.fields(INTERVENTIONS[kind]) if f.name == LEVERS[kind].field)
    whole = isinstance(field.default, int) and not isinstance(field.default, bool)
    return round(value) if whole else float(value)


def _workbench() -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # about its optional parallel engines
            import ema_workbench
    except ImportError:  # pragma: no cover - depends on the installation
        raise ValueError("polsim.ema needs the extra: pip install 'polsim[ema]'") from None
    return ema_workbench


def workbench_model(
    *,
    uncertainties: Sequence[str] | None = None,
    levers: Sequence[str] | None = None,
    outcomes: Sequence[str] = ("final_silent", "incidents", "reached_phase_4", "spent"),
    replicates: int = 1,
    weeks: int = 78,
    seed: int = DEFAULT_SEED,
    **fixed: Any,
) -> Any:
    """The polsim city as an EMA Workbench model (see the module's description).

    ``uncertainties`` default to every parameter with a plausible range and ``levers`` to
    every kind of :data:`LEVERS`; ``fixed`` are model parameters for every experiment (e.g.
    ``n_agents=1000``).
    """
    ema = _workbench()
    names = [p.name for p in registry.uncertain()] if uncertainties is None else list(uncertainties)
    check_keys(names, registry.PARAMETERS, "uncertainties", what="parameter", list_allowed=False)
    levers = list(LEVERS) if levers is None else list(levers)
    check_keys(levers, LEVERS, "levers")
    for name in outcomes:
        check_options(name, "outcomes", list(OUTCOMES))
    replicates = check_int(replicates, "replicates", low=1, high=MAX_REPLICATES)
    weeks = check_int(weeks, "weeks", low=1, high=MAX_WEEKS)
    registry.resolve(fixed)
    plans = {kind: _plan(kind) for kind in levers}

    def city(**point: Any) -> dict[str, float]:
        k = _key(point)
        chosen = []
        for kind in levers:
            on, strength = point.pop(kind, False), point.pop(_strength(kind), None)
            if on:
                plan = dict(plans[kind])
                if strength is not None:
                    plan[LEVERS[kind].field] = _setting(kind, strength)
                chosen.append(plan)
        scenario = Scenario.from_mapping(
            {"name": "ema", "interventions": chosen}, source="ema model"
        )  # fmt: skip
        values = {**fixed, **{n: (round(v) if registry.PARAMETERS[n].kind is int else v)
                              for n, v in point.items()}}  # fmt: skip
        tasks = [Task(scenario, r, seed, weeks, values, {}, point=k) for r in range(replicates)]
        runs = pd.concat(execute(tasks, keep=outcomes_of), ignore_index=True)
        means = runs[list(outcomes)].mean()
        return {name: float(means[name]) for name in outcomes}

    built = ema.Model("polsim", function=city)
    built.uncertainties = [
        ema.IntegerParameter(n, int(registry.PARAMETERS[n].plausible[0]),
                             int(registry.PARAMETERS[n].plausible[1]))
        if registry.PARAMETERS[n].kind is int
        else ema.RealParameter(n, *map(float, registry.PARAMETERS[n].plausible))
        for n in names
    ]  # fmt: skip
    built.levers = [
        lever
        for kind in levers
        for lever in (
            ema.BooleanParameter(kind),
            ema.RealParameter(_strength(kind), float(LEVERS[kind].low), float(LEVERS[kind].high)),
        )
    ]
    built.outcomes = [ema.ScalarOutcome(name) for name in outcomes]
    return built


def _key(point: dict[str, Any]) -> int:
    """A stable number for an experiment's values (its random streams' key)."""
    import hashlib

    text = repr(sorted((str(k), repr(v)) for k, v in point.items()))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


@dataclass(frozen=True, slots=True)
class Discovery:
    """A PRIM box: where an outcome happens."""

    #: the restricted dimensions with their ``min`` and ``max`` (rows: dimensions)
    limits: pd.DataFrame
    #: share of the experiments with the outcome that lie in the box
    coverage: float
    #: share of the experiments in the box that have the outcome
    density: float
    #: the whole peeling trajectory (coverage against density), for the trade-off plot
    trajectory: pd.DataFrame
    #: the Workbench's PrimBox (``show_tradeoff()``, ``inspect()``)
    box: Any


def discover(
    experiments: pd.DataFrame,
    outcomes: dict[str, np.ndarray],
    *,
    outcome: str = "reached_phase_4",
    above: float = 0.5,
    threshold: float = 0.8,
) -> Discovery:
    """The PRIM box of the experiments in which ``outcome`` exceeds ``above`` (by default:
    the city reached phase 4 in most of an experiment's runs): on PRIM's peeling trajectory,
    the box of the highest coverage whose density is at least ``threshold``."""
    _workbench()
    from ema_workbench.analysis import prim

    if outcome not in outcomes:
        raise ValueError(f"outcome must be one of {', '.join(outcomes)}; got {outcome!r}")
    y = np.asarray(outcomes[outcome], dtype=float) > above
    if not y.any():
        raise ValueError(f"no experiment has {outcome} above {above}: nothing to discover")
    x = experiments.drop(columns=[c for c in ("scenario", "policy", "model")
                                  if c in experiments.columns])  # fmt: skip
    with warnings.catch_warnings():  # the Workbench's own use of pandas' deprecated keywords
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        box = prim.Prim(x, y).find_box()
    trajectory = box.peeling_trajectory
    dense = trajectory[trajectory.density >= threshold]
    chosen = int(dense.coverage.idxmax()) if len(dense) else int(trajectory.density.idxmax())
    box.select(chosen)
    lims, initial = box.box_lims[chosen], box.box_lims[0]
    changed = [c for c in lims.columns if not lims[c].equals(initial[c])]
    limits = pd.DataFrame({"min": lims.loc[0, changed], "max": lims.loc[1, changed]})
    row = trajectory.loc[chosen]
    return Discovery(limits=limits, coverage=float(row.coverage), density=float(row.density),
                     trajectory=trajectory, box=box)  # fmt: skip
