r"""Mechanisms of the Brandsma polarisation model as pure, vectorised kernels.

One model step is one week. Each function below is one mechanism: a pure function of state
arrays (and a :class:`numpy.random.Generator` where it draws), with its equation in the
docstring and its source in ``docs/odd.md``. :class:`polsim.PolarisationModel` calls them in
the documented order; researchers can call them directly or replace one.

Notation: stance :math:`x_i \in [-1, 1]`, commitment :math:`c_i`, resilience :math:`r_i`,
tolerance of the middle :math:`\tau_i`, identity salience :math:`s_i`, blame :math:`b_i \ge 0`,
influence :math:`w_i`, visibility :math:`v_i`, all in [0, 1] unless stated; :math:`A` is the
offline network (:math:`A_{ij} = 1`: *i* hears *j*), :math:`k_i` the degree. A person's *side*
is the sign of its stance.

What each person hears is gathered in one pass over the network (:func:`gather`), because the
per-person sums over neighbours are the expensive part of a step; every other kernel works on
those sums. The per-person equations are written once each, as scalar functions; the public
functions apply them element-wise and :func:`update_people` applies them all in one fused pass.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
from numba import njit, prange, vectorize
from numpy.typing import NDArray

from polsim.classic.kernels import judgement
from polsim.model._prefetch import AHEAD, prefetch_row

__all__ = [
    "HEARD_FIELDS",
    "ONLINE_FIELDS",
    "PARAM_ORDER",
    "SPEECH_FIELDS",
    "Public",
    "apply_dialogue",
    "attention",
    "blame_update",
    "channel_exposure",
    "commitment_update",
    "count_near",
    "feed",
    "feed_exposure",
    "gather",
    "hear_message",
    "incident_probability",
    "incidents_from",
    "influence",
    "latitudes",
    "pressure",
    "publish",
    "resilience_update",
    "rewire_feeds",
    "salience_update",
    "stance_update",
    "tolerance_update",
    "trust_near",
    "update_people",
    "visibility",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.integer]

#: Columns of :attr:`Public.speech`: what neighbours hear of each person, including its
#: hostility to the middle, c (1 - tau) >= 0 (the side it comes from is the stance's sign).
SPEECH_FIELDS = ("stance", "attention", "exposure", "hostility")
#: Columns of :attr:`Public.online`: what a feed shows of each person. The visible extremity
#: is stored signed by the person's side (negative on the left), so that a feed reads one row
#: per account it follows.
ONLINE_FIELDS = ("online_attention", "signed_online_exposure")
#: Columns of the array :func:`gather` returns for each person (see its equations).
HEARD_FIELDS = ("heard", "loud_right", "loud_left", "judged_pull", "hostility", "opposition",
                "neighbour_stance", "avoided_ties")  # fmt: skip
_H = {name: k for k, name in enumerate(HEARD_FIELDS)}
H_HEARD, H_RIGHT, H_LEFT, H_PULL = _H["heard"], _H["loud_right"], _H["loud_left"], _H["judged_pull"]
H_HOSTILE, H_OPPOSED, H_STANCE = _H["hostility"], _H["opposition"], _H["neighbour_stance"]
H_AVOIDED = _H["avoided_ties"]

#: Draws per rewiring person to find somebody on its own side (see :func:`rewire_feeds`).
REWIRE_TRIES = 16
#: Below this many people, who looks at their feed is drawn without replacement (exactly
#: ``rate * n`` on average); above, with replacement and duplicates merged, which is much
#: cheaper and differs only when ``rate`` is a sizeable share.
DISTINCT_DRAWS_BELOW = 4096

#: Tension enters the incident hazard squared: isolated friction rarely erupts, sustained
#: friction with many committed opposites does (a convex dose-response; rationale).
TENSION_EXPONENT = 2.0

#: The registry parameters :func:`update_people` reads: the fields of the record it is given
#: (build it with :func:`param_record`), read by name inside the kernel.
PARAM_ORDER = ("offline_amplification", "media_amplification", "online_amplification",
               "key_figure_damping", "social_influence", "side_taking", "commitment_gain",
               "commitment_decay", "tolerance_erosion", "tolerance_recovery", "salience_gain",
               "salience_decay", "incident_salience", "moralising_salience", "support_gain",
               "resilience_relaxation", "blame_rate", "blame_decay",
               "incident_hazard")  # fmt: skip
#: The record type of :func:`param_record`: one named float per :data:`PARAM_ORDER` entry.
PARAMS_DTYPE = np.dtype([(name, np.float64) for name in PARAM_ORDER])


def param_record(params: Mapping[str, float | int]) -> NDArray[np.void]:
    """The kernel parameters of a parameter mapping as a one-element record array of
    :data:`PARAMS_DTYPE`; the kernel reads each by its name, so no order can be wrong."""
    record = np.zeros(1, dtype=PARAMS_DTYPE)
    for name in PARAM_ORDER:
        record[name] = float(params[name])
    return record


# ---------------------------------------------------------------------------------------------
# Per-person equations, each written once as a scalar function (compiled, inlined).
# ---------------------------------------------------------------------------------------------


@njit(cache=True, inline="always")
def _sign(x):  # pragma: no cover - compiled
    return 1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0)


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
def _visibility_s(x, c, on_stage, stage, floor):  # pragma: no cover - compiled
    v = c * (floor + (1.0 - floor) * abs(x))
    return min(1.0, max(v, on_stage) + stage)


@njit(cache=True, inline="always")
def _acceptance_s(s, acceptance, involvement):  # pragma: no cover - compiled
    return acceptance * (1.0 - involvement * s)


@njit(cache=True, inline="always")
def _rejection_s(s, acceptance, gap, involvement):  # pragma: no cover - compiled
    return (acceptance + gap) * (1.0 - involvement * s)


@njit(cache=True, inline="always")
def _offline_s(x, s, heard, right, left):  # pragma: no cover - compiled
    """Side-aware visible extremity among one's neighbours (see :func:`pressure`)."""
    if heard <= 0.0:
        return 0.0
    if x > 0.0:
        return (right + s * left) / heard
    if x < 0.0:
        return (left + s * right) / heard
    return (right + left) / heard


@njit(cache=True, inline="always")
def _pressure_s(offline, m, o, shock, trust, a_s, a_m, a_o, damp):  # pragma: no cover
    raw = a_s * offline + a_m * m + a_o * o + shock
    return min(1.0, max(0.0, raw)) * (1.0 - damp * min(1.0, trust))


@njit(cache=True, inline="always")
def _stance_s(x, heard, pull, c, s, p, conviction, dialogue, mu, phi):  # pragma: no cover
    judged = pull / heard if heard > 0.0 else 0.0
    moved = x + (1.0 - conviction) * (mu * judged + phi * p * (_sign(x) * c * s - x) + dialogue)
    return min(1.0, max(-1.0, moved))


@njit(cache=True, inline="always")
def _commitment_s(c, p, r, conviction, dialogue, gain, decay):  # pragma: no cover
    rise = gain * max(p - r, 0.0) * (1.0 - c)
    fade = decay * (1.0 - p) * max(c - conviction, 0.0)
    return min(1.0, max(0.0, c + rise - fade + (1.0 - conviction) * dialogue))


@njit(cache=True, inline="always")
def _tolerance_s(tau, c, p, baseline, erosion, recovery):  # pragma: no cover
    erode = erosion * c * p * tau
    recover = recovery * (1.0 - c) * (baseline - tau)
    return min(1.0, max(0.0, tau - erode + recover))


@njit(cache=True, inline="always")
def _salience_s(s, s0, p, r, reframed, near_incident, moralised, c, gain, decay, iota, m_s):
    # pragma: no cover - compiled
    framing = (1.0 - reframed) * max(p - r, 0.0) + iota * min(1.0, near_incident)
    rise = gain * min(1.0, framing) * (1.0 - s) + m_s * moralised * c * (1.0 - s)
    return min(1.0, max(0.0, s + rise - decay * (s - s0)))


@njit(cache=True, inline="always")
def _resilience_s(r, r0, support, gain, relax):  # pragma: no cover - compiled
    return min(1.0, max(0.0, r + gain * support * (1.0 - r) - relax * (r - r0)))


@njit(cache=True, inline="always")
def _blame_s(b, x, v, hostility, degree, rate, decay):  # pragma: no cover - compiled
    share = hostility / degree if degree > 0.0 else 0.0
    return (1.0 - decay) * b + rate * (1.0 - abs(x)) * v * share


@njit(cache=True, inline="always")
def _influence_s(b):  # pragma: no cover - compiled
    return 1.0 / (1.0 + b)


@njit(cache=True, inline="always")
def _incident_s(x, c, s, opposition, degree, hazard):  # pragma: no cover - compiled
    tension = c * s * opposition / degree if degree > 0.0 else 0.0
    return -math.expm1(-hazard * _power(tension, TENSION_EXPONENT))


_UFUNC = {"cache": True, "nopython": True}


@vectorize(**_UFUNC)
def _sense(d, u, t):  # pragma: no cover - compiled
    """The social-judgement response of ``_loops.judgement``, as a ufunc (for dialogues)."""
    return judgement(d, u, t)


@vectorize(**_UFUNC)
def _visibility(x, c, on_stage, stage, floor):  # pragma: no cover - compiled
    return _visibility_s(x, c, on_stage, stage, floor)


@vectorize(**_UFUNC)
def _attention(x, v, w, floor, contrast):  # pragma: no cover - compiled
    return _voice(x, v, w, floor, contrast)[0]


@vectorize(**_UFUNC)
def _exposure(x, v, w, floor, contrast):  # pragma: no cover - compiled
    return _voice(x, v, w, floor, contrast)[1]


@vectorize(**_UFUNC)
def _acceptance(s, acceptance, involvement):  # pragma: no cover - compiled
    return _acceptance_s(s, acceptance, involvement)


@vectorize(**_UFUNC)
def _rejection(s, acceptance, gap, involvement):  # pragma: no cover - compiled
    return _rejection_s(s, acceptance, gap, involvement)


# ---------------------------------------------------------------------------------------------
# Public mechanisms
# ---------------------------------------------------------------------------------------------


def visibility(
    x: FloatArray, c: FloatArray, *, floor: float, on_stage: FloatArray, stage: FloatArray
) -> FloatArray:
    r"""Brandsma's line of visibility.

    .. math:: v_i = \min\!\big(1,\; \max(c_i\,(\nu_0 + (1-\nu_0)|x_i|),\; \nu^{bb}_i)
              + \pi_i\big)

    Visibility grows with commitment (who joins in speaks up) and with distance from the
    middle (who shows colour gains an audience). :math:`\nu^{bb}_i` is the public stand of a
    bridge builder who positions itself above the parties (0 for everybody else) and
    :math:`\pi_i` the stage a dialogue gives this week.
    """
    return _visibility(x, c, on_stage, stage, floor)


def attention(
    x: FloatArray, v: FloatArray, w: FloatArray, *, floor: float, contrast: float
) -> tuple[FloatArray, FloatArray]:
    r"""Attention a channel gives each voice, and the visible extremity it carries.

    .. math:: a_j = w_j (\nu_0 + v_j)^{\kappa}, \qquad
              e_j = a_j \frac{v_j}{\nu_0 + v_j} |x_j|

    :math:`\kappa` is the channel's contrast: 1 for what neighbours hear face to face, larger
    for media and engagement-ranked feeds, which give the loud and extreme more room.
    :math:`w_j` is the voice's weight: its influence after blame times its reach (a
    person-centred approach can narrow a pusher's reach). A channel's exposure is
    :math:`\sum e / \sum a` over the voices it carries (:func:`channel_exposure`).
    """
    return _attention(x, v, w, floor, contrast), _exposure(x, v, w, floor, contrast)


def channel_exposure(a: FloatArray, e: FloatArray) -> float:
    """Exposure of one channel over the voices it carries: sum(e) / sum(a), 0 if silent."""
    total = float(np.sum(a))
    return float(np.sum(e)) / total if total > 0 else 0.0


def latitudes(
    s: FloatArray, *, acceptance: float, rejection_gap: float, involvement: float
) -> tuple[FloatArray, FloatArray]:
    r"""Latitudes of acceptance and rejection under ego-involvement (Sherif & Hovland 1961).

    .. math:: U_i = U_0 (1 - \eta\, s_i), \qquad T_i = (U_0 + G)(1 - \eta\, s_i)

    The more salient the us-versus-them identity (:math:`s_i`), the narrower what one accepts
    and the nearer what one rejects: salience moves a person from the uniformity regime of
    Jager & Amblard (2005) towards their bipolarisation regime. Written with the gap
    :math:`G \ge 0` so that :math:`T_i \ge U_i` for every parameter value.
    """
    return _acceptance(s, acceptance, involvement), _rejection(s, acceptance, rejection_gap,
                                                               involvement)  # fmt: skip


def _aligned(n: int, width: int, align: int = 32) -> NDArray[np.float32]:
    """An uninitialised ``(n, width)`` float32 array whose start is ``align``-byte aligned."""
    raw = np.empty(n * width + align // 4, dtype=np.float32)
    skip = (-raw.ctypes.data % align) // 4
    return raw[skip : skip + n * width].reshape(n, width)


@dataclass(frozen=True, slots=True)
class Public:
    """What each person shows the others this week (see :func:`publish`).

    Single precision, in two compact arrays, because the passes over the network are bound by
    memory traffic: a neighbour's row of ``speech`` is 16 bytes and never straddles a cache
    line. Seven significant digits are far below anything the model can resolve.
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
        speech[i, 3] = hostility
        online[i, 0] = a_on
        online[i, 1] = e_on if np.float32(x[i]) > 0.0 else -e_on


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
    :math:`e_j` (:func:`attention` at contrast 1) and hostility to the middle,
    :math:`c_j (1 - \tau_j)`; ``online``: attention and visible extremity at the online
    contrast, the latter signed by side (negative for :math:`x_j \le 0`).
    """
    if out is None:
        out = Public.empty(x.size)
    _publish(x, c, tau, v, w, floor, online_contrast, out.speech, out.online)
    return out


@njit(cache=True, parallel=True)
def _gather(indptr, indices, speech, u, t, out):  # pragma: no cover - compiled
    # Without branches: a neighbour's side and distance are unpredictable when many stand
    # near the middle, and a mispredicted branch costs more than the arithmetic. Each
    # ``* flag`` multiplies by exactly 0 or 1, so the sums equal the branching ones bit for bit.
    n = indptr.shape[0] - 1
    for i in prange(n):
        ahead = i + AHEAD  # start the reads of a later person's neighbours (never changes a sum)
        if ahead < n:
            for q in range(indptr[ahead], indptr[ahead + 1]):
                prefetch_row(speech, np.uint32(indices[q]))
        xi = np.float64(speech[i, 0])
        heard = 0.0
        right = 0.0
        left = 0.0
        pull = 0.0
        hostile = 0.0
        opposed = 0.0
        nbr = 0.0
        avoided = 0.0
        ui = u[i]
        ti = t[i]
        for p in range(indptr[i], indptr[i + 1]):
            j = np.uint32(indices[p])  # unsigned: no check for negative indices
            xj = np.float64(speech[j, 0])
            a = np.float64(speech[j, 1])
            e = np.float64(speech[j, 2])
            h = np.float64(speech[j, 3])
            d = xj - xi
            ad = abs(d)
            positive = 1.0 if xj > 0.0 else 0.0
            far = 1.0 if ad > ti else 0.0
            heard += a
            right += e * positive
            left += e * (1.0 - positive)
            pull += a * d * ((1.0 if ad < ui else 0.0) - far)  # judgement(d, ui, ti)
            hostile += h
            opposed += h * (1.0 if xi * xj < 0.0 else 0.0)
            nbr += xj
            avoided += far
        out[i, H_HEARD] = heard
        out[i, H_RIGHT] = right
        out[i, H_LEFT] = left
        out[i, H_PULL] = pull
        out[i, H_HOSTILE] = hostile
        out[i, H_OPPOSED] = opposed
        out[i, H_STANCE] = nbr
        out[i, H_AVOIDED] = avoided


def gather(
    indptr: IntArray,
    indices: IntArray,
    public: Public,
    u: FloatArray,
    t: FloatArray,
    out: FloatArray | None = None,
) -> FloatArray:
    r"""What each person hears from its offline neighbours this week.

    ``public`` comes from :func:`publish`. Returns an ``(n, 8)`` array with the columns of
    :data:`HEARD_FIELDS`:

    .. math::
        H_i = \sum_j A_{ij} a_j, \quad
        L^{+}_i = \sum_{j: x_j > 0} A_{ij} e_j, \quad
        L^{-}_i = \sum_{j: x_j \le 0} A_{ij} e_j, \quad
        J_i = \sum_j A_{ij} a_j\, \sigma(x_j - x_i; U_i, T_i)\,(x_j - x_i), \\
        Q_i = \sum_j A_{ij} c_j (1 - \tau_j), \quad
        O_i = \sum_j A_{ij} [x_i x_j < 0]\, c_j (1 - \tau_j), \quad
        M_i = \sum_j A_{ij} x_j, \quad
        R_i = \sum_j A_{ij} [|x_j - x_i| > T_i]

    where :math:`\sigma` is the social-judgement response (+1 assimilate within the latitude
    of acceptance :math:`U_i`, -1 contrast beyond the latitude of rejection :math:`T_i`, 0 in
    between), the same function as in :func:`polsim.classic.jager_amblard`.
    :math:`Q_i` is the hostility to the middle one hears, :math:`O_i` that of the neighbours
    on the other side (0 for a person exactly at :math:`x_i = 0`, who is on no side), and
    :math:`R_i` counts the ties one avoids: the other person stands beyond one's latitude of
    rejection (KIS phase 3: "groups avoid contact"). Rows run in parallel; each
    row is summed in one thread, so the result does not depend on the number of threads.
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
        ahead = i + AHEAD
        if ahead < n:
            for k in range(d):
                prefetch_row(online, np.uint32(follows[ahead, k]))
        heard = 0.0
        right = 0.0
        left = 0.0
        for k in range(d):
            j = np.uint32(follows[i, k])  # unsigned: no check for negative indices
            heard += online[j, 0]
            e = np.float64(online[j, 1])  # signed by side; max/min instead of a branch
            right += max(e, 0.0)
            left -= min(e, 0.0)
        out[i, 0] = heard
        out[i, 1] = right
        out[i, 2] = left


#: Columns of the array :func:`feed` returns for each person.
FEED_FIELDS = ("heard", "loud_right", "loud_left")


def feed(follows: IntArray, public: Public, out: FloatArray | None = None) -> FloatArray:
    r"""What each person's online feed shows this week: an ``(n, 3)`` array with the columns
    of :data:`FEED_FIELDS`, the online counterparts of :func:`gather`'s first three,

    .. math:: H^{on}_i = \sum_k a_{F_{ik}}, \qquad
              L^{on+}_i = \sum_{k: x_{F_{ik}} > 0} e_{F_{ik}}, \qquad
              L^{on-}_i = \sum_{k: x_{F_{ik}} \le 0} e_{F_{ik}}

    over the accounts person *i* follows (the rows of ``follows``), with :math:`a, e` the
    online attention and visible extremity of :func:`publish` (an engagement-ranked feed).
    The online exposure in :func:`pressure` is side-aware like the offline one,
    :math:`o_i = (L^{on,own}_i + s_i L^{on,other}_i) / H^{on}_i`: a feed that unfollowing
    has filled with one's own side's loud voices presses harder than a mixed one (the echo
    chamber; Sasahara et al. 2021).
    """
    n = follows.shape[0]
    if out is None:
        out = np.empty((n, len(FEED_FIELDS)))
    if follows.shape[1]:
        _feed(follows, public.online, out)
    else:
        out[:] = 0.0
    return out


def feed_exposure(follows: IntArray, public: Public, x: FloatArray, s: FloatArray) -> FloatArray:
    """The side-aware online exposure :math:`o_i` of :func:`feed` (0 for a person who follows
    nobody or only silent accounts)."""
    f = feed(follows, public)
    return _online_v(x, s, f[:, 0], f[:, 1], f[:, 2])


@vectorize(**_UFUNC)
def _online_v(x, s, heard, right, left):  # pragma: no cover - compiled
    return _offline_s(x, s, heard, right, left)


@njit(cache=True)
def _count_near(flagged, in_indptr, in_indices, out):  # pragma: no cover - compiled
    for j in flagged:
        out[j] += 1.0
        for p in range(in_indptr[j], in_indptr[j + 1]):
            out[in_indices[p]] += 1.0


def count_near(flags: NDArray[np.bool_], in_indptr: IntArray, in_indices: IntArray) -> FloatArray:
    r"""For each person, how many flagged people it is or hears: :math:`f_i + \sum_j A_{ij}
    f_j`. Works from the flagged people outwards (``in_indptr``/``in_indices`` list who hears
    each person), so it costs the ties of the flagged only — incidents are few."""
    out = np.zeros(flags.size)
    flagged = np.flatnonzero(flags)
    if flagged.size:
        _count_near(flagged, in_indptr, in_indices, out)
    return out


@njit(cache=True)
def _trust_near(figures, x, u, t, in_indptr, in_indices, out):  # pragma: no cover - compiled
    for k in figures:
        out[k] += 1.0
        for p in range(in_indptr[k], in_indptr[k + 1]):
            j = in_indices[p]
            d = abs(x[k] - x[j])
            if d <= u[j]:
                out[j] += 1.0
            elif d < t[j]:
                out[j] += (t[j] - d) / (t[j] - u[j])


def trust_near(
    figures: IntArray,
    x: FloatArray,
    u: FloatArray,
    t: FloatArray,
    in_indptr: IntArray,
    in_indices: IntArray,
) -> FloatArray:
    r"""How much each person trusts the key figures it hears.

    .. math:: K_i = [i \in KF] + \sum_{k \in KF} A_{ik}\, \operatorname{clip}\!\Big(
              \frac{T_i - |x_k - x_i|}{T_i - U_i}, 0, 1\Big)

    A key figure is trusted fully by those who find its stance within their latitude of
    acceptance, not at all by those to whom it stands beyond their latitude of rejection, and
    in proportion in between: its calming reach comes from the trust of its own community
    (Maastricht plan: key figures work *inside* the community). Costs the ties of the key
    figures only (``in_indptr``/``in_indices`` list who hears each person).
    """
    out = np.zeros(x.size)
    if figures.size:
        _trust_near(np.asarray(figures, dtype=np.int64), x, u, t, in_indptr, in_indices, out)
    return out


def pressure(
    x: FloatArray,
    s: FloatArray,
    heard: FloatArray,
    *,
    media: FloatArray,
    online: FloatArray,
    shock: FloatArray,
    trust: FloatArray,
    offline_amplification: float,
    media_amplification: float,
    online_amplification: float,
    key_figure_damping: float,
) -> FloatArray:
    r"""Polarisation pressure felt by each person this week.

    .. math:: P_i = \operatorname{clip}_{[0,1]}\!\big(\alpha_s\, \ell_i + \alpha_m m_i
              + \alpha_o o_i + \text{shock}_i\big)\,\big(1 - \delta_{kf} \min(1, K_i)\big),
              \qquad \ell_i = \frac{L^{own}_i + s_i\, L^{other}_i}{H_i}

    :math:`\ell_i` is the visible extremity among one's neighbours (and :math:`o_i` in one's
    feed, :func:`feed`), side-aware: the loud voices
    of one's own side press one to join ("choose, you are one of us") in full, those of the
    other side count as far as the us-versus-them identity is salient to one (:math:`s_i`: a
    threat only to those who see the issue as us against them); a person exactly in the middle
    hears both sides as its own. :math:`m_i` and :math:`o_i` are the exposures through followed
    media outlets and the online feed, ``shock`` an external event, and :math:`K_i` the trust
    in key figures nearby (:func:`trust_near`), which takes away the share
    :math:`\delta_{kf}` (de-escalation inside the community).
    """
    return _pressure_v(
        x, s, heard[:, H_HEARD], heard[:, H_RIGHT], heard[:, H_LEFT], media, online, shock,
        trust, offline_amplification, media_amplification, online_amplification,
        key_figure_damping,
    )  # fmt: skip


@vectorize(**_UFUNC)
def _pressure_v(x, s, h, right, left, m, o, shock, trust, a_s, a_m, a_o, damp):  # pragma: no cover
    return _pressure_s(_offline_s(x, s, h, right, left), m, o, shock, trust, a_s, a_m, a_o, damp)


def stance_update(
    x: FloatArray,
    *,
    heard: FloatArray,
    judged_pull: FloatArray,
    c: FloatArray,
    s: FloatArray,
    p: FloatArray,
    conviction: FloatArray,
    dialogue: FloatArray,
    influence_rate: float,
    side_taking: float,
) -> FloatArray:
    r"""Stance moves by social judgement of what one hears, and by taking a side.

    .. math:: x_i \leftarrow \operatorname{clip}_{[-1,1]}\Big(x_i + (1-\zeta_i)\big[\mu
              \tfrac{J_i}{H_i} + \phi\, P_i \big(\operatorname{sgn}(x_i)\, c_i s_i - x_i\big)
              + \Delta^{dlg}_i\big]\Big)

    :math:`J_i / H_i` is the attention-weighted social-judgement pull (assimilation towards
    accepted voices, contrast away from rejected ones: Jager & Amblard 2005, in its weekly
    mean-field form) over what one hears from one's neighbours; the second term is side-taking
    under pressure: a person takes the position its commitment and the salience of the
    us-versus-them identity imply, on the side it leans to. A joiner who has picked a side but
    for whom the issue is not (yet) about identity stays well inside the tension field; only
    the committed *and* identity-driven stand at the pole (Brandsma: the joiner is less extreme
    than the pusher). :math:`\zeta_i` is conviction (certainty of one's moral right: the
    initial pushers), :math:`\Delta^{dlg}` the effect of dialogues and messages.
    """
    return _stance_v(x, heard, judged_pull, c, s, p, conviction, dialogue, influence_rate,
                     side_taking)  # fmt: skip


@vectorize(**_UFUNC)
def _stance_v(x, heard, pull, c, s, p, conviction, dialogue, mu, phi):  # pragma: no cover
    return _stance_s(x, heard, pull, c, s, p, conviction, dialogue, mu, phi)


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
              - \lambda (1 - P_i)\,(c_i - \zeta_i)^+ + (1 - \zeta_i)\,\Delta^{dlg}_i\big)

    Pressure above one's resilience :math:`r_i` draws one in; low pressure lets commitment fade,
    but never below the conviction :math:`\zeta_i` of those certain of their moral right (the
    initial pushers: zealots in the sense of Mobilia, Petersen & Redner 2007, whose commitment
    does not depend on the pressure around them), who are also moved only by the share
    :math:`1 - \zeta_i` of what a dialogue or message does;
    :math:`\Delta^{dlg}` is the effect of a dialogue (:func:`apply_dialogue`).
    """
    return _commitment_v(c, p, r, conviction, dialogue, gain, decay)


@vectorize(**_UFUNC)
def _commitment_v(c, p, r, conviction, dialogue, gain, decay):  # pragma: no cover
    return _commitment_s(c, p, r, conviction, dialogue, gain, decay)


def tolerance_update(
    tau: FloatArray,
    *,
    c: FloatArray,
    p: FloatArray,
    baseline: FloatArray,
    erosion: float,
    recovery: float,
) -> FloatArray:
    r"""Tolerance of the middle position.

    .. math:: \tau_i \leftarrow \operatorname{clip}_{[0,1]}\big(\tau_i - \kappa c_i P_i \tau_i
              + \rho (1 - c_i)(\tau^0_i - \tau_i)\big)

    Pressure erodes the committed's tolerance of the middle (Brandsma: as pressure rises,
    tolerance of the middle falls to zero); as commitment fades, tolerance returns to one's
    baseline. Intolerance is what blame (:func:`blame_update`) and incidents
    (:func:`incident_probability`) are made of.
    """
    return _tolerance_v(tau, c, p, baseline, erosion, recovery)


@vectorize(**_UFUNC)
def _tolerance_v(tau, c, p, baseline, erosion, recovery):  # pragma: no cover
    return _tolerance_s(tau, c, p, baseline, erosion, recovery)


def salience_update(
    s: FloatArray,
    *,
    baseline: FloatArray,
    p: FloatArray,
    r: FloatArray,
    reframed: FloatArray,
    near_incident: FloatArray,
    moralised: FloatArray,
    c: FloatArray,
    gain: float,
    decay: float,
    incident_salience: float,
    moralising_salience: float,
) -> FloatArray:
    r"""Salience of the us-versus-them identity (Brandsma's second game changer).

    .. math:: s_i \leftarrow \operatorname{clip}_{[0,1]}\Big(s_i + g\, \min\!\big(1,
              (1 - \varrho_i) (P_i - r_i)^+ + \iota\, \min(1, I_i)\big)(1 - s_i)
              + \mu_s\, \mathcal{M}_i\, c_i (1 - s_i) - \lambda_s (s_i - s^0_i)\Big)

    The us-versus-them talk one cannot shrug off (the pressure :math:`P_i` above one's
    resilience :math:`r_i`, as for commitment) and incidents near one (:math:`I_i`: at oneself
    or a neighbour, or in the news one follows) make the identity conflict salient (social
    identity theory: Tajfel & Turner 1979; Brandsma: polarisation is fed by identity framing);
    without fuel it relaxes towards one's baseline :math:`s^0_i`.
    :math:`\varrho_i` is the share of the talk one hears that a *change of topic* has turned
    to the concerns underneath (housing, safety, recognition): it no longer frames the issue
    as identity. :math:`\mathcal{M}_i` counts moralising contacts this week (a dialogue or a
    programme in a moralising tone): being morally judged raises the identity threat of those
    who have joined in (reactance; Brandsma's fourth game changer, *change the tone*).
    """
    return _salience_v(s, baseline, p, r, reframed, near_incident, moralised, c, gain, decay,
                       incident_salience, moralising_salience)  # fmt: skip


@vectorize(**_UFUNC)
def _salience_v(
    s, s0, p, r, reframed, near, moralised, c, gain, decay, iota, m_s
):  # pragma: no cover
    return _salience_s(s, s0, p, r, reframed, near, moralised, c, gain, decay, iota, m_s)


def resilience_update(
    r: FloatArray, *, baseline: FloatArray, support: FloatArray, gain: float, relaxation: float
) -> FloatArray:
    r"""Resilience: support received builds it, and it relaxes to one's own baseline.

    .. math:: r_i \leftarrow \operatorname{clip}_{[0,1]}\big(r_i + g_r\, S_i (1 - r_i)
              - \lambda_r (r_i - r^0_i)\big)

    :math:`S_i \in [0, 1]` is the support a programme gives person *i* this week (het weerbare
    midden: resilient parenting, active citizenship, a bridge builder who takes position in
    the middle and gives it a voice); nothing sets resilience directly. With constant support
    :math:`S` it settles at :math:`r^* = (g_r S + \lambda_r r^0) / (g_r S + \lambda_r)`.
    """
    return _resilience_v(r, baseline, support, gain, relaxation)


@vectorize(**_UFUNC)
def _resilience_v(r, r0, support, gain, relax):  # pragma: no cover - compiled
    return _resilience_s(r, r0, support, gain, relax)


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
    return _blame_v(b, x, v, hostility, degree, rate, decay)


@vectorize(**_UFUNC)
def _blame_v(b, x, v, hostility, degree, rate, decay):  # pragma: no cover - compiled
    return _blame_s(b, x, v, hostility, degree, rate, decay)


def influence(b: FloatArray) -> FloatArray:
    r"""Influence (trust) left after blame: :math:`w_i = 1 / (1 + b_i)`. Blame is measured in
    the unit that halves a person's influence; a scapegoat's voice counts for less in what
    others hear (Brandsma: the bridge builder was tolerated only while useful)."""
    return 1.0 / (1.0 + np.asarray(b, dtype=np.float64))


def incident_probability(
    x: FloatArray,
    c: FloatArray,
    s: FloatArray,
    heard: FloatArray,
    degree: FloatArray,
    *,
    hazard: float,
) -> FloatArray:
    r"""Probability of an open incident at each person this week.

    .. math:: \theta_i = c_i\, s_i \frac{O_i}{k_i}, \qquad
              \Pr(\text{incident at } i) = 1 - \exp\!\big(-h\, \theta_i^{2}\big)

    :math:`O_i` is the hostility of the neighbours on the other side, :math:`\sum_{j}
    A_{ij} c_j (1 - \tau_j) [x_i x_j < 0]` (:func:`gather`; 0 for a person exactly at
    :math:`x_i = 0`, who is on no side), so
    :math:`\theta_i \in [0, 1]`: a committed person, for whom the issue is
    about identity, among committed opponents who no longer tolerate anything in between.
    Draw with :func:`incidents_from`.
    """
    return _incident_v(x, c, s, heard[:, H_OPPOSED], degree, hazard)


@vectorize(**_UFUNC)
def _incident_v(x, c, s, opposition, degree, hazard):  # pragma: no cover - compiled
    return _incident_s(x, c, s, opposition, degree, hazard)


def incidents_from(prob: FloatArray, rng: np.random.Generator) -> NDArray[np.bool_]:
    """Draw incidents given each person's probability: one uniform number per person (single
    precision: a resolution of 2^-24 is far below any incident probability that matters)."""
    return rng.random(prob.size, dtype=np.float32) < prob


@dataclass(frozen=True, slots=True)
class Dialogue:
    """What this week's dialogues did: per person, the stance change, the commitment change,
    the stage (publicity), the moralising contacts and the support received."""

    stance: FloatArray
    commitment: FloatArray
    stage: FloatArray
    moralised: FloatArray
    support: FloatArray


def apply_dialogue(
    x: FloatArray,
    c: FloatArray,
    tau: FloatArray,
    u: FloatArray,
    t: FloatArray,
    w: FloatArray,
    organisers: IntArray,
    above: NDArray[np.bool_],
    tone: FloatArray,
    indptr: IntArray,
    indices: IntArray,
    *,
    rate: float,
    influence_rate: float,
    publicity: float,
    commitment_effect: float,
    middle_commitment: float,
    rng: np.random.Generator,
) -> Dialogue | None:
    r"""Bridge builders at work: dialogue between the poles, or a voice for the middle.

    Each organiser *k* acts this week with probability ``rate``, in the way its **position**
    implies (Brandsma's third game changer):

    *Above the parties* (``above[k]``): it invites one of its neighbours from each side
    (anybody on that side if it knows nobody there) and stages a dialogue. Each participant
    *p* judges the other, *q*, by its own latitudes, exactly as in :func:`gather`, weighted by
    the organiser's credibility with it:

    .. math:: \Delta x_p = \mu_d\, \kappa_{kp}\, \sigma(x_q - x_p; U_p, T_p)\,(x_q - x_p),
              \qquad \Delta c_p = -\chi\, \kappa_{kp}\, \sigma(x_q - x_p; U_p, T_p),
              \qquad \kappa_{kp} = w_k\, \tau_p

    so dialogue narrows the gap and calms when the two are within each other's acceptance (a
    calm city; contact hypothesis, Allport 1954) and widens the gap and hardens when they are
    beyond each other's rejection: the backfire follows from social judgement. The poles
    tolerate an arbiter only as far as they still tolerate the middle (:math:`\tau_p`) and as
    long as it is not blamed (:math:`w_k`). Participants and organiser are on stage this week
    (visibility ``publicity``), which feeds pressure around them and blame on the organiser.

    *In the middle* (not ``above[k]``): it gathers those of its neighbours who have not joined
    in (commitment below ``middle_commitment``) and gives them a voice: each receives full
    support this week (:func:`resilience_update`). No stage, no arbitration between poles.

    In either position, a moralising **tone** (``tone[k]`` = 0; 1 is mediating) counts as one
    moralising contact, weighted :math:`1 - \text{tone}_k`, for every participant
    (:func:`salience_update`).

    Returns a :class:`Dialogue` (all zeros when the organisers who acted found nobody to
    invite), or None when there are no organisers or none acted this week.
    """
    n = x.size
    if organisers.size == 0:
        return None
    acting = organisers[rng.random(organisers.size) < rate]
    if acting.size == 0:
        return None
    out = Dialogue(*(np.zeros(n) for _ in range(5)))
    stagers = acting[above[acting]]
    pos, neg = np.flatnonzero(x > 0), np.flatnonzero(x < 0)
    draws = rng.random((stagers.size, 2))
    if stagers.size and pos.size and neg.size:
        pairs = np.empty((stagers.size, 2), dtype=np.int64)
        for k, organiser in enumerate(stagers):
            community = indices[indptr[organiser] : indptr[organiser + 1]]
            for col, (side, everyone) in enumerate(
                ((x[community] > 0, pos), (x[community] < 0, neg))
            ):
                pool = community[side] if side.any() else everyone
                pairs[k, col] = pool[int(draws[k, col] * pool.size)]
        a, q = pairs[:, 0], pairs[:, 1]
        gap = x[q] - x[a]
        cred_a, cred_q = w[stagers] * tau[a], w[stagers] * tau[q]
        sense_a = _sense(gap, u[a], t[a]) * cred_a
        sense_q = _sense(-gap, u[q], t[q]) * cred_q
        np.add.at(out.stance, a, influence_rate * sense_a * gap)
        np.add.at(out.stance, q, -influence_rate * sense_q * gap)
        np.add.at(out.commitment, a, -commitment_effect * sense_a)
        np.add.at(out.commitment, q, -commitment_effect * sense_q)
        harsh = 1.0 - tone[stagers]
        np.add.at(out.moralised, a, harsh)
        np.add.at(out.moralised, q, harsh)
        for who in (a, q, stagers):
            np.maximum.at(out.stage, who, publicity)
    for organiser in acting[~above[acting]]:
        community = indices[indptr[organiser] : indptr[organiser + 1]]
        middle = community[c[community] < middle_commitment]
        out.support[middle] = 1.0
        out.moralised[middle] += 1.0 - tone[organiser]
    return out


def hear_message(
    x: FloatArray,
    u: FloatArray,
    t: FloatArray,
    stance: FloatArray,
    weight: FloatArray,
    *,
    influence_rate: float,
    commitment_effect: float,
) -> tuple[FloatArray, FloatArray]:
    r"""A message addressed to people (a campaign, a letter, a meeting), judged as any voice.

    .. math:: \Delta x_i = \mu_d\, \omega_i\, \sigma(m_i - x_i; U_i, T_i)\,(m_i - x_i),
              \qquad \Delta c_i = -\chi\, \omega_i\, \sigma(m_i - x_i; U_i, T_i)

    :math:`m_i` is the stance the message takes and :math:`\omega_i \in [0, 1]` how fully
    person *i* is reached (0: not addressed). The same social judgement as a dialogue
    (:func:`apply_dialogue`): a message within one's latitude of acceptance draws one towards
    it and calms, one beyond one's latitude of rejection pushes one away and hardens. Whom a
    message reaches decides which (Brandsma's first game changer, *change the target
    audience*): the middle accepts a message from the middle; the pushers, for whom the
    identity is salient and the latitudes narrow, reject it. Returns the stance and commitment
    changes.
    """
    d = stance - x
    sense = _sense(d, u, t) * weight
    return influence_rate * sense * d, -commitment_effect * sense


def rewire_feeds(
    follows: IntArray,
    x: FloatArray,
    t: FloatArray,
    *,
    rate: float,
    rng: np.random.Generator,
    engagement: NDArray[np.floating] | None = None,
) -> int:
    r"""Homophilous rewiring of the online layer (unfollowing), in place.

    Each week each person, with probability ``rate``, looks at one random account it follows;
    if that account's stance is beyond its latitude of rejection (:math:`|x_i - x_j| > T_i`)
    it unfollows it and follows an account on its own side instead: of up to
    :data:`REWIRE_TRIES` random people, those on its own side are the platform's suggestions,
    and it follows the most engaging of them (highest ``engagement``, the online attention of
    :func:`publish`; the first suggestion if ``engagement`` is None). Echo chambers of loud
    like-minded voices grow from this (Sasahara et al. 2021). Returns the number of accounts
    replaced.
    """
    n, d = follows.shape
    if d == 0 or rate <= 0:
        return 0
    # How many look, then who: distinct people, drawn without replacement for small n; for
    # large n, with replacement and duplicates merged (a person drawn twice looks once, so the
    # realised rate is a shade below ``rate`` when rate * n is a sizeable share of n).
    if n < DISTINCT_DRAWS_BELOW:
        who = rng.choice(n, size=rng.binomial(n, rate), replace=False)
    else:  # the distinct draws in increasing order: np.unique's result
        drawn = np.sort(rng.integers(0, n, size=rng.binomial(n, rate)))
        who = drawn[np.concatenate(([True], drawn[1:] != drawn[:-1]))] if drawn.size else drawn
    if who.size == 0:
        return 0
    slot = rng.integers(0, d, size=who.size)
    current = follows[who, slot]
    drop = np.abs(x[who] - x[current]) > t[who]
    who, slot = who[drop], slot[drop]
    if who.size == 0:
        return 0
    # Suggestions: random people, kept if on one's own side; whoever is suggested nobody in
    # that many tries keeps the account this week.
    tries = rng.integers(0, n, size=(who.size, REWIRE_TRIES))
    ranked = engagement is not None
    score = engagement if ranked else np.zeros(1, dtype=np.float32)
    return int(_follow_suggestion(follows, who, slot, tries, x, score, ranked))


@njit(cache=True)
def _follow_suggestion(follows, who, slot, tries, x, engagement, ranked):  # pragma: no cover
    r"""For each person ``who[k]``: of the suggestions ``tries[k]`` on its own side
    (:math:`[x_j \ge 0] = [x_i \ge 0]`), the most engaging (the first on a tie; the first
    if not ``ranked``) replaces the account in ``slot[k]``, unless it is the person itself or
    no suggestion is on its side. Returns the number of accounts replaced."""
    replaced = 0
    for k in range(who.shape[0]):
        i = who[k]
        right = x[i] >= 0
        best = -np.inf
        pick = -1
        for m in range(tries.shape[1]):
            j = tries[k, m]
            if (x[j] >= 0) == right:
                score = engagement[j] if ranked else 0.0
                if score > best:
                    best = score
                    pick = j
        if pick >= 0 and pick != i:
            follows[i, slot[k]] = pick
            replaced += 1
    return replaced


# ---------------------------------------------------------------------------------------------
# The fused weekly pass
# ---------------------------------------------------------------------------------------------


#: The rows of a :class:`Week`: the new per-person state one :func:`update_people` pass
#: writes.
WEEK_FIELDS = ("pressure", "stance", "commitment", "tolerance", "salience", "resilience",
               "blame", "incident_probability")  # fmt: skip


# each row's place, by its name (the compiled weekly pass writes at these)
W_PRESSURE, W_STANCE, W_COMMITMENT = (WEEK_FIELDS.index(name) for name in
                                      ("pressure", "stance", "commitment"))  # fmt: skip
W_TOLERANCE, W_SALIENCE, W_RESILIENCE = (WEEK_FIELDS.index(name) for name in
                                         ("tolerance", "salience", "resilience"))  # fmt: skip
W_BLAME, W_INCIDENT = WEEK_FIELDS.index("blame"), WEEK_FIELDS.index("incident_probability")


class _Row:
    """A :class:`Week` field: the row of its table named like the attribute."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.row = WEEK_FIELDS.index(name)

    def __get__(self, week: Week | None, owner: type) -> Any:
        return self if week is None else week.table[self.row]


@dataclass(frozen=True, slots=True)
class Week:
    """The new per-person state after one :func:`update_people` pass: a table with one row
    per :data:`WEEK_FIELDS` entry (the kernel writes the table; a parallel loop keeps writes
    to a table it is given, not to arrays it unpacks), each row readable by its name."""

    table: FloatArray

    pressure = _Row()
    stance = _Row()
    commitment = _Row()
    tolerance = _Row()
    salience = _Row()
    resilience = _Row()
    blame = _Row()
    incident_probability = _Row()

    @classmethod
    def empty(cls, n: int) -> Week:
        """Buffers for ``n`` people."""
        return cls(np.empty((len(WEEK_FIELDS), n)))

    def rows(self, people: slice) -> Week:
        """The same week for the people ``people`` only (a view)."""
        return Week(self.table[:, people])


def _per_person(doc: str) -> dict[str, Any]:
    """The declaration of an :class:`Inputs` field given for every person (length n)."""
    return {"doc": doc}


def _either(neutral: float, doc: str) -> dict[str, Any]:
    """The declaration of an :class:`Inputs` field given per person (length n) or once for
    everyone (length 1); ``neutral`` is the value that changes nobody (a week without it)."""
    return {"doc": doc, "neutral": neutral}


@dataclass(frozen=True, slots=True, kw_only=True)
class Inputs:
    """What reaches each person this week from outside its own state: the declaration of the
    weekly inputs, in the order :func:`update_people` passes them to the kernel.

    Each field is declared once here with its meaning and, for an input that may be the same
    for everybody, its neutral value: :data:`INPUTS_PER_PERSON_OR_ALL` and
    :data:`NEUTRAL_INPUTS` are read off these declarations, and the kernel call is built from
    them. To add an input, declare it here and use it in the kernel's equation.
    """

    heard: FloatArray = field(
        metadata=_per_person(":func:`gather`'s output, (n, len(HEARD_FIELDS))")
    )
    media: FloatArray = field(metadata=_either(0.0, "media exposure (after media literacy)"))
    online: FloatArray = field(metadata=_per_person(":func:`feed`'s output, (n, len(FEED_FIELDS))"))
    seen: FloatArray = field(
        metadata=_either(1.0, "share of media and online exposure that gets through (1 - literacy)")
    )
    shock: FloatArray = field(metadata=_either(0.0, "external shocks"))
    trust: FloatArray = field(
        metadata=_either(0.0, "trust in key figures nearby (:func:`trust_near`)")
    )
    near_incident: FloatArray = field(
        metadata=_either(0.0, "incidents at oneself, a neighbour or in the news last week")
    )
    reframed: FloatArray = field(
        metadata=_either(0.0, "share of talk turned to underlying concerns")
    )
    moralised: FloatArray = field(metadata=_either(0.0, "moralising contacts"))
    support: FloatArray = field(metadata=_either(0.0, "programme support"))
    dialogue_stance: FloatArray = field(metadata=_either(0.0, "stance change from dialogues"))
    dialogue_commitment: FloatArray = field(
        metadata=_either(0.0, "commitment change from dialogues")
    )

    def arrays(self) -> tuple[FloatArray, ...]:
        """The inputs in declaration order, as the kernel takes them."""
        return _inputs_of(self)


def _declared(cls: type, key: str) -> dict[str, Any]:
    return {f.name: f.metadata[key] for f in fields(cls) if key in f.metadata}


_INPUT_NAMES = tuple(f.name for f in fields(Inputs))
_inputs_of = operator.attrgetter(*_INPUT_NAMES)
#: The :class:`Inputs` that may be given once for everyone (length 1) instead of per person.
INPUTS_PER_PERSON_OR_ALL: tuple[str, ...] = tuple(_declared(Inputs, "neutral"))
#: Each such input's neutral value: what "nobody receives it this week" is.
NEUTRAL_INPUTS: dict[str, float] = _declared(Inputs, "neutral")


@dataclass(frozen=True, slots=True, kw_only=True)
class State:
    """The per-person state :func:`update_people` reads (all length n), in the order the
    kernel takes it; each field is the state array of that name
    (:data:`polsim.model.engine.STATE`), ``visibility`` this week's."""

    x: FloatArray
    c: FloatArray
    r: FloatArray
    r0: FloatArray
    tau: FloatArray
    tau0: FloatArray
    s: FloatArray
    s0: FloatArray
    blame: FloatArray
    conviction: FloatArray
    degree: FloatArray
    visibility: FloatArray

    def arrays(self) -> tuple[FloatArray, ...]:
        """The state in field order, as the kernel takes it."""
        return _state_of(self)


_STATE_NAMES = tuple(f.name for f in fields(State))
_state_of = operator.attrgetter(*_STATE_NAMES)


@njit(cache=True, parallel=True)
def _update_people(state, inputs, step, params, out):  # pragma: no cover - compiled
    # The tuples follow the field order of State and Inputs (built by their arrays()), and so
    # does ``step``: 1 for an input given per person, 0 for one given once for everyone
    # (length 1), read as ``input[i * step]``, so that an input nobody receives this week
    # costs no pass over memory. ``out`` has one row per WEEK_FIELDS entry, at the W_* places.
    x, c, r, r0, tau, tau0, s, s0, b, conv, deg, v = state
    heard, m, fd, seen, shock, trust, near_inc, reframed, moralised, support, dx, dc = inputs
    _, km, _, kseen, kshock, ktrust, knear, kref, kmor, ksup, kdx, kdc = step
    # each parameter by its name, read once (a record cannot enter the parallel loop)
    prm = params[0]
    a_s, a_m, a_o = prm.offline_amplification, prm.media_amplification, prm.online_amplification
    damp, mu, phi = prm.key_figure_damping, prm.social_influence, prm.side_taking
    gain, decay = prm.commitment_gain, prm.commitment_decay
    erosion, recovery = prm.tolerance_erosion, prm.tolerance_recovery
    s_gain, s_decay = prm.salience_gain, prm.salience_decay
    s_incident, s_moral = prm.incident_salience, prm.moralising_salience
    support_gain, relax = prm.support_gain, prm.resilience_relaxation
    blame_rate, blame_decay, hazard = prm.blame_rate, prm.blame_decay, prm.incident_hazard
    for i in prange(x.shape[0]):
        h = heard[i, H_HEARD]
        offline = _offline_s(x[i], s[i], h, heard[i, H_RIGHT], heard[i, H_LEFT])
        o = seen[i * kseen] * _offline_s(x[i], s[i], fd[i, 0], fd[i, 1], fd[i, 2])
        p = _pressure_s(offline, m[i * km], o, shock[i * kshock], trust[i * ktrust], a_s, a_m,
                        a_o, damp)  # fmt: skip
        out[W_PRESSURE, i] = p
        out[W_STANCE, i] = _stance_s(x[i], h, heard[i, H_PULL], c[i], s[i], p, conv[i],
                                     dx[i * kdx], mu, phi)  # fmt: skip
        out[W_COMMITMENT, i] = _commitment_s(c[i], p, r[i], conv[i], dc[i * kdc], gain, decay)
        out[W_TOLERANCE, i] = _tolerance_s(tau[i], c[i], p, tau0[i], erosion, recovery)
        out[W_SALIENCE, i] = _salience_s(s[i], s0[i], p, r[i], reframed[i * kref],
                                         near_inc[i * knear], moralised[i * kmor], c[i], s_gain,
                                         s_decay, s_incident, s_moral)  # fmt: skip
        out[W_RESILIENCE, i] = _resilience_s(r[i], r0[i], support[i * ksup], support_gain, relax)
        out[W_BLAME, i] = _blame_s(b[i], x[i], v[i], heard[i, H_HOSTILE], deg[i], blame_rate,
                                   blame_decay)  # fmt: skip
        out[W_INCIDENT, i] = _incident_s(x[i], c[i], s[i], heard[i, H_OPPOSED], deg[i], hazard)


def update_people(
    state: State, inputs: Inputs, params: NDArray[np.void], out: Week | None = None
) -> Week:
    """All per-person updates of a week in one pass: :func:`pressure`, then
    :func:`stance_update`, :func:`commitment_update`, :func:`tolerance_update`,
    :func:`salience_update`, :func:`resilience_update`, :func:`blame_update` and
    :func:`incident_probability` — the same scalar equations, applied without temporaries,
    every update reading the state at the start of the week (synchronous updating).
    ``params`` is :func:`param_record` of the model's parameters.
    """
    n = state.x.size
    if out is None:
        out = Week.empty(n)
    if params.dtype != PARAMS_DTYPE or params.shape != (1,):
        raise ValueError("params must be param_record(parameters)")
    given = inputs.arrays()
    step = []
    for name, a in zip(_INPUT_NAMES, given, strict=True):
        either = name in NEUTRAL_INPUTS
        if either and a.shape not in ((n,), (1,)):
            raise ValueError(f"inputs.{name} must have length {n} or 1, got shape {a.shape}")
        if not either and a.shape[0] != n:
            raise ValueError(f"inputs.{name} must have {n} rows, got shape {a.shape}")
        step.append(int(not either or a.shape[0] > 1))
    _update_people(state.arrays(), given, tuple(step), params, out.table)
    return out
