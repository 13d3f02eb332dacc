"""Animated runs for workshops: a GIF, an MP4 or a no-install HTML player of a city, week by week.

A run is first *recorded* (:func:`record`): every week, for the people shown, the stance
(quantised to a byte), the role, whether they are a key figure and whether they were in an
incident; for the whole city the role shares and the KIS phase (``model.metrics``), the phase
the municipality's quick scan has observed (``model.observed_phase``, what a trigger reacts
to: noisy and late); and when each intervention acted. The layout of the network is computed
once, from the model's own ties; above :data:`MAX_SHOWN` people a uniform, seeded sample is
shown (and the caption says so). Two scenarios side by side (:func:`record_pair`) share the
seed, so they start from the same city and are drawn in the same layout.

A recording is then *rendered* (:func:`write`): to ``.gif`` (Pillow), ``.mp4``
(imageio-ffmpeg, whose wheel ships ffmpeg) or ``.html`` (the player: one file with
its script, style and data inside, drawing on a ``<canvas>``; play, pause, scrub, speed and a
language switch, offline in any browser). Every label comes from :mod:`polsim.text`.

>>> from polsim.outputs.animation import record
>>> from polsim.model import PolarisationModel, registry
>>> rec = record(PolarisationModel(n_agents=60, rng=1, create_agents=False), weeks=3)
>>> rec.stance.shape, rec.phase.shape
((4, 60), (4,))
"""

from __future__ import annotations

import base64
import json
import os
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from polsim.model import PolarisationModel, registry
from polsim.model.roles import ROLE_NAMES
from polsim.outputs.palette import (
    GREYS,
    INCIDENT_COLOUR,
    INCIDENT_HALO,
    KEY_FIGURE_COLOUR,
    OKABE_ITO,
    PHASE_COLOURS,
    ROLE_COLOURS,
    STANCE_MAP,
    css_variables,
)
from polsim.text import LANGUAGES, check_lang, label, number, percent, text
from polsim.validation import DEFAULT_SEED, check_int

__all__ = [
    "DEFAULT_AGENTS",
    "FORMATS",
    "MAX_SHOWN",
    "Recording",
    "animate",
    "layout",
    "people_shown",
    "record",
    "record_pair",
    "ties_among",
    "write",
]

#: The file types :func:`write` makes, by extension.
FORMATS = (".gif", ".mp4", ".html")
#: The city animated unless told otherwise: the model's default city (its registry's).
DEFAULT_AGENTS = int(registry.PARAMETERS["n_agents"].default)
#: At most this many people are drawn; above it a uniform sample (seeded) is shown.
MAX_SHOWN = 1500
#: Iterations of the spring layout (started from the ring of the small world: few suffice).
LAYOUT_ITERATIONS = 30
#: Role codes in the order :data:`polsim.model.roles.ROLE_NAMES` gives them.
ROLE_ORDER = ROLE_NAMES
#: The mark drawn over a person's dot (matplotlib's marker codes), besides the dot's outline in
#: its role's colour; the HTML player draws the same shapes, and both legends show them.
_MARKERS = {"bridge_builder": "D", "scapegoat": "X", "key_figure": "^", "incident": "o"}


@dataclass(slots=True, kw_only=True)
class Recording:
    """What an animation shows of one run, week 0 (the start) to ``weeks``.

    Arrays over people hold the people shown (``people``: their rows in the model), one row a
    week: ``stance`` as bytes (0 is -1, 255 is +1), ``roles`` as codes into
    :data:`ROLE_ORDER`, ``key_figure`` and ``incident`` as booleans. ``shares`` (weeks x 5,
    the whole city, from ``model.metrics``), ``phase`` (1-4) and ``observed`` (the phase the
    quick scan has reported by then, 1-4, or 0 before its first report) are per week;
    ``interventions`` lists each intervention's labels (``{"en": ..., "nl": ...}``) and the
    weeks it acted; ``outlets`` names the media outlets and ``reach`` gives the share of the
    city following each.
    """

    name: str
    title: dict[str, str]
    n: int
    seed: int | None
    people: NDArray[np.int64]
    positions: NDArray[np.float32]
    edges: NDArray[np.int32]
    stance: NDArray[np.uint8]
    roles: NDArray[np.uint8]
    key_figure: NDArray[np.bool_]
    incident: NDArray[np.bool_]
    shares: NDArray[np.float64]
    phase: NDArray[np.uint8]
    observed: NDArray[np.uint8] = field(default_factory=lambda: np.zeros(0, np.uint8))
    interventions: list[dict[str, Any]] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    reach: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.observed.size == 0:  # not recorded: nothing observed
            self.observed = np.zeros_like(self.phase)

    @property
    def weeks(self) -> int:
        """Weeks recorded after the start."""
        return int(self.stance.shape[0]) - 1

    @property
    def sampled(self) -> bool:
        """Whether only a sample of the city is shown."""
        return len(self.people) < self.n


def _quantise(x: NDArray[np.float64]) -> NDArray[np.uint8]:
    """Stances in [-1, 1] as bytes: ``round((x + 1) / 2 * 255)``.

    >>> _quantise(np.array([-1.0, 0.0, 1.0])).tolist()
    [0, 128, 255]
    """
    return np.rint((np.clip(x, -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)


def people_shown(n: int, max_shown: int, seed: int | None) -> NDArray[np.int64]:
    """The rows of the people drawn of a city of ``n``: all of them up to ``max_shown``, else a
    uniform sample of ``max_shown`` drawn from ``seed`` (the same city, the same sample), in
    order.

    >>> people_shown(5, 10, seed=1).tolist()
    [0, 1, 2, 3, 4]
    >>> len(people_shown(5000, 100, seed=1))
    100
    """
    if n <= max_shown:
        return np.arange(n, dtype=np.int64)
    gen = np.random.default_rng(np.random.SeedSequence([0 if seed is None else seed, n, 7]))
    return np.sort(gen.choice(n, size=max_shown, replace=False)).astype(np.int64)


def ties_among(model: PolarisationModel, people: NDArray[np.int64]) -> NDArray[np.int32]:
    """The ties among ``people``, each once, as pairs of positions in ``people``."""
    adj = model.adjacency
    where = np.full(model.n, -1, dtype=np.int64)
    where[people] = np.arange(len(people))
    indptr, indices = adj.indptr, np.asarray(adj.indices, dtype=np.int64)
    counts = indptr[people + 1] - indptr[people]
    first = np.repeat(np.arange(len(people)), counts)
    rows = np.concatenate([indices[indptr[p] : indptr[p + 1]] for p in people])
    second = where[rows] if rows.size else rows
    keep = (second >= 0) & (second > first)
    return np.stack([first[keep], second[keep]], axis=1).astype(np.int32)


def layout(
    n: int, edges: NDArray[np.int32], *, seed: int | None = 0, iterations: int = LAYOUT_ITERATIONS
) -> NDArray[np.float32]:
    """Positions in [0, 1]^2 of ``n`` people with ``edges`` (pairs of 0..n-1): a spring
    layout (networkx) started from a ring in the people's order (the small world is a ring
    with shortcuts), ``iterations`` steps, seeded."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges.tolist())
    angle = 2 * np.pi * np.arange(n) / max(n, 1)
    ring = {i: (float(np.cos(a)), float(np.sin(a))) for i, a in enumerate(angle)}
    pos = nx.spring_layout(graph, pos=ring, iterations=iterations, seed=seed)
    xy = np.array([pos[i] for i in range(n)], dtype=np.float64).reshape(n, 2)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    xy = (xy - lo) / np.where(hi > lo, hi - lo, 1.0)
    return (0.03 + 0.94 * xy).astype(np.float32)


def _interventions(model: PolarisationModel) -> list[Any]:
    from polsim.interventions.base import Intervention

    return [p for p in model.policies if isinstance(p, Intervention)]


def record(
    model: PolarisationModel,
    weeks: int,
    *,
    name: str = "",
    title: dict[str, str] | None = None,
    seed: int | None = 0,
    max_shown: int = MAX_SHOWN,
    like: Recording | None = None,
) -> Recording:
    """Run ``model`` for ``weeks`` weeks and record what an animation shows.

    ``like``: draw the same people at the same places as another recording of the same city
    (a second scenario with the same seed). ``seed`` picks the sample and seeds the layout.
    """
    weeks = check_int(weeks, "weeks", low=1, high=2000)
    max_shown = check_int(max_shown, "max_shown", low=10)
    if like is not None:
        if like.n != model.n:
            raise ValueError(f"the two cities differ in size ({like.n} and {model.n} people)")
        people, positions, edges = like.people, like.positions, like.edges
    else:
        people = people_shown(model.n, max_shown, seed)
        edges = ties_among(model, people)
        positions = layout(len(people), edges, seed=seed)
    policies = _interventions(model)
    rows = weeks + 1
    m = len(people)
    stance = np.empty((rows, m), dtype=np.uint8)
    roles = np.empty((rows, m), dtype=np.uint8)
    key = np.empty((rows, m), dtype=bool)
    incident = np.zeros((rows, m), dtype=bool)
    observed = np.zeros(rows, dtype=np.uint8)
    acting = np.zeros((len(policies), rows), dtype=bool)

    def keep(week: int) -> None:
        stance[week] = _quantise(model.x[people])
        roles[week] = model.roles[people]
        key[week] = model.key_figure[people]
        observed[week] = model.observed_phase or 0  # read only: what the triggers saw
        if week:
            incident[week] = model.incidents[people]
            acting[:, week] = [bool(p.active) for p in policies]

    start = model.step_count
    keep(0)
    for week in range(1, rows):
        model.step()
        keep(week)
    metrics = model.metrics.iloc[start : start + rows]
    shares = metrics[list(ROLE_ORDER)].to_numpy(dtype=np.float64)
    phase = metrics["phase"].to_numpy().astype(np.uint8)
    return Recording(
        name=name,
        title=dict(title) if title else dict.fromkeys(LANGUAGES, name),
        n=model.n,
        seed=seed,
        people=people,
        positions=positions,
        edges=edges,
        stance=stance,
        roles=roles,
        key_figure=key,
        incident=incident,
        shares=shares,
        phase=phase,
        observed=observed,
        interventions=[
            {
                "kind": p.kind,
                "labels": {lang: type(p).label(lang) for lang in LANGUAGES},
                "active": acting[k],
            }
            for k, p in enumerate(policies)
        ],
        outlets=[o.name for o in model.outlets],
        reach=[float(np.mean(o.followers)) for o in model.outlets],
    )


def _scenario_model(scenario: Any, seed: int, n_agents: int, weeks: int) -> Any:
    from polsim.scenarios import Scenario, load, make_model

    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    scenario.check_weeks(weeks)  # a plan that would never act is refused before any run
    return scenario, make_model(scenario, seed=seed, replicate=0,
                                parameters={"n_agents": n_agents})  # fmt: skip


def record_pair(
    scenario: Any,
    versus: Any = None,
    *,
    weeks: int = 104,
    n_agents: int = DEFAULT_AGENTS,
    seed: int = DEFAULT_SEED,
    max_shown: int = MAX_SHOWN,
) -> list[Recording]:
    """Record a scenario (a name, a file or a :class:`~polsim.scenarios.Scenario`) and, if
    ``versus`` is given, a second one with the same seed: the same city in the same layout."""
    n_agents = check_int(n_agents, "n_agents", low=10, high=100_000)
    seed = check_int(seed, "seed", low=0)
    weeks = check_int(weeks, "weeks", low=1, high=2000)
    first, model = _scenario_model(scenario, seed, n_agents, weeks)
    second = None if versus is None else _scenario_model(versus, seed, n_agents, weeks)
    out = [record(model, weeks, name=first.name, title=first.title, seed=seed,
                  max_shown=max_shown)]  # fmt: skip
    if second is not None:
        out.append(record(second[1], weeks, name=second[0].name, title=second[0].title,
                          seed=seed, like=out[0]))  # fmt: skip
    return out


# -- frames (matplotlib) -------------------------------------------------------------------


def _caption(rec: Recording, lang: str) -> str:
    if rec.sampled:
        return text("animation.sampled", lang, shown=number(len(rec.people), lang),
                    n=number(rec.n, lang))  # fmt: skip
    return text("animation.everyone", lang, n=number(rec.n, lang))


def _outlet(name: str, lang: str) -> str:
    """An outlet's name in ``lang``: the model's own names (``outlet 1``) are translated, a
    name given by the user is kept."""
    found = re.fullmatch(r"outlet (\d+)", name)
    return text("animation.outlet", lang, number=found[1]) if found else name


def _media(rec: Recording, lang: str) -> str:
    """The media box: each outlet with its reach (the share of the city following it).

    >>> rec = Recording(name="x", title={}, n=1, seed=0, people=np.zeros(0, np.int64),
    ...                 positions=np.zeros((0, 2), np.float32), edges=np.zeros((0, 2), np.int32),
    ...                 stance=np.zeros((1, 0), np.uint8), roles=np.zeros((1, 0), np.uint8),
    ...                 key_figure=np.zeros((1, 0), bool), incident=np.zeros((1, 0), bool),
    ...                 shares=np.zeros((1, 5)), phase=np.ones(1, np.uint8),
    ...                 outlets=["outlet 1", "outlet 2"], reach=[0.3, 0.25])
    >>> _media(rec, "nl")
    'media (katalysator) en hun bereik: medium 1 30%, medium 2 25%'
    """
    reach = rec.reach if len(rec.reach) == len(rec.outlets) else [None] * len(rec.outlets)
    outlets = [_outlet(name, lang) + ("" if share is None else f" {percent(share, lang)}")
               for name, share in zip(rec.outlets, reach, strict=True)]  # fmt: skip
    return text("animation.media", lang, outlets=", ".join(outlets))


@dataclass(slots=True)
class _Panel:
    dots: Any
    bridges: Any
    keys: Any
    scapegoats: Any
    halos: Any
    flashes: Any
    cursors: list[Any]
    mercury: Any
    observed: Any
    phase_text: Any
    lines: list[Any]
    acts: list[tuple[Any, NDArray[np.float64], NDArray[np.int64]]]


#: Frames' resolution (dots per inch) by default: a frame of one scenario is 768 x 792 pixels,
#: of two 1536 x 792, the smallest text 12 pixels high.
DPI = 120
#: The phase the quick scan observed: a thin hatched column beside the city's phase.
OBSERVED_HATCH = "////"
OBSERVED_EDGE = GREYS["ink"]


def _legend_handles(palette: NDArray[np.float64], lang: str) -> list[tuple[Any, str]]:
    """The legend's entries, each drawn as the frames draw it: a dot outlined in its role's
    colour, with the role's or the key figure's mark over it, the incident's ring on its halo;
    the thermometer's two columns, the city's phase and the phase the quick scan observed.
    Pairs of (handle, label); a handle is a tuple of artists drawn over each other."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    middle = palette[128]

    def dot(edge: Any, face: Any = middle) -> Line2D:
        return Line2D([], [], ls="", marker="o", ms=5, mfc=face, mec=edge, mew=0.8)

    def mark(kind: str, colour: str, *, filled: bool = False, ms: float = 9.0,
             mew: float = 1.4) -> Line2D:  # fmt: skip
        return Line2D([], [], ls="", marker=_MARKERS[kind], ms=ms, mew=mew, mec=colour,
                      mfc=colour if filled else "none")  # fmt: skip

    handles: list[tuple[Any, str]] = [
        ((dot("none", palette[20]),), text("animation.stance_left", lang)),
        ((dot("none", palette[235]),), text("animation.stance_right", lang)),
    ]
    for role in ROLE_ORDER:
        colour = ROLE_COLOURS[role]
        shown: tuple[Any, ...] = (Line2D([], [], color=colour, lw=1.5), dot(colour))
        if role == "bridge_builder":
            shown += (mark(role, colour),)
        elif role == "scapegoat":
            shown += (mark(role, colour, filled=True, ms=7.0),)
        handles.append((shown, label(role, lang)))
    silent = ROLE_COLOURS["silent"]
    handles.append(((dot(silent), mark("key_figure", KEY_FIGURE_COLOUR, mew=1.2)),
                    label("key_figure", lang)))  # fmt: skip
    handles.append(((dot(silent), mark("incident", INCIDENT_HALO, ms=12.0, mew=4.0),
                     mark("incident", INCIDENT_COLOUR, ms=12.0, mew=2.0)),
                    text("animation.incident", lang)))  # fmt: skip
    handles.append(((Patch(facecolor=PHASE_COLOURS[2], edgecolor=GREYS["dark"], lw=0.8),),
                    text("animation.phase_true", lang)))  # fmt: skip
    handles.append(((Patch(facecolor=PHASE_COLOURS[2], edgecolor=OBSERVED_EDGE, lw=0.8,
                           hatch=OBSERVED_HATCH),),
                    text("animation.phase_observed", lang)))  # fmt: skip
    return handles


def _render_figure(
    recordings: Sequence[Recording], *, lang: str = "en", dpi: int = DPI
) -> tuple[Any, Callable[[int], None]]:
    """The figure of one or two recordings side by side and a function that shows week
    ``k`` on it (colours, markers, the thermometer, and the role shares and interventions up
    to week ``k`` change; the rest, the axes too, is drawn once for the whole run).

    The layout is made once, by matplotlib's constrained layout, so that every title, label
    and the legend lie inside the frame in either language; then it is fixed, so that drawing
    a week does not lay the figure out again.
    """
    from matplotlib import colormaps
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.ticker import MaxNLocator

    check_lang(lang)
    if not 1 <= len(recordings) <= 2:
        raise ValueError(f"recordings must be one or two, got {len(recordings)}")
    cmap = colormaps[STANCE_MAP]
    palette = cmap(np.linspace(0.0, 1.0, 256))  # a byte of stance -> RGBA
    width = 6.4 * len(recordings)
    engine = ConstrainedLayoutEngine(w_pad=6 / 72, h_pad=4 / 72, wspace=0.02, hspace=0.02)
    fig = Figure(figsize=(width, 6.6), dpi=dpi, layout=engine)
    canvas = FigureCanvasAgg(fig)
    weeks = max(r.weeks for r in recordings)
    grid = fig.add_gridspec(3, 2 * len(recordings), height_ratios=(5.0, 1.5, 0.9),
                            width_ratios=[8.6, 1.4] * len(recordings))  # fmt: skip
    panels = []
    role_edge = np.array([_rgba(ROLE_COLOURS[r]) for r in ROLE_ORDER])
    for col, rec in enumerate(recordings):
        net = fig.add_subplot(grid[0, 2 * col])
        net.set_axis_off()
        net.set_xlim(0, 1)
        net.set_ylim(0, 1)
        net.set_title(rec.title.get(lang, rec.name), fontsize=12, pad=16)
        net.text(0.5, 1.0, _caption(rec, lang), transform=net.transAxes, ha="center",
                 va="bottom", fontsize=8, color=GREYS["caption"])  # fmt: skip
        xy = rec.positions
        if len(rec.edges):
            from matplotlib.collections import LineCollection

            segs = list(xy[rec.edges])
            net.add_collection(LineCollection(segs, colors=GREYS["line"], linewidths=0.3,
                                              alpha=0.5, zorder=1))  # fmt: skip
        size = 14.0 if len(xy) > 600 else 28.0
        dots = net.scatter(
            xy[:, 0], xy[:, 1], s=size, c=palette[rec.stance[0]],
            edgecolors=role_edge[rec.roles[0]], linewidths=0.6, zorder=2,
        )  # fmt: skip
        bridges = net.scatter([], [], s=size * 4, marker=_MARKERS["bridge_builder"],
                              facecolors="none", edgecolors=ROLE_COLOURS["bridge_builder"],
                              linewidths=1.4, zorder=3)  # fmt: skip
        keys = net.scatter([], [], s=size * 4, marker=_MARKERS["key_figure"], facecolors="none",
                           edgecolors=KEY_FIGURE_COLOUR, linewidths=1.2, zorder=3)  # fmt: skip
        scapegoats = net.scatter([], [], s=size * 5, marker=_MARKERS["scapegoat"],
                                 c=ROLE_COLOURS["scapegoat"], zorder=4)  # fmt: skip
        halos = net.scatter([], [], s=size * 9, marker=_MARKERS["incident"], facecolors="none",
                            edgecolors=INCIDENT_HALO, linewidths=4.0, zorder=5)  # fmt: skip
        flashes = net.scatter([], [], s=size * 9, marker=_MARKERS["incident"], facecolors="none",
                              edgecolors=INCIDENT_COLOUR, linewidths=2.0, zorder=6)  # fmt: skip
        if rec.outlets:
            net.text(0.0, 0.0, textwrap.fill(_media(rec, lang), 80),
                     transform=net.transAxes, fontsize=8, va="bottom", zorder=7,
                     bbox={"boxstyle": "round", "fc": "white", "ec": GREYS["grey"]})  # fmt: skip
        # the KIS thermometer: the city's phase (wide) and the quick scan's (thin, hatched)
        thermo = fig.add_subplot(grid[0, 2 * col + 1])
        thermo.set_xlim(0, 1)
        thermo.set_ylim(0.5, 4.5)
        thermo.set_xticks([])
        thermo.set_yticks([1, 2, 3, 4])
        thermo.yaxis.tick_right()
        thermo.set_yticklabels([textwrap.fill(label(k, lang), 12) for k in (1, 2, 3, 4)],
                               fontsize=8)  # fmt: skip
        thermo.set_title(text("animation.phase", lang), fontsize=9)
        for k in range(4):
            thermo.axhspan(k + 0.5, k + 1.5, color=PHASE_COLOURS[k], alpha=0.15, lw=0)
        mercury = thermo.bar([0.34], [0.0], width=0.48, bottom=0.5, edgecolor=GREYS["dark"],
                             linewidth=0.8)[0]  # fmt: skip
        observed = thermo.bar([0.8], [0.0], width=0.22, bottom=0.5, edgecolor=OBSERVED_EDGE,
                              linewidth=0.8, hatch=OBSERVED_HATCH)[0]  # fmt: skip
        phase_text = thermo.text(0.5, 4.4, "", ha="center", va="top", fontsize=9)
        # role shares over time: the axes for the whole run, the lines up to the week shown
        shares = fig.add_subplot(grid[1, 2 * col])
        lines = [shares.plot([], [], color=ROLE_COLOURS[role], lw=1.4, label=label(role, lang))[0]
                 for role in ROLE_ORDER]  # fmt: skip
        shares.set_xlim(0, weeks)
        shares.set_ylim(0, 1)
        shares.set_ylabel(text("animation.share", lang), fontsize=9)
        shares.tick_params(labelsize=8)
        shares.yaxis.set_major_formatter(_percent_formatter(lang))
        cursors = [shares.axvline(0, color=GREYS["dark"], lw=1)]
        # the interventions' timeline: a row each, its name above the weeks it acted so far
        line = fig.add_subplot(grid[2, 2 * col], sharex=shares)
        row = line.get_yaxis_transform()  # x in the axes' width, y in rows
        acts = []
        for k, item in enumerate(rec.interventions):
            on = np.flatnonzero(item["active"])
            boxes = np.array([[(w - 0.5, k - 0.45), (w - 0.5, k - 0.05), (w + 0.5, k - 0.05),
                               (w + 0.5, k - 0.45)] for w in on], dtype=np.float64)  # fmt: skip
            bars = PolyCollection([], facecolors=OKABE_ITO["blue"], edgecolors="none")
            line.add_collection(bars)
            acts.append((bars, boxes.reshape(-1, 4, 2), on))
            line.text(0.005, k + 0.02, item["labels"][lang], transform=row, fontsize=8,
                      va="bottom", ha="left", clip_on=True)  # fmt: skip
        line.set_yticks([])
        line.set_ylim(-0.5, max(len(acts), 1) - 0.5)
        line.set_xlabel(text("animation.week_axis", lang), fontsize=9)
        line.tick_params(labelsize=8)
        line.xaxis.set_major_locator(MaxNLocator(integer=True))
        if not acts:
            line.text(weeks / 2, 0, text("animation.no_interventions", lang), ha="center",
                      va="center", fontsize=8, color=GREYS["label"])  # fmt: skip
        cursors.append(line.axvline(0, color=GREYS["dark"], lw=1))
        panels.append(_Panel(dots, bridges, keys, scapegoats, halos, flashes, cursors, mercury,
                             observed, phase_text, lines, acts))  # fmt: skip
    # the longest week's text, for the layout to make room for
    week_text = fig.suptitle(text("animation.week", lang, week=weeks, weeks=weeks), fontsize=14,
                             weight="bold")  # fmt: skip
    entries = _legend_handles(palette, lang)
    renderer = canvas.get_renderer()
    for ncol in (len(entries), 6, 5, 4, 3, 2, 1):  # as many columns as fit in the frame's width
        legend = fig.legend([h for h, _ in entries], [w for _, w in entries],
                            loc="outside lower center", ncol=ncol, fontsize=8, frameon=False,
                            columnspacing=1.2, handletextpad=0.5,
                            handler_map={tuple: HandlerTuple(ndivide=1)})  # fmt: skip
        if legend.get_window_extent(renderer).width <= fig.bbox.width - 12 or ncol == 1:
            break
        legend.remove()
    engine.execute(fig)
    fig.set_layout_engine("none")  # laid out once: a week's frame only redraws

    def show(week: int) -> None:
        week_text.set_text(text("animation.week", lang, week=week, weeks=weeks))
        for rec, panel in zip(recordings, panels, strict=True):
            k = min(week, rec.weeks)
            xy = rec.positions
            panel.dots.set_facecolors(palette[rec.stance[k]])
            panel.dots.set_edgecolors(role_edge[rec.roles[k]])
            roles = rec.roles[k]
            panel.bridges.set_offsets(xy[roles == ROLE_ORDER.index("bridge_builder")])
            panel.keys.set_offsets(xy[rec.key_figure[k]])
            panel.scapegoats.set_offsets(xy[roles == ROLE_ORDER.index("scapegoat")])
            panel.halos.set_offsets(xy[rec.incident[k]])
            panel.flashes.set_offsets(xy[rec.incident[k]])
            phase = int(rec.phase[k])
            panel.mercury.set_height(float(phase))
            panel.mercury.set_facecolor(PHASE_COLOURS[phase - 1])
            seen = int(rec.observed[k])  # 0: no report yet, an empty column
            panel.observed.set_height(float(seen))
            panel.observed.set_facecolor(PHASE_COLOURS[seen - 1] if seen else "none")
            panel.phase_text.set_text(str(phase))
            t = np.arange(k + 1)
            for j, drawn in enumerate(panel.lines):  # the past only, never the weeks to come
                drawn.set_data(t, rec.shares[: k + 1, j])
            for bars, boxes, on in panel.acts:
                bars.set_verts(list(boxes[on <= k]))
            for cursor in panel.cursors:
                cursor.set_xdata([k, k])

    show(0)
    return fig, show


def _rgba(colour: str) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(colour)


def _percent_formatter(lang: str) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: percent(v, lang))


def _frames(
    recordings: Sequence[Recording], *, lang: str = "en", dpi: int = DPI
) -> Iterator[NDArray[np.uint8]]:
    """Every week's frame as an RGB array (height x width x 3; both even, as video wants)."""
    fig, show = _render_figure(recordings, lang=lang, dpi=dpi)
    canvas = fig.canvas  # _render_figure's Agg canvas
    for week in range(max(r.weeks for r in recordings) + 1):
        show(week)
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())
        h, w = rgba.shape[0] // 2 * 2, rgba.shape[1] // 2 * 2
        yield np.ascontiguousarray(rgba[:h, :w, :3])


# -- files -------------------------------------------------------------------------------


def gif_palette(first: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The 256 colours of a GIF (256 x 3 bytes), one palette for the whole film (no flicker):
    every colour the frames draw exactly (the stance map in 64 steps from pole to pole, its
    ends included, the roles', the key figures', the incidents', the phases' and their pale
    bands, greys for text), the rest the commonest colours of the first frame (the edges of
    text and dots: median cut). A palette made from the first frame alone lost the purple
    pole, absent at week 0, to near-black."""
    from matplotlib import colormaps
    from matplotlib.colors import to_rgb
    from PIL import Image

    def byte(rgb: Any) -> NDArray[np.uint8]:
        return np.rint(np.asarray(rgb, dtype=np.float64)[..., :3] * 255).astype(np.uint8)

    stance = byte(colormaps[STANCE_MAP](np.linspace(0.0, 1.0, 64)))
    named = [*ROLE_COLOURS.values(), KEY_FIGURE_COLOUR, INCIDENT_COLOUR, INCIDENT_HALO,
             *PHASE_COLOURS, OKABE_ITO["blue"],
             *(GREYS[k] for k in ("dark", "caption", "label", "line"))]  # fmt: skip
    solid = byte([to_rgb(c) for c in named])
    pale = byte([0.15 * np.array(to_rgb(c)) + 0.85 for c in PHASE_COLOURS])  # bands on white
    greys = np.repeat(np.linspace(0, 255, 16).round().astype(np.uint8)[:, None], 3, axis=1)
    fixed = np.unique(np.concatenate([stance, solid, pale, greys]), axis=0)
    left = 256 - len(fixed)
    common = Image.fromarray(first).quantize(colors=left, method=Image.Quantize.MEDIANCUT)
    found = np.array((common.getpalette() or [])[: 3 * left], dtype=np.uint8).reshape(-1, 3)
    out = np.zeros((256, 3), dtype=np.uint8)
    out[: len(fixed)] = fixed
    out[len(fixed) : len(fixed) + len(found)] = found
    return out


def _gif(recordings: Sequence[Recording], lang: str, fps: float, dpi: int) -> bytes:
    import io

    from PIL import Image

    images = []
    palette = None
    for frame in _frames(recordings, lang=lang, dpi=dpi):
        image = Image.fromarray(frame)
        if palette is None:
            palette = Image.new("P", (1, 1))
            palette.putpalette(gif_palette(frame).ravel().tolist())
        images.append(image.quantize(palette=palette, dither=Image.Dither.NONE))
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:],
                   duration=round(1000 / fps), loop=0, optimize=False)  # fmt: skip
    return buffer.getvalue()


#: ffmpeg's settings of an MP4's colours: converted from RGB with the BT.709 matrix into the
#: video range, and the file says so, so that a player converts back with the same matrix
#: (without the flags players guess, and the purple pole came out dark).
MP4_COLOUR = [
    "-vf", "scale=out_color_matrix=bt709:out_range=tv:flags=accurate_rnd+full_chroma_int,"
    "setparams=colorspace=bt709:color_primaries=bt709:color_trc=bt709:range=tv",
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
    "-color_range", "tv",
]  # fmt: skip


def _mp4(recordings: Sequence[Recording], lang: str, fps: float, dpi: int, target: Path) -> None:
    import imageio_ffmpeg

    writer = None
    try:
        for frame in _frames(recordings, lang=lang, dpi=dpi):
            if writer is None:
                h, w = frame.shape[:2]
                writer = imageio_ffmpeg.write_frames(
                    str(target), (w, h), fps=fps, codec="libx264", pix_fmt_out="yuv420p",
                    macro_block_size=2, output_params=["-f", "mp4", *MP4_COLOUR],
                    ffmpeg_log_level="error",
                )  # fmt: skip
                writer.send(None)
            writer.send(frame)
    finally:
        if writer is not None:
            writer.close()


def write(
    recordings: Sequence[Recording],
    out: str | Path,
    *,
    lang: str = "en",
    fps: float = 8.0,
    dpi: int = DPI,
) -> Path:
    """Write the recordings to ``out``, by its extension (:data:`FORMATS`), through a
    temporary name: the file either is complete or does not exist."""
    check_lang(lang)
    out = Path(out)
    kind = out.suffix.lower()
    if kind not in FORMATS:
        raise ValueError(f"out must end in {', '.join(FORMATS)}; got {str(out)!r}")
    if not out.parent.is_dir():
        raise ValueError(f"out: the folder {out.parent} does not exist")
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.tmp{kind}")
    try:
        if kind == ".gif":
            tmp.write_bytes(_gif(recordings, lang, fps, dpi))
        elif kind == ".mp4":
            _mp4(recordings, lang, fps, dpi, tmp)
        else:
            tmp.write_text(_player_html(recordings, lang=lang), encoding="utf-8")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def animate(
    scenario: Any,
    out: str | Path,
    *,
    lang: str = "en",
    versus: Any = None,
    weeks: int = 104,
    n_agents: int = DEFAULT_AGENTS,
    seed: int = DEFAULT_SEED,
    fps: float = 8.0,
    max_shown: int = MAX_SHOWN,
) -> Path:
    """Animate ``scenario`` (and ``versus`` beside it, same seed) to ``out``: ``.gif``,
    ``.mp4`` or ``.html`` (the no-install player). Returns the path written."""
    check_lang(lang)
    if Path(out).suffix.lower() not in FORMATS:
        raise ValueError(f"out must end in {', '.join(FORMATS)}; got {str(out)!r}")
    recordings = record_pair(scenario, versus, weeks=weeks, n_agents=n_agents, seed=seed,
                             max_shown=max_shown)  # fmt: skip
    return write(recordings, out, lang=lang, fps=fps)


# -- the no-install HTML player ---------------------------------------------------------------

#: The catalogue keys the player shows, in both languages.
PLAYER_KEYS = (
    "animation.week", "animation.play", "animation.pause", "animation.speed",
    "animation.phase", "animation.share", "animation.incident", "animation.week_axis",
    "animation.stance_left", "animation.stance_right", "animation.language",
    "animation.no_interventions", "animation.player_title", "animation.interventions",
    "animation.phase_true", "animation.phase_observed",
)  # fmt: skip


def _b64(array: NDArray[Any]) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def _player_data(recordings: Sequence[Recording]) -> dict[str, Any]:
    """What the player embeds: the recordings as base64 of little-endian byte arrays, and
    every label in both languages (the media box's too, outlets and reach written out)."""
    strings: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        own = {key.removeprefix("animation."): text(key, lang) for key in PLAYER_KEYS}
        own.update({f"role.{r}": label(r, lang) for r in (*ROLE_ORDER, "key_figure")})
        own.update({f"phase.{k}": label(k, lang) for k in (1, 2, 3, 4)})
        strings[lang] = own
    runs = []
    for rec in recordings:
        flags = rec.key_figure.astype(np.uint8) | (rec.incident.astype(np.uint8) << 1)
        runs.append(
            {
                "name": rec.name,
                "title": rec.title,
                "caption": {lang: _caption(rec, lang) for lang in LANGUAGES},
                "n": rec.n,
                "shown": len(rec.people),
                "weeks": rec.weeks,
                "positions": _b64(np.rint(rec.positions * 65535).astype("<u2")),
                "edges": _b64(rec.edges.astype("<u2" if len(rec.people) < 65536 else "<u4")),
                "stance": _b64(rec.stance),
                "roles": _b64(rec.roles),
                "flags": _b64(flags),
                "shares": _b64(np.rint(rec.shares * 10000).astype("<u2")),
                "phase": _b64(rec.phase),
                "observed": _b64(rec.observed),
                "interventions": [
                    {"labels": a["labels"], "active": _b64(a["active"].astype(np.uint8))}
                    for a in rec.interventions
                ],
                "media": {lang: _media(rec, lang) for lang in LANGUAGES} if rec.outlets else {},
            }
        )
    return {
        "strings": strings,
        "roles": list(ROLE_ORDER),
        "roleColours": [ROLE_COLOURS[r] for r in ROLE_ORDER],
        "stanceColours": _stance_colours(),
        "phaseColours": list(PHASE_COLOURS),
        "incidentColour": INCIDENT_COLOUR,
        "incidentHalo": INCIDENT_HALO,
        "keyFigureColour": KEY_FIGURE_COLOUR,
        "actColour": OKABE_ITO["blue"],
        "greys": dict(GREYS),
        "runs": runs,
    }


def _stance_colours() -> list[str]:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[STANCE_MAP]
    return [to_hex(cmap(k / 255)) for k in range(256)]


def _player_html(recordings: Sequence[Recording], *, lang: str = "en") -> str:
    """One self-contained HTML file that plays the recordings offline: no address outside
    the file, the script, the style and the data inside it."""
    check_lang(lang)
    data = json.dumps(_player_data(recordings), separators=(",", ":"), ensure_ascii=True)
    data = data.replace("</", "<\\/")
    template = _PLAYER_FILE.read_text(encoding="utf-8")
    return (
        template.replace("__LANG__", lang)
        .replace("__COLOURS__", css_variables())
        .replace("__TITLE__", _html(text("animation.player_title", lang)))
        .replace("__DATA__", data)
    )


def _html(value: str) -> str:
    import html

    return html.escape(value)


#: The player's page (script and style inline); the data goes in at ``__DATA__``, the
#: palette's colours (CSS custom properties) at ``__COLOURS__``.
_PLAYER_FILE = Path(__file__).with_name("player.html")
