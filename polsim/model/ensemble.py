"""Ensembles: replicates of one city run side by side as one array program.

Small runs are dominated by fixed costs: at 1,000 people a week costs about as much in
per-call overhead as in arithmetic. An :class:`Ensemble` steps several models of the same size
and parameters together: their people end to end, their offline networks as one
block-diagonal network, every per-person equation, pass over the network, role
classification and weekly measure one call for all of them (:mod:`polsim.model.engine`).
What belongs to one city — its policies, dialogues, outlets, national debates, incidents and
unfollowing, and all its random draws — stays that city's, drawn from its own streams in the
order it draws them alone. Each model's results are therefore bit for bit those it gives
alone (tested), and after the run each model is an ordinary model: its ``metrics``,
``state()``, and it can go on alone.

>>> from polsim.model.ensemble import Ensemble
>>> ensemble = Ensemble.of([1, 2, 3], n_agents=300)
>>> ensemble.run(10)
>>> [len(m.metrics) for m in ensemble.models]
[11, 11, 11]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from polsim.model.engine import Engine, threads
from polsim.model.polarisation import MAX_THREADS, THREADS_FROM, PolarisationModel
from polsim.validation import check_int

__all__ = ["Ensemble"]


class Ensemble:
    """Models of one size and parameter set, stepped together (see the module docstring):
    their cities joined into one :class:`~polsim.model.engine.Engine`.

    Parameters
    ----------
    models : PolarisationModel
        At least one; the same number of people, the same parameters and the same week. A
        model may have its own network, outlets, shocks and policies. A week in which a
        policy has changed a model's parameters (so they differ) runs each city on its own.
    threads : int, optional
        Threads of the compiled kernels: by default one for cities below
        :data:`~polsim.model.polarisation.THREADS_FROM` people (on a shared machine threads
        that wait for each other cost far more than they save), else all numba may use.
    """

    def __init__(self, models: Iterable[PolarisationModel], *, threads: int | None = None) -> None:
        self.models = list(models)
        if not self.models:
            raise ValueError("an ensemble needs at least one model")
        first = self.models[0]
        for k, m in enumerate(self.models):
            if not isinstance(m, PolarisationModel):
                raise ValueError(f"models[{k}] must be a PolarisationModel, got {m!r}")
            if m.n != first.n or m.steps != first.steps or m.params != first.params:
                raise ValueError(
                    f"models[{k}] differs from models[0] in its size, week or parameters; "
                    "an ensemble steps models of one size and parameter set from one week"
                )
            if m.engine.arrays["follows"].shape[1] != first.engine.arrays["follows"].shape[1]:
                raise ValueError(f"models[{k}] follows a different number of accounts")
        if len({id(m) for m in self.models}) != len(self.models):
            raise ValueError("each model may be in an ensemble once")
        # an ensemble is for small cities: threads pay per city only from THREADS_FROM people
        self.threads = (
            check_int(threads, "threads", low=1, high=MAX_THREADS)
            if threads is not None
            else (1 if first.n < THREADS_FROM else MAX_THREADS)
        )
        self.engine = self._join()

    def _join(self) -> Engine:
        """One engine of the models' cities; each model shows its city of it."""
        engine = Engine.join([m.engine for m in self.models])
        for b, m in enumerate(self.models):
            m.attach(engine, b)
        return engine

    @classmethod
    def of(cls, seeds: Sequence[Any], *, threads: int | None = None, **kwargs: Any) -> Ensemble:
        """One model per seed (``PolarisationModel(rng=seed, **kwargs)``, without Mesa agent
        views unless ``create_agents`` says so), as an ensemble."""
        kwargs.setdefault("create_agents", False)
        return cls([PolarisationModel(rng=seed, **kwargs) for seed in seeds], threads=threads)

    def step(self) -> None:
        """Advance every model one week: each model's Mesa step (its clock, events and
        policies), then the week of every city at once."""
        if any(m.engine is not self.engine for m in self.models):
            self.engine = self._join()  # a model went on alone in between: join again
        week = self.models[0].steps
        with self.engine.batch():
            for m in self.models:
                m.step()
        with threads(self.threads):
            measures = self.engine.advance(week)
        for m, row in zip(self.models, measures, strict=True):
            m.record_measures(row)

    def run(self, steps: int) -> None:
        """Run ``steps`` weeks."""
        for _ in range(check_int(steps, "steps", low=0)):
            self.step()

    @property
    def metrics(self) -> pd.DataFrame:
        """Every model's ``metrics``, one after another, with its position as ``replicate``."""
        tables = []
        for k, m in enumerate(self.models):
            table = m.metrics
            table.insert(0, "replicate", k)
            tables.append(table)
        return pd.concat(tables, ignore_index=True)
