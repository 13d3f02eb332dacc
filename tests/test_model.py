"""PolarisationModel: API, validation, reproducibility, Mesa integration, invariants."""

from __future__ import annotations

import mesa
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polsim import PolarisationModel, Shock, networks
from polsim.model import registry
from polsim.model.agents import MediaAgent, PersonAgent
from polsim.model.polarisation import METRIC_COLUMNS
from polsim.model.roles import ROLE_NAMES

ROLE_COLUMNS = list(ROLE_NAMES)


def test_same_seed_same_metrics_and_state():
    a = PolarisationModel(n_agents=400, rng=11, bridge_builder_share=0.03, key_figure_share=0.02)
    b = PolarisationModel(n_agents=400, rng=11, bridge_builder_share=0.03, key_figure_share=0.02)
    a.run(30)
    b.run(30)
    pd.testing.assert_frame_equal(a.metrics, b.metrics)
    pd.testing.assert_frame_equal(a.state(), b.state())
    c = PolarisationModel(n_agents=400, rng=12, bridge_builder_share=0.03, key_figure_share=0.02)
    c.run(30)
    assert not a.metrics.equals(c.metrics)


def test_seed_sequence_and_generator_are_accepted_alike():
    seq = np.random.SeedSequence(5)
    a = PolarisationModel(n_agents=200, rng=np.random.default_rng(np.random.SeedSequence(5)))
    b = PolarisationModel(n_agents=200, rng=seq)
    a.run(5)
    b.run(5)
    pd.testing.assert_frame_equal(a.metrics, b.metrics)


def test_metrics_columns_and_role_shares():
    m = PolarisationModel(n_agents=300, rng=1, bridge_builder_share=0.05)
    m.run(12)
    df = m.metrics
    assert list(df.columns) == list(METRIC_COLUMNS)
    assert df.step.tolist() == list(range(13))
    np.testing.assert_allclose(df[ROLE_COLUMNS].sum(axis=1), 1.0)
    assert set(df.phase.unique()) <= {1, 2, 3, 4}
    assert (df.bridge_builder > 0).all()
    shares = pd.Series(m.role_names).value_counts(normalize=True)
    for role in ROLE_COLUMNS:
        assert shares.get(role, 0.0) == pytest.approx(df[role].iloc[-1])


def test_roles_follow_the_documented_thresholds():
    m = PolarisationModel(n_agents=500, rng=3)
    m.run(50)
    p = m.params
    joined = (m.c >= p["join_commitment"]) & (np.abs(m.x) >= p["join_stance"])
    push_c = min(1.0, p["join_commitment"] + p["push_margin"])
    push_x = min(1.0, p["join_stance"] + p["push_margin"])
    pusher = joined & (m.c >= push_c) & (np.abs(m.x) >= push_x)
    free = ~m.bridge & (m.blame < p["scapegoat_threshold"])
    names = m.role_names
    assert np.all(names[free & pusher] == "pusher")
    assert np.all(names[free & joined & ~pusher] == "joiner")
    assert np.all(names[free & ~joined] == "silent")


def test_mesa_integration_agents_datacollector_and_views():
    m = PolarisationModel(n_agents=150, rng=2)
    assert isinstance(m, mesa.Model)
    people = m.agents_by_type[PersonAgent]
    outlets = m.agents_by_type[MediaAgent]
    assert len(people) == 150
    assert len(outlets) == m.params["n_outlets"]
    m.run(4)
    person = people.select(lambda a: a.index == 9).to_list()[0]
    assert person.stance == m.x[9]
    assert person.role == m.role_names[9]
    person.resilience = 0.99
    assert m.r[9] == 0.99
    assert all(0.0 <= o.coverage <= 1.0 for o in outlets)
    table = m.datacollector.get_model_vars_dataframe()
    assert len(table) == 5
    np.testing.assert_allclose(table["silent"].to_numpy(), m.metrics["silent"].to_numpy())
    dc = mesa.DataCollector(agenttype_reporters={PersonAgent: {"stance": "stance", "role": "role"}})
    dc.collect(m)
    people_table = dc.get_agenttype_vars_dataframe(PersonAgent)
    assert len(people_table) == 150
    np.testing.assert_allclose(np.sort(people_table["stance"].to_numpy()), np.sort(m.x))


def test_headless_large_models_skip_agent_views():
    m = PolarisationModel(
        network=networks.small_world(2000, 10, 0.1, rng=1), rng=1, create_agents=False
    )
    assert len(m.agents) == 0
    m.run(2)
    assert len(m.metrics) == 3


def test_network_choices_and_sizes():
    g = networks.stochastic_block([100, 150], mean_degree=8, homophily=0.7, rng=4)
    m = PolarisationModel(network=g, rng=4)
    assert m.n == 250
    m.run(3)
    with pytest.raises(ValueError, match="n_agents is 300 but the network has 250 nodes"):
        PolarisationModel(n_agents=300, network=g, rng=4)
    tiny = PolarisationModel(n_agents=3, rng=1)
    tiny.run(2)


def test_assigning_roles_mid_run_changes_the_role_and_nothing_else():
    m = PolarisationModel(n_agents=300, rng=5)
    m.run(5)
    before = m.state().drop(columns=["role", "bridge_builder", "key_figure"])
    m.assign("bridge_builder", [1, 2, 3], position="middle", tone="moralising")
    pd.testing.assert_frame_equal(
        m.state().drop(columns=["role", "bridge_builder", "key_figure"]), before
    )
    assert m.role_names[1] == "bridge_builder"
    assert not m.above[1]
    assert m.tone[1] == 0.0
    with pytest.raises(ValueError, match="position must be one of above, middle"):
        m.assign("bridge_builder", [4], position="beside")
    with pytest.raises(ValueError, match="tone must be one of moralising, mediating"):
        m.assign("bridge_builder", [4], tone="friendly")
    m.assign("key_figure", [4])
    assert m.key_figure[4]
    with pytest.raises(ValueError, match="role must be"):
        m.assign("mayor", [1])
    with pytest.raises(ValueError, match="bridge_builder must be a whole number in"):
        m.assign("bridge_builder", [300])


def test_shock_pressure_only_while_active():
    shock = Shock(start=3, duration=2, strength=0.5, reach=1.0)
    m = PolarisationModel(
        n_agents=200,
        rng=1,
        shocks=[shock],
        pusher_share=0.0,
        n_outlets=0,
        online_amplification=0.0,
        shock_rate=0.0,
    )
    m.run(6)
    p = m.metrics.pressure
    assert p.iloc[4] >= 0.45
    assert p.iloc[5] >= 0.45
    assert p.iloc[3] < 0.05
    assert p.iloc[6] < 0.05


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"media_amplification": 3.0},
            r"parameter media_amplification must be a number in \[0, 2\]",
        ),
        ({"pusher_share": -0.1}, "parameter pusher_share must be"),
        ({"n_outlets": 2.5}, "parameter n_outlets must be a whole number"),
        (
            {"media_amplificaton": 0.1},
            r"unknown parameter 'media_amplificaton' \(did you mean media_amplification",
        ),
        ({"rejection_gap": -0.5}, r"parameter rejection_gap must be a number in \[0, 2\]"),
        ({"n_agents": 1}, r"parameter n_agents must be a whole number in \[2,"),
        ({"rng": "abc"}, "rng must be"),
        ({"social_influence": float("nan")}, "parameter social_influence must be"),
    ],
)
def test_bad_parameters_name_the_key_and_the_range(kwargs, message):
    kwargs = {"n_agents": 50, **kwargs}
    with pytest.raises(ValueError, match=message):
        PolarisationModel(**kwargs)


def test_shock_validation():
    with pytest.raises(ValueError, match=r"shock\.strength must be a number in"):
        Shock(start=1, duration=2, strength=2.0)
    with pytest.raises(ValueError, match=r"shock.duration must be a whole number in \[1, inf\)"):
        Shock(start=1, duration=0, strength=0.2)


def test_registry_is_complete_and_documented():
    for p in registry.PARAMETERS.values():
        assert p.low <= p.plausible[0] <= p.default <= p.plausible[1] <= p.high, p.name
        assert p.meaning
        assert p.source
        assert p.group
    table = registry.markdown_table()
    assert table.count("\n") == len(registry.PARAMETERS) + 2


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    values=st.fixed_dictionaries(
        {
            name: st.floats(registry.PARAMETERS[name].low, registry.PARAMETERS[name].high)
            for name in (
                "pusher_share",
                "media_amplification",
                "online_amplification",
                "offline_amplification",
                "resilience_mean",
                "commitment_gain",
                "social_influence",
                "side_taking",
                "blame_rate",
                "incident_hazard",
                "bridge_builder_share",
                "key_figure_share",
                "incident_news",
                "incident_salience",
                "salience_gain",
                "moralising_salience",
                "shock_rate",
                "ego_involvement",
                "push_margin",
                "media_contrast",
                "online_rewiring",
                "dialogue_influence",
            )
        }
    ),
)
def test_states_stay_in_range_and_runs_reproduce(seed, values):
    a = PolarisationModel(n_agents=80, rng=seed, create_agents=False, **values)
    a.run(12)
    states = ((a.x, -1, 1), (a.c, 0, 1), (a.tau, 0, 1), (a.w, 0, 1), (a.pressure, 0, 1),
              (a.s, 0, 1), (a.r, 0, 1))  # fmt: skip
    for arr, lo, hi in states:
        assert np.all(np.isfinite(arr))
        assert np.all((arr >= lo) & (arr <= hi))
    assert np.all(a.blame >= 0)
    df = a.metrics
    assert np.isfinite(df.drop(columns=["step"]).to_numpy(dtype=float)).all()
    np.testing.assert_allclose(df[ROLE_COLUMNS].sum(axis=1), 1.0)
    b = PolarisationModel(n_agents=80, rng=seed, create_agents=False, **values)
    b.run(12)
    pd.testing.assert_frame_equal(a.metrics, b.metrics)


def test_directed_networks_are_supported():
    g = nx.gnp_random_graph(120, 0.08, seed=3, directed=True)
    m = PolarisationModel(network=g, rng=3)
    m.run(5)
    assert len(m.metrics) == 6


def test_a_model_pickles_mid_run_and_continues_identically():
    import pickle

    a = PolarisationModel(n_agents=300, rng=21, key_figure_share=0.02, create_agents=False)
    a.run(10)
    b = pickle.loads(pickle.dumps(a))
    a.run(10)
    b.run(10)
    pd.testing.assert_frame_equal(a.metrics, b.metrics, check_exact=True)


def test_levers_change_only_through_their_methods():
    m = PolarisationModel(n_agents=100, rng=1)
    with pytest.raises(ValueError, match="read-only"):
        m.levers.support[3] = 1.0
    m.levers.give_support([3, 4], 0.5)
    assert m.levers.support[3] == 0.5
    with pytest.raises(ValueError, match="support level must be a number in"):
        m.levers.give_support([3], 2.0)
    with pytest.raises(ValueError, match=r"people must be indices in \[0, 99\]"):
        m.levers.reframe([100], 0.5)


def test_week_zero_reads_the_network_as_the_weeks_after_do():
    """The first measures count who each person hears, each tie once (as the dynamics do), even
    on a directed, weighted network: the echo chamber from those sums and the avoided ties."""
    from polsim import measures
    from polsim.model import mechanisms

    graph = nx.gnm_random_graph(300, 2400, seed=2, directed=True)
    for k, (a, b) in enumerate(graph.edges):
        graph[a][b]["weight"] = 0.5 + (k % 3)
    model = PolarisationModel(network=graph, rng=3, create_agents=False)
    adjacency = model.adjacency
    rows = np.repeat(np.arange(model.n), np.diff(adjacency.indptr))
    heard = np.bincount(rows, weights=model.x[adjacency.indices], minlength=model.n)
    echo = measures.neighbour_correlation(model.x, neighbour_sum=heard, degree=model.degree)
    assert model.metrics.echo_chamber[0] == pytest.approx(echo, rel=1e-12)
    _, t = mechanisms.latitudes(model.s, acceptance=model.params["acceptance"],
                                rejection_gap=model.params["rejection_gap"],
                                involvement=model.params["ego_involvement"])  # fmt: skip
    far = np.abs(model.x[adjacency.indices] - model.x[rows]) > t[rows]
    assert np.array_equal(model.avoided_ties, np.bincount(rows[far], minlength=model.n))
