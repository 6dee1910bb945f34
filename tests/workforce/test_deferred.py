"""Deferred work against hand-computed paces."""

from __future__ import annotations

import math

import pytest

from otklik.workforce.deferred import DeferredInput, staff
from otklik.workforce.errors import WorkforceError


def test_monday_pile_sets_the_pace_for_a_short_window():
    # 400 emails a day round the clock; open 9 h a day, Monday to Friday. From Friday's close to
    # Monday's opening is 15 + 48 = 63 h: 63 × 400/24 = 1,050 emails wait, all older than Monday's
    # arrivals, and they must be answered within 8 business hours: 1,050 / 8 = 131.25 an hour.
    result = staff(DeferredInput(per_day=400, aht_seconds=300, window_hours=8, max_occupancy=0.85, shrinkage=0.3))
    assert result.peak_backlog == pytest.approx(1050, rel=1e-3)
    assert result.pace_per_hour == pytest.approx(131.25, rel=2e-3)
    assert result.agents == math.ceil(131.25 * 300 / 3600 / 0.85)  # 13
    assert result.scheduled == 19
    assert result.max_response_hours == pytest.approx(8, abs=0.01)
    assert result.workload_hours_per_week == pytest.approx(2800 * 300 / 3600)


def test_a_long_window_only_needs_the_weekly_average():
    # Window of a whole working week: the pace need only keep up, 2,800 a week over 45 open hours.
    result = staff(DeferredInput(per_day=400, aht_seconds=300, window_hours=45, max_occupancy=1.0))
    assert result.pace_per_hour == pytest.approx(2800 / 45, rel=2e-3)
    assert result.occupancy == pytest.approx(2800 * 300 / 3600 / 45 / result.agents)


def test_arrivals_in_open_hours_only_need_their_rate():
    result = staff(DeferredInput(per_day=400, aht_seconds=300, window_hours=4, arrival_hours="open", max_occupancy=1.0))
    assert result.pace_per_hour == pytest.approx(400 / 9, rel=2e-3)
    assert result.peak_backlog == pytest.approx(0, abs=1e-6)


def test_a_big_starting_backlog_raises_the_staffing_but_not_the_steady_one():
    # 3,000 waiting at Monday's opening, ahead of everything else, within 8 business hours: ≥ 375 an hour.
    result = staff(DeferredInput(per_day=400, aht_seconds=300, window_hours=8, backlog=3000, max_occupancy=1.0))
    assert result.pace_per_hour == pytest.approx(3000 / 8, rel=5e-3)
    assert result.steady_agents < result.agents


def test_shorter_windows_never_need_fewer_agents():
    agents = [staff(DeferredInput(per_day=250, aht_seconds=420, window_hours=w)).agents for w in (2, 4, 8, 16, 24, 40)]
    assert agents == sorted(agents, reverse=True)


def test_nothing_to_do_needs_nobody():
    assert staff(DeferredInput(per_day=0, aht_seconds=300, window_hours=8)).agents == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"window_hours": 0}, "window_hours"),
        ({"per_day": -5}, "per_day"),
        ({"open_days": 8}, "open_days"),
        ({"open_hours": 25}, "open_hours"),
        ({"arrival_hours": "sometimes"}, "arrival_hours"),
        ({"shrinkage": 1}, "shrinkage"),
        ({"backlog": -1}, "backlog"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    base = {"per_day": 100, "aht_seconds": 300, "window_hours": 8}
    with pytest.raises(WorkforceError) as exc:
        DeferredInput(**{**base, **kwargs})
    assert exc.value.field == field
