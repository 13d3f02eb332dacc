"""The live dashboard for workshops: a city running week by week in the browser.

Built on Mesa's visualisation (``polsim dashboard``, the ``viz`` extra) in the layout of its
SolaraViz page: an app bar, a sidebar with the run's controls and the city's parameters, the
views beside. The model's main parameters are sliders of Mesa's ``ModelCreator`` (their
plausible ranges from :mod:`polsim.model.registry`; they take effect when the city is reset);
reset, play/pause and step work as Mesa's ``ModelController`` does and redraw through Mesa's
update counter; a live network view, the role shares and the KIS phase as live plots, buttons
that start an intervention or a national debate during the run, and a language switch. Every
word on the page comes from :mod:`polsim.text` and every number is written the language's way:
SolaraViz's own controller and cards are labelled in English only, so the page puts Mesa's
parts together itself rather than calling ``SolaraViz``.

The network view is drawn by :class:`_NetworkView`: the layout is computed once per city
(:func:`polsim.outputs.animation.layout`, a seeded sample above :data:`SHOWN` people) and
every week only the colours change, so a redraw costs the same at every size. Interventions
and shocks act only through the model's documented ways in
(:meth:`PolarisationModel.add_policy` with an intervention of :mod:`polsim.interventions`,
:meth:`PolarisationModel.add_shock` with a :class:`polsim.Shock`).

``polsim.outputs.dashboard:Page`` is the Solara page (made when first asked for, so that this
module imports without Solara). Offline: Solara's server answers the page's requests for its
front end from its CDN cache folder, which the ``solara-assets`` package fills and
``scripts/solara-frontend.py`` (run by ``make``) completes with the one package that
``solara-assets`` lags behind; :func:`serve` refuses to start when a part is missing, and
switches Solara's telemetry off before Solara's server is imported.
"""

from __future__ import annotations

import contextlib
import errno
import io
import ipaddress
import os
import re
import socket
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from polsim.interventions import INTERVENTIONS
from polsim.model import PolarisationModel, Shock, registry
from polsim.model.roles import ROLE_NAMES
from polsim.outputs.animation import layout, people_shown, ties_among
from polsim.outputs.palette import (
    GREYS,
    INCIDENT_COLOUR,
    INCIDENT_HALO,
    PHASE_COLOURS,
    ROLE_COLOURS,
    STANCE_MAP,
    css_variables,
)
from polsim.text import LANGUAGES, check_lang, label, number, percent, text
from polsim.validation import DEFAULT_SEED, check_int

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "LiveCity",
    "check_address",
    "frontend_folder",
    "frontend_missing",
    "frontend_packages",
    "live_city",
    "serve",
    "url",
]

#: Where the dashboard listens unless told otherwise: this machine only.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: Where Solara's server would fetch a front-end file missing from its cache folder: a closed
#: port on this machine (the discard port), so that the dashboard never contacts the internet.
NO_CDN = "http://127.0.0.1:9/"
#: The environment variable that carries ``polsim dashboard lang=`` to the page (the language
#: the page opens in; its switch changes it).
LANG_VARIABLE = "POLSIM_DASHBOARD_LANG"
#: The language chosen stands out in the app bar (white on the bar's colour; the other one
#: transparent), and the buttons of the controls wrap in a narrow sidebar. The colours are the
#: palette's, defined for the language switch alone when the page is made (:func:`css_variables`).
PAGE_CSS = """
.polsim-language .v-btn { background: transparent !important; color: var(--white) !important; }
.polsim-language .v-btn--active { background: var(--white) !important;
  color: var(--ink) !important; font-weight: 700; }
.polsim-strength { margin-bottom: 14px; }
.polsim-strength .v-btn { white-space: normal; height: auto !important; min-height: 36px;
  padding-top: 6px; padding-bottom: 6px; }
.polsim-strength .v-btn__content { white-space: normal; text-align: left; }
.polsim-running { margin-top: 8px; }
.polsim-sliders .v-slider.v-input--horizontal { grid-template-areas: "prepend" "control";
  grid-template-columns: 100%; }
.polsim-sliders .v-slider .v-input__prepend { margin-inline-end: 0; margin-bottom: -6px; }
.polsim-network img, .polsim-plots img { max-width: 100%; height: auto; }
"""
#: The two columns of views (the city now and its plots; the network) side by side, one
#: below the other when the window is narrower than two of them.
PANELS_STYLE = {"flex-wrap": "wrap", "align-items": "flex-start"}
PANEL_STYLE = {"flex": "1 1 360px", "min-width": "340px"}
READOUT_STYLE = {"font-size": "1.15em", "font-weight": "500"}
#: Milliseconds between two weeks while playing (a slider changes it).
PLAY_INTERVAL = 150
#: The model parameters shown as sliders, over their plausible ranges.
SLIDER_PARAMETERS = (
    "resilience_mean",
    "media_amplification",
    "online_amplification",
    "shock_rate",
)
#: The city's size on the dashboard: small enough to step live.
N_AGENTS_RANGE = (200, 2000)
#: The city the dashboard starts with: the model's default city (its registry's).
N_AGENTS_DEFAULT = int(registry.PARAMETERS["n_agents"].default)
#: The interventions a button starts. Each one's strength slider is its class's own control
#: (:attr:`polsim.interventions.Intervention.control`: the field it sets, its range, step and
#: starting value).
INTERVENTION_BUTTONS = ("resilient_middle", "key_figures", "media_restraint")
#: A national debate started by the shock button: this many weeks, reaching everybody.
SHOCK_WEEKS = 6
#: The shock button's strength slider: range, step and starting value.
SHOCK_STRENGTH = (0.05, 1.0, 0.05, 0.2)


def _strength(kind: str) -> tuple[float, float, float, float]:
    control = INTERVENTIONS[kind].control
    if control is None:
        raise ValueError(f"intervention kind {kind!r} declares no control for a slider")
    return (control.low, control.high, control.step, control.start)


#: Each strength slider's range, step and starting value, read from the interventions' classes
#: (and the shock's).
STRENGTHS = {**{kind: _strength(kind) for kind in INTERVENTION_BUTTONS}, "shock": SHOCK_STRENGTH}
#: Size of the network view in inches at :data:`DPI` dots per inch; the plots at PLOT_DPI.
DPI = 72
PLOT_DPI = 110
#: At most this many people in the network view (a seeded sample above it), and the spring
#: layout's iterations: the layout is computed at start and at every reset, so it must be quick.
SHOWN = 1000
#: The roles in the shares plot (key figures are an assignment, not a share of the roles).
PLOTTED_ROLES = ("pusher", "joiner", "silent", "bridge_builder", "scapegoat")
LAYOUT_ITERATIONS = 15
#: The seed of every city the dashboard makes, unless told otherwise: polsim's default seed.
SEED = DEFAULT_SEED
#: How Solara's page template names a front-end package: ``{{cdn}}/@widgetti/<name>@<version>/``
#: (with ``requirejs`` and ``font-awesome``, which ``solara-assets`` always has).
FRONTEND_PATTERN = r"\{\{cdn\}\}/(@widgetti/[a-z0-9-]+@[0-9][0-9A-Za-z.-]*)/"
#: How Solara's Markdown component names KaTeX: ``${this.getCdn()}/katex@<version>/dist/...``
KATEX_PATTERN = r"/(katex@[0-9][0-9A-Za-z.-]*)/dist/"


def _registry_slider(name: str, lang: str, value: float | None = None) -> Any:
    from mesa.visualization import Slider

    p = registry.PARAMETERS[name]
    low, high = p.plausible
    value = p.default if value is None else value
    if p.kind is int:
        return Slider(_slider_label(name, value, lang), value=int(value),
                      min=int(low), max=int(high), step=1)  # fmt: skip
    step = round((high - low) / 50, 6) or 0.001
    return Slider(_slider_label(name, value, lang), value=float(value),
                  min=float(low), max=float(high), step=step, dtype=float)  # fmt: skip


def _slider_label(name: str, value: float, lang: str = "en") -> str:
    """A parameter slider's label with the value it is set to, written the language's way
    (``versterking door media: 0,15``): what a reset will build, readable before it."""
    return f"{text(f'dashboard.param.{name}', lang)}: {number(float(value), lang)}"


def _model_params(lang: str = "en", values: dict[str, Any] | None = None) -> dict[str, Any]:
    """Mesa's ``model_params`` (for its ``ModelCreator``): the sliders, labelled in ``lang``,
    at ``values`` where given (what was chosen) and else at the defaults, and the fixed seed."""
    from mesa.visualization import Slider

    lang = check_lang(lang)
    values = values or {}
    size = int(values.get("n_agents", N_AGENTS_DEFAULT))
    params: dict[str, Any] = {
        "n_agents": Slider(
            _slider_label("n_agents", size, lang),
            value=size,
            min=N_AGENTS_RANGE[0],
            max=N_AGENTS_RANGE[1],
            step=100,
        ),
    }
    for name in SLIDER_PARAMETERS:
        params[name] = _registry_slider(name, lang, values.get(name))
    params["rng"] = SEED
    params["create_agents"] = False
    return params


class LiveCity(PolarisationModel):
    """The dashboard's city: a :class:`PolarisationModel` that Mesa's SolaraViz can rebuild.

    Mesa's reset passes a ``scenario`` (:class:`mesa.experimental.scenarios.Scenario`) to the
    constructor, holding the seed (``rng``) the page was given; the city's parameters come as
    keywords. The seed is :data:`SEED` when neither gives one: the same clicks, the same city.
    (The dashboard's own reset passes the parameters and the seed as keywords.)
    """

    def __init__(self, *, scenario: Any = None, **kwargs: Any) -> None:
        if kwargs.get("rng") is None:
            kwargs["rng"] = getattr(scenario, "rng", None)
            if kwargs["rng"] is None:
                kwargs["rng"] = SEED
        super().__init__(**kwargs)


def _readout(model: PolarisationModel, lang: str = "en") -> str:
    """The week, the city's size and its KIS phase, in ``lang`` (Markdown)."""
    phase = int(model.latest.get("phase", 1))
    return text("dashboard.readout", lang, week=int(model.steps), n=number(model.n, lang),
                phase=phase, phase_name=label(phase, lang))  # fmt: skip


def _strength_label(kind: str, value: float, lang: str = "en") -> str:
    """The label of a strength slider with its value: ``weerbare midden, aandeel bereikt:
    30%`` (``kind`` one of :data:`INTERVENTION_BUTTONS`, or ``"shock"``)."""
    return f"{text(f'dashboard.strength.{kind}', lang)}: {percent(value, lang)}"


def _running_readout(model: PolarisationModel, lang: str = "en") -> str:
    """What acts on the city this week: the interventions started and not stopped, and the
    national debates under way with the week they end."""
    week = int(model.steps)
    running = [p.label(lang) for p in _acting(model)]
    lines = [text("dashboard.running", lang,
                  what=", ".join(running) or text("dashboard.none", lang))]  # fmt: skip
    for shock in model.shocks:
        if shock.start <= week < shock.start + shock.duration:
            lines.append(text("dashboard.debate_running", lang, end=shock.start + shock.duration,
                              strength=percent(shock.strength, lang)))  # fmt: skip
    return " · ".join(lines)


def _parameter_readout(params: Mapping[str, Any], lang: str = "en") -> str:
    """The city's size and the sliders' parameters as the city runs them, numbers in the
    language's notation (``gemiddelde weerbaarheid = 0,5``)."""
    return " · ".join(
        f"{text(f'dashboard.param.{name}', lang)} = {number(float(params[name]), lang)}"
        for name in ("n_agents", *SLIDER_PARAMETERS)
    )


def live_city(n_agents: int = N_AGENTS_DEFAULT, **parameters: Any) -> LiveCity:
    """The dashboard's city: the default city of ``n_agents`` people, no Mesa agent views."""
    n = check_int(n_agents, "n_agents", low=N_AGENTS_RANGE[0], high=N_AGENTS_RANGE[1])
    parameters.setdefault("rng", SEED)
    parameters.setdefault("create_agents", False)
    return LiveCity(n_agents=n, **parameters)


def _start_intervention(model: PolarisationModel, kind: str, strength: float) -> Any:
    """Start an intervention of ``kind`` (one of :data:`INTERVENTION_BUTTONS`) this week, with
    its strength field set to ``strength``; it joins the model's policies."""
    from polsim.interventions import build

    if kind not in INTERVENTION_BUTTONS:
        raise ValueError(f"kind must be one of {', '.join(INTERVENTION_BUTTONS)}; got {kind!r}")
    if _running_intervention(model, kind) is not None:
        raise ValueError(f"a {kind} intervention is running already: stop it first")
    week = int(model.steps)
    control = INTERVENTIONS[kind].control
    assert control is not None  # every button's kind has one (STRENGTHS checks it)
    iv = build({"type": kind, "start": week, control.field: float(strength)}, kind)
    # seeded by the week and the number of policies: the same clicks give the same run
    iv.rng = np.random.default_rng(np.random.SeedSequence([SEED, week, len(model.policies)]))
    model.add_policy(iv)
    return iv


def _acting(model: PolarisationModel) -> list[Any]:
    """The interventions that act in the weeks to come: started, or starting with the next
    week, and neither stopped nor stopping (the readout and the buttons agree on this)."""
    from polsim.interventions import Intervention

    week = int(model.steps)
    return [p for p in model.policies if isinstance(p, Intervention) and p.stopped_at is None
            and (p.end is None or p.end > week)]  # fmt: skip


def _running_intervention(model: PolarisationModel, kind: str) -> Any:
    """The intervention of ``kind`` that acts in the weeks to come, or None."""
    return next((p for p in _acting(model) if p.kind == kind), None)


def _stop_intervention(model: PolarisationModel, kind: str) -> Any:
    """Stop the intervention of ``kind`` from the next week the city runs: through its schedule
    (its ``end``), so that it finishes as any intervention does; one that has not acted yet is
    withdrawn (it never began, so there is nothing to finish)."""
    iv = _running_intervention(model, kind)
    if iv is None:
        raise ValueError(f"no {kind} intervention is running")
    if iv.started_at is None:
        model.policies.remove(iv)
    else:
        iv.end = int(model.steps)
    return iv


def _start_shock(model: PolarisationModel, strength: float) -> Shock:
    """Start a national debate this week: ``strength`` for :data:`SHOCK_WEEKS` weeks, for all."""
    shock = Shock(start=int(model.steps), duration=SHOCK_WEEKS, strength=float(strength),
                  reach=1.0, name="national debate")  # fmt: skip
    model.add_shock(shock)
    return shock


def _png(fig: Any, dpi: int = DPI) -> bytes:
    buffer = io.BytesIO()
    # light compression: a redraw every week is worth more than a few kilobytes on localhost
    fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


@dataclass
class _NetworkView:
    """The network of one city in a layout computed once; :meth:`png` draws the current week.

    People are coloured by stance (purple one pole, orange the other), outlined by role; people
    in an incident this week are marked. Above :data:`SHOWN` people a seeded sample is shown.
    """

    model: PolarisationModel
    figure: Any = None
    people: NDArray[np.int64] | None = None
    _dots: Any = None
    _incidents: Any = None
    _halo: Any = None
    _title: Any = None

    def __post_init__(self) -> None:
        from matplotlib import colormaps
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.collections import LineCollection
        from matplotlib.figure import Figure

        model = self.model
        people = people_shown(model.n, SHOWN, SEED)
        edges = ties_among(model, people)
        xy = layout(len(people), edges, seed=SEED, iterations=LAYOUT_ITERATIONS)
        self.people = people
        self._xy = xy
        self._cmap = colormaps[STANCE_MAP]
        self._role_edge = np.array([_rgba(ROLE_COLOURS[name]) for name in ROLE_NAMES])
        fig = Figure(figsize=(6.0, 6.4), dpi=DPI)
        # the people above, the legend below them
        ax = fig.add_axes((0.0, 0.14, 1.0, 0.80))
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        # the ties never move: drawn once into a picture that every week's figure starts from
        ties = ax.add_collection(
            LineCollection(list(xy[edges]), colors=GREYS["line"], linewidths=0.3, zorder=1)
        )
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        background = np.asarray(canvas.buffer_rgba()).copy()
        ties.remove()
        fig.figimage(background, zorder=0)
        ax.set_zorder(1)  # the people above the picture of the ties
        self._dots = ax.scatter(xy[:, 0], xy[:, 1], s=14, linewidths=0.6, zorder=2)
        # incidents as in the player: a thick black ring on a white halo, larger than any dot
        self._halo = ax.scatter(
            [], [], s=70, facecolors="none", edgecolors=INCIDENT_HALO, linewidths=3.2, zorder=3
        )
        self._incidents = ax.scatter(
            [], [], s=70, facecolors="none", edgecolors=INCIDENT_COLOUR, linewidths=1.6, zorder=4
        )
        self._title = fig.text(0.02, 0.96, "", fontsize=11)
        self._legend: Any = None
        self._legend_lang = ""
        self.figure = fig

    def _show_legend(self, lang: str) -> None:
        """The key to the picture in ``lang``: the stance colours, the role outlines and the
        incident ring, drawn as the people are."""
        if self._legend_lang == lang:
            return
        from matplotlib.lines import Line2D

        if self._legend is not None:
            self._legend.remove()

        def dot(face: Any, edge: Any, label_text: str, size: float = 7.0,
                width: float = 1.2) -> Any:  # fmt: skip
            return Line2D([], [], ls="", marker="o", ms=size, mfc=face, mec=edge, mew=width,
                          label=label_text)  # fmt: skip

        cmap = self._cmap
        handles = [
            dot(cmap(0.0), cmap(0.0), text("animation.stance_left", lang)),
            dot(cmap(0.5), ROLE_COLOURS["silent"], label("silent", lang)),
            dot(cmap(1.0), cmap(1.0), text("animation.stance_right", lang)),
            *(dot(GREYS["white"], ROLE_COLOURS[role], label(role, lang), width=1.8)
              for role in ("pusher", "joiner", "bridge_builder", "scapegoat")),
            dot("none", INCIDENT_COLOUR, text("animation.incident", lang), size=9, width=1.8),
        ]  # fmt: skip
        self._legend = self.figure.legend(handles=handles, loc="lower center", ncols=3,
                                          fontsize=9, frameon=False, handletextpad=0.3,
                                          columnspacing=1.0)  # fmt: skip
        self._legend_lang = lang

    def update(self, lang: str = "en") -> None:
        """Show the model's current week on the figure (colours and the caption only)."""
        self._show_legend(lang)
        model, people = self.model, self.people
        assert people is not None
        self._dots.set_facecolors(self._cmap((model.x[people] + 1.0) / 2.0))
        self._dots.set_edgecolors(self._role_edge[model.roles[people]])
        hit = model.incidents[people]
        where = self._xy[hit] if hit.any() else np.empty((0, 2))
        self._halo.set_offsets(where)
        self._incidents.set_offsets(where)
        shown = len(people)
        key = "dashboard.network_all" if shown == model.n else "dashboard.network_sample"
        counts = {"shown": number(shown, lang), "n": number(model.n, lang)}
        self._title.set_text(text(key, lang, week=int(model.steps), **counts))

    def png(self, lang: str = "en") -> bytes:
        """The current week as a PNG."""
        self.update(lang)
        return _png(self.figure)


def _rgba(colour: str) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(colour)


@dataclass
class _PlotsView:
    """Role shares and the KIS phase week by week for one city; :meth:`png` draws them up to
    the current week (the figure is made once; only the lines' data change)."""

    model: PolarisationModel
    lang: str = "en"
    figure: Any = None

    def __post_init__(self) -> None:
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator, PercentFormatter

        lang = check_lang(self.lang)
        # small in inches and drawn at PLOT_DPI: the words stay readable in a panel a third of
        # a projector's width
        fig = Figure(figsize=(4.6, 4.2), dpi=PLOT_DPI)
        fig.subplots_adjust(left=0.17, right=0.97, top=0.84, bottom=0.12, hspace=0.14)
        top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 1)})
        self._lines = {
            role: top.plot([], [], color=ROLE_COLOURS[role], lw=1.6, label=label(role, lang))[0]
            for role in PLOTTED_ROLES
        }
        top.set_ylim(0, 1.02)
        top.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        top.set_ylabel(text("animation.share", lang))
        top.legend(loc="lower center", bbox_to_anchor=(0.45, 1.0), fontsize=10, ncols=3,
                   frameon=False, handlelength=1.2, columnspacing=0.8)  # fmt: skip
        (self._phase,) = bottom.step([], [], where="post", color=GREYS["dark"], lw=1.4)
        for k, colour in enumerate(PHASE_COLOURS, start=1):
            bottom.axhspan(k - 0.5, k + 0.5, color=colour, alpha=0.25, lw=0)
        bottom.set_ylim(0.5, 4.5)
        bottom.set_yticks([1, 2, 3, 4])
        bottom.set_ylabel(text("animation.phase", lang))
        bottom.set_xlabel(text("animation.week_axis", lang))
        bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
        self._axes = (top, bottom)
        self.figure = fig

    def png(self) -> bytes:
        """The weeks run so far as a PNG."""
        m = self.model.metrics
        weeks = m["step"].to_numpy()
        for role, line in self._lines.items():
            line.set_data(weeks, m[role].to_numpy())
        self._phase.set_data(weeks, m["phase"].to_numpy())
        self._axes[1].set_xlim(0, max(10, int(weeks[-1]) + 1))
        return _png(self.figure, PLOT_DPI)


def _plots_png(model: PolarisationModel, lang: str = "en") -> bytes:
    """Role shares and the KIS phase, week by week, as a PNG (labels in ``lang``)."""
    return _PlotsView(model, lang).png()


# -- the Solara page --------------------------------------------------------------------------


def _make_page() -> Any:
    import solara
    import solara.lab
    from mesa.visualization.solara_viz import ModelCreator
    from mesa.visualization.utils import force_update, update_counter

    lang_state = solara.reactive(check_lang(os.environ.get(LANG_VARIABLE, "en")))

    @solara.component
    def NetworkPanel(model: PolarisationModel, lang: str, tick: int) -> None:  # noqa: N802
        update_counter.get()
        view = solara.use_memo(lambda: _NetworkView(model), [model])
        with solara.Card(text("dashboard.network", lang), classes=["polsim-network"]):
            solara.Image(view.png(lang), format="png")

    @solara.component
    def PlotsPanel(model: PolarisationModel, lang: str, tick: int) -> None:  # noqa: N802
        update_counter.get()
        view = solara.use_memo(lambda: _PlotsView(model, lang), [model, lang])
        with solara.Card(text("dashboard.plots", lang), classes=["polsim-plots"]):
            solara.Image(view.png(), format="png")

    @solara.component
    def CityNowPanel(model: PolarisationModel, lang: str, tick: int) -> None:  # noqa: N802
        update_counter.get()
        with solara.Card(text("dashboard.city", lang)):
            with solara.Div(classes=["polsim-week"]):
                solara.Text(_readout(model, lang), style=READOUT_STYLE)
            solara.Text(_parameter_readout(model.params, lang), classes=["polsim-readout"])

    @solara.component
    def ActPanel(model: PolarisationModel, lang: str, tick: int) -> None:  # noqa: N802
        update_counter.get()
        strengths = solara.use_reactive({k: STRENGTHS[k][3] for k in INTERVENTION_BUTTONS})
        shock = solara.use_reactive(STRENGTHS["shock"][3])
        # a click re-draws the panel (the list of what runs)
        _, set_clicks = solara.use_state(0)

        def intervene(kind: str) -> None:
            if _running_intervention(model, kind) is None:
                _start_intervention(model, kind, strengths.value[kind])
            else:
                _stop_intervention(model, kind)
            set_clicks(lambda n: n + 1)

        def starter(kind: str) -> Callable[[], None]:
            # a closure of no arguments: Solara passes a click's data to a callback that takes any
            return lambda: intervene(kind)

        def setter(kind: str) -> Callable[[float], None]:
            return lambda value: strengths.set({**strengths.value, kind: value})

        def debate() -> None:
            _start_shock(model, shock.value)
            set_clicks(lambda n: n + 1)

        with solara.Card(text("dashboard.act", lang), classes=["polsim-act"]):
            # each strength on a line of its own, its value written the language's way, the
            # slider below at the card's full width (a label beside it left no room)
            for kind in INTERVENTION_BUTTONS:
                low, high, step, _ = STRENGTHS[kind]
                # a running intervention is stopped by its button, not started a second time
                running = _running_intervention(model, kind) is not None
                what = text(f"intervention.{kind}", lang)
                with solara.Div(classes=["polsim-strength", f"polsim-strength-{kind}"]):
                    solara.Text(_strength_label(kind, strengths.value[kind], lang))
                    solara.SliderFloat("", value=strengths.value[kind], on_value=setter(kind),
                                       min=low, max=high, step=step, thumb_label=False,
                                       disabled=running)  # fmt: skip
                    solara.Button(
                        text("dashboard.stop" if running else "dashboard.start", lang, what=what),
                        on_click=starter(kind), outlined=running,
                        color="secondary", classes=[f"polsim-start-{kind}"],
                    )  # fmt: skip
            with solara.Div(classes=["polsim-strength", "polsim-strength-shock"]):
                low, high, step, _ = STRENGTHS["shock"]
                solara.Text(_strength_label("shock", shock.value, lang))
                solara.SliderFloat("", value=shock, min=low, max=high, step=step,
                                   thumb_label=False)  # fmt: skip
                solara.Button(text("dashboard.shock", lang), on_click=debate, color="error",
                              classes=["polsim-shock"])  # fmt: skip
            with solara.Div(classes=["polsim-running"]):
                solara.Text(_running_readout(model, lang))

    @solara.component
    def CityController(  # noqa: N802
        model: solara.Reactive[LiveCity],
        parameters: solara.Reactive[dict[str, Any]],
        interval: solara.Reactive[int],
        lang: str,
    ) -> None:
        """Reset, play/pause and step, as Mesa's ``ModelController`` does them, in ``lang``."""
        playing = solara.use_reactive(False)

        def advance() -> None:
            model.value.step()
            force_update()

        def loop() -> None:
            # a thread of its own while playing; a click on pause cancels it (a new dependency)
            while playing.value:
                time.sleep(interval.value / 1000)
                if playing.value:
                    advance()

        solara.lab.use_task(loop, dependencies=[playing.value], prefer_threaded=True)

        def reset() -> None:
            # the city anew from the sliders (and the fixed seed): the same sliders, the same city
            playing.set(False)
            model.set(live_city(**parameters.value))

        with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}):
            solara.Button(text("dashboard.reset", lang), color="primary", on_click=reset,
                          classes=["polsim-reset"])  # fmt: skip
            solara.Button(
                text("dashboard.pause" if playing.value else "dashboard.play", lang),
                color="primary", on_click=lambda: playing.set(not playing.value),
                classes=["polsim-play"],
            )  # fmt: skip
            solara.Button(text("dashboard.step", lang), color="primary", on_click=advance,
                          disabled=playing.value, classes=["polsim-step"])  # fmt: skip

    @solara.component
    def Page() -> None:  # noqa: N802 (Solara's convention)
        lang = lang_state.value
        initial = solara.use_memo(live_city, [])
        model: solara.Reactive[LiveCity] = solara.use_reactive(initial)
        # the values of the sliders, for the next reset (Mesa's ModelCreator keeps them)
        parameters = solara.use_reactive(cast(dict[str, Any], {}))
        interval = solara.use_reactive(PLAY_INTERVAL)
        # Mesa's signal that the model stepped: given to the panels, so they draw the week again
        tick = update_counter.get()
        city = model.value
        solara.Style(css_variables(".polsim-language") + PAGE_CSS)
        with solara.AppBar():
            solara.AppBarTitle(text("dashboard.title", lang))
            with solara.Div(classes=["polsim-language"]):
                solara.ToggleButtonsSingle(value=lang_state, values=list(LANGUAGES))
            solara.lab.ThemeToggle()
        with solara.Sidebar(), solara.Column():
            with solara.Card(text("dashboard.controls", lang)):
                with solara.Div(classes=["polsim-sliders"]):
                    solara.SliderInt(
                        f"{text('dashboard.interval', lang)}: {number(interval.value, lang)}",
                        value=interval, min=20, max=1000, step=10, thumb_label=False,
                    )  # fmt: skip
                CityController(model, parameters, interval, lang)
            # the buttons that act on the running city, beside the views (the sidebar scrolls)
            ActPanel(city, lang, tick)
            with solara.Card(text("dashboard.parameters", lang)):
                # labels above the sliders with their values; the sliders keep what was chosen
                # when the language changes
                with solara.Div(classes=["polsim-sliders", "polsim-parameters"]):
                    ModelCreator(model, _model_params(lang, parameters.value),
                                 model_parameters=parameters)  # fmt: skip
                solara.Text(text("dashboard.parameters_note", lang))
        solara.Title(text("dashboard.title", lang))
        # the panels side by side on a wide screen, below one another on a narrow one
        with solara.Row(classes=["polsim-panels"], style=PANELS_STYLE):
            with solara.Column(style=PANEL_STYLE):
                CityNowPanel(city, lang, tick)
                PlotsPanel(city, lang, tick)
            with solara.Column(style=PANEL_STYLE):
                NetworkPanel(city, lang, tick)

    return Page


def __getattr__(name: str) -> Any:
    # Solara is imported only when the page is asked for (by Solara's server); the rest of
    # this module works without the viz extra
    if name == "Page":
        page = _make_page()
        globals()["Page"] = page
        return page
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, lang: str = "en") -> None:
    """Serve the dashboard at ``http://host:port`` until interrupted (Ctrl+C); the page opens
    in ``lang``.

    Solara's telemetry is switched off and the front end is served from the ``solara-assets``
    package's files, so nothing is fetched from or sent to the internet. The few environment
    variables Solara reads (:func:`_server_environment`) are set only while the server runs
    and restored when it stops.
    """
    host, port = check_address(host, port)
    lang = check_lang(lang)
    with _environment(_server_environment(lang)):
        import solara.server.settings as settings
        import solara.settings

        settings.telemetry.mixpanel_enable = False
        settings.theme.show_banner = False  # no "runs on Solara" banner (in English only)
        settings.theme.title = "polsim"  # what the browser tab says until the page has drawn
        solara.settings.assets.cdn = NO_CDN
        _run_server(host, port)


def _server_environment(lang: str) -> dict[str, str]:
    """The environment variables the server needs, set only while it runs
    (:func:`_environment`): Solara reads them when its modules are first imported, before any
    of its settings can be changed in code, and the page reads the language when it is made.

    - ``POLSIM_DASHBOARD_LANG``: the language the page opens in (:data:`LANG_VARIABLE`);
    - ``SOLARA_APP``: the page Solara's server serves, read when the server is imported;
    - ``SOLARA_TELEMETRY_MIXPANEL_ENABLE``: no usage statistics, not even at import;
    - ``SOLARA_ASSETS_CDN``: a front-end file missing from the cache folder is asked of a
      closed port on this machine, never of the public CDN.
    """
    return {
        LANG_VARIABLE: lang,
        "SOLARA_APP": f"{__name__}:Page",
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        "SOLARA_ASSETS_CDN": NO_CDN,
    }


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """``values`` set in the environment inside the block; each variable as it was after it."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run_server(host: str, port: int) -> None:
    import uvicorn

    missing = frontend_missing()
    if missing:
        raise ValueError(
            f"the dashboard's front end is not installed ({', '.join(missing)} missing in "
            f"{frontend_folder()}): run make, or python scripts/solara-frontend.py"
        )
    # Solara warns at every page load that a host other than "localhost" gets a "lax" session
    # cookie: right for a dashboard that is not embedded in another site
    with warnings.catch_warnings():  # the filter only while the server runs
        warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
        uvicorn.run("solara.server.starlette:app", host=host, port=port, log_level="warning")


def check_address(host: object, port: object) -> tuple[str, int]:
    """``host`` and ``port`` to listen on, each refused in one line naming it: the host must be
    an IP address of this machine (or ``localhost``), the port a whole number in [1, 65535]
    that no other program holds."""
    if not isinstance(host, str) or not _is_address(host):
        raise ValueError(
            "host must be an IP address of this machine: 127.0.0.1 (this machine only, the "
            f"default), ::1, or 0.0.0.0 (every network it is on); got {host!r}"
        )
    port = check_int(port, "port", low=1, high=65535)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        # as the server will: an address left in TIME_WAIT by a server just stopped is free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if exc.errno == errno.EADDRINUSE:
                raise ValueError(
                    f"port={port}: cannot listen on {url(host, port)} ({reason}); another "
                    "program has it: choose another port with port="
                ) from None
            raise ValueError(
                f"host={host}: cannot listen there ({reason}); it is not an address of this "
                "machine: use 127.0.0.1, or 0.0.0.0 for every network it is on"
            ) from None
    return host, port


def _is_address(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def url(host: str, port: int) -> str:
    """The page's address: ``http://127.0.0.1:8765/``, an IPv6 address in brackets."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def frontend_folder() -> Path:
    """Solara's CDN cache folder, where its server looks for the front end first."""
    import solara.server.settings as settings

    return Path(settings.assets.proxy_cache_dir)


def frontend_packages() -> list[str]:
    """The front-end packages (``name@version``) that Solara's page template loads, and the
    KaTeX that its Markdown component loads (for any Markdown on the page)."""
    import solara.components
    import solara.server

    template = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"
    found = re.findall(FRONTEND_PATTERN, template.read_text(encoding="utf-8"))
    markdown = Path(solara.components.__file__).parent / "markdown.py"
    found += re.findall(KATEX_PATTERN, markdown.read_text(encoding="utf-8"))
    return sorted(set(found))


def frontend_missing() -> list[str]:
    """The front-end packages not (yet) in :func:`frontend_folder` (none: works offline)."""
    root = frontend_folder()
    return [spec for spec in frontend_packages() if not (root / spec / "package.json").exists()]
