"""The workshop guide's exercises (docs/workshops.md, docs/workshops.nl.md): their scenario
files load and validate, both guides quote every exercise, and the script that makes the
players writes self-contained HTML players (here one exercise at a small size)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from polsim.scenarios import available, load, read_yaml

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "polsim" / "data" / "workshop"
SCRIPT = ROOT / "scripts" / "workshop.py"
EXERCISES = read_yaml(FOLDER / "exercises.yaml")["exercises"]
GUIDES = {"en": ROOT / "docs" / "workshops.md", "nl": ROOT / "docs" / "workshops.nl.md"}


def _scenario(name: str):
    own = FOLDER / f"{name}.yaml"
    return load(own if own.is_file() else name)


def test_four_to_six_exercises_with_unique_names():
    names = [e["name"] for e in EXERCISES]
    assert 4 <= len(names) <= 6
    assert len(set(names)) == len(names)
    assert all(set(e) == {"name", "scenario", "versus"} for e in EXERCISES)


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.yaml")), ids=lambda p: p.name)
def test_workshop_scenario_files_load(path):
    if path.name == "exercises.yaml":
        return
    scenario = load(path)
    assert scenario.name == path.stem
    assert scenario.title["en"]
    assert scenario.title["nl"]
    # the workshop folder is not the shipped one: `polsim list` and comparisons are unchanged
    assert path.stem not in available()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e["name"])
def test_every_exercise_names_scenarios_that_load(exercise):
    first, second = _scenario(exercise["scenario"]), _scenario(exercise["versus"])
    assert first.name != second.name


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_the_guides_quote_every_exercise(lang):
    """Each guide shows, for every exercise, the animate command of its pair, and its players'
    file names under build/workshop/."""
    text = GUIDES[lang].read_text(encoding="utf-8")
    for exercise in EXERCISES:
        versus = exercise["versus"]
        if (FOLDER / f"{versus}.yaml").is_file():
            versus = f"polsim/data/workshop/{versus}.yaml"
        pattern = rf"polsim animate scenario={exercise['scenario']} versus={re.escape(versus)} "
        assert re.search(pattern, text), f"{GUIDES[lang].name}: no command for {exercise}"
    assert "make workshop" in text
    assert "build/workshop/" in text
    assert f"roles.{lang}.html" in text


def test_the_dutch_guide_uses_brandsma_and_kis_terms():
    text = GUIDES["nl"].read_text(encoding="utf-8")
    roles = ("aanjager", "meeloper", "stille midden", "bruggenbouwer", "zondebok")
    phases = ("rustfase", "ongemak", "onderhuidse spanningen", "openlijke incidenten")
    for term in roles + phases:
        assert term in text


def test_the_script_writes_self_contained_players(tmp_path):
    out = tmp_path / "workshop"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--only", "media",
         "--n-agents", "300", "--weeks", "24"],  # the debate starts in week 20
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["media.en.html", "media.nl.html"]
    for lang in ("en", "nl"):
        html = (out / f"media.{lang}.html").read_text(encoding="utf-8")
        assert html.lstrip().lower().startswith("<!doctype html")
        # self-contained: nothing is fetched (no remote or relative sources, no links out)
        assert not re.search(r"""(src|href)\s*=\s*["'](?!data:|#)""", html, re.I)
        assert not re.search(r"https?://", html.split("</head>")[0])
        assert "debate_media_restraint" in html
        assert "shock" in html
        assert '"observed":' in html  # the quick scan's phase, for the thermometer
    assert "media:" in done.stdout


def test_the_script_refuses_an_unknown_exercise(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path / "w"), "--only", "nope"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "nope" in done.stderr
    assert not (tmp_path / "w").exists()


def _section(text: str, number: int) -> str:
    """Exercise ``number``'s section of a guide: from its heading to the next exercise's."""
    start = re.search(rf"^##+ {number}\. ", text, re.M)
    assert start, number
    end = re.search(rf"^##+ {number + 1}\. ", text[start.end() :], re.M)
    return text[start.start() : start.end() + end.start() if end else len(text)]


def test_exercise_6_quotes_what_its_player_shows():
    """The reviewer found the guide saying the reactive programme starts when the city reaches
    phase 3 (week 52) while the player showed it from week 31: it starts on the quick scan's
    phase, which the player now shows. Every week quoted is read from the player's recording,
    as `make workshop` makes it (2,000 people, 104 weeks, seed 2026)."""
    import numpy as np

    from polsim.outputs.animation import record_pair

    (exercise,) = [e for e in EXERCISES if e["name"] == "peace_or_signals"]
    peace, reactive = record_pair(_scenario(exercise["scenario"]), _scenario(exercise["versus"]),
                                  weeks=104, n_agents=2000, seed=2026)  # fmt: skip

    def first(series, phase: int) -> int:
        return int(np.argmax(series >= phase))

    acting = np.flatnonzero(reactive.interventions[0]["active"])
    scan = first(reactive.observed, 3)
    assert acting[0] == scan == first(peace.observed, 3) == 31  # both scans, week 31
    assert reactive.phase[scan] == 2
    assert peace.phase[scan] == 1
    assert acting[-1] == 60
    assert list(np.flatnonzero(peace.interventions[0]["active"])[[0, -1]]) == [1, 30]
    assert first(reactive.phase, 3) == 52
    assert first(peace.phase, 3) == 78
    quoted = {
        "silent at the start": round(100 * reactive.shares[0, 0]),
        "reactive silent at 31": round(100 * reactive.shares[scan, 0]),
        "peace silent at 31": round(100 * peace.shares[scan, 0]),
        "peace silent at the end": round(100 * peace.shares[-1, 0]),
        "peace pushers at the end": round(100 * peace.shares[-1, 2]),
        "reactive silent at the end": round(100 * reactive.shares[-1, 0]),
        "reactive pushers at the end": round(100 * reactive.shares[-1, 2]),
    }
    assert quoted == {"silent at the start": 95, "reactive silent at 31": 84,
                      "peace silent at 31": 90, "peace silent at the end": 86,
                      "peace pushers at the end": 6, "reactive silent at the end": 79,
                      "reactive pushers at the end": 10}  # fmt: skip
    for lang, path in GUIDES.items():
        section = " ".join(_section(path.read_text(encoding="utf-8"), 6).split())
        weeks = {int(w) for w in re.findall(r"\bweek (\d+)", section)}
        assert weeks == {1, 30, 31, 52, 60, 78}, (lang, weeks)
        percents = {int(v) for v in re.findall(r"(\d+)%", section)}
        assert percents == set(quoted.values()), (lang, percents)
        assert ("thin hatched" if lang == "en" else "smalle gearceerde") in section
