"""Polarisation measures: pure functions of opinions, and of the network where needed.

Bramson et al. (2016) separate nine senses of "polarisation"; each function here says which one
it measures. Opinions are a 1-D array; a network is a networkx graph with nodes ``0..n-1`` or a
sparse adjacency (see :mod:`polsim.networks`).

References
----------
Bramson, A., Grim, P., Singer, D. J., Berger, W. J., Sack, G., Fisher, S., Flocken, C. &
Holman, B. (2016). Disambiguation of social polarization concepts and measures. *J. Math.
Sociol.* 40(2):80–111.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from numba import njit, prange
from numpy.typing import ArrayLike, NDArray

from polsim.networks import GraphLike, to_csr
from polsim.validation import check_finite_array, check_number

__all__ = [
    "bimodality_coefficient",
    "bimodality_from_moments",
    "central_moments",
    "cluster_count",
    "esteban_ray",
    "middle_share",
    "neighbour_correlation",
    "opinion_assortativity",
    "opinion_clusters",
    "opinion_modularity",
    "spread",
    "weighted_sum",
]

FloatArray = NDArray[np.float64]

#: Block size of the compiled reductions: each block is summed in order by one thread and the
#: blocks' sums are then added in order, so no result depends on the number of threads.
BLOCK = 1 << 14
#: Relative spread below which opinions count as one point (see bimodality_coefficient).
_FLAT = 1e-9


def spread(x: ArrayLike) -> float:
    r"""Variance of opinions, :math:`\frac1n \sum_i (x_i - \bar x)^2`.

    Bramson et al.'s sense 1, *spread* (they call the variance form *dispersion*, sense 2):
    how far opinions lie from each other overall, whatever their grouping.

    Examples
    --------
    >>> spread([-1, 1, -1, 1])
    1.0
    """
    v = check_finite_array(x, "x")
    return float(_central_moments(v)[0])


def bimodality_coefficient(x: ArrayLike) -> float:
    r"""Sarle's finite-sample bimodality coefficient.

    .. math:: BC = \frac{g^2 + 1}{\kappa + \frac{3(n-1)^2}{(n-2)(n-3)}}

    with :math:`g` the bias-corrected sample skewness and :math:`\kappa` the bias-corrected
    sample excess kurtosis. It lies in (0, 1]; values above :math:`5/9 \approx 0.555` (the
    uniform distribution's) suggest bimodality; a normal distribution gives 1/3 and two equal
    point masses give 1 (in the large-sample limit). A population with no variance (consensus;
    in practice a standard deviation below ``1e-9`` of the opinion scale, where skewness and
    kurtosis are rounding noise) is unimodal by definition and gets 0.

    Bramson et al.'s sense 6, *distinctness*: how clearly the opinion distribution splits into
    separated modes.

    Parameters
    ----------
    x : array_like
        At least four opinions.

    References
    ----------
    SAS Institute (1990), *SAS/STAT User's Guide*; Pfister, R., Schwarz, K. A., Janczyk, M.,
    Dale, R. & Freeman, J. B. (2013). Good things peak in pairs. *Front. Psychol.* 4:700.
    """
    v = check_finite_array(x, "x")
    n = v.size
    if n < 4:
        raise ValueError(f"x must hold at least 4 opinions for the bimodality coefficient, got {n}")
    return bimodality_from_moments(n, *_central_moments(v))


def bimodality_from_moments(n: int, m2: float, m3: float, m4: float, biggest: float) -> float:
    """:func:`bimodality_coefficient` from the central moments of ``n`` values and their
    largest magnitude (for callers that already have them)."""
    # math, not numpy, on these scalars: the same correctly rounded results, a tenth the cost
    if math.sqrt(m2) <= _FLAT * max(1.0, biggest):
        return 0.0
    g1 = m3 / m2**1.5
    g2 = m4 / m2**2 - 3.0
    skew = g1 * math.sqrt(n * (n - 1)) / (n - 2)  # bias-corrected G1
    kurt = (n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * g2 + 6.0)  # bias-corrected G2
    return float((skew * skew + 1.0) / (kurt + 3.0 * (n - 1) ** 2 / ((n - 2) * (n - 3))))


def esteban_ray(
    x: ArrayLike,
    *,
    alpha: float = 1.0,
    bins: int = 20,
    value_range: tuple[float, float] = (-1.0, 1.0),
    groups: ArrayLike | None = None,
) -> float:
    r"""Esteban–Ray polarisation index.

    .. math:: P = \sum_{g} \sum_{h} \pi_g^{1+\alpha}\, \pi_h\, |y_g - y_h|

    over groups :math:`g` with population shares :math:`\pi_g` and mean opinions :math:`y_g`
    (the normalising constant *K* is 1). Groups are the given ``groups`` labels or, by default,
    ``bins`` equal-width opinion intervals over ``value_range``. :math:`\alpha \in [0, 1.6]`
    weighs identification with one's own group; at :math:`\alpha = 0` *P* is the Gini mean
    difference of the grouped opinions. Two equal camps at -1 and 1 give
    :math:`P = 2 \cdot 2^{-(1+\alpha)} \cdot 2^{-1} \cdot 2 = 2^{-\alpha}`; one camp gives 0.

    Bramson et al.: a composite of senses 6–9 (distinctness, group divergence, group
    consensus, size parity); it peaks for two equal, internally homogeneous, distant groups.

    References
    ----------
    Esteban, J.-M. & Ray, D. (1994). On the measurement of polarization. *Econometrica*
    62(4):819–851.
    """
    v = check_finite_array(x, "x")
    alpha = check_number(alpha, "alpha", low=0.0, high=1.6)
    if groups is None:
        lo, hi = (check_number(b, "value_range") for b in value_range)
        if not lo < hi:
            raise ValueError(f"value_range must be (low, high) with low < high, got {value_range}")
        if bins < 1:
            raise ValueError(f"bins must be at least 1, got {bins}")
        return float(esteban_ray_binned(v, lo, hi, bins, alpha))
    else:
        labels = np.asarray(groups)
        if labels.shape != v.shape:
            raise ValueError(f"groups must have one label per opinion ({v.size})")
        inverse = np.unique(labels, return_inverse=True)[1].ravel()
    counts = np.bincount(inverse).astype(np.float64)
    return _esteban_ray_groups(counts, np.bincount(inverse, weights=v), v.size, alpha)


def _esteban_ray_groups(counts: FloatArray, sums: FloatArray, n: int, alpha: float) -> float:
    used = counts > 0
    share = counts[used] / n
    mean = sums[used] / counts[used]
    gaps = np.abs(mean[:, None] - mean[None, :])
    return float(np.sum(share[:, None] ** (1.0 + alpha) * share[None, :] * gaps))


def esteban_ray_of(x: FloatArray) -> float:
    """:func:`esteban_ray` with its defaults for a float64 array known to be finite (no
    validation: for models that call it every step on their own arrays)."""
    return float(esteban_ray_binned(x, -1.0, 1.0, 20, 1.0))


@njit(cache=True)
def esteban_ray_binned(v, lo, hi, bins, alpha):  # pragma: no cover - compiled
    # the index over the non-empty of ``bins`` equal bins (as _esteban_ray_groups)
    counts, sums = _bin_counts(v, lo, hi, bins)
    total = 0.0
    for g in range(bins):
        if counts[g] == 0.0:
            continue
        share_g = (counts[g] / v.shape[0]) ** (1.0 + alpha)
        mean_g = sums[g] / counts[g]
        for h in range(bins):
            if counts[h] > 0.0:
                total += share_g * (counts[h] / v.shape[0]) * abs(mean_g - sums[h] / counts[h])
    return total


@njit(cache=True)
def _bin_counts(v, lo, hi, bins):  # pragma: no cover - compiled
    """Count and sum of the values in each of ``bins`` equal bins over [lo, hi] (clamped)."""
    counts = np.zeros(bins)
    sums = np.zeros(bins)
    scale = bins / (hi - lo)
    for i in range(v.shape[0]):
        k = min(bins - 1, max(0, int((v[i] - lo) * scale)))
        counts[k] += 1.0
        sums[k] += v[i]
    return counts, sums


def opinion_clusters(x: ArrayLike, *, tol: float = 1e-3) -> NDArray[np.int64]:
    """Sizes of opinion clusters, largest first.

    A cluster is a maximal run of sorted opinions whose neighbours in that order lie within
    ``tol`` of each other (single linkage on the line). Bramson et al.'s sense 5, *community
    fragmentation*, in opinion space.

    Examples
    --------
    >>> opinion_clusters([0.0, 0.0005, 0.5, 1.0, 1.0]).tolist()
    [2, 2, 1]
    """
    v = np.sort(check_finite_array(x, "x"))
    tol = check_number(tol, "tol", low=0.0)
    breaks = np.flatnonzero(np.diff(v) > tol)
    bounds = np.concatenate(([0], breaks + 1, [v.size]))
    return np.sort(np.diff(bounds))[::-1].astype(np.int64)


def cluster_count(x: ArrayLike, *, tol: float = 1e-3, min_share: float = 0.0) -> int:
    """Number of opinion clusters holding more than ``min_share`` of the population.

    With ``min_share`` > 0 the small clusters of stragglers the bounded-confidence models
    leave behind are not counted (the *major* clusters of Deffuant et al. 2000 and Lorenz
    2006).
    """
    sizes = opinion_clusters(x, tol=tol)
    min_share = check_number(min_share, "min_share", low=0.0, high=1.0, high_open=True)
    return int(np.sum(sizes > min_share * sizes.sum()))


def middle_share(x: ArrayLike, *, band: float = 0.2, center: float = 0.0) -> float:
    """Share of opinions within ``band`` of ``center``: the size of the middle.

    The complement of Bramson et al.'s *coverage* of the extremes; in Brandsma's terms, the
    room left for the silent middle.

    Examples
    --------
    >>> middle_share([-1, -0.1, 0.0, 0.2, 0.9], band=0.2)
    0.6
    """
    v = check_finite_array(x, "x")
    band = check_number(band, "band", low=0.0)
    center = check_number(center, "center")
    return float(np.mean(np.abs(v - center) <= band))


def _adjacency_for(x: FloatArray, graph: GraphLike) -> sp.csr_array:
    adj = to_csr(graph, x.size)
    return sp.csr_array((adj + adj.T) > 0, dtype=np.float64)


def neighbour_correlation(
    x: ArrayLike,
    graph: GraphLike | None = None,
    *,
    neighbour_sum: ArrayLike | None = None,
    degree: ArrayLike | None = None,
) -> float:
    r"""Pearson correlation between each agent's opinion and its neighbours' mean opinion.

    .. math:: \rho = \operatorname{corr}_i\!\left(x_i,\; \tfrac{1}{k_i}\sum_{j \in N_i} x_j\right)

    over agents with at least one neighbour. Near 1: agents are surrounded by like-minded
    others (echo chambers); near 0: no relation. Bramson et al.'s sense 5, *community
    fragmentation*, as used by Cota et al. (2019) and Baumann et al. (2020) to detect echo
    chambers. Returns 0 when either side has no variance.

    Give the ``graph``, or, for a model that already sums its neighbours' opinions each step,
    ``neighbour_sum`` (:math:`\sum_{j \in N_i} x_j`) and ``degree`` (:math:`k_i`) instead.
    Summed in fixed blocks, so the result does not depend on the number of threads.

    References
    ----------
    Cota, W., Ferreira, S. C., Pastor-Satorras, R. & Starnini, M. (2019). Quantifying echo
    chamber effects in information spreading over political communication networks. *EPJ Data
    Sci.* 8:35.
    """
    if (graph is None) == (neighbour_sum is None or degree is None):
        raise ValueError("give either graph, or neighbour_sum and degree")
    if graph is not None:
        v = check_finite_array(x, "x")
        adj = _adjacency_for(v, graph)
        return float(_neighbour_pearson(v, adj @ v, np.asarray(adj.sum(axis=1)).ravel()))
    return float(_neighbour_pearson(np.asarray(x, float), np.asarray(neighbour_sum, float),
                                    np.asarray(degree, float)))  # fmt: skip


@njit(cache=True, parallel=True)
def _neighbour_pearson(x, total, degree):  # pragma: no cover - compiled
    """Pearson correlation of x_i and total_i / degree_i over people with degree > 0, summed
    in fixed blocks of :data:`BLOCK` (each in order, then the blocks in order), so the result
    does not depend on the number of threads."""
    size = x.shape[0]
    nb = (size + BLOCK - 1) // BLOCK
    part = np.zeros((nb, 3))
    for b in prange(nb):
        part[b, 0], part[b, 1], part[b, 2] = _pearson_sums(
            x, total, degree, b * BLOCK, min(size, (b + 1) * BLOCK)
        )
    n, sx, sy = _add_parts(part)
    if n < 2:
        return 0.0
    mx, my = sx / n, sy / n
    for b in prange(nb):
        part[b, 0], part[b, 1], part[b, 2] = _pearson_products(
            x, total, degree, mx, my, b * BLOCK, min(size, (b + 1) * BLOCK)
        )
    cxy, cxx, cyy = _add_parts(part)
    if cxx == 0.0 or cyy == 0.0:
        return 0.0
    return cxy / np.sqrt(cxx * cyy)


@njit(cache=True)
def neighbour_pearson_between(x, total, degree, lo, hi):  # pragma: no cover - compiled
    """:func:`_neighbour_pearson` of ``x[lo:hi]`` (with the same slices of ``total`` and
    ``degree``), on one thread, its blocks counted from ``lo``: exactly that of the slice."""
    nb = (hi - lo + BLOCK - 1) // BLOCK
    part = np.zeros((nb, 3))
    for b in range(nb):
        part[b, 0], part[b, 1], part[b, 2] = _pearson_sums(
            x, total, degree, lo + b * BLOCK, min(hi, lo + (b + 1) * BLOCK)
        )
    n, sx, sy = _add_parts(part)
    if n < 2:
        return 0.0
    mx, my = sx / n, sy / n
    for b in range(nb):
        part[b, 0], part[b, 1], part[b, 2] = _pearson_products(
            x, total, degree, mx, my, lo + b * BLOCK, min(hi, lo + (b + 1) * BLOCK)
        )
    cxy, cxx, cyy = _add_parts(part)
    if cxx == 0.0 or cyy == 0.0:
        return 0.0
    return cxy / np.sqrt(cxx * cyy)


@njit(cache=True, inline="always")
def _add_parts(part):  # pragma: no cover - compiled
    # the blocks' sums, in order, per column (three columns)
    first = 0.0
    second = 0.0
    third = 0.0
    for b in range(part.shape[0]):
        first += part[b, 0]
        second += part[b, 1]
        third += part[b, 2]
    return first, second, third


@njit(cache=True, inline="always")
def _pearson_sums(x, total, degree, start, stop):  # pragma: no cover - compiled
    cnt = 0.0
    sx = 0.0
    sy = 0.0
    for i in range(start, stop):
        if degree[i] > 0:
            cnt += 1.0
            sx += x[i]
            sy += total[i] / degree[i]
    return cnt, sx, sy


@njit(cache=True, inline="always")
def _pearson_products(x, total, degree, mx, my, start, stop):  # pragma: no cover - compiled
    cxy = 0.0
    cxx = 0.0
    cyy = 0.0
    for i in range(start, stop):
        if degree[i] > 0:
            dx = x[i] - mx
            dy = total[i] / degree[i] - my
            cxy += dx * dy
            cxx += dx * dx
            cyy += dy * dy
    return cxy, cxx, cyy


def opinion_assortativity(x: ArrayLike, graph: GraphLike) -> float:
    """Newman's assortativity of opinions: the Pearson correlation of the opinions at the two
    ends of every tie (each undirected tie counted in both directions).

    Bramson et al.'s sense 5, *community fragmentation*: 1 when ties only join equal opinions,
    about 0 for random mixing, negative when ties join opposites. Returns 0 when there are no
    ties or no variance across them.

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. *Phys. Rev. E* 67:026126.
    """
    v = check_finite_array(x, "x")
    coo = _adjacency_for(v, graph).tocoo()
    if coo.nnz == 0:
        return 0.0
    return _pearson(v[coo.row], v[coo.col])


def opinion_modularity(
    x: ArrayLike,
    graph: GraphLike,
    *,
    threshold: float = 0.0,
    groups: ArrayLike | None = None,
) -> float:
    r"""Newman–Girvan modularity of the split into opinion camps.

    .. math:: Q = \sum_c \left[\frac{L_c}{m} - \left(\frac{d_c}{2m}\right)^2\right]

    with :math:`L_c` the ties inside camp *c*, :math:`d_c` its total degree and *m* the number
    of ties. Camps are ``x > threshold`` versus the rest, or the given ``groups`` labels.
    High *Q*: the network itself has split along opinion lines. Bramson et al.'s sense 5,
    *community fragmentation*, on the network.

    References
    ----------
    Newman, M. E. J. & Girvan, M. (2004). Finding and evaluating community structure in
    networks. *Phys. Rev. E* 69:026113.
    """
    v = check_finite_array(x, "x")
    adj = _adjacency_for(v, graph)
    if groups is None:
        threshold = check_number(threshold, "threshold")
        labels = (v > threshold).astype(np.int64)
    else:
        raw = np.asarray(groups)
        if raw.shape != v.shape:
            raise ValueError(f"groups must have one label per opinion ({v.size})")
        labels = np.unique(raw, return_inverse=True)[1]
    two_m = float(adj.sum())
    if two_m == 0:
        return 0.0
    coo = adj.tocoo()
    inside = float(np.sum(labels[coo.row] == labels[coo.col]))  # = 2 * sum_c L_c
    deg = np.asarray(adj.sum(axis=1)).ravel()
    d_c = np.bincount(labels, weights=deg)
    return inside / two_m - float(np.sum((d_c / two_m) ** 2))


def central_moments(x: FloatArray) -> tuple[float, float, float, float]:
    """Second, third and fourth central moments of a float64 array and its largest magnitude
    (no validation: for models that call it every step on their own arrays)."""
    m2, m3, m4, biggest = _central_moments(x)
    return float(m2), float(m3), float(m4), float(biggest)


@njit(cache=True, parallel=True)
def _central_moments(v):  # pragma: no cover - compiled
    """Second, third and fourth central moments and max |v|, in two passes, summed in fixed
    blocks of :data:`BLOCK` (each in order, then the blocks in order), so the result does not
    depend on the number of threads."""
    n = v.shape[0]
    nb = (n + BLOCK - 1) // BLOCK
    part = np.zeros((nb, 3))
    for b in prange(nb):
        part[b, 0], part[b, 1] = _total_and_biggest(v, b * BLOCK, min(n, (b + 1) * BLOCK))
    mean, biggest = _total_and_max(part)
    mean /= n
    for b in prange(nb):
        part[b, 0], part[b, 1], part[b, 2] = _powers(v, mean, b * BLOCK, min(n, (b + 1) * BLOCK))
    m2, m3, m4 = _add_parts(part)
    return m2 / n, m3 / n, m4 / n, biggest


@njit(cache=True)
def central_moments_between(v, lo, hi):  # pragma: no cover - compiled
    """:func:`_central_moments` of ``v[lo:hi]``, on one thread, its blocks counted from
    ``lo``: exactly that of the slice."""
    n = hi - lo
    nb = (n + BLOCK - 1) // BLOCK
    part = np.zeros((nb, 3))
    for b in range(nb):
        part[b, 0], part[b, 1] = _total_and_biggest(
            v, lo + b * BLOCK, min(hi, lo + (b + 1) * BLOCK)
        )
    mean, biggest = _total_and_max(part)
    mean /= n
    for b in range(nb):
        part[b, 0], part[b, 1], part[b, 2] = _powers(
            v, mean, lo + b * BLOCK, min(hi, lo + (b + 1) * BLOCK)
        )
    m2, m3, m4 = _add_parts(part)
    return m2 / n, m3 / n, m4 / n, biggest


@njit(cache=True, inline="always")
def _total_and_biggest(v, start, stop):  # pragma: no cover - compiled
    total = 0.0
    big = 0.0
    for i in range(start, stop):
        total += v[i]
        big = max(big, abs(v[i]))
    return total, big


@njit(cache=True, inline="always")
def _total_and_max(part):  # pragma: no cover - compiled
    total = 0.0
    biggest = 0.0
    for b in range(part.shape[0]):
        total += part[b, 0]
        biggest = max(biggest, part[b, 1])
    return total, biggest


@njit(cache=True, inline="always")
def _powers(v, mean, start, stop):  # pragma: no cover - compiled
    m2 = 0.0
    m3 = 0.0
    m4 = 0.0
    for i in range(start, stop):
        d = v[i] - mean
        d2 = d * d
        m2 += d2
        m3 += d2 * d
        m4 += d2 * d2
    return m2, m3, m4


def _pearson(a: FloatArray, b: FloatArray) -> float:
    sa, sb = np.std(a), np.std(b)
    if sa == 0 or sb == 0:
        return 0.0
    return float(np.mean((a - a.mean()) * (b - b.mean())) / (sa * sb))


def weighted_sum(weight: FloatArray, value: FloatArray) -> tuple[float, float]:
    """(sum of weight * value, sum of weight), the same whatever the number of threads.

    >>> weighted_sum(np.array([1.0, 3.0]), np.array([0.5, 1.0]))
    (3.5, 4.0)
    """
    weighted, total = _weighted_sum(np.asarray(weight, float), np.asarray(value, float))
    return float(weighted), float(total)


@njit(cache=True, parallel=True)
def _weighted_sum(weight, value):  # pragma: no cover - compiled
    """(sum of weight * value, sum of weight), summed in fixed blocks
    (:data:`BLOCK`), so the result does not depend on the number of threads."""
    n = weight.shape[0]
    nb = (n + BLOCK - 1) // BLOCK
    part = np.zeros((nb, 3))
    for b in prange(nb):
        part[b, 0], part[b, 1] = _weighted_block(weight, value, b * BLOCK, min(n, (b + 1) * BLOCK))
    weighted, total, _ = _add_parts(part)
    return weighted, total


@njit(cache=True)
def weighted_sum_between(weight, value, lo, hi):  # pragma: no cover - compiled
    """:func:`_weighted_sum` of ``weight[lo:hi]`` and ``value[lo:hi]``, on one thread, its
    blocks counted from ``lo``: exactly that of the slices."""
    nb = (hi - lo + BLOCK - 1) // BLOCK
    part = np.zeros((nb, 3))
    for b in range(nb):
        part[b, 0], part[b, 1] = _weighted_block(
            weight, value, lo + b * BLOCK, min(hi, lo + (b + 1) * BLOCK)
        )
    weighted, total, _ = _add_parts(part)
    return weighted, total


@njit(cache=True, inline="always")
def _weighted_block(weight, value, start, stop):  # pragma: no cover - compiled
    total = 0.0
    weighted = 0.0
    for i in range(start, stop):
        total += weight[i]
        weighted += weight[i] * value[i]
    return weighted, total


@njit(cache=True, inline="always")
def _pairwise_block(a, lo, n):  # pragma: no cover - compiled
    # numpy's sum of a block of up to 128: eight running sums, then the rest one by one
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    whole = n - n % 8
    while i < whole:
        r0 += a[lo + i]
        r1 += a[lo + i + 1]
        r2 += a[lo + i + 2]
        r3 += a[lo + i + 3]
        r4 += a[lo + i + 4]
        r5 += a[lo + i + 5]
        r6 += a[lo + i + 6]
        r7 += a[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@njit(cache=True)
def pairwise_sum(a, lo, n):  # pragma: no cover - compiled
    """The sum of ``a[lo:lo + n]`` exactly as ``np.sum`` gives it for that slice of a
    contiguous float64 array (which numpy sums in one call): numpy's pairwise summation
    (numpy/_core/src/umath/loops_utils.h) step for step, blocks of up to 128 summed with
    eight running sums, halves (rounded down to a multiple of 8) above, added left + right.
    Written with an explicit stack, as numba cannot cache a recursive function. Pairwise
    summation is accurate; polsim uses it where a compiled kernel must give what its documented
    numpy form gives (the media's exposure, :func:`polsim.model.mechanisms.channel_exposure`)
    and for the weekly means, which thereby stay those of earlier versions bit for bit. A city
    alone and in an ensemble are summed by the same code, so their identity does not rest on
    it."""
    los = np.empty(64, dtype=np.int64)
    ns = np.empty(64, dtype=np.int64)
    left = np.empty(64)
    right_next = np.zeros(64, dtype=np.bool_)
    top = 0
    los[0], ns[0], right_next[0] = lo, n, False
    while True:
        m = ns[top]
        if m > 128:  # descend into the left half
            half = m // 2
            half -= half % 8
            top += 1
            los[top], ns[top], right_next[top] = los[top - 1], half, False
            continue
        r = _pairwise_block(a, los[top], m)
        top -= 1
        while top >= 0 and right_next[top]:  # both halves done: add them
            r = left[top] + r
            top -= 1
        if top < 0:
            return r
        left[top], right_next[top] = r, True  # the left half is done: now the right
        half = ns[top] // 2
        half -= half % 8
        top += 1
        los[top], ns[top], right_next[top] = los[top - 1] + half, ns[top - 1] - half, False
