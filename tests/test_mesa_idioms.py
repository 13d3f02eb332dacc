"""Mesa's idioms on the whole model — media outlets included — and the per-person snapshot
``model.state()`` with the node ids and attributes of an imported network."""

from __future__ import annotations

import math
import pickle

import mesa
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from polsim import PolarisationModel, networks
from polsim.model.agents import MEDIA_ROLE, PERSON_STATE, MediaAgent, PersonAgent
from polsim.model.polarisation import METRIC_COLUMNS, STATE_COLUMNS


@pytest.fixture(scope="module")
def city() -> PolarisationModel:
    model = PolarisationModel(n_agents=200, rng=7, key_figure_share=0.02)
    model.run(3)
    return model


def _named_city() -> nx.Graph:
    """A small city whose nodes are names, with a neighbourhood and an age per person."""
    base = nx.watts_strogatz_graph(60, 6, 0.1, seed=2)
    names = [f"p{k:02d}" for k in range(60)]
    rng = np.random.default_rng(2)
    order = rng.permutation(60)  # the graph's node order is not the order of the names
    g = nx.Graph()
    for k in order:
        g.add_node(names[k], neighbourhood="Wyck" if k < 30 else "Mariaberg", age=20 + k)
    g.add_edges_from((names[u], names[v]) for u, v in base.edges())
    return g


# -- a DataCollector with agent reporters, over persons and outlets -------------------------


def test_a_datacollector_with_agent_reporters_collects_persons_and_outlets():
    model = PolarisationModel(n_agents=120, rng=3)
    outlets = int(model.params["n_outlets"])
    assert outlets > 0  # the default has media outlets
    collector = mesa.DataCollector(
        agent_reporters={"stance": "stance", "role": "role", "index": "index"}
    )
    start = model.x.copy()
    collector.collect(model)
    for _ in range(3):
        model.step()
        collector.collect(model)
    table = collector.get_agent_vars_dataframe()
    steps = table.index.get_level_values("Step")
    assert sorted(set(steps)) == [0, 1, 2, 3]
    assert (table.groupby(level="Step").size() == 120 + outlets).all()

    media = table[table.role == MEDIA_ROLE]
    assert len(media) == 4 * outlets
    assert media.stance.isna().all()  # an outlet has no stance: NaN, not a made-up number
    assert media["index"].isna().all()

    people = table[table.role != MEDIA_ROLE]
    assert people.stance.notna().all()
    assert set(people.role) <= {"silent", "joiner", "pusher", "bridge_builder", "scapegoat"}
    first = people.xs(0, level="Step").set_index("index").sort_index()
    last = people.xs(3, level="Step").set_index("index").sort_index()
    np.testing.assert_array_equal(first.stance.to_numpy(), start)
    np.testing.assert_array_equal(last.stance.to_numpy(), model.x)
    np.testing.assert_array_equal(last.role.to_numpy(), model.role_names)
    # pandas skips NaN: the mean over all agents is the persons' mean
    assert table.xs(3, level="Step").stance.mean() == pytest.approx(model.x.mean())


def test_the_models_own_datacollector_is_the_record_of_the_metrics(city):
    table = city.datacollector.get_model_vars_dataframe()
    assert list(table.columns) == list(METRIC_COLUMNS)
    pd.testing.assert_frame_equal(table, city.metrics)
    assert city.metrics.step.tolist() == [0, 1, 2, 3]
    assert city.latest == city.metrics.iloc[-1].to_dict()


def test_step_count_is_mesas_step_counter():
    model = PolarisationModel(n_agents=80, rng=1, create_agents=False)
    assert model.steps == model.step_count == 0
    model.run(4)
    assert model.steps == model.step_count == 4
    assert model.metrics.step.iloc[-1] == 4
    with pytest.raises(AttributeError):
        model.step_count = 9  # type: ignore[misc]


def test_user_reporters_on_the_models_datacollector_leave_the_metrics_alone():
    model = PolarisationModel(n_agents=80, rng=1)
    model.datacollector._new_model_reporter("agents", lambda m: len(m.agents))
    model.run(2)
    assert list(model.metrics.columns) == list(METRIC_COLUMNS)
    assert model.datacollector.model_vars["agents"][-2:] == [len(model.agents)] * 2


# -- groupby and agents_by_type -------------------------------------------------------------


def test_groupby_role_counts_and_aggregates(city):
    groups = city.agents.groupby("role")
    counts = groups.count()
    expected = city.state().role.value_counts().to_dict()
    assert counts == {**expected, MEDIA_ROLE: city.params["n_outlets"]}
    means = groups.agg("stance", np.mean)
    assert math.isnan(means.pop(MEDIA_ROLE))
    by_role = city.state().groupby("role").stance.mean()
    assert means.keys() == by_role.to_dict().keys()
    for role, value in means.items():
        assert value == pytest.approx(by_role[role])


def test_agents_by_type_and_what_an_outlet_answers(city):
    people = city.agents_by_type[PersonAgent]
    outlets = city.agents_by_type[MediaAgent]
    assert len(people) == city.n
    assert len(outlets) == city.params["n_outlets"] == len(city.outlets)
    person = people.select(lambda a: a.index == 5).to_list()[0]
    for name in PERSON_STATE:
        assert isinstance(getattr(person, name), float), name
    assert person.pressure == city.pressure[5]
    assert person.node == 5
    for agent, outlet in zip(outlets, city.outlets, strict=True):
        assert agent.role == MEDIA_ROLE
        assert all(math.isnan(getattr(agent, name)) for name in PERSON_STATE)
        assert agent.is_key_figure is False
        assert agent.index is None
        assert agent.node is None
        assert agent.name == outlet.name
        assert agent.coverage == outlet.coverage
        assert agent.restraint == outlet.restraint
        assert agent.followers == int(outlet.followers.sum())
        with pytest.raises(AttributeError):
            agent.stance = 0.5  # an outlet's NaN cannot be overwritten by mistake
    key_figures = people.select(lambda a: a.is_key_figure)
    assert len(key_figures) == int(city.key_figure.sum())


def test_without_outlets_there_is_no_media_group():
    model = PolarisationModel(n_agents=60, rng=2, n_outlets=0)
    assert MEDIA_ROLE not in model.agents.groupby("role").count()
    assert MediaAgent not in model.agents_by_type


# -- state(): a tidy snapshot that keeps the network's node ids -----------------------------


def test_state_on_the_default_small_world_has_the_integer_ids(city):
    state = city.state()
    assert list(state.columns) == list(STATE_COLUMNS)
    assert state.index.name == "node"
    assert state.index.tolist() == list(range(city.n))
    np.testing.assert_array_equal(state.stance.to_numpy(), city.x)
    np.testing.assert_array_equal(state.pressure.to_numpy(), city.pressure)
    np.testing.assert_array_equal(state.key_figure.to_numpy(), city.key_figure)
    assert (state.role.to_numpy() == city.role_names).all()
    state.loc[0, "stance"] = 5.0  # a copy: the model is untouched
    assert city.x[0] != 5.0


def test_state_on_a_graph_with_string_ids_carries_the_ids_and_the_attributes():
    g = _named_city()
    g.nodes["p07"].pop("age")  # a node without one attribute
    model = PolarisationModel(network=g, rng=5)
    model.run(3)
    state = model.state()
    assert state.index.name == "node"
    assert state.index.tolist() == list(g.nodes)  # the graph's node order
    assert list(state.columns) == [*STATE_COLUMNS, "neighbourhood", "age"]
    for name in g.nodes:
        assert state.loc[name, "neighbourhood"] == g.nodes[name]["neighbourhood"]
    assert math.isnan(state.loc["p07", "age"])
    assert state.loc["p11", "age"] == 31
    row = list(g.nodes).index("p11")
    assert state.loc["p11", "stance"] == model.x[row]
    assert model.node_ids[row] == "p11"
    person = model.agents_by_type[PersonAgent].select(lambda a: a.index == row).to_list()[0]
    assert person.node == "p11"
    # the snapshot groups like any table
    assert set(state.groupby("neighbourhood").stance.mean().index) == {"Wyck", "Mariaberg"}


def test_named_nodes_run_as_the_same_graph_numbered_in_the_same_order():
    g = _named_city()
    named = PolarisationModel(network=g, rng=8)
    numbered = PolarisationModel(
        network=nx.convert_node_labels_to_integers(g, ordering="default"), rng=8
    )
    named.run(15)
    numbered.run(15)
    pd.testing.assert_frame_equal(named.metrics, numbered.metrics, check_exact=True)
    pd.testing.assert_frame_equal(
        named.state().reset_index(drop=True), numbered.state().reset_index(drop=True)
    )


def test_state_keeps_a_read_network_id_and_prefixes_clashing_attributes(tmp_path):
    g = nx.Graph()
    g.add_node("anna", neighbourhood="Wyck", role="teacher")
    g.add_node("bram", neighbourhood="Mariaberg", role="baker")
    g.add_node("cas", neighbourhood="Wyck", role="nurse")
    g.add_edges_from([("anna", "bram"), ("bram", "cas"), ("cas", "anna")])
    model = PolarisationModel(network=g, rng=1)
    state = model.state()
    assert state.loc["bram", "node_role"] == "baker"  # the attribute, beside the model's role
    assert state.loc["bram", "role"] in {"silent", "joiner", "pusher"}
    nx.write_graphml(g, tmp_path / "city.graphml")
    read = PolarisationModel(network=networks.read_network(tmp_path / "city.graphml"), rng=1)
    assert read.state().index.tolist() == [0, 1, 2]
    assert read.state()["id"].tolist() == ["anna", "bram", "cas"]


def test_groups_follow_the_node_ids():
    g = networks.stochastic_block([30, 40], mean_degree=6, homophily=0.8, rng=3)
    named = nx.relabel_nodes(g, {v: f"n{v}" for v in g.nodes})
    model = PolarisationModel(network=named, rng=3)
    np.testing.assert_array_equal(model.groups, [g.nodes[v]["group"] for v in g.nodes])
    assert model.state().group_name.tolist() == [g.nodes[v]["group_name"] for v in g.nodes]


def test_tuple_node_ids_stay_tuples():
    g = nx.grid_2d_graph(4, 5)
    model = PolarisationModel(network=g, rng=1, create_agents=False)
    index = model.state().index
    assert not isinstance(index, pd.MultiIndex)
    assert index.tolist() == list(g.nodes)


def test_a_model_on_named_nodes_pickles():
    model = PolarisationModel(network=_named_city(), rng=4)
    model.run(2)
    copy = pickle.loads(pickle.dumps(model))
    pd.testing.assert_frame_equal(copy.state(), model.state())


# -- networks.prepare keeps the ids only when asked, and changes nothing else ----------------


def test_prepare_keeps_node_ids_only_with_relabel():
    g = _named_city()
    with pytest.raises(ValueError, match=r"graph nodes must be the integers 0\.\.n-1"):
        networks.prepare(g)
    with pytest.raises(ValueError, match=r"graph nodes must be the integers 0\.\.n-1"):
        networks.to_csr(g)
    adjacency = networks.prepare(g, relabel=True)
    assert adjacency.nodes == tuple(g.nodes)
    numbered = networks.prepare(nx.convert_node_labels_to_integers(g, ordering="default"))
    assert numbered.nodes is None
    for field in ("indptr", "indices", "tie_first", "tie_second", "in_indptr", "in_indices"):
        np.testing.assert_array_equal(getattr(adjacency, field), getattr(numbered, field))


def test_prepare_numbers_a_graph_of_integers_by_its_ids_either_way():
    g = nx.Graph()
    g.add_edges_from([(3, 1), (1, 0), (0, 2), (2, 3)])  # nodes 0..3 in another order
    plain, relabelled = networks.prepare(g), networks.prepare(g, relabel=True)
    assert plain.nodes is None
    assert relabelled.nodes is None
    assert (plain.csr != relabelled.csr).nnz == 0
    np.testing.assert_array_equal(plain.csr.toarray(), nx.to_numpy_array(g, nodelist=range(4)))
    with pytest.raises(ValueError, match="at least one node"):
        networks.prepare(nx.Graph(), relabel=True)


def test_the_models_own_record_equals_mesas_collect():
    """The model records its own measures without calling its reporters; Mesa's collect, which
    it falls back to once a user adds a reporter, records the same numbers."""
    own = PolarisationModel(n_agents=150, rng=4)
    mesa_way = PolarisationModel(n_agents=150, rng=4)
    mesa_way.datacollector._new_model_reporter("extra", lambda m: 0)
    own.run(6)
    mesa_way.run(6)
    pd.testing.assert_frame_equal(own.metrics, mesa_way.metrics)
    assert own.datacollector._collection_steps == mesa_way.datacollector._collection_steps
