"""The module list of docs/api.md: every public module and its public names (``__all__``).

``python -m tests.api_names docs/api.md`` writes it between the page's markers; the docs test
checks that the page is current."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

#: the public modules, in the order of the layers
MODULES = (
    "polsim.validation", "polsim.text", "polsim.networks", "polsim.measures",
    "polsim.classic", "polsim.classic.kernels", "polsim.classic.model", "polsim.classic.agents",
    "polsim.classic.result",
    "polsim.model", "polsim.model.registry", "polsim.model.mechanisms", "polsim.model.roles",
    "polsim.model.phases", "polsim.model.media", "polsim.model.events", "polsim.model.levers",
    "polsim.model.agents", "polsim.model.polarisation", "polsim.model.engine",
    "polsim.model.ensemble",
    "polsim.interventions", "polsim.interventions.targeting", "polsim.interventions.monitoring",
    "polsim.scenarios",
    "polsim.runs", "polsim.runs.batches", "polsim.runs.executors", "polsim.runs.comparison",
    "polsim.runs.limits",
    "polsim.runs.store", "polsim.runs.sweep", "polsim.runs.sensitivity", "polsim.runs.results",
    "polsim.ema",
    "polsim.outputs.report", "polsim.outputs.figures", "polsim.outputs.animation",
    "polsim.outputs.dashboard",
    "polsim.cli", "polsim.cli.config",
)  # fmt: skip

START = "<!-- api-names: made by python -m tests.api_names docs/api.md -->"
END = "<!-- /api-names -->"


def table() -> str:
    """The Markdown table of every public module and its public names."""
    rows = ["| module | public names |", "| --- | --- |"]
    for name in MODULES:
        module = importlib.import_module(name)
        names = ", ".join(f"`{n}`" for n in sorted(module.__all__))
        rows.append(f"| `{name}` | {names} |")
    return "\n".join(rows)


def render(page: str) -> str:
    """``page`` with the table between the markers."""
    head, rest = page.split(START, 1)
    return head + START + "\n\n" + table() + "\n\n" + END + rest.split(END, 1)[1]


if __name__ == "__main__":
    path = Path(sys.argv[1])
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
