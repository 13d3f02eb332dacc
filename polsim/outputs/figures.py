"""Figures of opinion dynamics (matplotlib, no display needed).

Functions draw on a given :class:`matplotlib.axes.Axes` and return it, so that callers compose
their own figures; :func:`classic_gallery` runs the classic models and returns a whole figure.
Every colour is from :mod:`polsim.outputs.palette` (Okabe and Ito's colour-blind-safe palette),
the roles in the colours they have in every output.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from polsim import measures
from polsim.classic import kernels
from polsim.classic.result import DynamicsResult
from polsim.outputs.palette import GREYS, OKABE_ITO, ROLE_COLOURS, SERIES_COLOURS
from polsim.text import check_lang, label, number, percent, text
from polsim.validation import DEFAULT_SEED, as_generator

__all__ = [
    "classic_gallery",
    "locale_ticks",
    "plain",
    "plot_histogram",
    "plot_trajectories",
    "polarisation_overview",
    "sensitivity_figure",
    "tradeoff_figure",
]

#: How many agents' lines a trajectory plot draws at most (more only darkens the picture).
MAX_LINES = 300
#: The classic gallery's three regimes of a model (consensus-like, plural, polarised), the
#: same colours in the Jager-Amblard and the Baumann panels.
REGIME_COLOURS = SERIES_COLOURS[:3]


def plot_trajectories(
    ax: Axes,
    result: DynamicsResult,
    *,
    title: str = "",
    time_scale: float = 1.0,
    time_label: str | None = None,
    color: str = OKABE_ITO["blue"],
    lang: str = "en",
) -> Axes:
    """Draw each agent's opinion over time from a result recorded with ``record_every``
    (axis labels in ``lang``; ``time_label`` default: "step")."""
    if result.trajectory is None or result.record_steps is None:
        raise ValueError("result has no trajectory; run the kernel with record_every=k")
    traj = result.trajectory
    cols = np.linspace(0, traj.shape[1] - 1, min(MAX_LINES, traj.shape[1])).astype(int)
    t = result.record_steps * time_scale
    ax.plot(t, traj[:, cols], color=color, lw=0.4, alpha=0.35)
    ax.set_xlabel(text("figure.classic.step", lang) if time_label is None else time_label)
    ax.set_ylabel(text("figure.classic.opinion", lang))
    ax.set_title(title, fontsize=10)
    locale_ticks(ax, lang)
    return ax


def plot_histogram(
    ax: Axes,
    x: np.ndarray,
    *,
    label: str = "",
    bins: int = 40,
    value_range: tuple[float, float] = (-1.0, 1.0),
    color: str | None = None,
    lang: str = "en",
) -> Axes:
    """Draw the share of agents per opinion bin (axis labels in ``lang``); ``color`` default:
    the next of :data:`polsim.outputs.palette.SERIES_COLOURS` on ``ax``."""
    if color is None:
        color = SERIES_COLOURS[len(ax.containers) % len(SERIES_COLOURS)]
    weights = np.full(x.size, 1.0 / x.size)
    ax.hist(x, bins=bins, range=value_range, weights=weights, alpha=0.6, label=label, color=color)
    ax.set_xlabel(text("figure.classic.opinion", lang))
    ax.set_ylabel(text("figure.classic.share", lang))
    locale_ticks(ax, lang)
    return ax


def classic_gallery(*, rng: Any = DEFAULT_SEED, n: int = 500, lang: str = "en") -> Figure:
    """Six panels of the classic models at their textbook parameters, labelled in ``lang``.

    Deffuant at two thresholds, Hegselmann–Krause, Jager–Amblard's three regimes and
    Baumann et al.'s polarised and radicalised states; ``n`` agents under complete mixing.
    """
    lang = check_lang(lang)
    gen = as_generator(rng)
    fig = Figure(figsize=(14, 8), layout="constrained")
    axes = fig.subplots(2, 3)
    unit = gen.random(n)
    sym = gen.uniform(-1.0, 1.0, n)
    for ax, eps in zip(axes[0, :2], (0.25, 0.1), strict=True):
        res = kernels.deffuant(
            unit, eps=eps, mu=0.5, interactions=60 * n, record_every=n // 2, rng=gen
        )
        k = measures.cluster_count(res.x, tol=0.02, min_share=0.02)
        plot_trajectories(
            ax,
            res,
            title=text("figure.classic.deffuant", lang, eps=number(eps, lang), clusters=k),
            time_scale=1.0 / n,
            time_label=text("figure.classic.interactions", lang),
            lang=lang,
        )
    hk = kernels.hegselmann_krause(unit, eps=0.1, record_every=1)
    hk_clusters = measures.cluster_count(hk.x, tol=0.02)
    plot_trajectories(
        axes[0, 2],
        hk,
        title=text("figure.classic.hk", lang, eps=number(0.1, lang), clusters=hk_clusters),
        color=OKABE_ITO["green"],
        lang=lang,
    )
    ax = axes[1, 0]
    for (U, T, name), color in zip(
        ((1.2, 1.6, "uniformity"), (0.3, 1.8, "pluriformity"), (0.4, 0.6, "bipolarisation")),
        REGIME_COLOURS,
        strict=True,
    ):
        ja = kernels.jager_amblard(sym, U=U, T=T, mu=0.1, rng=gen)
        regime = text(f"figure.classic.{name}", lang)
        plot_histogram(ax, ja.x, label=f"U={number(U, lang)}, T={number(T, lang)}: {regime}",
                       color=color, lang=lang)  # fmt: skip
    ax.set_title(text("figure.classic.jager_amblard", lang), fontsize=10)
    ax.legend(fontsize=8)
    pol = kernels.baumann(sym, K=3, alpha=3, beta=3, steps=600, record_every=5, rng=gen)
    plot_trajectories(
        axes[1, 1],
        pol,
        title=text("figure.classic.baumann_polarisation", lang),
        time_scale=0.01,
        time_label=text("figure.classic.time", lang),
        color=REGIME_COLOURS[2],
        lang=lang,
    )
    ax = axes[1, 2]
    for (K, alpha, beta, name), color in zip(
        ((3, 0.05, 2, "consensus"), (3, 3, 0, "radicalisation"), (3, 3, 3, "polarisation")),
        REGIME_COLOURS,
        strict=True,
    ):
        b = kernels.baumann(sym, K=K, alpha=alpha, beta=beta, steps=600, rng=gen)
        regime = text(f"figure.classic.{name}", lang)
        plot_histogram(
            ax,
            np.tanh(b.x),
            label=f"K={K}, α={number(alpha, lang)}, β={beta}: {regime}",
            color=color,
            bins=50,
            lang=lang,
        )
    ax.set_xlabel(f"tanh({text('figure.classic.opinion', lang)})")
    ax.set_title(text("figure.classic.baumann_regimes", lang), fontsize=10)
    ax.legend(fontsize=8)
    fig.suptitle(text("figure.classic.title", lang), fontsize=13)
    fig.set_label(text("figure.classic.title", lang))
    return fig


def locale_ticks(ax: Axes, lang: str) -> Axes:
    """Number both axes' ticks in ``lang``'s style (``0,5`` and ``1.000`` in Dutch)."""
    numbered = FuncFormatter(lambda value, _position: number(value, lang))
    ax.xaxis.set_major_formatter(numbered)
    ax.yaxis.set_major_formatter(numbered)
    return ax


def plain(label: str) -> str:
    """``label`` drawn as written: a scenario title such as ``$5 budget`` or ``$\\x$`` is text,
    not a formula for matplotlib's mathtext (which fails on commands it does not know)."""
    return label.replace("$", r"\$")


def polarisation_overview(metrics: Any, *, lang: str = "en", title: str = "") -> Figure:
    """Roles over time, tolerance of the middle and the KIS phase of one run.

    ``metrics`` is a :attr:`polsim.PolarisationModel.metrics` table; labels and numbers in
    ``lang`` (``"en"`` or ``"nl"``). The roles have their colours of every output
    (:data:`polsim.outputs.palette.ROLE_COLOURS`).
    """
    from polsim.model.roles import ROLE_NAMES

    check_lang(lang)
    week, tolerance, phase = (
        text(f"figure.{key}", lang) for key in ("week", "tolerance", "kis_phase")
    )
    fig = Figure(figsize=(12, 4.2), layout="constrained")
    a1, a2 = fig.subplots(1, 2)
    weeks = metrics["step"]
    for role in ROLE_NAMES:
        a1.plot(weeks, metrics[role], color=ROLE_COLOURS[role], label=label(role, lang))
    a1.set_xlabel(week)
    a1.set_ylabel(text("figure.share_of_people", lang))
    a1.set_title(text("figure.roles", lang), fontsize=10)
    a1.legend(fontsize=8)
    locale_ticks(a1, lang)
    a2.plot(weeks, metrics["tolerance_of_middle"], color=OKABE_ITO["blue"], label=tolerance)
    a2.set_xlabel(week)
    a2.set_ylim(0, 1.02)
    a2.set_ylabel(tolerance)
    locale_ticks(a2, lang)
    phase_axis = a2.twinx()
    phase_axis.step(weeks, metrics["phase"], where="post", color=OKABE_ITO["vermillion"],
                    label=phase)  # fmt: skip
    phase_axis.set_yticks([1, 2, 3, 4])
    phase_axis.set_yticklabels([label(k, lang) for k in (1, 2, 3, 4)], fontsize=7)
    phase_axis.set_ylim(0.8, 4.2)
    a2.set_title(f"{tolerance} / {phase}", fontsize=10)
    if title:
        fig.suptitle(plain(title), fontsize=12)
    return fig


def sensitivity_figure(result: Any, lang: str = "en") -> Figure:
    """The indices of a :class:`polsim.runs.sensitivity.Sensitivity`: Sobol first and total
    order with their 95% intervals and their convergence over the base sample size; Morris
    mu* against sigma; delta with its interval. Labels in ``lang``."""
    from polsim.runs.comparison import OUTCOMES

    table = result.indices
    outcome = OUTCOMES[result.outcome].label(lang)
    if result.method == "sobol":
        fig = Figure(figsize=(12, 0.45 * len(table) + 2.2), layout="constrained")
        bars, path = fig.subplots(1, 2)
        y = np.arange(len(table))
        bars.errorbar(table.S1, y - 0.15, xerr=table.S1_conf, fmt="o",
                      label=text("figure.sensitivity.first", lang))  # fmt: skip
        bars.errorbar(table.ST, y + 0.15, xerr=table.ST_conf, fmt="s",
                      label=text("figure.sensitivity.total", lang))  # fmt: skip
        bars.set_yticks(y, table.parameter)
        bars.axvline(0, color=GREYS["grey"], lw=0.8)
        bars.set_xlabel(text("figure.sensitivity.sobol", lang, outcome=outcome))
        bars.legend(fontsize=8)
        if not result.convergence.empty:
            for name, part in result.convergence.groupby("parameter", sort=False):
                path.plot(part.n, part.ST, marker="o", label=str(name))
            path.set_xscale("log", base=2)
            path.set_xlabel(text("figure.sensitivity.base", lang))
            path.set_ylabel(text("figure.sensitivity.total", lang))
            path.set_title(text("figure.sensitivity.convergence", lang), fontsize=10)
            path.legend(fontsize=7)
    elif result.method == "morris":
        fig = Figure(figsize=(7, 5), layout="constrained")
        ax = fig.subplots()
        ax.errorbar(table.mu_star, table.sigma, xerr=table.mu_star_conf, fmt="o")
        for row in table.itertuples():
            ax.annotate(str(row.parameter), (row.mu_star, row.sigma), fontsize=7)
        ax.set_xlabel(text("figure.sensitivity.mu_star", lang, outcome=outcome))
        ax.set_ylabel(text("figure.sensitivity.sigma", lang))
    else:
        fig = Figure(figsize=(7, 0.45 * len(table) + 1.5), layout="constrained")
        ax = fig.subplots()
        y = np.arange(len(table))
        ax.errorbar(table.delta, y, xerr=table.delta_conf, fmt="o")
        ax.set_yticks(y, table.parameter)
        ax.set_xlabel(text("figure.sensitivity.delta", lang, outcome=outcome))
    title = text("figure.sensitivity.title", lang, method=result.method.title(), outcome=outcome,
                 share=percent(result.seeds_share, lang))  # fmt: skip
    fig.suptitle(title, fontsize=10)
    fig.set_label(title)
    numbered = FuncFormatter(lambda value, _position: number(value, lang))
    fig.axes[0].xaxis.set_major_formatter(numbered)  # the y axis of the bars names parameters
    for ax in fig.axes[1:]:  # the convergence: numbers on the y axis, powers of two on x
        ax.yaxis.set_major_formatter(numbered)
    if result.method == "morris":
        fig.axes[0].yaxis.set_major_formatter(numbered)
    return fig


def tradeoff_figure(
    trajectory: Any, chosen: tuple[float, float] | None = None, lang: str = "en"
) -> Figure:
    """PRIM's coverage-density trade-off: each box of the peeling trajectory (a table with
    ``coverage``, ``density`` and ``res_dim`` columns, as
    :attr:`polsim.ema.Discovery.trajectory`), coloured by how many parameters it restricts,
    and the ``chosen`` box's (coverage, density) marked. Labels in ``lang``."""
    fig = Figure(figsize=(7, 5), layout="constrained")
    ax = fig.subplots()
    dims = np.asarray(trajectory["res_dim"], dtype=float)
    points = ax.scatter(trajectory["coverage"], trajectory["density"], c=dims, cmap="viridis",
                        s=22)  # fmt: skip
    bar = fig.colorbar(points, ax=ax)
    bar.set_label(text("figure.tradeoff.dimensions", lang))
    if chosen is not None:
        coverage, density = chosen
        mark = text("figure.tradeoff.chosen", lang, coverage=number(coverage, lang, digits=2),
                    density=number(density, lang, digits=2))  # fmt: skip
        ax.scatter([coverage], [density], s=160, facecolors="none",
                   edgecolors=OKABE_ITO["vermillion"], linewidths=1.6, label=mark)  # fmt: skip
        ax.legend(fontsize=8, loc="lower left")
    ax.set_xlabel(text("figure.tradeoff.coverage", lang))
    ax.set_ylabel(text("figure.tradeoff.density", lang))
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    title = text("figure.tradeoff.title", lang)
    ax.set_title(title, fontsize=10)
    fig.set_label(title)
    numbered = FuncFormatter(lambda value, _position: number(value, lang, digits=1))
    ax.xaxis.set_major_formatter(numbered)
    ax.yaxis.set_major_formatter(numbered)
    return fig
