"""Seeded network builders, import of real networks and CSR conversion."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from polsim import networks


@pytest.mark.parametrize(
    "build",
    [
        lambda rng: networks.erdos_renyi(300, 0.03, rng=rng),
        lambda rng: networks.watts_strogatz(300, 6, 0.2, rng=rng),
        lambda rng: networks.barabasi_albert(300, 3, rng=rng),
        lambda rng: networks.stochastic_block([100, 200], mean_degree=6, homophily=0.8, rng=rng),
    ],
)
def test_same_seed_same_graph_and_different_seed_different_graph(build):
    a, b, c = build(42), build(42), build(43)
    assert sorted(a.edges()) == sorted(b.edges())
    assert sorted(a.edges()) != sorted(c.edges())
    gen1, gen2 = np.random.default_rng(9), np.random.default_rng(9)
    assert sorted(build(gen1).edges()) == sorted(build(gen2).edges())


def test_builders_leave_global_random_state_alone():
    import random

    random.seed(1)
    np_state = np.random.get_state()[1].copy()  # noqa: NPY002 - checking it stays untouched
    before = random.random()
    random.seed(1)
    networks.watts_strogatz(100, 4, 0.3, rng=5)
    networks.erdos_renyi(100, 0.1, rng=5)
    assert random.random() == before
    assert np.array_equal(np.random.get_state()[1], np_state)  # noqa: NPY002


def test_watts_strogatz_degree_and_complete():
    g = networks.watts_strogatz(1000, 10, 0.0, rng=0)
    assert all(d == 10 for _, d in g.degree())
    assert networks.complete(5).number_of_edges() == 10


def test_stochastic_block_mean_degree_and_homophily():
    sizes = [400, 300, 300]
    degs, inside = [], []
    for seed in range(5):
        g = networks.stochastic_block(sizes, mean_degree=12, homophily=0.75, rng=seed)
        degs.append(2 * g.number_of_edges() / g.number_of_nodes())
        same = sum(g.nodes[u]["group"] == g.nodes[v]["group"] for u, v in g.edges())
        inside.append(same / g.number_of_edges())
    assert np.mean(degs) == pytest.approx(12, rel=0.02)
    # expected share of ties inside groups: sum n_b(n_b-1) p_in / sum over all pairs
    n = np.array(sizes, dtype=float)
    within = np.sum(n * (n - 1))
    between = np.sum(n * (1000 - n)) * 0.25
    assert np.mean(inside) == pytest.approx(within / (within + between), abs=0.01)


def test_stochastic_block_extremes():
    g = networks.stochastic_block(
        [50, 50], mean_degree=5, homophily=1.0, rng=1, group_names=["a", "b"]
    )
    assert all(g.nodes[u]["group"] == g.nodes[v]["group"] for u, v in g.edges())
    assert {g.nodes[0]["group_name"], g.nodes[99]["group_name"]} == {"a", "b"}
    with pytest.raises(ValueError, match="mean_degree"):
        networks.stochastic_block([5, 5], mean_degree=9, homophily=1.0)


def test_to_csr_drops_self_loops_and_checks_size():
    g = nx.Graph([(0, 1), (1, 2), (2, 2)])
    a = networks.to_csr(g)
    assert isinstance(a, sp.csr_array)
    assert a.shape == (3, 3)
    assert a.diagonal().sum() == 0
    assert (a != a.T).nnz == 0
    with pytest.raises(ValueError, match="x0 has 4"):
        networks.to_csr(g, 4)


def test_read_graphml_gexf_and_edge_lists_keep_attributes(tmp_path):
    g = nx.Graph()
    g.add_node("anna", neighbourhood="Wyck")
    g.add_node("bram", neighbourhood="Mariaberg")
    g.add_node("cas", neighbourhood="Wyck")
    g.add_edges_from([("anna", "bram"), ("bram", "cas")])
    nx.write_graphml(g, tmp_path / "city.graphml")
    nx.write_gexf(g, tmp_path / "city.gexf")
    for name in ("city.graphml", "city.gexf"):
        h = networks.read_network(tmp_path / name)
        assert sorted(h.nodes) == [0, 1, 2]
        ids = {h.nodes[i]["id"]: h.nodes[i].get("neighbourhood") for i in h.nodes}
        assert ids == {"anna": "Wyck", "bram": "Mariaberg", "cas": "Wyck"}
        assert h.number_of_edges() == 2
    (tmp_path / "ties.csv").write_text("source,target,weight\nanna,bram,2\nbram,cas,0.5\n")
    h = networks.read_network(tmp_path / "ties.csv")
    assert h.number_of_edges() == 2
    assert sorted(d["weight"] for *_, d in h.edges(data=True)) == [0.5, 2.0]
    (tmp_path / "ties.txt").write_text("# a comment\n1 2\n2 3\n3 1\n")
    assert networks.read_network(tmp_path / "ties.txt").number_of_edges() == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.graphml", "<graphml><graph><node", "cannot read it as graphml"),
        ("bad.txt", "1 2 3 4\n", "line 1 must be"),
        ("bad.csv", "a,b\nc,d,heavy\n", "weight 'heavy' is not a number"),
        ("empty.txt", "# nothing\n", "no nodes"),
        ("net.xyz", "1 2\n", "unknown format"),
    ],
)
def test_read_network_bad_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        networks.read_network(path)


def test_read_network_missing_file(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        networks.read_network(tmp_path / "absent.graphml")


def test_multiplex_network_layers():
    off = networks.watts_strogatz(50, 4, 0.1, rng=1)
    on = networks.barabasi_albert(50, 2, rng=2)
    mx = networks.MultiplexNetwork(offline=off, online=on)
    assert mx.n == 50
    assert mx.csr("online").nnz == 2 * on.number_of_edges()
    with pytest.raises(ValueError, match="online layer has 40 nodes"):
        networks.MultiplexNetwork(offline=off, online=networks.complete(40))
    with pytest.raises(ValueError, match="layer must be"):
        mx.csr("tv")
