"""Seeded social-network builders, import of real networks, and CSR adjacency.

Every builder takes the caller's random source (a :class:`numpy.random.Generator` or an int
seed) and passes it on to networkx, so the same seed always gives the same graph and no global
random state is touched. Nodes are the integers ``0 .. n-1``; imported networks are relabelled
that way and keep their original identifier in the node attribute ``"id"``;
``prepare(graph, relabel=True)`` takes a graph with any node ids, numbers its nodes in the
graph's order and keeps the ids in :attr:`Adjacency.nodes`.

Convention for adjacency matrices: ``A[i, j] != 0`` means that agent ``i`` hears agent ``j``.
Undirected graphs give symmetric matrices. Self-loops are dropped: the kernels decide for
themselves whether an agent counts its own opinion.
"""

from __future__ import annotations

import threading
import weakref
import zlib
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numba import njit
from numpy.typing import NDArray

from polsim.validation import as_generator, check_int, check_number, read_only

__all__ = [
    "Adjacency",
    "GraphLike",
    "MultiplexNetwork",
    "barabasi_albert",
    "complete",
    "erdos_renyi",
    "prepare",
    "read_network",
    "small_world",
    "stochastic_block",
    "to_csr",
    "watts_strogatz",
]

GraphLike: TypeAlias = "nx.Graph | sp.sparray | sp.spmatrix | Adjacency"

#: File endings understood by :func:`read_network`.
NETWORK_FORMATS = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".edgelist": "edgelist",
    ".edges": "edgelist",
    ".txt": "edgelist",
    ".csv": "csv",
    ".tsv": "edgelist",
}


def complete(n: int) -> nx.Graph:
    """Complete graph on ``n`` nodes: everybody hears everybody (complete mixing)."""
    n = check_int(n, "n", low=1)
    return nx.complete_graph(n)


def erdos_renyi(n: int, p: float, *, rng: Any = None) -> nx.Graph:
    """Erdős–Rényi G(n, p) random graph; mean degree ``p (n - 1)``."""
    n = check_int(n, "n", low=1)
    p = check_number(p, "p", low=0.0, high=1.0)
    return nx.fast_gnp_random_graph(n, p, seed=as_generator(rng))


def watts_strogatz(n: int, k: int, p: float, *, rng: Any = None) -> nx.Graph:
    """Watts–Strogatz small world: a ring where each node joins its ``k`` nearest neighbours,
    each edge rewired with probability ``p`` (Watts & Strogatz 1998, *Nature* 393:440)."""
    n = check_int(n, "n", low=1)
    k = check_int(k, "k", low=0)
    if k >= n:
        raise ValueError(f"k must be smaller than n (k={k}, n={n})")
    if k % 2:
        raise ValueError(f"k must be even (each node links k/2 neighbours on each side), got {k}")
    p = check_number(p, "p", low=0.0, high=1.0)
    return nx.watts_strogatz_graph(n, k, p, seed=as_generator(rng))


def barabasi_albert(n: int, m: int, *, rng: Any = None) -> nx.Graph:
    """Barabási–Albert preferential attachment, ``m`` links per new node; mean degree ~2m."""
    n = check_int(n, "n", low=1)
    m = check_int(m, "m", low=1)
    if m >= n:
        raise ValueError(f"m must be smaller than n (m={m}, n={n})")
    return nx.barabasi_albert_graph(n, m, seed=as_generator(rng))


def stochastic_block(
    sizes: Sequence[int],
    *,
    mean_degree: float,
    homophily: float,
    rng: Any = None,
    group_names: Sequence[str] | None = None,
) -> nx.Graph:
    """Stochastic block model of neighbourhoods or groups with a homophily parameter.

    Edges inside a group appear with probability ``p_in`` and between groups with
    ``p_out = (1 - homophily) p_in``; ``p_in`` is chosen so that the expected mean degree is
    ``mean_degree``:

    .. math:: \\bar k = \\frac{p_{in}}{N} \\sum_b n_b \\left[(n_b - 1) + (1-h)(N - n_b)\\right]

    ``homophily = 0`` is an Erdős–Rényi graph; ``homophily = 1`` cuts all ties between groups.
    Each node has the attribute ``"group"`` (its block index) and ``"group_name"``.

    Parameters
    ----------
    sizes : sequence of int
        Number of people in each group (each >= 1).
    mean_degree : float
        Expected mean degree, >= 0.
    homophily : float in [0, 1]
        Preference for ties inside one's own group.
    rng : Generator or int, optional
        Random source.
    group_names : sequence of str, optional
        A name per group (for example neighbourhood names); default ``"0", "1", ...``.
    """
    sizes = [check_int(s, f"sizes[{i}]", low=1) for i, s in enumerate(sizes)]
    if not sizes:
        raise ValueError("sizes must name at least one group")
    mean_degree = check_number(mean_degree, "mean_degree", low=0.0)
    h = check_number(homophily, "homophily", low=0.0, high=1.0)
    if group_names is not None and len(group_names) != len(sizes):
        raise ValueError(
            f"group_names must have one name per group ({len(sizes)}), got {len(group_names)}"
        )
    n = sum(sizes)
    nb = np.asarray(sizes, dtype=float)
    pairs_per_p = float(np.sum(nb * ((nb - 1) + (1 - h) * (n - nb)))) / n
    p_in = mean_degree / pairs_per_p if pairs_per_p > 0 else 0.0
    if p_in > 1:
        raise ValueError(
            f"mean_degree={mean_degree:g} is not reachable with homophily={h:g} and these "
            f"group sizes (needs p_in={p_in:.3g} > 1); lower mean_degree or homophily"
        )
    p_out = (1 - h) * p_in
    probs = [[p_in if a == b else p_out for b in range(len(sizes))] for a in range(len(sizes))]
    g = nx.stochastic_block_model(sizes, probs, seed=as_generator(rng), sparse=True)
    names = list(group_names) if group_names is not None else [str(i) for i in range(len(sizes))]
    for _node, data in g.nodes(data=True):
        data["group"] = int(data.pop("block"))
        data["group_name"] = names[data["group"]]
    g.graph.clear()
    g.graph.update(homophily=h, p_in=p_in, p_out=p_out)
    return g


def small_world(n: int, k: int, p: float, *, rng: Any = None) -> Adjacency:
    """Watts–Strogatz-type small world built directly as an :class:`Adjacency`, for large n.

    Each node ``i`` links to ``i+1 .. i+k/2`` on a ring, and each of those ties is rewired,
    with probability ``p``, to a uniformly drawn node. Self-loops and duplicate ties that
    rewiring creates are dropped, so the mean degree can fall short of ``k`` by about
    ``p k^2 / n`` — negligible for the large ``n`` this builder is for (use
    :func:`watts_strogatz` for networkx's exact construction).

    Built in compiled passes without a sparse matrix: at k = 10 it peaks at about 70 bytes per
    node, the result's 48 included (17.9 million nodes: 5 s, 1.2 GB), and the same seed gives
    the same network as the sparse-matrix construction it replaced.
    """
    n = check_int(n, "n", low=3)
    k = check_int(k, "k", low=2)
    if k >= n or k % 2:
        raise ValueError(f"k must be even and smaller than n (k={k}, n={n})")
    p = check_number(p, "p", low=0.0, high=1.0)
    gen = as_generator(rng)
    half = k // 2
    ties = n * half  # tie e joins e // half and e // half + e % half + 1 before rewiring
    # which ties are rewired: the same uniform draws as one call of gen.random(ties), a block
    # at a time (each draw takes one 64-bit word of the stream either way)
    rewired = np.empty(ties, dtype=np.bool_)
    block = np.empty(min(ties, _DRAW_BLOCK))
    for start in range(0, ties, _DRAW_BLOCK):
        stop = min(ties, start + _DRAW_BLOCK)
        np.less(gen.random(out=block[: stop - start]), p, out=rewired[start:stop])
    targets = gen.integers(0, n, size=int(np.count_nonzero(rewired)))
    indptr = np.zeros(n + 1, dtype=np.int64)
    _ring_degrees(n, half, rewired, targets, indptr)
    np.cumsum(indptr, out=indptr)
    indices = np.empty(int(indptr[-1]), dtype=_index_dtype(n))
    _ring_fill(n, half, rewired, targets, indptr, indices)
    del rewired, targets
    size = _sort_unique_rows(indptr, indices)  # rewiring may have doubled a tie
    indices = _shrunk(indices, size)
    return Adjacency(indptr=indptr, indices=indices, in_indptr=indptr, in_indices=indices)


#: Uniform draws per block in :func:`small_world` (32 MB of doubles).
_DRAW_BLOCK = 1 << 22


def _index_dtype(n: int) -> type[np.integer]:
    """32-bit node indices where they fit: they halve the memory the network passes stream
    through."""
    return np.int32 if n < 2**31 else np.int64


def _shrunk(a: NDArray[Any], size: int) -> NDArray[Any]:
    """The first ``size`` entries of ``a``, shrinking ``a`` in place when it owns its memory
    (no copy), else copied."""
    if size == a.size:
        return a
    if a.flags.owndata and a.base is None:
        try:
            a.resize(size, refcheck=False)
            return a
        except ValueError:
            pass
    return a[:size].copy()


@njit(cache=True)
def _ring_end(i, o, e, n, rewired, targets, t):  # pragma: no cover - compiled
    """The other end of tie ``e`` (``i`` to ``i + o`` on the ring) and the next target."""
    if rewired[e]:
        return targets[t], t + 1
    j = i + o
    return (j - n if j >= n else j), t


@njit(cache=True)
def _ring_degrees(n, half, rewired, targets, counts):  # pragma: no cover - compiled
    """``counts[i + 1]``: the ties of node ``i``, both ends, self-loops left out."""
    t = 0
    for i in range(n):
        for o in range(1, half + 1):
            j, t = _ring_end(i, o, i * half + o - 1, n, rewired, targets, t)
            if j != i:
                counts[i + 1] += 1
                counts[j + 1] += 1


@njit(cache=True)
def _ring_fill(n, half, rewired, targets, indptr, indices):  # pragma: no cover - compiled
    """Each tie into the rows of both its ends (unsorted; duplicates kept)."""
    fill = indptr[:-1].copy()
    t = 0
    for i in range(n):
        for o in range(1, half + 1):
            j, t = _ring_end(i, o, i * half + o - 1, n, rewired, targets, t)
            if j != i:
                indices[fill[i]] = j
                fill[i] += 1
                indices[fill[j]] = i
                fill[j] += 1


@njit(cache=True)
def _sort_unique_rows(indptr, indices):  # pragma: no cover - compiled
    """Sort each row's indices and drop repeats, moving the rows together in place;
    ``indptr`` is updated. Returns the number of entries kept."""
    n = indptr.shape[0] - 1
    kept = 0
    start = indptr[0]
    for i in range(n):
        stop = indptr[i + 1]
        row = indices[start:stop]
        if row.shape[0] <= 32:  # insertion sort: rows of a small world are short
            for a in range(1, row.shape[0]):
                v = row[a]
                b = a - 1
                while b >= 0 and row[b] > v:
                    row[b + 1] = row[b]
                    b -= 1
                row[b + 1] = v
        else:
            row.sort()
        for a in range(row.shape[0]):
            if a == 0 or row[a] != row[a - 1]:
                indices[kept] = row[a]
                kept += 1
        indptr[i + 1] = kept
        start = stop
    return kept


def read_network(path: str | Path, *, fmt: str | None = None) -> nx.Graph:
    """Read a real network from GraphML, GEXF or an edge list, keeping node attributes.

    The format is taken from the file ending (``.graphml``, ``.gexf``; ``.edgelist``,
    ``.edges``, ``.txt``, ``.tsv`` for whitespace-separated and ``.csv`` for comma-separated
    edge lists, whose optional third column is a weight) unless ``fmt`` names it.
    Nodes are relabelled ``0 .. n-1`` in file order; the original identifier is kept in the
    node attribute ``"id"``. Directed files give :class:`networkx.DiGraph`.

    Raises
    ------
    ValueError
        If the file is missing or unreadable, the format is unknown, or it has no nodes.
    """
    p = Path(path)
    kind = fmt if fmt is not None else NETWORK_FORMATS.get(p.suffix.lower())
    if kind not in set(NETWORK_FORMATS.values()):
        allowed = ", ".join(sorted(NETWORK_FORMATS))
        raise ValueError(f"network file {p}: unknown format {kind or p.suffix!r}; use {allowed}")
    if not p.is_file():
        raise ValueError(f"network file {p}: no such file")
    try:
        if kind == "graphml":
            g = nx.read_graphml(p)
        elif kind == "gexf":
            g = nx.read_gexf(p)
        else:
            g = _read_edge_list(p, delimiter="," if kind == "csv" else None)
    except ValueError:
        raise
    except Exception as exc:  # parser errors of many kinds: report them as one line
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"network file {p}: cannot read it as {kind}: {msg}") from None
    if g.number_of_nodes() == 0:
        raise ValueError(f"network file {p}: it has no nodes")
    g.remove_edges_from(list(nx.selfloop_edges(g)))
    return nx.convert_node_labels_to_integers(g, ordering="default", label_attribute="id")


def _read_edge_list(path: Path, delimiter: str | None) -> nx.Graph:
    g = nx.Graph()
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = [s.strip() for s in line.split(delimiter)]
            if len(parts) not in (2, 3) or not all(parts[:2]):
                raise ValueError(
                    f"network file {path}: line {lineno} must be 'source target [weight]', "
                    f"got {raw.strip()!r}"
                )
            if len(parts) == 3:
                try:
                    weight = float(parts[2])
                except ValueError:
                    if lineno == 1:  # a header row such as "source,target,weight"
                        continue
                    raise ValueError(
                        f"network file {path}: line {lineno}: weight {parts[2]!r} is not a number"
                    ) from None
                g.add_edge(parts[0], parts[1], weight=weight)
            else:
                if lineno == 1 and delimiter == "," and parts == ["source", "target"]:
                    continue
                g.add_edge(parts[0], parts[1])
    return g


def to_csr(graph: GraphLike, n: int | None = None, *, weight: str | None = None) -> sp.csr_array:
    """Adjacency of ``graph`` as a ``scipy.sparse.csr_array`` of float64, self-loops removed.

    ``graph`` may be a networkx graph whose nodes are ``0 .. n-1``, a sparse matrix or an
    :class:`Adjacency`. With ``weight=None`` every tie of a networkx graph counts 1; otherwise
    the named edge attribute is used. ``n``, if given, is checked against the number of nodes.
    """
    return _csr(graph, n, weight=weight, nodes=None)


def _csr(
    graph: GraphLike, n: int | None, *, weight: str | None, nodes: Sequence[Hashable] | None
) -> sp.csr_array:
    """:func:`to_csr`; ``nodes``, for a networkx graph, the node of each row (default: the
    nodes must be ``0 .. n-1`` and row ``i`` is node ``i``)."""
    if isinstance(graph, Adjacency):
        _check_size(graph.n, n)
        return graph.csr
    if isinstance(graph, nx.Graph):
        count = graph.number_of_nodes()
        if count == 0:
            raise ValueError("graph must have at least one node, got an empty graph")
        if nodes is None:
            if not _numbered(graph):
                raise ValueError(
                    "graph nodes must be the integers 0..n-1 "
                    "(use networkx.convert_node_labels_to_integers or polsim.networks.read_network)"
                )
            nodes = range(count)
        a = nx.to_scipy_sparse_array(
            graph, nodelist=nodes, weight=weight, dtype=np.float64, format="csr"
        )
    elif sp.issparse(graph):
        if graph.ndim != 2 or graph.shape[0] != graph.shape[1]:
            raise ValueError(f"adjacency must be a square matrix, got shape {graph.shape}")
        if graph.shape[0] == 0:
            raise ValueError("graph must have at least one node, got an empty adjacency")
        a = sp.csr_array(graph, dtype=np.float64)
    else:
        raise ValueError(
            f"graph must be a networkx graph or a scipy sparse matrix, got {type(graph).__name__}"
        )
    _check_size(a.shape[0], n)
    a.setdiag(0)
    a.eliminate_zeros()
    a.sort_indices()
    if not np.all(np.isfinite(a.data)) or np.any(a.data < 0):
        raise ValueError("graph weights must be finite and non-negative")
    return a


def _numbered(graph: nx.Graph) -> bool:
    """Whether the nodes of ``graph`` are the integers ``0 .. n-1`` (in any order)."""
    return set(graph.nodes) == set(range(graph.number_of_nodes()))


def _check_size(nodes: int, n: int | None) -> None:
    if n is not None and nodes != n:
        raise ValueError(f"graph has {nodes} nodes but x0 has {n} opinions; they must match")


@dataclass(frozen=True, slots=True, eq=False)
class Adjacency:
    """A network prepared once for the kernels: who each person hears, as compressed rows.

    Build it with :func:`prepare` (or :func:`small_world`); every kernel accepts it wherever
    it accepts a graph, and skips the conversion work, which matters when a model calls a
    kernel every step. It keeps only the compressed rows (``indptr``, ``indices``: row ``i``
    lists, in increasing order, whom person ``i`` hears) and, for a directed network, those
    of the transpose. The sparse matrix (:attr:`csr`) and the list of ties
    (:attr:`tie_first`, :attr:`tie_second`) are made from them when asked for, so that a
    model of millions of people does not carry three copies of its network.
    """

    indptr: NDArray[np.int64]
    indices: NDArray[np.integer]
    #: who hears each person (the transpose); the same arrays for an undirected network
    in_indptr: NDArray[np.int64]
    in_indices: NDArray[np.integer]
    #: the node id of each row, kept when a graph whose nodes are not the integers ``0 .. n-1``
    #: was prepared with ``relabel=True``; None: row ``i`` is node ``i``
    nodes: tuple[Hashable, ...] | None = None
    #: the weight of each entry of ``indices``; None: every tie weighs 1
    weights: NDArray[np.float64] | None = None
    #: (tie_first, tie_second) once asked for
    _ties: tuple[NDArray[np.integer], NDArray[np.integer]] | None = field(
        default=None, init=False, repr=False
    )

    def __post_init__(self) -> None:
        # Read-only views of the arrays given (the same view for the same array, so that an
        # undirected network's transpose stays its own rows): one Adjacency may serve many
        # models and kernels, and nobody may change it under them.
        views: dict[int, NDArray[Any]] = {}
        for name in ("indptr", "indices", "in_indptr", "in_indices", "weights"):
            a = getattr(self, name)
            if a is None:
                continue
            if id(a) not in views:
                views[id(a)] = read_only(np.asarray(a))
            object.__setattr__(self, name, views[id(a)])

    @property
    def n(self) -> int:
        """Number of nodes."""
        return int(self.indptr.shape[0] - 1)

    @property
    def degree(self) -> NDArray[np.int64]:
        """Number of people each person hears."""
        return np.diff(self.indptr)

    @property
    def csr(self) -> sp.csr_array:
        """The adjacency as a ``scipy.sparse.csr_array`` of float64 (the weights, else 1 per
        tie), made anew at each reading: keep it if you need it more than once. It shares
        ``indices`` with this Adjacency (do not change it in place), which costs nothing
        beyond its weights (8 bytes per tie) and, with 32-bit indices, 32-bit row offsets."""
        index = self.indices.dtype
        if index == np.int32 and self.indptr[-1] >= 2**31:
            index = np.dtype(np.int64)
        data = np.ones(self.indices.size) if self.weights is None else self.weights.copy()
        return sp.csr_array(
            (data, self.indices.astype(index, copy=False), self.indptr.astype(index)),
            shape=(self.n, self.n),
            copy=False,
        )

    @property
    def tie_first(self) -> NDArray[np.integer]:
        """One end of each undirected tie, each tie once (``tie_first < tie_second``, in
        row-major order); made when first asked for and kept."""
        return self._tie_ends()[0]

    @property
    def tie_second(self) -> NDArray[np.integer]:
        """The other end of each tie of :attr:`tie_first`."""
        return self._tie_ends()[1]

    def _tie_ends(self) -> tuple[NDArray[np.integer], NDArray[np.integer]]:
        if self._ties is None:
            index = self.indices.dtype
            if self.in_indptr is self.indptr and self.in_indices is self.indices:
                rows = np.repeat(np.arange(self.n, dtype=index), np.diff(self.indptr))
                upper = self.indices > rows
                ties = (rows[upper], self.indices[upper])
            else:  # each tie of either direction once
                a = self.csr
                both = sp.triu(a + a.T, k=1, format="coo")
                ties = (both.row.astype(index), both.col.astype(index))
            object.__setattr__(self, "_ties", ties)
        assert self._ties is not None
        return self._ties


def prepare(graph: GraphLike, n: int | None = None, *, relabel: bool = False) -> Adjacency:
    """Convert ``graph`` once into an :class:`Adjacency` (returned as is if it already is one).

    A networkx graph must have the nodes ``0 .. n-1`` (row ``i`` is node ``i``) unless
    ``relabel`` is true: then its nodes may be any ids (names, postcodes, survey numbers); row
    ``k`` is the graph's ``k``-th node, in the graph's node order, and the ids are kept in
    :attr:`Adjacency.nodes`. A graph whose nodes are ``0 .. n-1`` is prepared the same either
    way.

    The models and the kernels that take a network call this on the graph they are given.
    A sparse matrix (CSR, CSC or COO) is remembered by a checksum of its arrays: called again
    with the same matrix, unchanged, it returns the same Adjacency (the eight most recently
    used are kept, each only as long as the matrix lives), and any change in place
    (``A.data[k] = w``, ``A[i, j] = 1``) gives a new conversion; the check costs about 0.15 ms
    per MB of the matrix against about 3 ms for converting it. Anything else (a networkx
    graph, a LIL or DOK matrix) is converted at every call — about 40 ms for a networkx graph
    of 10,000 nodes and 50,000 ties — and nothing is written into it. Call ``prepare`` once
    and pass the :class:`Adjacency` to convert once. Its arrays are read-only: one Adjacency
    may serve many models at once.
    """
    if isinstance(graph, Adjacency):
        _check_size(graph.n, n)
        return graph
    relabel = bool(relabel) and isinstance(graph, nx.Graph)
    fingerprint = _fingerprint(graph)
    if fingerprint is not None:
        known = _conversions.get(graph, relabel, fingerprint)
        if known is not None:
            _check_size(known.n, n)
            return known
    adjacency = _convert(graph, n, relabel=relabel)
    if fingerprint is not None:
        _conversions.put(graph, relabel, fingerprint, adjacency)
    return adjacency


def _convert(graph: GraphLike, n: int | None = None, *, relabel: bool = False) -> Adjacency:
    """:func:`prepare` without remembering: convert ``graph`` now."""
    if isinstance(graph, Adjacency):
        _check_size(graph.n, n)
        return graph
    nodes: tuple[Hashable, ...] | None = None
    order: Sequence[Hashable] | None = None  # None: checked to be 0 .. n-1 by _csr
    if relabel and isinstance(graph, nx.Graph):
        if _numbered(graph):
            order = range(graph.number_of_nodes())
        else:
            nodes = order = tuple(graph.nodes)
    a = _csr(graph, n, weight=None, nodes=order)
    index = _index_dtype(a.shape[0])
    indptr, indices = a.indptr.astype(np.int64), a.indices.astype(index)
    if (a != a.T).nnz == 0:
        in_indptr, in_indices = indptr, indices
    else:
        t = sp.csr_array(a.T)
        t.sort_indices()
        in_indptr, in_indices = t.indptr.astype(np.int64), t.indices.astype(index)
    weights = None if np.all(a.data == 1.0) else np.asarray(a.data, dtype=np.float64)
    return Adjacency(
        indptr=indptr,
        indices=indices,
        in_indptr=in_indptr,
        in_indices=in_indices,
        nodes=nodes,
        weights=weights,
    )


# ---------------------------------------------------------------------------------------------
# conversions remembered: each graph object is converted once while it stays the same
# ---------------------------------------------------------------------------------------------

#: How many converted graphs :func:`prepare` remembers (the most recently used).
_REMEMBERED = 8

#: Sparse formats whose whole content lies in a few arrays (checksummed).
_SPARSE_ARRAYS = {
    "csr": ("indptr", "indices", "data"),
    "csc": ("indptr", "indices", "data"),
    "coo": ("row", "col", "data"),
}


def _fingerprint(graph: Any) -> tuple[Any, ...] | None:
    """What identifies the content of ``graph`` cheaply, or None if nothing safe does (then
    it is converted at every call).

    A sparse matrix: its class, format, shape, number of entries and, for each of its arrays,
    the type, shape and a CRC-32 checksum of the bytes (about 0.15 ms per MB). Nothing else is
    identified: a networkx graph could be recognised only by writing a mark into it, and polsim
    leaves the objects it is given as they are.
    """
    if sp.issparse(graph) and graph.format in _SPARSE_ARRAYS:
        names = _SPARSE_ARRAYS[graph.format]
        arrays = [np.ascontiguousarray(getattr(graph, name)) for name in names]
        return (
            "sparse",
            type(graph),
            graph.format,
            graph.shape,
            graph.nnz,
            *((a.dtype.str, a.shape, zlib.crc32(a)) for a in arrays),
        )
    return None


@dataclass(frozen=True, slots=True, eq=False)
class _Remembered:
    ref: weakref.ref[Any]
    fingerprint: tuple[Any, ...]
    adjacency: Adjacency


class _Conversions:
    """A weak map from graph objects (by identity: sparse matrices cannot be hashed) to their
    :class:`Adjacency` and the fingerprint of what was converted. An entry goes when its graph
    is garbage collected, or when ``size`` more recent ones push it out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[int, bool], _Remembered] = OrderedDict()
        self._lock = threading.Lock()
        #: entries whose graph went while the map was busy (removed at its next use)
        self._gone: list[tuple[tuple[int, bool], weakref.ref[Any]]] = []

    def get(self, graph: Any, relabel: bool, fingerprint: tuple[Any, ...]) -> Adjacency | None:
        key = (id(graph), relabel)
        with self._lock:
            self._sweep()
            entry = self._entries.get(key)
            if entry is None or entry.ref() is not graph or entry.fingerprint != fingerprint:
                return None
            self._entries.move_to_end(key)
            return entry.adjacency

    def put(
        self, graph: Any, relabel: bool, fingerprint: tuple[Any, ...], adjacency: Adjacency
    ) -> None:
        key = (id(graph), relabel)

        def forget(ref: weakref.ref[Any]) -> None:  # the graph is being collected
            # The collector may run this in the middle of get or put in this very thread:
            # only remove the entry now if nobody holds the map.
            if self._lock.acquire(blocking=False):
                try:
                    self._drop(key, ref)
                finally:
                    self._lock.release()
            else:
                self._gone.append((key, ref))

        try:
            ref = weakref.ref(graph, forget)
        except TypeError:  # not weakly referenceable: not remembered
            return
        with self._lock:
            self._sweep()
            self._entries[key] = _Remembered(ref, fingerprint, adjacency)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._gone.clear()

    def __len__(self) -> int:
        with self._lock:
            self._sweep()
            return len(self._entries)

    def _sweep(self) -> None:
        while self._gone:
            self._drop(*self._gone.pop())

    def _drop(self, key: tuple[int, bool], ref: weakref.ref[Any]) -> None:
        entry = self._entries.get(key)
        if entry is not None and entry.ref is ref:
            del self._entries[key]


_conversions = _Conversions(_REMEMBERED)


@dataclass(frozen=True, slots=True)
class MultiplexNetwork:
    """Two layers over the same people: offline ties (family, neighbourhood, work) and online
    ties (follows, groups). Node ``i`` is the same person in both layers."""

    offline: nx.Graph
    online: nx.Graph

    def __post_init__(self) -> None:
        n_off, n_on = self.offline.number_of_nodes(), self.online.number_of_nodes()
        if n_off == 0:
            raise ValueError("offline layer must have at least one node")
        if n_off != n_on:
            raise ValueError(
                f"online layer has {n_on} nodes but offline layer has {n_off}; they must match"
            )

    @property
    def n(self) -> int:
        """Number of people."""
        return int(self.offline.number_of_nodes())

    def csr(self, layer: str) -> sp.csr_array:
        """CSR adjacency of ``layer`` (``"offline"`` or ``"online"``)."""
        if layer not in ("offline", "online"):
            raise ValueError(f"layer must be 'offline' or 'online', got {layer!r}")
        return to_csr(getattr(self, layer))
