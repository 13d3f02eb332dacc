"""Bad input gets a ValueError that names the parameter and what is allowed."""

from __future__ import annotations

import numpy as np
import pytest

from polsim import ClassicModel, classic, networks

X = np.linspace(0.0, 1.0, 10)
G = networks.watts_strogatz(10, 4, 0.1, rng=1)

CASES = [
    (classic.deffuant, {"x0": [0.1, np.nan, 0.3], "eps": 0.2}, r"x0 must be finite.*entry 1"),
    (classic.deffuant, {"x0": [0.1, np.inf], "eps": 0.2}, "x0 must be finite"),
    (classic.deffuant, {"x0": X, "eps": 0.0}, r"eps must be a number in \(0, inf\)"),
    (classic.deffuant, {"x0": X, "eps": -1}, "eps must be"),
    (classic.deffuant, {"x0": X, "eps": 0.2, "mu": 0.6}, r"mu must be a number in \(0, 0.5\]"),
    (classic.deffuant, {"x0": X, "eps": 0.2, "mu": 0.0}, r"mu must be a number in \(0, 0.5\]"),
    (classic.deffuant, {"x0": X, "eps": 0.2, "interactions": -5}, "interactions must be"),
    (
        classic.deffuant,
        {"x0": X, "eps": 0.2, "interactions": 2.5},
        "interactions must be a whole number",
    ),
    (classic.deffuant, {"x0": [], "eps": 0.2}, "at least one opinion"),
    (classic.deffuant, {"x0": [[0.1, 0.2]], "eps": 0.2}, "1-D array"),
    (classic.deffuant, {"x0": X[:5], "eps": 0.2, "graph": G}, "graph has 10 nodes but x0 has 5"),
    (classic.hegselmann_krause, {"x0": X, "eps": 0}, "eps must be"),
    (classic.hegselmann_krause, {"x0": X, "eps": float("nan")}, "eps must be a number in"),
    (
        classic.hegselmann_krause,
        {"x0": X, "eps": 0.1, "graph": networks.to_csr(G)[:5, :]},
        "square",
    ),
    (classic.degroot, {"x0": [0.0, 1.0], "W": [[0.5, 0.4], [0.5, 0.5]]}, "row-stochastic.*row 0"),
    (classic.degroot, {"x0": [0.0, 1.0], "W": [[1.5, -0.5], [0.5, 0.5]]}, "non-negative"),
    (classic.degroot, {"x0": [0.0, 1.0, 2.0], "W": np.eye(2)}, "W is 2x2 but x0 has 3"),
    (
        classic.friedkin_johnsen,
        {"x0": X, "susceptibility": 1.2},
        r"susceptibility must be in \[0, 1\]",
    ),
    (classic.friedkin_johnsen, {"x0": X, "susceptibility": [0.5, 0.5]}, "one value per agent"),
    (classic.jager_amblard, {"x0": X, "U": 0.5, "T": 0.3}, r"T must be a number in \[0.5, inf\)"),
    (classic.jager_amblard, {"x0": X * 3, "U": 0.2, "T": 0.5}, "x0 must lie within bounds"),
    (classic.voter, {"x0": [0.0, 0.5, 1.0]}, "at most two distinct opinions"),
    (classic.baumann, {"x0": X, "K": 3, "alpha": 3, "beta": 1, "m": 10}, "m must be smaller"),
    (classic.baumann, {"x0": X, "K": 3, "alpha": 3, "beta": -1}, "beta must be"),
    (
        classic.baumann,
        {"x0": X, "K": 3, "alpha": 3, "beta": 1, "m": 2, "graph": G},
        "graph must be None",
    ),
    (classic.deffuant, {"x0": X, "eps": 0.2, "rng": "seed"}, "rng must be"),
    (classic.deffuant, {"x0": X, "eps": 0.2, "rng": -3}, "rng must be a non-negative"),
    (classic.deffuant, {"x0": X, "eps": 0.2, "graph": networks.complete(10).subgraph([])}, "empty"),
]


@pytest.mark.parametrize(("kernel", "kwargs", "message"), CASES)
def test_kernel_rejects_bad_input(kernel, kwargs, message):
    kwargs = dict(kwargs)
    x0 = kwargs.pop("x0")
    with pytest.raises(ValueError, match=message):
        kernel(x0, **kwargs)


def test_graph_without_ties_is_refused_for_pairwise_models():
    import networkx as nx

    g = nx.empty_graph(5)
    with pytest.raises(ValueError, match="no ties"):
        classic.deffuant(np.linspace(0, 1, 5), eps=0.2, graph=g)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rule": "majority"}, "rule must be one of"),
        ({"rule": "deffuant", "n_agents": 10, "eps": 2, "mu": 0.9}, "mu must be"),
        ({"rule": "deffuant", "eps": 0.2}, "give x0, n_agents or network"),
        ({"rule": "deffuant", "n_agents": 20, "network": G, "eps": 0.2}, "n_agents has 20"),
        ({"rule": "deffuant", "n_agents": 10, "eps": 0.2, "colour": "red"}, "colour"),
    ],
)
def test_classic_model_rejects_bad_input(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        ClassicModel(rng=1, **kwargs)


def test_input_arrays_are_never_modified():
    x0 = np.linspace(0, 1, 50)
    keep = x0.copy()
    for kernel, kw in [
        (classic.deffuant, {"eps": 0.3}),
        (classic.hegselmann_krause, {"eps": 0.3}),
        (classic.jager_amblard, {"U": 0.3, "T": 0.6}),
        (classic.degroot, {}),
    ]:
        kernel(x0, rng=1, **kw)
        np.testing.assert_array_equal(x0, keep)
