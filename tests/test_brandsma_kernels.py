"""Each mechanism of the Brandsma model against its documented equation.

Expected values are computed here, independently of the kernels: by hand on tiny arrays and
hand-made networks, or with plain numpy and dense matrices on small random networks.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from polsim import networks
from polsim.model import mechanisms

#: column of each field in what :func:`mechanisms.gather` returns
COL = {name: k for k, name in enumerate(mechanisms.HEARD_FIELDS)}
FLOOR = 0.1


def _adjacency(rows: list[list[int]]) -> networks.Adjacency:
    """A hand-made network: ``rows[i][j] == 1`` means that person i hears person j."""
    return networks.prepare(sp.csr_array(np.array(rows, dtype=float)))


def _heard(h: list[float], right: list[float], left: list[float]) -> np.ndarray:
    """A gather-shaped array with only the heard attention and the loud voices set."""
    out = np.zeros((len(h), len(mechanisms.HEARD_FIELDS)))
    out[:, COL["heard"]] = h
    out[:, COL["loud_right"]] = right
    out[:, COL["loud_left"]] = left
    return out


def _single(values: np.ndarray) -> np.ndarray:
    """Values as people show them to each other (single precision, see ``Public``)."""
    return np.asarray(values).astype(np.float32).astype(np.float64)


def _follows_without_self(gen: np.random.Generator, n: int, d: int) -> np.ndarray:
    shift = gen.integers(1, n, size=(n, d))
    return ((np.arange(n)[:, None] + shift) % n).astype(np.int32)


# ---------------------------------------------------------------------------------------------
# Parameters, visibility, attention, publishing
# ---------------------------------------------------------------------------------------------


def test_param_record_holds_each_value_under_its_name():
    params = {name: 0.01 * (k + 1) for k, name in enumerate(mechanisms.PARAM_ORDER)}
    record = mechanisms.param_record({**params, "not_a_kernel_parameter": 99.0})
    assert record.dtype.names == mechanisms.PARAM_ORDER
    for name, value in params.items():
        assert record[name][0] == value
    del params["incident_hazard"]
    with pytest.raises(KeyError, match="incident_hazard"):
        mechanisms.param_record(params)


def test_the_inputs_are_declared_once_with_their_neutral_values():
    declared = [f.name for f in dataclasses.fields(mechanisms.Inputs)]
    either = mechanisms.INPUTS_PER_PERSON_OR_ALL
    assert list(either) == [name for name in declared if name not in ("heard", "online")]
    assert mechanisms.NEUTRAL_INPUTS["seen"] == 1.0
    assert all(mechanisms.NEUTRAL_INPUTS[name] == 0.0 for name in either if name != "seen")


def _kernel_case(
    gen: np.random.Generator, n: int
) -> tuple[mechanisms.State, dict[str, np.ndarray]]:
    """A random city's state for the fused weekly pass, and what its people hear and read."""
    adj = networks.small_world(n, 6, 0.2, rng=gen)
    x, c, s = gen.uniform(-1, 1, n), gen.random(n), gen.random(n)
    u, t = mechanisms.latitudes(s, acceptance=0.5, rejection_gap=0.7, involvement=0.6)
    v = mechanisms.visibility(x, c, floor=FLOOR, on_stage=np.zeros(n), stage=np.zeros(n))
    pub = mechanisms.publish(x, c, gen.random(n), v, np.ones(n), floor=FLOOR, online_contrast=3.0)
    state = mechanisms.State(x=x, c=c, r=gen.random(n), r0=gen.random(n), tau=gen.random(n),
                             tau0=gen.random(n), s=s, s0=gen.random(n), blame=gen.random(n),
                             conviction=np.zeros(n), visibility=v,
                             degree=adj.degree.astype(float))  # fmt: skip
    common = {"heard": mechanisms.gather(adj.indptr, adj.indices, pub, u, t),
              "online": mechanisms.feed(_follows_without_self(gen, n, 4), pub)}  # fmt: skip
    return state, common


def test_an_input_at_its_neutral_value_is_the_same_as_not_given():
    """Each input given per person at its neutral value changes nothing: the kernel reads
    every input where the declaration says it is."""
    n = 40
    state, common = _kernel_case(np.random.default_rng(3), n)
    params = mechanisms.param_record(dict.fromkeys(mechanisms.PARAM_ORDER, 0.3))
    short = {k: np.full(1, v) for k, v in mechanisms.NEUTRAL_INPUTS.items()}
    long = {k: np.full(n, v) for k, v in mechanisms.NEUTRAL_INPUTS.items()}
    one = mechanisms.update_people(state, mechanisms.Inputs(**common, **short), params)
    other = mechanisms.update_people(state, mechanisms.Inputs(**common, **long), params)
    np.testing.assert_array_equal(one.table, other.table)
    for name in mechanisms.INPUTS_PER_PERSON_OR_ALL:  # and a non-neutral value changes it
        moved = mechanisms.update_people(
            state, mechanisms.Inputs(**common, **{**short, name: np.full(1, 0.5)}), params
        )
        assert not np.array_equal(moved.table, one.table), name


def test_visibility_line_stand_and_stage():
    x = np.array([0.0, 0.5, -1.0, 0.0, 0.0, 0.8, 0.2])
    c = np.array([1.0, 1.0, 0.5, 0.0, 0.5, 1.0, 0.9])
    on_stage = np.array([0.0, 0.0, 0.0, 0.6, 0.6, 0.6, 0.0])
    stage = np.array([0.0, 0.0, 0.0, 0.2, 0.0, 0.0, 0.9])
    v = mechanisms.visibility(x, c, floor=FLOOR, on_stage=on_stage, stage=stage)
    # c (0.1 + 0.9 |x|); a bridge builder's stand 0.6 plus its stage 0.2; the stand above
    # one's own line (0.05), then one's own line (0.82) above the stand; capped at 1
    # (0.9 * 0.28 + 0.9 > 1)
    np.testing.assert_allclose(v, [0.1, 0.55, 0.5, 0.8, 0.6, 0.82, 1.0], rtol=1e-15)


@pytest.mark.parametrize("contrast", [1.0, 2.0, 3.0, 2.5])
def test_attention_and_visible_extremity(contrast):
    x = np.array([1.0, -1.0, 0.0, 0.5, -0.3])
    v = np.array([1.0, 1.0, 0.0, 0.5, 0.2])
    w = np.array([1.0, 1.0, 1.0, 0.5, 0.8])
    a, e = mechanisms.attention(x, v, w, floor=FLOOR, contrast=contrast)
    base = np.array([1.1, 1.1, 0.1, 0.6, 0.3])
    expected_a = w * base**contrast
    np.testing.assert_allclose(a, expected_a, rtol=1e-14)
    np.testing.assert_allclose(e, expected_a * v / base * np.abs(x), rtol=1e-14)
    assert e[2] == 0.0  # nothing extreme is visible in the middle


def test_attention_of_a_silent_voice_without_floor_is_zero():
    a, e = mechanisms.attention(np.array([0.7]), np.zeros(1), np.ones(1), floor=0.0, contrast=2.0)
    assert a[0] == 0.0
    assert e[0] == 0.0


def test_channel_exposure_is_extremity_per_attention():
    a = np.array([1.21, 1.21, 0.01])
    e = np.array([1.1, 1.1, 0.0])
    assert mechanisms.channel_exposure(a, e) == pytest.approx(2.2 / 2.43, rel=1e-15)
    assert mechanisms.channel_exposure(np.zeros(2), np.zeros(2)) == 0.0


def test_publish_shows_stance_voice_and_hostility_in_single_precision():
    gen = np.random.default_rng(1)
    n = 40
    x, c, tau, v, w = (gen.uniform(-1, 1, n), *(gen.random(n) for _ in range(4)))
    x[3] = 0.0
    pub = mechanisms.publish(x, c, tau, v, w, floor=FLOOR, online_contrast=3.0)
    assert pub.speech.dtype == np.float32
    assert pub.online.dtype == np.float32
    assert pub.speech.shape == (n, len(mechanisms.SPEECH_FIELDS))
    assert pub.online.shape == (n, len(mechanisms.ONLINE_FIELDS))
    a1, e1 = mechanisms.attention(x, v, w, floor=FLOOR, contrast=1.0)
    a3, e3 = mechanisms.attention(x, v, w, floor=FLOOR, contrast=3.0)
    expected = {
        "stance": x,
        "attention": a1,
        "exposure": e1,
        "hostility": c * (1 - tau),
        "online_attention": a3,
        "signed_online_exposure": np.where(np.float32(x) > 0, e3, -e3),
    }
    for k, name in enumerate(mechanisms.SPEECH_FIELDS):
        np.testing.assert_allclose(pub.speech[:, k], expected[name], rtol=6e-8, err_msg=name)
    for k, name in enumerate(mechanisms.ONLINE_FIELDS):
        np.testing.assert_allclose(pub.online[:, k], expected[name], rtol=6e-8, err_msg=name)
    assert pub.speech[3, 3] == pytest.approx(c[3] * (1 - tau[3]), rel=6e-8)  # on no side
    buffer = mechanisms.Public.empty(n)
    assert (
        mechanisms.publish(x, c, tau, v, w, floor=FLOOR, online_contrast=3.0, out=buffer) is buffer
    )
    np.testing.assert_array_equal(buffer.speech, pub.speech)


# ---------------------------------------------------------------------------------------------
# Latitudes
# ---------------------------------------------------------------------------------------------


def test_latitudes_by_hand():
    u, t = mechanisms.latitudes(
        np.array([0.0, 0.5, 1.0]), acceptance=0.5, rejection_gap=0.7, involvement=0.6
    )
    np.testing.assert_allclose(u, [0.5, 0.35, 0.2], rtol=1e-15)
    np.testing.assert_allclose(t, [1.2, 0.84, 0.48], rtol=1e-15)


@settings(max_examples=200, deadline=None)
@given(
    s=hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(0.0, 1.0)),
    acceptance=st.floats(0.0, 2.0),
    gap=st.floats(0.0, 2.0),
    involvement=st.floats(0.0, 1.0),
)
def test_rejection_never_inside_acceptance(s, acceptance, gap, involvement):
    u, t = mechanisms.latitudes(
        s, acceptance=acceptance, rejection_gap=gap, involvement=involvement
    )
    assert np.all(t >= u)
    assert np.all(u >= 0.0)
    np.testing.assert_allclose(u, acceptance * (1 - involvement * s), rtol=1e-15)
    np.testing.assert_allclose(t, (acceptance + gap) * (1 - involvement * s), rtol=1e-15)


@settings(max_examples=200, deadline=None)
@given(
    s=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=2),
    acceptance=st.floats(0.0, 2.0),
    gap=st.floats(0.0, 2.0),
    involvement=st.floats(0.0, 1.0),
)
def test_salience_never_widens_a_latitude(s, acceptance, gap, involvement):
    lo, hi = sorted(s)
    u, t = mechanisms.latitudes(
        np.array([lo, hi]), acceptance=acceptance, rejection_gap=gap, involvement=involvement
    )
    assert u[1] <= u[0]
    assert t[1] <= t[0]


def test_rejection_widens_with_salience():
    s = np.linspace(0.0, 1.0, 11)
    u, t = mechanisms.latitudes(s, acceptance=0.5, rejection_gap=0.7, involvement=0.6)
    assert np.all(np.diff(u) < 0)
    assert np.all(np.diff(t) < 0)
    # the share of the stance distances in [0, 2] that one rejects grows
    distances = np.linspace(0.0, 2.0, 2001)
    rejected = (distances[None, :] > t[:, None]).mean(axis=1)
    assert np.all(np.diff(rejected) > 0)


# ---------------------------------------------------------------------------------------------
# What people hear: gather, feeds, counts and trust near them
# ---------------------------------------------------------------------------------------------


def test_gather_equals_the_dense_matrix_equations():
    gen = np.random.default_rng(11)
    n = 300
    adj = networks.small_world(n, 6, 0.2, rng=gen)
    x, c, tau, s, v = (gen.uniform(-1, 1, n), *(gen.random(n) for _ in range(4)))
    w = mechanisms.influence(gen.exponential(0.5, n))
    u, t = mechanisms.latitudes(s, acceptance=0.5, rejection_gap=0.7, involvement=0.6)
    pub = mechanisms.publish(x, c, tau, v, w, floor=FLOOR, online_contrast=3.0)
    heard = mechanisms.gather(adj.indptr, adj.indices, pub, u, t)
    assert heard.shape == (n, len(mechanisms.HEARD_FIELDS))
    A = adj.csr.toarray()
    assert np.all(np.diag(A) == 0)
    # the equations, on the single-precision values people show (Public)
    xs = _single(x)
    a, e = (_single(q) for q in mechanisms.attention(x, v, w, floor=FLOOR, contrast=1.0))
    hostility = _single(c * (1 - tau))
    d = xs[None, :] - xs[:, None]  # d[i, j] = x_j - x_i
    sigma = (np.abs(d) < u[:, None]).astype(float) - (np.abs(d) > t[:, None])
    assert np.any(A * sigma > 0)  # both assimilation and contrast occur among the ties
    assert np.any(A * sigma < 0)
    expected = {
        "heard": A @ a,
        "loud_right": A @ (e * (xs > 0)),
        "loud_left": A @ (e * (xs <= 0)),
        "judged_pull": (A * a[None, :] * sigma * d).sum(axis=1),
        "hostility": A @ hostility,
        "opposition": (A * ((xs[:, None] * xs[None, :]) < 0)) @ hostility,
        "neighbour_stance": A @ xs,
        "avoided_ties": (A * (np.abs(d) > t[:, None])).sum(axis=1),
    }
    for name, k in COL.items():
        np.testing.assert_allclose(
            heard[:, k], expected[name], rtol=1e-12, atol=1e-14, err_msg=name
        )


def test_gather_hostility_counts_a_neighbour_exactly_in_the_middle():
    adj = _adjacency([[0, 1, 1], [1, 0, 0], [1, 0, 0]])
    x, c, tau = np.array([0.5, 0.0, -0.5]), np.ones(3), np.array([0.0, 0.25, 0.5])
    pub = mechanisms.publish(x, c, tau, np.ones(3), np.ones(3), floor=FLOOR, online_contrast=3.0)
    heard = mechanisms.gather(adj.indptr, adj.indices, pub, np.full(3, 0.5), np.full(3, 1.2))
    assert heard[0, COL["hostility"]] == pytest.approx(0.75 + 0.5)


def test_feed_and_its_side_aware_exposure_over_followed_accounts():
    gen = np.random.default_rng(5)
    n = 60
    x, c, tau, v, w = gen.uniform(-1, 1, n), gen.random(n), gen.random(n), gen.random(n), np.ones(n)
    s = gen.random(n)
    v[:3] = 0.0
    x[10] = 0.0
    pub = mechanisms.publish(x, c, tau, v, w, floor=0.0, online_contrast=3.0)  # 0..2 are silent
    follows = _follows_without_self(gen, n, 4)
    follows[7] = [0, 1, 2, 0]  # follows only silent accounts
    a, e = _single(pub.online[:, 0]), np.abs(_single(pub.online[:, 1]))
    f = mechanisms.feed(follows, pub)
    right = x[follows] > 0
    np.testing.assert_allclose(f[:, 0], a[follows].sum(axis=1), rtol=1e-13)
    np.testing.assert_allclose(f[:, 1], (e[follows] * right).sum(axis=1), rtol=1e-13)
    np.testing.assert_allclose(f[:, 2], (e[follows] * ~right).sum(axis=1), rtol=1e-13)
    own = np.where(x > 0, f[:, 1], f[:, 2])
    other = np.where(x > 0, f[:, 2], f[:, 1])
    total = f[:, 0]
    expected = np.divide(own + s * other, total, out=np.zeros(n), where=total > 0)
    expected[x == 0] = (f[x == 0, 1] + f[x == 0, 2]) / total[x == 0]  # in the middle: both own
    got = mechanisms.feed_exposure(follows, pub, x, s)
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    assert got[7] == 0.0
    np.testing.assert_array_equal(
        mechanisms.feed_exposure(np.zeros((n, 0), np.int32), pub, x, s), 0.0
    )


def test_count_near_by_hand_on_a_directed_network():
    # 0 hears 1; 1 hears 2; 2 hears 0 and 1; 3 hears nobody
    adj = _adjacency([[0, 1, 0, 0], [0, 0, 1, 0], [1, 1, 0, 0], [0, 0, 0, 0]])
    count = mechanisms.count_near
    np.testing.assert_array_equal(
        count(np.array([False, True, False, False]), adj.in_indptr, adj.in_indices), [1, 1, 1, 0]
    )
    np.testing.assert_array_equal(
        count(np.array([True, True, False, False]), adj.in_indptr, adj.in_indices), [2, 1, 2, 0]
    )
    np.testing.assert_array_equal(
        count(np.array([False, False, False, True]), adj.in_indptr, adj.in_indices), [0, 0, 0, 1]
    )
    np.testing.assert_array_equal(count(np.zeros(4, bool), adj.in_indptr, adj.in_indices), 0.0)


def test_count_near_is_self_plus_in_neighbours_on_a_random_directed_network():
    gen = np.random.default_rng(8)
    n = 80
    A = (gen.random((n, n)) < 0.06).astype(float)
    np.fill_diagonal(A, 0.0)
    adj = networks.prepare(sp.csr_array(A))
    flags = gen.random(n) < 0.2
    np.testing.assert_array_equal(
        mechanisms.count_near(flags, adj.in_indptr, adj.in_indices), flags + A @ flags
    )


def test_trust_near_by_hand():
    # key figure 0 at 0.5; people 1..5 hear it, 6 does not (but the figure hears 6)
    rows = [[0, 0, 0, 0, 0, 0, 1]] + [[1, 0, 0, 0, 0, 0, 0]] * 5 + [[0] * 7]
    adj = _adjacency(rows)
    x = np.array([0.5, 0.4, 0.3, 0.1, 0.9, -0.5, 0.45])
    # listeners judge by their own latitudes; the figure's own (0, 0) must not matter
    u = np.array([0.0, 0.2, 0.2, 0.2, 0.1, 0.2, 0.2])
    t = np.array([0.0, 0.6, 0.6, 0.6, 0.5, 0.6, 0.6])
    trust = mechanisms.trust_near(np.array([0]), x, u, t, adj.in_indptr, adj.in_indices)
    # the figure itself; 1 within acceptance; 2 on its edge; between: 3 (0.6 - 0.4) / 0.4 and
    # 4 (0.5 - 0.4) / 0.4; 5 beyond rejection; 6 does not hear the figure
    np.testing.assert_allclose(trust, [1.0, 1.0, 1.0, 0.5, 0.25, 0.0, 0.0], rtol=1e-15)
    np.testing.assert_array_equal(
        mechanisms.trust_near(np.array([], int), x, u, t, adj.in_indptr, adj.in_indices), 0.0
    )


def test_trust_near_equals_the_dense_equation():
    gen = np.random.default_rng(9)
    n = 150
    adj = networks.small_world(n, 8, 0.3, rng=gen)
    x = gen.uniform(-1, 1, n)
    u, t = mechanisms.latitudes(gen.random(n), acceptance=0.5, rejection_gap=0.7, involvement=0.6)
    figures = gen.choice(n, size=25, replace=False)
    trust = mechanisms.trust_near(figures, x, u, t, adj.in_indptr, adj.in_indices)
    A = adj.csr.toarray()
    is_figure = np.isin(np.arange(n), figures)
    d = np.abs(x[None, :] - x[:, None])
    share = np.clip((t[:, None] - d) / (t - u)[:, None], 0.0, 1.0)
    expected = is_figure + (A * share * is_figure[None, :]).sum(axis=1)
    np.testing.assert_allclose(trust, expected, rtol=1e-14)
    inside = (A * is_figure[None, :] * (d > u[:, None]) * (d < t[:, None])).sum()
    assert inside > 0  # some ties fall between the latitudes, where trust is partial


# ---------------------------------------------------------------------------------------------
# Pressure and the per-person updates
# ---------------------------------------------------------------------------------------------

AMPLIFY = {
    "offline_amplification": 0.5,
    "media_amplification": 0.25,
    "online_amplification": 0.1,
    "key_figure_damping": 0.5,
}


def _pressure(x, s, heard, *, media=0.0, online=0.0, shock=0.0, trust=0.0, **kw):
    n = len(x)
    return mechanisms.pressure(
        np.asarray(x, float), np.asarray(s, float), heard,
        media=np.full(n, media), online=np.full(n, online), shock=np.full(n, shock),
        trust=np.full(n, trust) if np.isscalar(trust) else np.asarray(trust, float),
        **{**AMPLIFY, **kw},
    )  # fmt: skip


def test_pressure_is_side_aware():
    heard = _heard([2.0] * 6, [0.8] * 6, [0.4] * 6)
    x = [0.5, 0.5, -0.5, -0.5, 0.0, 0.0]
    s = [0.0, 0.5, 0.0, 0.5, 0.0, 1.0]
    p = _pressure(x, s, heard)
    # right: own side 0.8 in full, the left's 0.4 weighted by salience; left: the reverse;
    # in the middle both sides count as one's own, whatever the salience
    offline = np.array([0.8, 0.8 + 0.5 * 0.4, 0.4, 0.4 + 0.5 * 0.8, 1.2, 1.2]) / 2.0
    np.testing.assert_allclose(p, 0.5 * offline, rtol=1e-15)


def test_pressure_sums_channels_clips_and_is_silent_without_neighbours():
    heard = _heard([2.0, 0.0, 2.0], [0.8, 0.0, 2.0], [0.0, 0.0, 0.0])
    p = _pressure([0.5, 0.5, 0.5], [0.0] * 3, heard, media=0.4, online=0.5, shock=0.05)
    channels = 0.25 * 0.4 + 0.1 * 0.5 + 0.05
    # offline 0.8 / 2 and 2 / 2 at amplification 0.5; nothing heard offline: 0
    np.testing.assert_allclose(p, [0.5 * 0.4 + channels, channels, 0.5 + channels], rtol=1e-15)
    assert _pressure([0.5], [0.0], _heard([1.0], [1.0], [0.0]), media=1.0, shock=1.0)[0] == 1.0


@pytest.mark.parametrize(("trust", "factor"), [(0.0, 1.0), (0.5, 0.75), (1.0, 0.5), (3.0, 0.5)])
def test_key_figure_damping_scales_with_trust(trust, factor):
    heard = _heard([2.0, 1.0], [0.8, 1.0], [0.4, 1.0])
    p0 = _pressure([0.5, 0.5], [0.5, 1.0], heard, media=0.4, shock=1.0)
    p = _pressure([0.5, 0.5], [0.5, 1.0], heard, media=0.4, shock=1.0, trust=trust)
    assert p0[1] == 1.0  # clipped first, then damped
    np.testing.assert_allclose(p, factor * p0, rtol=1e-15)


_unit = st.floats(0.0, 1.0)


@settings(max_examples=100, deadline=None)
@given(
    x=st.floats(0.01, 1.0), s=_unit, h=st.floats(0.01, 5.0), right=_unit, left=_unit,
    extra=_unit, trust=st.floats(0.0, 2.0),
)  # fmt: skip
def test_pressure_properties(x, s, h, right, left, extra, trust):
    def p(stance, salience, r, lft):
        return _pressure([stance], [salience], _heard([h], [r], [lft]), trust=trust)[0]

    # the two sides are mirror images
    assert p(x, s, right, left) == p(-x, s, left, right)
    # the middle hears both sides as its own, whatever the salience
    assert p(0.0, s, right, left) == p(0.0, 0.0, right, left) == p(0.0, 1.0, right, left)
    # louder own side or more salience never lowers pressure
    assert p(x, s, right + extra, left) >= p(x, s, right, left)
    assert p(x, min(1.0, s + extra), right, left) >= p(x, s, right, left)
    # the other side at salience s counts s times as much as one's own
    raw = 0.5 * (right + s * left) / h
    assert p(x, s, right, left) == pytest.approx(
        min(1.0, raw) * (1 - 0.5 * min(1.0, trust)), rel=1e-14
    )


def test_stance_update_by_hand():
    n = 7
    new = mechanisms.stance_update(
        np.array([0.2, -0.5, 0.3, 0.9, 0.0, 0.95, 0.4]),
        heard=np.array([2.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
        judged_pull=np.array([0.4, 0.7, 0.0, 0.0, 0.1, 0.0, 0.2]),
        c=np.array([0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0]),
        s=np.array([0.0, 1.0, 1.0, 0.5, 1.0, 0.0, 1.0]),
        p=np.array([0.0, 1.0, 0.5, 1.0, 1.0, 0.0, 0.5]),
        conviction=np.array([0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5]),
        dialogue=np.array([0.0, 0.0, 0.05, 0.0, 0.0, 0.2, 0.1]),
        influence_rate=0.5,
        side_taking=0.2,
    )
    expected = [
        0.2 + 0.5 * 0.4 / 2.0,  # pull J/H only
        -0.5 + 0.2 * 1.0 * (-1.0 - -0.5),  # nothing heard: no pull; taken to its pole
        0.3,  # full conviction: nothing moves it, not even a dialogue
        0.9 + 0.2 * (0.5 - 0.9),  # a joiner without salience goes back to c s = 0.5
        0.0 + 0.5 * 0.1,  # in the middle: no side to take
        1.0,  # clipped
        0.4 + 0.5 * (0.5 * 0.2 + 0.2 * 0.5 * (1.0 - 0.4) + 0.1),  # half conviction halves all
    ]
    assert new.shape == (n,)
    np.testing.assert_allclose(new, expected, rtol=1e-14)


def test_commitment_update_by_hand():
    c = np.array([0.2, 0.2, 0.2, 0.2, 0.9, 0.2])
    p = np.array([0.8, 0.1, 0.1, 0.1, 1.0, 0.3])
    r = np.array([0.3, 0.3, 0.3, 0.3, 0.0, 0.3])
    zeta = np.array([0.0, 0.0, 1.0, 0.0, 0.0, 0.5])
    dialogue = np.array([0.0, 0.0, 0.0, -0.5, 0.2, 0.0])
    new = mechanisms.commitment_update(c, p, r, zeta, gain=0.5, decay=0.1, dialogue=dialogue)
    expected = [
        0.2 + 0.5 * 0.5 * 0.8 - 0.1 * 0.2 * 0.2,  # pressure above resilience draws one in
        0.2 - 0.1 * 0.9 * 0.2,  # below it, commitment fades
        0.2,  # but not below one's conviction
        0.0,  # a calming dialogue, clipped at 0
        1.0,  # a hardening dialogue, clipped at 1
        0.2,  # pressure equal to resilience: no rise; conviction 0.5 above c: no fade
    ]
    np.testing.assert_allclose(new, expected, rtol=1e-14)
    # the dialogue defaults to none
    np.testing.assert_array_equal(
        mechanisms.commitment_update(c, p, r, zeta, gain=0.5, decay=0.1),
        mechanisms.commitment_update(c, p, r, zeta, gain=0.5, decay=0.1, dialogue=np.zeros(6)),
    )


def test_tolerance_update_by_hand():
    new = mechanisms.tolerance_update(
        np.array([0.8, 0.4, 0.4, 0.0]),
        c=np.array([1.0, 0.0, 0.5, 1.0]),
        p=np.array([0.5, 0.0, 1.0, 1.0]),
        baseline=np.array([0.9, 0.9, 0.9, 0.9]),
        erosion=0.2,
        recovery=0.1,
    )
    expected = [
        0.8 - 0.2 * 1.0 * 0.5 * 0.8,  # the committed under pressure: erosion only
        0.4 + 0.1 * 1.0 * (0.9 - 0.4),  # the uncommitted: recovery only
        0.4 - 0.2 * 0.5 * 1.0 * 0.4 + 0.1 * 0.5 * (0.9 - 0.4),
        0.0,  # the fully committed do not recover
    ]
    np.testing.assert_allclose(new, expected, rtol=1e-14)


SALIENCE = {"gain": 0.2, "decay": 0.05, "incident_salience": 0.5, "moralising_salience": 0.3}


def _salience(
    *, s=0.3, s0=0.1, p=0.0, r=0.5, reframed=0.0, near=0.0, moralised=0.0, c=0.0
) -> float:
    one = np.ones(1)
    return float(
        mechanisms.salience_update(
            s * one, baseline=s0 * one, p=p * one, r=r * one, reframed=reframed * one,
            near_incident=near * one, moralised=moralised * one, c=c * one, **SALIENCE,
        )[0]
    )  # fmt: skip


DECAY_ONLY = 0.3 - 0.05 * (0.3 - 0.1)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ({"p": 0.4}, DECAY_ONLY),  # pressure below resilience: no framing
        ({"p": 0.5}, DECAY_ONLY),  # pressure equal to resilience: no framing
        ({"p": 0.4, "c": 1.0}, DECAY_ONLY),  # commitment alone frames nothing
        ({"p": 0.9}, DECAY_ONLY + 0.2 * 0.4 * 0.7),  # framing by pressure above resilience
        ({"p": 0.9, "reframed": 0.25}, DECAY_ONLY + 0.2 * 0.75 * 0.4 * 0.7),  # a quarter less
        ({"p": 0.9, "reframed": 1.0}, DECAY_ONLY),  # all talk reframed
        ({"near": 1.0}, DECAY_ONLY + 0.2 * 0.5 * 0.7),  # an incident near one
        ({"near": 3.0}, DECAY_ONLY + 0.2 * 0.5 * 0.7),  # several count as one
        ({"p": 1.0, "r": 0.0, "near": 1.0}, DECAY_ONLY + 0.2 * 1.0 * 0.7),  # framing capped at 1
        ({"moralised": 2.0}, DECAY_ONLY),  # moralising the uncommitted: nothing
        ({"moralised": 2.0, "c": 0.5}, DECAY_ONLY + 0.3 * 2.0 * 0.5 * 0.7),  # the committed
        ({"s": 0.05}, 0.05 + 0.05 * (0.1 - 0.05)),  # below baseline: relaxes up to it
        ({"s": 0.95, "p": 1.0, "r": 0.0, "near": 1.0, "moralised": 9.0, "c": 1.0}, 1.0),  # clip
    ],
)
def test_salience_update_by_hand(case, expected):
    assert _salience(**case) == pytest.approx(expected, rel=1e-14)


@settings(max_examples=100, deadline=None)
@given(s=_unit, s0=_unit, p=_unit, r=_unit, reframed=_unit, near=st.floats(0.0, 3.0))
def test_salience_does_not_rise_without_fuel(s, s0, p, r, reframed, near):
    # without pressure above resilience, incidents or moralising, salience only relaxes
    quiet = _salience(s=s, s0=s0, p=min(p, r), r=r, reframed=reframed, c=1.0)
    assert quiet == pytest.approx(s - 0.05 * (s - s0), rel=1e-14)
    assert _salience(s=s, s0=s0, p=p, r=r, reframed=1.0, c=1.0) == quiet
    assert _salience(s=s, s0=s0, p=p, r=r, reframed=reframed, near=near) >= quiet


def test_moralising_raises_salience_only_for_the_committed():
    gen = np.random.default_rng(2)
    n = 50
    s, s0, p, r = (gen.random(n) for _ in range(4))
    c = np.where(np.arange(n) % 3 == 0, 0.0, gen.random(n))
    kw = {"baseline": s0, "p": p, "r": r, "reframed": np.zeros(n), "near_incident": np.zeros(n),
          "c": c, **SALIENCE}  # fmt: skip
    calm = mechanisms.salience_update(s, moralised=np.zeros(n), **kw)
    judged = mechanisms.salience_update(s, moralised=np.ones(n), **kw)
    rise = judged - calm
    np.testing.assert_array_equal(rise[c == 0], 0.0)
    assert np.all(rise[c > 0] > 0)
    np.testing.assert_allclose(rise, 0.3 * c * (1 - s), rtol=1e-12, atol=1e-15)


def test_resilience_update_by_hand():
    new = mechanisms.resilience_update(
        np.array([0.2, 0.2, 0.9, 1.0]),
        baseline=np.array([0.2, 0.2, 0.3, 0.3]),
        support=np.array([0.0, 1.0, 0.5, 1.0]),
        gain=0.1,
        relaxation=0.03,
    )
    expected = [0.2, 0.2 + 0.1 * 0.8, 0.9 + 0.1 * 0.5 * 0.1 - 0.03 * 0.6, 1.0 - 0.03 * 0.7]
    np.testing.assert_allclose(new, expected, rtol=1e-14)


@pytest.mark.parametrize(("gain", "relaxation"), [(0.1, 0.03), (0.5, 0.2)])
def test_resilience_settles_at_its_closed_form_equilibrium(gain, relaxation):
    support = np.repeat([0.0, 0.3, 1.0], 6)
    r0 = np.tile([0.0, 0.2, 0.7], 6)
    r = np.repeat([0.0, 1.0], 9)  # from below and from above
    for _ in range(2000):
        r = mechanisms.resilience_update(
            r, baseline=r0, support=support, gain=gain, relaxation=relaxation
        )
    expected = (gain * support + relaxation * r0) / (gain * support + relaxation)
    np.testing.assert_allclose(r, expected, rtol=1e-12)


def test_blame_goes_to_visible_middle_people():
    new = mechanisms.blame_update(
        np.array([0.0, 0.0, 0.0, 0.5, 0.2]),
        x=np.array([0.0, 0.0, 0.9, 0.0, -0.2]),
        v=np.array([0.6, 0.05, 0.6, 1.0, 0.5]),
        hostility=np.array([2.0, 2.0, 2.0, 0.0, 1.0]),
        degree=np.array([4.0, 4.0, 4.0, 0.0, 2.0]),
        rate=1.0,
        decay=0.1,
    )
    expected = [
        1.0 * 0.6 * 0.5,  # the visible middle
        1.0 * 0.05 * 0.5,  # the invisible middle
        0.1 * 0.6 * 0.5,  # an equally visible pole
        0.9 * 0.5,  # nobody around: old blame decays
        0.9 * 0.2 + 0.8 * 0.5 * 0.5,
    ]
    np.testing.assert_allclose(new, expected, rtol=1e-14)
    assert new[0] > 10 * max(new[1], new[2])


def test_influence_halves_per_unit_of_blame():
    np.testing.assert_allclose(mechanisms.influence(np.array([0.0, 1.0, 3.0])), [1.0, 0.5, 0.25])
    assert mechanisms.influence(np.array([2]))[0] == pytest.approx(1 / 3, rel=1e-15)


# ---------------------------------------------------------------------------------------------
# Incidents
# ---------------------------------------------------------------------------------------------


def _incident_case():
    """Person 0 (right) hears two committed opponents, one committed ally and one in the
    middle; 1 and 2 hear 0 only; 3 hears only its own side; 4 hears nobody."""
    rows = [[0, 1, 1, 1, 1], [1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0] * 5]
    adj = _adjacency(rows)
    x = np.array([0.5, -0.6, -0.9, 0.7, 0.0])
    c = np.array([1.0, 1.0, 0.5, 1.0, 0.8])
    tau = np.array([0.5, 0.0, 0.5, 0.0, 0.0])
    s = np.array([0.8, 0.5, 1.0, 1.0, 1.0])
    pub = mechanisms.publish(x, c, tau, np.ones(5), np.ones(5), floor=FLOOR, online_contrast=3.0)
    heard = mechanisms.gather(adj.indptr, adj.indices, pub, np.full(5, 0.5), np.full(5, 1.2))
    return x, c, s, heard, adj.degree.astype(float)


# Person 4 hears nobody: the compiled ufunc evaluates 0 / 0 speculatively for it and numpy
# reports the floating-point flag, although the result is the documented 0 (asserted below).
@pytest.mark.filterwarnings("ignore:invalid value encountered in _incident_v:RuntimeWarning")
def test_incident_probability_by_hand():
    x, c, s, heard, degree = _incident_case()
    prob = mechanisms.incident_probability(x, c, s, heard, degree, hazard=0.5)
    theta = np.array([
        1.0 * 0.8 * (1.0 + 0.25) / 4,  # opponents 1 (hostility 1) and 2 (0.5 * 0.5)
        1.0 * 0.5 * 0.5 / 1,  # opponent 0, hostility 1 * 0.5
        0.5 * 1.0 * 0.5 / 1,
        0.0,  # its only neighbour is on its own side
        0.0,  # nobody around
    ])  # fmt: skip
    np.testing.assert_allclose(prob, -np.expm1(-0.5 * theta**2), rtol=1e-7)  # single precision
    assert prob[0] == pytest.approx(1 - np.exp(-0.5 * 0.25**2), rel=1e-7)
    np.testing.assert_array_equal(prob[3:], 0.0)


def test_incident_probability_equals_the_dense_equation():
    gen = np.random.default_rng(12)
    n = 250
    adj = networks.small_world(n, 6, 0.2, rng=gen)
    x, c, tau, s = gen.uniform(-1, 1, n), gen.random(n), gen.random(n), gen.random(n)
    pub = mechanisms.publish(x, c, tau, gen.random(n), np.ones(n), floor=FLOOR, online_contrast=3.0)
    u, t = mechanisms.latitudes(s, acceptance=0.5, rejection_gap=0.7, involvement=0.6)
    heard = mechanisms.gather(adj.indptr, adj.indices, pub, u, t)
    degree = adj.degree.astype(float)
    prob = mechanisms.incident_probability(x, c, s, heard, degree, hazard=4.0)
    A = adj.csr.toarray()
    opposite = (x[:, None] * x[None, :]) < 0
    theta = c * s * (A * opposite * _single(c * (1 - tau))[None, :]).sum(axis=1) / degree
    np.testing.assert_allclose(prob, -np.expm1(-4.0 * theta**2), rtol=1e-12)
    assert np.all((prob >= 0) & (prob < 1))
    # more hazard, more incidents
    assert np.all(mechanisms.incident_probability(x, c, s, heard, degree, hazard=8.0) >= prob)


def test_no_incidents_without_opponents():
    gen = np.random.default_rng(13)
    n = 200
    adj = networks.small_world(n, 6, 0.2, rng=gen)
    x = np.abs(gen.uniform(-1, 1, n)) + 1e-3  # everybody on one side
    c, tau, s = np.ones(n), np.zeros(n), np.ones(n)  # and as hostile as can be
    pub = mechanisms.publish(x, c, tau, np.ones(n), np.ones(n), floor=FLOOR, online_contrast=3.0)
    heard = mechanisms.gather(adj.indptr, adj.indices, pub, np.full(n, 0.5), np.full(n, 1.2))
    degree = adj.degree.astype(float)
    np.testing.assert_array_equal(
        mechanisms.incident_probability(x, c, s, heard, degree, hazard=10.0), 0.0
    )
    # flip half: now opponents are there
    x[::2] *= -1
    pub = mechanisms.publish(x, c, tau, np.ones(n), np.ones(n), floor=FLOOR, online_contrast=3.0)
    heard = mechanisms.gather(adj.indptr, adj.indices, pub, np.full(n, 0.5), np.full(n, 1.2))
    assert np.all(mechanisms.incident_probability(x, c, s, heard, degree, hazard=10.0) > 0)
    # in the middle (x == 0) nobody is on the other side
    x[0] = 0.0
    pub = mechanisms.publish(x, c, tau, np.ones(n), np.ones(n), floor=FLOOR, online_contrast=3.0)
    heard = mechanisms.gather(adj.indptr, adj.indices, pub, np.full(n, 0.5), np.full(n, 1.2))
    assert mechanisms.incident_probability(x, c, s, heard, degree, hazard=10.0)[0] == 0.0


def test_incidents_are_drawn_with_their_probability():
    prob = np.repeat([0.0, 0.3, 1.0], 100_000)
    drawn = mechanisms.incidents_from(prob, np.random.default_rng(4))
    assert drawn.dtype == np.bool_
    assert not drawn[:100_000].any()
    assert drawn[200_000:].all()
    assert abs(drawn[100_000:200_000].mean() - 0.3) < 5 * np.sqrt(0.3 * 0.7 / 100_000)
    np.testing.assert_array_equal(mechanisms.incidents_from(prob, np.random.default_rng(4)), drawn)


# ---------------------------------------------------------------------------------------------
# Dialogues
# ---------------------------------------------------------------------------------------------

DIALOGUE = {
    "influence_rate": 0.2,
    "publicity": 0.5,
    "commitment_effect": 0.1,
    "middle_commitment": 0.3,
}


def _dialogue(x, u, t, organisers, above, adj, *, c=None, tau=None, w=None, tone=None, rate=1.0,
              seed=0):  # fmt: skip
    n = x.size
    return mechanisms.apply_dialogue(
        x, np.full(n, 0.5) if c is None else c, np.ones(n) if tau is None else tau,
        np.broadcast_to(u, n).astype(float), np.broadcast_to(t, n).astype(float),
        np.ones(n) if w is None else w, np.asarray(organisers, dtype=np.int64),
        np.broadcast_to(above, n).astype(bool), np.ones(n) if tone is None else tone,
        adj.indptr, adj.indices, rate=rate, rng=np.random.default_rng(seed), **DIALOGUE,
    )  # fmt: skip


# organiser 0 (in the middle) hears 1 (right) and 2 (left); 3 (right) is no neighbour of 0
STAGE = [[0, 1, 1, 0], [1, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0]]


@pytest.mark.parametrize(
    ("u", "t", "sigma_1", "sigma_2"),
    [
        (0.8, 1.5, 1.0, 1.0),  # within each other's acceptance: assimilation
        (0.2, 1.5, 0.0, 0.0),  # in between: no change
        (0.2, 0.4, -1.0, -1.0),  # beyond each other's rejection: contrast (backfire)
        ([0.0, 0.8, 0.2, 0.8], [0.0, 1.5, 0.4, 1.5], 1.0, -1.0),  # each by its own latitudes
    ],
)
def test_dialogue_above_the_parties_follows_social_judgement(u, t, sigma_1, sigma_2):
    x = np.array([0.0, 0.2, -0.3, 0.5])
    w = np.array([0.5, 1.0, 1.0, 1.0])  # a blamed organiser
    tau = np.array([1.0, 0.8, 0.4, 1.0])
    out = _dialogue(x, u, t, [0], True, _adjacency(STAGE), w=w, tau=tau)
    assert out is not None
    gap = -0.5  # x_2 - x_1
    kappa_1, kappa_2 = 0.5 * 0.8, 0.5 * 0.4  # w_k tau_p
    np.testing.assert_allclose(
        out.stance, [0.0, 0.2 * kappa_1 * sigma_1 * gap, -0.2 * kappa_2 * sigma_2 * gap, 0.0],
        rtol=1e-15,
    )  # fmt: skip
    np.testing.assert_allclose(
        out.commitment, [0.0, -0.1 * kappa_1 * sigma_1, -0.1 * kappa_2 * sigma_2, 0.0], rtol=1e-15
    )
    np.testing.assert_array_equal(out.stage, [0.5, 0.5, 0.5, 0.0])
    np.testing.assert_array_equal(out.support, 0.0)
    np.testing.assert_array_equal(out.moralised, 0.0)  # a mediating tone
    # the gap narrows on assimilation and widens on contrast
    after = abs((x[2] + out.stance[2]) - (x[1] + out.stance[1]))
    if sigma_1 == sigma_2 == 1.0:
        assert after < 0.5
    elif sigma_1 == sigma_2 == -1.0:
        assert after > 0.5


@pytest.mark.parametrize(("w0", "tau"), [(0.0, [1.0, 1.0, 1.0, 1.0]), (1.0, [1.0, 0.0, 0.0, 1.0])])
def test_dialogue_without_credibility_moves_nobody(w0, tau):
    w = np.array([w0, 1.0, 1.0, 1.0])
    out = _dialogue(
        np.array([0.0, 0.2, -0.3, 0.5]), 0.8, 1.5, [0], True, _adjacency(STAGE), w=w,
        tau=np.array(tau),
    )  # fmt: skip
    assert out is not None
    np.testing.assert_array_equal(out.stance, 0.0)
    np.testing.assert_array_equal(out.commitment, 0.0)
    np.testing.assert_array_equal(out.stage, [0.5, 0.5, 0.5, 0.0])  # yet on stage


def test_dialogues_add_up_for_a_shared_participant():
    # organisers 0 and 3 both hear exactly 1 (right) and 2 (left)
    adj = _adjacency([[0, 1, 1, 0], [1, 0, 0, 1], [1, 0, 0, 1], [0, 1, 1, 0]])
    x = np.array([0.0, 0.2, -0.3, 0.0])
    w = np.array([0.5, 1.0, 1.0, 1.0])
    tau = np.array([1.0, 0.8, 0.4, 1.0])
    out = _dialogue(x, 0.8, 1.5, [0, 3], True, adj, w=w, tau=tau)
    assert out is not None
    credibility = 0.5 + 1.0
    np.testing.assert_allclose(
        out.stance, [0.0, 0.2 * credibility * 0.8 * -0.5, 0.2 * credibility * 0.4 * 0.5, 0.0],
        rtol=1e-15,
    )  # fmt: skip
    np.testing.assert_allclose(out.commitment, [0.0, -0.1 * 1.5 * 0.8, -0.1 * 1.5 * 0.4, 0.0])
    np.testing.assert_array_equal(out.stage, 0.5)  # publicity, not added up


@pytest.mark.parametrize("seed", range(12))
def test_dialogue_stages_one_participant_from_each_side(seed):
    # organiser 0 hears 1..6 (three on each side); 7..12 are strangers on both sides
    n = 13
    rows = np.zeros((n, n), dtype=int)
    rows[0, 1:7] = rows[1:7, 0] = 1
    rows[7:, 1] = 1
    x = np.array([0.0, 0.3, -0.2, 0.1, -0.4, 0.25, -0.05, 0.4, -0.4, 0.3, -0.3, 0.2, -0.1])
    out = _dialogue(x, 0.8, 1.5, [0], True, _adjacency(rows.tolist()), seed=seed)
    assert out is not None
    staged = np.flatnonzero(out.stage)
    assert staged.size == 3
    assert 0 in staged
    right, left = staged[x[staged] > 0], staged[x[staged] < 0]
    assert right.size == left.size == 1
    assert 1 <= right[0] <= 6
    assert 1 <= left[0] <= 6
    gap = x[left[0]] - x[right[0]]
    expected = np.zeros(n)
    expected[right[0]], expected[left[0]] = 0.2 * gap, -0.2 * gap
    np.testing.assert_allclose(out.stance, expected, rtol=1e-15)


@pytest.mark.parametrize("seed", range(6))
def test_dialogue_invites_a_stranger_when_one_side_is_unknown(seed):
    # organiser 0 knows only people on the right (1, 2); 3 and 4 are on the left
    adj = _adjacency([[0, 1, 1, 0, 0], [1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 1],
                      [0, 0, 0, 1, 0]])  # fmt: skip
    x = np.array([0.0, 0.3, 0.5, -0.4, -0.6])
    out = _dialogue(x, 0.8, 1.5, [0], True, adj, seed=seed)
    assert out is not None
    staged = np.flatnonzero(out.stage)
    assert staged.size == 3
    assert staged[0] == 0
    assert staged[1] in (1, 2)
    assert staged[2] in (3, 4)


def test_no_dialogue_is_staged_without_both_sides():
    x = np.array([0.0, 0.2, 0.3, 0.5])  # nobody on the left
    out = _dialogue(x, 0.8, 1.5, [0], True, _adjacency(STAGE))
    assert out is not None
    for field in ("stance", "commitment", "stage", "moralised", "support"):
        np.testing.assert_array_equal(getattr(out, field), 0.0)


@pytest.mark.parametrize("tone", [1.0, 0.25, 0.0])
def test_bridge_builder_in_the_middle_gives_the_uncommitted_a_voice(tone):
    # organiser 0 hears 1..4; 5 hears 0 but 0 does not hear 5
    rows = np.zeros((6, 6), dtype=int)
    rows[0, 1:5] = rows[1:5, 0] = 1
    rows[5, 0] = 1
    c = np.array([0.0, 0.1, 0.5, 0.29999, 0.3, 0.0])
    x = np.array([0.0, 0.1, 0.9, -0.2, -0.9, 0.1])
    tones = np.full(6, tone)
    out = _dialogue(x, 0.8, 1.5, [0], False, _adjacency(rows.tolist()), c=c, tone=tones)
    assert out is not None
    # below the joining commitment (strictly), among those the organiser hears
    np.testing.assert_array_equal(out.support, [0.0, 1.0, 0.0, 1.0, 0.0, 0.0])
    np.testing.assert_allclose(out.moralised, (1.0 - tone) * out.support, rtol=1e-15)
    for field in ("stance", "commitment", "stage"):  # no stage, no arbitration
        np.testing.assert_array_equal(getattr(out, field), 0.0)


@pytest.mark.parametrize("tone", [0.0, 0.25, 1.0])
def test_dialogue_tone_counts_as_moralising_contacts(tone):
    tones = np.array([tone, 1.0, 1.0, 1.0])  # only the organiser's tone matters
    out = _dialogue(np.array([0.0, 0.2, -0.3, 0.5]), 0.8, 1.5, [0], True, _adjacency(STAGE),
                    tone=tones)  # fmt: skip
    assert out is not None
    np.testing.assert_allclose(out.moralised, [0.0, 1 - tone, 1 - tone, 0.0], rtol=1e-15)


def test_a_moralising_dialogue_raises_the_salience_of_committed_participants_only():
    c = np.array([0.0, 0.8, 0.0, 0.5])
    s = np.full(4, 0.4)
    zero = np.zeros(4)
    rises = {}
    for tone in (0.0, 1.0):
        out = _dialogue(np.array([0.0, 0.2, -0.3, 0.5]), 0.8, 1.5, [0], True, _adjacency(STAGE),
                        c=c, tone=np.full(4, tone))  # fmt: skip
        assert out is not None
        new = mechanisms.salience_update(
            s, baseline=s, p=zero, r=zero, reframed=zero, near_incident=zero,
            moralised=out.moralised, c=c, **SALIENCE,
        )  # fmt: skip
        rises[tone] = new - s
    # the committed participant 1 feels judged; participant 2 has not joined in; 3 was absent
    np.testing.assert_allclose(rises[0.0], [0.0, 0.3 * 0.8 * 0.6, 0.0, 0.0], rtol=1e-14)
    np.testing.assert_array_equal(rises[1.0], 0.0)


def test_nothing_takes_place_without_acting_organisers():
    x = np.array([0.0, 0.2, -0.3, 0.5])
    adj = _adjacency(STAGE)
    assert _dialogue(x, 0.8, 1.5, [], True, adj) is None
    assert _dialogue(x, 0.8, 1.5, [0], True, adj, rate=0.0) is None


def test_organisers_act_with_probability_rate():
    # organiser i hears only person m + i, who has not joined in: supported iff i acts
    m = 4000
    rows = np.arange(m)
    A = sp.csr_array((np.ones(2 * m), (np.r_[rows, rows + m], np.r_[rows + m, rows])),
                     shape=(2 * m, 2 * m))  # fmt: skip
    adj = networks.prepare(A)
    n = 2 * m
    out = _dialogue(np.zeros(n), 0.8, 1.5, rows, False, adj, c=np.zeros(n), rate=0.3, seed=3)
    assert out is not None
    assert out.support[:m].sum() == 0
    acted = out.support[m:].sum()
    assert abs(acted - 0.3 * m) < 5 * np.sqrt(m * 0.3 * 0.7)


# ---------------------------------------------------------------------------------------------
# Online rewiring
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [400, 5000])  # both ways of picking who looks
def test_rewiring_replaces_only_rejected_accounts_by_own_side(n):
    gen = np.random.default_rng(3)
    x = gen.uniform(-1, 1, n)
    follows = _follows_without_self(gen, n, 6)
    before = follows.copy()
    t = np.full(n, 0.6)
    count = mechanisms.rewire_feeds(follows, x, t, rate=0.5, rng=gen)
    changed = follows != before
    rows, slots = np.nonzero(changed)
    assert rows.size > n // 20
    assert np.all(changed.sum(axis=1) <= 1)  # one look per person
    assert rows.size <= count
    assert np.all(np.abs(x[rows] - x[before[rows, slots]]) > t[rows])  # rejected
    assert np.all(np.sign(x[follows[rows, slots]]) == np.sign(x[rows]))  # own side
    assert not np.any(follows == np.arange(n)[:, None])


def test_rewiring_count_and_nothing_to_reject():
    gen = np.random.default_rng(4)
    n = 300
    x = np.where(np.arange(n) % 2 == 0, 0.8, -0.8)
    follows = _follows_without_self(gen, n, 4)
    before = follows.copy()
    # one's own side is never rejected here, so every replacement is a change
    count = mechanisms.rewire_feeds(follows, x, np.ones(n), rate=1.0, rng=gen)
    assert count == np.count_nonzero(follows != before) > 0
    after = follows.copy()
    assert mechanisms.rewire_feeds(follows, x, np.full(n, 2.0), rate=1.0, rng=gen) == 0
    assert mechanisms.rewire_feeds(follows, x, np.ones(n), rate=0.0, rng=gen) == 0
    np.testing.assert_array_equal(follows, after)
    empty = np.zeros((n, 0), dtype=np.int32)
    assert mechanisms.rewire_feeds(empty, x, np.ones(n), rate=1.0, rng=gen) == 0


@pytest.mark.parametrize("seed", range(8))
def test_rewiring_never_makes_anyone_follow_themselves(seed):
    # person 0 is alone on its side: its own side holds nobody but itself
    n = 8
    x = np.full(n, -0.8)
    x[0] = 0.8
    gen = np.random.default_rng(seed)
    follows = _follows_without_self(gen, n, 3)
    before = follows.copy()
    for _ in range(5):
        mechanisms.rewire_feeds(follows, x, np.ones(n), rate=1.0, rng=gen)
        assert not np.any(follows == np.arange(n)[:, None])
    np.testing.assert_array_equal(follows[0], before[0])  # it keeps whom it follows


def test_rewiring_same_seed_same_result():
    gen = np.random.default_rng(6)
    n = 500
    x, t = gen.uniform(-1, 1, n), np.full(n, 0.5)
    start = _follows_without_self(gen, n, 5)
    runs = []
    for _ in range(2):
        follows, rng = start.copy(), np.random.default_rng(77)
        counts = [mechanisms.rewire_feeds(follows, x, t, rate=0.3, rng=rng) for _ in range(3)]
        runs.append((follows, counts))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    assert runs[0][1] == runs[1][1]
    other = start.copy()
    mechanisms.rewire_feeds(other, x, t, rate=0.3, rng=np.random.default_rng(78))
    assert not np.array_equal(other, start)


# ---------------------------------------------------------------------------------------------
# The fused weekly pass
# ---------------------------------------------------------------------------------------------


def test_update_people_is_the_composition_of_the_mechanisms():
    gen = np.random.default_rng(20)
    n = 300
    adj = networks.small_world(n, 8, 0.2, rng=gen)
    degree = adj.degree.astype(float)
    # every parameter a different value, so that reading one for another shows
    prm = dict(
        zip(
            mechanisms.PARAM_ORDER, gen.uniform(0.05, 0.6, len(mechanisms.PARAM_ORDER)), strict=True
        )
    )
    x = gen.uniform(-1, 1, n)
    x[:5] = 0.0
    c, r0, tau0, s0, b = (gen.random(n) for _ in range(5))
    r = np.clip(r0 + gen.normal(0, 0.2, n), 0, 1)
    tau = np.clip(tau0 - gen.random(n) * 0.5, 0, 1)
    s = np.clip(s0 + gen.normal(0, 0.2, n), 0, 1)
    conviction = np.where(gen.random(n) < 0.1, gen.random(n), 0.0)
    u, t = mechanisms.latitudes(s, acceptance=0.5, rejection_gap=0.7, involvement=0.6)
    w = mechanisms.influence(b)
    organisers = gen.choice(n, size=30, replace=False)
    dialogue = mechanisms.apply_dialogue(
        x, c, tau, u, t, w, organisers, gen.random(n) < 0.5, np.round(gen.random(n)),
        adj.indptr, adj.indices, rate=0.7, influence_rate=0.2, publicity=0.5,
        commitment_effect=0.2, middle_commitment=0.3, rng=gen,
    )  # fmt: skip
    assert dialogue is not None
    assert np.any(dialogue.stance)
    assert np.any(dialogue.support)
    assert np.any(dialogue.moralised)
    v = mechanisms.visibility(x, c, floor=FLOOR, on_stage=np.zeros(n), stage=dialogue.stage)
    pub = mechanisms.publish(x, c, tau, v, w, floor=FLOOR, online_contrast=3.0)
    heard = mechanisms.gather(adj.indptr, adj.indices, pub, u, t)
    incidents = gen.random(n) < 0.02
    follows = _follows_without_self(gen, n, 5)
    seen = np.where(gen.random(n) < 0.3, gen.random(n), 1.0)  # some media literacy
    inputs = mechanisms.Inputs(
        heard=heard,
        media=gen.random(n) * 0.5,
        online=mechanisms.feed(follows, pub),
        seen=seen,
        shock=np.where(gen.random(n) < 0.3, 0.4, 0.0),
        trust=mechanisms.trust_near(
            gen.choice(n, size=15, replace=False), x, u, t, adj.in_indptr, adj.in_indices
        ),
        near_incident=mechanisms.count_near(incidents, adj.in_indptr, adj.in_indices),
        reframed=np.where(gen.random(n) < 0.3, gen.random(n), 0.0),
        moralised=dialogue.moralised,
        support=dialogue.support,
        dialogue_stance=dialogue.stance,
        dialogue_commitment=dialogue.commitment,
    )
    state = mechanisms.State(x=x, c=c, r=r, r0=r0, tau=tau, tau0=tau0, s=s, s0=s0, blame=b,
                             conviction=conviction, visibility=v, degree=degree)  # fmt: skip
    copies = {name: getattr(state, name).copy() for name in ("x", "c", "r", "tau", "s", "blame")}
    buffer = mechanisms.Week.empty(n)
    week = mechanisms.update_people(state, inputs, mechanisms.param_record(prm), out=buffer)
    assert week is buffer
    for name, value in copies.items():  # the state is read, not written
        np.testing.assert_array_equal(getattr(state, name), value)

    p = mechanisms.pressure(
        x, s, heard, media=inputs.media, online=seen * mechanisms.feed_exposure(follows, pub, x, s),
        shock=inputs.shock,
        trust=inputs.trust, offline_amplification=prm["offline_amplification"],
        media_amplification=prm["media_amplification"],
        online_amplification=prm["online_amplification"],
        key_figure_damping=prm["key_figure_damping"],
    )  # fmt: skip
    expected = {
        "pressure": p,
        "stance": mechanisms.stance_update(
            x, heard=heard[:, COL["heard"]], judged_pull=heard[:, COL["judged_pull"]], c=c, s=s,
            p=p, conviction=conviction, dialogue=dialogue.stance,
            influence_rate=prm["social_influence"], side_taking=prm["side_taking"],
        ),
        "commitment": mechanisms.commitment_update(
            c, p, r, conviction, gain=prm["commitment_gain"], decay=prm["commitment_decay"],
            dialogue=dialogue.commitment,
        ),
        "tolerance": mechanisms.tolerance_update(
            tau, c=c, p=p, baseline=tau0, erosion=prm["tolerance_erosion"],
            recovery=prm["tolerance_recovery"],
        ),
        "salience": mechanisms.salience_update(
            s, baseline=s0, p=p, r=r, reframed=inputs.reframed,
            near_incident=inputs.near_incident, moralised=inputs.moralised, c=c,
            gain=prm["salience_gain"], decay=prm["salience_decay"],
            incident_salience=prm["incident_salience"],
            moralising_salience=prm["moralising_salience"],
        ),
        "resilience": mechanisms.resilience_update(
            r, baseline=r0, support=inputs.support, gain=prm["support_gain"],
            relaxation=prm["resilience_relaxation"],
        ),
        "blame": mechanisms.blame_update(
            b, x=x, v=v, hostility=heard[:, COL["hostility"]], degree=degree,
            rate=prm["blame_rate"], decay=prm["blame_decay"],
        ),
        "incident_probability": mechanisms.incident_probability(
            x, c, s, heard, degree, hazard=prm["incident_hazard"]
        ),
    }  # fmt: skip
    for name, value in expected.items():
        np.testing.assert_array_equal(getattr(week, name), value, err_msg=name)
    # and nothing in it is trivial: every update moved somebody
    for name, before in (("stance", x), ("commitment", c), ("tolerance", tau), ("salience", s),
                         ("resilience", r), ("blame", b)):  # fmt: skip
        assert np.any(getattr(week, name) != before), name
    assert np.any(week.incident_probability > 0)
    assert np.any(week.pressure > 0)


def test_rewiring_follows_the_most_engaging_suggestion_on_ones_side():
    n, d = 400, 6
    gen = np.random.default_rng(31)
    x = gen.uniform(-1, 1, n)
    engagement = gen.random(n)
    follows = _follows_without_self(gen, n, d)
    before = follows.copy()
    rng = np.random.default_rng(9)
    replay = np.random.default_rng(9)
    mechanisms.rewire_feeds(follows, x, np.zeros(n), rate=1.0, rng=rng, engagement=engagement)
    # replay the draws: who looks, which slot, which suggestions
    who = replay.choice(n, size=replay.binomial(n, 1.0), replace=False)
    slot = replay.integers(0, d, size=who.size)
    tries = replay.integers(0, n, size=(who.size, mechanisms.REWIRE_TRIES))
    checked = 0
    for k, person in enumerate(who):
        if abs(x[person] - x[before[person, slot[k]]]) <= 0.0:
            continue
        same = tries[k][(x[tries[k]] >= 0) == (x[person] >= 0)]
        if same.size == 0 or same[np.argmax(engagement[same])] == person:
            continue
        assert follows[person, slot[k]] == same[np.argmax(engagement[same])]
        checked += 1
    assert checked > 300


def test_a_message_is_judged_like_any_voice():
    x = np.array([0.1, -0.6, 0.9, 0.0])
    u, t = np.full(4, 0.3), np.full(4, 0.7)
    weight = np.array([1.0, 1.0, 0.5, 0.0])
    dx, dc = mechanisms.hear_message(
        x, u, t, np.zeros(4), weight, influence_rate=0.2, commitment_effect=0.1
    )
    # within acceptance: drawn to the middle and calmed; in between: nothing; beyond
    # rejection: pushed away and hardened (half reached); not addressed: nothing
    np.testing.assert_allclose(dx, [0.2 * -0.1, 0.0, -0.5 * 0.2 * -0.9, 0.0], rtol=1e-15)
    np.testing.assert_allclose(dc, [-0.1, 0.0, 0.05, 0.0], rtol=1e-15)


def test_conviction_damps_what_a_dialogue_does_to_commitment():
    c = np.array([0.9, 0.9, 0.5])
    zeta = np.array([0.9, 0.5, 0.0])
    new = mechanisms.commitment_update(
        c, np.zeros(3), np.ones(3), zeta, gain=0.5, decay=0.0, dialogue=np.full(3, -0.2)
    )
    np.testing.assert_allclose(new, [0.9 - 0.1 * 0.2, 0.9 - 0.5 * 0.2, 0.5 - 0.2], rtol=1e-14)


# -- the media's coverage, compiled: the same numbers as the per-outlet code ------------------


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 127, 128, 129, 200, 257, 400, 1000, 4097, 8192])
def test_compiled_sum_is_numpys_pairwise_sum_bit_for_bit(n):
    from polsim.measures import pairwise_sum

    gen = np.random.default_rng(n)
    values = gen.random(n) ** 3 * 1e3 - 10.0
    padded = np.concatenate([gen.random(3), values])
    assert pairwise_sum(values, 0, n) == np.sum(values)
    assert pairwise_sum(padded, 3, n) == np.sum(values)


@pytest.mark.parametrize("seed", range(4))
def test_covering_all_outlets_at_once_equals_covering_each_in_turn(seed):
    from polsim.model.media import MediaOutlet, cover_all

    gen = np.random.default_rng(seed)
    n = 500
    x = np.clip(gen.normal(0, 0.5, n), -1, 1)
    x[:20] = 0.0  # on neither side
    v, w = gen.random(n), gen.random(n)

    def outlets():
        return [MediaOutlet(f"o{k}", contrast=1.0 + k, followers=np.ones(n, bool),
                            restraint=0.25 * k) for k in range(3)]  # fmt: skip

    each, together = outlets(), outlets()
    rng_each, rng_together = np.random.default_rng(9), np.random.default_rng(9)
    for o in each:
        who = rng_each.integers(0, n, size=300)
        a, e = mechanisms.attention(x[who], v[who], w[who], floor=FLOOR, contrast=o.contrast)
        shown = [mechanisms.channel_exposure(a[s], e[s]) for s in (x[who] > 0, x[who] < 0)]
        o.coverage = (1.0 - o.restraint) * float(np.mean(shown))
    cover_all(together, x, v, w, floor=FLOOR, sample=300, rng=rng_together)
    assert [o.coverage for o in together] == [o.coverage for o in each]
    assert rng_each.random() == rng_together.random()  # the same draws were used


def test_a_side_nobody_in_the_sample_stands_on_is_left_out():
    from polsim.model.media import MediaOutlet

    outlet = MediaOutlet("o", contrast=2.0, followers=np.ones(4, bool))
    x = np.array([0.5, 0.8, 0.0, 0.2])
    v = np.array([0.5, 1.0, 0.3, 0.2])
    coverage = outlet.cover(x, v, np.ones(4), floor=FLOOR, sample=50, rng=np.random.default_rng(1))
    a, e = mechanisms.attention(x, v, np.ones(4), floor=FLOOR, contrast=2.0)
    who = np.random.default_rng(1).integers(0, 4, size=50)
    right = who[x[who] > 0]
    assert coverage == pytest.approx(e[right].sum() / a[right].sum(), rel=1e-12)


@pytest.mark.parametrize("outlets", [1, 3, 8, 9])
def test_the_readership_lookup_is_the_mean_coverage_of_the_outlets_followed(outlets):
    """Bit for bit media_exposure, whether patterns are numbered by their bits (up to eight
    outlets) or found by sorting (more)."""
    from polsim.model.media import MediaOutlet, Readership, media_exposure

    gen = np.random.default_rng(outlets)
    media = [MediaOutlet(f"o{k}", contrast=2.0, followers=gen.random(2000) < 0.4,
                         coverage=float(gen.random())) for k in range(outlets)]  # fmt: skip
    readership = Readership()
    assert np.array_equal(readership.exposure(media), media_exposure(media, 2000))
    media[0].coverage = 0.123  # a new week: the same patterns, new coverage
    assert np.array_equal(readership.exposure(media), media_exposure(media, 2000))
    media[-1].followers = gen.random(2000) < 0.9  # a new array: patterns found again
    assert np.array_equal(readership.exposure(media), media_exposure(media, 2000))


def test_each_input_is_read_where_it_is_declared_whether_given_per_person_or_once():
    """Each input in turn given per person while the others are given once (length 1) gives
    exactly the week of every input given per person: a kernel that read an input's
    per-person flag from another input's place would read out of place here."""
    gen = np.random.default_rng(8)
    n = 60
    state, common = _kernel_case(gen, n)
    params = mechanisms.param_record(
        dict(zip(mechanisms.PARAM_ORDER, gen.uniform(0.05, 0.6, len(mechanisms.PARAM_ORDER)),
                 strict=True))
    )  # fmt: skip
    # a value per input that is not its neutral one, the same for everybody
    once = {
        k: np.full(1, 0.3 + 0.05 * j) for j, k in enumerate(mechanisms.INPUTS_PER_PERSON_OR_ALL)
    }
    for name in mechanisms.INPUTS_PER_PERSON_OR_ALL:
        varying = once[name] * gen.uniform(0.5, 1.5, n)  # differs from person to person
        full = {k: np.repeat(a, n) for k, a in once.items()}
        expected = mechanisms.update_people(
            state, mechanisms.Inputs(**common, **{**full, name: varying}), params
        )
        week = mechanisms.update_people(
            state, mechanisms.Inputs(**common, **{**once, name: varying}), params
        )
        np.testing.assert_array_equal(week.table, expected.table, err_msg=name)
