"""Erlang A: exact against an independent computation, its identities, the limit to Erlang C, no underflow."""

from __future__ import annotations

import math

import numpy as np
import pytest

from otklik.workforce import erlang, erlang_a
from otklik.workforce.erlang_a import Basis
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import Targets, Workload
from otklik.workforce.staffing import erlang_a_staffing, erlang_c


def brute_force(agents: int, rate: float, aht: float, patience: float, seconds: float, states: int = 200) -> dict:
    """The same quantities by another road: a truncated generator solved with linear algebra for the
    stationary law, and each tagged customer's wait by uniformization of its own little chain."""
    mu, theta = 1 / aht, 1 / patience
    size = agents + states
    generator = np.zeros((size, size))
    for n in range(size):
        if n + 1 < size:
            generator[n, n + 1] = rate
        if n > 0:
            generator[n, n - 1] = min(n, agents) * mu + max(n - agents, 0) * theta
        generator[n, n] = -generator[n].sum()
    system = np.vstack([generator.T, np.ones(size)])
    law = np.linalg.lstsq(system, np.concatenate([np.zeros(size), [1.0]]), rcond=None)[0]
    in_time = law[:agents].sum()
    answered = law[:agents].sum()
    for k in range(states):
        served_by_t, served = tagged(k, agents * mu, theta, seconds)
        in_time += law[agents + k] * served_by_t
        answered += law[agents + k] * served
    return {"offered": in_time, "answered": in_time / answered, "abandon": 1 - answered}


def tagged(k: int, n_mu: float, theta: float, seconds: float) -> tuple[float, float]:
    """P(served within t), P(served) for a customer with k ahead, by uniformization (no beta function)."""
    # states: k, k-1, …, 0 customers ahead, then served, then abandoned
    stages = k + 1
    rates = [n_mu + (i + 1) * theta for i in range(k, -1, -1)]
    uniform = max(rates)
    step = np.zeros((stages + 2, stages + 2))
    for s, r in enumerate(rates):
        ahead = k - s
        step[s, s + 1 if s + 1 < stages else stages] = (n_mu + ahead * theta) / uniform
        step[s, stages + 1] = theta / uniform
        step[s, s] = 1 - r / uniform
    step[stages, stages] = step[stages + 1, stages + 1] = 1
    vector = np.zeros(stages + 2)
    vector[0] = 1
    total, weight, n = np.zeros(stages + 2), math.exp(-uniform * seconds), 0
    while n < 10 * (uniform * seconds + 50):
        total += weight * vector
        n += 1
        vector = vector @ step
        weight *= uniform * seconds / n
    return float(total[stages]), n_mu / (n_mu + (k + 1) * theta)


@pytest.mark.parametrize(
    ("agents", "rate", "aht", "patience", "seconds"),
    [(3, 1 / 60, 120, 90, 20), (5, 1 / 30, 180, 60, 30), (2, 1 / 50, 100, 300, 45), (4, 1 / 20, 90, 40, 10)],
)
def test_matches_an_independent_computation(agents, rate, aht, patience, seconds):
    state = erlang_a.evaluate(agents, rate, aht, patience, seconds)
    reference = brute_force(agents, rate, aht, patience, seconds)
    assert state.service_level_offered == pytest.approx(reference["offered"], abs=1e-7)
    assert state.service_level_answered == pytest.approx(reference["answered"], abs=1e-7)
    assert state.abandon_rate == pytest.approx(reference["abandon"], abs=1e-7)


def test_identities_hold():
    # Flow balance: abandonments per second = θ·E[queue]; Little's law: mean wait of all = E[queue]/λ.
    rate, patience = 100 / 1800, 120
    for agents in (6, 10, 12, 16):
        state = erlang_a.evaluate(agents, rate, 180, patience, 20)
        assert state.abandon_rate == pytest.approx(state.mean_queue / patience / rate, rel=1e-9)
        assert state.mean_wait_all == pytest.approx(state.mean_queue / rate, rel=1e-9)
        assert state.occupancy == pytest.approx((1 - state.abandon_rate) * 10 / agents)


def test_tends_to_erlang_c_as_patience_grows():
    c = erlang.evaluate(14, 10, 180, 20)
    gaps = []
    for patience in (60, 600, 6_000, 60_000, 6_000_000):
        a = erlang_a.evaluate(14, 100 / 1800, 180, patience, 20)
        gaps.append(abs(a.service_level_offered - c.service_level))
        assert a.abandon_rate < 180 / patience
    assert gaps == sorted(gaps, reverse=True)
    far = erlang_a.evaluate(14, 100 / 1800, 180, 6_000_000, 20)
    assert far.service_level_offered == pytest.approx(c.service_level, abs=1e-5)
    assert far.service_level_answered == pytest.approx(c.service_level, abs=1e-5)
    assert far.asa_seconds == pytest.approx(c.asa_seconds, rel=1e-4)
    assert far.p_wait == pytest.approx(c.p_wait, rel=1e-4)


def test_no_underflow_when_service_rate_times_threshold_is_large():
    # Nμt = 5000/180 · 600 ≈ 16,667: the first term of the sum is e^-16,667, far below double range.
    state = erlang_a.evaluate(5000, 4950 / 180, 180, 300, 600)
    assert state.p_wait > 0.2
    assert state.service_level_answered == pytest.approx(1.0, abs=1e-9)
    # With a threshold longer than anyone waits, every answered contact is answered in time.
    late = erlang_a.evaluate(200, 210 / 180, 180, 240, 1e6)
    assert late.service_level_offered == pytest.approx(1 - late.abandon_rate, abs=1e-9)
    assert late.service_level_answered == pytest.approx(1.0, abs=1e-9)


def test_fewer_agents_than_traffic_is_allowed_with_abandonment():
    state = erlang_a.evaluate(8, 100 / 1800, 180, 120, 20)
    assert 0 < state.service_level_offered < state.service_level_answered < 1
    assert 0.2 < state.abandon_rate < 0.3
    assert state.occupancy < 1


def test_service_level_never_decreases_with_agents_or_threshold():
    for basis in (Basis.OFFERED, Basis.ANSWERED):
        previous = [0.0] * 5
        for agents in range(2, 30):
            levels = [
                erlang_a.evaluate(agents, 15 / 180, 180, 90, t).service_level(basis) for t in (0, 10, 20, 60, 600)
            ]
            assert levels == sorted(levels)
            assert all(now >= before - 1e-12 for now, before in zip(levels, previous, strict=True))
            previous = levels


def test_required_agents_and_output_basis():
    workload, targets = Workload(100, 1800, 180), Targets(0.8, 20)
    result = erlang_a_staffing(workload, targets, patience=120, shrinkage=0.3)
    assert result.service_level_basis == "offered"
    assert result.service_level >= 0.8
    fewer = erlang_a.evaluate(result.agents - 1, workload.rate, 180, 120, 20)
    assert fewer.service_level_offered < 0.8
    # Abandonment shortens the queue, so it never needs more agents than Erlang C.
    assert result.agents <= erlang_c(workload, targets).agents
    assert set(result.to_dict()) == {
        "agents", "scheduled", "service_level", "p_wait", "asa_seconds", "occupancy",
        "abandon_rate", "service_level_basis",
    }  # fmt: skip
    answered = erlang_a_staffing(workload, targets, patience=120, basis="answered")
    assert answered.service_level_basis == "answered"
    assert answered.service_level_other is not None
    assert answered.service_level_other < answered.service_level  # abandons count against the offered basis


def test_patience_must_be_positive_and_agents_at_least_one():
    with pytest.raises(WorkforceError) as exc:
        erlang_a.evaluate(10, 0.05, 180, 0, 20)
    assert exc.value.field == "patience"
    with pytest.raises(WorkforceError) as exc:
        erlang_a.evaluate(0, 0.05, 180, 60, 20)
    assert exc.value.field == "agents"
    with pytest.raises(WorkforceError) as exc:
        erlang_a_staffing(Workload(100, 1800, 180), Targets(0.8, 20), patience=120, basis="all")
    assert exc.value.field == "sl_basis"


def test_hopeless_patience_is_an_error_not_a_hang():
    with pytest.raises(WorkforceError) as exc:
        erlang_a.evaluate(5, 10 / 180, 180, 1e9, 20)
    assert exc.value.field == "patience"


@pytest.mark.parametrize(
    ("calls", "basis", "targets"),
    [
        (100, "offered", Targets(0.8, 20)),
        (100, "answered", Targets(0.9, 30)),
        (700, "offered", Targets(0.95, 10, max_occupancy=0.9)),
        (40, "offered", Targets(None, 20, asa_seconds=4)),
        (3, "answered", Targets(0.5, 0)),
    ],
)
def test_search_agrees_with_a_plain_scan(calls, basis, targets):
    workload = Workload(calls, 1800, 180)
    found = erlang_a_staffing(workload, targets, patience=90, basis=basis).agents
    for agents in range(1, found + 1):
        state = erlang_a.evaluate(agents, workload.rate, 180, 90, targets.seconds)
        meets = (
            (targets.service_level is None or state.service_level(basis) >= targets.service_level)
            and (targets.asa_seconds is None or state.asa_seconds <= targets.asa_seconds)
            and state.occupancy <= targets.max_occupancy
        )
        assert meets == (agents == found), agents
