"""Animated runs: the recording against the model's own arrays, the GIF, MP4 and HTML player
written and read back, the command line, and the player in a real headless Chromium.

Files land under pytest's tmp folder (``pytest --basetemp=DIR`` to keep them somewhere); the
player's screenshot is ``player.png`` in the browser test's folder.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest

from polsim.model import PolarisationModel
from polsim.model.roles import ROLE_NAMES
from polsim.outputs import animation
from polsim.outputs.animation import Recording, quantise, record, record_pair, write
from tests.browser import Page
from tests.conftest import polsim_cli, polsim_main

WEEKS = 16
N = 240


@pytest.fixture(scope="module")
def pair() -> list[Recording]:
    return record_pair("baseline", "key_figures", weeks=WEEKS, n_agents=N, seed=5)


def test_the_recording_is_the_models_own_state_week_by_week() -> None:
    def city() -> PolarisationModel:
        return PolarisationModel(n_agents=N, rng=11, create_agents=False, key_figure_share=0.05)

    model, twin = city(), city()  # the same seed: the twin is stepped by hand alongside
    rec = record(model, WEEKS, name="city", seed=1)
    assert rec.stance.shape == rec.roles.shape == rec.incident.shape == (WEEKS + 1, N)
    assert rec.stance.dtype == np.uint8
    assert rec.roles.dtype == np.uint8
    np.testing.assert_array_equal(rec.people, np.arange(N))
    for week in range(WEEKS + 1):
        if week:
            twin.step()
            np.testing.assert_array_equal(rec.incident[week], twin.incidents)
        np.testing.assert_array_equal(rec.stance[week], quantise(twin.x))
        assert np.abs(rec.stance[week] / 127.5 - 1 - twin.x).max() <= 1 / 255 + 1e-12
        np.testing.assert_array_equal(rec.roles[week], twin.roles)
        np.testing.assert_array_equal(rec.key_figure[week], twin.key_figure)
    np.testing.assert_array_equal(model.x, twin.x)
    assert rec.key_figure[-1].sum() == round(0.05 * N)
    metrics = model.metrics
    np.testing.assert_allclose(rec.shares, metrics[list(ROLE_NAMES)].to_numpy())
    np.testing.assert_array_equal(rec.phase, metrics["phase"].to_numpy())
    np.testing.assert_array_equal(rec.incident.sum(axis=1)[1:], metrics["incidents"][1:])
    assert not rec.incident[0].any()
    assert rec.positions.shape == (N, 2)
    assert 0 <= rec.positions.min() <= rec.positions.max() <= 1
    # every tie among the people shown, once
    adj = model.adjacency
    ties = {(i, int(j)) for i in range(N) for j in adj.indices[adj.indptr[i]:adj.indptr[i + 1]]
            if i < j}  # fmt: skip
    assert {tuple(e) for e in rec.edges.tolist()} == ties


def test_a_large_city_is_shown_by_a_seeded_uniform_sample() -> None:
    first = record(PolarisationModel(n_agents=N, rng=2, create_agents=False), 2, seed=4,
                   max_shown=100)  # fmt: skip
    again = record(PolarisationModel(n_agents=N, rng=2, create_agents=False), 2, seed=4,
                   max_shown=100)  # fmt: skip
    assert first.sampled
    assert len(first.people) == 100
    assert len(set(first.people)) == 100
    np.testing.assert_array_equal(first.people, again.people)
    np.testing.assert_array_equal(first.positions, again.positions)
    assert "100 of 240 people shown" in animation._caption(first, "en")
    assert "100 van 240 inwoners" in animation._caption(first, "nl")


def test_two_scenarios_share_the_city_and_the_layout(pair: list[Recording]) -> None:
    base, keys = pair
    assert (base.name, keys.name) == ("baseline", "key_figures")
    assert base.positions is keys.positions
    np.testing.assert_array_equal(base.stance[0], keys.stance[0])  # the same people at week 0
    assert [a["kind"] for a in keys.interventions] == ["key_figures"]
    assert keys.interventions[0]["labels"]["nl"] == "sleutelfigurennetwerk"
    assert keys.interventions[0]["active"][1:].all()
    assert not keys.interventions[0]["active"][0]
    assert base.interventions == []
    assert keys.key_figure[-1].any()


def test_gif_has_a_frame_a_week_and_the_same_seed_gives_the_same_bytes(
    pair, tmp_path, keep
) -> None:
    from PIL import Image

    first = write(pair, tmp_path / "run.gif", lang="nl")
    second = write(record_pair("baseline", "key_figures", weeks=WEEKS, n_agents=N, seed=5),
                   tmp_path / "again.gif", lang="nl")  # fmt: skip
    with Image.open(first) as image:
        assert image.format == "GIF"
        assert image.n_frames == WEEKS + 1
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.gif", "run.gif"]
    keep(first, "run.nl.gif")


def test_mp4_is_a_video_ffmpeg_reads_back(pair, tmp_path, keep) -> None:
    import imageio_ffmpeg

    out = write(pair[:1], tmp_path / "run.mp4", fps=10)
    assert out.read_bytes()[4:8] == b"ftyp"
    frames, _seconds = imageio_ffmpeg.count_frames_and_secs(str(out))
    assert frames == WEEKS + 1
    keep(out, "run.mp4")


def _decode(b64: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(b64), dtype=dtype)


def test_player_is_one_offline_file_whose_data_are_the_recording(pair, tmp_path) -> None:
    out = write(pair, tmp_path / "run.html", lang="nl")
    html = out.read_text(encoding="utf-8")
    assert "http://" not in html
    assert "https://" not in html
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", html)  # nothing loaded from outside
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in html
    data = json.loads(re.search(r'type="application/json">(.*?)</script>', html, re.S)[1])
    assert data["strings"]["nl"]["role.pusher"] == "aanjager"
    assert data["strings"]["en"]["phase.4"] == "open incidents / escalation"
    for rec, run in zip(pair, data["runs"], strict=True):
        m = len(rec.people)
        shape = (rec.weeks + 1, m)
        np.testing.assert_array_equal(_decode(run["stance"], "u1").reshape(shape), rec.stance)
        np.testing.assert_array_equal(_decode(run["roles"], "u1").reshape(shape), rec.roles)
        flags = _decode(run["flags"], "u1").reshape(shape)
        np.testing.assert_array_equal(flags & 1 == 1, rec.key_figure)
        np.testing.assert_array_equal(flags & 2 == 2, rec.incident)
        np.testing.assert_array_equal(_decode(run["phase"], "u1"), rec.phase)
        shares = _decode(run["shares"], "<u2").reshape(-1, len(ROLE_NAMES)) / 10000
        np.testing.assert_allclose(shares, rec.shares, atol=0.5e-4)
        positions = _decode(run["positions"], "<u2").reshape(-1, 2) / 65535
        np.testing.assert_allclose(positions, rec.positions, atol=1e-4)
        np.testing.assert_array_equal(_decode(run["edges"], "<u2").reshape(-1, 2), rec.edges)
    again = write(record_pair("baseline", "key_figures", weeks=WEEKS, n_agents=N, seed=5),
                  tmp_path / "again.html", lang="nl")  # fmt: skip
    assert again.read_bytes() == out.read_bytes()


def test_the_player_plays_scrubs_and_switches_language_in_chromium(
    pair, tmp_path, page: Page, keep
) -> None:
    out = write(pair, tmp_path / "player.html", lang="en")
    url = out.resolve().as_uri()
    p = page.page
    p.goto(url)
    p.wait_for_function("window.polsimPlayer !== undefined")
    assert p.evaluate("polsimPlayer.weeks") == WEEKS
    assert p.locator("#play").inner_text() == "play"
    assert p.locator("canvas.frame").count() == 2
    p.select_option("#speed", "30")
    p.click("#play")
    p.wait_for_function("polsimPlayer.week >= 5", timeout=10_000)
    p.click("#play")  # pause
    assert not p.evaluate("polsimPlayer.playing")
    p.locator("#scrub").fill("12")
    assert p.evaluate("polsimPlayer.week") == 12
    assert p.locator("#week").inner_text() == f"week 12 of {WEEKS}"
    p.click("#lang")
    assert p.locator("#play").inner_text() == "afspelen"
    assert p.locator("#week").inner_text() == f"week 12 van {WEEKS}"
    assert "Sleutelfigurennetwerk" in p.locator("#runs").inner_text()
    # the canvas shows people: not a blank picture
    pixels = p.evaluate(
        "(() => { const c = document.querySelector('canvas.frame');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, 440).data;"
        " const seen = new Set();"
        " for (let i = 0; i < d.length; i += 4) seen.add(d[i] + ',' + d[i+1]);"
        " return seen.size; })()"
    )
    assert pixels > 20
    shot = tmp_path / "player.png"
    p.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:4] == b"\x89PNG"
    assert page.console_errors == []
    assert set(page.requests) == {url}
    keep(out, "player.html")
    keep(shot, "player.png")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scenario=nope", "out=x.gif"], "scenario 'nope' is unknown"),
        (["scenario=baseline", "out=x.avi"], "out must end in .gif, .mp4, .html"),
        (["scenario=baseline", "out=x.gif", "weeks=0"], "weeks"),
        (["scenario=baseline", "out=x.gif", "weeks=abc"], "weeks must be a whole number"),
        (["scenario=baseline", "out=x.gif", "colour=red"], "unknown key 'colour'"),
        (["scenario=baseline", "out=x.gif", "lang=de"], "lang must be one of en, nl"),
        (["scenario=baseline", "out=x.gif", "n_agents=5"], "n_agents"),
        (["scenario=baseline", "out=x.gif", "fps=fast"], "fps must be a number"),
        (["out=x.gif"], "scenario is required"),
        (["scenario=baseline"], "out is required"),
        (["replay=nowhere", "out=x.gif"], "replay=FOLDER and run=RUN_ID go together"),
        (["scenario=baseline", "out=missing/x.gif"], "out: the folder missing does not exist"),
    ],
)
def test_animate_bad_input_is_one_line_exit_2_nothing_written(
    args, message, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    done = polsim_main("animate", *args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_animate_a_scenario_and_a_stored_run_from_the_command_line(tmp_path) -> None:
    out = tmp_path / "run.html"
    done = polsim_cli("animate", "scenario=baseline", "versus=media_restraint", f"out={out}",
                      "lang=nl", "weeks=6", "n_agents=150", "seed=3")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert str(out.resolve()) in done.stdout
    assert "animatie geschreven" in done.stdout
    assert "Terughoudende media en constructieve journalistiek" in out.read_text()
    stored = polsim_main("compare", "scenarios=[baseline,key_figures]", "replicates=2",
                         "weeks=5", "model.n_agents=120", "executor=serial",
                         f"out={tmp_path / 'results'}", "--quiet")  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    (folder,) = (tmp_path / "results").iterdir()
    gif = tmp_path / "replayed.gif"
    replayed = polsim_main("animate", f"replay={folder}", "run=key_figures-r000", f"out={gif}")
    assert replayed.returncode == 0, replayed.stderr
    from PIL import Image

    with Image.open(gif) as image:
        assert image.n_frames == 6
    wrong = polsim_main("animate", f"replay={folder}", "run=key_figures-r009", f"out={gif}x.gif")
    assert wrong.returncode == 2
    assert "run_id must be one of" in wrong.stderr
    assert not (tmp_path / "replayed.gifx.gif").exists()


def test_demo_in_dutch_writes_a_player_of_its_city(tmp_path) -> None:
    done = polsim_main("demo", "--out", str(tmp_path), "--agents", "60", "--seed", "3",
                       "--lang", "nl")  # fmt: skip
    assert done.returncode == 0, done.stderr
    (folder,) = tmp_path.iterdir()
    player = folder / "brandsma_baseline.html"
    html = player.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert "http://" not in html
    assert "https://" not in html
    assert str(player.resolve()) in done.stdout
    assert "speler" in done.stdout
    assert "figuur geschreven" in done.stdout


def test_animate_from_python_writes_by_extension(tmp_path) -> None:
    import polsim

    out = polsim.animate("baseline", tmp_path / "a.html", weeks=3, n_agents=80, seed=1)
    assert out == tmp_path / "a.html"
    assert out.stat().st_size > 0
    with pytest.raises(ValueError, match="out must end in"):
        polsim.animate("baseline", tmp_path / "a.webm", weeks=3, n_agents=80)
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]
