"""Interventions act through the model's mechanisms, on schedule, within budget."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from polsim import PolarisationModel
from polsim.interventions import INTERVENTIONS, Intervention, QuickScan, build, register
from polsim.roles import ROLE_CODES


def _model(*policies, n=400, seed=3, **params) -> PolarisationModel:
    for k, p in enumerate(policies):
        p.rng = np.random.default_rng(100 + k)
    return PolarisationModel(
        n_agents=n, rng=seed, policies=list(policies), create_agents=False, **params
    )


def test_resilient_middle_raises_resilience_then_fades():
    iv = build(
        {
            "type": "resilient_middle",
            "start": 2,
            "end": 6,
            "coverage": 0.25,
            "boost": 0.5,
            "decay": 0.5,
        }
    )
    m = _model(iv)
    before = m.r.copy()
    m.run(3)
    reached = iv.reached
    assert reached.size == 100
    assert np.all(m.roles[reached] >= 0)
    np.testing.assert_allclose(m.r[reached], before[reached] + 0.5 * (1 - before[reached]))
    untouched = np.setdiff1d(np.arange(400), reached)
    np.testing.assert_array_equal(m.r[untouched], before[untouched])
    m.run(8)  # stopped at week 6, fading at half per week since
    assert iv.stopped_at == 6
    gain = m.r[reached] - before[reached]
    assert np.all(gain < 0.5 * (1 - before[reached]) * 0.5**4 + 1e-12)


def test_role_programmes_assign_and_release():
    bb = build({"type": "bridge_builders", "start": 1, "end": 4, "coverage": 0.05})
    kf = build({"type": "key_figures", "start": 0, "coverage": 0.02})
    m = _model(bb, kf)
    m.run(2)
    assert m.bridge.sum() == 20
    assert np.all(m.x[bb.chosen] == 0.0)
    assert m.key_figure.sum() == 8
    # the best connected were chosen
    assert m.degree[kf.chosen].min() >= np.sort(m.degree)[-8]
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
    m.step()
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
    assert np.all(m.literacy[reached] == 1.0)
    assert m.pressure[reached].max() <= 0.3 + 1e-12  # only incidents and shocks remain
    assert m.pressure[others].mean() > m.pressure[reached].mean()


def test_signalling_sharpens_the_quick_scan():
    plain, trained = QuickScan(noise=0.2), QuickScan(noise=0.2)
    a = _model(plain, seed=5)
    b = _model(
        trained,
        build({"type": "awareness_training", "detection": 4.0}),
        build({"type": "reporting_point"}),
        seed=5,
    )
    a.run(60)
    b.run(60)
    truth_a = a.metrics.set_index("step").temperature
    truth_b = b.metrics.set_index("step").temperature
    err_a = np.mean([abs(h["estimate"] - truth_a[h["scanned"]]) for h in plain.history])
    err_b = np.mean([abs(h["estimate"] - truth_b[h["scanned"]]) for h in trained.history])
    assert err_b < err_a
    lag_a = [h["week"] - h["scanned"] for h in plain.history[1:]]
    lag_b = [h["week"] - h["scanned"] for h in trained.history[1:]]
    assert max(lag_b) < min(lag_a)  # reports arrive sooner


def test_person_centred_respects_the_proportionality_limit():
    pc = build({"type": "person_centred", "caseload": 50, "effect": 0.5, "max_share": 0.01})
    m = _model(pc, pusher_share=0.2)
    pushers = np.flatnonzero(m.roles == ROLE_CODES["pusher"])
    before = m.c.copy()
    m.step()
    assert pc.units(m) == 4  # 1% of 400, not the 50 asked for
    cut = np.flatnonzero(m.c < before * 0.75)
    assert 1 <= cut.size <= 4
    assert set(cut) <= set(pushers)


def test_budget_stops_an_intervention_and_triggers_wait_for_the_observed_phase():
    capped = build({"type": "key_figures", "coverage": 0.05, "cost_per_unit": 10.0, "budget": 1000})
    reactive = build({"type": "media_restraint", "trigger": 3, "cost_per_unit": 1.0})
    scan = QuickScan(noise=0.0, delay=0)
    m = _model(scan, capped, reactive, n=600)
    m.run(80)
    assert capped.spent <= 1000
    assert capped.stopped_at == 3  # 30 key figures cost 300 a week: three weeks fit
    observed = [h for h in scan.history if h["observed_phase"] >= 3]
    assert reactive.started_at is not None
    assert reactive.started_at >= observed[0]["week"]
    assert m.metrics.phase.iloc[: reactive.started_at].max() >= 3 or reactive.started_at > 0


def test_a_researcher_can_register_an_intervention():
    @register
    @dataclass(kw_only=True)
    class CalmingCampaign(Intervention):
        """Lowers everybody's commitment a little each week."""

        kind = "calming_campaign_test"
        seed_name = "campagne"
        factor: float = 0.9

        def each_week(self, model, week):
            model.c *= self.factor

    try:
        iv = build({"type": "calming_campaign_test", "factor": 0.5, "start": 1})
        m = _model(iv)
        c0 = m.c.copy()
        m.step()
        np.testing.assert_array_equal(m.c >= 0, True)
        m2 = _model(build({"type": "calming_campaign_test", "factor": 0.5, "start": 1}))
        m2.run(2)
        assert m2.metrics.commitment.iloc[-1] < c0.mean()
    finally:
        INTERVENTIONS.pop("calming_campaign_test")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"type": "teleport"}, "type must be one of"),
        ({"type": "key_figures", "colour": "red"}, "colour: unknown key for key_figures"),
        ({"type": "key_figures", "start": 5, "end": 3}, r"key_figures.end must be in \[6, inf\]"),
        ({"type": "key_figures", "budget": -1}, r"key_figures.budget must be in \[0.0, inf\]"),
        ({"type": "key_figures", "coverage": 2}, r"key_figures.coverage must be in \[0.0, 1.0\]"),
        ({"type": "key_figures", "trigger": 7}, r"key_figures.trigger must be in \[1, 4\]"),
        (
            {"type": "key_figures", "targeting": {"rule": "astrology"}},
            "targeting.rule must be one of",
        ),
        ({"type": "resilient_middle", "boost": "lots"}, "resilient_middle.boost must be a number"),
        ("key_figures", "must be a mapping"),
    ],
)
def test_bad_intervention_configs(config, message):
    with pytest.raises(ValueError, match=message):
        build(config)
