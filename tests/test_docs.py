"""The Python examples in the README and the docs run as written."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["README.md", "docs/getting-started.md", "docs/policy-guide.md", "docs/experiments.md"]


def _blocks(page: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / page).read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("page", PAGES)
def test_python_examples_run(page, capsys):
    blocks = _blocks(page)
    assert blocks, f"{page} has no python example"
    for k, code in enumerate(blocks):
        # a real module, so that dataclasses and pickling in the examples work as in a script
        module = types.ModuleType(f"docs_example_{k}")
        sys.modules[module.__name__] = module
        try:
            exec(compile(code, page, "exec"), module.__dict__)
        finally:
            del sys.modules[module.__name__]
    assert capsys.readouterr().out


def test_docs_index_links_exist():
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+\.md)\)", index):
        assert (ROOT / "docs" / target).is_file(), target


def test_reproduction_figures_exist():
    page = (ROOT / "docs" / "reproductions.md").read_text(encoding="utf-8")
    figures = re.findall(r"\]\((figures/[^)]+\.png)\)", page)
    assert len(figures) >= 6
    for fig in figures:
        assert (ROOT / "docs" / fig).is_file(), fig


def test_odd_parameter_table_is_generated_from_the_registry():
    from polsim.model import registry

    odd = (ROOT / "docs" / "odd.md").read_text(encoding="utf-8")
    table = odd.split("<!-- parameters:start -->\n", 1)[1].split("<!-- parameters:end -->", 1)[0]
    assert table == registry.markdown_table(), "run: python -m polsim.model.registry docs/odd.md"


@pytest.mark.parametrize("name", ["calibration", "oat", "patterns"])
def test_odd_measured_sections_are_generated_from_the_recorded_studies(name):
    from experiments import odd_tables

    odd = (ROOT / "docs" / "odd.md").read_text(encoding="utf-8")
    expected = odd_tables.render(name, ROOT / "docs" / "figures")
    assert odd_tables.section(odd, name) == expected, "run: python -m experiments.odd_tables"


def test_api_page_lists_every_public_name():
    from tests.api_names import render

    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert page == render(page), "docs/api.md is stale: python -m tests.api_names docs/api.md"
