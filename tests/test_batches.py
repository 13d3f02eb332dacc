"""Batches: runs of one scenario at one point run as an ensemble, with the tables they give
alone."""

from __future__ import annotations

import pandas as pd
import pytest

from polsim.runs import batches
from polsim.runs.executors import Task, run_task
from polsim.scenarios import load


def _tasks(n_agents: int = 300, weeks: int = 25) -> list[Task]:
    return [
        Task(load(name), r, 5, weeks, {"n_agents": n_agents, "shock_rate": rate}, {}, point=p)
        for name in ("baseline", "combination", "reactive")
        for p, rate in enumerate((0.01, 0.03))
        for r in range(3)
    ]


def test_replicates_of_a_scenario_at_a_point_form_a_batch():
    groups = batches.batches(_tasks())
    assert [len(g) for g in groups] == [3] * 6
    for group in groups:
        assert len({(t.scenario.name, t.point) for t in group}) == 1


def test_batched_runs_give_exactly_the_tables_of_runs_alone():
    tasks = _tasks()
    for batched, alone in zip(batches.run_tasks(tasks), map(run_task, tasks), strict=True):
        pd.testing.assert_frame_equal(batched, alone, check_exact=True)


def test_large_cities_and_unpaired_settings_run_alone(monkeypatch):
    monkeypatch.setattr(batches, "ENSEMBLE_BELOW", 300)
    assert {len(g) for g in batches.batches(_tasks(n_agents=300))} == {1}
    monkeypatch.undo()
    tasks = _tasks()
    weeks_differ = [tasks[0], Task(tasks[1].scenario, 1, 5, 30, tasks[1].parameters, {}, point=0)]
    assert [len(g) for g in batches.batches(weeks_differ)] == [1, 1]


@pytest.mark.parametrize(("n_agents", "largest"), [(100, 16), (1000, 16), (1600, 10)])
def test_an_ensemble_holds_at_most_so_many_people(n_agents, largest):
    tasks = [Task(load("baseline"), r, 1, 5, {"n_agents": n_agents}, {}) for r in range(40)]
    sizes = [len(g) for g in batches.batches(tasks)]
    assert max(sizes) == largest
    assert sum(sizes) == 40


def test_with_several_workers_every_worker_has_batches_until_near_the_end():
    tasks = [Task(load("baseline"), r, 1, 5, {"n_agents": 300}, {}) for r in range(20)]
    assert [len(g) for g in batches.batches(tasks)] == [16, 4]
    assert [len(g) for g in batches.batches(tasks, workers=2)] == [5, 5, 5, 5]


def test_the_run_loop_gives_each_runs_table_in_order():
    from polsim.runs.loop import execute

    tasks = _tasks(weeks=6)
    tables = execute(tasks)
    assert [(t.scenario.iloc[0], t.point.iloc[0], t.replicate.iloc[0]) for t in tables] == [
        (t.scenario.name, t.point, t.replicate) for t in tasks
    ]
