"""Each mechanism of the Brandsma model against its equation, on hand-made inputs."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from polsim import networks
from polsim.dynamics import brandsma as mech
from polsim.dynamics._loops import judgement


def test_visibility_line_and_bridge_builders():
    x = np.array([0.0, 0.5, 1.0, 0.0])
    c = np.array([1.0, 1.0, 0.5, 0.0])
    bridge = np.array([False, False, False, True])
    v = mech.visibility(
        x,
        c,
        floor=0.1,
        bridge=bridge,
        bridge_visibility=0.6,
        publicity=np.array([0.0, 0.0, 0.0, 0.2]),
    )
    np.testing.assert_allclose(v, [0.1, 0.55, 0.5, 0.8])


def test_attention_and_channel_exposure():
    x = np.array([1.0, -1.0, 0.0])
    v = np.array([1.0, 1.0, 0.0])
    w = np.ones(3)
    a, e = mech.attention(x, v, w, floor=0.1, contrast=2.0)
    np.testing.assert_allclose(a, [1.21, 1.21, 0.01])
    np.testing.assert_allclose(e, [1.21 / 1.1, 1.21 / 1.1, 0.0])
    assert mech.channel_exposure(a, e) == pytest.approx((2 * 1.1) / 2.43)
    assert mech.channel_exposure(np.zeros(2), np.zeros(2)) == 0.0


def test_pressure_sums_clips_and_is_damped_by_key_figures():
    one = np.ones(1)
    kw = {
        "offline_amplification": 0.5,
        "media_amplification": 0.25,
        "online_amplification": 0.1,
        "incident_feedback": 0.3,
        "key_figure_damping": 0.5,
    }
    p = mech.pressure(
        offline=0.4 * one,
        media=0.4 * one,
        online=0.5 * one,
        shock=0 * one,
        incidents_near=0 * one,
        key_figures_near=0 * one,
        **kw,
    )
    assert p[0] == pytest.approx(0.2 + 0.1 + 0.05)
    p = mech.pressure(
        offline=one,
        media=one,
        online=one,
        shock=one,
        incidents_near=one,
        key_figures_near=3 * one,
        **kw,
    )
    assert p[0] == pytest.approx(0.5)  # clipped at 1, then halved by a key figure nearby


def test_commitment_rises_above_resilience_and_fades_below():
    c = np.array([0.2, 0.2, 0.2])
    p = np.array([0.8, 0.1, 0.1])
    r = np.array([0.3, 0.3, 0.3])
    z = np.array([0.0, 0.0, 1.0])
    new = mech.commitment_update(c, p, r, z, gain=0.5, decay=0.1)
    np.testing.assert_allclose(
        new, [0.2 + 0.5 * 0.5 * 0.8 - 0.1 * 0.2 * 0.2, 0.2 - 0.1 * 0.9 * 0.2, 0.2]
    )


def test_latitudes_narrow_with_commitment():
    u, t = mech.latitudes(
        np.array([0.0, 1.0]), acceptance=0.5, rejection=1.2, narrowing=0.6, widening=0.5
    )
    np.testing.assert_allclose(u, [0.5, 0.2])
    np.testing.assert_allclose(t, [1.2, 0.6])


def test_stance_update_pull_and_side_taking():
    x = np.array([0.2, -0.5, 0.3])
    new = mech.stance_update(
        x,
        heard=np.array([2.0, 0.0, 1.0]),
        judged_pull=np.array([0.4, 0.0, 0.0]),
        c=np.array([0.0, 1.0, 1.0]),
        p=np.array([0.0, 1.0, 0.5]),
        conviction=np.array([0.0, 0.0, 1.0]),
        dialogue=np.zeros(3),
        influence_rate=0.5,
        side_taking=0.2,
    )
    # 0.2 + 0.5 * 0.2; -0.5 + 0.2 * 1 * (-1 - (-0.5)); a zealot does not move
    np.testing.assert_allclose(new, [0.3, -0.6, 0.3])


def test_tolerance_erodes_with_committed_pressure_and_recovers():
    tau = np.array([0.8, 0.4, 0.4])
    new = mech.tolerance_update(
        tau,
        c=np.array([1.0, 0.0, 0.0]),
        p=np.array([0.5, 0.0, 0.0]),
        baseline=np.full(3, 0.9),
        key_figures_near=np.array([0.0, 0.0, 1.0]),
        erosion=0.2,
        recovery=0.1,
        key_figure_rate=0.5,
    )
    np.testing.assert_allclose(new, [0.8 - 0.2 * 0.5 * 0.8, 0.45, 0.45 + 0.5 * 0.6])


def test_blame_goes_to_visible_middle():
    b = np.zeros(3)
    new = mech.blame_update(
        b,
        x=np.array([0.0, 0.0, 0.9]),
        v=np.array([0.6, 0.05, 0.6]),
        hostility=np.array([2.0, 2.0, 2.0]),
        degree=np.full(3, 4.0),
        rate=1.0,
        decay=0.1,
    )
    # the visible middle far more than the invisible middle or an equally visible pole
    assert new[0] > 10 * max(new[1], new[2])
    np.testing.assert_allclose(new, [0.3, 0.025, 0.1 * 0.6 * 0.5])
    np.testing.assert_allclose(mech.influence(np.array([0.0, 1.0]), loss=1.0), [1.0, 0.5])


def test_incident_probability_from_committed_opposites():
    x = np.array([0.5, -0.5, 0.5])
    c = np.array([1.0, 1.0, 0.0])
    # person 0 hears 4 people: hostility Q = 3 in all, signed Q^s = -1 (two against, one with)
    hostility = np.array([3.0, 0.0, 3.0])
    signed = np.array([-1.0, 0.0, -1.0])
    prob = mech._incident_probability(x, c, hostility, signed, np.full(3, 4.0), 0.5)
    tension = 1.0 * 0.5 * (3 - (-1)) / 4  # opposition O = (Q - sgn(x) Q^s) / 2 = 2
    assert prob[0] == pytest.approx(1 - np.exp(-0.5 * tension**2))
    assert prob[1] == 0.0
    assert prob[2] == 0.0


def _brute_heard(adj: sp.csr_array, x, a, e, hostility, u, t):
    n = x.size
    out = np.zeros((n, 6))
    coo = adj.tocoo()
    for i, j in zip(coo.row, coo.col, strict=True):
        d = x[j] - x[i]
        h = hostility[j] * np.sign(x[j])
        out[i] += [a[j], e[j], a[j] * judgement(d, u[i], t[i]) * d, abs(h), h, x[j]]
    return out


def test_gather_equals_a_brute_force_loop():
    rng = np.random.default_rng(4)
    g = networks.erdos_renyi(120, 0.08, rng=rng)
    adj = networks.prepare(g)
    n = 120
    x, c, tau, w = rng.uniform(-1, 1, n), rng.random(n), rng.random(n), rng.random(n)
    v = mech.visibility(
        x, c, floor=0.1, bridge=np.zeros(n, bool), bridge_visibility=0.6, publicity=np.zeros(n)
    )
    u, t = mech.latitudes(c, acceptance=0.5, rejection=1.2, narrowing=0.6, widening=0.5)
    pub = mech.publish(x, c, tau, v, w, floor=0.1, online_contrast=3.0)
    heard = mech.gather(adj.indptr, adj.indices, pub, u, t)
    # the kernels see single-precision copies of what people show
    xs = pub.speech[:, 0].astype(float)
    a, e = (pub.speech[:, k].astype(float) for k in (1, 2))
    hostility = np.abs(pub.speech[:, 3].astype(float))
    np.testing.assert_allclose(hostility, (c * (1 - tau)).astype(np.float32), rtol=1e-6)
    expected = _brute_heard(adj.csr, xs, a, e, hostility, u, t)
    np.testing.assert_allclose(heard, expected, rtol=1e-6, atol=1e-9)


def test_feed_exposure_and_count_near():
    rng = np.random.default_rng(5)
    n = 50
    x, c, tau, w = rng.uniform(-1, 1, n), rng.random(n), rng.random(n), np.ones(n)
    v = rng.random(n)
    pub = mech.publish(x, c, tau, v, w, floor=0.1, online_contrast=3.0)
    follows = rng.integers(0, n, size=(n, 4)).astype(np.int32)
    a, e = mech.attention(x, v, w, floor=0.1, contrast=3.0)
    expected = e[follows].sum(axis=1) / a[follows].sum(axis=1)
    np.testing.assert_allclose(mech.feed_exposure(follows, pub), expected, rtol=1e-5)
    g = nx.gnp_random_graph(n, 0.1, seed=1, directed=True)
    adj = networks.prepare(g)
    flags = rng.random(n) < 0.2
    np.testing.assert_allclose(
        mech.count_near(flags, adj.in_indptr, adj.in_indices), adj.csr @ flags.astype(float)
    )


def test_update_people_is_the_composition_of_the_mechanisms():
    rng = np.random.default_rng(6)
    n = 200
    x, c, r, tau, b = (
        rng.uniform(-1, 1, n),
        rng.random(n),
        rng.random(n),
        rng.random(n),
        rng.random(n),
    )
    tau0, conv, v = np.full(n, 0.9), rng.random(n) * (rng.random(n) < 0.1), rng.random(n)
    u, t = mech.latitudes(c, acceptance=0.5, rejection=1.2, narrowing=0.6, widening=0.5)
    hostility = rng.random(n) * 3
    heard = np.column_stack(
        [
            rng.random(n) + 0.1,
            rng.random(n) * 0.1,
            rng.normal(0, 0.1, n),
            hostility,
            hostility * rng.uniform(-1, 1, n),
            rng.normal(0, 1, n),
        ]
    )
    degree = np.full(n, 8.0)
    keys = (rng.random(n) < 0.1).astype(float)
    m, o, shock, inc = (
        rng.random(n),
        rng.random(n),
        rng.random(n) * 0.1,
        (rng.random(n) < 0.05) * 1.0,
    )
    dx, dc = rng.normal(0, 0.01, n), rng.normal(0, 0.01, n)
    params = {
        "offline_amplification": 0.5,
        "media_amplification": 0.25,
        "online_amplification": 0.15,
        "incident_feedback": 0.3,
        "key_figure_damping": 0.5,
        "social_influence": 0.15,
        "side_taking": 0.3,
        "commitment_gain": 0.5,
        "commitment_decay": 0.1,
        "tolerance_erosion": 0.15,
        "tolerance_recovery": 0.02,
        "key_figure_tolerance": 0.05,
        "blame_rate": 0.5,
        "blame_decay": 0.05,
        "blame_influence_loss": 1.0,
        "incident_hazard": 0.08,
    }
    fused = mech.update_people(
        x=x,
        c=c,
        r=r,
        tau=tau,
        tau0=tau0,
        b=b,
        conviction=conv,
        v=v,
        u=u,
        t=t,
        degree=degree,
        key_figures_near=keys,
        heard=heard,
        media=m,
        online=o,
        shock=shock,
        incidents_near=inc,
        dialogue_stance=dx,
        dialogue_commitment=dc,
        params=np.array([params[k] for k in mech.PARAM_ORDER]),
    )
    offline = heard[:, 1] / heard[:, 0]
    p = mech.pressure(
        offline=offline,
        media=m,
        online=o,
        shock=shock,
        incidents_near=inc,
        key_figures_near=keys,
        **{
            k: params[k]
            for k in (
                "offline_amplification",
                "media_amplification",
                "online_amplification",
                "incident_feedback",
                "key_figure_damping",
            )
        },
    )
    np.testing.assert_array_equal(fused["pressure"], p)
    np.testing.assert_array_equal(
        fused["stance"],
        mech.stance_update(
            x,
            heard=heard[:, 0],
            judged_pull=heard[:, 2],
            c=c,
            p=p,
            conviction=conv,
            dialogue=dx,
            influence_rate=0.15,
            side_taking=0.3,
        ),
    )
    np.testing.assert_array_equal(
        fused["commitment"],
        mech.commitment_update(c, p, r, conv, gain=0.5, decay=0.1, dialogue=dc),
    )
    np.testing.assert_array_equal(
        fused["tolerance"],
        mech.tolerance_update(
            tau,
            c=c,
            p=p,
            baseline=tau0,
            key_figures_near=keys,
            erosion=0.15,
            recovery=0.02,
            key_figure_rate=0.05,
        ),
    )
    blame = mech.blame_update(
        b, x=x, v=v, hostility=heard[:, 3], degree=degree, rate=0.5, decay=0.05
    )
    np.testing.assert_array_equal(fused["blame"], blame)
    np.testing.assert_array_equal(fused["influence"], mech.influence(blame, loss=1.0))
    prob = mech._incident_probability(x, c, heard[:, 3], heard[:, 4], degree, 0.08)
    np.testing.assert_array_equal(fused["incident_probability"], prob)


def test_dialogue_assimilates_when_close_and_backfires_when_far():
    # organiser 0 with one neighbour on each side
    g = nx.Graph([(0, 1), (0, 2)])
    adj = networks.prepare(g)
    wide = np.full(3, 0.8), np.full(3, 1.5)
    narrow = np.full(3, 0.2), np.full(3, 0.5)
    for (u, t), x, sign in (
        (wide, np.array([0.0, 0.2, -0.2]), -1.0),  # close: they move together, calm down
        (narrow, np.array([0.0, 0.8, -0.8]), 1.0),  # far apart: contrast, hardening
    ):
        out = mech.apply_dialogue(
            x,
            u,
            t,
            np.array([0]),
            adj.indptr,
            adj.indices,
            rate=1.0,
            influence_rate=0.2,
            publicity=0.5,
            commitment_effect=0.1,
            rng=np.random.default_rng(0),
        )
        assert out is not None
        dx, dc, stage = out
        assert np.sign(dx[1]) == sign
        assert np.sign(dx[2]) == -sign
        np.testing.assert_allclose(dc[1:], [0.1 * sign, 0.1 * sign])
        np.testing.assert_allclose(stage, [0.5, 0.5, 0.5])


def test_rewiring_replaces_only_rejected_accounts_with_own_side():
    rng = np.random.default_rng(3)
    n = 400
    x = np.where(np.arange(n) < 200, 0.8, -0.8)
    follows = rng.integers(0, n, size=(n, 6)).astype(np.int32)
    before = follows.copy()
    t = np.full(n, 1.0)
    changed = mech.rewire_feeds(follows, x, t, rate=1.0, rng=rng)
    assert changed > 0
    moved = follows != before
    rows = np.nonzero(moved)[0]
    # every replaced account was across the divide and every new one is on one's own side
    assert np.all(np.sign(x[before[moved]]) != np.sign(x[rows]))
    assert np.all(np.sign(x[follows[moved]]) == np.sign(x[rows]))
