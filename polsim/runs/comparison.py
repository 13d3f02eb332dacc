"""Paired comparison of scenarios over many replicates.

Replicate *r* of every scenario shares its seed, network and the city's random stream (common
random numbers), so differences between scenarios are measured within replicates: paired
differences against the baseline, with 95% t-intervals over replicates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from polsim.runs.executors import Executor, Task
from polsim.runs.loop import _checked, execute
from polsim.scenarios import Scenario
from polsim.text import text
from polsim.validation import DEFAULT_SEED, check_options

__all__ = [
    "OUTCOMES",
    "READINGS",
    "Comparison",
    "Outcome",
    "compare",
    "outcomes_of",
    "paired_effects",
]


@dataclass(frozen=True, slots=True)
class Outcome:
    """An outcome compared between scenarios: its name (a column of ``outcomes``) and which
    direction is better. What readers call it is in the text catalogue, ``outcome.<name>``."""

    name: str
    higher_is_better: bool

    def label(self, lang: str = "en") -> str:
        """The outcome's name for readers in ``lang`` (``"en"`` or ``"nl"``)."""
        return text(f"outcome.{self.name}", lang)


#: Outcomes compared between scenarios, in the order the report lists them. Any of them but
#: ``spent`` can rank the scenarios (``compare(rank_by=...)``); the report shows them side by
#: side.
OUTCOMES: dict[str, Outcome] = {
    outcome.name: outcome
    for outcome in (
        Outcome("final_silent", higher_is_better=True),
        Outcome("mean_silent", higher_is_better=True),
        Outcome("final_polarised", higher_is_better=False),
        Outcome("final_tolerance", higher_is_better=True),
        Outcome("scapegoats", higher_is_better=False),
        Outcome("incidents", higher_is_better=False),
        Outcome("reached_phase_4", higher_is_better=False),
        Outcome("weeks_phase_3_or_4", higher_is_better=False),
        Outcome("week_reaching_phase_3", higher_is_better=True),
        Outcome("week_reaching_phase_4", higher_is_better=True),
        Outcome("spent", higher_is_better=False),
    )
}
#: Outcomes that share their numbers with the KIS reading (:mod:`polsim.model.phases`): the phase
#: outcomes are the reading itself, and phase 4 is read from the incident rate. A difference
#: in one of them and in the phase is one finding, not two.
READINGS = ("incidents", "reached_phase_4", "weeks_phase_3_or_4", "week_reaching_phase_3",
            "week_reaching_phase_4")  # fmt: skip


def outcomes_of(trajectories: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario and replicate with the :data:`OUTCOMES`.

    A phase never reached counts as reached the week after the horizon (censored), so
    earlier-is-worse comparisons stay defined; whether it was reached is in
    ``reached_phase_3`` / ``reached_phase_4`` (1 or 0).
    """
    rows = []
    for (scenario, replicate), run in trajectories.groupby(["scenario", "replicate"], sort=False):
        weeks = run[run.step > 0]
        horizon = int(run.step.max())
        last = run.iloc[-1]
        row: dict[str, Any] = {
            "scenario": scenario,
            "replicate": replicate,
            "final_silent": last.silent,
            "mean_silent": float(weeks.silent.mean()),
            "final_polarised": last.pusher + last.joiner,
            "final_tolerance": last.tolerance_of_middle,
            "scapegoats": last.scapegoat,
            "incidents": float(weeks.incident_rate.sum()),
            "weeks_phase_3_or_4": int((weeks.phase >= 3).sum()),
            "spent": float(last.spent),
        }
        for k in (1, 2, 3, 4):
            row[f"weeks_phase_{k}"] = int((weeks.phase == k).sum())
        for k in (3, 4):
            reached = weeks.step[weeks.phase >= k]
            row[f"reached_phase_{k}"] = float(len(reached) > 0)
            row[f"week_reaching_phase_{k}"] = int(reached.min()) if len(reached) else horizon + 1
        rows.append(row)
    return pd.DataFrame(rows)


def paired_effects(outcomes: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Mean paired difference (scenario minus baseline) of each outcome, with a 95%
    t-interval over replicates and the standardised effect d_z = mean / sd."""
    base = outcomes[outcomes.scenario == baseline].set_index("replicate")
    rows = []
    for scenario, group in outcomes.groupby("scenario", sort=False):
        if scenario == baseline:
            continue
        g = group.set_index("replicate").loc[base.index]
        for outcome in OUTCOMES:
            diff = (g[outcome] - base[outcome]).to_numpy(dtype=float)
            n = diff.size
            mean = float(diff.mean())
            sd = float(diff.std(ddof=1)) if n > 1 else 0.0
            half = float(stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)) if n > 1 else float("nan")
            rows.append(
                {
                    "scenario": scenario,
                    "outcome": outcome,
                    "difference": mean,
                    "ci_low": mean - half,
                    "ci_high": mean + half,
                    "effect_size": mean / sd if sd > 0 else 0.0,
                    "replicates": n,
                    "clear": bool(n > 1 and (mean - half > 0 or mean + half < 0)),
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Comparison:
    """Everything a comparison produced, as tidy tables.

    Attributes
    ----------
    trajectories : one row per scenario, replicate and week (the model's measures)
    outcomes : one row per scenario and replicate (:data:`OUTCOMES`)
    effects : paired differences against the baseline with 95% intervals
    summary : mean and 95% interval per scenario and week of the main measures
    ranking : scenarios ordered by their effect on the chosen outcome, with costs
    scenarios : the scenarios compared, baseline first
    settings : replicates, weeks, seed, parameters, network, executor
    """

    trajectories: pd.DataFrame
    outcomes: pd.DataFrame
    effects: pd.DataFrame
    summary: pd.DataFrame
    ranking: pd.DataFrame
    scenarios: tuple[Scenario, ...]
    settings: dict[str, Any]


SUMMARY_MEASURES = (
    "silent",
    "pusher",
    "joiner",
    "bridge_builder",
    "scapegoat",
    "tolerance_of_middle",
    "bimodality",
    "salience",
    "incident_rate",
    "us_them_talk",
    "avoidance",
    "phase",
)


def _summary(trajectories: pd.DataFrame) -> pd.DataFrame:
    grouped = trajectories.groupby(["scenario", "step"], sort=False)
    mean = grouped[list(SUMMARY_MEASURES)].mean()
    sem = grouped[list(SUMMARY_MEASURES)].sem().fillna(0.0)
    n = grouped.size()
    tcrit = stats.t.ppf(0.975, np.maximum(n - 1, 1)).reshape(-1, 1)
    low = mean - sem * tcrit
    high = mean + sem * tcrit
    out = mean.add_suffix("_mean").join(low.add_suffix("_low")).join(high.add_suffix("_high"))
    for k in (1, 2, 3, 4):
        share = (trajectories["phase"] == k).groupby(
            [trajectories.scenario, trajectories.step], sort=False
        )
        out[f"phase_{k}_share"] = share.mean().astype(float)
    return out.reset_index()


def _ranking(
    outcomes: pd.DataFrame, effects: pd.DataFrame, baseline: str, rank_by: str
) -> pd.DataFrame:
    """Scenarios ordered by their effect on ``rank_by`` (best first), with the main outcomes
    side by side and the mean cost per run."""
    eff = effects.set_index(["scenario", "outcome"])
    cost = outcomes.groupby("scenario").spent.mean()
    better = 1.0 if OUTCOMES[rank_by].higher_is_better else -1.0
    rows = []
    for scenario in effects.scenario.unique():
        key = eff.loc[(scenario, rank_by)]
        spent = float(cost[scenario])
        gain = better * float(key.difference)
        rows.append(
            {
                "scenario": scenario,
                "outcome": rank_by,
                "difference": float(key.difference),
                "ci_low": float(key.ci_low),
                "ci_high": float(key.ci_high),
                "clear": bool(key.clear),
                **{
                    f"{name}_change": float(eff.loc[(scenario, name), "difference"])
                    for name in ("final_silent", "incidents", "scapegoats", "reached_phase_4")
                },
                "mean_cost": spent,
                "gain_per_10k": gain / (spent / 1e4) if spent > 0 else float("nan"),
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table = table.sort_values(
        "difference", ascending=not OUTCOMES[rank_by].higher_is_better, kind="stable"
    )
    table = table.reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table


def compare(
    scenarios: Sequence[str | Scenario],
    *,
    replicates: int = 20,
    seed: int = DEFAULT_SEED,
    weeks: int = 78,
    baseline: str | None = None,
    executor: str | Executor = "serial",
    workers: int | None = None,
    network: Mapping[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    rank_by: str = "final_silent",
    on_start: Callable[[list[Task]], None] | None = None,
    on_result: Callable[[Task, pd.DataFrame], None] | None = None,
    finished: Mapping[str, pd.DataFrame] | None = None,
    **parameters: Any,
) -> Comparison:
    """Run ``replicates`` paired replicates of each scenario and compare them.

    Parameters
    ----------
    scenarios : names (from ``scenarios/``) or :class:`~polsim.scenarios.Scenario` objects;
        the first is the baseline unless ``baseline`` names another.
    replicates, seed, weeks : replicates per scenario (at least two: the intervals are over
        replicates), base seed, weeks to simulate.
    executor : ``"serial"``, ``"processes"`` or any :class:`~polsim.runs.executors.Executor`.
    network : the offline network, e.g. ``{"kind": "neighbourhoods", "groups": 8}``.
    progress : called with (done, total) after each replicate.
    rank_by : the outcome of :data:`OUTCOMES` the ranking orders by (default: the silent
        middle at the end); every outcome is in ``effects`` whatever is chosen.
    on_start, on_result, finished : the run loop's contract (:mod:`polsim.runs.loop`):
        ``on_start(tasks)`` before the first run, ``on_result(task, weekly_table)`` as each
        run finishes, ``finished`` the weekly tables of runs done before by run id
        (``baseline-r003``; :func:`polsim.runs.store.finished_runs` reads them back from a
        folder): they are not run again, and the comparison equals one run in one go.
    **parameters : model parameters for every scenario (a scenario's own win).

    Examples
    --------
    >>> from polsim import compare
    >>> result = compare(["baseline", "key_figures"], replicates=2, weeks=8, n_agents=200)
    >>> sorted(result.effects.columns)[:3]
    ['ci_high', 'ci_low', 'clear']
    """
    check_options(rank_by, "rank_by", [k for k in OUTCOMES if k != "spent"])
    chosen, replicates, weeks, seed, network = _checked(
        scenarios, replicates=replicates, fewest_replicates=2, fewest_scenarios=2, weeks=weeks,
        seed=seed, parameters=parameters, network=network,
    )  # fmt: skip
    names = [s.name for s in chosen]
    base = baseline or names[0]
    if base not in names:
        raise ValueError(f"baseline {base!r} is not among the scenarios {names}")
    chosen = tuple(sorted(chosen, key=lambda s: s.name != base))
    tasks = [Task(s, r, seed, weeks, dict(parameters), network)
             for s in chosen for r in range(replicates)]  # fmt: skip
    tables = execute(tasks, executor=executor, workers=workers, finished=finished,
                     on_start=on_start, on_result=on_result, progress=progress)  # fmt: skip
    trajectories = pd.concat(tables, ignore_index=True)
    outcomes = outcomes_of(trajectories)
    effects = paired_effects(outcomes, base)
    return Comparison(
        trajectories=trajectories,
        outcomes=outcomes,
        effects=effects,
        summary=_summary(trajectories),
        ranking=_ranking(outcomes, effects, base, rank_by),
        scenarios=chosen,
        settings={
            "replicates": replicates,
            "seed": seed,
            "weeks": weeks,
            "baseline": base,
            "parameters": dict(parameters),
            "network": network,
            "executor": executor if isinstance(executor, str) else type(executor).__name__,
            "rank_by": rank_by,
        },
    )
