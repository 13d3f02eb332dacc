r"""Mechanisms of the Brandsma polarisation model as pure, vectorised kernels.

One model step is one week. Each function below is one mechanism: a pure function of state
arrays (and a :class:`numpy.random.Generator` where it draws), with its equation in the
docstring and its source in ``docs/odd.md``. :class:`polsim.PolarisationModel` calls them in
the documented order; researchers can call them directly or replace one.

Notation: stance :math:`x_i \in [-1, 1]`, commitment :math:`c_i`, resilience :math:`r_i`,
tolerance of the middle :math:`\tau_i`, blame :math:`b_i \ge 0`, influence :math:`w_i`,
visibility :math:`v_i`, all in [0, 1] unless stated; :math:`A` is the offline network
(:math:`A_{ij} = 1`: *i* hears *j*), :math:`k_i` the degree.

What each person hears is gathered in one pass over the network (:func:`gather`), because the
per-person sums over neighbours are the expensive part of a step; every other kernel works on
those sums.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit, prange, vectorize
from numpy.typing import NDArray

from polsim.dynamics._loops import judgement

__all__ = [
    "HEARD_FIELDS",
    "ONLINE_FIELDS",
    "SPEECH_FIELDS",
    "Public",
    "apply_dialogue",
    "attention",
    "blame_update",
    "channel_exposure",
    "commitment_update",
    "count_near",
    "draw_incidents",
    "feed_exposure",
    "gather",
    "incidents_from",
    "influence",
    "latitudes",
    "pressure",
    "publish",
    "rewire_feeds",
    "stance_update",
    "tolerance_update",
    "update_people",
    "visibility",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.integer]

#: Columns of :attr:`Public.speech`: what neighbours hear of each person. Hostility to the
#: middle, c (1 - tau) >= 0, is stored signed by the person's side, so one column gives both
#: the hostility around a person and the hostility on the other side.
SPEECH_FIELDS = ("stance", "attention", "exposure", "signed_hostility")
#: Columns of :attr:`Public.online`: what a feed shows of each person.
ONLINE_FIELDS = ("online_attention", "online_exposure")
#: Columns of the array :func:`gather` returns for each person.
HEARD_FIELDS = ("heard", "visible_extremity", "judged_pull", "hostility", "signed_hostility",
                "neighbour_stance")  # fmt: skip

#: Draws per rewiring person to find somebody on its own side (see :func:`rewire_feeds`).
REWIRE_TRIES = 16

#: Tension enters the incident hazard squared: isolated friction rarely erupts, sustained
#: friction with many committed opposites does (a convex dose-response; rationale).
TENSION_EXPONENT = 2.0


def visibility(
    x: FloatArray,
    c: FloatArray,
    *,
    floor: float,
    bridge: NDArray[np.bool_],
    bridge_visibility: float,
    publicity: FloatArray,
) -> FloatArray:
    r"""Brandsma's line of visibility.

    .. math:: v_i = \min\!\left(1,\; \max\!\big(c_i\,(\nu_0 + (1-\nu_0)|x_i|),\;
              \nu_{bb}[i \in BB]\big) + \pi_i\right)

    Visibility grows with commitment (who joins in speaks up) and with distance from the
    middle (who shows colour gains an audience); bridge builders stand up in public whatever
    their stance; ``publicity`` :math:`\pi_i` is the stage a dialogue gives this week.
    """
    return _visibility(x, c, bridge, publicity, floor, bridge_visibility)


def attention(
    x: FloatArray, v: FloatArray, w: FloatArray, *, floor: float, contrast: float
) -> tuple[FloatArray, FloatArray]:
    r"""Attention a channel gives each voice, and the visible extremity it carries.

    .. math:: a_j = w_j (\nu_0 + v_j)^{\kappa}, \qquad
              e_j = a_j \frac{v_j}{\nu_0 + v_j} |x_j|

    :math:`\kappa` is the channel's contrast: 1 for what neighbours hear face to face, larger
    for media and engagement-ranked feeds, which give the loud and extreme more room. A channel's
    exposure is :math:`\sum e / \sum a` over the voices it carries (:func:`channel_exposure`):
    the share of what one hears that is visible us-versus-them talk, weighted by how extreme.
    """
    return (
        _attention(x, v, w, floor, contrast),
        _exposure(x, v, w, floor, contrast),
    )


def channel_exposure(a: FloatArray, e: FloatArray) -> float:
    """Exposure of one channel over the voices it carries: sum(e) / sum(a), 0 if silent."""
    total = float(np.sum(a))
    return float(np.sum(e)) / total if total > 0 else 0.0


def _aligned(n: int, width: int, align: int = 32) -> NDArray[np.float32]:
    """An uninitialised ``(n, width)`` float32 array whose start is ``align``-byte aligned."""
    raw = np.empty(n * width + align // 4, dtype=np.float32)
    skip = (-raw.ctypes.data % align) // 4
    return raw[skip : skip + n * width].reshape(n, width)


@dataclass(frozen=True, slots=True)
class Public:
    """What each person shows the others this week (see :func:`publish`).

    Single precision, in three compact arrays, because the passes over the network are
    bound by memory traffic: a neighbour's row of ``speech`` is 16 bytes and never straddles a
    cache line. Seven significant digits are far below anything the model can resolve.
    """

    speech: NDArray[np.float32]
    online: NDArray[np.float32]

    @classmethod
    def empty(cls, n: int) -> Public:
        """Buffers for ``n`` people."""
        return cls(speech=_aligned(n, len(SPEECH_FIELDS)), online=_aligned(n, len(ONLINE_FIELDS)))


@njit(cache=True, parallel=True)
def _publish(x, c, tau, v, w, floor, online_contrast, speech, online):  # pragma: no cover
    for i in prange(x.shape[0]):
        a, e = _voice(x[i], v[i], w[i], floor, 1.0)
        a_on, e_on = _voice(x[i], v[i], w[i], floor, online_contrast)
        hostility = c[i] * (1.0 - tau[i])
        speech[i, 0] = x[i]
        speech[i, 1] = a
        speech[i, 2] = e
        speech[i, 3] = hostility if x[i] > 0.0 else (-hostility if x[i] < 0.0 else 0.0)
        online[i, 0] = a_on
        online[i, 1] = e_on


def publish(
    x: FloatArray,
    c: FloatArray,
    tau: FloatArray,
    v: FloatArray,
    w: FloatArray,
    *,
    floor: float,
    online_contrast: float,
    out: Public | None = None,
) -> Public:
    r"""What each person shows the others this week.

    ``speech``: stance :math:`x_j`, offline attention :math:`a_j` and visible extremity
    :math:`e_j` (:func:`attention` at contrast 1) and hostility to the middle signed by side,
    :math:`\operatorname{sgn}(x_j)\, c_j (1 - \tau_j)`; ``online``: attention and visible
    extremity at the online contrast.
    """
    if out is None:
        out = Public.empty(x.size)
    _publish(x, c, tau, v, w, floor, online_contrast, out.speech, out.online)
    return out


@njit(cache=True, parallel=True)
def _gather(indptr, indices, speech, u, t, out):  # pragma: no cover - compiled
    n = indptr.shape[0] - 1
    for i in prange(n):
        xi = np.float64(speech[i, 0])
        heard = 0.0
        loud = 0.0
        pull = 0.0
        hostile = 0.0
        signed = 0.0
        nbr = 0.0
        ui = u[i]
        ti = t[i]
        for p in range(indptr[i], indptr[i + 1]):
            j = indices[p]
            xj = np.float64(speech[j, 0])
            a = np.float64(speech[j, 1])
            h = np.float64(speech[j, 3])
            d = xj - xi
            heard += a
            loud += speech[j, 2]
            pull += a * judgement(d, ui, ti) * d
            hostile += abs(h)
            signed += h
            nbr += xj
        out[i, 0] = heard
        out[i, 1] = loud
        out[i, 2] = pull
        out[i, 3] = hostile
        out[i, 4] = signed
        out[i, 5] = nbr


def gather(
    indptr: IntArray,
    indices: IntArray,
    public: Public,
    u: FloatArray,
    t: FloatArray,
    out: FloatArray | None = None,
) -> FloatArray:
    r"""What each person hears from its offline neighbours this week.

    ``public`` comes from :func:`publish`. Returns an ``(n, 6)`` array with the columns of
    :data:`HEARD_FIELDS`:

    .. math::
        H_i = \sum_j A_{ij} a_j, \quad
        L_i = \sum_j A_{ij} e_j, \quad
        J_i = \sum_j A_{ij} a_j\, \sigma(x_j - x_i; U_i, T_i)\,(x_j - x_i), \\
        Q_i = \sum_j A_{ij} c_j (1 - \tau_j), \quad
        Q^s_i = \sum_j A_{ij} \operatorname{sgn}(x_j)\, c_j (1 - \tau_j), \quad
        M_i = \sum_j A_{ij} x_j

    where :math:`\sigma` is the social-judgement response (+1 assimilate within the latitude
    of acceptance :math:`U_i`, -1 contrast beyond the latitude of rejection :math:`T_i`, 0 in
    between), the same function as in :func:`polsim.dynamics.classic.jager_amblard`. The
    hostility of the neighbours on the other side follows as
    :math:`O_i = \tfrac12 (Q_i - \operatorname{sgn}(x_i) Q^s_i)` (people at exactly
    :math:`x = 0` belong to no side and add no hostility). Rows run in parallel; the result
    does not depend on the number of threads.
    """
    n = indptr.shape[0] - 1
    if out is None:
        out = np.empty((n, len(HEARD_FIELDS)))
    _gather(indptr, indices, public.speech, u, t, out)
    return out


@njit(cache=True, parallel=True)
def _feed(follows, online, out):  # pragma: no cover - compiled
    n, d = follows.shape
    for i in prange(n):
        sa = 0.0
        se = 0.0
        for k in range(d):
            j = follows[i, k]
            sa += online[j, 0]
            se += online[j, 1]
        out[i] = se / sa if sa > 0.0 else 0.0


def feed_exposure(follows: IntArray, public: Public) -> FloatArray:
    r"""Online exposure: :math:`o_i = \sum_k e_{F_{ik}} / \sum_k a_{F_{ik}}` over the accounts
    person *i* follows (the rows of ``follows``), with :math:`a, e` the online attention and
    visible extremity of :func:`publish` (an engagement-ranked feed). 0 for a person who
    follows nobody or only silent accounts."""
    n = follows.shape[0]
    out = np.zeros(n)
    if follows.shape[1]:
        _feed(follows, public.online, out)
    return out


@njit(cache=True)
def _count_near(flagged, in_indptr, in_indices, out):  # pragma: no cover - compiled
    for j in flagged:
        for p in range(in_indptr[j], in_indptr[j + 1]):
            out[in_indices[p]] += 1.0


def count_near(flags: NDArray[np.bool_], in_indptr: IntArray, in_indices: IntArray) -> FloatArray:
    r"""For each person, how many flagged people it hears: :math:`\sum_j A_{ij} f_j`.

    Works from the flagged people outwards (``in_indptr``/``in_indices`` list who hears each
    person), so it costs the ties of the flagged only — incidents and key figures are few.
    """
    out = np.zeros(flags.size)
    flagged = np.flatnonzero(flags)
    if flagged.size:
        _count_near(flagged, in_indptr, in_indices, out)
    return out


def pressure(
    *,
    offline: FloatArray,
    media: FloatArray,
    online: FloatArray,
    shock: FloatArray,
    incidents_near: FloatArray,
    key_figures_near: FloatArray,
    offline_amplification: float,
    media_amplification: float,
    online_amplification: float,
    incident_feedback: float,
    key_figure_damping: float,
) -> FloatArray:
    r"""Polarisation pressure felt by each person this week.

    .. math:: P_i = \operatorname{clip}_{[0,1]}\!\big(\alpha_s s_i + \alpha_m m_i + \alpha_o o_i
              + \text{shock}_i + \iota\, I_i\big)\,\big(1 - \delta_{kf} \min(1, K_i)\big)

    :math:`s_i = L_i / H_i` is the visible extremity among one's neighbours, :math:`m_i` and
    :math:`o_i` the exposure through followed media outlets and the online feed, ``shock`` an
    external event, :math:`I_i` incidents at oneself or a neighbour last week (escalation), and
    a key figure nearby (:math:`K_i \ge 1`, counting oneself) takes away the share
    :math:`\delta_{kf}` (de-escalation inside the community).
    """
    return _pressure(
        offline, media, online, shock, incidents_near, key_figures_near,
        offline_amplification, media_amplification, online_amplification,
        incident_feedback, key_figure_damping,
    )  # fmt: skip


def commitment_update(
    c: FloatArray,
    p: FloatArray,
    r: FloatArray,
    conviction: FloatArray,
    *,
    gain: float,
    decay: float,
    dialogue: FloatArray | float = 0.0,
) -> FloatArray:
    r"""Brandsma's primary choice: join in or not.

    .. math:: c_i \leftarrow \operatorname{clip}_{[0,1]}\big(c_i + \gamma (P_i - r_i)^+ (1 - c_i)
              - \lambda (1 - P_i)(1 - \zeta_i)\, c_i + \Delta^{dlg}_i\big)

    Pressure above one's resilience :math:`r_i` draws one in; low pressure lets commitment fade,
    except for the conviction :math:`\zeta_i` of those certain of their moral right;
    :math:`\Delta^{dlg}` is the effect of a dialogue (:func:`apply_dialogue`).
    """
    return _commitment(c, p, r, conviction, dialogue, gain, decay)


def latitudes(
    c: FloatArray, *, acceptance: float, rejection: float, narrowing: float, widening: float
) -> tuple[FloatArray, FloatArray]:
    r"""Latitudes of acceptance and rejection under ego-involvement (Sherif & Hovland 1961).

    .. math:: U_i = U_0 (1 - \theta_U c_i), \qquad T_i = \max\big(U_i, T_0 (1 - \theta_T c_i)\big)

    The committed accept less and reject more: commitment pushes a person from the
    uniformity regime of Jager & Amblard (2005) towards their bipolarisation regime.
    """
    return (
        _acceptance(c, acceptance, narrowing),
        _rejection(c, acceptance, narrowing, rejection, widening),
    )


def stance_update(
    x: FloatArray,
    *,
    heard: FloatArray,
    judged_pull: FloatArray,
    c: FloatArray,
    p: FloatArray,
    conviction: FloatArray,
    dialogue: FloatArray,
    influence_rate: float,
    side_taking: float,
) -> FloatArray:
    r"""Stance moves by social judgement of what one hears, and by taking a side.

    .. math:: x_i \leftarrow \operatorname{clip}_{[-1,1]}\Big(x_i + (1-\zeta_i)\big[\mu
              \tfrac{J_i}{H_i} + \phi\, P_i \big(\operatorname{sgn}(x_i)\, c_i - x_i\big)\big]
              + \Delta^{dlg}_i\Big)

    :math:`J_i / H_i` is the attention-weighted social-judgement pull (assimilation towards
    accepted voices, contrast away from rejected ones: Jager & Amblard 2005, in its weekly
    mean-field form); the second term is Brandsma's line of visibility under pressure: a person
    takes the position its commitment implies on the side it leans to — the joiner picks a side
    but stays within the tension field, only the fully committed stand at the pole — and the
    uncommitted drift back to the middle. :math:`\Delta^{dlg}` is the effect of dialogues.
    """
    return _stance(x, heard, judged_pull, c, p, conviction, dialogue, influence_rate, side_taking)


def tolerance_update(
    tau: FloatArray,
    *,
    c: FloatArray,
    p: FloatArray,
    baseline: FloatArray,
    key_figures_near: FloatArray,
    erosion: float,
    recovery: float,
    key_figure_rate: float,
) -> FloatArray:
    r"""Tolerance of the middle position.

    .. math:: \tau_i \leftarrow \operatorname{clip}_{[0,1]}\big(\tau_i - \kappa c_i P_i \tau_i
              + \lambda (1 - c_i)(\tau^0_i - \tau_i) + \rho_{kf} \min(1, K_i)(1 - \tau_i)\big)

    Pressure erodes the committed's tolerance of the middle (Brandsma: as pressure rises,
    tolerance of the middle falls to zero); the uncommitted drift back to their baseline; a key
    figure nearby restores it.
    """
    return _tolerance(tau, c, p, baseline, key_figures_near, erosion, recovery, key_figure_rate)


def blame_update(
    b: FloatArray,
    *,
    x: FloatArray,
    v: FloatArray,
    hostility: FloatArray,
    degree: FloatArray,
    rate: float,
    decay: float,
) -> FloatArray:
    r"""Scapegoating: blame from intolerant committed neighbours lands on visible middle people.

    .. math:: b_i \leftarrow (1 - \lambda_b)\, b_i + \beta\, (1 - |x_i|)\, v_i\,
              \frac{Q_i}{k_i}, \qquad Q_i = \sum_j A_{ij} c_j (1 - \tau_j)

    Blame is sought in the middle (:math:`1 - |x_i|`) and goes where visibility is
    (:math:`v_i`): nothing names the bridge builder, yet standing up in public in the middle
    makes one the first candidate (Brandsma).
    """
    return _blame(b, x, v, hostility, degree, rate, decay)


def influence(b: FloatArray, *, loss: float) -> FloatArray:
    r"""Influence (trust) left after blame: :math:`w_i = 1 / (1 + \psi b_i)`; a scapegoat's
    voice counts for less in what others hear."""
    return _influence(b, loss)


def draw_incidents(
    x: FloatArray,
    c: FloatArray,
    hostility: FloatArray,
    signed_hostility: FloatArray,
    degree: FloatArray,
    *,
    hazard: float,
    rng: np.random.Generator,
) -> NDArray[np.bool_]:
    r"""Incidents from local tension between committed opposites.

    .. math:: \theta_i = c_i \frac{O_i}{k_i}, \quad
              O_i = \tfrac12\big(Q_i - \operatorname{sgn}(x_i)\, Q^s_i\big), \qquad
              \Pr(\text{incident at } i) = 1 - \exp\!\big(-h\, \theta_i^{2}\big)

    :math:`O_i` is the hostility of the neighbours on the other side, :math:`\sum_{j}
    A_{ij} c_j (1 - \tau_j) [x_i x_j < 0]` (from :func:`gather`'s :math:`Q_i` and
    :math:`Q^s_i`), so :math:`\theta_i \in [0, 1]`: a committed person among committed
    opponents who no longer tolerate anything in between. Draws one uniform number per person
    (:func:`incidents_from`).
    """
    prob = _incident_probability(x, c, hostility, signed_hostility, degree, hazard)
    return incidents_from(prob, rng)


def incidents_from(prob: FloatArray, rng: np.random.Generator) -> NDArray[np.bool_]:
    """Draw incidents given each person's probability: one uniform number per person (single
    precision: a resolution of 2^-24 is far below any incident probability that matters)."""
    return rng.random(prob.size, dtype=np.float32) < prob


def apply_dialogue(
    x: FloatArray,
    u: FloatArray,
    t: FloatArray,
    organisers: IntArray,
    indptr: IntArray,
    indices: IntArray,
    *,
    rate: float,
    influence_rate: float,
    publicity: float,
    commitment_effect: float,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray, FloatArray] | None:
    r"""Bridge builders organise dialogue between the poles of their community.

    Each organiser holds a dialogue this week with probability ``rate``. It invites one of
    its neighbours from each side (:math:`x > 0` and :math:`x < 0`; anybody on that side if it
    knows nobody there). Each participant judges the other by its own latitudes, exactly as in
    :func:`gather`:

    .. math:: \Delta x_p = \mu_d\, \sigma(x_q - x_p; U_p, T_p)\,(x_q - x_p)

    so dialogue narrows the gap when the two are within each other's acceptance (a calm city)
    and widens it when they are beyond each other's rejection (a polarised one): Brandsma's
    backfire follows from social judgement, it is not assumed. The same judgement moves
    commitment: an accepted meeting with the other side calms (contact reduces prejudice,
    Allport 1954), a rejected one hardens,

    .. math:: \Delta c_p = -\chi\, \sigma(x_q - x_p; U_p, T_p).

    Participants and organiser get ``publicity`` this week (they are on stage), which feeds
    pressure and blame through :func:`visibility`.

    Returns the stance change, the commitment change and the publicity of each person, or
    None when no dialogue took place.
    """
    n = x.size
    if organisers.size == 0:
        return None
    held = organisers[rng.random(organisers.size) < rate]
    pos, neg = np.flatnonzero(x > 0), np.flatnonzero(x < 0)
    if held.size == 0 or pos.size == 0 or neg.size == 0:
        return None
    delta = np.zeros(n)
    dc = np.zeros(n)
    stage = np.zeros(n)
    draws = rng.random((held.size, 2))
    pairs = np.empty((held.size, 2), dtype=np.int64)
    for k, organiser in enumerate(held):
        community = indices[indptr[organiser] : indptr[organiser + 1]]
        for col, (side, everyone) in enumerate(((x[community] > 0, pos), (x[community] < 0, neg))):
            pool = community[side] if side.any() else everyone
            pairs[k, col] = pool[int(draws[k, col] * pool.size)]
    a, q = pairs[:, 0], pairs[:, 1]
    gap = x[q] - x[a]
    sense_a = _sense(gap, u[a], t[a])
    sense_q = _sense(-gap, u[q], t[q])
    np.add.at(delta, a, influence_rate * sense_a * gap)
    np.add.at(delta, q, -influence_rate * sense_q * gap)
    np.add.at(dc, a, -commitment_effect * sense_a)
    np.add.at(dc, q, -commitment_effect * sense_q)
    for who in (a, q, held):
        np.maximum.at(stage, who, publicity)
    return delta, dc, stage


def rewire_feeds(
    follows: IntArray,
    x: FloatArray,
    t: FloatArray,
    *,
    rate: float,
    rng: np.random.Generator,
) -> int:
    r"""Homophilous rewiring of the online layer (unfollowing), in place.

    Each week each person, with probability ``rate``, looks at one random account it follows;
    if that account's stance is beyond its latitude of rejection (:math:`|x_i - x_j| > T_i`)
    it unfollows it and follows a random person on its own side instead. Echo chambers grow
    from this (Sasahara et al. 2021). Returns the number of accounts replaced.
    """
    n, d = follows.shape
    if d == 0 or rate <= 0:
        return 0
    # The same as one coin per person, without n draws: how many look, then who.
    who = (
        rng.choice(n, size=rng.binomial(n, rate), replace=False)
        if n < 4096
        else np.unique(rng.integers(0, n, size=rng.binomial(n, rate)))
    )
    if who.size == 0:
        return 0
    slot = rng.integers(0, d, size=who.size)
    current = follows[who, slot]
    drop = np.abs(x[who] - x[current]) > t[who]
    who, slot = who[drop], slot[drop]
    if who.size == 0:
        return 0
    # A random person on one's own side, by rejection sampling (the first of up to
    # REWIRE_TRIES uniform draws on the right side is uniform over that side); whoever finds
    # nobody in that many tries keeps the account this week.
    tries = rng.integers(0, n, size=(who.size, REWIRE_TRIES))
    same = (x[tries] >= 0) == (x[who] >= 0)[:, None]
    found = same.any(axis=1)
    new = tries[np.arange(who.size), same.argmax(axis=1)].astype(follows.dtype)
    who, slot, new = who[found], slot[found], new[found]
    keep = new != who  # never follow oneself
    follows[who[keep], slot[keep]] = new[keep]
    return int(keep.sum())


# ---------------------------------------------------------------------------------------------
# Per-person equations. Each mechanism is written once, as a scalar function; the public
# functions above apply it through a numpy ufunc, and the model applies them all in one fused
# pass (:func:`update_people`), which reads each array once.
# ---------------------------------------------------------------------------------------------

_UFUNC = {"cache": True, "nopython": True}


@njit(cache=True, inline="always")
def _power(base, k):  # pragma: no cover - compiled
    """base**k, with the usual whole exponents done by multiplication (pow is ~10x dearer)."""
    if k == 1.0:
        return base
    if k == 2.0:
        return base * base
    if k == 3.0:
        return base * base * base
    return base**k


@njit(cache=True, inline="always")
def _voice(x, v, w, floor, contrast):  # pragma: no cover - compiled
    """(attention, visible extremity) of one voice: see :func:`attention`."""
    base = floor + v
    a = w * _power(base, contrast)
    e = a * (v / base) * abs(x) if base > 0.0 else 0.0
    return a, e


@njit(cache=True, inline="always")
def _visibility_s(x, c, bridge, publicity, floor, bridge_visibility):  # pragma: no cover
    v = c * (floor + (1.0 - floor) * abs(x))
    if bridge:
        v = max(v, bridge_visibility)
    return min(1.0, v + publicity)


@njit(cache=True, inline="always")
def _pressure_s(s, m, o, shock, inc, keys, a_s, a_m, a_o, iota, damp):  # pragma: no cover
    raw = a_s * s + a_m * m + a_o * o + shock + iota * inc
    return min(1.0, max(0.0, raw)) * (1.0 - damp * min(1.0, keys))


@njit(cache=True, inline="always")
def _commitment_s(c, p, r, conviction, dialogue, gain, decay):  # pragma: no cover
    rise = gain * max(p - r, 0.0) * (1.0 - c)
    fade = decay * (1.0 - p) * (1.0 - conviction) * c
    return min(1.0, max(0.0, c + rise - fade + dialogue))


@njit(cache=True, inline="always")
def _acceptance_s(c, acceptance, narrowing):  # pragma: no cover
    return acceptance * (1.0 - narrowing * c)


@njit(cache=True, inline="always")
def _rejection_s(c, acceptance, narrowing, rejection, widening):  # pragma: no cover
    return max(_acceptance_s(c, acceptance, narrowing), rejection * (1.0 - widening * c))


@njit(cache=True, inline="always")
def _stance_s(x, heard, pull, c, p, conviction, dialogue, mu, phi):  # pragma: no cover
    judged = pull / heard if heard > 0.0 else 0.0
    side = 1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0)
    moved = x + (1.0 - conviction) * (mu * judged + phi * p * (side * c - x)) + dialogue
    return min(1.0, max(-1.0, moved))


@njit(cache=True, inline="always")
def _tolerance_s(tau, c, p, baseline, keys, erosion, recovery, kf_rate):  # pragma: no cover
    erode = erosion * c * p * tau
    recover = recovery * (1.0 - c) * (baseline - tau)
    kf = kf_rate * min(1.0, keys) * (1.0 - tau)
    return min(1.0, max(0.0, tau - erode + recover + kf))


@njit(cache=True, inline="always")
def _blame_s(b, x, v, hostility, degree, rate, decay):  # pragma: no cover
    share = hostility / degree if degree > 0.0 else 0.0
    return (1.0 - decay) * b + rate * (1.0 - abs(x)) * v * share


@njit(cache=True, inline="always")
def _influence_s(b, loss):  # pragma: no cover
    return 1.0 / (1.0 + loss * b)


@njit(cache=True, inline="always")
def _incident_probability_s(x, c, hostility, signed, degree, hazard):  # pragma: no cover
    side = 1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0)
    opposition = 0.5 * (hostility - side * signed) if side != 0.0 else 0.0
    tension = c * opposition / degree if degree > 0.0 else 0.0
    return -math.expm1(-hazard * _power(tension, TENSION_EXPONENT))


@vectorize(**_UFUNC)
def _sense(d, u, t):  # pragma: no cover
    """The social-judgement response of ``_loops.judgement``, as a ufunc (for dialogues)."""
    return judgement(d, u, t)


@vectorize(**_UFUNC)
def _visibility(x, c, bridge, publicity, floor, bridge_visibility):  # pragma: no cover
    return _visibility_s(x, c, bridge, publicity, floor, bridge_visibility)


@vectorize(**_UFUNC)
def _attention(x, v, w, floor, contrast):  # pragma: no cover
    return _voice(x, v, w, floor, contrast)[0]


@vectorize(**_UFUNC)
def _exposure(x, v, w, floor, contrast):  # pragma: no cover
    return _voice(x, v, w, floor, contrast)[1]


@vectorize(**_UFUNC)
def _pressure(s, m, o, shock, inc, keys, a_s, a_m, a_o, iota, damp):  # pragma: no cover
    return _pressure_s(s, m, o, shock, inc, keys, a_s, a_m, a_o, iota, damp)


@vectorize(**_UFUNC)
def _commitment(c, p, r, conviction, dialogue, gain, decay):  # pragma: no cover
    return _commitment_s(c, p, r, conviction, dialogue, gain, decay)


@vectorize(**_UFUNC)
def _acceptance(c, acceptance, narrowing):  # pragma: no cover
    return _acceptance_s(c, acceptance, narrowing)


@vectorize(**_UFUNC)
def _rejection(c, acceptance, narrowing, rejection, widening):  # pragma: no cover
    return _rejection_s(c, acceptance, narrowing, rejection, widening)


@vectorize(**_UFUNC)
def _stance(x, heard, pull, c, p, conviction, dialogue, mu, phi):  # pragma: no cover
    return _stance_s(x, heard, pull, c, p, conviction, dialogue, mu, phi)


@vectorize(**_UFUNC)
def _tolerance(tau, c, p, baseline, keys, erosion, recovery, kf_rate):  # pragma: no cover
    return _tolerance_s(tau, c, p, baseline, keys, erosion, recovery, kf_rate)


@vectorize(**_UFUNC)
def _blame(b, x, v, hostility, degree, rate, decay):  # pragma: no cover
    return _blame_s(b, x, v, hostility, degree, rate, decay)


@vectorize(**_UFUNC)
def _influence(b, loss):  # pragma: no cover
    return _influence_s(b, loss)


@vectorize(**_UFUNC)
def _incident_probability(x, c, hostility, signed, degree, hazard):  # pragma: no cover
    return _incident_probability_s(x, c, hostility, signed, degree, hazard)


@njit(cache=True, parallel=True)
def _update_people(
    x,
    c,
    r,
    tau,
    tau0,
    b,
    conv,
    v,
    u,
    t,
    deg,
    keys_near,
    heard,
    m,
    o,
    shock,
    inc,
    dx,
    dc,
    params,
    p_out,
    x_out,
    c_out,
    tau_out,
    b_out,
    w_out,
    prob_out,
):  # pragma: no cover
    for i in prange(x.shape[0]):
        h0, h1, h2, h3 = heard[i, 0], heard[i, 1], heard[i, 2], heard[i, 3]
        s = h1 / h0 if h0 > 0.0 else 0.0
        keys = keys_near[i]
        p = _pressure_s(
            s,
            m[i],
            o[i],
            shock[i],
            inc[i],
            keys,
            params[0],
            params[1],
            params[2],
            params[3],
            params[4],
        )
        p_out[i] = p
        x_out[i] = _stance_s(x[i], h0, h2, c[i], p, conv[i], dx[i], params[5], params[6])
        c_out[i] = _commitment_s(c[i], p, r[i], conv[i], dc[i], params[7], params[8])
        tau_out[i] = _tolerance_s(tau[i], c[i], p, tau0[i], keys, params[9], params[10], params[11])
        nb = _blame_s(b[i], x[i], v[i], h3, deg[i], params[12], params[13])
        b_out[i] = nb
        w_out[i] = _influence_s(nb, params[14])
        prob_out[i] = _incident_probability_s(x[i], c[i], h3, heard[i, 4], deg[i], params[15])


#: The parameters :func:`update_people` takes, in the order it takes them.
PARAM_ORDER = ("offline_amplification", "media_amplification", "online_amplification",
               "incident_feedback", "key_figure_damping", "social_influence", "side_taking",
               "commitment_gain", "commitment_decay", "tolerance_erosion", "tolerance_recovery",
               "key_figure_tolerance", "blame_rate", "blame_decay", "blame_influence_loss",
               "incident_hazard")  # fmt: skip


def update_people(
    *,
    x: FloatArray,
    c: FloatArray,
    r: FloatArray,
    tau: FloatArray,
    tau0: FloatArray,
    b: FloatArray,
    conviction: FloatArray,
    v: FloatArray,
    u: FloatArray,
    t: FloatArray,
    degree: FloatArray,
    key_figures_near: FloatArray,
    heard: FloatArray,
    media: FloatArray,
    online: FloatArray,
    shock: FloatArray,
    incidents_near: FloatArray,
    dialogue_stance: FloatArray,
    dialogue_commitment: FloatArray,
    params: FloatArray,
) -> dict[str, FloatArray]:
    """All per-person updates of a week in one pass: :func:`pressure`, then
    :func:`stance_update`, :func:`commitment_update`, :func:`tolerance_update`,
    :func:`blame_update`, :func:`influence` and the incident probability of
    :func:`draw_incidents` — the same scalar equations, applied without temporaries, every
    update reading the state at the start of the week (synchronous updating). ``heard`` is
    :func:`gather`'s output, ``key_figures_near`` counts key figures among oneself and one's
    neighbours, ``params`` holds the values of :data:`PARAM_ORDER`.

    Returns the new ``pressure``, ``stance``, ``commitment``, ``tolerance``, ``blame``,
    ``influence`` and ``incident_probability``.
    """
    n = x.size
    out = {k: np.empty(n) for k in ("pressure", "stance", "commitment", "tolerance", "blame",
                                     "influence", "incident_probability")}  # fmt: skip
    _update_people(
        x, c, r, tau, tau0, b, conviction, v, u, t, degree, key_figures_near, heard,
        media, online, shock, incidents_near, dialogue_stance, dialogue_commitment, params,
        *out.values(),
    )  # fmt: skip
    return out
