"""The engine: the state declared once, and the weekly measures from per-city sums that say
what their names say."""

from __future__ import annotations

import threading

import numba
import numpy as np
import pytest

from polsim import PolarisationModel, measures
from polsim.model import engine
from polsim.model.engine import STATE, SUMMARY_FIELDS, SUMMARY_INPUTS, Engine, summaries


def _city(seed: int, n: int) -> dict[str, np.ndarray]:
    gen = np.random.default_rng(seed)
    return {
        "x": gen.uniform(-1, 1, n), "c": gen.random(n), "tau": gen.random(n),
        "s": gen.random(n), "pressure": gen.random(n), "key_figure": gen.random(n) < 0.1,
        "neighbour_stance": gen.normal(0, 2, n), "degree": gen.integers(1, 9, n).astype(float),
        "avoided": gen.integers(0, 4, n).astype(float),
    }  # fmt: skip


def test_each_summary_column_holds_what_its_name_says():
    """Computed again with numpy for two cities of different seeds side by side: a column
    filled in the wrong place fails here."""
    n = 700
    cities = [_city(1, n), _city(2, n)]
    joined = {k: np.concatenate([c[k] for c in cities]) for k in cities[0]}
    bounds = np.array([0, n, 2 * n])
    names = {"stance": "x", "commitment": "c", "tolerance": "tau", "salience": "s"}
    sums = summaries(bounds, tuple(joined[names.get(k, k)] for k in SUMMARY_INPUTS))
    for b, city in enumerate(cities):
        got = dict(zip(SUMMARY_FIELDS, sums[b], strict=True))
        x = city["x"]
        centred = x - x.mean()
        expected = {
            "m2": np.mean(centred**2),
            "m3": np.mean(centred**3),
            "m4": np.mean(centred**4),
            "biggest": np.abs(x).max(),  # the largest magnitude (a scale for flatness)
            "esteban_ray": measures.esteban_ray(x, bins=20, alpha=1.0),
            "echo": np.corrcoef(x, city["neighbour_stance"] / city["degree"])[0, 1],
            "tolerance_weighted": np.sum(city["c"] * city["tau"]),
            "commitment_total": np.sum(city["c"]),
            "tolerance_mean": np.mean(city["tau"]),
            "salience": np.mean(city["s"]),
            "commitment": np.mean(city["c"]),
            "pressure": np.mean(city["pressure"]),
            "key_figures": np.sum(city["key_figure"]),
            "avoided": np.sum(city["avoided"]),
            "talk": 0.0,  # filled in by the engine from the week's visibility
        }
        assert set(expected) == set(SUMMARY_FIELDS)
        for name, value in expected.items():
            assert got[name] == pytest.approx(value, rel=1e-9, abs=1e-12), name


def test_the_first_weeks_measures_say_what_their_names_say():
    model = PolarisationModel(n_agents=500, rng=4)
    row = model.metrics.iloc[0]
    x = model.x
    assert row["spread"] == pytest.approx(np.var(x), rel=1e-12)
    assert row["salience"] == pytest.approx(np.mean(model.s), rel=1e-12)
    assert row["tolerance_of_middle"] == pytest.approx(
        np.sum(model.c * model.tau) / np.sum(model.c), rel=1e-12
    )
    assert row["us_them_talk"] == pytest.approx(np.mean(model.visibility * model.s), rel=1e-12)
    shares = np.bincount(model.roles, minlength=5) / 500
    assert [row[r] for r in ("silent", "joiner", "pusher", "bridge_builder", "scapegoat")] == list(
        shares
    )


def test_a_citys_state_holds_the_declared_fields():
    model = PolarisationModel(n_agents=40, rng=1)
    city = model.engine.cities[0]
    state = model.engine.state_of(0)
    assert set(state) == {f.name for f in STATE}
    given = {k: v for k, v in state.items() if k != "x"}
    with pytest.raises(ValueError, match=r"missing \['x'\]"):
        Engine([city], [given])
    with pytest.raises(ValueError, match=r"unknown \['mood'\]"):
        Engine([city], [{**state, "mood": np.zeros(40)}])
    # a field with a declared initial value may be left out: it starts there
    fresh = Engine([city], [{k: v for k, v in state.items() if k != "tone"}])
    assert np.all(fresh.arrays["tone"] == 1.0)


def test_the_engines_measures_are_the_models_metrics():
    assert tuple(PolarisationModel(n_agents=30, rng=1).metrics.columns[1:-1]) == engine.MEASURES


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="one thread: nothing to mask")
def test_a_models_thread_count_stays_in_its_own_thread():
    """A week runs under engine.threads(k): numba's count for the calling thread only, so a
    dashboard's server thread and a notebook stepping two cities do not change each other's."""
    seen: dict[str, int] = {}
    with engine.threads(1):
        assert numba.get_num_threads() == 1
        other = threading.Thread(target=lambda: seen.setdefault("other", numba.get_num_threads()))
        other.start()
        other.join()
    assert seen["other"] == numba.config.NUMBA_NUM_THREADS
