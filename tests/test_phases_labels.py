"""KIS phases, temperature and the English/Dutch labels."""

from __future__ import annotations

import numpy as np
import pytest

from polsim import labels, phases
from polsim.roles import ROLE_NAMES


def test_temperature_components_and_phase_thresholds():
    assert phases.division(5 / 9) == 0.0
    assert phases.division(1.0) == 1.0
    assert phases.temperature(1.0, 1.0, 1 / 3) == 0.0  # everybody silent, tolerant, unimodal
    assert phases.temperature(0.0, 0.0, 1.0) == 1.0
    assert phases.temperature(0.4, 0.5, 5 / 9 + 2 / 9) == pytest.approx((0.6 + 0.5 + 0.5) / 3)
    lows = [0.0, 0.149, 0.15, 0.299, 0.3, 0.449, 0.45, 1.0]
    assert phases.phase(np.array(lows)).tolist() == [1, 1, 2, 2, 3, 3, 4, 4]
    assert phases.phase(0.2) == 2


def test_every_role_and_phase_has_english_and_dutch_labels():
    for role in ROLE_NAMES:
        assert labels.label(role, "en")
        assert labels.label(role, "nl")
    assert labels.label("pusher", "nl") == "aanjager"
    assert labels.label("silent", "nl") == "stille midden"
    assert labels.label(3, "nl") == "onderhuidse spanningen"
    assert labels.label(1, "en") == "calm"
    with pytest.raises(ValueError, match="lang must be one of en, nl"):
        labels.label("pusher", "de")
    with pytest.raises(ValueError, match="no label for 'mayor'"):
        labels.label("mayor")
