"""A whole country in memory: the lean network builder and the parts of a network made only
when asked for (docs/performance.md, "A whole country")."""

from __future__ import annotations

import pickle
from typing import Any

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from polsim import networks


def _sparse_small_world(n: int, k: int, p: float, rng: Any) -> sp.csr_array:
    """The construction of ``small_world`` up to polsim 0.2, through scipy: the reference."""
    gen = np.random.default_rng(rng)
    half = k // 2
    src = np.repeat(np.arange(n, dtype=np.int64), half)
    dst = (src + np.tile(np.arange(1, half + 1, dtype=np.int64), n)) % n
    rewire = gen.random(src.size) < p
    dst[rewire] = gen.integers(0, n, size=int(rewire.sum()))
    keep = src != dst
    src, dst = src[keep], dst[keep]
    a = sp.csr_array(
        (np.ones(2 * src.size), (np.concatenate((src, dst)), np.concatenate((dst, src)))),
        shape=(n, n),
    )
    a.sum_duplicates()
    a.data[:] = 1.0
    a.sort_indices()
    return a


@pytest.mark.parametrize(
    ("n", "k", "p"),
    [(3, 2, 0.5), (5, 4, 1.0), (12, 10, 0.3), (500, 6, 0.0), (2000, 10, 0.1), (3000, 8, 1.0)],
)
def test_small_world_is_the_network_of_the_sparse_construction(n, k, p):
    for seed in range(3):
        gen = np.random.default_rng(seed)
        built = networks.small_world(n, k, p, rng=gen)
        reference_gen = np.random.default_rng(seed)
        reference = _sparse_small_world(n, k, p, reference_gen)
        np.testing.assert_array_equal(built.indptr, reference.indptr)
        np.testing.assert_array_equal(built.indices, reference.indices)
        assert built.indptr.dtype == np.int64
        assert built.indices.dtype == np.int32
        assert built.in_indptr is built.indptr
        assert built.in_indices is built.indices
        # the same random draws were taken: the streams go on alike
        assert gen.random() == reference_gen.random()


def test_small_world_degrees_and_structure():
    n, k = 20_000, 10
    adj = networks.small_world(n, k, 0.1, rng=5)
    deg = adj.degree
    assert deg.mean() == pytest.approx(k, abs=0.01)  # short by about p k^2 / n
    assert deg.min() >= 1
    rows = np.repeat(np.arange(n), deg)
    assert not np.any(adj.indices == rows)  # no self-loops
    same_row = rows[1:] == rows[:-1]
    assert np.all(adj.indices[1:][same_row] > adj.indices[:-1][same_row])  # sorted, unique
    csr = adj.csr
    assert (csr != csr.T).nnz == 0  # undirected
    lattice = networks.small_world(n, k, 0.0, rng=5)
    assert np.all(lattice.degree == k)


def test_small_world_rejects_what_a_ring_cannot_be():
    with pytest.raises(ValueError, match="k must be even and smaller than n"):
        networks.small_world(10, 3, 0.1)
    with pytest.raises(ValueError, match="k must be even and smaller than n"):
        networks.small_world(10, 10, 0.1)


def _old_ties(a: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    upper = sp.triu(a + a.T, k=1, format="coo")
    return upper.row, upper.col


@pytest.mark.parametrize(
    "graph",
    [
        nx.watts_strogatz_graph(300, 6, 0.3, seed=1),
        nx.gnp_random_graph(200, 0.03, seed=2, directed=True),
        sp.random_array((60, 60), density=0.1, rng=3, format="csr"),  # weighted, directed
        nx.path_graph(4),
    ],
    ids=["undirected", "directed", "weighted", "path"],
)
def test_csr_and_ties_made_when_asked_are_those_kept_before(graph):
    adj = networks.prepare(graph)
    expected = networks._csr(graph, None, weight=None, nodes=None)
    csr = adj.csr
    assert isinstance(csr, sp.csr_array)
    assert csr.shape == expected.shape
    np.testing.assert_array_equal(csr.indptr, expected.indptr)
    np.testing.assert_array_equal(csr.indices, expected.indices)
    np.testing.assert_array_equal(csr.data, expected.data)
    first, second = _old_ties(expected)
    np.testing.assert_array_equal(adj.tie_first, first)
    np.testing.assert_array_equal(adj.tie_second, second)
    assert adj.tie_first.dtype == adj.indices.dtype
    assert adj.tie_first is adj.tie_first  # kept once made
    # the matrix is made at each reading, sharing only the indices
    assert adj.csr is not csr
    assert np.shares_memory(csr.indices, adj.indices)
    csr.data[:] = 7.0  # a kernel that changes its copy changes nothing here
    np.testing.assert_array_equal(adj.csr.data, expected.data)


def test_an_adjacency_keeps_only_its_rows():
    adj = networks.small_world(1000, 10, 0.1, rng=1)
    assert adj.weights is None
    assert "csr" not in type(adj).__slots__
    assert adj._ties is None  # nobody asked for the ties
    first = adj.tie_first
    assert adj._ties is not None
    assert adj.tie_first is first
    copy = pickle.loads(pickle.dumps(adj))
    np.testing.assert_array_equal(copy.tie_second, adj.tie_second)
    assert copy.n == 1000
