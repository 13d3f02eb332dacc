"""A self-contained HTML report of a comparison for a municipal council, in English or Dutch,
with its data.

Written for a council member who is not a modeller and reads it in a browser or prints it
(the browser's "save as PDF" gives a clean A4 document: every section starts on a new page,
nothing has a dark background). In order:

1. a one-screen summary: what was compared, what helps most (with its interval), how sure we
   are, what it costs, and a warning when a scenario changes the city itself;
2. the scenarios: each intervention in sentences generated from its settings (who, how many,
   from which week to which, at what level, at what cost), the number of residents of each
   scenario and the network in words;
3. every outcome defined in words, each with a figure of every scenario's effect and its 95%
   interval (shares in percentage points, labelled as such);
4. how the scenarios unfold: small multiples of the silent middle, the roles (bridge builders
   and scapegoats on their own scale) and the KIS phase, in the Okabe-Ito colour-blind-safe
   palette with direct labels;
5. how sure the results are, the settings, what the model can and cannot say, the data and
   the command that reproduces the report.

A scenario that changes the city itself (its size or network, :data:`CITY_PARAMETERS`) is
compared with a different city than the baseline's: the report flags it in the summary and
beside the scenario rather than refusing it, so that a deliberate comparison of city sizes
stays possible. Images are embedded, so the file opens offline and makes no requests.

Every word comes from the text catalogue (:mod:`polsim.text`, keys ``report.``) and every
number is formatted for the report's language: ``40.000`` and ``0,5`` in Dutch, ``40,000``
and ``0.5`` in English.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import io
import itertools
import math
import os
import re
import shutil
import tempfile
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter, MaxNLocator

from polsim import __version__
from polsim.interventions import INTERVENTIONS, Intervention, build
from polsim.model import registry
from polsim.model.context import CitySize
from polsim.outputs.figures import locale_ticks, plain
from polsim.outputs.palette import GREYS, OKABE_ITO, PHASE_COLOURS, ROLE_COLOURS, css_variables
from polsim.runs.comparison import OUTCOMES, READINGS, Comparison
from polsim.scenarios import NETWORK_KINDS, Scenario
from polsim.text import CATALOGUE, check_lang, label, money, number, percent, points, text

__all__ = [
    "CITY_PARAMETERS",
    "TEXT",
    "city_changes",
    "report_figures",
    "residents",
    "write_report",
    "write_sensitivity_report",
]

#: The report's entries of the text catalogue, without their ``report.`` prefix (read-only
#: view for code written against earlier versions; the catalogue is :mod:`polsim.text`).
TEXT: dict[str, dict[str, str]] = {
    key.removeprefix("report."): entry
    for key, entry in CATALOGUE.items()
    if key.startswith("report.")
}

#: The colours of the report's own marks (the roles' and the phases' are the palette's): the
#: baseline's line, dashed behind a scenario's; an effect that is better, worse, not clear.
BASELINE_COLOUR = GREYS["dark"]
BETTER_COLOUR = OKABE_ITO["blue"]
WORSE_COLOUR = OKABE_ITO["vermillion"]
UNCLEAR_COLOUR = GREYS["muted"]
#: The most decimals an effect is shown with (values closer to zero are noise of the sums).
_MOST_DIGITS = 12
#: The data tables written beside the report, in the order the report lists them.
TABLES = ("trajectories", "outcomes", "effects", "summary", "ranking")
#: Model parameters that make the city itself: a scenario setting one of them otherwise than
#: the baseline is compared with a different city, not the same city with an intervention.
CITY_PARAMETERS = ("n_agents", "network_degree", "network_rewiring", "online_degree")
#: Outcomes that are shares (effects in percentage points) and in weeks; the others are
#: numbers in their own unit (tolerance 0-1, incidents per 1,000 residents).
_SHARE_OUTCOMES = {"final_silent", "mean_silent", "final_polarised", "scapegoats",
                   "reached_phase_4"}  # fmt: skip
_WEEK_OUTCOMES = {"weeks_phase_3_or_4", "week_reaching_phase_3", "week_reaching_phase_4"}
#: Intervention settings the sentence names itself (the rest are its "level").
_SCHEDULE = {"type", "start", "end", "trigger", "coverage", "budget", "cost_per_unit",
             "targeting"}  # fmt: skip
_SHARES = {"share", "max_share", "level", "strength", "effect", "decay"}


def _t(key: str, lang: str, **fields: str) -> str:
    """The catalogue's text as HTML: the text escaped, then ``fields`` (HTML already) filled in."""
    return html.escape(text(key, lang), quote=False).format(**fields)


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _title(result: Comparison, name: str, lang: str) -> str:
    for s in result.scenarios:
        if s.name == name:
            return s.title[lang] or name
    return name


def _counted(key: str, amount: int, lang: str, **fields: str) -> str:
    """:func:`_t` of ``key`` for ``amount`` things: its singular variant ``key.one`` (a verb
    and pronouns in the singular) when ``amount`` is 1 and the catalogue has one."""
    one = f"{key}.one"
    return _t(one if amount == 1 and one in CATALOGUE else key, lang, **fields)


def _sentence(words: str) -> str:
    """``words`` as a sentence: a capital first letter and a full stop at the end."""
    words = words.strip()
    return words[:1].upper() + words[1:] + ("" if words.endswith((".", "!", "?")) else ".")


def _quoted(title: str, lang: str) -> str:
    """``title`` (HTML) in the quotation marks of ``lang``: a scenario's title inside a
    sentence, so that its own colons, commas and capitals read as part of the name."""
    return _t("report.quoted", lang, title=title)


def _outcome(outcome: str, lang: str) -> str:
    """What ``outcome`` is called inside a sentence, with its article ("the silent middle at
    the end", "het stille midden aan het eind"); its label where the catalogue has no phrase."""
    key = f"report.outcome.{outcome}"
    return text(key, lang) if key in CATALOGUE else OUTCOMES[outcome].label(lang)


def _names(items: Sequence[str], lang: str) -> str:
    """``a``, ``a and b``, ``a, b and c`` in ``lang``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text('report.and', lang)} {items[-1]}"


# -- the city of each scenario ------------------------------------------------------------------


def _parameters(result: Comparison, scenario: Scenario) -> dict[str, Any]:
    """The model parameters a scenario ran with: the comparison's, its own winning."""
    return registry.resolve({**result.settings["parameters"], **scenario.parameters})


def residents(result: Comparison) -> dict[str, int]:
    """The real number of residents of each scenario of ``result``, by name."""
    return {s.name: int(_parameters(result, s)["n_agents"]) for s in result.scenarios}


def city_changes(result: Comparison) -> dict[str, list[str]]:
    """The scenarios whose city differs from the baseline's (:data:`CITY_PARAMETERS`), each
    with the parameters that differ."""
    base = next(s for s in result.scenarios if s.name == result.settings["baseline"])
    reference = _parameters(result, base)
    changed = {}
    for s in result.scenarios:
        own = _parameters(result, s)
        keys = [k for k in CITY_PARAMETERS if own[k] != reference[k]]
        if keys:
            changed[s.name] = keys
    return changed


def _city(result: Comparison, name: str, keys: Sequence[str], counts: Mapping[str, int],
          lang: str) -> str:  # fmt: skip
    """How the city of scenario ``name`` differs (the parameters ``keys``), as HTML: its
    number of residents, or a setting of its network and its value."""
    own = _parameters(result, next(s for s in result.scenarios if s.name == name))
    words = [
        _t("report.n_residents", lang, n=number(counts[name], lang)) if key == "n_agents"
        else f"{_t(f'parameter.{key}', lang)} {number(float(own[key]), lang)}"
        for key in keys
    ]  # fmt: skip
    return _names(words, lang)


# -- numbers with their units -------------------------------------------------------------------


def _scale(outcome: str) -> float:
    return 100.0 if outcome in _SHARE_OUTCOMES else 1.0


def _fewest_digits(outcome: str) -> int:
    """The decimals an effect on ``outcome`` is shown with at least: one for percentage points
    and weeks, two for incidents per 1,000 residents, three for tolerance."""
    if outcome in _SHARE_OUTCOMES or outcome in _WEEK_OUTCOMES:
        return 1
    return 2 if outcome == "incidents" else 3


def _digits(outcome: str, values: Iterable[float]) -> int:
    """Decimals enough to show every non-zero one of ``values`` (effects on ``outcome``) as
    non-zero, and so with its sign: at least :func:`_fewest_digits`, more for small values, up
    to :data:`_MOST_DIGITS`. An interval that excludes zero is then never printed with a bound
    of 0, nor a non-zero effect as 0 or -0."""
    digits = _fewest_digits(outcome)
    for value in values:
        if not math.isfinite(value) or value == 0:
            continue
        shown = value * _scale(outcome)  # as points() and number() format it
        while digits < _MOST_DIGITS and not any(
            c in "123456789" for c in number(shown, "en", digits=digits)
        ):
            digits += 1
    return digits


def _amount(outcome: str, value: float, lang: str, *, signed: bool = True,
            digits: int | None = None) -> str:  # fmt: skip
    """An effect on ``outcome`` in its unit: percentage points for shares, weeks, or a number;
    with ``digits`` decimals (by default the outcome's fewest, :func:`_fewest_digits`)."""
    if outcome == "spent":
        return money(value, lang)
    digits = _fewest_digits(outcome) if digits is None else digits
    if outcome in _SHARE_OUTCOMES:
        return points(value, lang, digits=digits, signed=signed)
    if outcome in _WEEK_OUTCOMES:
        shown = number(value, lang, digits=digits, signed=signed)
        return text("report.unit.weeks", lang, value=shown)
    return number(value, lang, digits=digits, signed=signed)


def _effect_text(outcome: str, row: Any, lang: str) -> str:
    """An effect with its 95% interval, e.g. ``+3.2 pp [+1.0 pp, +5.4 pp]``: the three numbers
    with the same decimals, as many as it takes to show none of them falsely as 0."""
    digits = _digits(outcome, (row.difference, row.ci_low, row.ci_high))
    low, high = (_amount(outcome, v, lang, digits=digits) for v in (row.ci_low, row.ci_high))
    shown = _amount(outcome, row.difference, lang, digits=digits)
    return f"{shown} {text('report.interval', lang, low=low, high=high)}"


def _effect(outcome: str, row: Any, lang: str) -> str:
    """:func:`_effect_text` as HTML."""
    return html.escape(_effect_text(outcome, row, lang), quote=False)


def _better(outcome: str, row: Any) -> bool:
    good = OUTCOMES[outcome].higher_is_better
    return bool(row.clear and (row.difference > 0) == good)


# -- figures --------------------------------------------------------------------------------------


def _effects_figure(result: Comparison, outcome: str, lang: str) -> Figure:
    """Every scenario's effect on ``outcome`` with its 95% interval, ranked order, labelled."""
    eff = result.effects[result.effects.outcome == outcome].set_index("scenario")
    order = [n for n in result.ranking.scenario if n in eff.index]
    scale = _scale(outcome)
    fig = Figure(figsize=(8.5, 0.42 * len(order) + 1.4), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(order))[::-1]
    lows, highs = [], []
    for yi, name in zip(y, order, strict=True):
        row = eff.loc[name]
        if not row.clear:
            colour = UNCLEAR_COLOUR
        else:
            colour = BETTER_COLOUR if _better(outcome, row) else WORSE_COLOUR
        low, high = row.ci_low * scale, row.ci_high * scale
        lows.append(low)
        highs.append(high)
        ax.plot([low, high], [yi, yi], color=colour, lw=2.2, solid_capstyle="butt")
        ax.plot([row.difference * scale], [yi], "o", color=colour, ms=6)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, [plain(_title(result, n, lang)) for n in order], fontsize=8)
    span = (min([0.0, *lows]), max([0.0, *highs]))
    pad = 0.32 * (span[1] - span[0] or 1.0)
    ax.set_xlim(span[0] - 0.05 * pad, span[1] + pad)
    for yi, name in zip(y, order, strict=True):  # the value and interval written beside it
        row = eff.loc[name]
        digits = _digits(outcome, (row.difference, row.ci_low, row.ci_high))
        shown = _amount(outcome, row.difference, lang, digits=digits)
        ax.annotate(plain(shown), (span[1] + 0.08 * pad, yi), va="center", fontsize=7)
    unit = "report.figure.axis_points" if outcome in _SHARE_OUTCOMES else "report.figure.axis"
    ax.set_xlabel(text(unit, lang, outcome=_outcome(outcome, lang)), fontsize=8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: number(v, lang)))
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.spines[["top", "right"]].set_visible(False)
    quoted = {s.name: text("report.quoted", lang, title=s.title[lang] or s.name)
              for s in result.scenarios}  # fmt: skip
    listed = "; ".join(f"{quoted[n]} {_effect_text(outcome, eff.loc[n], lang)}" for n in order)
    fig.set_label(text("report.alt.effects", lang, outcome=_outcome(outcome, lang),
                       baseline=quoted[result.settings["baseline"]], items=listed))  # fmt: skip
    return fig


def _grid(count: int) -> tuple[int, int]:
    columns = min(4, count)
    return math.ceil(count / columns), columns


#: Space in points between a line's end and its label, and between two labels.
_LABEL_PAD = 3.0


def _label_ends(ax: Axes, ends: list[tuple[float, float, str, str]]) -> list[Annotation]:
    """Direct labels at the right ends of lines (instead of a legend): ``ends`` holds each
    line's last (x, y), its words and colour. :func:`_spread_labels` moves them apart once the
    figure's layout is known."""
    return [
        ax.annotate(plain(words), (x, y), xytext=(_LABEL_PAD, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=7, color=colour, in_layout=False,
                    annotation_clip=False)  # drawn even when the end lies on the axes' edge
        for x, y, words, colour in ends
    ]  # fmt: skip


def _spread(wanted: Sequence[float], heights: Sequence[float], low: float, high: float,
            gap: float) -> list[float]:  # fmt: skip
    """Centres as near ``wanted`` as they can be for boxes of ``heights`` stacked in the same
    order, at least ``gap`` apart and all between ``low`` and ``high`` (bottom first when they
    cannot all fit)."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    at = {i: min(max(wanted[i], low + heights[i] / 2), high - heights[i] / 2) for i in order}
    for below, above in itertools.pairwise(order):  # push up, off each other
        at[above] = max(at[above], at[below] + (heights[below] + heights[above]) / 2 + gap)
    if order and at[order[-1]] + heights[order[-1]] / 2 > high:  # then down, under the top
        at[order[-1]] = high - heights[order[-1]] / 2
        for above, below in itertools.pairwise(order[::-1]):
            at[below] = min(at[below], at[above] - (heights[below] + heights[above]) / 2 - gap)
    if order and at[order[0]] - heights[order[0]] / 2 < low:  # too many: bottom up again
        at[order[0]] = low + heights[order[0]] / 2
        for below, above in itertools.pairwise(order):
            at[above] = at[below] + (heights[below] + heights[above]) / 2 + gap
    return [at[i] for i in range(len(wanted))]


def _spread_labels(fig: Figure, labels: Mapping[Axes, Sequence[Annotation]]) -> None:
    """Place the end labels of each axes of ``fig`` (which share their x-axis) so that none
    overlaps another or leaves its axes: the x-axis is widened until the widest label fits
    right of its line's end, then each axes' labels are moved apart vertically, on the
    screen (in points from their line's end), so they keep their place when saved."""
    fig.draw_without_rendering()  # the layout: the sizes of axes and texts on the screen
    pixels = fig.dpi / 72.0  # per point
    margin = _LABEL_PAD * pixels
    ax0 = next(iter(labels), None)
    if ax0 is None:
        return
    left, right = ax0.get_xlim()
    need = right
    for ax, texts in labels.items():
        box = ax.get_window_extent()
        for tag in texts:
            width = tag.get_window_extent().width + 2 * margin
            x = float(tag.xy[0])
            if box.width > width and x > left:  # the end's share of the axis leaves the room
                need = max(need, left + (x - left) * box.width / (box.width - width))
    if need > right:
        ax0.set_xlim(left, need)
        fig.draw_without_rendering()
    for ax, texts in labels.items():
        box = ax.get_window_extent()
        ends = [float(ax.transData.transform(tag.xy)[1]) for tag in texts]
        heights = [tag.get_window_extent().height for tag in texts]
        centres = _spread(ends, heights, box.y0 + margin, box.y1 - margin, margin)
        for tag, end, centre in zip(texts, ends, centres, strict=True):
            tag.xyann = (_LABEL_PAD, (centre - end) / pixels)


def _small_multiples(result: Comparison, measures: Sequence[str], lang: str, *,
                     title_key: str, alt_key: str, with_baseline: bool) -> Figure:  # fmt: skip
    """One panel per scenario with ``measures`` (shares) over the weeks in percent, on one
    scale, each line labelled at its end; the baseline's first measure dashed grey behind
    when ``with_baseline``."""
    summary = result.summary
    names = [s.name for s in result.scenarios]
    rows, columns = _grid(len(names))
    fig = Figure(figsize=(3.1 * columns + 0.6, 2.3 * rows + 0.7), layout="constrained")
    axes = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    base = summary[summary.scenario == names[0]]
    chosen = summary[summary.scenario.isin(names)]
    top = max(float(chosen[f"{m}_high"].max()) * 100 for m in measures)
    top = 1.08 * top if top > 0 else 1.0
    weeks = float(summary.step.max())
    labels: dict[Axes, list[Annotation]] = {}
    for index, ax in enumerate(axes.flat):
        if index >= len(names):
            ax.set_visible(False)
            continue
        part = summary[summary.scenario == names[index]]
        ends: list[tuple[float, float, str, str]] = []
        if with_baseline and index > 0:
            line = base[f"{measures[0]}_mean"].to_numpy() * 100
            ax.plot(base.step, line, color=BASELINE_COLOUR, lw=1.2, ls="--")
            if index == 1:
                ends.append((weeks, float(line[-1]), text("report.baseline_word", lang),
                             BASELINE_COLOUR))  # fmt: skip
        for measure in measures:
            colour = ROLE_COLOURS.get(measure, OKABE_ITO["blue"])
            ax.fill_between(part.step, part[f"{measure}_low"] * 100,
                            part[f"{measure}_high"] * 100, color=colour, alpha=0.2, lw=0)  # fmt: skip
            line = part[f"{measure}_mean"].to_numpy() * 100
            ax.plot(part.step, line, color=colour, lw=1.8)
            if index == 0 or len(measures) > 1:
                ends.append((weeks, float(line[-1]), label(measure, lang), colour))
        labels[ax] = _label_ends(ax, ends)
        ax.set_title(_panel_title(_title(result, names[index], lang)), fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        locale_ticks(ax, lang)
        ax.tick_params(labelsize=7)
    axes[0, 0].set_ylim(0, top)
    axes[0, 0].set_xlim(0, weeks * 1.3)  # room for the labels at the lines' ends
    for ax in axes[-1, :]:
        ax.set_xlabel(text("figure.week", lang), fontsize=8)
    for ax in axes[:, 0]:
        ax.set_ylabel(text("report.figure.percent_of_residents", lang), fontsize=8)
    fig.set_label(text(alt_key, lang, baseline=text("report.quoted", lang,
                                                     title=_title(result, names[0], lang))))  # fmt: skip
    fig.suptitle(text(title_key, lang), fontsize=10)
    if len(measures) > 1:  # a shared key as well, under the panels, for lines that hide on zero
        keys = [Line2D([], [], color=ROLE_COLOURS.get(m, OKABE_ITO["blue"]), lw=1.8)
                for m in measures]  # fmt: skip
        fig.legend(keys, [label(m, lang) for m in measures], loc="outside lower center",
                   ncol=len(measures), fontsize=8, frameon=False)  # fmt: skip
    _spread_labels(fig, labels)
    _weeks_axis(axes, weeks)
    return fig


#: The most characters of a panel's title on one line (at its size, a third of the panel's
#: width is left between the titles of neighbouring panels).
_PANEL_TITLE_WIDTH = 34


def _panel_title(title: str) -> str:
    """A scenario's title over its small panel: wrapped onto lines of at most
    :data:`_PANEL_TITLE_WIDTH` characters, so that neighbouring titles keep apart, never
    inside an amount of money or a short remark in brackets ("(budget € 20.000)")."""
    glued = re.sub(r"\([^()]{0,24}\)", lambda m: m[0].replace(" ", "\xa0"), title)
    glued = re.sub(r"€ (?=\d)", "€\xa0", glued)
    return plain(textwrap.fill(glued, _PANEL_TITLE_WIDTH, break_long_words=False))


def _weeks_axis(axes: Any, weeks: float) -> None:
    """The week axis of small multiples from 0 to the run's last week: the axes stay wider
    (room for the end labels) but ticks and the axis line stop at ``weeks``."""
    ticks = [t for t in MaxNLocator(nbins=5, integer=True).tick_values(0, weeks) if 0 <= t <= weeks]
    axes.flat[0].set_xticks(ticks)  # shared by every panel
    for ax in axes.flat:
        ax.spines["bottom"].set_bounds(0, weeks)


def _phase_figure(result: Comparison, lang: str) -> Figure:
    summary = result.summary
    names = [s.name for s in result.scenarios]
    fig = Figure(figsize=(10, 0.55 * len(names) + 1.4), layout="constrained")
    grid = fig.subplots(len(names), 1, sharex=True, squeeze=False)
    for ax, name in zip(grid[:, 0], names, strict=True):
        part = summary[summary.scenario == name]
        bottom = np.zeros(len(part))
        for k in (1, 2, 3, 4):
            share = part[f"phase_{k}_share"].to_numpy()
            ax.fill_between(part.step, bottom, bottom + share, color=PHASE_COLOURS[k - 1], lw=0,
                            label=text("figure.phase_item", lang, phase=k, label=label(k, lang)))  # fmt: skip
            bottom = bottom + share
        ax.set_yticks([])
        ax.set_ylabel(plain(_title(result, name, lang)), rotation=0, ha="right", va="center",
                      fontsize=7)  # fmt: skip
        locale_ticks(ax, lang)
    # the title on top and the legend at the bottom, under the week axis: both outside the
    # bands, laid out by the figure, so that neither touches the other
    fig.suptitle(text("figure.phase_band", lang), fontsize=10)
    handles, names_ = grid[0, 0].get_legend_handles_labels()
    fig.legend(handles, names_, fontsize=7, ncol=4, loc="outside lower center", frameon=False)
    grid[-1, 0].set_xlabel(text("figure.week", lang))
    fig.set_label(text("report.alt.phases", lang))
    return fig


def _outcome_names() -> list[str]:
    return [name for name in OUTCOMES if name != "spent"]


def report_figures(result: Comparison, lang: str = "en") -> list[Figure]:
    """The report's figures, with their words and numbers in ``lang``: one per outcome (every
    scenario's effect with its interval), then the silent middle, the roles, bridge builders
    and scapegoats as small multiples, and the KIS phase. Each figure's label
    (``Figure.get_label``) is its description for readers who cannot see it (the img's alt)."""
    check_lang(lang)
    figures = [_effects_figure(result, name, lang) for name in _outcome_names()]
    figures.append(_small_multiples(result, ["silent"], lang, title_key="report.figure.silent",
                                    alt_key="report.alt.silent", with_baseline=True))  # fmt: skip
    figures.append(_small_multiples(result, ["pusher", "joiner", "silent"], lang,
                                    title_key="report.figure.roles", alt_key="report.alt.roles",
                                    with_baseline=False))  # fmt: skip
    figures.append(_small_multiples(result, ["bridge_builder", "scapegoat"], lang,
                                    title_key="report.figure.bridges",
                                    alt_key="report.alt.bridges", with_baseline=False))  # fmt: skip
    figures.append(_phase_figure(result, lang))
    return figures


# -- the page -------------------------------------------------------------------------------------


def _img(fig: Figure) -> str:
    alt = html.escape(str(fig.get_label()), quote=True)
    return f"<figure><img src='{_png(fig)}' alt='{alt}'></figure>"


def _summary(result: Comparison, lang: str, counts: dict[str, int],
             changed: dict[str, list[str]]) -> str:  # fmt: skip
    settings = result.settings
    base = settings["baseline"]
    rank_by = settings.get("rank_by", "final_silent")
    others = [s.name for s in result.scenarios if s.name != base]
    title = {s.name: html.escape(_title(result, s.name, lang)) for s in result.scenarios}
    # a title inside a sentence is quoted: its own colons, commas and capitals stay its own
    named = {n: f"<b>{_quoted(t, lang)}</b>" for n, t in title.items()}
    said = {n: _quoted(t, lang) for n, t in title.items()}
    weeks = int(settings["weeks"])
    replicates = number(settings["replicates"], lang)
    intro = _counted("report.summary.compared", len(others), lang,
                     count=number(len(others), lang), baseline=said[base],
                     replicates=replicates, weeks=number(weeks, lang),
                     months=number(round(weeks * 12 / 52), lang))  # fmt: skip
    listing = "<ul class='compared'>" + "".join(f"<li>{title[n]}</li>" for n in others) + "</ul>"
    people = number(counts[base], lang)
    if changed:  # only the scenarios in the baseline's city share its residents and chances
        cities = [f"{named[n]} ({_city(result, n, keys, counts, lang)})"
                  for n, keys in changed.items()]  # fmt: skip
        city = _counted("report.summary.other_city", len(changed), lang, n=people,
                        names=_names(cities, lang))  # fmt: skip
    else:
        city = _t("report.summary.same_city", lang, n=people)
    parts = [city]
    ranking: list[Any] = list(result.ranking.itertuples())  # best first
    outcome = html.escape(_outcome(rank_by, lang))
    definition = _t(f"report.define.{rank_by}", lang)
    helping = [r for r in ranking if _better(rank_by, r)]
    cost = {str(k): float(v) for k, v in result.outcomes.groupby("scenario").spent.mean().items()}
    costing = ""
    shares = rank_by in _SHARE_OUTCOMES
    if helping:
        best = helping[0]
        brackets = _t("report.summary.brackets_points" if shares else "report.summary.brackets",
                      lang)  # fmt: skip
        parts.append(_t("report.summary.best", lang, outcome=outcome, definition=definition,
                        scenario=named[best.scenario], effect=_effect(rank_by, best, lang),
                        brackets=brackets))  # fmt: skip
        overlap = [r.scenario for r in ranking if r.scenario != best.scenario
                   and r.ci_high >= best.ci_low and r.ci_low <= best.ci_high]  # fmt: skip
        if overlap:
            parts.append(_counted("report.summary.overlap", len(overlap), lang,
                                  best=said[best.scenario],
                                  names=_names([said[n] for n in overlap], lang)))  # fmt: skip
        else:
            parts.append(_t("report.summary.alone", lang, best=said[best.scenario]))
        spent = float(cost[best.scenario])
        key = "report.summary.cost" if spent > 0 else "report.summary.free"
        costing = _t(key, lang, scenario=said[best.scenario], money=money(spent, lang),
                     weeks=number(weeks, lang))  # fmt: skip
    else:
        parts.append(_t("report.summary.none", lang, outcome=outcome, definition=definition))
    clear = int(sum(r.clear for r in ranking))
    parts.append(_sure(others, changed, said, clear, settings["replicates"], lang))
    worse = [r.scenario for r in ranking if r.clear and not _better(rank_by, r)]
    if worse:
        parts.append(_t("report.summary.worse", lang,
                        names=_names([named[n] for n in worse], lang)))  # fmt: skip
    if costing:
        parts.append(costing)
    if any(cost[n] > 0 for n in others):  # each one's spending is in the table
        parts.append(_t("report.summary.costs", lang))
    flag = ""
    if changed:
        flag = "<p class='flag'>" + _counted(
            "report.summary.flag", len(changed), lang,
            names=_names([named[n] for n in changed], lang),
        ) + "</p>"  # fmt: skip
    rows = []
    for r in ranking:
        mark = _t("report.clear", lang) if r.clear else _t("report.not_clear", lang)
        rows.append(f"<tr><td>{number(int(r.rank), lang)}</td><td>{title[r.scenario]}</td>"
                    f"<td>{_effect(rank_by, r, lang)}</td><td>{mark}</td>"
                    f"<td>{money(float(cost[r.scenario]), lang)}</td></tr>")  # fmt: skip
    head = "".join(f"<th>{_t(f'report.column.{c}', lang, outcome=outcome)}</th>"
                   for c in ("rank", "scenario", "effect", "clear", "cost"))  # fmt: skip
    table = f"<table class='summary'><tr>{head}</tr>{''.join(rows)}</table>"
    # percentage points are defined where they are first used: in what helps most, or, when
    # nothing helps, in a note before the table that is the first to show them
    pp = (
        f"<p class='note'>{_t('report.points_defined', lang)}</p>" if shares and not helping else ""
    )
    return (flag + f"<p>{intro}</p>{listing}" + "".join(f"<p>{p}</p>" for p in parts)
            + pp + table)  # fmt: skip


def _sure(others: Sequence[str], changed: Mapping[str, Any], said: Mapping[str, str], clear: int,
          replicates: int, lang: str) -> str:  # fmt: skip
    """How sure, with how many runs and whether they are paired: a scenario in another city
    than the baseline's shares none of its residents or chance events, so its runs are
    independent of the baseline's (the interval of the mean difference holds all the same)."""
    count = number(replicates, lang)
    alone = [n for n in others if n in changed]
    single = ".single" if len(others) == 1 else ""
    if not alone:
        runs = _t(f"report.runs.paired{single}", lang, replicates=count)
    elif len(alone) == len(others):
        runs = _t(f"report.runs.independent{single}", lang, replicates=count)
    else:
        runs = _t("report.runs.mixed", lang, replicates=count,
                  names=_names([said[n] for n in alone], lang))  # fmt: skip
    if len(others) == 1:
        key = "report.summary.sure.single_" + ("clear" if clear else "unclear")
        return _t(key, lang, runs=runs)
    if clear == len(others):
        key = "report.summary.sure.both" if clear == 2 else "report.summary.sure.all"
        return _t(key, lang, count=number(clear, lang), runs=runs)
    return _counted("report.summary.sure", clear, lang, clear=number(clear, lang),
                    count=number(len(others), lang), runs=runs)  # fmt: skip


def _when(config: Mapping[str, Any], weeks: int, lang: str) -> str:
    start = number(int(config.get("start", 0)), lang)
    end = config.get("end")
    if config.get("trigger") is not None:
        phase = int(config["trigger"])
        when = _t("report.when.trigger", lang, phase=number(phase, lang),
                  label=html.escape(label(phase, lang)))  # fmt: skip
        if int(config.get("start", 0)) > 0:
            when += ", " + _t("report.when.not_before", lang, start=start)
        if end is not None:
            when += " " + _t("report.when.until", lang, end=number(int(end), lang))
        return when
    if end is not None:
        return _t("report.when.window", lang, start=start, end=number(int(end), lang))
    if config.get("budget") is not None:  # it stops when the money runs out, not at the end
        return _t("report.when.budget", lang, start=start, weeks=number(weeks, lang))
    return _t("report.when.open", lang, start=start, weeks=number(weeks, lang))


def _level(key: str, value: Any, lang: str, cls: Any = None) -> str:
    if key in ("tone", "position") and isinstance(value, str) and f"{key}.{value}" in CATALOGUE:
        return _t(f"setting.{key}", lang, value=_t(f"{key}.{value}", lang))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        shown = html.escape(str(value))
    elif key in _SHARES:
        shown = percent(float(value), lang, digits=None)
    else:
        shown = number(float(value), lang)
    if cls is not None and key in cls.setting_labels and isinstance(value, (int, float)):
        return html.escape(str(cls.setting_label(key, float(value), lang)))
    if f"setting.{key}" in CATALOGUE:
        return _t(f"setting.{key}", lang, value=shown)
    return f"{html.escape(key.replace('_', ' '))} {shown}"


def _planned(config: Mapping[str, Any]) -> Intervention:
    """The intervention a scenario's entry describes, for its facts (units, reach, cost); for
    a kind no longer registered, the base class with the settings it knows."""
    if str(config.get("type")) in INTERVENTIONS:
        return build(config)
    known = {f.name for f in dataclasses.fields(Intervention) if f.init}
    return Intervention(**{k: v for k, v in config.items() if k in known})


def _reach(planned: Intervention, city: CitySize, lang: str) -> tuple[str, int]:
    """Who an intervention reaches, in words (its own, :meth:`Intervention.reach`), and how
    many units it pays for each week in the run's city."""
    return html.escape(planned.reach(city, lang), quote=False), planned.units(city)


def _intervention(
    config: Mapping[str, Any], city: CitySize, weeks: int, spent: float, lang: str
) -> str:
    """One intervention in sentences, from its settings and its class's facts, for the run's
    ``city`` (its people and media outlets)."""
    kind = str(config.get("type"))
    cls = INTERVENTIONS.get(kind)
    name = html.escape(cls.label(lang) if cls is not None else kind)
    planned = _planned(config)
    reach, _ = _reach(planned, city, lang)
    first = _t("report.intervention", lang, name=f"<b>{_quoted(name, lang)}</b>", reach=reach,
               when=_when(config, weeks, lang))  # fmt: skip
    named = _SCHEDULE | planned.reach_settings
    levels = [
        _level(k, v, lang, cls) for k, v in config.items() if k not in named and v is not None
    ]
    sentences = [first]
    if levels:
        sentences.append(_t("report.intervention.level", lang, items="; ".join(levels)))
    sentences.append(html.escape(planned.cost_sentence(city, lang), quote=False))
    if config.get("budget") is not None:
        sentences.append(_t("report.intervention.budget", lang,
                            budget=money(float(config["budget"]), lang)))  # fmt: skip
    return " ".join(sentences)


def _shock(config: Mapping[str, Any], lang: str) -> str:
    """A shock in a sentence, with its name unless it has the default one."""
    weeks = int(config.get("duration", 1))
    unit = "report.unit.week" if weeks == 1 else "report.unit.weeks"
    name = str(config.get("name", "shock")).strip()
    return _t(
        "setting.shock" if name in ("", "shock") else "setting.shock.named",
        lang,
        name=html.escape(_shock_name(name, lang)),
        start=number(int(config.get("start", 0)), lang),
        duration=_t(unit, lang, value=number(weeks, lang)),
        strength=number(float(config.get("strength", 0)), lang),
        reach=percent(float(config.get("reach", 1.0)), lang, digits=None),
    )


def _shock_name(name: str, lang: str) -> str:
    """A shock's name in ``lang``: a name the catalogue knows (``setting.shock.name.*``, by
    its English, in any case) translated, any other as the scenario gives it."""
    for key, entry in CATALOGUE.items():
        if key.startswith("setting.shock.name.") and entry["en"].casefold() == name.casefold():
            return entry[lang]
    return name


def _network(result: Comparison, lang: str) -> str:
    """The network in words: its kind and its settings, with the model's defaults filled in."""
    spec = dict(result.settings.get("network") or {})
    params = registry.resolve(result.settings["parameters"])
    kind = str(spec.get("kind", "small_world"))
    spec = {**NETWORK_KINDS.get(kind, {}), **spec}  # the kind's defaults: groups, homophily
    parts = [_t(f"network.{kind}", lang) if f"network.{kind}" in CATALOGUE else html.escape(kind)]
    degree = spec.get("degree") or params["network_degree"]
    parts.append(_t("network.degree", lang, value=number(float(degree), lang)))
    if kind == "small_world":
        rewire = spec.get("rewire")
        rewire = params["network_rewiring"] if rewire is None else rewire
        parts.append(_t("network.rewire", lang, value=percent(float(rewire), lang, digits=None)))
    for key in ("groups", "homophily"):
        if spec.get(key) is not None:
            value = spec[key]
            shown = (percent(float(value), lang, digits=None) if key == "homophily"
                     else number(float(value), lang))  # fmt: skip
            parts.append(_t(f"network.{key}", lang, value=shown))
    online = number(float(params["online_degree"]), lang)
    return _t("report.network", lang, network="; ".join(parts), online=online)


def _scenarios(result: Comparison, lang: str, counts: dict[str, int],
               changed: dict[str, list[str]]) -> str:  # fmt: skip
    weeks = int(result.settings["weeks"])
    cost = result.outcomes.groupby("scenario").spent.mean()
    items = []
    for s in result.scenarios:
        n = counts[s.name]
        city = CitySize(n=n, n_outlets=int(_parameters(result, s)["n_outlets"]))
        parts = [_intervention(i, city, weeks, float(cost[s.name]), lang) for i in s.interventions]
        parts += [_shock(sh, lang) for sh in s.shocks]
        if not s.interventions:
            parts.insert(0, _t("report.no_intervention", lang))
        other = {k: v for k, v in s.parameters.items() if k not in CITY_PARAMETERS}
        if other:
            changes = "; ".join(
                f"{_t(f'parameter.{k}', lang)} (<code>{html.escape(k)}</code>) "
                + _t("report.value_default", lang, value=number(float(v), lang),
                     default=number(float(registry.PARAMETERS[k].default), lang))
                for k, v in other.items()
            )  # fmt: skip
            parts.append(_t("report.scenario_parameters", lang, items=changes))
        if float(cost[s.name]) > 0:
            parts.append(_t("report.spent", lang, money=money(float(cost[s.name]), lang)))
        listed = "".join(f"<li>{p}</li>" for p in parts)
        title = _title(result, s.name, lang)
        ident = f"<code>{html.escape(s.name)}</code>"
        role = text("report.baseline", lang).strip("() ")  # "(baseline)": its role, once
        if s.name == result.settings["baseline"] and role.lower() not in title.lower():
            ident += f", {html.escape(role)}"
        people = _t("report.residents", lang, n=number(n, lang))
        flag = ""
        if s.name in changed:
            what = _names([_t(f"parameter.{k}", lang) for k in changed[s.name]], lang)
            flag = f"<p class='flag'>{_t('report.city_changed', lang, changes=what)}</p>"
        items.append(f"<li><b>{html.escape(title)}</b> ({ident}): "
                     f"{html.escape(s.summary[lang])} {people}{flag}<ul>{listed}</ul></li>")  # fmt: skip
    return f"<ul class='scenarios'>{''.join(items)}</ul><p>{_network(result, lang)}</p>"


def _outcomes(result: Comparison, figures: Sequence[Figure], lang: str) -> str:
    """Every outcome: its definition, its figure and a table of every effect with its interval."""
    blocks = []
    eff = result.effects.set_index(["scenario", "outcome"])
    order = list(result.ranking.scenario)
    for name, fig in zip(_outcome_names(), figures, strict=False):
        rows = []
        for s in order:
            row = eff.loc[(s, name)]
            mark = _t("report.clear", lang) if row.clear else _t("report.not_clear", lang)
            rows.append(f"<tr><td>{html.escape(_title(result, s, lang))}</td>"
                        f"<td>{_effect(name, row, lang)}</td><td>{mark}</td></tr>")  # fmt: skip
        unit = (
            "report.column.effect_points"
            if name in _SHARE_OUTCOMES
            else "report.column.effect_plain"
        )
        head = (f"<tr><th>{_t('report.column.scenario', lang)}</th><th>{_t(unit, lang)}</th>"
                f"<th>{_t('report.column.clear', lang)}</th></tr>")  # fmt: skip
        reading = f" {_t('report.reading', lang)}" if name in READINGS else ""
        blocks.append(f"<div class='outcome'><h3>{html.escape(OUTCOMES[name].label(lang))}</h3>"
                      f"<p>{_sentence(_t(f'report.define.{name}', lang))}{reading}</p>{_img(fig)}"
                      f"<table>{head}{''.join(rows)}</table></div>")  # fmt: skip
    return "".join(blocks)


def _settings(result: Comparison, lang: str) -> str:
    """The model settings and the network that differ from the model's defaults, each with
    its meaning, its value and its default."""
    params = registry.resolve(result.settings["parameters"])
    changed = [(k, v) for k, v in params.items()
               if k not in CITY_PARAMETERS and v != registry.PARAMETERS[k].default]  # fmt: skip
    rows = "".join(
        f"<tr><td>{_t(f'parameter.{k}', lang)} (<code>{k}</code>)</td>"
        f"<td>{number(float(v), lang)}</td>"
        f"<td>{number(float(registry.PARAMETERS[k].default), lang)}</td></tr>"
        for k, v in changed
    )
    rows += "".join(
        f"<tr><td>{meaning} (<code>{html.escape(name)}</code>)</td><td>{value}</td>"
        f"<td>{default}</td></tr>"
        for meaning, name, value, default in _network_changes(result, lang)
    )
    head = "".join(f"<th>{_t(f'report.{k}', lang)}</th>" for k in ("meaning", "value", "default"))
    if not rows:
        return f"<p>{_t('report.assumptions_none', lang)}</p>"
    return f"<p>{_t('report.assumptions_text', lang)}</p><table><tr>{head}</tr>{rows}</table>"


def _network_changes(result: Comparison, lang: str) -> list[tuple[str, str, str, str]]:
    """How the comparison's network differs from the model's default, a small world with the
    model's ties and rewiring: its kind, then each of its settings that differs from the
    kind's default, as (meaning, name, value, default), in HTML."""
    spec = dict(result.settings.get("network") or {})
    kind = str(spec.pop("kind", "small_world"))
    params = registry.resolve(result.settings["parameters"])

    def kind_name(name: str) -> str:
        key = f"network.{name}"
        return _t(key, lang) if key in CATALOGUE else html.escape(name)

    rows = []
    if kind != "small_world":
        rows.append((_t("report.network_kind", lang), "network", kind_name(kind),
                     kind_name("small_world")))  # fmt: skip
    registered = {"degree": "network_degree", "rewire": "network_rewiring"}
    for key, value in spec.items():
        default = NETWORK_KINDS.get(kind, {}).get(key)
        if default is None and key in registered:
            default = params[registered[key]]
        if value is None or value == default:
            continue
        if key in registered:
            meaning = _t(f"parameter.{registered[key]}", lang)
        elif f"report.network_setting.{key}" in CATALOGUE:
            meaning = _t(f"report.network_setting.{key}", lang)
        else:
            meaning = html.escape(key)

        def shown(v: Any, key: str = key) -> str:
            if v is None:
                return "–"
            if key in ("homophily", "rewire"):
                return percent(float(v), lang, digits=None)
            return number(float(v), lang)

        rows.append((meaning, f"network.{key}", shown(value), shown(default)))
    return rows


def _data(lang: str) -> str:
    tables = "".join(
        f"<li><code>{name}</code>: {_t(f'report.table.{name}', lang)}</li>" for name in TABLES
    )
    outcomes = "".join(
        f"<li><code>{name}</code>: {html.escape(outcome.label(lang))}</li>"
        for name, outcome in OUTCOMES.items()
    )
    return (
        f"<p>{_t('report.data_text', lang)}</p><ul>{tables}</ul>"
        f"<p class='note'>{_t('report.outcome_columns', lang)}</p><ul class='note'>{outcomes}</ul>"
    )


#: The report's style; its colours are the palette's (:func:`css_variables`, put before it).
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em;
       color: var(--ink); background: var(--white); line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid var(--blue); padding-bottom: 2px; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--pale-blue); }
figure { margin: 0.8em 0; } img { max-width: 100%; height: auto; }
code, pre { background: var(--code); padding: 1px 4px; } pre { white-space: pre-wrap; }
.note { color: var(--text); font-size: 0.9em; }
.flag { border-left: 5px solid var(--vermillion); background: var(--pale-vermillion);
        padding: 6px 10px; }
#summary { border: 2px solid var(--blue); padding: 0.2em 1em 0.6em; }
ul.compared { columns: 2; column-gap: 2em; margin: 0.3em 0 0.8em; }
ul.compared li { break-inside: avoid; page-break-inside: avoid; }
.outcome { margin-bottom: 1.5em; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; line-height: 1.3; }
  h1 { font-size: 15pt; margin: 0 0 4pt; }
  section { break-before: page; page-break-before: always; }
  section#summary { break-before: auto; page-break-before: auto; }
  /* the short closing sections share pages: uncertainty, assumptions, limits and data */
  section#settings, section#limits, section#data { break-before: auto;
    page-break-before: auto; margin-top: 1.2em; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure, tr, .outcome h3, .flag { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  th, .flag, #summary, code, pre { background: none; }
  /* the summary, with its table, fits on the first page */
  #summary { border-width: 1px; padding: 0 0.8em 0.2em; }
  #summary h2 { font-size: 13pt; margin: 4pt 0 5pt; }
  #summary p, #summary ul { margin: 0 0 4pt; }
  #summary .flag { padding: 2pt 6pt; }
  table.summary { font-size: 8pt; line-height: 1.2; margin: 4pt 0 2pt; }
  table.summary th, table.summary td { padding: 1pt 4pt; }
}
"""


def _page(result: Comparison, lang: str, command: str) -> str:
    settings = result.settings
    counts = residents(result)
    changed = city_changes(result)
    figures = report_figures(result, lang)
    count = len(_outcome_names())
    unfold = "".join(_img(fig) for fig in figures[count:])
    footer = _t("report.generated", lang, version=__version__, seed=str(settings["seed"]))
    sections = [
        ("summary", "report.summary", _summary(result, lang, counts, changed)),
        ("compared", "report.compared", _scenarios(result, lang, counts, changed)),
        ("outcomes", "report.outcomes",
         f"<p>{_t('report.outcomes_text', lang)}</p>{_outcomes(result, figures, lang)}"),
        ("unfold", "report.plots", f"<p>{_t('report.plots_text', lang)}</p>{unfold}"),
        ("uncertainty", "report.uncertainty",
         f"<p>{_t('report.uncertainty_text', lang, replicates=number(settings['replicates'], lang))}</p>"),
        ("settings", "report.assumptions", _settings(result, lang)),
        ("limits", "report.limits",
         f"<p>{_t('report.limits_can', lang)}</p><p>{_t('report.limits_cannot', lang)}</p>"),
        ("data", "report.data",
         f"{_data(lang)}<h3>{_t('report.reproduce', lang)}</h3><pre>{html.escape(command)}</pre>"
         f"<p class='note'>{footer}</p>"),
    ]  # fmt: skip
    body = "".join(f"<section id='{key}'><h2>{_t(head, lang)}</h2>{content}</section>\n"
                   for key, head, content in sections)  # fmt: skip
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_t("report.title", lang)}</title>
<style>{css_variables()}{STYLE}</style></head><body>
<h1>{_t("report.title", lang)}</h1>
{body}</body></html>
"""


def write_report(result: Comparison, folder: Path, *, lang: str = "en", command: str = "") -> Path:
    """Write ``report.html`` and ``data/`` into ``folder``: a new folder, or one the command
    line claimed for this comparison (which holds no report yet).

    Everything is first written to a temporary folder and then moved into place, the page
    last, so an interrupted run leaves nothing that looks like a report.
    """
    check_lang(lang)
    folder = Path(folder)
    claimed = folder.is_dir()
    if folder.exists() and (not claimed or (folder / "report.html").exists()
                            or (folder / "data").exists()):  # fmt: skip
        raise ValueError(f"out folder {folder} holds a report already; polsim never overwrites one")
    folder.parent.mkdir(parents=True, exist_ok=True)
    page = _page(result, lang, command)  # before anything is written
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder if claimed else folder.parent))
    try:
        data = work / "data"
        data.mkdir()
        for name in TABLES:
            table: pd.DataFrame = getattr(result, name)
            table.to_parquet(data / f"{name}.parquet", index=False)
            table.to_csv(data / f"{name}.csv", index=False)
        (work / "report.html").write_text(page, encoding="utf-8")
        if claimed:
            (work / "data").rename(folder / "data")
            (work / "report.html").rename(folder / "report.html")
            work.rmdir()
        else:  # mkdtemp made it private; the report folder gets the user's usual rights
            umask = os.umask(0)
            os.umask(umask)
            work.chmod(0o777 & ~umask)
            work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return folder / "report.html"


def write_sensitivity_report(result: Any, folder: Path, *, lang: str = "en",
                             command: str = "") -> Path:  # fmt: skip
    """Write ``sensitivity.html`` (self-contained, in ``lang``) for a
    :class:`polsim.runs.sensitivity.Sensitivity` into ``folder``: what was varied, the
    indices with their intervals, the figure and the seeds' share of the variance."""
    from polsim.outputs.figures import sensitivity_figure

    check_lang(lang)
    folder = Path(folder)
    table = result.indices
    settings = result.sweep.settings if result.sweep is not None else {}
    runs = len(result.sweep.runs) if result.sweep is not None else 0
    n = int(registry.resolve(settings.get("fixed", {}))["n_agents"])
    outcome = html.escape(OUTCOMES[result.outcome].label(lang))
    intro = _t("sensitivity.intro", lang, method=html.escape(result.method.title()),
               count=number(len(table), lang), runs=number(runs, lang), n=number(n, lang),
               weeks=number(settings.get("weeks", 0), lang), outcome=outcome)  # fmt: skip
    rows = []
    for name in table.parameter:
        p = registry.PARAMETERS[name]
        low, high = (number(v, lang) for v in p.plausible)
        rows.append(f"<tr><td><code>{name}</code></td><td>{low} – {high}</td>"
                    f"<td>{html.escape(text(f'parameter.{name}', lang))}</td></tr>")  # fmt: skip
    heads = [c for c in table.columns if c != "parameter" and not c.endswith("_conf")]
    cells = []
    for row in table.to_dict("records"):
        values = []
        for column in heads:
            conf = row.get(f"{column}_conf")
            shown = number(round(float(row[column]), 3), lang)
            if conf is not None:
                shown += f" ± {number(round(float(conf), 3), lang)}"
            values.append(f"<td>{shown}</td>")
        cells.append(f"<tr><td><code>{row['parameter']}</code></td>{''.join(values)}</tr>")
    note = "sensitivity.sobol_note" if result.method == "sobol" else "sensitivity.morris_note"
    figure = sensitivity_figure(result, lang)
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{_t("sensitivity.title", lang)}</title>
<style>{css_variables()}
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid var(--line); padding: 3px 8px; }}
img {{ max-width: 100%; }}</style></head><body>
<h1>{_t("sensitivity.title", lang)}</h1><p>{intro}</p>
<h2>{_t("sensitivity.varied", lang)}</h2>
<table><tr><th>{_t("sensitivity.parameter", lang)}</th><th>{_t("sensitivity.range", lang)}</th>
<th>{_t("sensitivity.meaning", lang)}</th></tr>{"".join(rows)}</table>
<h2>{_t("sensitivity.indices", lang)}</h2>
<table><tr><th>{_t("sensitivity.parameter", lang)}</th>{"".join(f"<th>{h}</th>" for h in heads)}</tr>
{"".join(cells)}</table><p>{_t(note, lang)}</p>
<p>{_t("sensitivity.seeds", lang, share=percent(result.seeds_share, lang))}</p>
<p><img src="{_png(figure)}" alt="{_t("sensitivity.figure_alt", lang)}"></p>
<h2>{_t("report.reproduce", lang)}</h2><pre>{html.escape(command)}</pre>
</body></html>
"""
    target = folder / "sensitivity.html"
    tmp = target.with_name(".sensitivity.html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    return target
