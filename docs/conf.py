"""Sphinx configuration of polsim's documentation site.

The pages are the Markdown files beside this one (MyST-Parser); the API reference is made
from the docstrings of the public modules that ``tests/api_names.py`` lists. Build it with
``make docs`` (into ``build/docs``); the build needs no network and treats warnings as errors
in the tests.
"""

from __future__ import annotations

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
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    # MathJax served from the site itself (the package ships it), not from a CDN
    "sphinx-mathjax-offline",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "figures/*.md"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

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


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("source-read", _reference)
