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
from polsim.outputs.animation import (
    _MARKERS,
    Recording,
    _quantise,
    _render_figure,
    record,
    record_pair,
    write,
)
from polsim.outputs.palette import (
    INCIDENT_COLOUR,
    INCIDENT_HALO,
    KEY_FIGURE_COLOUR,
    PHASE_COLOURS,
    ROLE_COLOURS,
    STANCE_MAP,
)
from tests.browser import Page
from tests.conftest import polsim_cli, polsim_main
from tests.test_text_catalogue import english_vocabulary, words

WEEKS = 16
N = 240


@pytest.fixture(scope="module")
def pair() -> list[Recording]:
    return record_pair("baseline", "key_figures", weeks=WEEKS, n_agents=N, seed=5)


@pytest.fixture(scope="module")
def media() -> list[Recording]:
    """One scenario with an intervention whose name is long in Dutch (the reviewer's MP4)."""
    return record_pair("media_restraint", weeks=WEEKS, n_agents=N, seed=7)


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
        np.testing.assert_array_equal(rec.stance[week], _quantise(twin.x))
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
        np.testing.assert_array_equal(_decode(run["observed"], "u1"), rec.observed)
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
    # the legend draws each entry with the marks the frames draw (one function draws both)
    marks = p.eval_on_selector_all("#legend span.item", "items => items.map(i => i.dataset.mark)")
    assert marks == ["stance_left", "stance_right", *ROLE_NAMES, "key_figure", "incident",
                     "phase_true", "phase_observed"]  # fmt: skip
    probe = """([mark, x, y]) => { const c = document.querySelector(
        `#legend span[data-mark="${mark}"] canvas`).getContext('2d');
        const d = c.getImageData(x - 1, y - 1, 3, 3).data; const out = [];
        for (let i = 0; i < d.length; i += 4) out.push([d[i], d[i+1], d[i+2], d[i+3]]);
        return out; }"""

    def near(mark: str, x: int, y: int, colour: str) -> bool:
        """Whether a pixel around (x, y) of ``mark``'s icon (centre 14, 12) is ``colour``."""
        want = np.array([int(colour[k : k + 2], 16) for k in (1, 3, 5)])
        seen = np.array(p.evaluate(probe, [mark, x, y]))
        return bool(((np.abs(seen[:, :3] - want).max(axis=1) < 60) & (seen[:, 3] > 150)).any())

    assert near("bridge_builder", 14, 6, ROLE_COLOURS["bridge_builder"])  # a diamond's top
    assert not near("joiner", 14, 6, ROLE_COLOURS["joiner"])  # a dot only
    assert near("scapegoat", 18, 16, ROLE_COLOURS["scapegoat"])  # a cross's arm
    assert near("key_figure", 14, 16, KEY_FIGURE_COLOUR)  # a triangle's base
    assert near("incident", 23, 12, INCIDENT_COLOUR)  # the ring, radius 9
    assert near("incident", 25, 12, INCIDENT_HALO)  # on its halo
    assert near("pusher", 1, 12, ROLE_COLOURS["pusher"])  # the role's line in the chart
    # the role shares' chart has its weeks labelled underneath
    assert p.evaluate("polsimPlayer.weekTicks") == list(range(0, WEEKS + 1, 2))
    box = p.evaluate("polsimPlayer.geometry")
    scale = p.evaluate("polsimPlayer.scale")
    dark = p.evaluate(
        """([x, y, w, h]) => { const c = document.querySelector('canvas.frame');
        const d = c.getContext('2d').getImageData(x, y, w, h).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 160) n++; return n; }""",
        [round(v * scale) for v in (100, box["chartTop"] + box["chart"] + 5, 340, 13)],
    )
    assert dark > 20
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
        (["scenario=baseline", "out=x.gif", "colour=red"], "unknown setting 'colour'"),
        (["scenario=baseline", "out=x.gif", "lang=de"], "lang must be one of en, nl"),
        (["scenario=baseline", "out=x.gif", "model.n_agents=5"], "model.n_agents must be"),
        (["scenario=baseline", "out=x.gif", "fps=fast"], "fps must be a number"),
        (["out=x.gif"], "scenario is required"),
        (["scenario=baseline"], "out is required"),
        (["from=nowhere", "out=x.gif"], "from=FOLDER and run=RUN_ID go together"),
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
                      "lang=nl", "weeks=6", "model.n_agents=150", "seed=3")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert str(out.resolve()) in done.stdout
    assert "animatie geschreven" in done.stdout
    assert "Terughoudende media en constructieve journalistiek" in out.read_text()
    stored = polsim_main("compare", "scenarios=[baseline,key_figures]", "replicates=2",
                         "weeks=5", "model.n_agents=120", "executor=serial",
                         f"out={tmp_path / 'results'}", "quiet=true")  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    (folder,) = (tmp_path / "results").iterdir()
    gif = tmp_path / "replayed.gif"
    replayed = polsim_main("animate", f"from={folder}", "run=key_figures-r000", f"out={gif}")
    assert replayed.returncode == 0, replayed.stderr
    from PIL import Image

    with Image.open(gif) as image:
        assert image.n_frames == 6
    wrong = polsim_main("animate", f"from={folder}", "run=key_figures-r009", f"out={gif}x.gif")
    assert wrong.returncode == 2
    assert "run must be one of" in wrong.stderr  # the key as typed
    assert not (tmp_path / "replayed.gifx.gif").exists()


def test_demo_in_dutch_writes_a_player_of_its_city(tmp_path) -> None:
    done = polsim_main("demo", f"out={tmp_path}", "model.n_agents=60", "seed=3", "lang=nl")
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


# -- the frames' layout, legend and marks ----------------------------------------------------


def _texts_outside(fig) -> list[str]:
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    outside = []
    for item in fig.findobj(Text):
        if not item.get_visible() or not item.get_text().strip():
            continue
        box = item.get_window_extent(renderer)
        if box.x0 < 0 or box.y0 < 0 or box.x1 > width or box.y1 > height:
            outside.append(f"{item.get_text()!r} at {[round(v) for v in box.extents]}")
    return outside


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("which", ["one", "two"])
def test_every_text_of_a_frame_lies_inside_it(which, lang, pair, media) -> None:
    from matplotlib.text import Text

    recordings = media if which == "one" else pair
    fig, show = _render_figure(recordings, lang=lang)
    positions = [ax.get_position().bounds for ax in fig.axes]
    for week in (0, WEEKS // 2, WEEKS):
        show(week)
        fig.canvas.draw()
        assert _texts_outside(fig) == [], f"week {week}"
    # the layout is made once: a week's frame does not move anything
    assert [ax.get_position().bounds for ax in fig.axes] == positions
    shown = {t.get_text() for t in fig.findobj(Text) if t.get_visible()}
    # what the reviewer found cut off or missing is there, whole
    assert animation.text("animation.share", lang) in shown  # the shares' y label
    assert animation.text("animation.incident", lang) in shown
    assert animation.text("animation.stance_left", lang) in shown
    assert animation.text("animation.phase_true", lang) in shown
    assert animation.text("animation.phase_observed", lang) in shown
    legend = fig.legends[0]
    assert len(legend.get_texts()) == 11
    for rec in recordings:
        for act in rec.interventions:
            assert act["labels"][lang] in shown
    if which == "one":
        assert "terughoudendheid media" in shown or lang == "en"
        assert "media restraint" in shown or lang == "nl"


def _marker_shape(marker: str) -> np.ndarray:
    from matplotlib.markers import MarkerStyle

    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform()).vertices


def test_the_legend_shows_the_marks_the_frames_draw(pair) -> None:
    """Each legend entry draws the marks that the network draws for that kind of person, in
    the same colours: diamonds for bridge builders, crosses for scapegoats, triangles for key
    figures, a black ring on a white halo for an incident; the roles' outlines and lines."""
    from matplotlib.colors import to_hex

    base, keys = pair
    fig, show = _render_figure(pair, lang="en")
    assert keys.key_figure[WEEKS].any()
    net = fig.axes[0]
    # the network's collections: the ties, the dots, then a collection per mark
    _ties, dots, bridges, key_marks, scapegoats, _halos, rings = net.collections
    frame = {
        "bridge_builder": (bridges, ROLE_COLOURS["bridge_builder"]),
        "key_figure": (key_marks, KEY_FIGURE_COLOUR),
        "scapegoat": (scapegoats, ROLE_COLOURS["scapegoat"]),
        "incident": (rings, INCIDENT_COLOUR),
    }
    legend = animation._legend_handles(np.zeros((256, 4)), "en")
    entries = {entry: handle for handle, entry in legend}
    names = {"incident": "incident this week", "key_figure": "key figure",
             "bridge_builder": "bridge builder", "scapegoat": "scapegoat"}  # fmt: skip
    for kind, (collection, colour) in frame.items():
        drawn = collection.get_paths()[0].vertices
        np.testing.assert_allclose(drawn, _marker_shape(_MARKERS[kind]))
        handle = entries[names[kind]]
        marked = [h for h in handle if h.get_marker() == _MARKERS[kind]
                  and to_hex(h.get_markeredgecolor()) == colour.lower()]  # fmt: skip
        assert marked, kind
        np.testing.assert_allclose(_marker_shape(marked[0].get_marker()), drawn)
    # every role: a dot outlined in the role's colour, as the network's dots are
    role_edge = {role: to_hex(ROLE_COLOURS[role]) for role in ROLE_NAMES}
    for role in ROLE_NAMES:
        handle = entries[animation.label(role, "en")]
        assert any(h.get_marker() == "o" and to_hex(h.get_markeredgecolor()) == role_edge[role]
                   for h in handle), role  # fmt: skip
    show(WEEKS)
    edges = [to_hex(c) for c in dots.get_edgecolors()]
    assert edges == [role_edge[ROLE_NAMES[r]] for r in base.roles[WEEKS]]
    second = fig.axes[4].collections[3]  # the key figures' triangles of the right-hand city
    np.testing.assert_array_equal(second.get_offsets(), keys.positions[keys.key_figure[WEEKS]])


def test_an_incident_is_a_black_ring_on_a_white_halo_around_the_person(pair) -> None:
    import dataclasses

    incident = np.zeros_like(pair[0].incident)
    week = 3
    incident[week, [5, 17, 40]] = True  # three people in an incident in week 3
    rec = dataclasses.replace(pair[0], incident=incident)
    fig, show = _render_figure([rec], lang="nl")
    show(week)
    _ties, dots, *_marks, halos, rings = fig.axes[0].collections
    where = rec.positions[rec.incident[week]]
    np.testing.assert_array_equal(rings.get_offsets(), where)
    np.testing.assert_array_equal(halos.get_offsets(), where)
    assert tuple(rings.get_edgecolors()[0]) == (0.0, 0.0, 0.0, 1.0) == animation._rgba(
        INCIDENT_COLOUR)  # fmt: skip
    assert tuple(halos.get_edgecolors()[0]) == animation._rgba(INCIDENT_HALO) == (1, 1, 1, 1)
    assert halos.get_linewidths()[0] > rings.get_linewidths()[0] >= 2
    assert halos.get_zorder() < rings.get_zorder()
    assert rings.get_sizes()[0] >= 8 * dots.get_sizes()[0]  # a ring around the dot
    # not the vermilion of before, next to the orange pole: black on white
    assert INCIDENT_COLOUR.upper() != "#D55E00"
    show(0)
    assert len(rings.get_offsets()) == 0


def test_the_media_box_names_the_outlets_in_the_language_with_their_reach(media) -> None:
    model = PolarisationModel(n_agents=N, rng=4, create_agents=False)
    rec = record(model, 2, seed=1)
    reach = [float(np.mean(o.followers)) for o in model.outlets]
    assert rec.reach == reach
    assert len(reach) == 3
    assert 0 < min(reach) <= max(reach) < 1
    nl, en = animation._media(rec, "nl"), animation._media(rec, "en")
    from polsim.text import percent

    assert nl == "media (katalysator) en hun bereik: " + ", ".join(
        f"medium {k + 1} {percent(r, 'nl')}" for k, r in enumerate(reach))  # fmt: skip
    assert en.startswith("media (catalyst) and their reach: outlet 1 ")
    assert "outlet" not in nl
    named = Recording(**{**{f: getattr(rec, f) for f in rec.__dataclass_fields__},
                         "outlets": ["Stadsblad", "outlet 2", "Radio 4"]})  # fmt: skip
    assert animation._media(named, "nl").split(": ")[1].startswith("Stadsblad ")
    assert "medium 2" in animation._media(named, "nl")


def test_no_english_in_the_dutch_frames_and_player_words(media, pair) -> None:
    from matplotlib.text import Text

    vocabulary = english_vocabulary()
    for recordings in (media, pair):
        fig, show = _render_figure(recordings, lang="nl")
        show(WEEKS)
        fig.canvas.draw()
        shown = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
        found = {w: line for line in shown for w in words(line) & vocabulary}
        assert not found, found
        data = animation._player_data(recordings)
        for run in data["runs"]:
            assert "outlet" not in run["media"]["nl"]
            assert not words(run["media"]["nl"]) & vocabulary
        assert not {w for v in data["strings"]["nl"].values() for w in words(v)} & vocabulary


# -- the demo's figures: the player's colour-blind-safe palette --------------------------------


def _colours_drawn(fig) -> set[str]:
    """The colours of every line and bar on ``fig``'s axes (not its frame or background)."""
    from matplotlib.colors import to_hex

    found = set()
    for ax in fig.axes:
        found |= {to_hex(line.get_color()) for line in ax.get_lines()}
        found |= {to_hex(bar.get_facecolor(), keep_alpha=False) for bar in ax.patches}
        for collection in ax.collections:
            found |= {to_hex(c, keep_alpha=False) for c in collection.get_facecolors()}
            found |= {to_hex(c, keep_alpha=False) for c in collection.get_edgecolors()}
    return found


def test_the_demo_figures_use_the_okabe_ito_palette_and_the_players_role_colours() -> None:
    from matplotlib.colors import to_hex

    from polsim.outputs.figures import classic_gallery, polarisation_overview
    from polsim.outputs.palette import OKABE_ITO

    palette = {c.lower() for c in OKABE_ITO.values()}
    role_colours = {c.lower() for c in ROLE_COLOURS.values()}
    gallery = classic_gallery(rng=1, n=80, lang="nl")
    used = _colours_drawn(gallery)
    assert len(used) >= 4
    assert used <= palette, used - palette
    # the three regimes in the same colours in the Jager-Amblard and Baumann panels, none red
    # beside green
    ja, baumann = gallery.axes[3], gallery.axes[5]
    regimes = [to_hex(p.get_facecolor(), keep_alpha=False) for p in
               (c.patches[0] for c in ja.containers)]  # fmt: skip
    assert regimes == [to_hex(p.get_facecolor(), keep_alpha=False) for p in
                       (c.patches[0] for c in baumann.containers)]  # fmt: skip
    assert len(set(regimes)) == 3
    model = PolarisationModel(n_agents=120, rng=2, create_agents=False)
    for _ in range(8):
        model.step()
    overview = polarisation_overview(model.metrics, lang="en", title="x")
    roles = overview.axes[0]
    by_label = {line.get_label(): to_hex(line.get_color()) for line in roles.get_lines()}
    assert by_label == {animation.label(r, "en"): to_hex(ROLE_COLOURS[r]) for r in ROLE_NAMES}
    assert _colours_drawn(overview) <= palette | role_colours


# -- the quick scan's phase, the past only, the GIF's and MP4's pixels, the player's screen ------


def test_the_recording_keeps_the_phase_the_quick_scan_observed_and_triggers_start_on_it() -> None:
    """What the reviewer found: a reactive programme started while the thermometer showed
    phase 1-2, because its trigger reads the quick scan, which the animation did not show."""
    from polsim.scenarios import load, make_model

    scenario = load("reactive")
    model, twin = (make_model(scenario, seed=2026, replicate=0, parameters={"n_agents": N})
                   for _ in range(2))  # fmt: skip
    weeks = 40
    rec = record(model, weeks, name="reactive", seed=1)
    seen = [twin.observed_phase or 0]
    for _ in range(weeks):
        twin.step()
        seen.append(twin.observed_phase or 0)
    np.testing.assert_array_equal(rec.observed, seen)
    np.testing.assert_array_equal(model.x, twin.x)  # recording changed nothing in the model
    scan = model.policies[0]
    reports = [r for r in scan.history if r["week"] < weeks]
    assert len(reports) >= 5
    for report in reports:  # a report holds from the week it arrives (row week + 1)
        assert rec.observed[int(report["week"]) + 1] == report["observed_phase"]
    assert rec.observed[0] == 0  # nothing observed before the first report
    active = rec.interventions[0]["active"]
    assert active.any()
    first = int(np.argmax(active))
    assert rec.observed[first] >= 3 > rec.observed[:first].max()  # it starts on the scan


def _lines(fig, axes: int) -> list:
    return fig.axes[axes].get_lines()[: len(ROLE_NAMES)]


def test_a_frame_draws_the_role_shares_and_interventions_up_to_its_week_only(pair) -> None:
    fig, show = _render_figure(pair, lang="en")
    limits = [(fig.axes[k].get_xlim(), fig.axes[k].get_ylim()) for k in (2, 6)]
    assert limits == [((0, WEEKS), (0, 1))] * 2  # the axes span the whole run from week 0
    for week in (0, 1, 7, WEEKS):
        show(week)
        for rec, chart, timeline in zip(pair, (2, 6), (3, 7), strict=True):
            lines = _lines(fig, chart)
            assert [line.get_label() for line in lines] == [
                animation.label(r, "en") for r in ROLE_NAMES]  # fmt: skip
            for j, line in enumerate(lines):
                np.testing.assert_array_equal(line.get_xdata(), np.arange(week + 1))
                np.testing.assert_allclose(line.get_ydata(), rec.shares[: week + 1, j])
            bars = sum(len(c.get_paths()) for c in fig.axes[timeline].collections)
            assert bars == sum(int(a["active"][: week + 1].sum()) for a in rec.interventions)
        assert [(fig.axes[k].get_xlim(), fig.axes[k].get_ylim()) for k in (2, 6)] == limits
    assert len(_lines(fig, 2)[0].get_xdata()) == WEEKS + 1
    show(0)
    assert len(_lines(fig, 6)[0].get_xdata()) == 1  # frame 0: one point, no future


def test_the_thermometer_shows_the_citys_phase_and_the_scans(pair) -> None:
    import dataclasses

    from matplotlib.colors import to_hex

    observed = np.zeros(WEEKS + 1, dtype=np.uint8)
    observed[3:] = 1
    observed[9:] = 3
    rec = dataclasses.replace(pair[1], observed=observed)
    fig, show = _render_figure([rec], lang="nl")
    thermo = fig.axes[1]
    (scan,) = [b for b in thermo.patches if b.get_hatch() == animation.OBSERVED_HATCH]
    (city,) = [b for b in thermo.patches if 0.4 < b.get_width() < 0.6]  # not the bands (1)
    assert scan.get_width() < city.get_width() / 2  # the thin column
    for week in range(WEEKS + 1):
        show(week)
        assert city.get_height() == rec.phase[week]
        assert scan.get_height() == observed[week]
        if observed[week]:
            assert to_hex(scan.get_facecolor()) == PHASE_COLOURS[
                observed[week] - 1].lower()  # fmt: skip
    # a recording made without the scan's phase (old code, hand-made) shows an empty column
    bare = Recording(**{f: getattr(rec, f) for f in rec.__dataclass_fields__ if f != "observed"})
    np.testing.assert_array_equal(bare.observed, np.zeros(WEEKS + 1))


def _poles(rec: Recording) -> Recording:
    """``rec`` with every other person at the purple pole, the rest at the orange one, and
    every fourth a pusher (black outline), from week 1 on: the first frame has neither pole
    (a palette made from it alone turned the purple pole near-black)."""
    import dataclasses

    stance = rec.stance.copy()
    stance[0] = 128
    stance[1:, ::2], stance[1:, 1::2] = 0, 255
    roles = rec.roles.copy()
    roles[:, ::4] = ROLE_NAMES.index("pusher")
    return dataclasses.replace(rec, stance=stance, roles=roles)


def _pole_colour(at: float) -> np.ndarray:
    from matplotlib import colormaps

    return np.rint(np.array(colormaps[STANCE_MAP](at)[:3]) * 255).astype(int)


def _interior(mask: np.ndarray, r: int) -> np.ndarray:
    """The pixels of ``mask`` whose (2r+1)-square neighbourhood lies wholly in ``mask``."""
    out = mask.copy()
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            out &= np.roll(mask, (dy, dx), axis=(0, 1))
    return out


def test_gif_frames_are_large_with_readable_text_and_keep_the_poles_colours(
    pair, media, tmp_path, keep
) -> None:
    from matplotlib.text import Text
    from PIL import Image

    rec = _poles(media[0])
    out = write([rec], tmp_path / "poles.gif")
    *_, raw = animation._frames([rec])  # the last week as drawn, before the GIF's palette
    with Image.open(out) as gif:
        assert gif.size == (raw.shape[1], raw.shape[0])
        gif.seek(WEEKS)
        shown = np.asarray(gif.convert("RGB")).astype(int)
    assert raw.shape[:2] == (792, 768)  # 1.5 times the 528 x 512 of before
    for at in (0.0, 1.0):  # the purple pole and the orange one
        colour = _pole_colour(at)
        where = np.abs(raw.astype(int) - colour).max(axis=2) <= 2
        assert where.sum() > 300, at
        assert np.abs(shown[where] - colour).max() <= 8, at
    purple = np.abs(raw.astype(int) - _pole_colour(0.0)).max(axis=2) <= 2
    assert shown[purple].max(axis=1).min() >= 60  # never the near-black of the pushers' rims
    keep(out, "poles.gif")
    fig, _show = _render_figure(pair, lang="nl")
    assert (fig.bbox.width, fig.bbox.height) == (1536, 792)
    fig.canvas.draw()
    sizes = [t.get_fontsize() * fig.dpi / 72 for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()]  # fmt: skip
    assert min(sizes) >= 12  # pixels: readable on a slide


def test_mp4_is_marked_bt709_and_its_colours_come_back(media, tmp_path, keep) -> None:
    import subprocess

    import imageio_ffmpeg

    rec = _poles(media[0])
    out = write([rec], tmp_path / "poles.mp4")
    *_, last = animation._frames([rec])
    raw = last.astype(int)
    reader = imageio_ffmpeg.read_frames(str(out))
    meta = next(reader)
    assert tuple(meta["size"]) == (raw.shape[1], raw.shape[0])
    *_, frame = reader
    decoded = np.frombuffer(frame, np.uint8).reshape(raw.shape).astype(int)
    probe = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(out)],
                           capture_output=True, text=True, check=False).stderr  # fmt: skip
    assert "yuv420p(tv, bt709, progressive)" in probe  # matrix, primaries and transfer named
    # a known colour area: the thermometer's column of the city's phase
    phase = np.array([int(PHASE_COLOURS[rec.phase[-1] - 1][k : k + 2], 16)
                      for k in (1, 3, 5)])  # fmt: skip
    area = _interior(np.abs(raw - phase).max(axis=2) <= 1, 3)
    assert area.sum() > 500
    assert np.abs(decoded[area] - phase).max() <= 12
    assert np.median(np.abs(decoded[area] - phase).max(axis=1)) <= 4
    # the cores of the purple pole's dots: purple, not the dark of before
    purple = _pole_colour(0.0)
    core = _interior(np.abs(raw - purple).max(axis=2) <= 2, 1)
    assert core.sum() > 100
    assert np.median(np.abs(decoded[core] - purple).max(axis=1)) <= 10
    keep(out, "poles.mp4")


def test_the_player_fills_a_laptop_screen_with_the_legend_beside_and_draws_no_future(
    pair, tmp_path, browser, keep
) -> None:
    import dataclasses

    observed = np.zeros(WEEKS + 1, dtype=np.uint8)
    observed[3:], observed[9:] = 2, 3
    runs = [dataclasses.replace(pair[0], observed=observed), pair[1]]
    out = write(runs, tmp_path / "laptop.html", lang="nl")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        p = context.new_page()
        errors: list[str] = []
        p.on("pageerror", lambda e: errors.append(str(e)))
        p.goto(out.resolve().as_uri())
        p.wait_for_function("window.polsimPlayer !== undefined")
        boxes = p.evaluate(
            """() => { const r = e => { const b = e.getBoundingClientRect();
            return [b.left, b.top, b.right, b.bottom]; };
            return { legend: r(document.getElementById('legend')),
                     frames: [...document.querySelectorAll('canvas.frame')].map(r),
                     runs: [...document.querySelectorAll('.run')].map(r),
                     scroll: [document.documentElement.scrollWidth,
                              document.documentElement.scrollHeight] }; }"""
        )
        assert boxes["scroll"][0] <= 1366
        assert boxes["scroll"][1] <= 768  # nothing below the fold
        left, right = boxes["frames"]
        assert left[1] == right[1]  # side by side
        assert max(left[3], right[3], boxes["legend"][3]) <= 768
        assert boxes["legend"][0] >= boxes["runs"][1][2]  # the legend beside the runs
        assert boxes["legend"][2] <= 1366
        assert boxes["legend"][2] >= 1366 - 24  # no empty band on the right
        scale = p.evaluate("polsimPlayer.scale")
        geo = p.evaluate("polsimPlayer.geometry")
        assert 0.85 <= scale <= 1.2
        pixels = """([x, y, w, h]) => { const c = document.querySelector('canvas.frame');
            return Array.from(c.getContext('2d').getImageData(x, y, w, h).data); }"""

        def region(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
            box = [round(x0 * scale), round(y0 * scale)]
            box += [max(1, round(x1 * scale) - box[0]), max(1, round(y1 * scale) - box[1])]
            return np.array(p.evaluate(pixels, box)).reshape(box[3], box[2], 4)[..., :3]

        top, bottom = geo["chartTop"] + 2, geo["chartTop"] + geo["chart"] - 2
        span = geo["NET"] - 40  # the thermometer's height, 20 to NET - 20
        for week in (0, 1, 7, WEEKS):
            p.evaluate(f"polsimPlayer.seek({week})")
            assert p.evaluate("polsimPlayer.points") == [week + 1, week + 1]
            x = p.evaluate(f"polsimPlayer.xAt({week})")
            if week < WEEKS:  # right of the week: the empty chart, nothing of the future
                ahead = region(x + 3, top, p.evaluate(f"polsimPlayer.xAt({WEEKS})") - 2, bottom)
                assert (ahead.min(axis=2) > 225).all(), week
            if week >= 7:
                behind = region(p.evaluate("polsimPlayer.xAt(0)") + 2, top, x - 2, bottom)
                assert (behind.min(axis=2) < 200).sum() > 10, week
            # the thermometer's two columns: as high as the city's and the scan's phases
            for dx, phase in ((9, runs[0].phase[week]), (22, observed[week])):
                column = region(geo["thermoX"] + dx, 22, geo["thermoX"] + dx + 1, 18 + span)
                filled = int((column.min(axis=2) < 190).sum())
                assert abs(filled - span * scale * phase / 4) <= 4, (week, dx, filled)
        shot = tmp_path / "laptop.png"
        p.screenshot(path=str(shot))
        keep(shot, "player-1366x768.png")
        assert errors == []
    finally:
        context.close()
