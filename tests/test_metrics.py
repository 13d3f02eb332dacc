"""Polarisation measures against analytic values."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polsim import measures, networks


def test_spread_is_population_variance():
    assert measures.spread([-1, 1]) == 1.0
    assert measures.spread([0.3] * 5) == 0.0
    x = np.random.default_rng(0).normal(size=1000)
    assert measures.spread(x) == pytest.approx(np.var(x))


def test_bimodality_coefficient_reference_distributions():
    # Large-sample values: normal 1/3, uniform 5/9, two equal point masses 1.
    rng = np.random.default_rng(1)
    assert measures.bimodality_coefficient(rng.normal(size=200_000)) == pytest.approx(
        1 / 3, abs=0.01
    )
    assert measures.bimodality_coefficient(rng.uniform(size=200_000)) == pytest.approx(
        5 / 9, abs=0.01
    )
    two = np.repeat([-1.0, 1.0], 50_000)
    assert measures.bimodality_coefficient(two) == pytest.approx(1.0, abs=1e-3)


def test_bimodality_coefficient_finite_sample_formula():
    x = np.array([0.0, 0.0, 1.0, 3.0, 7.0])
    n = x.size
    m = x.mean()
    m2, m3, m4 = (np.mean((x - m) ** k) for k in (2, 3, 4))
    g1 = m3 / m2**1.5
    G1 = g1 * np.sqrt(n * (n - 1)) / (n - 2)
    g2 = m4 / m2**2 - 3
    G2 = (n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * g2 + 6)
    expected = (G1**2 + 1) / (G2 + 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
    assert measures.bimodality_coefficient(x) == pytest.approx(expected, rel=1e-12)


def test_bimodality_coefficient_of_consensus_is_zero():
    assert measures.bimodality_coefficient([0.2] * 10) == 0.0


@pytest.mark.parametrize("alpha", [0.0, 0.5, 1.0, 1.6])
def test_esteban_ray_two_equal_poles(alpha):
    x = np.repeat([-1.0, 1.0], 50)
    assert measures.esteban_ray(x, alpha=alpha) == pytest.approx(2.0**-alpha)


def test_esteban_ray_zero_for_one_group_and_gini_at_alpha_zero():
    assert measures.esteban_ray(np.full(20, 0.3)) == 0.0
    x = np.array([-0.9, -0.1, 0.4, 0.95])
    # alpha = 0 with one person per group: the mean absolute difference over all ordered pairs
    gmd = np.mean(np.abs(x[:, None] - x[None, :]))
    assert measures.esteban_ray(x, alpha=0.0, groups=np.arange(4)) == pytest.approx(gmd)


def test_esteban_ray_rises_as_mass_moves_to_the_poles():
    rng = np.random.default_rng(2)
    base = rng.uniform(-1, 1, 2000)
    values = [measures.esteban_ray(np.sign(base) * np.abs(base) ** p) for p in (2.0, 1.0, 0.5, 0.1)]
    assert values == sorted(values)


def test_opinion_clusters_and_counts():
    x = [0.0, 0.0005, 0.5, 1.0, 1.0, 1.0]
    assert measures.opinion_clusters(x, tol=1e-3).tolist() == [3, 2, 1]
    assert measures.cluster_count(x, tol=1e-3) == 3
    assert measures.cluster_count(x, tol=1e-3, min_share=0.2) == 2
    assert measures.cluster_count(x, tol=0.6) == 1


def test_middle_share():
    assert measures.middle_share([-1, -0.1, 0.0, 0.2, 0.9], band=0.2) == pytest.approx(0.6)
    assert measures.middle_share([0.5, 0.6], band=0.06, center=0.55) == 1.0


def test_neighbour_correlation_and_assortativity_on_segregated_graph():
    # Two cliques joined by one bridge, opinions -1 and +1 by clique: near-perfect echo chambers.
    g = nx.barbell_graph(10, 0)
    x = np.array([-1.0] * 10 + [1.0] * 10)
    assert measures.opinion_assortativity(x, g) == pytest.approx(
        nx.numeric_assortativity_coefficient(_with_attr(g, x), "x")
    )
    assert measures.neighbour_correlation(x, g) > 0.95
    assert measures.opinion_assortativity(x, g) > 0.95
    # Alternating opinions on a cycle: every tie joins opposites.
    c = nx.cycle_graph(10)
    alt = np.array([(-1.0) ** i for i in range(10)])
    assert measures.opinion_assortativity(alt, c) == pytest.approx(-1.0)
    assert measures.neighbour_correlation(alt, c) == pytest.approx(-1.0)


def _with_attr(g: nx.Graph, x: np.ndarray) -> nx.Graph:
    h = g.copy()
    nx.set_node_attributes(h, {i: float(v) for i, v in enumerate(x)}, "x")
    return h


def test_assortativity_is_near_zero_for_random_opinions():
    g = networks.erdos_renyi(2000, 0.005, rng=3)
    x = np.random.default_rng(4).uniform(-1, 1, 2000)
    assert abs(measures.opinion_assortativity(x, g)) < 0.05
    assert abs(measures.neighbour_correlation(x, g)) < 0.07


def test_opinion_modularity_matches_networkx():
    g = networks.stochastic_block([50, 50], mean_degree=8, homophily=0.9, rng=5)
    x = np.array([-0.5 if g.nodes[i]["group"] == 0 else 0.5 for i in range(100)])
    expected = nx.community.modularity(g, [set(range(50)), set(range(50, 100))])
    assert measures.opinion_modularity(x, g) == pytest.approx(expected)
    assert measures.opinion_modularity(x, g, groups=(x > 0).astype(int)) == pytest.approx(expected)
    assert measures.opinion_modularity(np.zeros(100), g) == pytest.approx(0.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1, 1), min_size=4, max_size=200))
def test_measures_stay_in_their_ranges(values):
    x = np.array(values)
    assert 0.0 <= measures.bimodality_coefficient(x) <= 1.0 + 1e-9
    assert 0.0 <= measures.middle_share(x) <= 1.0
    assert 0.0 <= measures.spread(x) <= 1.0 + 1e-12
    assert 0.0 <= measures.esteban_ray(x) <= 2.0
    assert measures.opinion_clusters(x).sum() == x.size


def test_neighbour_correlation_from_sums_is_the_graph_form():
    g = networks.watts_strogatz(300, 6, 0.2, rng=4)
    x = np.random.default_rng(2).uniform(-1, 1, 300)
    adj = networks.to_csr(g)
    degree = np.asarray(adj.sum(axis=1)).ravel()
    from_sums = measures.neighbour_correlation(x, neighbour_sum=adj @ x, degree=degree)
    assert from_sums == measures.neighbour_correlation(x, g)
    with pytest.raises(ValueError, match="either graph, or neighbour_sum and degree"):
        measures.neighbour_correlation(x)
