"""The module list of docs/api.md: every public module and its public names (``__all__``).

``python -m tests.api_names docs/api.md`` writes it between the page's markers; the docs test
checks that the page is current."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

#: The stable surface: what a user of polsim needs, kept from 0.2 on (a name goes only after a
#: release in which it warns, with a changelog entry).
STABLE = (
    "polsim", "polsim.networks", "polsim.measures", "polsim.classic", "polsim.model",
    "polsim.interventions", "polsim.scenarios", "polsim.runs",
)  # fmt: skip
#: The building blocks: public and documented for researchers who extend polsim, but they may
#: change in a minor release (with a changelog entry).
BUILDING_BLOCKS = (
    "polsim.validation", "polsim.text",
    "polsim.classic.kernels", "polsim.classic.model", "polsim.classic.agents",
    "polsim.classic.result",
    "polsim.model.registry", "polsim.model.mechanisms", "polsim.model.engine",
    "polsim.model.roles", "polsim.model.phases", "polsim.model.media", "polsim.model.events",
    "polsim.model.levers", "polsim.model.context", "polsim.model.agents",
    "polsim.model.polarisation", "polsim.model.ensemble",
    "polsim.interventions.targeting", "polsim.interventions.monitoring",
    "polsim.runs.loop", "polsim.runs.executors", "polsim.runs.batches",
    "polsim.runs.comparison", "polsim.runs.sweep", "polsim.runs.sensitivity",
    "polsim.runs.results", "polsim.runs.store", "polsim.runs.limits",
    "polsim.ema",
    "polsim.outputs.report", "polsim.outputs.figures", "polsim.outputs.animation",
    "polsim.outputs.dashboard", "polsim.outputs.palette",
    "polsim.cli", "polsim.cli.grammar", "polsim.cli.config",
)  # fmt: skip
#: every public module, in the order of the layers
MODULES = STABLE + BUILDING_BLOCKS

START = "<!-- api-names: made by python -m tests.api_names docs/api.md -->"
END = "<!-- /api-names -->"


def _rows(modules: tuple[str, ...]) -> list[str]:
    rows = ["| module | public names |", "| --- | --- |"]
    for name in modules:
        module = importlib.import_module(name)
        names = ", ".join(f"`{n}`" for n in sorted(module.__all__))
        rows.append(f"| `{name}` | {names} |")
    return rows


def count(modules: tuple[str, ...]) -> int:
    """How many public names ``modules`` have."""
    return sum(len(importlib.import_module(name).__all__) for name in modules)


def table() -> str:
    """The Markdown tables of every public module and its public names: the stable surface,
    then the building blocks."""
    return "\n".join([
        f"### Stable ({count(STABLE)} names)", "", *_rows(STABLE), "",
        f"### Building blocks ({count(BUILDING_BLOCKS)} names)", "", *_rows(BUILDING_BLOCKS),
    ])  # fmt: skip


def render(page: str) -> str:
    """``page`` with the table between the markers."""
    head, rest = page.split(START, 1)
    return head + START + "\n\n" + table() + "\n\n" + END + rest.split(END, 1)[1]


if __name__ == "__main__":
    path = Path(sys.argv[1])
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
