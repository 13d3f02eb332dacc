"""Ensembles: cities stepped side by side give, bit for bit, what each gives alone."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from polsim import PolarisationModel
from polsim.model.engine import STATE
from polsim.model.ensemble import Ensemble
from polsim.scenarios import load, make_model


def _alone(seed: int, weeks: int, **kwargs: object) -> PolarisationModel:
    model = PolarisationModel(rng=seed, create_agents=False, **kwargs)  # type: ignore[arg-type]
    model.run(weeks)
    return model


def _same(one: PolarisationModel, other: PolarisationModel) -> None:
    pd.testing.assert_frame_equal(one.metrics, other.metrics, check_exact=True)
    pd.testing.assert_frame_equal(one.state(), other.state(), check_exact=True)
    assert np.array_equal(one.follows, other.follows)
    assert one.datacollector._collection_steps == other.datacollector._collection_steps
    assert (one.steps, one.time) == (other.steps, other.time)


@pytest.mark.parametrize("parameters", [
    {},
    # dialogues, key figures, national debates and incidents all week long
    {"bridge_builder_share": 0.05, "key_figure_share": 0.05, "shock_rate": 0.2,
     "incident_hazard": 0.05, "dialogue_rate": 0.5},
    {"n_outlets": 0, "online_degree": 0},
])  # fmt: skip
def test_each_city_of_an_ensemble_is_the_city_alone(parameters):
    seeds = [3, 4, 5]
    ensemble = Ensemble.of(seeds, n_agents=400, **parameters)
    ensemble.run(40)
    for seed, model in zip(seeds, ensemble.models, strict=True):
        _same(model, _alone(seed, 40, n_agents=400, **parameters))


@pytest.mark.parametrize("name", ["combination", "online_measures", "reactive", "shock",
                                  "bridge_builders_middle", "change_topic"])  # fmt: skip
def test_scenarios_with_policies_and_shocks_give_the_same_runs(name):
    """Interventions act on each city through its own model; ``online_measures`` changes a
    parameter mid-run (the weeks after run city by city, then together again)."""
    scenario = load(name)

    def models():
        return [make_model(scenario, seed=7, replicate=r, parameters={"n_agents": 300})
                for r in range(3)]  # fmt: skip

    together = models()
    Ensemble(together).run(45)
    for r, model in enumerate(models()):
        model.run(45)
        _same(together[r], model)


def test_a_city_goes_on_alone_after_an_ensemble_as_if_it_had_never_been_in_one():
    ensemble = Ensemble.of([8, 9], n_agents=300)
    ensemble.run(10)
    first = ensemble.models[0]
    first.run(10)  # alone, writing into its rows of the shared buffers
    ensemble.models[1].run(10)
    _same(first, _alone(8, 20, n_agents=300))
    _same(ensemble.models[1], _alone(9, 20, n_agents=300))
    copy = pickle.loads(pickle.dumps(first))  # and it pickles like any model
    copy.run(3)
    first.run(3)
    _same(copy, first)


def test_a_change_through_an_agent_reaches_the_shared_state():
    ensemble = Ensemble.of([1, 2], n_agents=200, create_agents=True)
    twins = [PolarisationModel(n_agents=200, rng=s) for s in (1, 2)]
    for model in (ensemble.models[0], twins[0]):
        for agent in list(model.agents)[:10]:
            agent.stance = 0.9  # a researcher's own experiment, through Mesa's agents
    for model in (ensemble.models[1], twins[1]):
        model.agents[3].commitment = 0.5
    ensemble.run(5)
    for model, twin in zip(ensemble.models, twins, strict=True):
        twin.run(5)
        _same(model, twin)


def test_the_state_a_model_shows_is_a_read_only_copy_of_its_week():
    ensemble = Ensemble.of([1, 2], n_agents=200)
    model = ensemble.models[1]
    kept, as_table = model.x, model.state()["stance"].to_numpy()
    with pytest.raises(ValueError, match="read-only"):
        kept[:3] = 0.0
    with pytest.raises(AttributeError, match=r"model.x is read-only.*Mesa agent"):
        model.x = kept  # not silently an attribute of its own beside the engine's state
    ensemble.run(3)  # the weeks are written into buffers in turn: what was taken stays
    assert not np.array_equal(kept, model.x)
    np.testing.assert_array_equal(kept, as_table)


def test_every_state_array_shows_on_the_model():
    model = PolarisationModel(n_agents=50, rng=1)
    for field in STATE:
        shown = getattr(model, field.name)
        assert shown.dtype == np.dtype(field.dtype), field.name
        assert shown.shape[0] == 50


def test_the_ensemble_table_holds_every_replicate():
    ensemble = Ensemble.of([1, 2, 3], n_agents=150)
    ensemble.run(4)
    table = ensemble.metrics
    assert table.shape[0] == 3 * 5
    assert table.groupby("replicate").size().tolist() == [5, 5, 5]


@pytest.mark.parametrize(("models", "message"), [
    ([], "at least one model"),
    (["a model"], "must be a PolarisationModel"),
    ("sizes", "differs from models"),
    ("parameters", "differs from models"),
    ("twice", "once"),
])  # fmt: skip
def test_models_that_cannot_run_together_are_refused(models, message):
    if models == "sizes":
        models = [PolarisationModel(n_agents=100, rng=1), PolarisationModel(n_agents=120, rng=1)]
    elif models == "parameters":
        models = [PolarisationModel(n_agents=100, rng=1),
                  PolarisationModel(n_agents=100, rng=1, shock_rate=0.1)]  # fmt: skip
    elif models == "twice":
        one = PolarisationModel(n_agents=100, rng=1)
        models = [one, one]
    with pytest.raises(ValueError, match=message):
        Ensemble(models)


def test_a_city_whose_parameters_change_alone_runs_on_its_own_until_they_agree_again():
    ensemble = Ensemble.of([5, 6, 7], n_agents=250)
    twins = [PolarisationModel(n_agents=250, rng=s, create_agents=False) for s in (5, 6, 7)]
    for models in (ensemble.models, twins):
        for model in models:
            model.run(4)  # alone first: an ensemble takes cities at any week
    ensemble = Ensemble(ensemble.models)
    for run in (ensemble.run, *(t.run for t in twins)):
        run(3)
    default = twins[1].params["online_amplification"]
    for value in (0.3, default):  # city 1 differs for 4 weeks, then agrees again
        for model in (ensemble.models[1], twins[1]):
            model.set_parameter("online_amplification", value)
        for run in (ensemble.run, *(t.run for t in twins)):
            run(4)
    for model, twin in zip(ensemble.models, twins, strict=True):
        _same(model, twin)
