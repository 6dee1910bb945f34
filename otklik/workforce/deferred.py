"""Deferred work (email, web forms): items that wait in a backlog and must be answered within a
response window counted in business hours.

Model: a fluid (average-flow) queue over a repeating week. Items arrive either round the clock
(``per_day`` per calendar day, e.g. email) or only while the team works (``per_day`` per open day,
e.g. forms checked in office hours). The team is open ``open_hours`` a day on ``open_days`` days a
week and answers first come, first served at a steady pace while open. Night and weekend arrivals
pile up, so Monday morning is the hardest moment: the pace must clear that pile within the window.
The search finds the slowest pace (items per open hour) at which every item, the starting backlog
included, is answered within the window; agents = pace × AHT / max occupancy, scheduled adds
shrinkage. Holidays and shortened days are not modelled; randomness of arrivals is not either, so
treat the result as the floor for an average week.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from otklik.workforce import inputs
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import scheduled_for
from otklik.workforce.results import rounded

STEP_HOURS = 0.25
WEEK_HOURS = 168


class Arrivals:
    ALWAYS = "always"  # round the clock, every day
    OPEN = "open"  # only while the team works


@dataclass(frozen=True)
class DeferredInput:
    per_day: float
    aht_seconds: float
    window_hours: float
    open_hours: float = 9.0
    open_days: int = 5
    arrival_hours: str = Arrivals.ALWAYS
    backlog: float = 0.0
    max_occupancy: float = 0.85
    shrinkage: float = 0.0

    def __post_init__(self) -> None:
        inputs.non_negative(self.per_day, "per_day")
        inputs.positive(self.aht_seconds, "aht")
        inputs.positive(self.window_hours, "window_hours")
        inputs.finite(self.open_hours, "open_hours")
        if not 0 < self.open_hours <= 24:
            raise WorkforceError(_("open_hours must be above 0 and at most 24."), field="open_hours")
        inputs.whole(self.open_days, "open_days", minimum=1)
        if self.open_days > 7:
            raise WorkforceError(_("open_days must be at most 7."), field="open_days")
        if self.arrival_hours not in (Arrivals.ALWAYS, Arrivals.OPEN):
            raise WorkforceError(_("arrival_hours is “always” or “open”."), field="arrival_hours")
        inputs.non_negative(self.backlog, "backlog")
        inputs.occupancy_cap(self.max_occupancy)
        inputs.shrinkage(self.shrinkage)

    @property
    def per_week(self) -> float:
        return self.per_day * (7 if self.arrival_hours == Arrivals.ALWAYS else self.open_days)

    @property
    def open_hours_per_week(self) -> float:
        return self.open_hours * self.open_days


@dataclass(frozen=True)
class DeferredResult:
    agents: int  # on duty while open
    scheduled: int
    pace_per_hour: float  # items answered per open hour
    workload_hours_per_week: float
    steady_agents: int  # without the starting backlog
    peak_backlog: float  # most items waiting at once in an ordinary week
    max_response_hours: float  # business hours, the slowest item at this staffing
    occupancy: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "agents": self.agents,
            "scheduled": self.scheduled,
            "pace_per_hour": rounded(self.pace_per_hour, 2),
            "workload_hours_per_week": rounded(self.workload_hours_per_week, 2),
            "steady_agents": self.steady_agents,
            "peak_backlog": rounded(self.peak_backlog, 1),
            "max_response_hours": rounded(self.max_response_hours, 2),
            "occupancy": rounded(self.occupancy),
        }


def _is_open(hour: float, spec: DeferredInput) -> bool:
    day, clock = divmod(hour % WEEK_HOURS, 24)
    return day < spec.open_days and clock < spec.open_hours - 1e-9


@dataclass(frozen=True)
class _Week:
    """The grid of one run: per step, items arriving and whether the team is open."""

    arriving: list[float]
    open: list[bool]
    business: list[float]  # business hours elapsed at the start of each step (and at the end)


def _grid(spec: DeferredInput, weeks: int) -> _Week:
    steps = round(WEEK_HOURS * weeks / STEP_HOURS)
    is_open = [_is_open(i * STEP_HOURS, spec) for i in range(steps)]
    if spec.arrival_hours == Arrivals.ALWAYS:
        per_step = spec.per_day / 24 * STEP_HOURS
        arriving = [per_step] * steps
    else:
        per_step = spec.per_day / spec.open_hours * STEP_HOURS
        arriving = [per_step if o else 0.0 for o in is_open]
    business = [0.0]
    for o in is_open:
        business.append(business[-1] + (STEP_HOURS if o else 0.0))
    return _Week(arriving, is_open, business)


def _run(week: _Week, pace: float, backlog: float, skip_weeks: int) -> tuple[float, float]:
    """Slowest response (business hours) and the biggest pile, for arrivals after ``skip_weeks`` and
    before the last week, which is there only so that those arrivals get answered."""
    arrived, done = [backlog], [0.0]  # cumulative curves at step boundaries
    waiting, peak = backlog, 0.0
    first = round(WEEK_HOURS * skip_weeks / STEP_HOURS)
    for i, items in enumerate(week.arriving):
        served = min(waiting + items, pace * STEP_HOURS) if week.open[i] else 0.0
        waiting += items - served
        arrived.append(arrived[-1] + items)
        done.append(done[-1] + served)
        if i >= first:
            peak = max(peak, waiting)
    end = len(week.arriving) - round(WEEK_HOURS / STEP_HOURS)
    worst = _slowest_response(arrived, done, week.business, first, end)
    return worst, peak


def _slowest_response(arrived: list[float], done: list[float], business: list[float], first: int, end: int) -> float:
    """FIFO: the item that was the a-th to arrive is the a-th answered; compare the two times."""
    worst, j = 0.0, 0
    last = len(done) - 1
    for i in range(first, end + 1):
        target = arrived[i] - 1e-9
        while j < last and done[j] < target:
            j += 1
        if done[j] < target:
            return math.inf  # still waiting when the run ends: the pace cannot keep up
        # the moment within step j − 1 when the curve of answers reaches this item
        span = done[j] - done[j - 1] if j else 0.0
        part = (target - done[j - 1]) / span if span > 0 else 1.0
        answered = business[j - 1] + part * (business[j] - business[j - 1]) if j else business[0]
        worst = max(worst, answered - business[i])
    return worst


def _slowest_pace(spec: DeferredInput, backlog: float) -> tuple[float, float, float]:
    """Smallest pace meeting the window: (pace, slowest response, peak pile)."""
    weeks = 3
    week = _grid(spec, weeks)
    skip = 0 if backlog else 1  # with no backlog, judge a settled week, not the empty start

    def check(pace: float) -> tuple[bool, float, float]:
        worst, peak = _run(week, pace, backlog, skip)
        return worst <= spec.window_hours + 1e-9, worst, peak

    low = spec.per_week / spec.open_hours_per_week  # below this the pile grows week after week
    high = max(low * 2, (backlog + spec.per_day * 3) / min(spec.window_hours, spec.open_hours), 1.0)
    while not check(high)[0]:
        high *= 2
        if high > 1e9:
            raise WorkforceError(_("The response window is too short to meet."), field="window_hours")
    for _step in range(40):
        if high - low <= max(1e-4 * high, 1e-6):
            break
        middle = (low + high) / 2
        if check(middle)[0]:
            high = middle
        else:
            low = middle
    _ok, worst, peak = check(high)
    return high, worst, peak


def staff(spec: DeferredInput) -> DeferredResult:
    """Agents on duty while open, and scheduled people, to answer every item within the window."""
    workload_hours = spec.per_week * spec.aht_seconds / 3600
    if spec.per_week == 0 and spec.backlog == 0:
        return DeferredResult(0, 0, 0.0, 0.0, 0, 0.0, 0.0, 0.0)
    steady_pace, worst, peak = _slowest_pace(spec, 0.0) if spec.per_week else (0.0, 0.0, 0.0)
    pace = steady_pace
    if spec.backlog:
        pace, worst, _peak = _slowest_pace(spec, spec.backlog)
    agents = _agents_for(pace, spec)
    busy = workload_hours / spec.open_hours_per_week  # agents' worth of handling in an average open hour
    return DeferredResult(
        agents=agents,
        scheduled=scheduled_for(agents, spec.shrinkage),
        pace_per_hour=pace,
        workload_hours_per_week=workload_hours,
        steady_agents=_agents_for(steady_pace, spec),
        peak_backlog=peak,
        max_response_hours=worst,
        occupancy=busy / agents if agents else 0.0,
    )


def _agents_for(pace: float, spec: DeferredInput) -> int:
    return math.ceil(pace * spec.aht_seconds / 3600 / spec.max_occupancy - 1e-9)
