"""Classic kernels against closed forms and exact identities."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from polsim import classic, networks


def test_degroot_consensus_is_degree_weighted_mean():
    # Equal weights over oneself and one's neighbours on an undirected connected graph:
    # the stationary left eigenvector is pi_i = (k_i + 1) / sum_j (k_j + 1).
    g = networks.barabasi_albert(300, 3, rng=7)
    x0 = np.random.default_rng(1).normal(size=300)
    res = classic.degroot(x0, graph=g, steps=20_000, tol=1e-13)
    k = np.array([d for _, d in sorted(g.degree())], dtype=float) + 1.0
    expected = float(np.sum(k * x0) / np.sum(k))
    assert res.converged
    np.testing.assert_allclose(res.x, expected, atol=1e-9)


def test_degroot_general_W_reaches_left_eigenvector_weighted_mean():
    rng = np.random.default_rng(3)
    W = rng.random((40, 40))
    W /= W.sum(axis=1, keepdims=True)
    x0 = rng.random(40)
    vals, vecs = np.linalg.eig(W.T)
    pi = np.real(vecs[:, np.argmin(np.abs(vals - 1))])
    pi /= pi.sum()
    res = classic.degroot(x0, W=W, steps=500)
    np.testing.assert_allclose(res.x, pi @ x0, atol=1e-10)


def test_degroot_complete_mixing_is_the_plain_mean_in_one_step():
    x0 = np.array([0.1, 0.4, 0.7, 1.0])
    res = classic.degroot(x0)
    np.testing.assert_allclose(res.x, x0.mean(), atol=1e-15)
    assert res.steps == 2  # one step to the mean, one step to see nothing moves


@pytest.mark.parametrize("sparse", [False, True])
def test_friedkin_johnsen_matches_closed_form(sparse):
    rng = np.random.default_rng(5)
    g = networks.watts_strogatz(200, 6, 0.2, rng=rng)
    x0 = rng.uniform(-1, 1, 200)
    lam = rng.uniform(0.2, 0.95, 200)
    A = networks.to_csr(g)
    W = sp.diags_array(1.0 / A.sum(axis=1)) @ A
    W = sp.csr_array(W) if sparse else W.toarray()
    res = classic.friedkin_johnsen(x0, W=W, susceptibility=lam, tol=1e-14)
    dense = W.toarray() if sparse else W
    closed = np.linalg.solve(np.eye(200) - lam[:, None] * dense, (1 - lam) * x0)
    assert res.converged
    np.testing.assert_allclose(res.x, closed, atol=1e-10)
    np.testing.assert_allclose(
        classic.friedkin_johnsen_equilibrium(x0, W=W, susceptibility=lam), closed, atol=1e-10
    )


def test_friedkin_johnsen_with_zero_susceptibility_keeps_initial_opinions():
    x0 = np.array([0.2, -0.5, 0.9])
    res = classic.friedkin_johnsen(x0, susceptibility=0.0)
    np.testing.assert_array_equal(res.x, x0)


def test_friedkin_johnsen_full_susceptibility_is_degroot():
    x0 = np.random.default_rng(2).random(30)
    g = networks.erdos_renyi(30, 0.3, rng=4)
    fj = classic.friedkin_johnsen(x0, susceptibility=1.0, graph=g, steps=50)
    dg = classic.degroot(x0, graph=g, steps=50)
    np.testing.assert_allclose(fj.x, dg.x, atol=1e-14)


def test_friedkin_johnsen_singular_equilibrium_is_refused():
    with pytest.raises(ValueError, match="susceptibility"):
        classic.friedkin_johnsen_equilibrium([0.0, 1.0], susceptibility=1.0)


@pytest.mark.parametrize("mu", [0.1, 0.25, 0.3, 0.5])
def test_deffuant_pair_gap_shrinks_by_one_minus_two_mu(mu):
    x0 = np.array([0.3, 0.55])
    res = classic.deffuant(x0, eps=0.5, mu=mu, interactions=1, rng=0)
    assert res.x[1] - res.x[0] == pytest.approx((1 - 2 * mu) * 0.25, abs=1e-15)
    assert res.x.sum() == pytest.approx(x0.sum(), abs=1e-15)


def test_deffuant_no_interaction_beyond_threshold():
    x0 = np.array([0.0, 0.5])
    res = classic.deffuant(x0, eps=0.5, interactions=1000, rng=0)  # |d| = eps is not < eps
    np.testing.assert_array_equal(res.x, x0)


@pytest.mark.parametrize("graph", [None, "ws"])
def test_deffuant_conserves_mean(graph):
    rng = np.random.default_rng(11)
    x0 = rng.random(500)
    g = networks.watts_strogatz(500, 8, 0.1, rng=rng) if graph else None
    res = classic.deffuant(x0, eps=0.3, mu=0.4, interactions=200_000, graph=g, rng=rng)
    assert res.x.mean() == pytest.approx(x0.mean(), abs=1e-12)
    assert res.steps <= 200_000


def test_hegselmann_krause_example_by_hand():
    res = classic.hegselmann_krause([0.0, 0.1, 0.2, 0.9, 1.0], eps=0.15)
    np.testing.assert_allclose(res.x, [0.1, 0.1, 0.1, 0.95, 0.95], atol=1e-15)
    assert res.converged


def _hk_brute_force(x: np.ndarray, eps: float) -> np.ndarray:
    near = np.abs(x[:, None] - x[None, :]) <= eps
    return (near @ x) / near.sum(axis=1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=60),
    st.floats(0.01, 1.0),
)
def test_hegselmann_krause_sorted_step_equals_brute_force(values, eps):
    x = np.array(values)
    res = classic.hegselmann_krause(x, eps=eps, max_steps=1)
    np.testing.assert_allclose(res.x, _hk_brute_force(x, eps), atol=1e-12)


def test_hegselmann_krause_complete_graph_equals_complete_mixing():
    x0 = np.random.default_rng(8).random(200)
    a = classic.hegselmann_krause(x0, eps=0.12)
    b = classic.hegselmann_krause(x0, eps=0.12, graph=nx.complete_graph(200))
    np.testing.assert_allclose(a.x, b.x, atol=1e-12)
    assert a.steps == b.steps


def test_jager_amblard_contrast_and_assimilation_by_hand():
    far = classic.jager_amblard([-0.9, 0.8], U=0.2, T=1.0, mu=0.1, interactions=1, rng=0)
    np.testing.assert_allclose(far.x, [-1.0, 0.97])  # pushed apart, clipped at -1
    near = classic.jager_amblard([0.1, 0.2], U=0.2, T=1.0, mu=0.1, interactions=1, rng=0)
    np.testing.assert_allclose(near.x, [0.11, 0.19])
    middle = classic.jager_amblard([0.0, 0.5], U=0.2, T=1.0, mu=0.1, interactions=1, rng=0)
    np.testing.assert_array_equal(middle.x, [0.0, 0.5])  # latitude of non-commitment


def test_jager_amblard_without_contrast_is_deffuant():
    # T beyond the scale disables contrast: the rule is then Deffuant's with eps = U.
    x0 = np.random.default_rng(4).uniform(-1, 1, 300)
    ja = classic.jager_amblard(x0, U=0.4, T=3.0, mu=0.3, interactions=50_000, tol=1e-300, rng=9)
    df = classic.deffuant(x0, eps=0.4, mu=0.3, interactions=50_000, tol=1e-300, rng=9)
    np.testing.assert_allclose(ja.x, df.x, atol=1e-12)


def _voter_exact_mean_time(n: int, k0: int) -> float:
    """Mean number of updates to consensus of the voter model on the complete graph.

    k ones change by +-1 with probability p_k = k (n - k) / (n (n - 1)) each per update, so
    T_{k+1} - 2 T_k + T_{k-1} = -1 / p_k with T_0 = T_n = 0 (a tridiagonal system).
    """
    k = np.arange(1, n)
    p = k * (n - k) / (n * (n - 1))
    main = np.full(n - 1, 2.0)
    off = np.full(n - 2, -1.0)
    A = sp.diags_array([off, main, off], offsets=[-1, 0, 1], format="csc")
    T = sp.linalg.spsolve(A, 1.0 / p)
    return float(T[k0 - 1])


def test_voter_exact_mean_time_matches_large_n_formula():
    # The exact chain against Redner's -N^2 [rho ln rho + (1-rho) ln(1-rho)].
    n = 2000
    rho = 0.5
    asymptotic = -(n**2) * (rho * np.log(rho) + (1 - rho) * np.log(1 - rho))
    assert _voter_exact_mean_time(n, n // 2) == pytest.approx(asymptotic, rel=2e-3)


def test_voter_exit_probability_and_mean_consensus_time_complete_graph():
    from tests.conftest import seeds

    n, k0, runs = 40, 12, 3000
    x0 = np.zeros(n)
    x0[:k0] = 1.0
    wins, times = [], []
    for s in seeds(runs, key=1):
        res = classic.voter(x0, rng=s)
        assert res.converged
        wins.append(res.x[0] == 1.0)
        times.append(res.steps)
    rho = k0 / n
    se_p = np.sqrt(rho * (1 - rho) / runs)
    assert abs(np.mean(wins) - rho) < 4 * se_p
    t_exact = _voter_exact_mean_time(n, k0)
    se_t = np.std(times) / np.sqrt(runs)
    assert abs(np.mean(times) - t_exact) < 4 * se_t


def test_voter_keeps_the_callers_two_values():
    res = classic.voter([-1, 1, 1, -1, 1], rng=3)
    assert set(res.x.tolist()) <= {-1.0, 1.0}
    assert res.converged
