"""A whole country in memory: the lean network builder, the parts made only when asked for, and
the bytes per person of a running city (docs/performance.md, "A whole country")."""

from __future__ import annotations

import contextlib
import pickle
from typing import Any

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from polsim import PolarisationModel, networks
from polsim.model import mechanisms
from polsim.model.levers import Levers

#: Bytes per person of the arrays a running city holds (measured 385 at N = 200,000 and at
#: N = 1,000,000; it was 697 with the CSR matrix, the list of ties and every lever kept).
BYTES_PER_PERSON_BOUND = 400


def _sparse_small_world(n: int, k: int, p: float, rng: Any) -> sp.csr_array:
    """The construction of ``small_world`` before its compiled passes, through scipy: the
    reference."""
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


def test_unused_levers_hold_no_memory_and_read_as_before():
    lv = Levers(10_000)
    for name, neutral in [("support", 0.0), ("reach", 1.0), ("stage", 0.0), ("literacy", 0.0)]:
        arr = getattr(lv, name)
        assert arr.shape == (10_000,)
        assert arr.strides == (0,)  # one value, no array
        assert np.all(arr == neutral)
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0.5
    lv.give_support([3, 4], 0.5)
    assert lv.support.strides == (8,)
    assert lv.in_use("support")
    np.testing.assert_array_equal(lv.support[[3, 4, 5]], [0.5, 0.5, 0.0])
    lv.withdraw_support([3, 4])  # everybody back at the neutral value: the array is given back
    assert lv.support.strides == (0,)
    assert not lv.in_use("support")
    lv.limit_reach([1], 0.25)
    np.testing.assert_array_equal(lv.reach[:3], [1.0, 0.75, 1.0])


def test_a_weeks_rows_are_its_table():
    week = mechanisms.Week.empty(50)
    for k, name in enumerate(mechanisms.WEEK_FIELDS):
        assert np.shares_memory(getattr(week, name), week.table[k])
    part = week.rows(slice(10, 20))
    assert np.shares_memory(part.stance, week.stance[10:20])


def test_a_bridge_builders_tone_is_its_own():
    m = PolarisationModel(n_agents=500, rng=3, create_agents=False)
    assert np.all(m.tone == 1.0)
    m.assign("bridge_builder", [7, 9], tone="moralising")
    np.testing.assert_array_equal(m.tone[7:10], [0.0, 1.0, 0.0])
    m.run(3)  # and the city runs on, and pickles
    again = pickle.loads(pickle.dumps(m))
    np.testing.assert_array_equal(again.tone, m.tone)


def _array_bytes(model: PolarisationModel) -> int:
    """Bytes of the distinct arrays a model holds (in its attributes and the polsim objects and
    sparse matrices in them, a few levels deep), each counted once at its base: a zero-stride
    view costs its one value."""
    seen: set[int] = set()
    total = 0

    def visit(obj: Any, depth: int) -> None:
        nonlocal total
        if isinstance(obj, np.ndarray):
            base = obj
            while isinstance(base.base, np.ndarray):
                base = base.base
            if id(base) not in seen:
                seen.add(id(base))
                total += base.nbytes
            return
        if depth > 3 or id(obj) in seen:
            return
        seen.add(id(obj))
        if sp.issparse(obj):
            for part in (obj.data, obj.indices, obj.indptr):
                visit(part, depth + 1)
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                visit(item, depth + 1)
        elif isinstance(obj, dict):
            for item in obj.values():
                visit(item, depth + 1)
        elif obj is model or type(obj).__module__.startswith("polsim"):
            names = list(getattr(obj, "__dict__", {}))
            for cls in type(obj).__mro__:
                names += list(getattr(cls, "__slots__", ()))
            for name in names:
                with contextlib.suppress(AttributeError):  # an empty slot
                    visit(getattr(obj, name), depth + 1)

    visit(model, 0)
    return total


def test_bytes_per_person_of_a_running_city():
    n = 200_000
    m = PolarisationModel(n_agents=n, rng=1, create_agents=False)
    m.run(2)
    per_person = _array_bytes(m) / n
    assert 300 < per_person <= BYTES_PER_PERSON_BOUND, per_person
