"""A self-contained HTML report of a comparison, in English or Dutch, with its data.

Written for a policy officer who is not a modeller: what was compared and why, the headline
table, plots, uncertainty in plain words, assumptions and parameters, what the model cannot
say, and the exact command to reproduce it. Images are embedded, so the file opens offline;
the tidy data lie beside it as Parquet and CSV.

Every word comes from the text catalogue (:mod:`polsim.text`) and every number is formatted
for the report's language: ``40.000`` and ``0,5`` in Dutch, ``40,000`` and ``0.5`` in English.
"""

from __future__ import annotations

import base64
import html
import io
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure

from polsim import __version__
from polsim.interventions import INTERVENTIONS
from polsim.model import registry
from polsim.model.roles import ROLE_NAMES
from polsim.outputs.figures import locale_ticks, plain
from polsim.runs.comparison import OUTCOMES, Comparison
from polsim.text import CATALOGUE, check_lang, label, money, number, percent, points, text

__all__ = ["TEXT", "report_figures", "write_report", "write_sensitivity_report"]

#: The report's entries of the text catalogue, without their ``report.`` prefix (read-only
#: view for code written against earlier versions; the catalogue is :mod:`polsim.text`).
TEXT: dict[str, dict[str, str]] = {
    key.removeprefix("report."): entry
    for key, entry in CATALOGUE.items()
    if key.startswith("report.")
}

PHASE_COLOURS = {1: "#9ecae1", 2: "#fdd0a2", 3: "#fd8d3c", 4: "#d62728"}
#: The data tables written beside the report, in the order the report lists them.
TABLES = ("trajectories", "outcomes", "effects", "summary", "ranking")
#: Intervention settings that are shares (shown as percentages) and money (shown in euros).
_SHARES = {"coverage", "share", "max_share"}
_MONEY = {"budget", "cost_per_unit"}


def _t(key: str, lang: str, **fields: str) -> str:
    """The catalogue's text as HTML: the text escaped, then ``fields`` (HTML already) filled in."""
    return html.escape(text(key, lang), quote=False).format(**fields)


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _title(result: Comparison, name: str, lang: str) -> str:
    for s in result.scenarios:
        if s.name == name:
            return s.title[lang] or name
    return name


def report_figures(result: Comparison, lang: str = "en") -> list[Figure]:
    """The report's figures, with their words and numbers in ``lang``; each figure's label
    (``Figure.get_label``) is its description for readers who cannot see it."""
    check_lang(lang)
    summary = result.summary
    names = [s.name for s in result.scenarios]
    colours = colormaps["tab20"](range(len(names)))
    figures = []
    fig = Figure(figsize=(15, 4.3), layout="constrained")
    axes = fig.subplots(1, 3)
    captions = ("silent", "tolerance", "incidents")
    for ax, measure, caption in zip(
        axes, ("silent", "tolerance_of_middle", "incident_rate"), captions, strict=True
    ):
        for name, colour in zip(names, colours, strict=True):
            part = summary[summary.scenario == name]
            ax.plot(
                part.step,
                part[f"{measure}_mean"],
                color=colour,
                label=plain(_title(result, name, lang)),
                lw=2.2 if name == names[0] else 1.2,
            )
            ax.fill_between(
                part.step,
                part[f"{measure}_low"],
                part[f"{measure}_high"],
                color=colour,
                alpha=0.15,
                lw=0,
            )
        ax.set_xlabel(text("figure.week", lang))
        ax.set_title(text(f"figure.{caption}", lang), fontsize=10)
        locale_ticks(ax, lang)
    axes[0].legend(fontsize=7, loc="lower left")
    fig.set_label("; ".join(text(f"figure.{caption}", lang) for caption in captions))
    figures.append(fig)
    base = summary[summary.scenario == names[0]]
    fig = Figure(figsize=(7, 3.8), layout="constrained")
    ax = fig.subplots()
    for role in ROLE_NAMES:
        if role + "_mean" in base:
            ax.plot(base.step, base[role + "_mean"], label=label(role, lang))
    ax.set_xlabel(text("figure.week", lang))
    roles = text("figure.roles_in_baseline", lang, scenario=plain(_title(result, names[0], lang)))
    ax.set_title(roles, fontsize=10)
    ax.legend(fontsize=8)
    locale_ticks(ax, lang)
    fig.set_label(roles)
    figures.append(fig)
    rows = len(names)
    fig = Figure(figsize=(10, 0.55 * rows + 1.2), layout="constrained")
    grid = fig.subplots(rows, 1, sharex=True, squeeze=False)
    for ax, name in zip(grid[:, 0], names, strict=True):
        part = summary[summary.scenario == name]
        bottom = np.zeros(len(part))
        for k in (1, 2, 3, 4):
            share = part[f"phase_{k}_share"].to_numpy()
            ax.fill_between(
                part.step,
                bottom,
                bottom + share,
                color=PHASE_COLOURS[k],
                lw=0,
                label=text("figure.phase_item", lang, phase=k, label=label(k, lang)),
            )
            bottom = bottom + share
        ax.set_yticks([])
        ax.set_ylabel(
            plain(_title(result, name, lang)), rotation=0, ha="right", va="center", fontsize=7
        )
        locale_ticks(ax, lang)
    grid[0, 0].set_title(text("figure.phase_band", lang), fontsize=10)
    grid[0, 0].legend(fontsize=7, ncol=4, loc="upper center", bbox_to_anchor=(0.5, 2.2))
    grid[-1, 0].set_xlabel(text("figure.week", lang))
    fig.set_label(text("figure.phase_band", lang))
    figures.append(fig)
    return figures


def _headline(result: Comparison, lang: str) -> str:
    reach = result.outcomes.groupby("scenario").reached_phase_4.mean()
    per = money(1e4, lang)
    columns = ("rank", "scenario", "difference", "silent", "incidents", "scapegoats", "phase_4",
               "cost", "gain")  # fmt: skip
    rows = []
    for _, r in result.ranking.iterrows():
        s = r.scenario
        mark = f" <b>({_t('report.clear', lang)})</b>" if r.clear else ""
        interval = _t(
            "report.interval",
            lang,
            low=number(r.ci_low, lang, digits=3, signed=True),
            high=number(r.ci_high, lang, digits=3, signed=True),
        )
        cells = [
            number(int(r["rank"]), lang),
            html.escape(_title(result, s, lang)),
            f"{number(r.difference, lang, digits=3, signed=True)} {interval}{mark}",
            points(r.final_silent_change, lang),
            number(r.incidents_change, lang, digits=2, signed=True),
            points(r.scapegoats_change, lang),
            percent(reach[s], lang),
            money(r.mean_cost, lang),
            number(r.gain_per_10k, lang, digits=3),
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    base = result.settings["baseline"]
    spent = float(result.outcomes[result.outcomes.scenario == base].spent.mean())
    zero = number(0, lang)
    base_row = [
        "–",
        html.escape(_title(result, base, lang)) + " " + _t("report.baseline", lang),
        zero,
        zero,
        zero,
        zero,
        percent(reach[base], lang),
        money(spent, lang),
        "–",
    ]
    rows.insert(0, "<tr class='base'>" + "".join(f"<td>{c}</td>" for c in base_row) + "</tr>")
    head = "".join(f"<th>{_t(f'report.column.{c}', lang, money=per)}</th>" for c in columns)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _value(value: Any, lang: str) -> str:
    """A setting's value: a number in the locale's style, anything else as text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        return html.escape(str(value))
    return number(float(value), lang)


def _setting(key: str, value: Any, lang: str) -> str:
    """One setting of an intervention, in words."""
    if value is None:
        return ""
    if key in ("start", "end"):
        return _t(f"setting.{key}", lang, week=_value(value, lang))
    if key == "trigger":
        return _t("setting.trigger", lang, phase=_value(value, lang), label=label(int(value), lang))
    if key == "targeting" and isinstance(value, Mapping):
        rule = str(value.get("rule", "random"))
        if f"targeting.{rule}" in CATALOGUE:
            group = html.escape(str(value.get("group")))
            shown = _t(f"targeting.{rule}", lang, group=group)
        else:
            shown = html.escape(rule)
        return _t("setting.targeting", lang, value=shown)
    if key in ("tone", "position") and isinstance(value, str) and f"{key}.{value}" in CATALOGUE:
        return _t(f"setting.{key}", lang, value=_t(f"{key}.{value}", lang))
    if key in _SHARES and isinstance(value, (int, float)):
        shown = percent(value, lang, digits=None)
    elif key in _MONEY and isinstance(value, (int, float)):
        shown = money(value, lang, cents=value != round(value))
    else:
        shown = _value(value, lang)
    if f"setting.{key}" in CATALOGUE:
        return _t(f"setting.{key}", lang, value=shown)
    return f"<code>{html.escape(key)}</code> = {shown}"


def _intervention(config: Mapping[str, Any], lang: str) -> str:
    kind = config.get("type")
    cls = INTERVENTIONS.get(str(kind))
    name = html.escape(cls.label(lang) if cls is not None else str(kind))
    settings = [_setting(k, v, lang) for k, v in config.items() if k != "type"]
    return f"<b>{name}</b>: {'; '.join(s for s in settings if s)}"


def _shock(config: Mapping[str, Any], lang: str) -> str:
    return _t(
        "setting.shock",
        lang,
        start=_value(config.get("start", 0), lang),
        duration=_value(config.get("duration", 1), lang),
        strength=_value(config.get("strength", 0), lang),
        reach=percent(float(config.get("reach", 1.0)), lang, digits=None),
    )


def _network(spec: Mapping[str, Any], lang: str) -> str:
    kind = str(spec.get("kind", "small_world"))
    parts = [_t(f"network.{kind}", lang) if f"network.{kind}" in CATALOGUE else html.escape(kind)]
    for key, value in spec.items():
        if key == "kind" or value is None:
            continue
        shown = percent(value, lang, digits=None) if key in ("rewire", "homophily") else None
        if f"network.{key}" in CATALOGUE:
            parts.append(_t(f"network.{key}", lang, value=shown or _value(value, lang)))
        else:
            parts.append(f"<code>{html.escape(key)}</code> = {_value(value, lang)}")
    return "; ".join(parts)


def _settings(result: Comparison, lang: str) -> str:
    params = registry.resolve(result.settings["parameters"])
    changed = [(k, v) for k, v in params.items() if v != registry.PARAMETERS[k].default]
    rows = "".join(
        f"<tr><td><code>{k}</code></td><td>{_value(v, lang)}</td>"
        f"<td>{_value(registry.PARAMETERS[k].default, lang)}</td>"
        f"<td>{_t(f'parameter.{k}', lang)}</td></tr>"
        for k, v in changed
    )
    head = "".join(
        f"<th>{_t(f'report.{k}', lang)}</th>" for k in ("parameter", "value", "default", "meaning")
    )
    table = f"<table><tr>{head}</tr>{rows}</table>" if rows else ""
    network = _t("report.network", lang, network=_network(result.settings["network"] or {}, lang))
    items = []
    for s in result.scenarios:
        parts = [_intervention(i, lang) for i in s.interventions]
        parts += [_shock(sh, lang) for sh in s.shocks]
        if s.parameters:
            changes = "; ".join(
                f"<code>{html.escape(k)}</code> = {_value(v, lang)}"
                for k, v in s.parameters.items()
            )
            parts.append(_t("report.scenario_parameters", lang, items=changes))
        listed = "".join(f"<li>{p}</li>" for p in parts) or (
            f"<li>{_t('report.no_intervention', lang)}</li>"
        )
        title = html.escape(_title(result, s.name, lang))
        items.append(
            f"<li><b>{title}</b> (<code>{html.escape(s.name)}</code>)<ul>{listed}</ul></li>"
        )
    return f"{table}<p>{network}</p><ul>{''.join(items)}</ul>"


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
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder if claimed else folder.parent))
    try:
        data = work / "data"
        data.mkdir()
        for name in TABLES:
            table: pd.DataFrame = getattr(result, name)
            table.to_parquet(data / f"{name}.parquet", index=False)
            table.to_csv(data / f"{name}.csv", index=False)
        settings = result.settings
        n = int(registry.resolve(settings["parameters"])["n_agents"])
        scen = "".join(
            f"<li><b>{html.escape(s.title[lang])}</b> (<code>{s.name}</code>): "
            f"{html.escape(s.summary[lang])}</li>"
            for s in result.scenarios
        )
        images = "".join(
            f"<p><img src='{_png(fig)}' alt='{html.escape(str(fig.get_label()))}'></p>"
            for fig in report_figures(result, lang)
        )
        ranked = html.escape(OUTCOMES[settings.get("rank_by", "final_silent")].label(lang))
        intro = _t("report.intro", lang, replicates=number(settings["replicates"], lang),
                   weeks=number(settings["weeks"], lang), n=number(n, lang))  # fmt: skip
        note = _t("report.headline_note", lang, outcome=ranked, money=money(1e4, lang))
        footer = _t("report.generated", lang, version=__version__, seed=str(settings["seed"]))
        page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{_t("report.title", lang)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; line-height: 1.45; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f0f0f0; }} tr.base td {{ background: #fafafa; color: #555; }}
img {{ max-width: 100%; }} code, pre {{ background: #f6f6f6; padding: 1px 4px; }}
.note {{ color: #555; font-size: 0.9em; }}
</style></head><body>
<h1>{_t("report.title", lang)}</h1>
<p>{intro}</p>
<h2>{_t("report.compared", lang)}</h2><ul>{scen}</ul>
<h2>{_t("report.headline", lang)}</h2>{_headline(result, lang)}
<p class="note">{note}</p>
<h2>{_t("report.plots", lang)}</h2>{images}
<h2>{_t("report.uncertainty", lang)}</h2><p>{_t("report.uncertainty_text", lang)}</p>
<h2>{_t("report.assumptions", lang)}</h2><p>{_t("report.assumptions_text", lang)}</p>{_settings(result, lang)}
<h2>{_t("report.limits", lang)}</h2><p>{_t("report.limits_text", lang)}</p>
<h2>{_t("report.data", lang)}</h2>{_data(lang)}
<h2>{_t("report.reproduce", lang)}</h2><pre>{html.escape(command)}</pre>
<p class="note">{footer}</p>
</body></html>
"""
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
<style>body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 3px 8px; }}
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
