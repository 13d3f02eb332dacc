"""The KIS reading and the English/Dutch labels."""

from __future__ import annotations

import numpy as np
import pytest

from polsim import text
from polsim.model import phases
from polsim.model.roles import ROLE_NAMES

THRESHOLDS = {"talk_threshold": 0.05, "avoidance_threshold": 0.15, "incident_threshold": 0.25}


@pytest.mark.parametrize(
    ("talk", "avoidance", "incidents", "expected"),
    [
        (0.0, 0.0, 0.0, 1),
        (0.049, 0.9, 9.0, 1),  # without unease, neither avoidance nor incidents make a phase
        (0.05, 0.0, 9.0, 2),
        (0.05, 0.149, 0.0, 2),
        (0.05, 0.15, 0.249, 3),
        (0.2, 0.15, 0.25, 4),
    ],
)
def test_phases_are_cumulative_readings_of_the_indicators(talk, avoidance, incidents, expected):
    assert phases.phase(talk, avoidance, incidents, **THRESHOLDS) == expected


def test_phase_arrays_and_the_window_reading():
    got = phases.phase(np.array([0.0, 0.1, 0.1]), np.array([0.0, 0.0, 0.2]), 0.0, **THRESHOLDS)
    assert got.tolist() == [1, 2, 3]
    params = {**THRESHOLDS, "reading_window": 4}
    # one loud week in four is averaged away; four are not
    history = {"us_them_talk": [0.0, 0.0, 0.0, 0.12], "avoidance": [0.2] * 4,
               "incident_rate": [0.0] * 4}  # fmt: skip
    assert phases.reading(history, params) == 1
    history["us_them_talk"] = [0.0, 0.12, 0.12, 0.12, 0.12]
    assert phases.reading(history, params) == 3


def test_every_role_and_phase_has_english_and_dutch_labels():
    for role in ROLE_NAMES:
        assert text.label(role, "en")
        assert text.label(role, "nl")
    assert text.label("pusher", "nl") == "aanjager"
    assert text.label("silent", "nl") == "stille midden"
    assert text.label(3, "nl") == "onderhuidse spanningen"
    assert text.label(1, "en") == "calm"
    with pytest.raises(ValueError, match="lang must be one of en, nl; got 'de'"):
        text.label("pusher", "de")
    with pytest.raises(ValueError, match="no label for 'mayor'"):
        text.label("mayor")
