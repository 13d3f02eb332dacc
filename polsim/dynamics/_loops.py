"""Compiled inner loops of the asynchronous kernels.

Random numbers never come from here: the caller draws them from its own
``numpy.random.Generator`` in fixed-size blocks and passes them in, so a run is exactly
reproducible and independent of how the loop is cut into pieces.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = [
    "deffuant_pairs",
    "hk_graph_step",
    "jager_amblard_pairs",
    "voter_updates",
]


@njit(cache=True, nogil=True)
def deffuant_pairs(x, first, second, eps, mu):
    """Apply the Deffuant pair update for each (first[k], second[k]) in order."""
    for k in range(first.shape[0]):
        i = first[k]
        j = second[k]
        d = x[j] - x[i]
        if abs(d) < eps:
            x[i] += mu * d
            x[j] -= mu * d


@njit(cache=True, nogil=True)
def jager_amblard_pairs(x, first, second, u, t, mu, low, high):
    """Apply the Jager–Amblard pair update in order; return the largest single move."""
    biggest = 0.0
    for k in range(first.shape[0]):
        i = first[k]
        j = second[k]
        d = x[j] - x[i]
        ad = abs(d)
        if ad < u:
            step = mu * d
        elif ad > t:
            step = -mu * d
        else:
            continue
        xi = min(max(x[i] + step, low), high)
        xj = min(max(x[j] - step, low), high)
        moved = max(abs(xi - x[i]), abs(xj - x[j]))
        if moved > biggest:
            biggest = moved
        x[i] = xi
        x[j] = xj
    return biggest


@njit(cache=True, nogil=True)
def voter_updates(x, ones, high, who, pick, indptr, indices, complete):
    """Voter updates: agent who[k] copies a random neighbour (chosen by pick[k] in [0, 1)).

    ``x`` holds 0/1 states, ``ones`` the current count of 1s. Stops right after the update
    that reaches consensus. Returns (updates applied, ones).
    """
    n = x.shape[0]
    for k in range(who.shape[0]):
        i = who[k]
        if complete:
            j = (i + 1 + int(pick[k] * (n - 1))) % n
        else:
            deg = indptr[i + 1] - indptr[i]
            if deg == 0:
                if ones == 0 or ones == high:
                    return k + 1, ones
                continue
            j = indices[indptr[i] + int(pick[k] * deg)]
        if x[i] != x[j]:
            ones += x[j] - x[i]
            x[i] = x[j]
        if ones == 0 or ones == high:
            return k + 1, ones
    return who.shape[0], ones


@njit(cache=True, nogil=True)
def hk_graph_step(x, out, indptr, indices, eps):
    """One synchronous Hegselmann–Krause step over a CSR graph, the agent itself included.

    Writes the new opinions into ``out`` and returns the largest change.
    """
    n = x.shape[0]
    biggest = 0.0
    for i in range(n):
        xi = x[i]
        total = xi
        count = 1
        for p in range(indptr[i], indptr[i + 1]):
            xj = x[indices[p]]
            if abs(xj - xi) <= eps:
                total += xj
                count += 1
        new = total / count
        out[i] = new
        change = abs(new - xi)
        if change > biggest:
            biggest = change
    return biggest


def warm_up() -> None:
    """Compile every loop once on tiny inputs (used by benchmarks to exclude JIT time)."""
    x = np.array([0.0, 0.1, 0.9])
    idx = np.array([0, 1], dtype=np.int64)
    jdx = np.array([1, 2], dtype=np.int64)
    deffuant_pairs(x, idx, jdx, 0.5, 0.5)
    jager_amblard_pairs(x, idx, jdx, 0.3, 0.6, 0.1, -1.0, 1.0)
    states = np.array([0, 1, 1], dtype=np.int64)
    indptr = np.array([0, 1, 2, 2], dtype=np.int64)
    indices = np.array([1, 0], dtype=np.int64)
    voter_updates(states, 2, 3, idx, np.array([0.5, 0.5]), indptr, indices, True)
    hk_graph_step(x, np.empty_like(x), indptr, indices, 0.5)
