"""A self-contained HTML report of a comparison, in English or Dutch, with its data.

Written for a policy officer who is not a modeller: what was compared and why, the headline
table, plots, uncertainty in plain words, assumptions and parameters, what the model cannot
say, and the exact command to reproduce it. Images are embedded, so the file opens offline;
the tidy data lie beside it as Parquet and CSV.
"""

from __future__ import annotations

import base64
import html
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure
import pandas as pd

from polsim import __version__
from polsim.model import registry
from polsim.runs.comparison import OUTCOMES, Comparison
from polsim.text import PHASE_LABELS, label
from polsim.model.roles import ROLE_NAMES

__all__ = ["TEXT", "write_report"]

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "Polarisation scenarios compared",
        "nl": "Scenario's voor polarisatie vergeleken",
    },
    "intro": {
        "en": "This report compares policy scenarios in polsim, a simulation of how polarisation grows and calms in a city (Brandsma's roles, the media as catalyst, the KIS phases). Each scenario was simulated {replicates} times for {weeks} weeks (one step is one week) with {n} residents. Replicate 1 of every scenario uses the same city, the same people and the same chance events, and so on, so that differences come from the interventions, not from luck.",
        "nl": "Dit rapport vergelijkt beleidsscenario's in polsim, een simulatie van hoe polarisatie in een stad groeit en afneemt (de rollen van Brandsma, de media als katalysator, de fasen van het KIS). Elk scenario is {replicates} keer gesimuleerd over {weeks} weken (één stap is één week) met {n} inwoners. Herhaling 1 van elk scenario gebruikt dezelfde stad, dezelfde mensen en dezelfde toevalsgebeurtenissen, enzovoort, zodat verschillen uit de interventies komen en niet uit toeval.",
    },
    "compared": {"en": "What was compared", "nl": "Wat is vergeleken"},
    "headline": {
        "en": "Headline: effects against the baseline",
        "nl": "Kern: effecten ten opzichte van de nulsituatie",
    },
    "headline_note": {
        "en": "Ranked by the change in: {outcome} (the outcome chosen for this report; the others stand beside it). A difference is marked clear when its 95% interval does not include zero. Cost is the mean money spent per run; gain per 10,000 is the improvement in the ranking outcome bought with 10,000 of budget. The KIS phase is the municipality's reading of the city (us-versus-them talk, avoided contact, incidents); phase 4 is read from the incident rate, so a change in incidents and in phase 4 reached is one finding, not two.",
        "nl": "Gerangschikt naar de verandering in: {outcome} (de uitkomst die voor dit rapport is gekozen; de andere staan ernaast). Een verschil heet duidelijk als het 95%-interval nul niet bevat. Kosten zijn het gemiddeld uitgegeven bedrag per run; winst per 10.000 is de verbetering in de rangschikkende uitkomst die 10.000 budget oplevert. De KIS-fase is de lezing van de stad door de gemeente (wij-zijtaal, vermeden contact, incidenten); fase 4 wordt afgelezen aan het aantal incidenten, dus een verandering in incidenten en in het bereiken van fase 4 is één bevinding, geen twee.",
    },
    "columns": {
        "en": "rank|scenario|change in the ranking outcome (95% interval)|silent middle change|incidents per 1,000 change|scapegoats change|phase 4 reached|mean cost|gain per 10,000",
        "nl": "rang|scenario|verandering rangschikkende uitkomst (95%-interval)|verandering stille midden|verandering incidenten per 1.000|verandering zondebokken|fase 4 bereikt|gemiddelde kosten|winst per 10.000",
    },
    "baseline": {"en": "(baseline)", "nl": "(nulsituatie)"},
    "plots": {"en": "How the scenarios unfold", "nl": "Hoe de scenario's verlopen"},
    "uncertainty": {"en": "How sure are these results?", "nl": "Hoe zeker zijn deze uitkomsten?"},
    "uncertainty_text": {
        "en": "Every run is one possible course of events. The lines show the average over all runs and the shaded bands the range in which that average lies with 95% confidence. The 95% interval of an effect says the same for a difference with the baseline: if it does not include zero, the difference is unlikely to be chance. More runs narrow the intervals. Intervals say nothing about whether the model itself is right; see the limits below.",
        "nl": "Elke run is één mogelijk verloop. De lijnen tonen het gemiddelde over alle runs en de banden het gebied waarin dat gemiddelde met 95% zekerheid ligt. Het 95%-interval van een effect zegt hetzelfde over een verschil met de nulsituatie: als nul er niet in ligt, is het verschil waarschijnlijk geen toeval. Meer runs maken de intervallen smaller. Intervallen zeggen niets over de vraag of het model zelf klopt; zie de grenzen hieronder.",
    },
    "assumptions": {"en": "Assumptions and settings", "nl": "Aannames en instellingen"},
    "assumptions_text": {
        "en": "Parameters differing from the model's defaults, the network and each scenario's interventions. All other parameters are at the defaults documented in the model description (ODD).",
        "nl": "Parameters die afwijken van de standaardwaarden van het model, het netwerk en de interventies per scenario. Alle andere parameters staan op de standaardwaarden uit de modelbeschrijving (ODD).",
    },
    "limits": {"en": "What the model cannot say", "nl": "Wat het model niet kan zeggen"},
    "limits_text": {
        "en": "polsim is a stylised model of mechanisms from the literature (Brandsma, social judgement theory, the KIS phases), not a forecast for a real city: its parameters are grounded in theory and calibrated to plausible time scales, not measured locally. Use it to compare directions and relative sizes of effects, and to think through why an intervention helps or backfires, not to predict how many incidents a neighbourhood will see. Costs are the scenario author's assumptions. The KIS phase is read from the simulated city with fixed thresholds, not assessed by professionals.",
        "nl": "polsim is een gestileerd model van mechanismen uit de literatuur (Brandsma, de sociale-oordeelstheorie, de KIS-fasen), geen voorspelling voor een echte stad: de parameters zijn onderbouwd met theorie en afgestemd op plausibele tijdschalen, niet lokaal gemeten. Gebruik het om richting en relatieve grootte van effecten te vergelijken en om te doordenken waarom een interventie helpt of averechts werkt, niet om te voorspellen hoeveel incidenten een wijk krijgt. Kosten zijn aannames van de opsteller van het scenario. De KIS-fase wordt met vaste drempels afgelezen uit de gesimuleerde stad, niet door professionals beoordeeld.",
    },
    "reproduce": {"en": "Reproduce this report", "nl": "Dit rapport opnieuw maken"},
    "data": {"en": "Data", "nl": "Gegevens"},
    "data_text": {
        "en": "The tables behind this report are in the folder data/ beside it, as Parquet and CSV: trajectories (every run, every week), outcomes (every run), effects, summary and ranking.",
        "nl": "De tabellen achter dit rapport staan in de map data/ ernaast, als Parquet en CSV: trajectories (elke run, elke week), outcomes (elke run), effects, summary en ranking.",
    },
    "yes": {"en": "yes", "nl": "ja"},
    "clear": {"en": "clear", "nl": "duidelijk"},
    "week": {"en": "week", "nl": "week"},
    "silent": {"en": "silent middle (share)", "nl": "stille midden (aandeel)"},
    "tolerance": {"en": "tolerance of the middle", "nl": "tolerantie van het midden"},
    "incidents": {"en": "incidents per 1,000 per week", "nl": "incidenten per 1.000 per week"},
    "roles": {"en": "roles in the baseline", "nl": "rollen in de nulsituatie"},
    "phase_band": {
        "en": "KIS phase: share of runs in each phase",
        "nl": "KIS-fase: aandeel runs per fase",
    },
    "generated": {"en": "Made with polsim {version}.", "nl": "Gemaakt met polsim {version}."},
    "parameter": {"en": "parameter", "nl": "parameter"},
    "value": {"en": "value", "nl": "waarde"},
    "default": {"en": "default", "nl": "standaard"},
    "meaning": {"en": "meaning", "nl": "betekenis"},
}

PHASE_COLOURS = {1: "#9ecae1", 2: "#fdd0a2", 3: "#fd8d3c", 4: "#d62728"}


def _t(key: str, lang: str, **fmt: Any) -> str:
    return TEXT[key][lang].format(**fmt)


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _title(result: Comparison, name: str, lang: str) -> str:
    for s in result.scenarios:
        if s.name == name:
            return s.title[lang] or name
    return name


def _figures(result: Comparison, lang: str) -> list[str]:
    summary = result.summary
    names = [s.name for s in result.scenarios]
    colours = colormaps["tab20"](range(len(names)))
    images = []
    fig = Figure(figsize=(15, 4.3), layout="constrained")
    axes = fig.subplots(1, 3)
    for ax, measure, caption in zip(
        axes,
        ("silent", "tolerance_of_middle", "incident_rate"),
        ("silent", "tolerance", "incidents"),
        strict=True,
    ):
        for name, colour in zip(names, colours, strict=True):
            part = summary[summary.scenario == name]
            ax.plot(
                part.step,
                part[f"{measure}_mean"],
                color=colour,
                label=_title(result, name, lang),
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
        ax.set_xlabel(_t("week", lang))
        ax.set_title(_t(caption, lang), fontsize=10)
    axes[0].legend(fontsize=7, loc="lower left")
    images.append(_png(fig))
    base = summary[summary.scenario == names[0]]
    fig = Figure(figsize=(7, 3.8), layout="constrained")
    ax = fig.subplots()
    for role in ROLE_NAMES:
        if role + "_mean" in base:
            ax.plot(base.step, base[role + "_mean"], label=label(role, lang))
    ax.set_xlabel(_t("week", lang))
    ax.set_title(_t("roles", lang) + f" ({_title(result, names[0], lang)})", fontsize=10)
    ax.legend(fontsize=8)
    images.append(_png(fig))
    rows = len(names)
    fig = Figure(figsize=(10, 0.55 * rows + 1.2), layout="constrained")
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)
    for ax, name in zip(axes[:, 0], names, strict=True):
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
                label=f"{k}: {PHASE_LABELS[k][lang]}",
            )
            bottom = bottom + share
        ax.set_yticks([])
        ax.set_ylabel(_title(result, name, lang), rotation=0, ha="right", va="center", fontsize=7)
    axes[0, 0].set_title(_t("phase_band", lang), fontsize=10)
    axes[0, 0].legend(fontsize=7, ncol=4, loc="upper center", bbox_to_anchor=(0.5, 2.2))
    axes[-1, 0].set_xlabel(_t("week", lang))
    images.append(_png(fig))
    return images


def _headline(result: Comparison, lang: str) -> str:
    reach = result.outcomes.groupby("scenario").reached_phase_4.mean()
    cols = _t("columns", lang).split("|")
    rows = []
    for _, r in result.ranking.iterrows():
        s = r.scenario
        mark = f" <b>({_t('clear', lang)})</b>" if r.clear else ""
        cells = [
            str(int(r["rank"])),
            html.escape(_title(result, s, lang)),
            f"{r.difference:+.3f} [{r.ci_low:+.3f}, {r.ci_high:+.3f}]{mark}",
            f"{r.final_silent_change:+.1%}",
            f"{r.incidents_change:+.2f}",
            f"{r.scapegoats_change:+.1%}",
            f"{reach[s]:.0%}",
            f"{r.mean_cost:,.0f}",
            "–" if pd.isna(r.gain_per_10k) else f"{r.gain_per_10k:.3f}",
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    base = result.settings["baseline"]
    base_row = [
        "–",
        html.escape(_title(result, base, lang)) + " " + _t("baseline", lang),
        "0",
        "0",
        "0",
        "0",
        f"{reach[base]:.0%}",
        f"{result.outcomes[result.outcomes.scenario == base].spent.mean():,.0f}",
        "–",
    ]
    rows.insert(0, "<tr class='base'>" + "".join(f"<td>{c}</td>" for c in base_row) + "</tr>")
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _settings(result: Comparison, lang: str) -> str:
    params = registry.resolve(result.settings["parameters"])
    changed = [(k, v) for k, v in params.items() if v != registry.PARAMETERS[k].default]
    rows = "".join(
        f"<tr><td><code>{k}</code></td><td>{v:g}</td><td>{registry.PARAMETERS[k].default:g}</td>"
        f"<td>{html.escape(registry.PARAMETERS[k].meaning)}</td></tr>"
        for k, v in changed
    )
    head = "".join(f"<th>{_t(k, lang)}</th>" for k in ("parameter", "value", "default", "meaning"))
    table = f"<table><tr>{head}</tr>{rows}</table>" if rows else ""
    network = html.escape(str(result.settings["network"] or {"kind": "small_world"}))
    items = []
    for s in result.scenarios:
        parts = [html.escape(str(i)) for i in s.interventions] + [
            html.escape(f"shock {sh}") for sh in s.shocks
        ]
        extra = f" — parameters {html.escape(str(s.parameters))}" if s.parameters else ""
        items.append(f"<li><b>{html.escape(s.name)}</b>{extra}: {'; '.join(parts) or '–'}</li>")
    return f"{table}<p>network: <code>{network}</code></p><ul>{''.join(items)}</ul>"


def write_report(result: Comparison, folder: Path, *, lang: str = "en", command: str = "") -> Path:
    """Write ``report.html`` and ``data/`` into ``folder`` (created; must not exist yet).

    Everything is first written to a temporary folder beside it and then moved into place in
    one step, so an interrupted run leaves nothing half-written.
    """
    if lang not in ("en", "nl"):
        raise ValueError(f"lang must be en or nl, got {lang!r}")
    folder = Path(folder)
    if folder.exists():
        raise ValueError(f"out folder {folder} exists already; polsim never overwrites a run")
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder.parent))
    try:
        data = work / "data"
        data.mkdir()
        for name in ("trajectories", "outcomes", "effects", "summary", "ranking"):
            table: pd.DataFrame = getattr(result, name)
            table.to_parquet(data / f"{name}.parquet", index=False)
            table.to_csv(data / f"{name}.csv", index=False)
        n = int(registry.resolve(result.settings["parameters"])["n_agents"])
        scen = "".join(
            f"<li><b>{html.escape(s.title[lang])}</b> (<code>{s.name}</code>): "
            f"{html.escape(s.summary[lang])}</li>"
            for s in result.scenarios
        )
        images = "".join(f"<p><img src='{src}' alt=''></p>" for src in _figures(result, lang))
        english, dutch, _ = OUTCOMES[result.settings.get("rank_by", "final_silent")]
        ranked = english if lang == "en" else dutch
        outcome_note = "; ".join(
            f"{k}: {v[0] if lang == 'en' else v[1]}" for k, v in OUTCOMES.items()
        )
        page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{_t("title", lang)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; line-height: 1.45; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f0f0f0; }} tr.base td {{ background: #fafafa; color: #555; }}
img {{ max-width: 100%; }} code, pre {{ background: #f6f6f6; padding: 1px 4px; }}
.note {{ color: #555; font-size: 0.9em; }}
</style></head><body>
<h1>{_t("title", lang)}</h1>
<p>{_t("intro", lang, replicates=result.settings["replicates"], weeks=result.settings["weeks"], n=n)}</p>
<h2>{_t("compared", lang)}</h2><ul>{scen}</ul>
<h2>{_t("headline", lang)}</h2>{_headline(result, lang)}
<p class="note">{_t("headline_note", lang, outcome=html.escape(ranked))}</p>
<h2>{_t("plots", lang)}</h2>{images}
<h2>{_t("uncertainty", lang)}</h2><p>{_t("uncertainty_text", lang)}</p>
<h2>{_t("assumptions", lang)}</h2><p>{_t("assumptions_text", lang)}</p>{_settings(result, lang)}
<h2>{_t("limits", lang)}</h2><p>{_t("limits_text", lang)}</p>
<h2>{_t("data", lang)}</h2><p>{_t("data_text", lang)}</p><p class="note">{html.escape(outcome_note)}</p>
<h2>{_t("reproduce", lang)}</h2><pre>{html.escape(command)}</pre>
<p class="note">{_t("generated", lang, version=__version__)} seed {result.settings["seed"]}.</p>
</body></html>
"""
        (work / "report.html").write_text(page, encoding="utf-8")
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return folder / "report.html"
