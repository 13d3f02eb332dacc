"""Interventions act through the model's mechanisms, on schedule, within budget."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest

from polsim import PolarisationModel
from polsim.interventions import INTERVENTIONS, Intervention, QuickScan, build, register
from polsim.model.roles import ROLE_CODES


def _model(*policies, n=400, seed=3, **params) -> PolarisationModel:
    for k, p in enumerate(policies):
        p.rng = np.random.default_rng(100 + k)
    return PolarisationModel(
        n_agents=n, rng=seed, policies=list(policies), create_agents=False, **params
    )


def test_resilient_middle_supports_and_resilience_follows_the_mechanism():
    iv = build({"type": "resilient_middle", "start": 2, "end": 30, "coverage": 0.25})
    m = _model(iv)
    g, lam = m.params["support_gain"], m.params["resilience_relaxation"]
    m.run(3)
    reached = iv.reached
    assert reached.size == 100
    assert np.all(m.levers.support[reached] == 1.0)
    untouched = np.setdiff1d(np.arange(400), reached)
    np.testing.assert_array_equal(m.r[untouched], m.r0[untouched])
    assert np.all(m.levers.support[untouched] == 0.0)
    m.run(27)  # support from week 2 to 29: 28 weeks
    r0 = m.r0[reached]
    # the closed form of r <- r + g (1 - r) - lam (r - r0) after k weeks from r0
    k = 28
    star = (g + lam * r0) / (g + lam)
    expected = star + (r0 - star) * (1 - g - lam) ** k
    np.testing.assert_allclose(m.r[reached], expected, rtol=1e-12)
    m.run(10)  # stopped at week 30: support withdrawn, resilience relaxes back
    assert iv.stopped_at == 30
    assert np.all(m.levers.support[reached] == 0.0)
    assert np.all(m.r[reached] < expected)
    assert np.all(m.r[reached] > r0)


def test_role_programmes_assign_and_release_without_touching_the_people():
    bb = build({"type": "bridge_builders", "start": 1, "end": 4, "coverage": 0.05})
    kf = build({"type": "key_figures", "start": 0, "coverage": 0.02})
    m = _model(bb, kf)
    m.run(1)
    silent = np.flatnonzero(m.roles == ROLE_CODES["silent"])
    x, c = m.x.copy(), m.c.copy()
    kf_state = m.state()
    m.policies[0].before_week(m.policy_context, 1)
    assert m.bridge.sum() == 20
    np.testing.assert_array_equal(m.x, x)
    np.testing.assert_array_equal(m.c, c)
    assert set(bb.chosen) <= set(silent)  # the best connected of the silent middle
    best = np.sort(m.degree[silent])[-20]
    assert m.degree[bb.chosen].min() >= best
    assert np.all(m.above[bb.chosen])
    assert m.key_figure.sum() == 8
    assert m.degree[kf.chosen].min() >= np.sort(m.degree)[-8]  # the best connected
    assert len(kf_state) == m.n
    m.step()
    m.run(3)
    assert not m.bridge.any()
    assert m.key_figure.sum() == 8


def test_media_restraint_and_feed_moderation_restore_after_end():
    mr = build({"type": "media_restraint", "start": 1, "end": 3, "level": 0.6})
    fm = build({"type": "feed_moderation", "start": 1, "end": 3, "strength": 0.5})
    m = _model(mr, fm)
    contrast = m.params["online_contrast"]
    m.run(2)
    assert all(o.restraint == 0.6 for o in m.outlets)
    assert m.params["online_contrast"] == pytest.approx(contrast * 0.5)
    m.run(2)
    assert all(o.restraint == 0.0 for o in m.outlets)
    assert m.params["online_contrast"] == contrast


def test_online_bonding_follows_the_other_side():
    ob = build({"type": "online_bonding", "coverage": 0.5, "share": 0.5})
    m = _model(ob, pusher_share=0.1)
    before = m.follows.copy()
    x0 = m.x.copy()
    ob.before_week(m.policy_context, 0)  # alone, without the week's own unfollowing
    changed_rows = np.flatnonzero((m.follows != before).any(axis=1))
    assert changed_rows.size > 100
    for person in changed_rows[:50]:
        new = m.follows[person][m.follows[person] != before[person]]
        assert np.all(np.sign(x0[new]) == -np.sign(x0[person]))


def test_cyber_awareness_lowers_media_pressure_of_those_reached():
    ca = build({"type": "cyber_awareness", "coverage": 0.5, "level": 1.0})
    m = _model(ca, offline_amplification=0.0)
    m.run(3)
    reached = ca.reached
    others = np.setdiff1d(np.arange(m.n), reached)
    assert np.all(m.levers.literacy[reached] == 1.0)
    assert m.pressure[reached].max() <= 0.3 + 1e-12  # only incidents and shocks remain
    assert m.pressure[others].mean() > m.pressure[reached].mean()


def test_signalling_sharpens_the_quick_scan():
    plain, trained = QuickScan(noise=0.5), QuickScan(noise=0.5)
    a = _model(plain, seed=5)
    b = _model(
        trained,
        build({"type": "awareness_training", "detection": 4.0}),
        build({"type": "reporting_point"}),
        seed=5,
    )
    a.run(60)
    b.run(60)

    def error(scan, model):
        truth = model.metrics.set_index("step").us_them_talk
        return np.mean([abs(h["us_them_talk"] / truth[h["scanned"]] - 1) for h in scan.history])

    assert error(trained, b) < error(plain, a)
    lag_a = [h["week"] - h["scanned"] for h in plain.history[1:]]
    lag_b = [h["week"] - h["scanned"] for h in trained.history[1:]]
    assert max(lag_b) < min(lag_a)  # reports arrive sooner


def test_person_centred_narrows_reach_within_the_proportionality_limit():
    pc = build({"type": "person_centred", "caseload": 50, "effect": 0.5, "max_share": 0.01})
    m = _model(pc, pusher_share=0.2)
    pushers = np.flatnonzero(m.roles == ROLE_CODES["pusher"])
    state = m.state()
    pc.before_week(m.policy_context, 0)
    assert pc.units(m.policy_context) == 4  # 1% of 400, not the 50 asked for
    narrowed = np.flatnonzero(m.levers.reach < 1.0)
    assert narrowed.size == 4
    assert set(narrowed) <= set(pushers)
    np.testing.assert_array_equal(m.levers.reach[narrowed], 0.5)
    import pandas as pd

    pd.testing.assert_frame_equal(m.state(), state)  # nobody's state was written


def test_budget_stops_an_intervention_and_triggers_wait_for_the_observed_phase():
    capped = build({"type": "key_figures", "coverage": 0.05, "cost_per_unit": 10.0, "budget": 1000})
    reactive = build({"type": "media_restraint", "trigger": 2, "cost_per_unit": 1.0})
    scan = QuickScan(noise=0.0, delay=0)
    m = _model(scan, capped, reactive, n=600, pusher_share=0.04)
    m.run(104)
    assert capped.spent <= 1000
    assert capped.stopped_at == 3  # 30 key figures cost 300 a week: three weeks fit
    observed = [h for h in scan.history if h["observed_phase"] >= 2]
    assert observed, "this city was chosen to show unease within two years"
    assert reactive.started_at == observed[0]["week"]


def test_a_researcher_can_register_an_intervention():
    @register
    @dataclass(kw_only=True)
    class CalmingCampaign(Intervention):
        """Turns the talk of everybody to shared concerns, through the model's lever."""

        kind = "calming_campaign_test"
        plan_name = "campagne"
        share: float = 0.9

        def begin(self, model):
            model.levers.reframe(range(model.n), self.share)

    try:
        iv = build({"type": "calming_campaign_test", "share": 0.5, "start": 1})
        m = _model(iv)
        m.run(2)
        assert np.all(m.levers.reframed == 0.5)
    finally:
        INTERVENTIONS.pop("calming_campaign_test")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"type": "teleport"}, "type must be one of"),
        ({"type": "key_figures", "colour": "red"}, r"\(key_figures\): unknown key 'colour'"),
        (
            {"type": "key_figures", "start": 5, "end": 3},
            r"key_figures.end must be a week after start \(5\)",
        ),
        (
            {"type": "key_figures", "budget": -1},
            r"key_figures.budget must be a number in \[0, inf\)",
        ),
        (
            {"type": "key_figures", "coverage": 2},
            r"key_figures.coverage must be a number in \[0, 1\]",
        ),
        (
            {"type": "key_figures", "trigger": 7},
            r"key_figures.trigger must be a whole number in \[1, 4\]",
        ),
        (
            {"type": "key_figures", "targeting": {"rule": "astrology"}},
            "targeting.rule must be one of",
        ),
        (
            {"type": "resilient_middle", "intensity": "lots"},
            "resilient_middle.intensity must be a number",
        ),
        ({"type": "bridge_builders", "position": "beside"}, "bridge_builders.position must be"),
        ({"type": "change_topic", "tone": "angry"}, "change_topic.tone must be one of"),
        (
            {"type": "change_topic", "share": 1.5},
            r"change_topic.share must be a number in \[0, 1\]",
        ),
        ("key_figures", "must be a mapping"),
    ],
)
def test_bad_intervention_configs(config, message):
    with pytest.raises(ValueError, match=message):
        build(config)


STATE = ("x", "c", "r", "tau", "s", "conviction", "blame")


@pytest.mark.parametrize("kind", sorted(k for k in INTERVENTIONS if not k.endswith("_test")))
def test_no_intervention_writes_a_persons_state(kind):
    """Every registered intervention acts only through the levers: calling it, in every week
    of a run, leaves stance, commitment, resilience, tolerance, salience, conviction and blame
    exactly as they were."""
    iv = build({"type": kind, "start": 2, "end": 12})
    m = _model(iv, pusher_share=0.05)
    for week in range(14):
        before = [getattr(m, name).copy() for name in STATE]
        iv.before_week(m.policy_context, week)
        for name, old in zip(STATE, before, strict=True):
            np.testing.assert_array_equal(getattr(m, name), old, err_msg=f"{kind} wrote {name}")
        m.policies = []
        m.step()
    assert iv.started_at == 2
    assert iv.stopped_at == 12


def test_change_topic_lowers_the_salience_of_those_reached():
    ct = build({"type": "change_topic", "coverage": 0.5, "share": 1.0})
    m = _model(ct, n=600, seed=8)
    m.run(40)
    reached = np.zeros(m.n, dtype=bool)
    reached[ct.reached] = True
    assert np.all(m.levers.reframed[reached] == 1.0)
    # with all identity framing turned to concerns, only incidents can raise salience
    twin = _model(n=600, seed=8)
    twin.run(40)
    assert m.s[reached].mean() < twin.s[reached].mean()


def test_a_subclass_with_the_old_seed_name_still_gets_its_plan_name():
    with pytest.warns(DeprecationWarning, match="seed_name is now plan_name"):

        class Old(Intervention):
            seed_name = "buurtfeest"

    assert Old.plan_name == "buurtfeest"


def _festival_class():
    """A researcher's own kind that pays per festival, not per person reached, and says so."""
    from polsim.interventions import Control
    from polsim.validation import Interval

    @dataclass(kw_only=True)
    class StreetFestival(Intervention):
        """Street festivals: while they run, a fifth of the talk turns to shared concerns."""

        kind = "street_festival_test"
        labels: ClassVar = {"en": "Street festival", "nl": "Straatfeest"}
        unit: ClassVar = {"en": "festival", "nl": "feest"}
        reach_labels: ClassVar = {"en": "{count} neighbourhoods, one festival each",
                                  "nl": "{count} buurten, elk één feest"}  # fmt: skip
        reach_settings = frozenset({"festivals"})
        control = Control("festivals", 1, 20, 1, 4)
        constraints: ClassVar = {"festivals": Interval(int, 0, None)}
        festivals: int = 4

        def units(self, city):  # type: ignore[no-untyped-def]
            return self.festivals

        def begin(self, context):  # type: ignore[no-untyped-def]
            context.levers.reframe(range(context.n), 0.2)

    return StreetFestival


def test_a_researchers_intervention_brings_its_own_facts_to_the_report_and_the_levers(tmp_path):
    import html
    import re

    from polsim import compare, ema
    from polsim.outputs.report import write_report
    from polsim.scenarios import Scenario
    from polsim.text import money

    festival = register(_festival_class())
    try:
        assert ema.LEVERS["street_festival_test"].field == "festivals"
        scenarios = [
            Scenario.from_mapping({"name": name, "interventions": [entry]})
            for name, entry in (
                ("festival", {"type": "street_festival_test", "festivals": 3,
                              "cost_per_unit": 500.0}),
                ("restraint", {"type": "media_restraint", "cost_per_unit": 150.0}),
            )
        ]  # fmt: skip
        result = compare(["baseline", *scenarios], replicates=2, weeks=3, n_agents=200,
                         n_outlets=5)  # fmt: skip
        assert result.outcomes.groupby("scenario").spent.mean()["festival"] == 3 * 3 * 500.0
        for lang, reach, per, week, outlets in (
            ("en", "reaches 3 neighbourhoods, one festival each", "per festival per week",
             "{} a week in all", "all 5 media outlets"),
            ("nl", "bereikt 3 buurten, elk één feest", "per feest per week", "in totaal {}",
             "alle 5 media"),
        ):  # fmt: skip
            page = write_report(result, tmp_path / lang, lang=lang).read_text("utf-8")
            shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
            assert reach in shown
            assert " ".join(f"{money(500, lang)} {per}".split()) in shown
            # three festivals a week, not the people its coverage would reach
            assert " ".join(week.format(money(1500, lang)).split()) in shown
            assert outlets in shown  # the run's five outlets, not the registry's three
            assert " ".join(week.format(money(750, lang)).split()) in shown
            assert "festivals 3" not in shown  # named in the reach already
    finally:
        INTERVENTIONS.pop(festival.kind)
    assert "street_festival_test" not in ema.LEVERS


def test_every_kind_declares_its_facts():
    from polsim.model.context import CitySize

    city = CitySize(n=1000, n_outlets=4)
    for kind, cls in INTERVENTIONS.items():
        if kind.endswith("_test"):
            continue
        iv = build({"type": kind})
        assert iv.units(city) >= 0
        for lang in ("en", "nl"):
            assert cls.unit_label(lang)
            assert iv.reach(city, lang)
            assert iv.cost_sentence(city, lang)
        control = cls.control
        assert control is not None, kind
        assert control.field in {f.name for f in dataclasses.fields(cls)}
        build({"type": kind, control.field: control.start})  # a valid setting
        lever = cls.ema_lever()
        assert lever is not None
        build({"type": kind, lever.field: lever.low})
        build({"type": kind, lever.field: lever.high})
    assert build({"type": "media_restraint"}).units(city) == 4


def test_a_kind_with_facts_that_name_no_field_is_refused():
    from polsim.interventions import Control

    @dataclass(kw_only=True)
    class Broken(Intervention):
        kind = "broken_test"
        control = Control("volume", 0.0, 1.0, 0.1, 0.5)

    with pytest.raises(ValueError, match=r"Broken\.control names no field of Broken: 'volume'"):
        register(Broken)
    assert "broken_test" not in INTERVENTIONS
