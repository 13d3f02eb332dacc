"""Brandsma's roles read off the model state.

Pusher, joiner and silent middle are *emergent* states: they follow from commitment and
stance by documented thresholds. Bridge builder is *assigned* (by a scenario or an
intervention) and scapegoat is *acquired* (blame above a threshold). Each person has exactly
one role; the order of precedence is scapegoat > bridge builder > pusher > joiner > silent.
Key figures (sleutelfiguren) are a flag beside the role: they work inside their community
whatever their stance.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange
from numpy.typing import NDArray

__all__ = ["ROLE_CODES", "ROLE_NAMES", "classify", "role_shares"]

#: Role names in code order; ``classify`` returns indices into this tuple.
ROLE_NAMES = ("silent", "joiner", "pusher", "bridge_builder", "scapegoat")
ROLE_CODES = {name: code for code, name in enumerate(ROLE_NAMES)}


def classify(
    x: NDArray[np.float64],
    c: NDArray[np.float64],
    blame: NDArray[np.float64],
    bridge: NDArray[np.bool_],
    *,
    join_commitment: float,
    join_stance: float,
    push_commitment: float,
    push_stance: float,
    scapegoat_threshold: float,
    counts: NDArray[np.int64] | None = None,
) -> NDArray[np.int8]:
    r"""Role code of each person.

    - joiner: :math:`c_i \ge c_{join}` and :math:`|x_i| \ge x_{join}` (joined in, picked a side);
    - pusher: a joiner with :math:`c_i \ge c_{push}` and :math:`|x_i| \ge x_{push}`;
    - silent middle: everybody who has not joined in;
    - bridge builder: assigned;
    - scapegoat: :math:`b_i \ge b^*`.

    If ``counts`` (length 5) is given, it receives the number of people in each role.
    """
    role = np.empty(x.size, dtype=np.int8)
    tally = _classify(x, c, blame, bridge, join_commitment, join_stance, push_commitment,
                      push_stance, scapegoat_threshold, role)  # fmt: skip
    if counts is not None:
        counts[:] = tally
    return role


@njit(cache=True, parallel=True)
def _classify(
    x, c, blame, bridge, c_join, x_join, c_push, x_push, b_star, role
):  # pragma: no cover
    n0 = n1 = n2 = n3 = n4 = 0
    for i in prange(x.shape[0]):
        side = abs(x[i])
        code = 0  # silent
        if c[i] >= c_join and side >= x_join:
            code = 2 if (c[i] >= c_push and side >= x_push) else 1
        if bridge[i]:
            code = 3
        if blame[i] >= b_star:
            code = 4
        role[i] = code
        n0 += code == 0
        n1 += code == 1
        n2 += code == 2
        n3 += code == 3
        n4 += code == 4
    return np.array([n0, n1, n2, n3, n4])


def role_shares(
    role: NDArray[np.int8], counts: NDArray[np.int64] | None = None
) -> dict[str, float]:
    """Share of people in each role (they sum to 1); ``counts`` from :func:`classify` saves
    counting again."""
    if counts is None:
        counts = np.bincount(role.view(np.uint8), minlength=len(ROLE_NAMES))
    return {name: float(counts[k]) / role.size for k, name in enumerate(ROLE_NAMES)}
