"""Deffuant and Hegselmann–Krause on a Watts–Strogatz graph (N = 10,000, k = 10): polsim's
kernels and ClassicModel against the idiomatic Mesa model of ``mesa_baselines``.

Records (one per line):

* ``<rule>_ws_kernel``: one sweep (Deffuant: N pair interactions; HK: one synchronous step)
  of the kernel in ``polsim.classic`` against one step of the Mesa model;
* ``<rule>_ws_classic_model``: one ``ClassicModel.step()`` (headless, no data collection,
  like the baseline) against one step of the Mesa model.

``ratio`` is baseline time / polsim time: how many times faster polsim is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from benchmarks.mesa_baselines import MesaOpinionModel
from polsim import ClassicModel, classic, networks
from polsim.classic import _loops

N, K, P = 10_000, 10, 0.1
RULES = {"deffuant": 0.2, "hegselmann_krause": 0.05}  # confidence bound of each rule


def _best(fn: Callable[[], float], repeats: int) -> float:
    return min(fn() for _ in range(repeats))


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    _loops.warm_up()
    gen = np.random.default_rng(2026)
    graph = networks.watts_strogatz(N, K, P, rng=gen)
    adj = networks.prepare(graph)
    x0 = gen.random(N)
    mesa_steps = 2 if quick else 5
    sweeps = 50 if quick else 200
    model_steps = 20 if quick else 100

    for rule, eps in RULES.items():

        def mesa_step(rule: str = rule, eps: float = eps) -> float:
            kind = "deffuant" if rule == "deffuant" else "hk"
            model = MesaOpinionModel(graph, x0, rule=kind, eps=eps)
            start = time.perf_counter()
            for _ in range(mesa_steps):
                model.step()
            return (time.perf_counter() - start) / mesa_steps

        def kernel_sweep(rule: str = rule, eps: float = eps) -> float:
            start = time.perf_counter()
            if rule == "deffuant":
                res = classic.deffuant(
                    x0, eps=eps, interactions=sweeps * N, tol=1e-300, graph=adj, rng=1
                )
                done = res.steps / N
            else:
                res = classic.hegselmann_krause(
                    x0, eps=eps, max_steps=sweeps, tol=1e-300, graph=adj
                )
                done = res.steps
            return (time.perf_counter() - start) / done

        def model_step(rule: str = rule, eps: float = eps) -> float:
            m = ClassicModel(
                rule=rule, x0=x0, network=adj, rng=1, create_agents=False, collect=False, eps=eps
            )
            start = time.perf_counter()
            for _ in range(model_steps):
                m.step()
            return (time.perf_counter() - start) / model_steps

        baseline = _best(mesa_step, 2)
        metric = "seconds_per_sweep" if rule == "deffuant" else "seconds_per_step"
        yield _record(f"{rule}_ws_kernel", metric, _best(kernel_sweep, 3), baseline)
        yield _record(f"{rule}_ws_classic_model", metric, _best(model_step, 3), baseline)


def _record(name: str, metric: str, polsim_time: float, baseline: float) -> dict[str, Any]:
    return {
        "benchmark": name,
        "metric": metric,
        "polsim": polsim_time,
        "baseline": baseline,
        "baseline_name": "idiomatic-mesa",
        "ratio": baseline / polsim_time,
        "n": N,
        "k": K,
        "p_rewire": P,
    }
