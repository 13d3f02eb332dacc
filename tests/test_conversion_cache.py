"""prepare() converts a graph object once while it stays the same: a hit gives the very same
Adjacency, and a graph changed in any way is converted anew (never a stale conversion)."""

from __future__ import annotations

import copy
import gc
import pickle
import warnings

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from polsim import classic, networks
from polsim.networks import _REMEMBERED, _conversions, prepare


@pytest.fixture(autouse=True)
def _empty_cache():
    _conversions.clear()
    yield
    _conversions.clear()


def _same(a: networks.Adjacency, b: networks.Adjacency) -> None:
    """Two conversions are equal in every array the kernels read."""
    for name in ("indptr", "indices", "in_indptr", "in_indices", "tie_first", "tie_second"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.nodes == b.nodes
    ca, cb = a.csr, b.csr
    assert ca.shape == cb.shape
    assert (ca != cb).nnz == 0


def _fresh(graph) -> networks.Adjacency:
    """A conversion of an independent copy: what prepare must give."""
    other = graph.copy()
    assert other is not graph
    return networks._convert(other)


def _small_graph(seed: int = 3) -> nx.Graph:
    return networks.watts_strogatz(200, 6, 0.2, rng=seed)


@pytest.mark.parametrize("form", ["csr_array", "csr_matrix", "csc_array", "coo_array"])
def test_a_sparse_matrix_is_converted_once_and_a_hit_is_the_same_object(form) -> None:
    a = getattr(sp, form)(networks.to_csr(_small_graph()))
    first = prepare(a)
    second = prepare(a)
    assert second is first
    assert second.indices is first.indices
    assert second.indptr is first.indptr
    _same(first, _fresh(a))
    assert len(_conversions) == 1


def test_a_networkx_graph_is_converted_at_every_call_and_left_as_it_was() -> None:
    g = _small_graph()
    cache = dict(g.__networkx_cache__)
    first = prepare(g)
    assert prepare(g) is not first
    _same(first, _fresh(g))
    assert dict(g.__networkx_cache__) == cache  # nothing written into the user's graph
    assert len(_conversions) == 0


def test_an_adjacency_hands_out_read_only_arrays() -> None:
    a = prepare(networks.to_csr(_small_graph()))
    for name in ("indptr", "indices", "in_indptr", "in_indices"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(a, name)[0] = 1
    assert a.in_indptr is a.indptr  # an undirected network's transpose is its own rows


def _change_weight(a):
    a.data[7] = 2.5


def _move_a_tie(a):  # the same number of entries, one of them pointing elsewhere
    row = 0
    taken = set(a.indices[a.indptr[row] : a.indptr[row + 1]].tolist())
    a.indices[a.indptr[row]] = next(j for j in range(1, a.shape[0]) if j not in taken)
    a.sort_indices()


def _new_tie(a):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sp.SparseEfficiencyWarning)
        a[0, 150] = 1.0
        a[150, 0] = 1.0


def _drop_a_tie(a):
    a.data[a.indptr[5]] = 0.0
    a.eliminate_zeros()


def _swap_two_values(a):  # the same multiset of values in other places
    a.data[:] = np.arange(a.nnz, dtype=float) + 1
    a.data[[0, 1]] = a.data[[1, 0]]


@pytest.mark.parametrize("change", [_change_weight, _move_a_tie, _new_tie, _drop_a_tie])
def test_a_sparse_matrix_changed_in_place_is_converted_anew(change) -> None:
    a = networks.to_csr(_small_graph())
    before = prepare(a)
    change(a)
    after = prepare(a)
    assert after is not before
    _same(after, _fresh(a))
    assert prepare(a) is after  # and that conversion is remembered in turn


def test_values_swapped_in_place_are_seen() -> None:
    a = networks.to_csr(_small_graph())
    a.data[:] = np.arange(a.nnz, dtype=float) + 1
    before = prepare(a)
    _swap_two_values(a)
    after = prepare(a)
    assert after is not before
    _same(after, _fresh(a))


def test_a_kernel_never_runs_on_a_stale_conversion_of_a_changed_matrix() -> None:
    g = _small_graph()
    a = networks.to_csr(g)
    x = np.random.default_rng(1).random(a.shape[0])
    run = lambda graph: classic.deffuant(x, eps=0.3, mu=0.5, graph=graph, rng=4,  # noqa: E731
                                         interactions=3000).x  # fmt: skip
    assert np.array_equal(run(a), run(a.copy()))
    for k in range(a.shape[0]):  # isolate the first ten people: their opinions stay put
        if k < 10:
            a.data[a.indptr[k] : a.indptr[k + 1]] = 0.0
        else:
            a.data[a.indptr[k] : a.indptr[k + 1]] *= np.isin(
                a.indices[a.indptr[k] : a.indptr[k + 1]], np.arange(10), invert=True
            )
    a.eliminate_zeros()
    changed = run(a)
    assert np.array_equal(changed, run(a.copy()))
    assert np.array_equal(changed[:10], x[:10])


def _rewire(g):  # the same numbers of nodes and edges, one edge elsewhere
    u, v = next(iter(g.edges()))
    g.remove_edge(u, v)
    g.add_edge(u, next(w for w in g if w != u and not g.has_edge(u, w)))


@pytest.mark.parametrize(
    "change",
    [
        lambda g: g.add_edge(0, 100),
        lambda g: g.remove_edge(*next(iter(g.edges))),
        _rewire,
        lambda g: g.add_edges_from([(1, 101), (2, 102)]),
        lambda g: g.remove_edges_from(list(g.edges(3))),
        lambda g: g.add_node(len(g)),
        lambda g: g.remove_node(len(g) - 1),
        lambda g: g.update(edges=[(4, 104)]),
        lambda g: g.clear_edges(),
    ],
)
def test_a_networkx_graph_changed_through_its_methods_is_converted_anew(change) -> None:
    g = _small_graph()
    before = prepare(g)
    change(g)
    after = prepare(g)
    assert after is not before
    _same(after, _fresh(g))


@pytest.mark.parametrize("kind", [nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph])
def test_other_networkx_classes_see_their_changes(kind) -> None:
    g = kind(_small_graph())
    before = prepare(g)
    _rewire(g)
    after = prepare(g)
    assert after is not before
    _same(after, _fresh(g))


def test_views_subclasses_and_frozen_graphs_are_converted_at_every_call() -> None:
    g = _small_graph()
    view = g.subgraph(range(50))
    first = prepare(view)
    assert prepare(view) is not first
    g.add_edge(0, 49) if not g.has_edge(0, 49) else g.remove_edge(0, 49)
    _same(prepare(view), networks._convert(nx.Graph(view)))  # the view follows g

    class Mine(nx.Graph):
        pass

    mine = Mine(g)
    assert prepare(mine) is not prepare(mine)
    frozen = nx.freeze(g.copy())
    assert prepare(frozen) is not prepare(frozen)
    off = g.copy()
    off.__networkx_cache__ = None  # caching switched off for this graph
    assert prepare(off) is not prepare(off)
    assert len(_conversions) == 0


def test_relabelled_graphs_keep_their_ids_and_see_new_nodes() -> None:
    g = nx.relabel_nodes(_small_graph(), {k: f"p{k}" for k in range(200)})
    first = prepare(g, relabel=True)
    assert first.nodes is not None
    assert first.nodes[:2] == ("p0", "p1")
    g.add_edge("p0", "newcomer")
    after = prepare(g, relabel=True)
    assert after.n == 201
    assert after.nodes is not None
    assert after.nodes[-1] == "newcomer"
    with pytest.raises(ValueError, match=r"integers 0\.\.n-1"):
        prepare(g)  # relabel=False is its own conversion, refused as before


def test_a_size_mismatch_is_refused_on_a_hit_too() -> None:
    a = networks.to_csr(_small_graph())
    prepare(a, 200)
    with pytest.raises(ValueError, match="graph has 200 nodes but x0 has 199"):
        prepare(a, 199)


def test_an_entry_goes_with_its_graph_and_the_cache_is_bounded() -> None:
    a = networks.to_csr(_small_graph())
    prepare(a)
    assert len(_conversions) == 1
    del a
    gc.collect()
    assert len(_conversions) == 0
    kept = [networks.to_csr(_small_graph(seed)) for seed in range(_REMEMBERED + 3)]
    for graph in kept:
        prepare(graph)
    assert len(_conversions) == _REMEMBERED
    assert prepare(kept[-1]) is prepare(kept[-1])


def test_a_graph_collected_while_the_cache_is_busy_is_dropped_at_its_next_use() -> None:
    a = networks.to_csr(_small_graph())
    prepare(a)
    with _conversions._lock:  # as if another thread were looking something up
        del a
        gc.collect()
        assert len(_conversions._gone) == 1
    assert len(_conversions) == 0


def test_copies_and_pickles_of_a_remembered_graph_are_converted_on_their_own() -> None:
    g = _small_graph()
    prepare(g)
    for other in (copy.deepcopy(g), pickle.loads(pickle.dumps(g))):
        _rewire(other)
        _same(prepare(other), _fresh(other))
    _same(prepare(g), _fresh(g))
