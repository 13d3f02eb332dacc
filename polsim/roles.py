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
) -> NDArray[np.int8]:
    r"""Role code of each person.

    - joiner: :math:`c_i \ge c_{join}` and :math:`|x_i| \ge x_{join}` (joined in, picked a side);
    - pusher: a joiner with :math:`c_i \ge c_{push}` and :math:`|x_i| \ge x_{push}`;
    - silent middle: everybody who has not joined in;
    - bridge builder: assigned;
    - scapegoat: :math:`b_i \ge b^*`.
    """
    side = np.abs(x)
    role = np.zeros(x.size, dtype=np.int8)
    joined = (c >= join_commitment) & (side >= join_stance)
    role[joined] = ROLE_CODES["joiner"]
    role[joined & (c >= push_commitment) & (side >= push_stance)] = ROLE_CODES["pusher"]
    role[bridge] = ROLE_CODES["bridge_builder"]
    role[blame >= scapegoat_threshold] = ROLE_CODES["scapegoat"]
    return role


def role_shares(role: NDArray[np.int8]) -> dict[str, float]:
    """Share of people in each role (they sum to 1)."""
    counts = np.bincount(role, minlength=len(ROLE_NAMES))
    return {name: float(counts[k]) / role.size for k, name in enumerate(ROLE_NAMES)}
