"""One palette: every colour the outputs draw is written once, in :mod:`polsim.outputs.palette`;
the pages' styles use only colours it defines; each role has the same colour in the report,
the figures, the animations, the player and the dashboard."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from matplotlib.colors import to_hex

from polsim.model import PolarisationModel
from polsim.model.roles import ROLE_NAMES
from polsim.outputs import palette
from polsim.text import label

OUTPUTS = Path(palette.__file__).parent
#: A colour written in hex: ``#abc``, ``#aabbcc`` or with alpha, not an id such as ``#summary``.
HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})\b")


def test_no_colour_is_written_outside_the_palette() -> None:
    found = {}
    for path in sorted(OUTPUTS.rglob("*")):
        if path.suffix not in (".py", ".html", ".css", ".js") or path.name == "palette.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for colour in HEX.findall(line):
                found[f"{path.name}:{number}"] = colour
    assert found == {}
    # the pattern finds what it is meant to find, and not a CSS id
    assert HEX.findall("a { color: #fff; } #summary { border: 1px solid #0072B2; }") == [
        "#fff",
        "#0072B2",
    ]


def _defined() -> set[str]:
    return set(re.findall(r"--([a-z0-9-]+):", palette.css_variables()))


def test_every_colour_a_page_uses_is_the_palettes() -> None:
    from polsim.outputs import dashboard, report

    sources = {
        "report": report.STYLE,
        "sensitivity report": Path(report.__file__).read_text(encoding="utf-8"),
        "dashboard": dashboard.PAGE_CSS,
        "player": (OUTPUTS / "player.html").read_text(encoding="utf-8"),
    }
    for name, source in sources.items():
        used = set(re.findall(r"var\(--([a-z0-9-]+)\)", source))
        assert used, name
        assert used <= _defined(), (name, used - _defined())
    # the player's script draws with the greys it is given by name
    script = sources["player"]
    assert set(re.findall(r"\bC\.([a-z_]+)", script)) <= set(palette.GREYS)
    # and the palette itself: every value a colour, none defined twice under one name
    for value in re.findall(r"--[a-z0-9-]+: ([^;]+);", palette.css_variables()):
        assert HEX.fullmatch(value), value
    assert len(re.findall(r"--", palette.css_variables())) == len(_defined())


def test_the_player_and_the_report_are_written_with_the_palettes_colours(tmp_path: Path) -> None:
    from polsim.outputs.animation import _player_html, record

    rec = record(PolarisationModel(n_agents=60, rng=1, create_agents=False), weeks=2)
    page = _player_html([rec])
    assert "__COLOURS__" not in page
    assert f"--ink: {palette.GREYS['ink']};" in page
    assert f"--role-pusher: {palette.ROLE_COLOURS['pusher']};" in page
    assert '"greys":{"ink":"' + palette.GREYS["ink"] + '"' in page


def test_a_role_has_one_colour_in_every_output() -> None:
    from polsim import compare
    from polsim.outputs import animation, dashboard
    from polsim.outputs.figures import polarisation_overview
    from polsim.outputs.report import report_figures

    want = {role: to_hex(palette.ROLE_COLOURS[role]) for role in ROLE_NAMES}
    assert len(set(want.values())) == len(want)  # five roles, five colours
    # the report's small multiples of the roles and of the KIS phase: their shared keys
    result = compare(["baseline", "key_figures"], replicates=2, weeks=3, n_agents=100)
    *_, roles, bridges, phases = report_figures(result)
    for figure, shown in ((roles, ("pusher", "joiner", "silent")),
                          (bridges, ("bridge_builder", "scapegoat"))):  # fmt: skip
        (key,) = figure.legends
        drawn = {t.get_text(): to_hex(h.get_color())
                 for t, h in zip(key.get_texts(), key.legend_handles, strict=True)}  # fmt: skip
        assert drawn == {label(r, "en"): want[r] for r in shown}
    (key,) = phases.legends
    bands = [to_hex(h.get_facecolor(), keep_alpha=False) for h in key.legend_handles]
    assert bands == [to_hex(c) for c in palette.PHASE_COLOURS]
    # the figures' overview of a run
    model = PolarisationModel(n_agents=100, rng=3, create_agents=False)
    model.step()
    overview = polarisation_overview(model.metrics, lang="en")
    lines = {line.get_label(): to_hex(line.get_color()) for line in overview.axes[0].get_lines()}
    assert lines == {label(r, "en"): want[r] for r in ROLE_NAMES}
    # the animation's legend: a dot outlined in the role's colour
    legend = {name: handle for handle, name in animation._legend_handles(np.zeros((256, 4)), "en")}
    for role in ROLE_NAMES:
        edges = {to_hex(h.get_markeredgecolor()) for h in legend[label(role, "en")]
                 if h.get_marker() == "o"}  # fmt: skip
        assert edges == {want[role]}, role
    # the dashboard's plots
    plots = dashboard._PlotsView(model)
    drawn = {line.get_label(): to_hex(line.get_color()) for line in plots.figure.axes[0].lines}
    assert drawn == {label(r, "en"): want[r] for r in dashboard.PLOTTED_ROLES}
    # the player is given the same colours, in the roles' order
    rec = animation.record(model, weeks=1)
    data = animation._player_data([rec])
    assert [to_hex(c) for c in data["roleColours"]] == [want[r] for r in data["roles"]]
