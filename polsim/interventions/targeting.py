"""Who an intervention reaches: targeting rules.

A rule picks ``count`` people from the city's current state, as the policy context shows it
(read-only), drawing any randomness from the intervention's own generator (never the model's,
so that scenarios stay paired).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from polsim.model.roles import ROLE_CODES
from polsim.validation import check_options

if TYPE_CHECKING:
    from polsim.model.context import PolicyContext

__all__ = ["TARGETING_RULES", "Targeting"]

#: Targeting rules and what they mean.
TARGETING_RULES = {
    "random": "people drawn at random",
    "most_exposed": "the people under the highest pressure this week",
    "central": "the best-connected people (most ties)",
    "group": "people of one group or neighbourhood (the network's node attribute 'group')",
    "silent_middle": "people of the silent middle, at random",
    "central_middle": "the best-connected people of the silent middle",
    "pushers": "the pushers, most committed and extreme first",
    "loudest": "the most visible people, whatever their role (the loud voices)",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Targeting:
    """A targeting rule: ``rule`` (one of :data:`TARGETING_RULES`) and, for ``group``, which
    group."""

    rule: str = "random"
    group: int | str | None = None

    def __post_init__(self) -> None:
        check_options(self.rule, "targeting.rule", TARGETING_RULES)
        if self.group is not None and not isinstance(self.group, (int, str)):
            raise ValueError(
                f"targeting.group must be a group's name or number, got {self.group!r}"
            )
        if self.rule == "group" and self.group is None:
            raise ValueError("targeting.group must name a group when targeting.rule is 'group'")

    def pick(
        self, context: PolicyContext, count: int, rng: np.random.Generator
    ) -> NDArray[np.int64]:
        """Up to ``count`` distinct people (fewer if the rule's pool is smaller)."""
        pool = self._pool(context)
        count = min(count, pool.size)
        if count <= 0:
            return np.empty(0, dtype=np.int64)
        if self.rule == "most_exposed":
            order = np.argsort(-context.pressure[pool], kind="stable")
            return pool[order[:count]]
        if self.rule == "loudest":
            order = np.argsort(-context.visibility[pool], kind="stable")
            return pool[order[:count]]
        if self.rule in ("central", "central_middle"):
            order = np.argsort(-context.degree[pool], kind="stable")
            return pool[order[:count]]
        if self.rule == "pushers":
            extremity = context.commitment[pool] * np.abs(context.stance[pool])
            order = np.argsort(-extremity, kind="stable")
            return pool[order[:count]]
        return np.sort(rng.choice(pool, size=count, replace=False))

    def _pool(self, context: PolicyContext) -> NDArray[np.int64]:
        if self.rule in ("silent_middle", "central_middle"):
            return np.flatnonzero(context.roles == ROLE_CODES["silent"])
        if self.rule == "pushers":
            return np.flatnonzero(context.roles == ROLE_CODES["pusher"])
        if self.rule == "group":
            groups = context.groups
            if groups is None:
                raise ValueError(
                    "targeting.rule 'group' needs a network whose nodes have a 'group' attribute"
                )
            return np.flatnonzero(groups.astype(str) == str(self.group))
        return np.arange(context.n)
