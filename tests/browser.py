"""A real headless Chromium for browser tests, driven by Playwright with the system's browser.

No browser is ever downloaded: the fixture uses the machine's ``chromium`` (Debian's package;
``make test`` installs it through ``scripts/ensure-chromium`` when it can) or the executable
named by ``POLSIM_CHROMIUM``, and skips with the reason when there is none. Each page records
its console errors and every request it makes, so a test can check that a file works offline.

``tests/conftest.py`` makes the fixtures ``browser`` and ``page`` available to every test; a
module that imports them as well gets the same browser: one Playwright and one Chromium per
test process, however many times the fixture is defined (two Playwright instances in one
thread refuse to start).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

#: Switches that keep the browser from phoning anybody or needing a sandbox in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The Chromium executable to use, or None when the machine has none."""
    named = os.environ.get("POLSIM_CHROMIUM")
    if named:
        return named if os.path.isfile(named) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.path.isfile("/usr/bin/chromium") else None


@dataclass
class Page:
    """A Playwright page with what it said and asked for."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


#: the one Playwright and browser of this process, and how many fixtures hold them
_SHARED: dict[str, Any] = {}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per test process."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium executable on this machine (install Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")
    if not _SHARED:
        playwright = sync_playwright().start()
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except BaseException:
            playwright.stop()
            raise
        _SHARED.update(playwright=playwright, browser=launched, holders=0)
    _SHARED["holders"] += 1
    try:
        yield _SHARED["browser"]
    finally:
        _SHARED["holders"] -= 1
        if _SHARED["holders"] == 0:
            _SHARED["browser"].close()
            _SHARED["playwright"].stop()
            _SHARED.clear()


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    """A fresh page that records console errors, page errors and requests."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    raw = context.new_page()
    seen = Page(raw)
    raw.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
    raw.on("pageerror", lambda e: seen.console_errors.append(str(e)))
    raw.on("request", lambda r: seen.requests.append(r.url))
    try:
        yield seen
    finally:
        context.close()
