"""The text catalogue: every entry in English and Dutch, numbers in the reader's locale, and a
Dutch report in which no English is left.

The Dutch check renders what a Dutch reader sees — the report's page, every figure the report
draws and the overview figure of a run — and looks in it for the catalogue's English words.
"""

from __future__ import annotations

import datetime
import html
import re
import string
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from polsim import __version__, compare, text
from polsim.interventions import INTERVENTIONS, TARGETING_RULES
from polsim.model import registry
from polsim.model.roles import ROLE_NAMES
from polsim.outputs.figures import polarisation_overview
from polsim.outputs.report import TABLES, report_figures, write_report
from polsim.runs.comparison import OUTCOMES, Comparison
from polsim.scenarios import NETWORK_KINDS, Scenario

#: Words the Dutch shares with the English on purpose. Any other word of the catalogue's
#: English counts as English unless some Dutch entry uses it where its English does not.
SHARED = {
    # names of people, theories, programs and file formats
    "al", "amblard", "baumann", "brandsma", "csv", "deffuant", "et", "hegselmann", "html",
    "hydra", "jager", "kis", "krause", "odd", "parquet", "polsim",
    # words Dutch spells as English does
    "accounts", "best", "budget", "contact", "effect", "exponent", "extra", "framing",
    "incident", "interval", "media", "model", "offline", "online", "parameter", "parameters",
    "plan", "stop", "training", "week",
    # the command's names, and the multiplication sign between counts
    "compare", "demo", "x",
}  # fmt: skip

#: A scenario whose intervention spends a budget of 40,000 in full: 100 people at 40 a week
#: for ten weeks.
BUDGET = Scenario.from_mapping(
    {
        "name": "budget_40k",
        "title": {"en": "Resilient middle, budget 40,000", "nl": "Weerbare midden, budget 40.000"},
        "summary": {"en": "Half of the city, until the budget is spent.",
                    "nl": "De helft van de stad, tot het budget op is."},
        "interventions": [{"type": "resilient_middle", "start": 0, "coverage": 0.5,
                           "cost_per_unit": 40.0, "budget": 40000}],
    }
)  # fmt: skip


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare(
        ["baseline", "key_figures", "resilient_middle"], replicates=2, weeks=12, n_agents=200
    )


@pytest.fixture(scope="module")
def budgeted() -> Comparison:
    return compare(["baseline", BUDGET], replicates=2, weeks=12, n_agents=200)


# -- the catalogue ---------------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_entry_has_english_and_dutch_with_the_same_fields():
    for key, entry in text.CATALOGUE.items():
        assert set(entry) == set(text.LANGUAGES), key
        assert all(isinstance(v, str) and v.strip() for v in entry.values()), key
        assert _fields(entry["en"]) == _fields(entry["nl"]), key


def test_the_catalogue_names_every_role_phase_outcome_intervention_and_parameter():
    for role in ROLE_NAMES:
        assert text.label(role, "nl") == text.text(f"role.{role}", "nl")
    assert [text.label(k, "nl") for k in (1, 2, 3, 4)] == [
        text.PHASE_LABELS[k]["nl"] for k in (1, 2, 3, 4)
    ]
    for name, outcome in OUTCOMES.items():
        assert outcome.label("nl") == text.text(f"outcome.{name}", "nl")
    for kind, cls in INTERVENTIONS.items():
        assert cls.labels == text.translations(f"intervention.{kind}"), kind
        assert cls.label("nl") == text.text(f"intervention.{kind}", "nl")
    for rule in TARGETING_RULES:
        assert f"targeting.{rule}" in text.CATALOGUE
    for kind in NETWORK_KINDS:
        assert f"network.{kind}" in text.CATALOGUE
    for p in registry.PARAMETERS.values():  # the registry reads its meanings from here
        assert text.text(f"parameter.{p.name}", "nl"), p.name
    assert {k.split(".", 1)[1] for k in text.CATALOGUE if k.startswith("parameter.")} == set(
        registry.PARAMETERS
    )
    assert text.label("silent", "nl") == "stille midden"
    assert text.t("report.baseline", "nl") == "(nulsituatie)"


def test_an_unknown_language_or_key_is_one_line_naming_it():
    with pytest.raises(ValueError, match=r"^lang must be one of en, nl; got 'de'$"):
        text.check_lang("de")
    with pytest.raises(ValueError, match="lang must be one of en, nl; got 'de'"):
        text.text("report.title", "de")
    with pytest.raises(ValueError, match=r"no text 'report\.nosuch'"):
        text.text("report.nosuch", "en")
    assert text.check_lang("nl") == "nl"


def test_numbers_money_and_dates_in_each_locale():
    assert (text.number(40000, "en"), text.number(40000, "nl")) == ("40,000", "40.000")
    assert (text.number(0.5, "en"), text.number(0.5, "nl")) == ("0.5", "0,5")
    assert text.number(-0.0004, "nl", digits=3, signed=True) == "0,000"  # no "-0"
    assert text.number(0.0125, "nl", digits=3, signed=True) == "+0,012"
    assert text.money(39600, "en") == "€39,600"
    assert text.money(39600, "nl") == "€\xa039.600"
    assert text.money(0.5, "nl", cents=True) == "€\xa00,50"
    assert (text.percent(0.125, "en", digits=1), text.percent(0.125, "nl", digits=1)) == (
        "12.5%",
        "12,5%",
    )
    assert text.points(0.032, "en") == "+3.2 pp"
    assert text.points(-0.032, "nl") == "-3,2 procentpunt"
    day = datetime.date(2026, 3, 5)
    assert (text.date(day, "en"), text.date(day, "nl")) == ("5 March 2026", "5 maart 2026")
    assert text.number(float("nan"), "nl") == "–"


# -- the Dutch report --------------------------------------------------------------------------


def _prose(value: str) -> str:
    """``value`` without fields, argparse fields, `code`, and words glued to code syntax
    (overrides such as ``lang=nl``, paths, lists): what is left is meant to be read."""
    value = re.sub(r"\{[^{}]*\}|%\(\w+\)s|`[^`]*`", " ", value)
    return " ".join(chunk for chunk in value.split() if not re.search(r"[=/*\[\]]", chunk))


def words(value: str) -> set[str]:
    """The lower-case words of ``value``; numbers and identifiers (with ``_``) are no words."""
    found = re.findall(r"\w+", _prose(value))
    return {w.lower() for w in found if not any(c.isdigit() or c == "_" for c in w)}


def english_vocabulary() -> set[str]:
    """The catalogue's English words that are not Dutch: a word counts as Dutch where a Dutch
    entry uses it and its English does not, or when it is :data:`SHARED`. (A word that occurs
    only where the English has it too proves nothing: it may be English copied into the
    Dutch.)"""
    english: set[str] = set()
    dutch: set[str] = set()
    for entry in text.CATALOGUE.values():
        en, nl = words(entry["en"]), words(entry["nl"])
        english |= en
        dutch |= nl - en
    return english - dutch - SHARED


def identifiers(result: Comparison) -> set[str]:
    """Names the report prints in code type because readers type or look them up: the
    scenarios, the data tables and their outcome columns, the model's parameters."""
    names = {s.name for s in result.scenarios} | set(TABLES) | set(OUTCOMES)
    return names | set(registry.PARAMETERS)


def visible_text(page: str, code: set[str]) -> str:
    """What a browser shows of ``page``: no scripts, styles or data URIs, no tags, and no
    identifier of ``code`` printed in code type."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL | re.IGNORECASE)
    page = re.sub(r"data:[^'\"\s>]*", " ", page)
    page = re.sub(r"<code>([^<]*)</code>", lambda m: " " if m[1] in code else m[1], page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def figure_texts(fig: Figure) -> list[str]:
    """Every text drawn on ``fig``: titles, axis labels, legend entries, tick labels."""
    fig.draw_without_rendering()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def render(result: Comparison, folder: Path, lang: str) -> tuple[str, list[str]]:
    """The report's visible text in ``lang`` and the texts of its figures and of the overview
    of the baseline's first run."""
    command = "polsim compare scenarios=[baseline,key_figures,resilient_middle] lang=nl"
    page = write_report(result, folder, lang=lang, command=command).read_text(encoding="utf-8")
    run = result.trajectories
    run = run[(run.scenario == result.settings["baseline"]) & (run.replicate == 0)]
    figures = [*report_figures(result, lang), polarisation_overview(run, lang=lang, title="x")]
    texts = [t for fig in figures for t in figure_texts(fig)]
    return visible_text(page, identifiers(result)), texts


def english_in_dutch(result: Comparison, folder: Path) -> dict[str, list[str]]:
    """Each English word found in the Dutch report or its figures, with where it was seen."""
    page, labels = render(result, folder, "nl")
    vocabulary = english_vocabulary()
    found: dict[str, list[str]] = {}
    sentences = re.split(r"(?<=[.:;])\s+|\n", page) + labels
    for sentence in sentences:
        for word in words(sentence) & vocabulary:
            found.setdefault(word, []).append(" ".join(sentence.split())[:120])
    return found


def test_the_dutch_report_and_its_figures_contain_no_english(comparison, tmp_path):
    found = english_in_dutch(comparison, tmp_path / "nl")
    assert not found, "English in the Dutch report: " + "; ".join(
        f"{word!r} in {places[0]!r}" for word, places in sorted(found.items())
    )


def test_the_dutch_report_of_a_flagged_budgeted_comparison_contains_no_english(tmp_path):
    """The council report's other sentences: a budget, costs per unit, a trigger, an end week
    and a scenario that changes the city itself (flagged)."""
    bigger = Scenario.from_mapping(
        {"name": "bigger", "title": {"en": "Bigger city", "nl": "Grotere stad"},
         "summary": {"en": "More people.", "nl": "Meer mensen."}, "parameters": {"n_agents": 300},
         "interventions": [{"type": "media_restraint", "trigger": 2, "end": 10, "level": 0.5,
                            "cost_per_unit": 150}]}
    )  # fmt: skip
    result = compare(["baseline", BUDGET, bigger], replicates=2, weeks=6, n_agents=200)
    found = english_in_dutch(result, tmp_path / "nl")
    assert not found, "English in the Dutch report: " + "; ".join(
        f"{word!r} in {places[0]!r}" for word, places in sorted(found.items())
    )


@pytest.mark.parametrize(
    ("key", "english", "expected"),
    [
        ("report.baseline", "(baseline)", "baseline"),  # the headline table
        ("report.column.cost", "mean cost", "cost"),
        ("role.silent", "silent middle", "silent"),  # a figure's legend
        ("figure.share_of_people", "share of people", "people"),  # the overview's axis
    ],
)
def test_the_check_finds_english_put_into_a_dutch_entry(
    comparison, tmp_path, monkeypatch, key, english, expected
):
    monkeypatch.setitem(text.CATALOGUE[key], "nl", english)
    assert expected in english_in_dutch(comparison, tmp_path / "nl")


# -- numbers in the report ---------------------------------------------------------------------


def test_the_dutch_report_writes_numbers_in_dutch_and_the_english_in_english(budgeted, tmp_path):
    nl, nl_labels = render(budgeted, tmp_path / "nl", "nl")
    en, en_labels = render(budgeted, tmp_path / "en", "en")
    nl, en = nl.replace("\xa0", " "), en.replace("\xa0", " ")
    # the budget and the money spent, grouped by the locale
    assert "budget is € 40.000" in nl
    assert "Gemiddeld uitgegeven: € 40.000 per herhaling" in nl
    assert "budget is €40,000" in en
    assert "Spent on average: €40,000 per run" in en
    assert "€40,000" not in nl
    assert "€ 40.000" not in en
    # the effect with its interval: decimal comma and a semicolon between the bounds in Dutch
    assert re.search(r"[+-]?\d,\d{3,} \[[+-]?\d,\d{3,}; [+-]?\d,\d{3,}\]", nl)
    assert re.search(r"[+-]?\d\.\d{3,} \[[+-]?\d\.\d{3,}, [+-]?\d\.\d{3,}\]", en)
    # shares in percentage points, the interval's bounds too
    assert re.search(
        r"[+-]?\d+,\d procentpunt \[[+-]?\d+,\d procentpunt; [+-]?\d+,\d procentpunt\]", nl
    )
    assert re.search(r"[+-]?\d+\.\d pp \[[+-]?\d+\.\d pp, [+-]?\d+\.\d pp\]", en)
    # the changed parameter's default (1000 people) and the percentage points
    assert "1.000" in nl
    assert "1,000" in en
    assert "procentpunt" in nl
    assert " pp" in en
    # no decimal point in the Dutch text (the version number aside), no decimal comma in English
    nl_numbers = nl.replace(__version__, "")
    assert not re.search(r"(?<![\d.])0\.\d|\d\.\d{1,2}(?!\d)", nl_numbers)
    assert not re.search(r"(?<![\d,])0,\d", en.replace(__version__, ""))
    # the figures' ticks: 0,5 in Dutch, 0.5 in English
    assert any(re.fullmatch(r"[−-]?\d+,\d+", label) for label in nl_labels)
    assert not any(re.fullmatch(r"[−-]?\d+\.\d+", label) for label in nl_labels)
    assert any(re.fullmatch(r"[−-]?\d+\.\d+", label) for label in en_labels)


def test_the_classic_gallery_speaks_dutch():
    from polsim.outputs.figures import classic_gallery

    fig = classic_gallery(rng=1, n=80, lang="nl")
    words = [fig.get_label()] + [t.get_text() for ax in fig.axes for t in
                                 (ax.title, ax.xaxis.label, ax.yaxis.label)]  # fmt: skip
    words += [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().texts]
    shown = " ".join(words)
    assert "klassieke opiniedynamica" in shown
    assert "eindopinies" in shown
    assert "aandeel agenten" in shown
    for english in ("final opinions", "share of agents", "major clusters", "uniformity"):
        assert english not in shown
