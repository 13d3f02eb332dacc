"""The EMA Workbench adapter with the Workbench's own sequential evaluator, and PRIM."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # the Workbench's note on optional engines
    workbench = pytest.importorskip("ema_workbench")

from polsim import ema


def _experiments(**kwargs):
    model = ema.workbench_model(uncertainties=["shock_rate", "media_amplification"],
                      levers=["key_figures"], weeks=12, n_agents=200, **kwargs)  # fmt: skip
    with workbench.SequentialEvaluator(model) as evaluator:
        return workbench.perform_experiments(model, scenarios=6, policies=2, evaluator=evaluator)


def test_the_model_runs_under_the_sequential_evaluator_and_repeats_exactly() -> None:
    experiments, outcomes = _experiments()
    assert len(experiments) == 12
    assert set(outcomes) == {"final_silent", "incidents", "reached_phase_4", "spent"}
    assert np.all((outcomes["final_silent"] >= 0) & (outcomes["final_silent"] <= 1))
    # the key-figure lever costs money only where it is on and reaches somebody; its
    # strength lever covers the range its class declares
    assert ema.LEVERS["key_figures"].field == "coverage"
    on = experiments["key_figures"].astype(bool).to_numpy()
    coverage = experiments["key_figures_coverage"].to_numpy(float)
    assert np.all((coverage >= 0.0) & (coverage <= ema.LEVERS["key_figures"].high))
    reaches = on & (np.round(coverage * 200) > 0)
    assert np.all(outcomes["spent"][reaches] > 0)
    assert np.all(outcomes["spent"][~on] == 0)
    model = ema.workbench_model(uncertainties=["shock_rate", "media_amplification"],
                      levers=["key_figures"], weeks=12, n_agents=200)  # fmt: skip
    row = experiments.iloc[3]
    again = model.function(shock_rate=row.shock_rate,
                           media_amplification=row.media_amplification,
                           key_figures=bool(row.key_figures),
                           key_figures_coverage=row.key_figures_coverage)  # fmt: skip
    assert again["final_silent"] == outcomes["final_silent"][3]


def test_prim_finds_the_region_where_an_outcome_happens() -> None:
    rng = np.random.default_rng(3)
    x = pd.DataFrame({"shock_rate": rng.uniform(0, 0.04, 400), "media": rng.uniform(0, 1, 400)})
    y = (x.shock_rate > 0.03).astype(float).to_numpy()  # escalation where debates are frequent
    box = ema.discover(x, {"reached_phase_4": y})
    limits = box.limits
    assert "shock_rate" in limits.index
    assert limits.loc["shock_rate", "min"] == pytest.approx(0.03, abs=0.003)
    assert box.coverage > 0.8
    assert box.density > 0.8


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_tradeoff_figure_shows_every_box_and_marks_the_chosen_one(lang) -> None:
    from polsim.outputs.figures import tradeoff_figure
    from polsim.text import text

    rng = np.random.default_rng(3)
    x = pd.DataFrame({"shock_rate": rng.uniform(0, 0.04, 300), "media": rng.uniform(0, 1, 300)})
    found = ema.discover(x, {"reached_phase_4": (x.shock_rate > 0.03).astype(float).to_numpy()})
    fig = tradeoff_figure(found.trajectory, (found.coverage, found.density), lang=lang)
    ax = fig.axes[0]
    boxes, chosen = ax.collections[:2]
    assert len(boxes.get_offsets()) == len(found.trajectory)
    assert chosen.get_offsets().tolist() == [[found.coverage, found.density]]
    assert ax.get_xlabel() == text("figure.tradeoff.coverage", lang)
    assert fig.get_label() == text("figure.tradeoff.title", lang)


def test_bad_adapter_input_is_one_line() -> None:
    with pytest.raises(ValueError, match="unknown parameter 'nosuch'"):
        ema.workbench_model(uncertainties=["nosuch"])
    with pytest.raises(ValueError, match="levers: unknown key 'teleport'"):
        ema.workbench_model(levers=["teleport"])
    with pytest.raises(ValueError, match="nothing to discover"):
        ema.discover(pd.DataFrame({"a": [1.0, 2.0]}), {"reached_phase_4": np.zeros(2)})
