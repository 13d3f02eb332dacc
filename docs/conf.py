"""Sphinx configuration of polsim's documentation site.

The pages are the Markdown files beside this one (MyST); the API reference is made from the
docstrings of the public modules that ``tests/api_names.py`` lists; the tutorials of
``notebooks/`` are copied into ``docs/notebooks/`` (not kept in git) and executed by MyST-NB
as the site is built, each in a fresh kernel in a scratch folder, so that the site shows them
with their outputs and a notebook that fails stops the build. Build it with ``make docs``
(into ``build/docs``); the build needs no network and treats warnings as errors in the tests.
"""

from __future__ import annotations

import filecmp
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import polsim  # noqa: E402
from tests.api_names import MODULES  # noqa: E402

project = "polsim"
author = "The polsim developers"
copyright = "The polsim developers, MIT licence"
release = polsim.__version__
version = release

extensions = [
    # MyST-NB: MyST Markdown pages, and notebooks executed and rendered
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    # MathJax served from the site itself (the package ships it), not from a CDN
    "sphinx-mathjax-offline",
]

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "figures/*.md"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# The tutorials run at the small sizes of their parameter cells; a cell that fails fails the
# build (with -W). Each runs in a temporary folder, so what it writes never lands in docs/.
nb_execution_mode = "force"
nb_execution_in_temp = True
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_merge_streams = True

# Offline: no intersphinx; MathJax comes with the site (sphinx-mathjax-offline).
html_theme = "alabaster"
html_title = f"polsim {release}"
html_static_path: list[str] = []

autodoc_member_order = "bysource"
autodoc_typehints = "description"
# A package re-exports its modules' names: document each name once, where it is defined.
autodoc_default_options = {"members": True, "show-inheritance": True, "ignore-module-all": True}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
# Type fields such as "array of shape (n,)" would be resolved against every attribute called
# ``n``; they are descriptions, not references.
suppress_warnings = ["ref.python"]


def _reference(app, docname, source):  # type: ignore[no-untyped-def]
    """Append one ``automodule`` per public module to the reference page."""
    if docname != "reference":
        return
    blocks = [
        f"\n## `{name}`\n\n```{{eval-rst}}\n.. automodule:: {name}\n```\n" for name in MODULES
    ]
    source[0] += "".join(blocks)


NOTEBOOKS = ROOT / "notebooks"
#: where the site's copies of the tutorials live (ignored by git; refreshed at every build)
COPIES = Path(__file__).resolve().parent / "notebooks"


def _copy_notebooks(app):  # type: ignore[no-untyped-def]
    """The tutorials into the site's source folder, before Sphinx looks for its pages (a copy
    is replaced only when the notebook changed, so an unchanged site is not rebuilt)."""
    COPIES.mkdir(exist_ok=True)
    wanted = {path.name for path in NOTEBOOKS.glob("*.ipynb")}
    for stale in COPIES.glob("*.ipynb"):
        if stale.name not in wanted:
            stale.unlink()
    for name in sorted(wanted):
        source, copy = NOTEBOOKS / name, COPIES / name
        if not copy.exists() or not filecmp.cmp(source, copy, shallow=False):
            shutil.copyfile(source, copy)


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("builder-inited", _copy_notebooks)
    app.connect("source-read", _reference)
