"""Reference opinion-dynamics kernels from the literature.

Every function has the same call contract::

    result = classic.<name>(x0, *, <model parameters>, graph=None, rng=None, record_every=None)
    result.x           # final opinions
    result.steps       # synchronous steps, or elementary interactions for asynchronous models
    result.converged   # whether the stopping rule in the docstring was met
    result.trajectory  # opinions every ``record_every`` steps (first row: initial state)

``graph=None`` means complete mixing (everybody can meet everybody); otherwise a networkx
graph with nodes ``0..n-1`` or a square sparse adjacency (``A[i, j] != 0``: ``i`` hears ``j``).
``rng`` is a :class:`numpy.random.Generator` or an int seed; random numbers are drawn from it in
fixed-size blocks, so a run is identical whether or not it is recorded.

The kernels are pure: ``x0`` is never modified, and no global random state is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import ArrayLike, NDArray

from polsim.classic import _loops
from polsim.classic._loops import judgement
from polsim.classic.result import DynamicsResult
from polsim.networks import Adjacency, GraphLike, prepare, to_csr
from polsim.validation import (
    as_generator,
    check_finite_array,
    check_int,
    check_number,
)

__all__ = [
    "baumann",
    "deffuant",
    "degroot",
    "friedkin_johnsen",
    "friedkin_johnsen_equilibrium",
    "hegselmann_krause",
    "jager_amblard",
    "judgement",
    "voter",
]

FloatArray = NDArray[np.float64]
Matrix: TypeAlias = FloatArray | sp.sparray | sp.spmatrix

#: Most 32-bit random words drawn from the generator at once by the asynchronous kernels. Any
#: value gives the same trajectory: the words are consumed as one stream (see ``_loops``).
DRAW_BLOCK = 1 << 17


# ---------------------------------------------------------------------------------------------
# shared plumbing
# ---------------------------------------------------------------------------------------------


class _Recorder:
    """Keeps snapshots every ``every`` steps, the initial state first and the final state last."""

    def __init__(self, every: int | None, x: FloatArray) -> None:
        self.every = None if every is None else check_int(every, "record_every", low=1)
        self.rows: list[FloatArray] = []
        self.at: list[int] = []
        if self.every is not None:
            self.take(0, x)

    def due(self, step: int) -> bool:
        return self.every is not None and step % self.every == 0

    def take(self, step: int, x: FloatArray) -> None:
        self.rows.append(np.array(x, dtype=np.float64))
        self.at.append(step)

    def result(self, x: FloatArray, steps: int, converged: bool) -> DynamicsResult:
        if self.every is None:
            return DynamicsResult(x=x, steps=steps, converged=converged)
        if self.at[-1] != steps:
            self.take(steps, x)
        return DynamicsResult(
            x=x,
            steps=steps,
            converged=converged,
            trajectory=np.vstack(self.rows),
            record_steps=np.asarray(self.at, dtype=np.int64),
        )


def _adjacency(graph: GraphLike | None, n: int) -> Adjacency | None:
    return None if graph is None else prepare(graph, n)


def _row_stochastic(W: Any, n: int) -> Matrix:
    """Validate an influence matrix: square, n x n, finite, non-negative, rows summing to 1."""
    if sp.issparse(W):
        M: Matrix = sp.csr_array(W, dtype=np.float64)
        data: FloatArray = np.asarray(M.data)
        sums: FloatArray = np.asarray(M.sum(axis=1)).ravel()
    else:
        try:
            M = np.asarray(W, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError("W must be a square matrix of numbers") from None
        data = M.ravel()
        sums = M.sum(axis=1) if M.ndim == 2 else np.array([])
    if M.ndim != 2 or M.shape[0] != M.shape[1]:
        raise ValueError(f"W must be a square matrix, got shape {M.shape}")
    if M.shape[0] != n:
        raise ValueError(f"W is {M.shape[0]}x{M.shape[0]} but x0 has {n} opinions; they must match")
    if not np.all(np.isfinite(data)) or np.any(data < 0):
        raise ValueError("W must have finite, non-negative entries")
    bad = np.flatnonzero(np.abs(sums - 1.0) > 1e-8)
    if bad.size:
        raise ValueError(
            f"W must be row-stochastic (each row sums to 1); "
            f"row {bad[0]} sums to {sums[bad[0]]:.6g}"
        )
    return M


def _influence_matrix(W: Any, graph: GraphLike | None, n: int) -> Matrix:
    """``W`` if given; else equal weights over the agent and its neighbours (complete mixing
    when ``graph`` is None)."""
    if W is not None:
        return _row_stochastic(W, n)
    if graph is None:
        return np.full((n, n), 1.0 / n)
    adj = to_csr(graph, n)
    adj.data[:] = 1.0
    with_self = (adj + sp.eye_array(n, format="csr")).tocsr()
    deg = np.asarray(with_self.sum(axis=1)).ravel()
    return sp.csr_array(sp.diags_array(1.0 / deg) @ with_self)


# ---------------------------------------------------------------------------------------------
# linear averaging models
# ---------------------------------------------------------------------------------------------


def degroot(
    x0: ArrayLike,
    *,
    W: Any = None,
    steps: int = 1000,
    tol: float = 1e-10,
    graph: GraphLike | None = None,
    rng: Any = None,
    record_every: int | None = None,
) -> DynamicsResult:
    r"""DeGroot (1974) repeated weighted averaging.

    .. math:: x(t+1) = W\,x(t)

    with a row-stochastic influence matrix :math:`W`. On a strongly connected, aperiodic
    network opinions reach consensus at :math:`\pi^\top x(0)`, where :math:`\pi` is the left
    eigenvector of :math:`W` for eigenvalue 1 (for equal weights over oneself and one's
    neighbours on an undirected graph, :math:`\pi_i \propto k_i + 1`).

    Parameters
    ----------
    x0 : array_like of shape (n,)
        Initial opinions (finite).
    W : array_like or sparse of shape (n, n), optional
        Row-stochastic influence matrix. Default: equal weights over the agent and its
        neighbours in ``graph`` (all agents under complete mixing).
    steps : int >= 0
        Maximum number of synchronous steps.
    tol : float > 0
        Stop when :math:`\max_i |x_i(t+1) - x_i(t)| \le` ``tol`` (``converged=True``).
    graph, rng, record_every
        See the module docstring; ``rng`` is accepted for a uniform call but not used.

    References
    ----------
    DeGroot, M. H. (1974). Reaching a consensus. *JASA* 69(345):118–121.

    Examples
    --------
    >>> import numpy as np
    >>> from polsim import classic
    >>> W = np.array([[0.5, 0.5], [0.25, 0.75]])
    >>> res = classic.degroot([0.0, 1.0], W=W)
    >>> round(float(res.x[0]), 6)  # pi = (1/3, 2/3)
    0.666667
    """
    x = check_finite_array(x0)
    steps = check_int(steps, "steps", low=0)
    tol = check_number(tol, "tol", low=0.0, low_open=True)
    M = _influence_matrix(W, graph, x.size)
    return _iterate_linear(lambda v: M @ v, x, steps, tol, record_every)


def friedkin_johnsen(
    x0: ArrayLike,
    *,
    susceptibility: ArrayLike,
    W: Any = None,
    anchor: ArrayLike | None = None,
    steps: int = 10_000,
    tol: float = 1e-10,
    graph: GraphLike | None = None,
    rng: Any = None,
    record_every: int | None = None,
) -> DynamicsResult:
    r"""Friedkin & Johnsen (1990, 1999) averaging anchored to initial opinions.

    .. math:: x(t+1) = \Lambda W x(t) + (I - \Lambda)\, x(0)

    where :math:`\Lambda = \operatorname{diag}(\lambda_i)` holds each agent's susceptibility to
    interpersonal influence (:math:`1 - \lambda_i` is its attachment to its initial opinion).
    When :math:`I - \Lambda W` is invertible (for instance every :math:`\lambda_i < 1`) the
    opinions converge to the closed form
    :math:`x^* = (I - \Lambda W)^{-1} (I - \Lambda)\, x(0)` (see
    :func:`friedkin_johnsen_equilibrium`): persistent disagreement, not consensus.

    Parameters
    ----------
    x0 : array_like of shape (n,)
        Initial opinions, which are also the anchors.
    susceptibility : float or array_like of shape (n,), each in [0, 1]
        :math:`\lambda_i`; a scalar applies to everybody.
    W : array_like or sparse of shape (n, n), optional
        Row-stochastic influence matrix (default as in :func:`degroot`).
    anchor : array_like of shape (n,), optional
        The opinions agents stay attached to (Friedkin–Johnsen's *prejudices*); default
        ``x0``. Give it to continue a run from an intermediate state.
    steps : int >= 0
        Maximum number of synchronous steps.
    tol : float > 0
        Stop when the largest change in one step is at most ``tol``.
    graph, rng, record_every
        See the module docstring; ``rng`` is not used.

    References
    ----------
    Friedkin, N. E. & Johnsen, E. C. (1990). Social influence and opinions. *J. Math. Sociol.*
    15(3–4):193–206. — (1999). Social influence networks and opinion change. *Adv. Group
    Processes* 16:1–29.

    Examples
    --------
    >>> from polsim import classic
    >>> res = classic.friedkin_johnsen([0.0, 1.0], susceptibility=0.5)
    >>> [round(float(v), 4) for v in res.x]
    [0.25, 0.75]
    """
    x = check_finite_array(x0)
    lam = _susceptibility(susceptibility, x.size)
    steps = check_int(steps, "steps", low=0)
    tol = check_number(tol, "tol", low=0.0, low_open=True)
    M = _influence_matrix(W, graph, x.size)
    u = x if anchor is None else check_finite_array(anchor, "anchor")
    if u.shape != x.shape:
        raise ValueError(f"anchor must have one value per agent ({x.size}), got {u.size}")
    pull = (1.0 - lam) * u
    return _iterate_linear(lambda v: lam * (M @ v) + pull, x, steps, tol, record_every)


def friedkin_johnsen_equilibrium(
    x0: ArrayLike,
    *,
    susceptibility: ArrayLike,
    W: Any = None,
    graph: GraphLike | None = None,
) -> FloatArray:
    r"""Closed-form Friedkin–Johnsen equilibrium.

    .. math:: x^* = (I - \Lambda W)^{-1} (I - \Lambda)\, x(0)

    Raises
    ------
    ValueError
        If :math:`I - \Lambda W` is singular (for instance ``susceptibility = 1`` everywhere,
        which is DeGroot's model without anchoring).
    """
    x = check_finite_array(x0)
    lam = _susceptibility(susceptibility, x.size)
    M = _influence_matrix(W, graph, x.size)
    n = x.size
    rhs = (1.0 - lam) * x
    if sp.issparse(M):
        A = sp.csc_array(sp.eye_array(n) - sp.diags_array(lam) @ M)
        lhs = spla.splu(A)
        sol = lhs.solve(rhs)
    else:
        A_dense = np.eye(n) - lam[:, None] * np.asarray(M)
        if np.linalg.cond(A_dense) > 1e12:
            raise ValueError(
                "susceptibility: I - diag(susceptibility) W is singular; at least one agent "
                "needs susceptibility < 1 (and reach every other agent) for an equilibrium"
            )
        sol = np.linalg.solve(A_dense, rhs)
    if not np.all(np.isfinite(sol)):
        raise ValueError(
            "susceptibility: I - diag(susceptibility) W is singular; no unique equilibrium"
        )
    return np.asarray(sol, dtype=np.float64)


def _susceptibility(value: ArrayLike, n: int) -> FloatArray:
    lam = np.asarray(value, dtype=np.float64)
    if lam.ndim == 0:
        lam = np.full(n, float(lam))
    if lam.shape != (n,):
        raise ValueError(f"susceptibility must be a scalar or have one value per agent ({n})")
    if not np.all(np.isfinite(lam)) or np.any((lam < 0) | (lam > 1)):
        raise ValueError("susceptibility must be in [0, 1] for every agent")
    return lam


def _iterate_linear(
    update: Callable[[FloatArray], FloatArray],
    x: FloatArray,
    steps: int,
    tol: float,
    record_every: int | None,
) -> DynamicsResult:
    rec = _Recorder(record_every, x)
    converged = False
    t = 0
    while t < steps:
        new = np.asarray(update(x), dtype=np.float64)
        change = float(np.max(np.abs(new - x)))
        x = new
        t += 1
        if rec.due(t):
            rec.take(t, x)
        if change <= tol:
            converged = True
            break
    return rec.result(x, t, converged)


# ---------------------------------------------------------------------------------------------
# bounded confidence
# ---------------------------------------------------------------------------------------------


def hegselmann_krause(
    x0: ArrayLike,
    *,
    eps: float,
    max_steps: int = 1000,
    tol: float = 1e-12,
    graph: GraphLike | None = None,
    rng: Any = None,
    record_every: int | None = None,
) -> DynamicsResult:
    r"""Hegselmann & Krause (2002) synchronous bounded confidence.

    Every agent moves at once to the mean opinion of all agents it hears (itself included)
    whose opinion lies within its confidence bound:

    .. math:: x_i(t+1) = \frac{1}{|I_i(t)|} \sum_{j \in I_i(t)} x_j(t), \qquad
              I_i(t) = \{ j \in N_i \cup \{i\} : |x_i(t) - x_j(t)| \le \varepsilon \}

    Under complete mixing a step costs O(n log n): the opinions are sorted, each agent's
    confidence interval is a contiguous run found by binary search, and its mean comes from
    prefix sums. On a graph a step is one pass over the adjacency.

    Parameters
    ----------
    x0 : array_like of shape (n,)
        Initial opinions (finite).
    eps : float > 0
        Confidence bound :math:`\varepsilon`.
    max_steps : int >= 0
        Maximum number of synchronous steps.
    tol : float > 0
        Stop when no opinion moves more than ``tol`` in a step (the model freezes in finite
        time; ``converged=True``).
    graph, rng, record_every
        See the module docstring; ``rng`` is not used (the model is deterministic).

    References
    ----------
    Hegselmann, R. & Krause, U. (2002). Opinion dynamics and bounded confidence: models,
    analysis and simulation. *JASSS* 5(3):2. Fortunato, S. (2005). On the consensus threshold
    for the opinion dynamics of Krause–Hegselmann. *IJMPC* 16(2):259–270. Lorenz, J. (2006).
    Consensus strikes back in the Hegselmann–Krause model of continuous opinion dynamics under
    bounded confidence. *JASSS* 9(1):8.

    Examples
    --------
    >>> from polsim import classic
    >>> res = classic.hegselmann_krause([0.0, 0.1, 0.2, 0.9, 1.0], eps=0.15)
    >>> [round(float(v), 3) for v in res.x]
    [0.1, 0.1, 0.1, 0.95, 0.95]
    """
    x = check_finite_array(x0)
    eps = check_number(eps, "eps", low=0.0, low_open=True)
    max_steps = check_int(max_steps, "max_steps", low=0)
    tol = check_number(tol, "tol", low=0.0, low_open=True)
    adj = _adjacency(graph, x.size)
    rec = _Recorder(record_every, x)
    out = np.empty_like(x)
    converged = False
    t = 0
    while t < max_steps:
        if adj is None:
            change = _hk_complete_step(x, out, eps)
        else:
            change = _loops.hk_graph_step(x, out, adj.indptr, adj.indices, eps)
        x, out = out, x
        t += 1
        if rec.due(t):
            rec.take(t, x)
        if change <= tol:
            converged = True
            break
    return rec.result(x.copy(), t, converged)


def _hk_complete_step(x: FloatArray, out: FloatArray, eps: float) -> float:
    order = np.argsort(x, kind="stable")
    xs = x[order]
    prefix = np.concatenate(([0.0], np.cumsum(xs)))
    lo = np.searchsorted(xs, xs - eps, side="left")
    hi = np.searchsorted(xs, xs + eps, side="right")
    # ``xs - eps`` is rounded, so the run ends may be off by the last distinct value; correct
    # them against the model's own test |x_i - x_j| <= eps so that the result is exactly the
    # brute-force rule.
    while True:
        grow = (lo > 0) & (np.abs(xs - xs[np.maximum(lo - 1, 0)]) <= eps)
        shrink = ~grow & (np.abs(xs - xs[lo]) > eps)
        if not (grow.any() or shrink.any()):
            break
        lo = np.where(grow, np.searchsorted(xs, xs[np.maximum(lo - 1, 0)], side="left"), lo)
        lo = np.where(shrink, np.searchsorted(xs, xs[lo], side="right"), lo)
    while True:
        last = xs.size - 1
        grow = (hi <= last) & (np.abs(xs[np.minimum(hi, last)] - xs) <= eps)
        shrink = ~grow & (np.abs(xs[hi - 1] - xs) > eps)
        if not (grow.any() or shrink.any()):
            break
        hi = np.where(grow, np.searchsorted(xs, xs[np.minimum(hi, last)], side="right"), hi)
        hi = np.where(shrink, np.searchsorted(xs, xs[hi - 1], side="left"), hi)
    out[order] = (prefix[hi] - prefix[lo]) / (hi - lo)
    return float(np.max(np.abs(out - x)))


def deffuant(
    x0: ArrayLike,
    *,
    eps: float,
    mu: float = 0.5,
    interactions: int = 1_000_000,
    tol: float = 1e-6,
    check_every: int | None = None,
    graph: GraphLike | None = None,
    rng: Any = None,
    record_every: int | None = None,
) -> DynamicsResult:
    r"""Deffuant, Neau, Amblard & Weisbuch (2000) random pairwise bounded confidence.

    At each elementary interaction a random pair :math:`(i, j)` meets (any two agents under
    complete mixing, the two ends of a uniformly drawn tie on a graph). If their opinions differ
    by less than the threshold, both move towards each other:

    .. math:: |x_i - x_j| < \varepsilon \;\Rightarrow\;
              x_i \leftarrow x_i + \mu (x_j - x_i), \quad x_j \leftarrow x_j + \mu (x_i - x_j)

    Each such update keeps :math:`x_i + x_j` (so the mean opinion is conserved under complete
    mixing) and shrinks the pair's gap by the factor :math:`1 - 2\mu`.

    Parameters
    ----------
    x0 : array_like of shape (n,)
        Initial opinions (finite); the paper uses uniform on [0, 1].
    eps : float > 0
        Confidence threshold (the paper's *d*).
    mu : float in (0, 0.5]
        Convergence parameter.
    interactions : int >= 0
        Maximum number of elementary interactions.
    tol : float > 0
        Converged when no pair that could still interact is more than ``tol`` apart:
        every tie (every pair under complete mixing) is either at least ``eps`` apart or
        within ``tol``. Checked every ``check_every`` interactions (default n).
    graph, rng, record_every
        See the module docstring.

    References
    ----------
    Deffuant, G., Neau, D., Amblard, F. & Weisbuch, G. (2000). Mixing beliefs among
    interacting agents. *Advances in Complex Systems* 3:87–98.

    Examples
    --------
    >>> from polsim import classic
    >>> res = classic.deffuant([0.2, 0.4], eps=0.5, mu=0.25, interactions=1)
    >>> [round(float(v), 3) for v in res.x]  # gap 0.2 -> (1 - 2 mu) 0.2 = 0.1
    [0.25, 0.35]
    """
    x = check_finite_array(x0)
    eps = check_number(eps, "eps", low=0.0, low_open=True)
    mu = check_number(mu, "mu", low=0.0, high=0.5, low_open=True)
    interactions = check_int(interactions, "interactions", low=0)
    tol = check_number(tol, "tol", low=0.0, low_open=True)
    adj = _adjacency(graph, x.size)
    first, second, complete = _meeting_ties(x.size, adj)

    def run(words: NDArray[np.uint32], pos: int, count: int) -> tuple[int, int, float]:
        return _loops.pairwise_run(  # Deffuant = no contrast, no bounds
            x, words, pos, count, first, second, complete, eps, np.inf, mu, -np.inf, np.inf
        )

    def settled(biggest: float) -> bool:
        # Cheap filter first: a pair closer than eps and farther than tol apart moves by more
        # than mu * tol; only if no drawn pair did is the exact test worth its cost.
        if biggest > mu * tol:
            return False
        if complete:
            xs = np.sort(x)
            breaks = np.flatnonzero(np.diff(xs) >= eps)
            starts = np.concatenate(([0], breaks + 1))
            ends = np.concatenate((breaks, [xs.size - 1]))
            return bool(np.all(xs[ends] - xs[starts] <= tol))
        d = np.abs(x[first] - x[second])
        return bool(np.all((d >= eps) | (d <= tol)))

    return _run_pairwise(x, interactions, run, settled, check_every, rng, record_every, 2)


def jager_amblard(
    x0: ArrayLike,
    *,
    U: float,
    T: float,
    mu: float = 0.1,
    interactions: int = 1_000_000,
    tol: float = 1e-6,
    check_every: int | None = None,
    bounds: tuple[float, float] = (-1.0, 1.0),
    graph: GraphLike | None = None,
    rng: Any = None,
    record_every: int | None = None,
) -> DynamicsResult:
    r"""Jager & Amblard (2005) social-judgement model: assimilation and contrast.

    Random pairs meet as in :func:`deffuant`. Within the latitude of acceptance the two
    assimilate, beyond the latitude of rejection they contrast (move apart), and in between
    (non-commitment) nothing happens; opinions stay in ``bounds``:

    .. math::
        d = x_j - x_i: \quad
        \begin{cases}
        |d| < U: & x_i \leftarrow x_i + \mu d,\; x_j \leftarrow x_j - \mu d \\
        |d| > T: & x_i \leftarrow x_i - \mu d,\; x_j \leftarrow x_j + \mu d \\
        \text{else:} & \text{no change}
        \end{cases}

    followed by clipping to ``bounds``. Depending on :math:`U` and :math:`T` the population
    ends in uniformity (one cluster: wide acceptance), bipolarisation (two extreme camps:
    rejection close to acceptance) or pluriformity (several moderate clusters: narrow
    acceptance, wide non-commitment).

    Parameters
    ----------
    x0 : array_like of shape (n,)
        Initial opinions (finite), inside ``bounds``; the paper uses uniform on [-1, 1].
    U : float > 0
        Threshold of acceptance.
    T : float >= U
        Threshold of rejection.
    mu : float in (0, 0.5]
        Strength of influence.
    interactions : int >= 0
        Maximum number of elementary interactions.
    tol : float > 0
        Converged when, over the last ``check_every`` interactions (default n), no opinion
        moved by more than ``tol`` in one interaction.
    bounds : (low, high)
        The opinion scale; contrast cannot push beyond it.
    graph, rng, record_every
        See the module docstring.

    References
    ----------
    Jager, W. & Amblard, F. (2005). Uniformity, bipolarization and pluriformity captured as
    generic stylized behavior with an agent-based simulation model of attitude change.
    *Computational & Mathematical Organization Theory* 10(4):295–303. Sherif, M. & Hovland,
    C. I. (1961). *Social Judgment*. Yale University Press.

    Examples
    --------
    >>> from polsim import classic
    >>> res = classic.jager_amblard([-0.9, 0.8], U=0.2, T=1.0, mu=0.1, interactions=1)
    >>> [round(float(v), 3) for v in res.x]  # 1.7 apart: beyond T, both pushed outwards
    [-1.0, 0.97]
    """
    x = check_finite_array(x0)
    U = check_number(U, "U", low=0.0, low_open=True)
    T = check_number(T, "T", low=U)
    mu = check_number(mu, "mu", low=0.0, high=0.5, low_open=True)
    interactions = check_int(interactions, "interactions", low=0)
    tol = check_number(tol, "tol", low=0.0, low_open=True)
    low, high = (check_number(b, "bounds") for b in bounds)
    if not low < high:
        raise ValueError(f"bounds must be (low, high) with low < high, got {bounds}")
    if np.any((x < low) | (x > high)):
        raise ValueError(f"x0 must lie within bounds [{low:g}, {high:g}]")
    adj = _adjacency(graph, x.size)
    first, second, complete = _meeting_ties(x.size, adj)

    def run(words: NDArray[np.uint32], pos: int, count: int) -> tuple[int, int, float]:
        return _loops.pairwise_run(
            x, words, pos, count, first, second, complete, U, T, mu, low, high
        )

    def settled(biggest: float) -> bool:
        return biggest <= tol

    return _run_pairwise(x, interactions, run, settled, check_every, rng, record_every, 2)


# ---------------------------------------------------------------------------------------------
# asynchronous driver
# ---------------------------------------------------------------------------------------------

Index = NDArray[np.integer]


def _meeting_ties(n: int, adj: Adjacency | None) -> tuple[Index, Index, bool]:
    """Who can meet whom: any two distinct agents (complete mixing) or the two ends of a tie."""
    if adj is None:
        if n < 2:
            raise ValueError("x0 must hold at least two opinions for pairwise interactions")
        empty = np.zeros(1, dtype=np.int64)
        return empty, empty, True
    if adj.tie_first.size == 0:
        raise ValueError("graph has no ties: pairwise interaction needs at least one edge")
    return adj.tie_first, adj.tie_second, False


class _Words:
    """The generator's raw output as one stream of 32-bit words, refilled on demand."""

    def __init__(self, gen: np.random.Generator) -> None:
        self.gen = gen
        self.words: NDArray[np.uint32] = np.empty(0, dtype=np.uint32)
        self.pos = 0

    def refill(self, wanted: int) -> None:
        """Keep the unread words and append at least ``wanted`` (at most DRAW_BLOCK) more."""
        count = max(2, min(DRAW_BLOCK, wanted + 8))
        raw = self.gen.bit_generator.random_raw((count + 1) // 2)
        fresh = np.ascontiguousarray(raw, dtype=np.uint64).view(np.uint32)
        self.words = np.concatenate((self.words[self.pos :], fresh))
        self.pos = 0


RunChunk = Callable[[NDArray[np.uint32], int, int], tuple[int, int, float]]


def _run_pairwise(
    x: FloatArray,
    interactions: int,
    run: RunChunk,
    settled: Callable[[float], bool],
    check_every: int | None,
    rng: Any,
    record_every: int | None,
    words_per_interaction: int,
) -> DynamicsResult:
    """Run up to ``interactions`` updates; every ``check_every`` of them (default n) ask
    ``settled(largest move since the last check)`` and stop if it says so."""
    stream = _Words(as_generator(rng))
    rec = _Recorder(record_every, x)
    check = x.size if check_every is None else check_int(check_every, "check_every", low=1)
    done = 0
    biggest = 0.0
    converged = False
    next_check = check
    while done < interactions:
        stop = min(interactions, next_check)
        if rec.every is not None:
            stop = min(stop, (done // rec.every + 1) * rec.every)
        got, stream.pos, moved = run(stream.words, stream.pos, stop - done)
        done += got
        biggest = max(biggest, moved)
        if done < stop:
            stream.refill(words_per_interaction * (stop - done))
            continue
        if rec.due(done):
            rec.take(done, x)
        if done == next_check:
            next_check += check
            if settled(biggest):
                converged = True
                break
            biggest = 0.0
    return rec.result(x.copy(), done, converged)


# ---------------------------------------------------------------------------------------------
# voter model
# ---------------------------------------------------------------------------------------------


def voter(
    x0: ArrayLike,
    *,
    max_steps: int = 10_000_000,
    graph: GraphLike | None = None,
    rng: Any = None,
    record_every: int | None = None,
) -> DynamicsResult:
    r"""Voter model (Clifford & Sudbury 1973; Holley & Liggett 1975), asynchronous.

    At each elementary update a uniformly random agent :math:`i` copies the opinion of a
    uniformly random neighbour :math:`j` (any other agent under complete mixing):
    :math:`x_i \leftarrow x_j`. The run stops at consensus (``converged=True``).

    On a complete graph of :math:`n` agents the density of one opinion is a martingale, so the
    probability of ending at that opinion equals its initial density :math:`\rho`; the mean
    number of updates to consensus is close to
    :math:`-n^2[\rho \ln \rho + (1-\rho)\ln(1-\rho)]` for large :math:`n` (Redner 2001).

    Parameters
    ----------
    x0 : array_like of shape (n,)
        Two-valued initial opinions (for example 0/1 or -1/+1); the result uses the same two
        values.
    max_steps : int >= 0
        Maximum number of elementary updates; ``steps`` counts updates to consensus.
    graph, rng, record_every
        See the module docstring.

    References
    ----------
    Clifford, P. & Sudbury, A. (1973). *Biometrika* 60(3):581–588. Holley, R. A. & Liggett,
    T. M. (1975). *Ann. Probab.* 3(4):643–663. Redner, S. (2001). *A Guide to First-Passage
    Processes*. Cambridge University Press. Mobilia, M., Petersen, A. & Redner, S. (2007).
    On the role of zealotry in the voter model. *J. Stat. Mech.* P08029.

    Examples
    --------
    >>> from polsim import classic
    >>> res = classic.voter([0, 1, 1, 1], rng=1)
    >>> res.converged, len(set(res.x.tolist()))
    (True, 1)
    """
    raw = check_finite_array(x0)
    max_steps = check_int(max_steps, "max_steps", low=0)
    values = np.unique(raw)
    if values.size > 2:
        raise ValueError(
            f"x0 must hold at most two distinct opinions for the voter model, got {values.size}"
        )
    n = raw.size
    low_v, high_v = float(values[0]), float(values[-1])
    state = (raw == high_v).astype(np.int64) if values.size == 2 else np.zeros(n, dtype=np.int64)
    adj = _adjacency(graph, n)
    complete = adj is None
    indptr: Index = np.zeros(1, dtype=np.int64)
    indices: Index = indptr
    if adj is not None:
        indptr, indices = adj.indptr, adj.indices
    if complete and n < 2 and values.size == 2:
        raise ValueError("x0 must hold at least two opinions")
    stream = _Words(as_generator(rng))

    def view() -> FloatArray:
        return np.where(state == 1, high_v, low_v).astype(np.float64)

    rec = _Recorder(record_every, view())
    ones = int(state.sum())
    done = 0
    while ones not in (0, n) and done < max_steps:
        stop = max_steps
        if rec.every is not None:
            stop = min(stop, (done // rec.every + 1) * rec.every)
        got, stream.pos, ones = _loops.voter_run(
            state, ones, stream.words, stream.pos, stop - done, indptr, indices, complete
        )
        done += got
        if done < stop and ones not in (0, n):
            stream.refill(2 * (stop - done))
            continue
        if rec.due(done):
            rec.take(done, view())
    return rec.result(view(), done, ones in (0, n))


# ---------------------------------------------------------------------------------------------
# radicalisation on an activity-driven temporal network
# ---------------------------------------------------------------------------------------------


def baumann(
    x0: ArrayLike,
    *,
    K: float,
    alpha: float,
    beta: float,
    steps: int = 1000,
    dt: float = 0.01,
    eps: float = 0.01,
    gamma: float = 2.1,
    m: int = 10,
    r: float = 0.5,
    tol: float | None = None,
    activities: ArrayLike | None = None,
    graph: GraphLike | None = None,
    rng: Any = None,
    record_every: int | None = None,
) -> DynamicsResult:
    r"""Baumann, Lorenz-Spreen, Sokolov & Starnini (2020) radicalisation dynamics.

    .. math:: \dot x_i = -x_i + K \sum_j A_{ij}(t) \tanh(\alpha x_j)

    on an activity-driven temporal network with homophily. Each agent has an activity
    :math:`a_i` drawn from :math:`F(a) \propto a^{-\gamma}` on :math:`[\varepsilon, 1]`. In
    each time step of length ``dt`` the network is drawn afresh: every agent is active with
    probability :math:`a_i`; an active agent :math:`i` contacts :math:`m` distinct others, each
    chosen with probability

    .. math:: p_{ij} = \frac{|x_i - x_j|^{-\beta}}{\sum_{k \ne i} |x_i - x_k|^{-\beta}}

    (homophily :math:`\beta`), which sets :math:`A_{ij} = 1` (:math:`i` is influenced by
    :math:`j`); with probability :math:`r` the tie is reciprocated (:math:`A_{ji} = 1`). The
    equations are integrated over the step with the classical fourth-order Runge–Kutta method.
    :math:`K` is the social influence, :math:`\alpha` the controversialness of the topic.

    Three regimes follow (the paper's Fig. 1): neutral consensus (all :math:`x_i \to 0`) when
    :math:`K\alpha` is small; one-sided radicalisation (everybody on one side) for large
    :math:`K\alpha` without homophily; polarisation (two opposite camps) for large
    :math:`K\alpha` with strong homophily.

    Parameters
    ----------
    x0 : array_like of shape (n,)
        Initial opinions; the paper uses uniform on [-1, 1].
    K : float >= 0
        Social influence strength.
    alpha : float >= 0
        Controversialness (steepness of the tanh).
    beta : float >= 0
        Homophily exponent; 0 is random contact.
    steps : int >= 0
        Number of time steps (total time ``steps * dt``).
    dt : float > 0
        Integration step (0.01 in the paper).
    eps : float in (0, 1)
        Minimum activity.
    gamma : float > 1
        Exponent of the activity distribution.
    m : int >= 1
        Contacts per activation (must be < n).
    r : float in [0, 1]
        Probability that a contact is reciprocated.
    tol : float > 0, optional
        If given, stop once :math:`\max_i |x_i(t+dt) - x_i(t)| / dt \le` ``tol``
        (``converged=True``); the temporal network keeps stirring the radicalised states, so
        only the consensus regime usually gets there.
    activities : array_like of shape (n,), optional
        Fixed activities in (0, 1] instead of drawing them.
    graph
        Must be None: the model draws its own temporal network.
    rng, record_every
        See the module docstring.

    References
    ----------
    Baumann, F., Lorenz-Spreen, P., Sokolov, I. M. & Starnini, M. (2020). Modeling echo
    chambers and polarization dynamics in social networks. *Phys. Rev. Lett.* 124:048301.
    Perra, N., Gonçalves, B., Pastor-Satorras, R. & Vespignani, A. (2012). Activity driven
    modeling of time varying networks. *Sci. Rep.* 2:469.
    """
    x = check_finite_array(x0)
    n = x.size
    K = check_number(K, "K", low=0.0)
    alpha = check_number(alpha, "alpha", low=0.0)
    beta = check_number(beta, "beta", low=0.0)
    steps = check_int(steps, "steps", low=0)
    dt = check_number(dt, "dt", low=0.0, low_open=True)
    eps = check_number(eps, "eps", low=0.0, high=1.0, low_open=True, high_open=True)
    gamma = check_number(gamma, "gamma", low=1.0, low_open=True)
    m = check_int(m, "m", low=1)
    if m >= n:
        raise ValueError(f"m must be smaller than the number of agents ({n}), got {m}")
    r = check_number(r, "r", low=0.0, high=1.0)
    tol_v = None if tol is None else check_number(tol, "tol", low=0.0, low_open=True)
    if graph is not None:
        raise ValueError("graph must be None for baumann: it draws its own temporal network")
    gen = as_generator(rng)
    if activities is None:
        a = _power_law_activities(gen, n, eps, gamma)
    else:
        a = check_finite_array(activities, "activities")
        if a.shape != (n,) or np.any((a <= 0) | (a > 1)):
            raise ValueError(f"activities must hold {n} values in (0, 1]")
    rec = _Recorder(record_every, x)
    converged = False
    t = 0
    while t < steps:
        rows, cols = _activity_driven_ties(gen, x, a, m, beta, r)
        x_new = _rk4_step(x, rows, cols, K, alpha, dt)
        change = float(np.max(np.abs(x_new - x))) / dt
        x = x_new
        t += 1
        if rec.due(t):
            rec.take(t, x)
        if tol_v is not None and change <= tol_v:
            converged = True
            break
    return rec.result(x, t, converged)


def _power_law_activities(gen: np.random.Generator, n: int, eps: float, gamma: float) -> FloatArray:
    """Inverse-transform draws from F(a) ~ a^-gamma on [eps, 1]."""
    e = 1.0 - gamma
    u = gen.random(n)
    return np.asarray((eps**e + u * (1.0 - eps**e)) ** (1.0 / e), dtype=np.float64)


#: Opinion distances below this count as this, so that homophily weights stay finite.
MIN_DISTANCE = 1e-12


def _activity_driven_ties(
    gen: np.random.Generator, x: FloatArray, a: FloatArray, m: int, beta: float, r: float
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """One snapshot of the homophilous activity-driven network as (receiver, source) pairs."""
    n = x.size
    active = np.flatnonzero(gen.random(n) < a)
    if active.size == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    # Weighted sampling of m distinct contacts per active agent (Gumbel top-k):
    # argmax-m of log p_ij + Gumbel noise draws without replacement with probability p_ij.
    dist = np.abs(x[active, None] - x[None, :])
    np.maximum(dist, MIN_DISTANCE, out=dist)
    keys = -beta * np.log(dist) if beta > 0 else np.zeros_like(dist)
    keys += gen.gumbel(size=keys.shape)
    keys[np.arange(active.size), active] = -np.inf
    chosen = np.argpartition(-keys, m - 1, axis=1)[:, :m]
    receivers = np.repeat(active, m)
    sources = chosen.ravel().astype(np.int64)
    back = gen.random(receivers.size) < r
    rows = np.concatenate((receivers, sources[back]))
    cols = np.concatenate((sources, receivers[back]))
    return rows.astype(np.int64), cols


def _rk4_step(
    x: FloatArray,
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    K: float,
    alpha: float,
    dt: float,
) -> FloatArray:
    n = x.size

    def f(v: FloatArray) -> FloatArray:
        field = np.bincount(rows, weights=np.tanh(alpha * v[cols]), minlength=n)
        return np.asarray(-v + K * field, dtype=np.float64)

    k1 = f(x)
    k2 = f(x + 0.5 * dt * k1)
    k3 = f(x + 0.5 * dt * k2)
    k4 = f(x + dt * k3)
    return x + (dt / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
