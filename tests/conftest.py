"""Shared fixtures. Statistical tests draw their seeds from fixed SeedSequences so that the
suite is reproducible, and use many seeds so that no result rests on one lucky draw."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.browser import browser, page  # noqa: F401  (the browser fixtures, for every test)

ROOT = Path(__file__).resolve().parents[1]
#: Where the tests leave what a person would look at (the dashboard's screenshot, a GIF, a
#: player, the report, the documentation site), under fixed names, after every test run.
ARTIFACTS = ROOT / "build" / "test-artifacts"


@pytest.fixture
def keep() -> Callable[[Path, str], Path]:
    """``keep(path, name)``: a copy of a file or folder a test made, as ``ARTIFACTS/name``."""

    def keep(path: Path, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / name
        if path.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(path, target)
        else:
            shutil.copyfile(path, target)
        return target

    return keep


def polsim_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the ``polsim`` command as a user would, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "polsim", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=600,
    )


def polsim_main(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``polsim`` command in this process (its ``main``), with what it prints
    captured: the same exit status and lines as :func:`polsim_cli`, without starting an
    interpreter (for the many checks of one-line error messages)."""
    import contextlib
    import io

    from polsim.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse's own errors
            status = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(list(args), status, out.getvalue(), err.getvalue())


def seeds(count: int, key: int = 0) -> list[int]:
    """``count`` independent, reproducible 32-bit seeds derived from ``key``."""
    state = np.random.SeedSequence(20261128 + key).generate_state(count)
    return [int(s) for s in state]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)


def default_interrupts() -> None:
    """For a child process a test interrupts: Ctrl-C's signal handled as by default (Python then
    raises KeyboardInterrupt), even when the tests themselves were started with it ignored (a
    job run in the background by a shell without job control starts with SIGINT ignored, and
    a child inherits that)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
