"""A policy sees a narrow context: read-only state, the levers, and only the lever parameters;
the quick scan reports to the monitoring record instead of writing the model."""

from __future__ import annotations

import numpy as np
import pytest

from polsim import PolarisationModel
from polsim.interventions import QuickScan, build
from polsim.model import registry
from polsim.model.context import PolicyContext

STATE_VIEWS = ("stance", "commitment", "resilience", "tolerance", "salience", "visibility",
               "blame", "influence", "pressure", "roles", "bridge_builder", "key_figure",
               "incidents", "avoided_ties", "degree", "follows")  # fmt: skip


class _Recorder:
    """A policy that keeps what it was handed."""

    def __init__(self) -> None:
        self.seen: list[tuple[object, int]] = []

    def before_week(self, context: PolicyContext, week: int) -> None:
        self.seen.append((context, week))


def _city(*policies: object, n: int = 200) -> PolarisationModel:
    return PolarisationModel(n_agents=n, rng=4, policies=list(policies), create_agents=False)


def test_a_policy_is_handed_the_one_context_never_the_model() -> None:
    recorder = _Recorder()
    model = _city(recorder)
    model.run(3)
    assert [week for _, week in recorder.seen] == [0, 1, 2]
    assert all(context is model.policy_context for context, _ in recorder.seen)
    assert not any(isinstance(context, PolarisationModel) for context, _ in recorder.seen)
    assert model.policy_context.week == 2
    assert model.policy_context.n == 200
    assert model.policy_context.n_outlets == registry.PARAMETERS["n_outlets"].default


@pytest.mark.parametrize("name", STATE_VIEWS)
def test_a_policy_cannot_write_a_state_array(name: str) -> None:
    model = _city()
    model.run(2)
    view = getattr(model.policy_context, name)
    assert not view.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        view[0] = view[1]
    with pytest.raises(ValueError, match="WRITEABLE"):
        view.flags.writeable = True


def test_the_network_a_policy_sees_is_read_only() -> None:
    network = _city().policy_context.network
    for array in (network.indptr, network.indices, network.in_indptr, network.in_indices):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1


def test_the_views_show_this_weeks_state() -> None:
    model = _city()
    context = model.policy_context
    model.run(3)
    np.testing.assert_array_equal(context.stance, model.state()["stance"].to_numpy())
    np.testing.assert_array_equal(context.pressure, model.state()["pressure"].to_numpy())


@pytest.mark.parametrize(
    ("name", "value", "role"),
    [
        ("n_agents", 5, "a constant"),
        ("talk_threshold", 0.01, "a measurement setting"),
        ("reading_window", 2, "a measurement setting"),
        ("network_degree", 4, "an uncertainty"),
        ("media_amplification", 0.5, "an uncertainty"),
    ],
)
def test_a_policy_may_set_only_lever_parameters(name: str, value: float, role: str) -> None:
    model = _city()
    before = dict(model.params)
    with pytest.raises(ValueError, match=f"only the lever parameters .*; {name} is {role}") as e:
        model.policy_context.set_parameter(name, value)
    assert "\n" not in str(e.value)
    assert dict(model.params) == before
    assert model.n == 200


def test_a_policy_sets_a_lever_parameter_and_an_unknown_one_is_named() -> None:
    model = _city()
    model.policy_context.set_parameter("online_contrast", 1.5)
    assert model.params["online_contrast"] == 1.5
    with pytest.raises(ValueError, match="unknown parameter 'online_contrasts'"):
        model.policy_context.set_parameter("online_contrasts", 1.0)
    with pytest.raises(ValueError, match="online_rewiring must be a number in"):
        model.policy_context.set_parameter("online_rewiring", 3.0)


def test_the_model_refuses_to_change_how_the_city_was_built() -> None:
    model = _city()
    with pytest.raises(ValueError, match="n_agents is read only when the city is built"):
        model.set_parameter("n_agents", 5)
    assert model.params["n_agents"] == model.n == 200
    model.set_parameter("online_amplification", 0.3)  # read every week: may change
    assert model.params["online_amplification"] == 0.3


def test_the_context_offers_no_writable_params() -> None:
    params = _city().policy_context.params
    with pytest.raises(TypeError):
        params["talk_threshold"] = 0.0  # type: ignore[index]


def test_the_outlets_restraint_goes_through_the_context() -> None:
    model = _city()
    context = model.policy_context
    context.restrain_outlets(0.4)
    assert context.outlet_restraint == (0.4,) * context.n_outlets
    with pytest.raises(ValueError, match=r"restraint must be a number in \[0, 1\]"):
        context.restrain_outlets(1.5)


def test_every_parameter_has_one_role() -> None:
    for p in registry.PARAMETERS.values():
        assert p.role in registry.ROLES, p.name
    assert set(registry.levers()) == {"online_contrast", "online_rewiring"}
    measurements = {"talk_threshold", "avoidance_threshold", "incident_threshold", "reading_window"}
    assert {p.name for p in registry.by_role("measurement")} == measurements
    assert registry.PARAMETERS["n_agents"].role == "constant"
    # sensitivity analysis samples every plausible range, whatever the role
    assert {p.name for p in registry.uncertain()} == {
        p.name for p in registry.PARAMETERS.values() if p.role != "constant"
    }


def test_the_quick_scan_reports_to_the_monitoring_record_not_the_model() -> None:
    scan = QuickScan(noise=0.0, delay=0)
    reactive = build({"type": "media_restraint", "trigger": 2})
    model = PolarisationModel(n_agents=600, rng=3, policies=[scan, reactive],
                              create_agents=False, pusher_share=0.04)  # fmt: skip
    with pytest.raises(AttributeError):
        model.observed_phase = 4  # type: ignore[misc]
    model.run(104)
    record = model.policy_context.monitoring
    assert record.reports == [(h["week"], h["observed_phase"]) for h in scan.history]
    assert model.observed_phase == record.phase == scan.history[-1]["observed_phase"]
    first = next(week for week, phase in record.reports if phase >= 2)
    assert reactive.started_at == first


def test_the_network_and_the_levers_cannot_be_made_writeable_again() -> None:
    model = _city()
    context = model.policy_context
    context.levers.give_support([1, 2], 0.5)
    net = context.network
    # (an unused lever is a fresh broadcast of its neutral value at every reading: nothing to
    # write into)
    arrays = [net.indptr, net.indices, net.in_indptr, net.in_indices, model.adjacency.indices,
              context.levers.support]  # fmt: skip
    for a in arrays:
        with pytest.raises(ValueError, match="read-only"):
            a[0] = a[1]
        with pytest.raises(ValueError, match="WRITEABLE"):
            a.flags.writeable = True
    with pytest.raises(ValueError, match="strength"):
        context.levers.set_detection("key_figures", float("nan"))
    with pytest.raises(AttributeError):
        context.week = 99  # type: ignore[misc]
