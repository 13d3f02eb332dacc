"""The tutorials in notebooks/ run from top to bottom, and are stored without outputs."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs(path, tmp_path, monkeypatch):
    """Every cell runs without an error (nbclient raises on the first), in a scratch folder:
    what a notebook writes (the comparison's report) lands in pytest's tmp_path."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    book = nbformat.read(path, as_version=4)
    client = NotebookClient(
        book, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    errors = [
        output
        for cell in book.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
    # the last code cell gave its result: the notebook ran to its end
    assert any(cell.outputs for cell in book.cells if cell.cell_type == "code")
    # what it made is there to look at: the executed copy beside the pytest run's other files
    nbformat.write(book, tmp_path / path.name)
