"""Shared fixtures. Statistical tests draw their seeds from fixed SeedSequences so that the
suite is reproducible, and use many seeds so that no result rests on one lucky draw."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


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


def seeds(count: int, key: int = 0) -> list[int]:
    """``count`` independent, reproducible 32-bit seeds derived from ``key``."""
    state = np.random.SeedSequence(20261128 + key).generate_state(count)
    return [int(s) for s in state]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)
