"""The default city's Sobol indices and the region where it escalates (PRIM).

``python -m experiments.discovery_and_sobol [out.json]`` runs

- a Sobol analysis of eight parameters that carry the debate and the media (base sample
  size 64, so 640 points, 1,000 people, 78 weeks, paired cities) for the silent middle at
  the end, with 95% bootstrap intervals and the seeds' share of the variance (two
  replicates per point);
- 300 EMA Workbench experiments over the same parameters without interventions (1,000
  people, 104 weeks, two replicates each), and PRIM's box of the experiments in which the
  city reached phase 4 in at least one of its two runs (the box of highest coverage at a
  density of at least 0.8),

and writes the figures quoted in docs/experiments.md to ``docs/figures/discovery_and_sobol.json``
and PRIM's coverage-density trade-off to ``docs/figures/prim_tradeoff.png``.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

from polsim import ema
from polsim.outputs.figures import tradeoff_figure
from polsim.runs import sensitivity

NAMES = [
    "shock_rate", "shock_strength", "media_amplification", "online_amplification",
    "offline_amplification", "incident_hazard", "resilience_mean", "commitment_gain",
]  # fmt: skip


def main(out: Path) -> None:
    started = time.perf_counter()
    sobol = sensitivity.sobol(NAMES, n=64, replicates=2, weeks=78, n_agents=1000,
                              executor="processes")  # fmt: skip
    sobol_seconds = time.perf_counter() - started
    assert sobol.sweep is not None
    import ema_workbench as workbench

    model = ema.workbench_model(
        uncertainties=NAMES, levers=[], replicates=2, weeks=104, n_agents=1000,
        outcomes=("reached_phase_4", "final_silent", "incidents"),
    )  # fmt: skip
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with workbench.MultiprocessingEvaluator(model, n_processes=2) as evaluator:
            experiments, outcomes = workbench.perform_experiments(
                model, scenarios=300, evaluator=evaluator,
                uncertainty_sampling_kwargs={"rng": 2026},  # the Workbench samples unseeded
            )  # fmt: skip
    ema_seconds = time.perf_counter() - started
    found = ema.discover(experiments, outcomes, outcome="reached_phase_4", above=0.0,
                         threshold=0.8)  # fmt: skip
    record = {
        "sobol": {"outcome": sobol.outcome, "n": 64, "points": len(sobol.sweep.points),
                  "replicates": 2, "n_agents": 1000, "weeks": 78,
                  "seeds_share": sobol.seeds_share, "seconds": sobol_seconds,
                  "indices": sobol.indices.to_dict("records")},
        "prim": {"experiments": len(experiments), "weeks": 104, "n_agents": 1000,
                 "share_escalating": float((outcomes["reached_phase_4"] > 0).mean()),
                 "coverage": found.coverage, "density": found.density,
                 "limits": found.limits.reset_index(names="parameter").to_dict("records"),
                 "trajectory": found.trajectory[["coverage", "density", "res_dim"]]
                 .to_dict("records"),
                 "seconds": ema_seconds},
    }  # fmt: skip
    out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    figure = tradeoff_figure(found.trajectory, (found.coverage, found.density))
    figure.savefig(out.with_name("prim_tradeoff.png"), dpi=110)
    print(json.dumps(record, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/figures/discovery_and_sobol.json"))
