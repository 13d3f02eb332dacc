"""The council report: a summary first, every outcome defined and shown with its intervals,
interventions in sentences, money in euros per language, alt text, nothing remote, and a
scenario that changes the city itself flagged."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from polsim import compare
from polsim.outputs.report import city_changes, residents, write_report
from polsim.runs.comparison import OUTCOMES, Comparison
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
        assert definition in outcomes
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
    images, every image decoded, and printed (the browser's "save as PDF") a page per section
    on a white background."""
    report = write_report(result, tmp_path / "report", lang="nl", command="polsim compare")
    url = report.resolve().as_uri()
    p = page.page
    p.goto(url)
    p.wait_for_load_state("load")
    assert p.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert p.evaluate("document.images.length") == len(OUTCOMES) - 1 + 4
    p.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    p.emulate_media(media="print")
    style = "(s) => getComputedStyle(document.querySelector(s))"
    assert p.evaluate(f"({style})('#summary').breakBefore") != "page"
    assert p.evaluate(f"({style})('#compared').breakBefore") == "page"
    assert p.evaluate(f"({style})('body').backgroundColor") == "rgb(255, 255, 255)"
    assert p.evaluate(f"({style})('th').backgroundColor") == "rgba(0, 0, 0, 0)"
    pdf = tmp_path / "report.pdf"
    p.pdf(path=str(pdf), format="A4", print_background=True)
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-"
    sections = p.evaluate("document.querySelectorAll('section').length")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= sections
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
        assert "Street festival" in en
        assert "25% of their talk turned to shared concerns" in en
        assert "loudness 2.5" in en
        assert "Straatfeest" in nl
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
