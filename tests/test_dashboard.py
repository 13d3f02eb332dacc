"""The live dashboard: its parts in Python, and the whole page in a real headless Chromium.

The browser test starts ``polsim dashboard`` on a free port in a subprocess, loads the page
with every request outside this machine blocked (and recorded: there must be none), moves a
slider, resets, steps and plays, switches to Dutch, saves a screenshot under pytest's tmp dir
(kept as ``build/test-artifacts/dashboard.nl.png``) and stops the server with Ctrl+C.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pytest

from polsim import PolarisationModel, Shock
from polsim.interventions import MediaRestraint
from polsim.text import text
from tests.browser import CHROMIUM_ARGS, chromium_path

pytest.importorskip("solara", reason="the viz extra is not installed")

from polsim.outputs import dashboard

PNG = b"\x89PNG"


def test_sliders_come_from_the_registry_and_the_catalogue() -> None:
    from mesa.visualization import Slider

    from polsim.model import registry

    for lang in ("en", "nl"):
        params = dashboard._model_params(lang)
        for name in dashboard.SLIDER_PARAMETERS:
            slider = params[name]
            assert isinstance(slider, Slider)
            assert (slider.min, slider.max) == pytest.approx(registry.PARAMETERS[name].plausible)
            assert slider.label.startswith(text(f"dashboard.param.{name}", lang) + ": ")
        assert params["rng"] == dashboard.SEED
    assert dashboard._model_params("nl")["n_agents"].label == "inwoners van de stad: 1.000"
    assert dashboard._model_params("nl", {"resilience_mean": 0.55})["resilience_mean"].label == (
        "gemiddelde weerbaarheid: 0,55"
    )


def test_readouts_write_numbers_the_languages_way_and_sliders_keep_their_values() -> None:
    model = dashboard.live_city(1100, resilience_mean=0.55)
    assert "inwoners van de stad = 1.100" in dashboard._parameter_readout(model.params, "nl")
    assert "gemiddelde weerbaarheid = 0,55" in dashboard._parameter_readout(model.params, "nl")
    assert "people in the city = 1,100" in dashboard._parameter_readout(model.params, "en")
    assert "1.100 inwoners" in dashboard._readout(model, "nl")
    kept = dashboard._model_params("nl", {"n_agents": 1100, "resilience_mean": 0.55})
    assert (kept["n_agents"].value, kept["resilience_mean"].value) == (1100, 0.55)
    assert (
        kept["media_amplification"].value
        == dashboard._model_params("en")["media_amplification"].value
    )


def _clicked_run(seed: int) -> PolarisationModel:
    model = dashboard.live_city(300, rng=seed)
    model.run(3)
    dashboard._start_intervention(model, "media_restraint", 0.8)
    dashboard._start_shock(model, 0.5)
    model.run(5)
    return model


def test_buttons_act_through_policies_and_shocks_and_repeat_exactly() -> None:
    model = _clicked_run(5)
    (iv,) = model.policies
    assert isinstance(iv, MediaRestraint)
    assert (iv.start, iv.level, iv.started_at) == (3, 0.8, 3)
    assert all(o.restraint == 0.8 for o in model.outlets)
    assert model.shocks == [Shock(start=3, duration=6, strength=0.5, name="national debate")]
    again = _clicked_run(5)
    np.testing.assert_array_equal(model.x, again.x)
    assert model.metrics.equals(again.metrics)
    # the debate raised the pressure everybody felt against the same city without it
    calm = dashboard.live_city(300, rng=5)
    calm.run(3)
    dashboard._start_intervention(calm, "media_restraint", 0.8)
    calm.run(5)
    assert model.pressure.mean() > calm.pressure.mean()


def test_an_intervention_is_stopped_by_its_button_not_started_twice() -> None:
    model = dashboard.live_city(300, rng=4)
    model.run(2)
    first = dashboard._start_intervention(model, "key_figures", 0.02)
    assert dashboard._running_intervention(model, "key_figures") is first
    with pytest.raises(ValueError, match="a key_figures intervention is running already"):
        dashboard._start_intervention(model, "key_figures", 0.02)
    model.run(3)
    assert first.started_at == 2
    assert model.key_figure.sum() == 6  # 2% of 300 while it runs
    dashboard._stop_intervention(model, "key_figures")
    model.run(1)
    assert first.stopped_at == 5  # the next week the city ran
    assert dashboard._running_intervention(model, "key_figures") is None
    assert model.key_figure.sum() == 0  # finished as any intervention does
    second = dashboard._start_intervention(model, "key_figures", 0.05)  # again, anew
    assert second is not first
    assert second.start == 6
    with pytest.raises(ValueError, match="no media_restraint intervention is running"):
        dashboard._stop_intervention(model, "media_restraint")
    # started and stopped before a week has run: withdrawn, as if never clicked
    withdrawn = dashboard._start_intervention(model, "media_restraint", 0.5)
    dashboard._stop_intervention(model, "media_restraint")
    assert withdrawn not in model.policies
    assert dashboard._running_intervention(model, "media_restraint") is None
    # each strength slider starts where its scenario is: the key figures at 2% of residents
    assert dashboard.STRENGTHS["key_figures"][3] == 0.02


def test_bad_clicks_are_refused_in_one_line() -> None:
    model = dashboard.live_city(200)
    with pytest.raises(ValueError, match="kind must be one of"):
        dashboard._start_intervention(model, "teleport", 0.5)
    with pytest.raises(ValueError, match="level"):
        dashboard._start_intervention(model, "media_restraint", 1.5)
    with pytest.raises(ValueError, match=r"shock must be a polsim\.Shock"):
        model.add_shock({"start": 0})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_agents"):
        dashboard.live_city(50)


def test_views_draw_pngs_in_one_layout() -> None:
    model = dashboard.live_city(1200)
    view = dashboard._NetworkView(model)
    assert view.people is not None
    assert len(view.people) == dashboard.SHOWN
    first = view.png("en")
    layout = view._xy.copy()
    model.run(2)
    second = view.png("nl")
    assert first.startswith(PNG)
    assert second.startswith(PNG)
    assert first != second
    np.testing.assert_array_equal(view._xy, layout)  # never recomputed
    assert "1.000 van 1.200" in view._title.get_text()
    plots = dashboard._PlotsView(model, "nl")
    assert plots.png().startswith(PNG)


def test_the_front_end_is_installed_for_offline_use() -> None:
    assert dashboard.frontend_packages(), "Solara's template names no front-end package"
    assert dashboard.frontend_missing() == [], "run make (scripts/solara-frontend.py)"


def test_bad_port_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    from polsim.cli import main

    assert main(["dashboard", "port=70000"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "port must be a whole number in [1, 65535]" in err[0]


# -- the page in a real browser ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "polsim", "dashboard", f"port={port}"],
        stdout=log, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline and proc.poll() is None:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}/", proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def _drive(url: str, shot: Path) -> dict[str, Any]:
    """The whole visit in headless Chromium, on a common laptop screen (1366 by 768); returns
    what was seen: the requests to outside this machine (blocked), the page's errors, the
    width of each strength slider, the tab's title and the page's text in Dutch."""
    from playwright.sync_api import sync_playwright

    seen: dict[str, Any] = {"outside": [], "errors": []}

    def only_here(route: Any) -> None:
        request_url = route.request.url
        host = urlparse(request_url).hostname
        if request_url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            seen["outside"].append(request_url)
            route.abort()

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            raw = chromium.new_page(viewport={"width": 1366, "height": 768})
            raw.on("pageerror", lambda error: seen["errors"].append(str(error)))
            raw.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
            raw.on("response", lambda r: r.status >= 400 and seen["errors"].append(r.url))

            def shows(selector: str, needle: str) -> None:
                raw.wait_for_function(
                    "([s, n]) => document.querySelector(s)?.innerText?.toLowerCase()"
                    ".includes(n.toLowerCase())",
                    arg=[selector, needle],
                )

            raw.route("**/*", only_here)
            raw.set_default_timeout(30_000)
            raw.goto(url)
            raw.locator(".polsim-network img").wait_for()
            raw.locator(".polsim-plots img").wait_for()
            shows(".polsim-readout", "people in the city = 1,000")

            # a slider: one step up (keyboard on Mesa's slider), then reset builds the city anew
            thumb = raw.locator(".polsim-parameters .v-slider-thumb").first  # people in the city
            thumb.focus()
            raw.keyboard.press("ArrowRight")
            raw.get_by_role("button", name="reset").click()
            shows(".polsim-readout", "people in the city = 1,100")

            # step; start an intervention and a debate; play a few weeks; pause
            raw.get_by_role("button", name="one week").click()
            shows(".polsim-week", "week 1 ")
            raw.locator(".polsim-start-media_restraint").click()
            shows(".polsim-running", "interventions running: media restraint")
            shows(".polsim-start-media_restraint", "stop media restraint")
            # started and stopped again: the button starts it anew, never twice at once
            raw.locator(".polsim-start-key_figures").click()
            shows(".polsim-start-key_figures", "stop key-figure network")
            raw.locator(".polsim-start-key_figures").click()
            shows(".polsim-start-key_figures", "start key-figure network")
            raw.get_by_role("button", name="▶ play").click()
            shows(".polsim-week", "week 4 ")
            raw.get_by_role("button", name="❚❚ pause").click()
            raw.get_by_role("button", name="▶ play").wait_for()
            # a national debate from the week the city has reached (paused): six weeks
            week = int(raw.locator(".polsim-week").inner_text().split()[1])
            seen["debate_end"] = week + 6
            raw.locator(".polsim-shock").click()
            shows(".polsim-running", f"a national debate until week {week + 6} (strength 20%)")

            # the language switch: every word Dutch, numbers the Dutch way, the sliders kept
            raw.get_by_role("button", name="NL").click()
            raw.get_by_text("de stad nu").wait_for()
            shows(".polsim-readout", "inwoners van de stad = 1.100")
            shows(".polsim-readout", "gemiddelde weerbaarheid = 0,")
            shows(".polsim-strength-resilient_middle", "weerbaar midden, aandeel bereikt: 30%")
            raw.get_by_role("button", name="▶ afspelen").wait_for()
            # every panel has drawn itself again in Dutch (they do so one after another)
            shows(".polsim-running", "lopende interventies: terughoudendheid media")
            shows(".polsim-running", f"een landelijk debat tot week {week + 6}")
            shows(".polsim-act", "start een landelijk debat")
            seen["text"] = raw.locator("body").inner_text()
            seen["title"] = raw.title()
            active = raw.locator(".polsim-language .v-btn--active")
            seen["active"] = active.inner_text().strip().lower()
            seen["parameter_sliders"] = raw.eval_on_selector_all(
                ".polsim-parameters .v-slider-track",
                "els => els.map(e => e.getBoundingClientRect().width)",
            )
            seen["parameter_labels"] = raw.locator(".polsim-parameters").inner_text()
            # the pictures are never shown larger than drawn (no blurry upscaling)
            seen["upscaled"] = raw.eval_on_selector_all(
                ".polsim-network img, .polsim-plots img",
                "els => els.filter(i => i.clientWidth > i.naturalWidth + 1).length",
            )
            seen["sliders"] = raw.eval_on_selector_all(
                ".polsim-strength .v-slider",
                "els => els.map(e => e.getBoundingClientRect().width)",
            )
            # every start button inside its card
            seen["overflow"] = raw.eval_on_selector_all(
                ".polsim-strength .v-btn",
                "els => els.filter(b => b.getBoundingClientRect().right >"
                " b.closest('.v-card').getBoundingClientRect().right).length",
            )
            # on the laptop's screen both views are in sight without scrolling
            seen["views"] = raw.eval_on_selector_all(
                ".polsim-network img, .polsim-plots img",
                "els => els.map(i => [i.getBoundingClientRect().top,"
                " i.getBoundingClientRect().bottom, window.innerHeight])",
            )
            raw.screenshot(path=str(shot), full_page=True)
        finally:
            chromium.close()
    return seen


@pytest.mark.slow
def test_dashboard_in_chromium(
    server: tuple[str, subprocess.Popen[str]], tmp_path: Path, keep: Any
) -> None:
    if chromium_path() is None:
        pytest.skip("no chromium executable on this machine (install Debian's chromium)")
    url, proc = server
    assert proc.poll() is None, (tmp_path / "server.log").read_text()
    shot = tmp_path / "dashboard.png"
    # Playwright's sync API refuses a thread where an asyncio loop runs (another test in the
    # same worker may have left one): the visit gets a thread of its own
    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(_drive, url, shot).result()
    assert shot.stat().st_size > 10_000
    keep(shot, "dashboard.nl.png")
    assert seen["outside"] == [], f"requests outside this machine: {seen['outside']}"
    assert seen["errors"] == [], seen["errors"]
    # the server asked nobody else for anything either (Solara logs each fetch it tries)
    log = (tmp_path / "server.log").read_text()
    assert "Could not load URL" not in log, log[-2000:]
    assert "Traceback" not in log, log[-2000:]
    # on a laptop's screen every strength slider has room, and no button leaves its card
    assert len(seen["sliders"]) == 4
    assert min(seen["sliders"]) > 150, seen["sliders"]
    # the city's sliders below their labels, at the card's width, each label with its value
    assert len(seen["parameter_sliders"]) == 5
    assert min(seen["parameter_sliders"]) > 200, seen["parameter_sliders"]
    assert "inwoners van de stad: 1.100" in seen["parameter_labels"]
    assert "landelijke debatten per week: 0,02" in seen["parameter_labels"]
    assert seen["upscaled"] == 0
    for top, bottom, height in seen["views"]:
        assert top >= 0, seen["views"]
        assert bottom <= height, seen["views"]
    assert seen["overflow"] == 0
    # nothing left in English on the Dutch page (Mesa's SolaraViz labels its controls so)
    dutch = seen["text"]
    english = ("Controls", "Reset", "Step", "Play", "Model Parameters", "Information",
               "people", "interventions running", "the city", "start a national",
               "national debate", "runs on Solara")  # fmt: skip
    assert [word for word in english if word in dutch] == []
    assert f"een landelijk debat tot week {seen['debate_end']}" in dutch
    assert seen["active"] == "nl"
    assert seen["title"] == "polsim: een stad, live"
    assert proc.poll() is None

    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 0


def test_a_port_in_use_is_refused_in_one_line_before_anything_starts() -> None:
    from tests.conftest import polsim_main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ValueError, match=rf"port={port}: cannot listen on http://127"):
            dashboard.check_address("127.0.0.1", port)
        out = polsim_main("dashboard", f"port={port}")
    assert out.returncode == 2
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith(f"polsim: error: port={port}: cannot listen")
    assert out.stdout == ""  # not "the dashboard runs at ..."
    assert dashboard.check_address("127.0.0.1", port) == ("127.0.0.1", port)  # free again


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("999.1.1.1", "host must be an IP address of this machine"),
        ("nosuchhost.invalid", "host must be an IP address of this machine"),
        ("", "host must be an IP address of this machine"),
        ("192.0.2.1", "host=192.0.2.1: cannot listen there"),  # TEST-NET: not this machine
    ],
)
def test_a_bad_host_is_named_as_the_host(host: str, message: str) -> None:
    from tests.conftest import polsim_main

    out = polsim_main("dashboard", f"host={host}", "port=8799")
    assert out.returncode == 2
    (line,) = out.stderr.strip().splitlines()
    assert message in line
    assert "port" not in line.partition(message)[0]
    assert out.stdout == ""


def test_the_address_shown_is_one_a_browser_opens() -> None:
    assert dashboard.url("127.0.0.1", 8765) == "http://127.0.0.1:8765/"
    assert dashboard.url("::1", 8765) == "http://[::1]:8765/"


def test_the_server_sets_its_environment_only_while_it_runs(monkeypatch) -> None:
    """Solara's settings and the page's language reach the server through the environment,
    set while it runs and restored when it stops: the process that serves keeps its own."""
    seen: dict[str, str] = {}

    def run(host: str, port: int) -> None:
        seen.update(os.environ)
        seen["page"] = dashboard.LANG_VARIABLE in os.environ and os.environ[dashboard.LANG_VARIABLE]
        assert (host, port) == ("127.0.0.1", free)

    monkeypatch.setattr(dashboard, "_run_server", run)
    monkeypatch.setenv("SOLARA_APP", "someone.else:Page")  # a variable set before: kept
    monkeypatch.delenv(dashboard.LANG_VARIABLE, raising=False)
    before = dict(os.environ)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    dashboard.serve("127.0.0.1", free, "nl")
    assert seen["page"] == "nl"
    assert seen["SOLARA_APP"] == "polsim.outputs.dashboard:Page"
    assert seen["SOLARA_ASSETS_CDN"] == dashboard.NO_CDN
    assert seen["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert dict(os.environ) == before  # all restored, the one set before as it was
    # importing the module sets nothing either
    code = ("import os; e = dict(os.environ); import polsim.outputs.dashboard; "
            "print(dict(os.environ) == e)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
