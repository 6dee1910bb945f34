"""Erlang B and C, and the search for required agents: published and hand-computed values, properties."""

from __future__ import annotations

import math

import pytest

from otklik.workforce import erlang
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import Targets, Workload, scheduled_for
from otklik.workforce.search import required_erlang_c, smallest
from otklik.workforce.staffing import erlang_c


def log_poisson_blocking(agents: int, traffic: float) -> float:
    """Erlang B as Poisson pmf(N) / cdf(N), summed in log space: an independent route to the same number."""
    logs = [k * math.log(traffic) - math.lgamma(k + 1) for k in range(agents + 1)]
    top = max(logs)
    return logs[-1] - (top + math.log(math.fsum(math.exp(v - top) for v in logs)))


def test_issue_reference_case():
    # The issue's example (also the standard worked example of call-centre textbooks):
    # 100 calls per 30 minutes, AHT 180 s (10 Erlangs), target 80 % in 20 s → 14 agents.
    result = erlang_c(Workload(100, 1800, 180), Targets(0.8, 20))
    assert result.agents == 14
    assert result.traffic == pytest.approx(10)
    assert result.service_level == pytest.approx(0.888, abs=5e-4)
    assert result.asa_seconds == pytest.approx(7.8, abs=0.05)
    assert result.p_wait == pytest.approx(0.1741, abs=1e-4)
    assert result.occupancy == pytest.approx(10 / 14)
    # One agent fewer misses the target (SL 0.796), so 14 is the smallest.
    assert erlang.service_level(13, 10, 180, 20) == pytest.approx(0.7956, abs=1e-4)


def test_erlang_b_reference_values():
    assert erlang.erlang_b(16, 10) == pytest.approx(0.0223, abs=5e-5)  # the issue's value
    assert erlang.erlang_b(1, 3) == pytest.approx(3 / 4)  # B(1, A) = A / (1 + A)
    assert erlang.erlang_b(2, 1) == pytest.approx(0.2)  # (1/2) / (1 + 1 + 1/2), by hand
    # Erlang B tables: 10 circuits carry 4.461 Erlangs at 1 % blocking.
    assert erlang.erlang_b(10, 4.461) == pytest.approx(0.01, abs=1e-4)
    assert erlang.erlang_b(0, 5) == 1.0


def test_erlang_c_closed_forms():
    # M/M/1: P(wait) = ρ; M/M/2 with A = 1: C = 1/3 (by hand from the sum formula).
    assert erlang.erlang_c(1, 0.6) == pytest.approx(0.6)
    assert erlang.erlang_c(2, 1) == pytest.approx(1 / 3)
    # M/M/1 service level: P(W > t) = ρ e^{−(1−ρ)t/AHT}.
    assert erlang.service_level(1, 0.6, 100, 50) == pytest.approx(1 - 0.6 * math.exp(-0.4 * 50 / 100))


@pytest.mark.parametrize(("agents", "traffic"), [(20_000, 19_800.0), (20_000, 5.0), (12_000, 11_999.5), (170, 150.0)])
def test_stable_at_large_sizes(agents, traffic):
    blocking = erlang.erlang_b(agents, traffic)
    expected = log_poisson_blocking(agents, traffic)
    if expected < -700:  # beyond double precision: the recursion must give (almost) zero, not garbage
        assert blocking < 1e-300
    else:
        assert math.log(blocking) == pytest.approx(expected, rel=1e-9, abs=1e-9)
    state = erlang.evaluate(agents, traffic, 180, 20)
    assert 0 <= state.p_wait <= 1
    assert 0 <= state.service_level <= 1
    assert state.asa_seconds >= 0


@pytest.mark.parametrize(("agents", "traffic"), [(10, 10.0), (9, 10.0), (0, 0.5)])
def test_agents_not_above_traffic_is_a_clear_error(agents, traffic):
    with pytest.raises(WorkforceError) as exc:
        erlang.evaluate(agents, traffic, 180, 20)
    assert exc.value.field == "agents"
    assert "agents" in exc.value.message


def test_given_agents_below_traffic_through_the_calculator():
    with pytest.raises(WorkforceError) as exc:
        erlang_c(Workload(100, 1800, 180), Targets(0.8, 20), agents=10)
    assert exc.value.field == "agents"


@pytest.mark.parametrize("traffic", [0.3, 2.5, 10.0, 47.0, 333.3])
def test_service_level_never_decreases_with_agents_or_threshold(traffic):
    first = math.floor(traffic) + 1
    previous = None
    for agents in range(first, first + 40):
        levels = [erlang.service_level(agents, traffic, 240, t) for t in (0, 5, 20, 60, 300)]
        assert levels == sorted(levels)  # grows with the threshold
        if previous is not None:
            assert all(now >= before - 1e-15 for now, before in zip(levels, previous, strict=True))
        previous = levels
    asas = [erlang.evaluate(n, traffic, 240, 20).asa_seconds for n in range(first, first + 40)]
    assert asas == sorted(asas, reverse=True)


@pytest.mark.parametrize(
    "targets",
    [
        Targets(0.8, 20),
        Targets(0.9, 15),
        Targets(0.95, 60, max_occupancy=0.85),
        Targets(None, 20, asa_seconds=10),
        Targets(0.8, 20, asa_seconds=5),
        Targets(0.5, 0),
    ],
)
@pytest.mark.parametrize("traffic", [0.4, 10.0, 55.5, 1234.0])
def test_search_finds_the_smallest_staffing(targets, traffic):
    aht = 200.0
    found = required_erlang_c(traffic, aht, targets)
    assert satisfied(found, targets)
    below = found.agents - 1
    if below > traffic:
        assert not satisfied(erlang.evaluate(below, traffic, aht, targets.seconds), targets)


def satisfied(state: erlang.QueueState, targets: Targets) -> bool:
    return (
        (targets.service_level is None or state.service_level >= targets.service_level)
        and (targets.asa_seconds is None or state.asa_seconds <= targets.asa_seconds)
        and state.occupancy <= targets.max_occupancy
    )


def test_occupancy_cap_binds_for_big_queues():
    # At 1,000 Erlangs 80/20 needs barely more than the traffic; an 85 % cap asks for ⌈1000/0.85⌉.
    free = required_erlang_c(1000, 180, Targets(0.8, 20))
    capped = required_erlang_c(1000, 180, Targets(0.8, 20, max_occupancy=0.85))
    assert free.agents < 1100
    assert capped.agents == math.ceil(1000 / 0.85)


def test_no_arrivals_needs_nobody():
    result = erlang_c(Workload(0, 1800, 180), Targets(0.8, 20), shrinkage=0.3)
    assert (result.agents, result.scheduled, result.service_level, result.asa_seconds) == (0, 0, 1.0, 0.0)


def test_scheduled_applies_shrinkage_with_ceiling():
    assert scheduled_for(14, 0.3) == 20  # 14 / 0.7 is 20.000000000000004 in floating point
    assert scheduled_for(14, 0.35) == 22
    assert scheduled_for(14, 0) == 14
    assert erlang_c(Workload(100, 1800, 180), Targets(0.8, 20), shrinkage=0.3).scheduled == 20


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Workload(-1, 1800, 180), "arrivals"),
        (lambda: Workload(10, 0, 180), "interval"),
        (lambda: Workload(10, 1800, -5), "aht"),
        (lambda: Workload(float("nan"), 1800, 180), "arrivals"),
        (lambda: Targets(1.0, 20), "target_sl"),
        (lambda: Targets(0.0, 20), "target_sl"),
        (lambda: Targets(0.8, -1), "target_seconds"),
        (lambda: Targets(0.8, 20, max_occupancy=1.2), "max_occupancy"),
        (lambda: Targets(None, 20), "target_sl"),
        (lambda: scheduled_for(10, 1.0), "shrinkage"),
        (lambda: scheduled_for(10, -0.1), "shrinkage"),
    ],
)
def test_bad_input_names_the_field(make, field):
    with pytest.raises(WorkforceError) as exc:
        make()
    assert exc.value.field == field


def test_bisection_search_helper():
    assert smallest(lambda n: n >= 1, 1) == 1
    assert smallest(lambda n: n >= 37, 1) == 37
    assert smallest(lambda n: n * n >= 10_000, 3) == 100
    with pytest.raises(WorkforceError):
        smallest(lambda n: False, 1, limit=64)
