"""The council report: a summary first, every outcome defined and shown with its intervals,
interventions in sentences, money in euros per language, alt text, nothing remote, and a
scenario that changes the city itself flagged."""

from __future__ import annotations

import dataclasses
import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
import yaml
from matplotlib.transforms import Bbox

from polsim import compare
from polsim.outputs.report import city_changes, report_figures, residents, write_report
from polsim.runs.comparison import OUTCOMES, Comparison, _ranking, paired_effects
from polsim.scenarios import Scenario
from polsim.text import money, text
from tests.browser import Page

#: Resilient middle for 100 of 200 people at 40 a week, a budget of 40,000.
BUDGETED = Scenario.from_mapping(
    {
        "name": "budgeted",
        "title": {"en": "Resilient middle with a budget", "nl": "Weerbare midden met budget"},
        "summary": {"en": "Half of the city until the budget is spent.",
                    "nl": "De helft van de stad tot het budget op is."},
        "interventions": [{"type": "resilient_middle", "start": 2, "end": 10, "coverage": 0.5,
                           "cost_per_unit": 40.0, "budget": 40000,
                           "targeting": {"rule": "silent_middle"}}],
    }
)  # fmt: skip
#: A scenario whose city is bigger than the baseline's: 300 people, not 200.
BIGGER = Scenario.from_mapping(
    {
        "name": "bigger",
        "title": {"en": "Key figures in a bigger city", "nl": "Sleutelfiguren in een grotere stad"},
        "summary": {"en": "A key-figure network.", "nl": "Een netwerk van sleutelfiguren."},
        "parameters": {"n_agents": 300},
        "interventions": [{"type": "key_figures", "coverage": 0.02, "cost_per_unit": 25,
                           "targeting": {"rule": "central"}, "trigger": 2}],
    }
)  # fmt: skip
LANGS = ("en", "nl")


@pytest.fixture(scope="module")
def result() -> Comparison:
    return compare(["baseline", BUDGETED, BIGGER], replicates=3, weeks=12, n_agents=200)


@pytest.fixture(scope="module")
def pages(result: Comparison, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("council")
    return {
        lang: write_report(result, folder / lang, lang=lang, command="polsim compare").read_text(
            encoding="utf-8"
        )
        for lang in LANGS
    }


def visible(page: str) -> str:
    """The text a reader sees: no style, no images' data, no tags."""
    page = re.sub(r"<style\b.*?</style>", " ", page, flags=re.DOTALL)
    page = re.sub(r"<img [^>]*>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def section(page: str, key: str) -> str:
    found = re.search(rf"<section id='{key}'>(.*?)</section>", page, flags=re.DOTALL)
    assert found, f"no section {key}"
    return found[1]


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_comes_first_and_answers_the_four_questions(pages, result, lang):
    page = pages[lang]
    assert page.index("<section id='summary'>") == page.index("<section")
    assert page.index(text("report.summary", lang)) < page.index("<h2>", page.index("<h2>") + 1)
    summary = visible(section(page, "summary"))
    for title in (s.title[lang] for s in result.scenarios):  # what was compared, in words
        assert title in summary
    ranked = result.ranking.iloc[0]
    helps = text("report.summary.best", lang).split("{")[0]
    none = text("report.summary.none", lang).split("{")[0]
    assert helps in summary or none in summary  # what helps most
    assert text("report.summary.sure", lang).split("{")[0] in summary  # how sure
    assert ("procentpunt" if lang == "nl" else "pp") in summary
    cost = result.outcomes.groupby("scenario").spent.mean()
    assert money(float(cost["budgeted"]), lang).replace("\xa0", " ") in summary  # what it costs
    assert result.settings["rank_by"] == ranked.outcome


@pytest.mark.parametrize("lang", LANGS)
def test_every_outcome_is_defined_and_every_effect_has_its_interval(pages, result, lang):
    page = pages[lang]
    outcomes = section(page, "outcomes")
    unit = "procentpunt" if lang == "nl" else "pp"
    sep = ";" if lang == "nl" else ","
    for name in (n for n in OUTCOMES if n != "spent"):
        definition = html.escape(text(f"report.define.{name}", lang), quote=False)
        assert f"<p>{definition[0].upper()}{definition[1:]}." in outcomes  # a sentence
        block = outcomes.split(f"<h3>{html.escape(OUTCOMES[name].label(lang))}</h3>")[1]
        table = block.split("</table>")[0]
        cells = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td>", table)
        assert len(cells) == len(result.scenarios) - 1
        for cell in cells:
            assert re.fullmatch(rf"\S.* \[\S.*{sep} \S.*\]", html.unescape(cell)), cell
            if name in ("final_silent", "mean_silent", "final_polarised", "scapegoats"):
                assert cell.count(unit) == 3, cell  # the effect and both bounds
    heading = "percentage points" if lang == "en" else "procentpunten"
    assert heading in outcomes


@pytest.mark.parametrize("lang", LANGS)
def test_interventions_and_network_are_sentences_and_money_is_in_euros(pages, lang):
    shown = visible(section(pages[lang], "compared"))
    assert "{" not in shown
    assert "'type':" not in shown
    assert "}" not in shown
    if lang == "en":
        assert "reaches 100 residents (50% of the city)" in shown
        assert "from week 2 until week 10" in shown
        assert "It costs €40 per resident reached per week, €4,000 a week in all." in shown
        assert "Its budget is €40,000" in shown
        assert "once the quick scan observes phase 2 (unease)" in shown
        assert "€25 per key figure per week" in shown
        assert "small world" in shown
        assert "10 ties per person on average" in shown
    else:
        assert "bereikt 100 inwoners (50% van de stad)" in shown
        assert "van week 2 tot week 10" in shown
        assert "Het kost € 40 per bereikte inwoner per week, in totaal € 4.000 per week." in (
            shown.replace("\xa0", " ")
        )
        assert "Het budget is € 40.000" in shown.replace("\xa0", " ")
        assert "vanaf het moment dat de quickscan fase 2 (ongemak) waarneemt" in shown
        assert "gemiddeld 10 contacten per persoon" in shown


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_has_alt_text_and_nothing_is_remote(pages, lang):
    page = pages[lang]
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == len(OUTCOMES) - 1 + 4
    for image in images:
        assert re.search(r"src='data:image/png;base64,", image)
        alt = re.search(r"alt='([^']*)'", image)
        assert alt is not None, image[:80]
        assert len(alt[1]) > 40, alt[1]
    assert "http" not in page
    assert "@media print" in page
    assert "break-before: page" in page


@pytest.mark.parametrize("lang", LANGS)
def test_a_scenario_with_another_city_is_flagged_with_its_real_size(pages, result, lang):
    assert residents(result) == {"baseline": 200, "budgeted": 200, "bigger": 300}
    assert city_changes(result) == {"bigger": ["n_agents"]}
    page = pages[lang]
    flags = re.findall(r"<p class='flag'>(.*?)</p>", page, flags=re.DOTALL)
    assert len(flags) == 2  # in the summary and beside the scenario
    assert BIGGER.title[lang] in visible(flags[0])
    shown = visible(page)
    assert text("report.residents", lang, n="300") in shown
    assert text("report.residents", lang, n="200") in shown
    # the size the command line set is stated, not listed as differing from a default
    assert "<code>n_agents</code>" not in section(page, "settings")


def test_a_comparison_of_one_city_has_no_flag(tmp_path: Path) -> None:
    result = compare(["baseline", "key_figures"], replicates=2, weeks=4, n_agents=200)
    assert city_changes(result) == {}
    page = write_report(result, tmp_path / "r").read_text(encoding="utf-8")
    assert "class='flag'" not in page


def test_the_report_renders_offline_and_prints_in_chromium(
    result, tmp_path, page: Page, keep
) -> None:
    """In a real browser: no console errors, no request but the file itself and its embedded
    images, every image decoded, and printed (the browser's "save as PDF") a page per main
    section, the short closing ones sharing pages, on a white background."""
    report = write_report(result, tmp_path / "report", lang="nl", command="polsim compare")
    url = report.resolve().as_uri()
    p = page.page
    p.goto(url)
    p.wait_for_load_state("load")
    assert p.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert p.evaluate("document.images.length") == len(OUTCOMES) - 1 + 4
    p.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    style = "(s) => getComputedStyle(document.querySelector(s))"
    # the style's colours are the palette's, filled in when the report is written
    assert p.evaluate(f"({style})('h2').borderBottomColor") == "rgb(0, 114, 178)"  # its blue
    assert p.evaluate(f"({style})('body').color") == "rgb(34, 34, 34)"  # its ink
    p.emulate_media(media="print")
    assert p.evaluate(f"({style})('#summary').breakBefore") != "page"
    assert p.evaluate(f"({style})('#compared').breakBefore") == "page"
    # the short closing sections share pages instead of standing alone on nearly empty ones
    for short in ("#settings", "#limits", "#data"):
        assert p.evaluate(f"({style})('{short}').breakBefore") != "page"
    assert p.evaluate(f"({style})('body').backgroundColor") == "rgb(255, 255, 255)"
    assert p.evaluate(f"({style})('th').backgroundColor") == "rgba(0, 0, 0, 0)"
    pdf = tmp_path / "report.pdf"
    p.pdf(path=str(pdf), format="A4", print_background=True)
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-"
    sections = p.evaluate("document.querySelectorAll('section').length")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= sections - 3
    assert page.console_errors == []
    assert all(r == url or r.startswith("data:") for r in page.requests), page.requests
    keep(report, "report.nl.html")
    keep(pdf, "report.nl.pdf")


def test_a_researchers_own_intervention_is_described_in_its_own_words(tmp_path: Path) -> None:
    """A registered kind's labels and ``setting_labels`` make its sentences in both
    languages, never a Python mapping or a setting's raw name."""
    from polsim.interventions import INTERVENTIONS, Intervention, register
    from polsim.validation import Interval

    @register
    @dataclass(kw_only=True)
    class Festival(Intervention):
        kind = "festival_report_test"
        labels: ClassVar = {"en": "Street festival", "nl": "Straatfeest"}
        setting_labels: ClassVar = {
            "talk": {"en": "{percent} of their talk turned to shared concerns",
                     "nl": "{percent} van hun gesprekken over gedeelde zorgen"},
            "loudness": {"en": "loudness {value}", "nl": "volume {value}"},
        }  # fmt: skip
        constraints: ClassVar = {"talk": Interval(float, 0.0, 1.0),
                                 "loudness": Interval(float, 0.0, None)}  # fmt: skip
        talk: float = 0.5
        loudness: float = 1.0

        def begin(self, model):  # type: ignore[no-untyped-def]
            model.levers.reframe(range(model.n), self.talk)

    try:
        festival = Scenario.from_mapping(
            {"name": "festival", "title": {"en": "Festivals", "nl": "Feesten"},
             "summary": {"en": "Festivals.", "nl": "Feesten."},
             "interventions": [{"type": "festival_report_test", "talk": 0.25,
                                "loudness": 2.5}]}
        )  # fmt: skip
        result = compare(["baseline", festival], replicates=2, weeks=4, n_agents=200)
        en = visible(section(write_report(result, tmp_path / "en").read_text("utf-8"), "compared"))
        nl = visible(
            section(write_report(result, tmp_path / "nl", lang="nl").read_text("utf-8"), "compared")
        )
        assert "The intervention “Street festival” reaches 10 residents" in en
        assert "25% of their talk turned to shared concerns" in en
        assert "loudness 2.5" in en
        assert "De interventie ‘Straatfeest’ bereikt 10 inwoners" in nl
        assert "25% van hun gesprekken over gedeelde zorgen" in nl
        assert "volume 2,5" in nl
        assert "{" not in en + nl
    finally:
        INTERVENTIONS.pop("festival_report_test")


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ({"colour": {"en": "{value}", "nl": "{value}"}}, r"names no field"),
        ({"talk": {"en": "{value}"}}, r"must give the words in en, nl"),
        ({"talk": {"en": "talk", "nl": "{value}"}}, r"\['en'\] must be a phrase with \{value\} or"),
    ],
)
def test_bad_setting_labels_are_refused_at_registration(words, message) -> None:
    from polsim.interventions import INTERVENTIONS, Intervention, register

    @dataclass(kw_only=True)
    class Talk(Intervention):
        kind = "talk_labels_test"
        talk: float = 0.5

    Talk.setting_labels = words
    with pytest.raises(ValueError, match=message):
        register(Talk)
    assert "talk_labels_test" not in INTERVENTIONS


# -- numbers that never contradict "clear" ---------------------------------------------------

#: Paired differences per replicate, tiny on every outcome's scale: "budgeted" clearly above
#: the baseline, "bigger" clearly below it on every other outcome and crossing zero on the rest.
TINY = {
    "budgeted": [4e-5, 6e-5, 5e-5],
    "bigger": ([-1e-4, -3e-4, -2e-4], [-2e-5, 5e-5, 1e-5]),
}


def tiny_effects(result: Comparison) -> Comparison:
    """``result`` with its outcomes replaced so that every effect is tiny (a few thousandths
    of a percentage point, of a week, of a tolerance), some of them clear."""
    out = result.outcomes.copy()
    for k, name in enumerate(n for n in OUTCOMES if n != "spent"):
        out[name] = 0.5
        for scenario, shifts in TINY.items():
            shift = shifts if scenario == "budgeted" else shifts[k % 2]
            rows = out.scenario == scenario
            out.loc[rows, name] = 0.5 + np.array(shift)[out.loc[rows, "replicate"].to_numpy()]
    effects = paired_effects(out, "baseline")
    ranking = _ranking(out, effects, "baseline", result.settings["rank_by"])
    return dataclasses.replace(result, outcomes=out, effects=effects, ranking=ranking)


def amount(shown: str, lang: str) -> float:
    """The number at the start of a formatted amount (``+0,004 procentpunt`` -> 0.004)."""
    found = re.match(r"[+-]?[\d.,]+", shown.strip())
    assert found, shown
    digits = found[0].replace(",", "") if lang == "en" else found[0].replace(".", "")
    return float(digits.replace(",", "."))


@pytest.mark.parametrize("lang", LANGS)
def test_small_effects_are_shown_with_enough_decimals_never_as_zero(result, tmp_path, lang):
    """Effects of a few thousandths of a percentage point (or week, or tolerance): every
    non-zero effect and bound is printed non-zero with its sign, close to its value, so an
    interval that excludes zero ("clear") never shows a bound of 0; the summary shows the
    same numbers as the tables."""
    tiny = tiny_effects(result)
    assert tiny.effects.clear.any()
    assert not tiny.effects.clear.all()
    page = write_report(tiny, tmp_path / lang, lang=lang).read_text(encoding="utf-8")
    outcomes = section(page, "outcomes")
    eff = tiny.effects.set_index(["scenario", "outcome"])
    sep = ";" if lang == "nl" else ","
    titles = {s.name: s.title[lang] for s in tiny.scenarios}
    cells: dict[tuple[str, str], str] = {}
    for name in (n for n in OUTCOMES if n != "spent"):
        block = outcomes.split(f"<h3>{html.escape(OUTCOMES[name].label(lang))}</h3>")[1]
        table = block.split("</table>")[0]
        for title, cell in re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", table):
            scenario = next(n for n, t in titles.items() if html.escape(t) == title)
            cells[(scenario, name)] = cell = html.unescape(cell)
            row = eff.loc[(scenario, name)]
            effect, interval = cell.split(" [")
            low, high = interval.rstrip("]").split(f"{sep} ")
            scale = 100.0 if ("pp" in cell or "procentpunt" in cell) else 1.0
            decimals = len(re.match(r"[+-]?\d+[.,](\d+)", effect)[1])  # type: ignore[index]
            for shown, value in ((effect, row.difference), (low, row.ci_low),
                                 (high, row.ci_high)):  # fmt: skip
                printed = amount(shown, lang)
                assert printed != 0, (cell, value)
                assert np.sign(printed) == np.sign(value), (cell, value)
                assert abs(printed - value * scale) <= 0.51 * 10.0**-decimals, (cell, value)
            if row.clear:
                assert amount(low, lang) * amount(high, lang) > 0, cell
    assert len(cells) == 2 * (len(OUTCOMES) - 1)
    # the summary's sentence and table print the effect as the outcome's table does
    summary = html.unescape(section(page, "summary"))
    rank_by = tiny.settings["rank_by"]
    for scenario in ("budgeted", "bigger"):
        assert summary.count(cells[(scenario, rank_by)]) >= 1
    assert summary.count(cells[("budgeted", rank_by)]) == 2  # what helps most, and its row


# -- assumptions, names and sentences ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_settings_section_says_so_when_no_setting_differs(pages, result, tmp_path, lang):
    shown = visible(section(pages[lang], "settings"))
    assert text("report.assumptions_none", lang) in shown
    assert text("report.assumptions_text", lang) not in shown
    assert "<table" not in section(pages[lang], "settings")
    changed = dict(result.settings, parameters={**result.settings["parameters"], "n_outlets": 5})
    page = write_report(dataclasses.replace(result, settings=changed), tmp_path / lang, lang=lang)
    settings = section(page.read_text(encoding="utf-8"), "settings")
    assert text("report.assumptions_text", lang) in visible(settings)
    assert text("report.assumptions_none", lang) not in visible(settings)
    assert "(<code>n_outlets</code>)</td><td>5</td><td>3</td>" in settings


@pytest.mark.parametrize("lang", LANGS)
def test_the_baseline_is_named_once_with_its_identifier(pages, result, tmp_path, lang):
    def inline(page: str) -> str:  # the words, tags dropped without a space
        return html.unescape(re.sub(r"<[^>]+>", "", section(page, "compared")))

    shown = inline(pages[lang])
    base = result.scenarios[0]
    assert f"{base.title[lang]} (baseline): " in shown
    assert shown.count("(baseline)") == 1  # the identifier, not the role again
    assert text("report.baseline", lang) not in shown.replace("(baseline)", "", 1)
    # a baseline whose title does not say it is the baseline gets its role beside the name
    plain = dataclasses.replace(base, title={"en": "Doing nothing", "nl": "Niets doen"})
    other = dataclasses.replace(result, scenarios=(plain, *result.scenarios[1:]))
    page = write_report(other, tmp_path / lang, lang=lang).read_text(encoding="utf-8")
    role = text("report.baseline", lang).strip("()")
    assert f"{plain.title[lang]} (baseline, {role}): " in inline(page)


@pytest.mark.parametrize("lang", LANGS)
def test_definitions_and_intervention_sentences_are_whole_sentences(pages, lang):
    outcomes = visible(section(pages[lang], "outcomes"))
    if lang == "en":
        assert "lower is better. This is part of the KIS phase" in outcomes
    else:
        assert "lager is beter. Dit hoort bij de KIS-fase" in outcomes
    assert not re.search(r"(better|beter) (This|Dit)", outcomes)
    compared = section(pages[lang], "compared")
    lists = re.findall(r"<ul>(.*?)</ul>", compared)  # each scenario's list of sentences
    items = [visible(li) for block in lists for li in re.findall(r"<li>(.*?)</li>", block)]
    assert items
    for item in items:  # every sentence of a scenario's list starts with a capital
        assert item[0].isupper(), item
        assert item.endswith("."), item
    shown = visible(compared)
    if lang == "en":
        assert "The intervention “resilient middle” reaches 100 residents" in shown
        assert "The intervention “key-figure network” reaches 6 residents" in shown
    else:
        assert "De interventie ‘weerbaar midden’ bereikt 100 inwoners" in shown
        assert "De interventie ‘sleutelfigurennetwerk’ bereikt 6 inwoners" in shown


@pytest.mark.parametrize("lang", LANGS)
def test_a_shock_is_a_sentence_with_its_name_and_its_weeks(tmp_path, lang):
    brief = Scenario.from_mapping(
        {"name": "brief", "title": {"en": "Shocks", "nl": "Schokken"},
         "summary": {"en": "Two shocks.", "nl": "Twee schokken."},
         "shocks": [{"start": 1, "duration": 8, "strength": 0.25, "reach": 0.5,
                     "name": "national debate"},
                    {"start": 1, "duration": 1, "strength": 0.1}]}
    )  # fmt: skip
    result = compare(["baseline", brief], replicates=2, weeks=3, n_agents=200)
    page = write_report(result, tmp_path / lang, lang=lang).read_text(encoding="utf-8")
    shown = visible(section(page, "compared"))
    if lang == "en":
        assert ("A shock, “national debate”, from week 1 for 8 weeks, with strength 0.25, "
                "reaching 50% of the residents.") in shown  # fmt: skip
        brief = "A shock from week 1 for 1 week, with strength 0.1, reaching 100% of the residents."
        assert brief in shown
    else:
        # a shock's name the catalogue knows is translated
        assert ("Een schok, ‘landelijk debat’, vanaf week 1, 8 weken lang, met sterkte 0,25, "
                "bij 50% van de inwoners.") in shown  # fmt: skip
        assert "national debate" not in shown
        brief = "Een schok vanaf week 1, 1 week lang, met sterkte 0,1, bij 100% van de inwoners."
        assert brief in shown
    assert not re.search(r"\b1 (weeks|weken)\b", shown)


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_says_which_scenarios_share_the_city(pages, result, tmp_path, lang):
    summary = visible(section(pages[lang], "summary"))
    if lang == "en":
        assert "The city without intervention has 200 residents" in summary
        assert ("“Key figures in a bigger city” (300 residents) was simulated in a different "
                "city, so it shares neither residents nor chance events") in summary  # fmt: skip
        assert "200 and 300" not in summary
        assert "Caution: “Key figures in a bigger city” changes the city itself" in summary
    else:
        assert "De stad zonder interventie heeft 200 inwoners" in summary
        assert ("‘Sleutelfiguren in een grotere stad’ (300 inwoners) is doorgerekend in een "
                "andere stad en deelt dus geen inwoners") in summary  # fmt: skip
        assert "200 en 300" not in summary
        assert "Let op: ‘Sleutelfiguren in een grotere stad’ verandert de stad zelf" in summary
    assert text("report.summary.same_city", lang, n="200") not in summary
    # two scenarios in another city: the plural
    bigger = dataclasses.replace(result.scenarios[1], parameters={"n_agents": 300})
    two = dataclasses.replace(result, scenarios=(result.scenarios[0], bigger, BIGGER))
    page = write_report(two, tmp_path / lang, lang=lang).read_text(encoding="utf-8")
    summary = visible(section(page, "summary"))
    if lang == "en":
        assert "(300 residents) were simulated in a different city, so they share" in summary
        assert "“Key figures in a bigger city” change the city itself" in summary
    else:
        assert "(300 inwoners) zijn doorgerekend in een andere stad en delen dus" in summary
        assert "‘Sleutelfiguren in een grotere stad’ veranderen de stad zelf" in summary


def test_one_city_is_said_to_be_shared(tmp_path: Path) -> None:
    result = compare(["baseline", "key_figures"], replicates=2, weeks=4, n_agents=200)
    for lang in LANGS:
        page = write_report(result, tmp_path / lang, lang=lang).read_text(encoding="utf-8")
        summary = visible(section(page, "summary"))
        assert text("report.summary.same_city", lang, n="200") in summary
        assert ("was compared with one scenario" if lang == "en"
                else "is vergeleken met één scenario") in summary  # fmt: skip
        single = "clear" if bool(result.ranking.clear.iloc[0]) else "unclear"
        runs = text("report.runs.paired.single", lang, replicates="2")
        assert html.unescape(text(f"report.summary.sure.single_{single}", lang,
                                  runs=runs)) in summary  # fmt: skip
        assert not re.search(r"\b1 (scenarios|scenario's)|(of the|van de) 1 ", summary)


@pytest.mark.parametrize(("clear", "lang", "expected"), [
    ((True, False), "en", "How sure: 1 of the 2 scenarios differs clearly"),
    ((True, False), "nl", "Hoe zeker: 1 van de 2 scenario's verschilt duidelijk"),
    ((True, True), "en", "How sure: both scenarios differ clearly"),
    ((True, True), "nl", "Hoe zeker: beide scenario's verschillen duidelijk"),
    ((False, False), "en", "How sure: 0 of the 2 scenarios differ clearly"),
])  # fmt: skip
def test_how_sure_agrees_with_the_number_of_clear_scenarios(result, tmp_path, clear, lang,
                                                            expected):  # fmt: skip
    ranking = result.ranking.assign(clear=list(clear))
    page = write_report(dataclasses.replace(result, ranking=ranking), tmp_path / "r", lang=lang)
    assert expected in visible(section(page.read_text(encoding="utf-8"), "summary"))


@pytest.mark.parametrize("lang", LANGS)
def test_when_every_scenario_differs_clearly_the_summary_says_all(tmp_path, lang):
    result = compare(["baseline", "key_figures", "media_restraint", "resilient_middle"],
                     replicates=2, weeks=3, n_agents=150)  # fmt: skip
    ranking = result.ranking.assign(clear=True)
    page = write_report(dataclasses.replace(result, ranking=ranking), tmp_path / "r", lang=lang)
    expected = ("How sure: all 3 scenarios differ clearly" if lang == "en"
                else "Hoe zeker: alle 3 scenario's verschillen duidelijk")  # fmt: skip
    assert expected in visible(section(page.read_text(encoding="utf-8"), "summary"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_network_of_neighbourhoods_is_described_with_its_homophily(tmp_path, lang):
    result = compare(["baseline", "key_figures"], replicates=2, weeks=3, n_agents=200,
                     network={"kind": "neighbourhoods"})  # fmt: skip
    page = write_report(result, tmp_path / lang, lang=lang).read_text(encoding="utf-8")
    shown = visible(section(page, "compared"))
    if lang == "en":
        assert (
            "a city of neighbourhoods; 10 ties per person on average; 8 neighbourhoods; " in shown
        )
        assert ("homophily 80%: a tie to another neighbourhood is 80% less likely than one "
                "inside one's own") in shown  # fmt: skip
    else:
        assert "een stad met wijken; gemiddeld 10 contacten per persoon; 8 wijken; " in shown
        assert ("homofilie 80%: een contact met een andere wijk is 80% minder waarschijnlijk "
                "dan een binnen de eigen wijk") in shown  # fmt: skip
    settings = dict(result.settings, network={"kind": "neighbourhoods", "groups": 12,
                                              "homophily": 0.9})  # fmt: skip
    page = write_report(dataclasses.replace(result, settings=settings), tmp_path / "own",
                        lang=lang).read_text(encoding="utf-8")  # fmt: skip
    shown = visible(section(page, "compared"))
    assert ("12 neighbourhoods; homophily 90%" if lang == "en" else "12 wijken; homofilie 90%") in (
        shown
    )


# -- direct labels ------------------------------------------------------------------------------


@pytest.mark.parametrize("end", [0.0, 0.05])
def test_the_end_labels_of_lines_ending_together_do_not_overlap(result, end):
    """Bridge builders and scapegoats ending at the same value (at zero, on the axis, or at
    the top of the scale): their labels, measured as drawn, overlap neither each other nor
    anything outside their panel."""
    summary = result.summary.copy()
    for measure in ("bridge_builder", "scapegoat"):
        for column in ("mean", "low", "high"):
            summary[f"{measure}_{column}"] = end
    figures = report_figures(dataclasses.replace(result, summary=summary), "nl")
    fig = figures[-2]
    assert fig.get_suptitle() == text("report.figure.bridges", "nl")
    fig.draw_without_rendering()
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == len(result.scenarios)
    for ax in panels:
        boxes = [t.get_window_extent() for t in ax.texts]
        assert sorted(t.get_text() for t in ax.texts) == ["bruggenbouwer", "zondebok"]
        assert not Bbox.intersection(*boxes), [b.bounds for b in boxes]
        inside = ax.get_window_extent()
        for box in boxes:
            assert inside.x0 <= box.x0, (box.bounds, inside.bounds)
            assert box.x1 <= inside.x1, (box.bounds, inside.bounds)
            assert inside.y0 <= box.y0, (box.bounds, inside.bounds)
            assert box.y1 <= inside.y1, (box.bounds, inside.bounds)


# -- a second reading: the network as a setting, names in sentences, runs, words, print ----------


@pytest.mark.parametrize("lang", LANGS)
def test_the_network_chosen_is_a_setting_that_differs_from_the_default(result, tmp_path, lang):
    """``network=neighbourhoods network.groups=12`` is listed under the settings beside the
    default small world, and the section no longer says that every setting is the default."""
    assert result.settings["network"] in ({}, {"kind": "small_world"})
    settings = dict(result.settings, network={"kind": "neighbourhoods", "groups": 12})
    page = write_report(dataclasses.replace(result, settings=settings), tmp_path / lang, lang=lang)
    shown = section(page.read_text(encoding="utf-8"), "settings")
    assert text("report.assumptions_none", lang) not in visible(shown)
    assert text("report.assumptions_text", lang) in visible(shown)
    kind, default = (text(f"network.{k}", lang) for k in ("neighbourhoods", "small_world"))
    assert f"(<code>network</code>)</td><td>{kind}</td><td>{default}</td>" in shown
    assert "(<code>network.groups</code>)</td><td>12</td><td>8</td>" in shown
    # a neighbourhood network with its own defaults differs by its kind alone
    settings = dict(result.settings, network={"kind": "neighbourhoods", "groups": 8})
    page = write_report(dataclasses.replace(result, settings=settings), tmp_path / "own", lang=lang)
    shown = section(page.read_text(encoding="utf-8"), "settings")
    assert "<code>network</code>" in shown
    assert "<code>network.groups</code>" not in shown


@pytest.mark.parametrize("lang", LANGS)
def test_outcomes_are_named_with_their_article_inside_sentences(result, tmp_path, lang):
    """The ranking outcome reads as a noun phrase in the summary, the ranking's header, the
    figures' axes and their alt text: "the silent middle at the end", "het stille midden aan
    het eind", "the week in which phase 3 is reached"."""
    best = write_report(tiny_effects(result), tmp_path / "best", lang=lang).read_text("utf-8")
    nothing = dataclasses.replace(result, ranking=result.ranking.assign(clear=False))
    none_page = write_report(nothing, tmp_path / "none", lang=lang).read_text("utf-8")
    en = lang == "en"
    phrase = "the silent middle at the end" if en else "het stille midden aan het eind"
    helps = f"What helps most, judged by {phrase} (" if en else f"gemeten aan {phrase} ("
    improves = (f"No scenario clearly improves {phrase} (" if en
                else f"Geen enkel scenario verbetert {phrase} duidelijk (")  # fmt: skip
    assert helps in visible(section(best, "summary"))
    assert improves in visible(section(none_page, "summary"))
    change = "change in" if en else "verandering in"
    header = f"{change} {phrase} [95% interval]" if en else f"{change} {phrase} [95%-interval]"
    assert f"<th>{header}</th>" in section(best, "summary")
    figures = report_figures(result, lang)
    names = [n for n in OUTCOMES if n != "spent"]
    first = figures[names.index("final_silent")]
    unit = "percentage points" if en else "procentpunten"
    assert first.axes[0].get_xlabel() == f"{change} {phrase}, {unit}"
    baseline = "“Baseline: no intervention”" if en else "‘Nulsituatie: geen interventie’"
    against = "against" if en else "ten opzichte van"
    assert f"{change} {phrase} {against} {baseline}" in first.get_label()
    week = figures[names.index("week_reaching_phase_3")].get_label()
    assert (f"{change} the week in which phase 3 is reached {against}" if en
            else f"{change} de week waarin fase 3 begint {against}") in week  # fmt: skip
    words = visible(best) + visible(none_page) + " ".join(str(f.get_label()) for f in figures)
    assert not re.search(r"\b(in|aan|by|improves|verbetert) (silent|stille) middle?n?", words)
    assert "in week phase" not in words


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_lists_the_scenarios_and_quotes_titles_inside_sentences(result, tmp_path,
                                                                          lang):  # fmt: skip
    """What was compared is a list, one title an item; inside a sentence a title is quoted, so
    that its colons and commas and a Dutch title's article ("Het ...") read as its own; and
    percentage points are defined in the sentence that first uses them."""
    own = {"en": "Resilient middle, with a budget: €40,000",
           "nl": "Het weerbare midden, met budget: € 40.000"}  # fmt: skip
    scenarios = tuple(dataclasses.replace(s, title=own) if s.name == "budgeted" else s
                      for s in result.scenarios)  # fmt: skip
    tiny = dataclasses.replace(tiny_effects(result), scenarios=scenarios)
    summary = section(write_report(tiny, tmp_path / lang, lang=lang).read_text("utf-8"), "summary")
    lists = re.findall(r"<ul class='compared'>(.*?)</ul>", summary)
    assert len(lists) == 1
    items = [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", lists[0])]
    assert items == [s.title[lang] for s in scenarios[1:]]
    shown = visible(summary)
    if lang == "en":
        compared = ("The city without intervention (“Baseline: no intervention”) was "
                    "compared with 2 scenarios, each simulated 3 times over 12 weeks (about 3 "
                    "months):")  # fmt: skip
        assert compared in shown
        assert "with that of “Resilient middle, with a budget: €40,000”" in shown
    else:
        assert ("De stad zonder interventie (‘Nulsituatie: geen interventie’) is vergeleken met 2 "
                "scenario's, elk 3 keer doorgerekend voor een periode van 12 weken (ongeveer 3 "
                "maanden):") in shown  # fmt: skip
        assert "met dat van ‘Het weerbare midden, met budget: € 40.000’" in shown
        assert not re.search(r"\b(van|met|aan|dat|op) (Het|De) ", shown)
    assert "intervention, the city without intervention" not in shown
    paragraphs = [visible(p) for p in re.findall(r"<p>(.*?)</p>", summary, flags=re.DOTALL)]
    first = next(p for p in paragraphs if re.search(r"\d (pp|procentpunt)\b", p))
    assert ("in percentage points, pp for short" if lang == "en" else "in procentpunten") in first


@pytest.mark.parametrize("lang", LANGS)
def test_runs_in_another_city_are_not_called_paired(pages, result, tmp_path, lang):
    """A scenario in a city other than the baseline's shares none of its residents, so its
    runs are independent of the baseline's, not paired; the others' runs are paired."""
    summary = visible(section(pages[lang], "summary"))
    if lang == "en":
        assert ("over 3 runs each, paired with the baseline's runs except for “Key figures in a "
                "bigger city”, whose runs are independent") in summary  # fmt: skip
        assert "paired runs each" not in summary
    else:
        paired = ("over 3 herhalingen per scenario, gepaard met die van de nulsituatie, "
                  "behalve bij ‘Sleutelfiguren in een grotere stad’: daar zijn de herhalingen "
                  "onafhankelijk")  # fmt: skip
        assert paired in summary
        assert "gepaarde herhalingen" not in summary
    bigger = dataclasses.replace(result.scenarios[1], parameters={"n_agents": 300})
    two = dataclasses.replace(result, scenarios=(result.scenarios[0], bigger, BIGGER))
    page = write_report(two, tmp_path / lang, lang=lang).read_text(encoding="utf-8")
    summary = visible(section(page, "summary"))
    assert ("over 3 independent runs each" if lang == "en"
            else "over 3 onafhankelijke herhalingen per scenario") in summary  # fmt: skip
    assert not re.search(r"paired|gepaard", summary)


def test_the_reactive_scenario_reacts_to_signals() -> None:
    from polsim.scenarios import load

    assert load("reactive").title["en"].startswith("React to signals")


#: Every built-in kind of intervention, each with the settings a scenario may give it, in a
#: scenario that also changes a model setting.
EVERY_KIND = Scenario.from_mapping(
    {
        "name": "every_kind",
        "title": {"en": "Everything at once", "nl": "Alles tegelijk"},
        "summary": {"en": "Every kind of intervention.", "nl": "Elke soort interventie."},
        "parameters": {"media_amplification": 0.3},
        "interventions": [
            {"type": "resilient_middle", "coverage": 0.1, "intensity": 0.8},
            {"type": "campaign", "coverage": 0.1, "stance": 0.0, "weight": 0.25,
             "publicity": 0.5, "tone": "moralising"},
            {"type": "change_topic", "coverage": 0.1, "share": 0.5},
            {"type": "bridge_builders", "coverage": 0.02, "position": "middle"},
            {"type": "key_figures", "coverage": 0.02},
            {"type": "online_key_figures", "coverage": 0.02},
            {"type": "media_restraint", "level": 0.5},
            {"type": "feed_moderation", "strength": 0.5},
            {"type": "online_bonding", "coverage": 0.1, "share": 0.3},
            {"type": "cyber_awareness", "coverage": 0.1, "level": 0.4, "decay": 0.05},
            {"type": "awareness_training", "professionals": 40, "detection": 1.0},
            {"type": "reporting_point", "detection": 1.0},
            {"type": "person_centred", "caseload": 5, "effect": 0.5, "max_share": 0.01},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_every_built_in_kind_is_named_and_its_settings_are_in_words(tmp_path, lang):
    """Each kind is named in quotes, so "the intervention ‘het onderwerp veranderen’" reads
    as a name; its settings are said in words of what they do (not "share 50%"), nothing the
    sentence before said is repeated, and a model setting is shown beside its default."""
    from polsim.interventions import INTERVENTIONS
    from polsim.text import number

    built_in = {k for k, c in INTERVENTIONS.items() if c.__module__.endswith(".catalogue")}
    assert {i["type"] for i in EVERY_KIND.interventions} == built_in
    result = compare(["baseline", EVERY_KIND], replicates=2, weeks=3, n_agents=200)
    raw = section(write_report(result, tmp_path / lang, lang=lang).read_text("utf-8"), "compared")
    shown = visible(raw)
    for config in EVERY_KIND.interventions:
        cls = INTERVENTIONS[config["type"]]
        name = text("report.quoted", lang, title=cls.label(lang))
        assert (f"The intervention {name} reaches " if lang == "en"
                else f"De interventie {name} bereikt ") in shown, name  # fmt: skip
        for key, value in config.items():
            if key in cls.setting_labels:
                assert cls.setting_label(key, value, lang) in shown, key
    # never in the words of a setting's name: "share 50%", "aandeel 50%", "intensity 0.8"
    shares = ("share", "strength", "level", "effect", "decay", "max_share")
    for key in (*shares, "intensity", "detection", "weight", "publicity"):
        value = r"\d+%" if key in shares else r"\d"
        generic = re.escape(text(f"setting.{key}", lang)).replace(r"\{value\}", value)
        assert not re.search(generic, shown), key
    assert shown.count("40 professionals") == 1  # said once, in whom it reaches
    default = "default" if lang == "en" else "standaard"
    assert (f"(<code>media_amplification</code>) {number(0.3, lang)} "
            f"({default} {number(0.15, lang)})") in raw  # fmt: skip


# -- print and the figures of how the scenarios unfold -------------------------------------------

#: The scenarios of ``make demo``, in its order.
DEMO: list[str] = yaml.safe_load(
    (Path(__file__).parents[1] / "polsim/data/configs/experiment/demo.yaml").read_text("utf-8")
)["scenarios"]
#: The printed area of an A4 page inside the report's 15 mm margins, in CSS pixels.
A4_WIDTH, A4_HEIGHT = (mm / 25.4 * 96 for mm in (210 - 30, 297 - 30))


@pytest.fixture(scope="module")
def demo() -> Comparison:
    """The demo's scenarios (``make demo``), in a small city for a few weeks."""
    return compare(DEMO, replicates=2, weeks=12, n_agents=200)


def crowded(result: Comparison) -> Comparison:
    """``result`` with a ranking whose every scenario helps clearly and overlaps with the best:
    the summary's longest sentences, every title in them."""
    count = len(result.ranking)
    effect = np.linspace(0.05, 0.01, count)
    ranking = result.ranking.assign(difference=effect, ci_low=effect - 0.009,
                                    ci_high=effect + 0.04, clear=True)  # fmt: skip
    return dataclasses.replace(result, ranking=ranking)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_fits_on_the_first_printed_page(demo, tmp_path, page: Page, lang) -> None:
    """The demo's eleven scenarios, printed on A4: the one-minute text and the ranking table
    end above the first page's break, and the summary alone prints as one page."""
    assert len(DEMO) == 12
    p = page.page
    p.set_viewport_size({"width": round(A4_WIDTH), "height": round(A4_HEIGHT)})
    for name, variant in (("demo", demo), ("crowded", crowded(demo))):
        report = write_report(variant, tmp_path / f"{name}-{lang}", lang=lang)
        p.goto(report.resolve().as_uri())
        p.emulate_media(media="print")
        bottom = p.evaluate(
            "document.querySelector('#summary table.summary').getBoundingClientRect().bottom"
            " + window.scrollY"
        )
        assert bottom < A4_HEIGHT, (name, bottom, A4_HEIGHT)
        p.evaluate("document.querySelectorAll('section:not(#summary)').forEach(s => s.remove())")
        pdf = tmp_path / f"{name}-{lang}.pdf"
        p.pdf(path=str(pdf), format="A4")
        assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) == 1, name


def test_the_unfolding_figures_keep_to_the_run_and_their_words_apart(demo) -> None:
    """Small multiples: the week axis ends at the run's last week, neighbouring panels' titles
    keep apart and every panel's lines are labelled where they end (drawn, at any size); the
    KIS phases: title and legend outside the bands, apart from each other."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgb
    from matplotlib.text import Text

    weeks = demo.settings["weeks"]
    figures = report_figures(demo, "nl")
    for fig in figures[-4:-1]:
        fig.draw_without_rendering()
        panels = [ax for ax in fig.axes if ax.get_visible()]
        assert len(panels) == len(DEMO)
        for ax in panels:
            low, high = ax.get_xlim()
            assert max(t for t in ax.get_xticks() if low <= t <= high) <= weeks
            assert ax.spines["bottom"].get_bounds()[1] <= weeks
        for left, right in itertools.pairwise(panels):
            if left.get_position().y0 == right.get_position().y0:  # neighbours in a row
                gap = right.title.get_window_extent().x0 - left.title.get_window_extent().x1
                assert gap > 0.15 * fig.dpi, (left.get_title(), right.get_title(), gap)
    for fig, measures in ((figures[-3], ("pusher", "joiner", "silent")),
                          (figures[-2], ("bridge_builder", "scapegoat"))):  # fmt: skip
        keys = [[t.get_text() for t in legend.get_texts()] for legend in fig.legends]
        assert keys == [[text(f"role.{m}", "nl") for m in measures]]  # one key for all panels
        box = fig.legends[0].get_window_extent()
        assert box.y1 < min(ax.get_window_extent().y0 for ax in fig.axes if ax.get_visible())
    bridges = figures[-2]
    for dpi in (60, 90, 100):  # the end of a line on the axis's edge is labelled at every size
        bridges.set_dpi(dpi)
        canvas = FigureCanvasAgg(bridges)
        canvas.draw()
        image = np.asarray(canvas.buffer_rgba())[:, :, :3].astype(float)
        height = image.shape[0]
        for ax in (a for a in bridges.axes if a.get_visible()):
            assert len(ax.texts) == 2, ax.get_title()
            for tag in ax.texts:
                box = tag.get_window_extent(canvas.get_renderer())
                inside = image[max(0, int(height - box.y1)):int(height - box.y0),
                               max(0, int(box.x0)):int(box.x1)]  # fmt: skip
                colour = np.array(to_rgb(tag.get_color())) * 255
                assert (np.abs(inside - colour).sum(axis=-1) < 90).any(), (dpi, ax.get_title())
    phases = figures[-1]
    phases.draw_without_rendering()
    title = next(t for t in phases.findobj(Text) if t.get_text() == text("figure.phase_band", "nl"))
    legends = [*phases.legends, *(ax.get_legend() for ax in phases.axes if ax.get_legend())]
    assert len(legends) == 1
    bands = Bbox.union([ax.get_window_extent() for ax in phases.axes])
    boxes = [title.get_window_extent(), legends[0].get_window_extent()]
    for box in boxes:
        assert box.y0 > bands.y1 or box.y1 < bands.y0, box.bounds  # outside the bands
    assert boxes[0].y0 > boxes[1].y1 + 3 or boxes[1].y0 > boxes[0].y1 + 3  # and apart


def test_a_budgeted_programme_is_said_to_stop_when_its_money_runs_out(tmp_path: Path) -> None:
    result = compare(["baseline", "peace_time"], replicates=2, weeks=6, n_agents=200)
    en = visible(section(write_report(result, tmp_path / "en").read_text("utf-8"), "compared"))
    nl = visible(
        section(write_report(result, tmp_path / "nl", lang="nl").read_text("utf-8"), "compared")
    )
    assert "from week 0 until its budget is spent, at the latest at the end of the simulated" in en
    assert "van week 0 tot het budget op is, uiterlijk tot het eind" in nl
    assert "from week 0 to the end of the simulated period" not in en
