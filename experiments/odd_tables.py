"""Fill the measured sections of docs/odd.md from the studies' outputs in docs/figures/.

Run from the project root after the studies (``python -m experiments.brandsma_calibration``,
``python -m experiments.brandsma_sensitivity``, ``python -m experiments.brandsma_patterns``)::

    python -m experiments.odd_tables [docs/odd.md]

Each section sits between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` markers and is
rendered only from the JSON files, so a test can check that the document says what the
recorded studies measured.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FIGURES = Path("docs/figures")


def _load(name: str, folder: Path = FIGURES) -> Any:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def calibration(data: dict[str, Any]) -> str:
    lines = [
        "| the default city left alone for two years | N = 1,000 | N = 2,000 |",
        "| --- | --- | --- |",
    ]
    small, large = data["default_city"], data["default_city_2000"]
    lines.append(f"| runs (paired seeds) | {small['runs']} | {large['runs']} |")
    for k, name in ((2, "ongemak"), (3, "onderhuidse spanningen"), (4, "openlijke incidenten")):
        cells = []
        for city in (small, large):
            ph = city[f"phase_{k}"]
            week = "–" if ph["median_week"] is None else f"{ph['median_week']:.0f}"
            cells.append(
                f"{_pct(ph['share_reaching'])} [{_pct(ph['ci_low'])}, {_pct(ph['ci_high'])}], "
                f"median week {week}"
            )
        lines.append(f"| reach phase {k} ({name}) | {cells[0]} | {cells[1]} |")
    for phase in ("1", "2", "3", "4"):
        rates = [
            "–" if c["incidents_per_1000_per_week_by_phase"][phase] is None
            else f"{c['incidents_per_1000_per_week_by_phase'][phase]:.3f}"
            for c in (small, large)
        ]  # fmt: skip
        lines.append(f"| incidents per 1,000 per week in phase {phase} | {rates[0]} | {rates[1]} |")
    roles = [c.get("roles_at_phase_4_entry") for c in (small, large)]
    lines.append(
        "| when phase 4 begins: pushers / joiners / silent middle | "
        + " | ".join(
            "–" if r is None else f"{_pct(r['pusher'])} / {_pct(r['joiner'])} / {_pct(r['silent'])}"
            for r in roles
        )
        + " |"
    )
    for key, label in (("silent", "silent middle"), ("tolerance_of_middle", "tolerance of the "
                       "middle"), ("salience", "identity salience")):  # fmt: skip
        cells = [f"{c['end_state'][key]['mean']:.2f} (sd {c['end_state'][key]['sd']:.2f})"
                 for c in (small, large)]  # fmt: skip
        lines.append(f"| at the end (last 8 weeks): {label} | {cells[0]} | {cells[1]} |")
    spread = data["scenarios"]
    constant = spread["outcomes_constant_everywhere"]
    lines += [
        "",
        f"Every shipped scenario, {spread['replicates']} paired replicates of two years at "
        "N = 1,000 (`docs/figures/calibration.json` holds every outcome and effect): outcomes "
        "fixed across every replicate of every scenario: "
        + (", ".join(f"`{c}`" for c in constant) if constant else "none")
        + ". Share of runs reaching phase 4 by scenario: "
        + ", ".join(
            f"`{name}` {_pct(row['reached_phase_4_mean'])}"
            for name, row in sorted(spread["scenarios"].items())
        )
        + ".",
    ]
    return "\n".join(lines) + "\n"


def screening(data: dict[str, Any]) -> str:
    rows = data["rows"]
    by_name: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_name.setdefault(row["parameter"], []).append(row)
    lines = [
        f"{data['seeds']} paired seeds per value, two years, N = 1,000. Each cell: value at -25% / "
        "at +25% (at the default). Phase 4: share of runs reaching it; silent middle: mean of "
        "the last eight weeks; incidents: per 1,000 residents over two years.",
        "",
        "| parameter | screened in | -25% / +25% | phase 4 reached | silent middle | "
        "incidents per 1,000 | clear change | flags |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    knife = [n for n, r in by_name.items() if r[0]["knife_edge"]]
    weak = [n for n, r in by_name.items() if r[0]["weak"]]
    dead = [n for n, r in by_name.items() if r[0]["dead"]]
    for name, pair in by_name.items():
        lo, hi = sorted(pair, key=lambda r: r["value"])
        flags = ", ".join(f for f, on in (("knife edge", lo["knife_edge"]), ("weak", lo["weak"]),
                                          ("dead", lo["dead"])) if on)  # fmt: skip
        clear = "/".join("yes" if r["clear"] else "no" for r in (lo, hi))
        lines.append(
            f"| `{name}` | {lo['scenario']} | {lo['value']:g} / {hi['value']:g} "
            f"| {lo['reached_phase_4']:.2f} / {hi['reached_phase_4']:.2f} "
            f"({lo['reached_phase_4_default']:.2f}) "
            f"| {lo['silent']:.2f} / {hi['silent']:.2f} ({lo['silent_default']:.2f}) "
            f"| {lo['incidents']:.1f} / {hi['incidents']:.1f} ({lo['incidents_default']:.1f}) "
            f"| {clear} | {flags or '–'} |"
        )
    lines += [
        "",
        f"Knife edges (phase 4 from below 0.1 to above 0.9 among the three values): "
        f"{', '.join(f'`{n}`' for n in knife) or 'none'}. Weak at ±25% (no clear change there, "
        f"a clear one at the ends of a wide range): {', '.join(f'`{n}`' for n in weak) or 'none'}."
        f" Dead (no clear change even then): {', '.join(f'`{n}`' for n in dead) or 'none'}. A "
        "clear change is a paired difference from the default whose 95% interval excludes zero "
        "in any outcome: the share reaching phases 2, 3 or 4, the silent middle, pushers, the "
        "tolerance of the middle, incidents, scapegoats or the blame of bridge builders.",
    ]
    for name, why in data.get("removed_after_screening", {}).items():
        lines.append(f"\nRemoved from the registry after this screening: `{name}` ({why}).")
    return "\n".join(lines) + "\n"


def patterns(data: dict[str, Any]) -> str:
    lines = [
        f"{data['seeds']} paired seeds, two years, N = {data['n_agents']:,}. Mean paired "
        "difference with its 95% t-interval; *robustness*: the share of points of a Latin "
        "hypercube over the plausible box at which the pattern holds (each point with the seeds "
        "the pattern needs).",
        "",
        "| pattern | measure | mean [95% interval] | holds | robustness |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, p in data["patterns"].items():
        rob = p.get("robustness")
        robust = "–" if rob is None else f"{_pct(rob['share_holding'])} of {rob['points']}"
        if p["rule"] == "all":
            holds = f"{'yes' if p['holds'] else 'no'} ({_pct(p['share_of_runs'])} of runs)"
        else:
            holds = "yes" if p["holds"] else "no"
        used = "" if p["seeds_used"] == p["seeds"] else f" ({p['seeds_used']} runs)"
        lines.append(
            f"| `{name}`: {p['claim']} | {p['measure']}{used} "
            f"| {p['mean']:+.3f} [{p['ci_low']:+.3f}, {p['ci_high']:+.3f}] | {holds} | {robust} |"
        )
    return "\n".join(lines) + "\n"


SECTIONS = {
    "calibration": ("calibration.json", calibration),
    "oat": ("oat.json", screening),
    "patterns": ("patterns.json", patterns),
}


def render(name: str, folder: Path = FIGURES) -> str:
    """The Markdown of one measured section, from its JSON file."""
    source, fn = SECTIONS[name]
    return fn(_load(source, folder))


def section(text: str, name: str) -> str:
    """What a document holds between the markers of section ``name``."""
    start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
    return text.split(start, 1)[1].split(end, 1)[0]


def main(argv: list[str] | None = None) -> int:
    path = Path((argv or sys.argv[1:] or ["docs/odd.md"])[0])
    text = path.read_text(encoding="utf-8")
    for name in SECTIONS:
        start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
        head, rest = text.split(start, 1)
        text = head + start + render(name) + end + rest.split(end, 1)[1]
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
