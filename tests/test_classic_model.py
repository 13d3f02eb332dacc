"""The Mesa model around the classic kernels."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest

from polsim import ClassicModel, classic, networks
from polsim.classic.agents import OpinionAgent

RULE_PARAMETERS = {
    "degroot": {},
    "friedkin_johnsen": {"susceptibility": 0.6},
    "hegselmann_krause": {"eps": 0.2},
    "deffuant": {"eps": 0.3, "mu": 0.4},
    "jager_amblard": {"U": 0.4, "T": 1.2},
    "voter": {},
    "baumann": {"K": 3.0, "alpha": 3.0, "beta": 2.0},
}


def _model(rule: str, seed: int = 3, **extra) -> ClassicModel:
    graph = None if rule == "baumann" else networks.watts_strogatz(150, 6, 0.1, rng=seed)
    return ClassicModel(
        rule=rule, network=graph, n_agents=150, rng=seed, **RULE_PARAMETERS[rule], **extra
    )


@pytest.mark.parametrize("rule", sorted(RULE_PARAMETERS))
def test_same_seed_same_trajectory(rule):
    a, b = _model(rule), _model(rule)
    a.run(15)
    b.run(15)
    pd.testing.assert_frame_equal(a.metrics, b.metrics)
    np.testing.assert_array_equal(a.x, b.x)
    c = _model(rule, seed=4)
    c.run(15)
    assert not np.array_equal(a.x, c.x)


@pytest.mark.parametrize("rule", sorted(RULE_PARAMETERS))
def test_model_is_a_mesa_model_with_agent_views(rule):
    m = _model(rule)
    assert isinstance(m, mesa.Model)
    assert len(m.agents) == 150
    agent = m.agents.select(lambda a: a.index == 7).to_list()[0]
    assert isinstance(agent, OpinionAgent)
    m.run(3)
    assert agent.opinion == m.x[7]
    agent.opinion = 0.123
    assert m.x[7] == 0.123
    if rule != "baumann":
        assert set(agent.neighbours) == set(m.network.neighbors(7))


def test_step_equals_one_sweep_of_the_kernel():
    # One model step of an asynchronous rule is n interactions drawn from the model's rng.
    g = networks.watts_strogatz(100, 4, 0.2, rng=1)
    m = ClassicModel(rule="deffuant", network=g, n_agents=100, rng=5, eps=0.4, mu=0.3)
    x0 = m.x.copy()
    gen = np.random.default_rng(5)
    gen.random(100)  # the model drew its initial opinions first
    expected = classic.deffuant(x0, eps=0.4, mu=0.3, interactions=100, graph=g, rng=gen)
    m.step()
    np.testing.assert_array_equal(m.x, expected.x)


def test_friedkin_johnsen_model_converges_to_closed_form():
    g = networks.watts_strogatz(80, 4, 0.3, rng=2)
    m = ClassicModel(rule="friedkin_johnsen", network=g, rng=1, susceptibility=0.7)
    x0 = m.x.copy()
    m.run(500)
    expected = classic.friedkin_johnsen_equilibrium(x0, susceptibility=0.7, graph=g)
    np.testing.assert_allclose(m.x, expected, atol=1e-8)


def test_datacollector_agent_reporters_work_on_views():
    m = _model("deffuant")
    dc = mesa.DataCollector(agent_reporters={"opinion": "opinion"})
    dc.collect(m)
    m.step()
    dc.collect(m)
    table = dc.get_agent_vars_dataframe()
    assert len(table) == 300
    last = table.index.get_level_values("Step").max()
    assert np.allclose(table.xs(last, level="Step")["opinion"].to_numpy(), m.x)


def test_headless_model_skips_agents_and_stops_at_convergence():
    m = ClassicModel(rule="hegselmann_krause", n_agents=500, rng=1, eps=0.3, create_agents=False)
    assert len(m.agents) == 0
    m.run(1000)
    assert m.converged
    assert not m.running
    assert m.step_count < 1000
    assert m.metrics["clusters"].iloc[-1] == 1


def test_default_initial_conditions_per_rule():
    assert set(ClassicModel(rule="voter", n_agents=50, rng=1).x.tolist()) <= {0.0, 1.0}
    sym = ClassicModel(rule="jager_amblard", n_agents=500, rng=1, U=0.3, T=0.9).x
    assert sym.min() < -0.8
    assert sym.max() > 0.8
    unit = ClassicModel(rule="deffuant", n_agents=500, rng=1, eps=0.2).x
    assert unit.min() >= 0
    assert unit.max() <= 1
