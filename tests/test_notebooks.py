"""The tutorials in notebooks/ are stored without outputs, with a parameter cell first.

That they run from top to bottom is tested where they are executed: the documentation site's
build (``tests/test_docs_site.py``) runs each in a fresh kernel through MyST-NB, fails on the
first cell that raises, and shows them with their outputs."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_five_tutorials_are_there():
    names = [path.stem for path in NOTEBOOKS]
    assert names == [
        "01-getting-started",
        "02-classic-reproductions",
        "03-comparing-scenarios",
        "04-sensitivity",
        "05-your-own-intervention",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_stored_clean(path):
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: stored with outputs"
            assert cell.execution_count is None, f"{path.name}: stored with execution counts"
    # a parameter cell first: nothing but UPPER_CASE names given constant values
    first = ast.parse(next(cell for cell in book.cells if cell.cell_type == "code").source)
    assert first.body, f"{path.name}: an empty first cell"
    for statement in first.body:
        assert isinstance(statement, ast.Assign), f"{path.name}: a parameter cell first"
        assert all(isinstance(t, ast.Name) and t.id.isupper() for t in statement.targets)
        ast.literal_eval(statement.value)
