"""Scenarios, paired comparison, executors and the report."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from polsim import compare
from polsim.outputs.report import write_report
from polsim.runs.comparison import OUTCOMES
from polsim.runs.executors import ProcessExecutor, SerialExecutor, Task, run_task
from polsim.scenarios import Scenario, available, load, make_model

SMALL = {"n_agents": 300}


def test_every_scenario_file_loads_and_names_itself():
    names = available()
    assert {
        "baseline",
        "resilient_middle",
        "bridge_builders",
        "key_figures",
        "media_restraint",
        "online_measures",
        "signalling",
        "person_centred",
        "combination",
        "peace_time",
        "reactive",
        "shock",
    } <= set(names)
    for name in names:
        s = load(name)
        assert s.name == name
        assert s.title["en"]
        assert s.title["nl"]
        assert s.summary["en"]
        assert s.summary["nl"]


def test_replicates_share_network_and_stream_until_an_intervention_acts():
    base = make_model(load("baseline"), seed=7, replicate=3, parameters=SMALL)
    late = Scenario.from_mapping(
        {"name": "late", "interventions": [{"type": "media_restraint", "start": 12, "level": 0.8}]}
    )
    other = make_model(late, seed=7, replicate=3, parameters=SMALL)
    np.testing.assert_array_equal(base.adjacency.indices, other.adjacency.indices)
    np.testing.assert_array_equal(base.x, other.x)
    base.run(20)
    other.run(20)
    a, b = base.metrics, other.metrics
    pd.testing.assert_frame_equal(a.iloc[:13], b.iloc[:13])  # identical until week 12 acts
    assert not a.iloc[13:].equals(b.iloc[13:])
    different = make_model(load("baseline"), seed=7, replicate=4, parameters=SMALL)
    assert not np.array_equal(base.adjacency.indices, different.adjacency.indices)


def test_a_replicate_is_the_same_on_every_executor_and_alone():
    tasks = [
        Task(load(n), r, 11, 15, SMALL, {}) for n in ("baseline", "key_figures") for r in range(2)
    ]
    serial = list(SerialExecutor().map(run_task, tasks))
    parallel = list(ProcessExecutor(2).map(run_task, tasks))
    for a, b in zip(serial, parallel, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    pd.testing.assert_frame_equal(run_task(tasks[3]), serial[3], check_exact=True)


def test_compare_effects_are_paired_differences():
    result = compare(
        ["baseline", "media_restraint", "shock"], replicates=4, weeks=30, seed=5, **SMALL
    )
    out = result.outcomes
    assert set(out.scenario) == {"baseline", "media_restraint", "shock"}
    base = out[out.scenario == "baseline"].set_index("replicate")
    shock = out[out.scenario == "shock"].set_index("replicate")
    diff = (shock.final_silent - base.final_silent).to_numpy()
    row = result.effects.query("scenario == 'shock' and outcome == 'final_silent'").iloc[0]
    assert row.difference == pytest.approx(diff.mean())
    from scipy import stats

    half = stats.t.ppf(0.975, 3) * diff.std(ddof=1) / 2
    assert row.ci_low == pytest.approx(diff.mean() - half)
    assert list(result.ranking.columns[:4]) == ["rank", "scenario", "outcome", "difference"]
    assert (result.ranking.outcome == "final_silent").all()
    assert result.ranking.difference.is_monotonic_decreasing  # higher silent middle first
    by_incidents = compare(
        ["baseline", "media_restraint", "shock"], replicates=4, weeks=30, seed=5,
        rank_by="incidents", **SMALL,
    )  # fmt: skip
    assert by_incidents.ranking.difference.is_monotonic_increasing  # fewer incidents first
    with pytest.raises(ValueError, match="rank_by must be one of"):
        compare(["baseline", "shock"], replicates=2, weeks=2, rank_by="temperature", **SMALL)
    assert set(result.summary.scenario) == {"baseline", "media_restraint", "shock"}
    assert result.trajectories.groupby(["scenario", "replicate"]).size().eq(31).all()


def test_equal_budgets_are_respected():
    result = compare(
        ["baseline", "peace_time", "reactive"], replicates=3, weeks=104, seed=2, n_agents=2000
    )
    spent = result.outcomes.groupby("scenario").spent.max()
    assert spent["peace_time"] <= 20_000
    assert spent["reactive"] <= 20_000
    assert spent["baseline"] == 0


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_is_self_contained_and_in_its_language(tmp_path, lang):
    result = compare(["baseline", "key_figures"], replicates=3, weeks=12, seed=1, **SMALL)
    path = write_report(result, tmp_path / "report", lang=lang, command="polsim compare ...")
    page = path.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in page
    assert not re.search(r"(src|href)=['\"]https?://", page)  # nothing loads from the network
    # a figure per outcome (money spent aside), the silent middle, the roles, bridge builders
    # and scapegoats, the KIS phase: every one embedded
    assert page.count("data:image/png;base64,") == page.count("<img ") == len(OUTCOMES) - 1 + 4
    assert ("Wat is vergeleken" in page) == (lang == "nl")
    assert ("What was compared" in page) == (lang == "en")
    for name in ("trajectories", "outcomes", "effects", "summary", "ranking"):
        assert pd.read_parquet(tmp_path / "report" / "data" / f"{name}.parquet").shape[0] > 0
        assert (tmp_path / "report" / "data" / f"{name}.csv").is_file()
    with pytest.raises(ValueError, match="holds a report already"):
        write_report(result, tmp_path / "report", lang=lang)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".partial")]
