"""Compiled inner loops of the kernels.

Randomness never comes from here. The caller takes raw 64-bit outputs from its own
``numpy.random.Generator`` (``bit_generator.random_raw``), views them as a stream of 32-bit
words, and the loops consume that stream in order: a uniform integer below ``bound`` is drawn
from one word by Lemire's multiply-shift method with rejection (exactly uniform). A loop stops
before an interaction it cannot finish with the words left and reports where it stopped, so the
caller can append more words; a run therefore depends only on the generator's stream, never on
how the stream or the run is cut into pieces.

Each asynchronous loop returns ``(interactions done, next word position, largest move)``.

References
----------
Lemire, D. (2019). Fast random integer generation in an interval. *ACM Trans. Model. Comput.
Simul.* 29(1):3.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = [
    "hk_graph_step",
    "judgement",
    "pairwise_run",
    "voter_run",
    "warm_up",
]

_MASK32 = np.uint64(0xFFFFFFFF)
_TWO32 = np.uint64(1 << 32)
_SHIFT = np.uint64(32)


@njit(cache=True)
def _reject(words, pos, m, b):
    """Lemire's rejection step, taken with probability < bound / 2^32.

    ``m`` is the product of the last word and ``b``; returns the accepted product and the next
    position, or position -1 if the words ran out.
    """
    threshold = (_TWO32 - b) % b
    while (m & _MASK32) < threshold:
        if pos >= words.shape[0]:
            return m, -1
        m = np.uint64(words[pos]) * b
        pos += 1
    return m, pos


@njit(cache=True, inline="always")
def judgement(d, u, t):
    """Social judgement of a message at distance ``d``: +1 inside the latitude of acceptance
    (``|d| < u``: assimilate), -1 beyond the latitude of rejection (``|d| > t``: contrast),
    0 in between (non-commitment). Sherif & Hovland (1961); Jager & Amblard (2005).

    Written without branches on purpose: whether a message is within reach is unpredictable,
    and a mispredicted branch costs more than the arithmetic.
    """
    ad = abs(d)
    return (1.0 if ad < u else 0.0) - (1.0 if ad > t else 0.0)


# The draws below are written out in each loop rather than called through a helper returning
# a tuple: numba then keeps the loop in registers, which halves the cost of an interaction.
# Each draw is: m = word * bound; value = m >> 32, after Lemire's rare rejection step when the
# low half of m is below the bound. A draw that runs out of words leaves ``pos`` where the
# interaction started.


@njit(cache=True, nogil=True)
def pairwise_run(x, words, pos, count, tie_first, tie_second, complete, u, t, mu, low, high):
    """Up to ``count`` pair interactions of the social-judgement rule, clipped to [low, high].

    Pairs closer than ``u`` assimilate, pairs farther than ``t`` contrast (both by ``mu`` of
    their gap). Deffuant's rule is the special case ``t = inf`` with infinite bounds, so one
    loop serves both.
    """
    n = x.shape[0]
    nw = words.shape[0]
    b1 = np.uint64(n if complete else tie_first.shape[0])
    b2 = np.uint64(n - 1)
    clip = low > -np.inf or high < np.inf  # loop-invariant, so its branch costs nothing
    done = 0
    biggest = 0.0
    while done < count:
        p = pos
        if p >= nw:
            break
        m = np.uint64(words[p]) * b1
        p += 1
        if (m & _MASK32) < b1:
            m, p = _reject(words, p, m, b1)
            if p < 0:
                break
        a = np.int64(m >> _SHIFT)
        if complete:
            if p >= nw:
                break
            m = np.uint64(words[p]) * b2
            p += 1
            if (m & _MASK32) < b2:
                m, p = _reject(words, p, m, b2)
                if p < 0:
                    break
            i = a
            j = a + 1 + np.int64(m >> _SHIFT)
            if j >= n:
                j -= n
        else:
            i = tie_first[a]
            j = tie_second[a]
        pos = p
        done += 1
        d = x[j] - x[i]
        step = judgement(d, u, t) * mu * d
        if clip:
            xi = min(max(x[i] + step, low), high)
            xj = min(max(x[j] - step, low), high)
            biggest = max(biggest, abs(xi - x[i]), abs(xj - x[j]))
            x[i] = xi
            x[j] = xj
        else:
            x[i] += step
            x[j] -= step
            biggest = max(biggest, abs(step))
    return done, pos, biggest


@njit(cache=True, nogil=True)
def voter_run(state, ones, words, pos, count, indptr, indices, complete):
    """Up to ``count`` voter updates on 0/1 ``state``; stops right after reaching consensus.

    Returns (updates done, next word position, number of ones).
    """
    n = state.shape[0]
    nw = words.shape[0]
    b1 = np.uint64(n)
    done = 0
    while done < count and ones != 0 and ones != n:
        p = pos
        if p >= nw:
            break
        m = np.uint64(words[p]) * b1
        p += 1
        if (m & _MASK32) < b1:
            m, p = _reject(words, p, m, b1)
            if p < 0:
                break
        i = np.int64(m >> _SHIFT)
        b2 = np.uint64(n - 1) if complete else np.uint64(indptr[i + 1] - indptr[i])
        if b2 == 0:  # nobody to copy
            pos = p
            done += 1
            continue
        if p >= nw:
            break
        m = np.uint64(words[p]) * b2
        p += 1
        if (m & _MASK32) < b2:
            m, p = _reject(words, p, m, b2)
            if p < 0:
                break
        k = np.int64(m >> _SHIFT)
        if complete:
            j = i + 1 + k
            if j >= n:
                j -= n
        else:
            j = indices[indptr[i] + k]
        pos = p
        ones += state[j] - state[i]
        state[i] = state[j]
        done += 1
    return done, pos, ones


@njit(cache=True, parallel=True)
def hk_graph_step(x, out, indptr, indices, eps):
    """One synchronous Hegselmann–Krause step over a CSR graph, the agent itself included.

    Writes the new opinions into ``out`` and returns the largest change. Rows are independent,
    so they run in parallel; the result does not depend on the number of threads.
    """
    n = x.shape[0]
    change = np.empty(n)
    for i in prange(n):
        xi = x[i]
        total = xi
        count = 1.0
        for p in range(indptr[i], indptr[i + 1]):
            xj = x[indices[p]]
            near = 1.0 if abs(xj - xi) <= eps else 0.0
            total += near * xj
            count += near
        new = total / count
        out[i] = new
        change[i] = abs(new - xi)
    return change.max()


def warm_up() -> None:
    """Compile every loop once on tiny inputs (benchmarks call it to leave JIT time out)."""
    x = np.array([0.0, 0.1, 0.9])
    words = np.arange(1, 65, dtype=np.uint32) * np.uint32(2654435761)
    ties = np.array([0, 1], dtype=np.int64), np.array([1, 2], dtype=np.int64)
    for complete in (True, False):
        pairwise_run(x, words, 0, 4, ties[0], ties[1], complete, 0.3, 0.6, 0.1, -1.0, 1.0)
        indptr = np.array([0, 1, 2, 2], dtype=np.int64)
        indices = np.array([1, 0], dtype=np.int64)
        voter_run(np.array([0, 1, 1], dtype=np.int64), 2, words, 0, 4, indptr, indices, complete)
    hk_graph_step(x, np.empty_like(x), np.array([0, 1, 2, 2]), np.array([1, 0]), 0.5)
