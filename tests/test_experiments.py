"""The study scripts behind the docs' figures run (quick mode) and write what they promise."""

from __future__ import annotations

import json

from experiments import classic_reproductions


def test_reproduction_study_quick_run(tmp_path):
    names = ["friedkin_johnsen_closed_form", "jager_amblard_regimes", "voter_complete_graph"]
    assert classic_reproductions.main(["--out", str(tmp_path), "--quick", "--only", *names]) == 0
    summary = json.loads((tmp_path / "reproductions.json").read_text())
    assert set(summary) == set(names)
    assert summary["friedkin_johnsen_closed_form"]["max_abs_error"] < 1e-10
    for name in names:
        assert (tmp_path / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
