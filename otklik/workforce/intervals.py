"""Interval plan: required and scheduled agents per 15-, 30- or 60-minute interval over a day or week.

The arrival profile comes from a CSV file (``weekday,start,arrivals``) or from the desk's own
tickets: the average count per weekday and interval over the last N whole weeks, in the planner's
time zone. Each interval is staffed on its own (the steady-state assumption of every Erlang plan:
queues settle within an interval, nobody carries over).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from otklik.workforce import history, staffing
from otklik.workforce.calculator import CHAT, ERLANG_A, targets_from
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import Workload
from otklik.workforce.results import StaffingResult, rounded

INTERVAL_CHOICES = (15, 30, 60)
MINUTES_A_DAY = 24 * 60
MAX_CSV_ROWS = 7 * 96 * 4  # a week of 15-minute rows, four times over, is already more than any profile
DAY_NAMES = {
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    **{name: i for i, name in enumerate(("пн", "вт", "ср", "чт", "пт", "сб", "вс"))},
    **{name: i for i, name in enumerate(("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"))},
}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """Average arrivals per (weekday 0 = Monday, minute of the day the interval starts)."""

    interval_minutes: int
    arrivals: dict[tuple[int, int], float]
    source: str  # "csv" or "history"


def check_interval(minutes: int) -> int:
    if minutes not in INTERVAL_CHOICES:
        raise WorkforceError(_("The interval is 15, 30 or 60 minutes."), field="interval")
    return minutes


def _line_error(line: int, column: str, message: str) -> WorkforceError:
    return WorkforceError(
        _("Row %(line)s, %(column)s: %(message)s") % {"line": line, "column": column, "message": message},
        field=column,
    )


def _weekday(raw: str, line: int) -> int:
    text = raw.strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 7:
        return int(text) - 1  # ISO: 1 = Monday
    if text in DAY_NAMES:
        return DAY_NAMES[text]
    raise _line_error(line, "weekday", _("“%(value)s” is not a day (1–7 from Monday, or Mon…Sun).") % {"value": raw})


def _start(raw: str, line: int) -> int:
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})(?::00)?\s*", raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _line_error(line, "start", _("“%(value)s” is not a time like 09:30.") % {"value": raw})
    return int(match[1]) * 60 + int(match[2])


def _arrivals(raw: str, line: int) -> float:
    try:
        value = float(raw.strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise _line_error(line, "arrivals", _("“%(value)s” is not a number of contacts.") % {"value": raw})
    return value


def parse_profile_csv(text: str, interval_minutes: int) -> Profile:
    """Rows ``weekday,start,arrivals``; finer rows are summed into the chosen interval.

    Spreadsheets in Russian save with semicolons and decimal commas; both are read.
    """
    check_interval(interval_minutes)
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        raise WorkforceError(_("The profile file is empty."), field="profile")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    if header[:3] != ["weekday", "start", "arrivals"]:
        raise WorkforceError(_("The first line must be: weekday,start,arrivals"), field="profile")
    arrivals: dict[tuple[int, int], float] = {}
    seen: set[tuple[int, int]] = set()
    starts: list[int] = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            raise _line_error(number, "arrivals", _("three columns are needed."))
        if number > MAX_CSV_ROWS:
            raise WorkforceError(_("The profile has too many lines."), field="profile")
        day, start, count = _weekday(row[0], number), _start(row[1], number), _arrivals(row[2], number)
        if (day, start) in seen:
            raise _line_error(number, "start", _("this weekday and time appear twice."))
        seen.add((day, start))
        starts.append(start)
        slot = (day, start - start % interval_minutes)
        arrivals[slot] = arrivals.get(slot, 0.0) + count
    if not arrivals:
        raise WorkforceError(_("The profile has no rows."), field="profile")
    step = reduce(math.gcd, starts, MINUTES_A_DAY)
    if step > interval_minutes and len(starts) > 1:
        raise WorkforceError(
            _("The profile has a row every %(step)s minutes: choose an interval of at least that.") % {"step": step},
            field="interval",
        )
    return Profile(interval_minutes, arrivals, "csv")


def profile_from_tickets(
    *,
    weeks: int,
    interval_minutes: int,
    time_zone: str,
    channels: Iterable[str] = (),
    now: datetime | None = None,
    times: history.CreatedTimes | None = None,
) -> Profile:
    """Average tickets per weekday and interval over the last ``weeks`` whole weeks, local time.

    The window ends at today's local midnight, so every weekday and interval occurs exactly
    ``weeks`` times in it. The creation times come from ``times`` (by default the desk's, through
    ``history.created_times``: one query that reads only them).
    """
    from django.utils import timezone

    check_interval(interval_minutes)
    if not 1 <= weeks <= 52:
        raise WorkforceError(_("Use between 1 and 52 weeks of history."), field="weeks")
    zone = ZoneInfo(time_zone)
    end = (now or timezone.now()).astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    start = end - timedelta(days=7 * weeks)
    counts: dict[tuple[int, int], int] = {
        (day, minute): 0 for day in range(7) for minute in range(0, MINUTES_A_DAY, interval_minutes)
    }
    for created in (times or history.created_times)(start, end, list(channels)):
        local = created.astimezone(zone)
        minute = local.hour * 60 + local.minute
        counts[(local.weekday(), minute - minute % interval_minutes)] += 1
    return Profile(interval_minutes, {slot: n / weeks for slot, n in counts.items()}, "history")


@dataclass(frozen=True)
class PlanRow:
    weekday: int
    start_minute: int
    arrivals: float
    result: StaffingResult

    @property
    def start(self) -> str:
        return f"{self.start_minute // 60:02d}:{self.start_minute % 60:02d}"


@dataclass(frozen=True)
class Plan:
    interval_minutes: int
    rows: list[PlanRow]
    hours_per_fte: float

    @property
    def interval_hours(self) -> float:
        return self.interval_minutes / 60

    @property
    def agent_hours(self) -> float:
        return sum(r.result.agents for r in self.rows) * self.interval_hours

    @property
    def scheduled_hours(self) -> float:
        return sum(r.result.scheduled for r in self.rows) * self.interval_hours

    @property
    def fte(self) -> float:
        """Scheduled hours in full-time weeks: the headcount the profile's period needs."""
        return self.scheduled_hours / self.hours_per_fte

    @property
    def peak_agents(self) -> int:
        return max((r.result.agents for r in self.rows), default=0)

    @property
    def contacts(self) -> float:
        return sum(r.arrivals for r in self.rows)

    @property
    def days(self) -> list[int]:
        return sorted({r.weekday for r in self.rows})

    def to_dict(self) -> dict[str, Any]:
        return {
            "interval_minutes": self.interval_minutes,
            "intervals": [
                {"weekday": r.weekday + 1, "start": r.start, "arrivals": rounded(r.arrivals, 2), **r.result.to_dict()}
                for r in self.rows
            ],
            "totals": {
                "contacts": rounded(self.contacts, 1),
                "agent_hours": rounded(self.agent_hours, 2),
                "scheduled_hours": rounded(self.scheduled_hours, 2),
                "fte": rounded(self.fte, 2),
                "peak_agents": self.peak_agents,
            },
        }


def staffing_for(model: str, values: dict[str, Any]) -> Callable[[Workload], StaffingResult]:
    """One interval's staffing under the chosen queue model, with the plan's targets."""
    targets = targets_from(values)
    shrinkage = values.get("shrinkage", 0.0)
    if model == ERLANG_A:
        return lambda w: staffing.erlang_a_staffing(
            w, targets, patience=values["patience"], basis=values.get("sl_basis", "offered"), shrinkage=shrinkage
        )
    if model == CHAT:
        return lambda w: staffing.chat_staffing(w, targets, aht_by_concurrency=values["chat_aht"], shrinkage=shrinkage)
    return lambda w: staffing.erlang_c(w, targets, shrinkage=shrinkage)


def build_plan(profile: Profile, model: str, values: dict[str, Any], hours_per_fte: float = 40.0) -> Plan:
    """Staff every interval of the profile; equal arrivals are computed once (nights are often all zero)."""
    if not hours_per_fte > 0:
        raise WorkforceError(_("Hours in a full-time week must be above zero."), field="hours_per_fte")
    staff = staffing_for(model, values)
    aht = values["chat_aht"][0] if model == CHAT else values["aht"]
    seconds = profile.interval_minutes * 60
    memo: dict[float, StaffingResult] = {}
    rows = []
    for (day, start), arrivals in sorted(profile.arrivals.items()):
        if arrivals not in memo:
            memo[arrivals] = staff(Workload(arrivals, seconds, aht))
        rows.append(PlanRow(day, start, arrivals, memo[arrivals]))
    return Plan(profile.interval_minutes, rows, hours_per_fte)
