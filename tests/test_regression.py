"""Stored regression values of seeded runs, recorded before the package was reorganised into
subpackages (tests/data/reference_run.json): the reorganisation, and any later change that is
not meant to change the model, must leave them as they are."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from polsim import PolarisationModel, compare

REFERENCE = json.loads((Path(__file__).parent / "data" / "reference_run.json").read_text())


def test_a_seeded_city_runs_as_recorded() -> None:
    ref = REFERENCE["model"]
    model = PolarisationModel(n_agents=ref["n_agents"], rng=ref["seed"])
    model.run(ref["weeks"])
    rows = model.datacollector.get_model_vars_dataframe()
    assert sorted(rows.columns) == sorted(ref["metrics"])
    for name, values in ref["metrics"].items():
        np.testing.assert_allclose(rows[name].to_numpy(float), values, rtol=1e-9, atol=1e-12,
                                   err_msg=name)  # fmt: skip


def test_a_seeded_comparison_runs_as_recorded() -> None:
    ref = REFERENCE["compare"]
    result = compare(ref["scenarios"], replicates=ref["replicates"], weeks=ref["weeks"],
                     seed=ref["seed"], n_agents=ref["n_agents"])  # fmt: skip
    stored = ref["outcomes"]
    expected = pd.DataFrame(stored["data"], columns=stored["columns"])
    got = result.outcomes.reset_index(drop=True)
    assert list(got.columns) == list(expected.columns)
    for column in expected.columns:
        if pd.api.types.is_numeric_dtype(got[column]):
            np.testing.assert_allclose(got[column].to_numpy(float),
                                       expected[column].to_numpy(float), rtol=1e-9, atol=1e-12,
                                       err_msg=column)  # fmt: skip
        else:
            assert got[column].tolist() == expected[column].tolist(), column
