"""Every ``polsim ...`` command line quoted in the README and the docs parses as written, and
the pages say how to reach the command (``.venv/bin/polsim``, or after activating ``.venv``).

A check at the level of ``cfg=job``: every setting is a key of its command with a valid value
(polsim's one grammar), the overrides of ``compare`` and ``run`` compose into a valid
configuration and name existing scenarios; nothing runs.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from polsim.cli.config import compose_config
from polsim.cli.grammar import parse
from polsim.cli.main import main
from polsim.scenarios import load

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
PROGRAM = re.compile(r"^(?:\.venv/bin/)?polsim(?: |$)")


def _sh_lines(text: str) -> list[str]:
    """The polsim command lines of the page's shell blocks (continuations joined, comments
    dropped)."""
    lines = []
    for block in re.findall(r"```(?:sh|bash|console|shell)\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if PROGRAM.match(line):
                lines.append(line)
    return lines


def _inline(text: str) -> list[str]:
    """The polsim command lines quoted as inline code in the page's prose."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    spans = re.findall(r"`((?:\.venv/bin/)?polsim [^`]+)`", prose)
    return [" ".join(span.split()) for span in spans]


def commands(page: str) -> list[str]:
    text = (ROOT / page).read_text(encoding="utf-8")
    found = _sh_lines(text) + _inline(text)
    # "polsim compare ... resume=<folder>": a pattern with placeholders, not a command line
    return [c for c in found if "..." not in c and "…" not in c and "<" not in c]


ALL = [(page, command) for page in PAGES for command in commands(page)]


def test_the_docs_quote_commands():
    assert len(ALL) >= 15
    assert {c.split()[1] for _, c in ALL if len(c.split()) > 1} >= {
        "compare", "run", "list", "demo", "sweep", "sensitivity"
    }  # fmt: skip


@pytest.mark.parametrize(("page", "command"), ALL, ids=[f"{p}: {c}" for p, c in ALL])
def test_command_parses(page, command, capsys):
    argv = shlex.split(command)[1:]
    if not argv or {"--help", "-h", "--version"} & set(argv):  # these print, with status 0
        assert main(argv) == 0, capsys.readouterr().err
        return
    found = parse(argv)  # an unknown key or a bad value raises, naming it
    if found.command in ("compare", "run"):
        cfg = compose_config(found.overrides)  # what cfg=job checks: keys and values
        for name in cfg.scenarios if found.command == "compare" else [cfg.scenario]:
            load(name)
    elif found.command in ("sweep", "animate"):
        for name in found.values.get("scenarios") or [found.values["scenario"]]:
            load(name)


# docs/api.md is made by tests/api_names.py and names `polsim --help` only to say how fast it is
@pytest.mark.parametrize("page", [p for p in PAGES if p != "docs/api.md"])
def test_pages_say_how_to_reach_the_command(page):
    """A page that quotes a bare ``polsim ...`` says how to activate the environment (or
    quotes it as ``.venv/bin/polsim``); shell blocks always spell out ``.venv/bin/polsim``
    unless the page says to activate first."""
    text = (ROOT / page).read_text(encoding="utf-8")
    bare = [c for c in _sh_lines(text) + _inline(text) if not c.startswith(".venv/bin/")]
    if bare:
        assert ". .venv/bin/activate" in text, f"{page} quotes {bare[0]!r} without saying how"
