"""Interval plans: profile files, the desk's history in local time, and the totals."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from otklik.desk.models import Ticket
from otklik.workforce.errors import WorkforceError
from otklik.workforce.intervals import build_plan, parse_profile_csv, profile_from_tickets
from tests.factories import open_ticket

PHONE = {"aht": 180, "target_sl": 0.8, "target_seconds": 20, "max_occupancy": 1.0, "shrinkage": 0.3}
MSK = ZoneInfo("Europe/Moscow")


def test_profile_csv_reads_days_times_and_both_spreadsheet_dialects():
    comma = parse_profile_csv("weekday,start,arrivals\n1,09:00,100\nTue,9:30,12.5\nвс,23:30,3\n", 30)
    assert comma.arrivals == {(0, 540): 100, (1, 570): 12.5, (6, 1410): 3}
    semicolon = parse_profile_csv("\ufeffWeekday;Start;Arrivals\nпн;09:00;100\n2;09:30;12,5\n", 30)
    assert semicolon.arrivals == {(0, 540): 100, (1, 570): 12.5}


def test_finer_rows_are_summed_into_the_interval_and_coarser_ones_refused():
    profile = parse_profile_csv("weekday,start,arrivals\n1,09:00,10\n1,09:15,20\n1,09:30,30\n1,09:45,40\n", 60)
    assert profile.arrivals == {(0, 540): 100}
    with pytest.raises(WorkforceError) as exc:
        parse_profile_csv("weekday,start,arrivals\n1,09:00,10\n1,10:00,20\n", 30)
    assert exc.value.field == "interval"


@pytest.mark.parametrize(
    ("body", "field", "line"),
    [
        ("1,09:00,10\nFunday,10:00,5", "weekday", 3),
        ("1,9am,10", "start", 2),
        ("1,25:00,10", "start", 2),
        ("1,09:00,-4", "arrivals", 2),
        ("1,09:00,many", "arrivals", 2),
        ("1,09:00,1\n1,09:00,2", "start", 3),
    ],
)
def test_bad_rows_name_the_line_and_column(body, field, line):
    with pytest.raises(WorkforceError) as exc:
        parse_profile_csv("weekday,start,arrivals\n" + body, 30)
    assert exc.value.field == field
    assert f"{line}" in exc.value.message


def test_bad_header_and_interval():
    with pytest.raises(WorkforceError) as exc:
        parse_profile_csv("day,time,calls\n1,09:00,3\n", 30)
    assert exc.value.field == "profile"
    with pytest.raises(WorkforceError) as exc:
        parse_profile_csv("weekday,start,arrivals\n1,09:00,3\n", 20)
    assert exc.value.field == "interval"


def test_plan_totals_by_hand():
    # 100 calls in 30 minutes at 180 s is the textbook case: 14 agents, 20 scheduled at 30 % shrinkage.
    profile = parse_profile_csv("weekday,start,arrivals\n1,09:00,100\n1,09:30,0\n1,10:00,100\n", 30)
    plan = build_plan(profile, "erlang-c", PHONE, hours_per_fte=40)
    assert [r.result.agents for r in plan.rows] == [14, 0, 14]
    assert [r.start for r in plan.rows] == ["09:00", "09:30", "10:00"]
    assert plan.agent_hours == pytest.approx(14)  # 2 intervals × 14 agents × 0.5 h
    assert plan.scheduled_hours == pytest.approx(20)
    assert plan.fte == pytest.approx(0.5)
    assert plan.peak_agents == 14
    data = plan.to_dict()
    assert data["totals"] == {
        "contacts": 200.0,
        "agent_hours": 14.0,
        "scheduled_hours": 20.0,
        "fte": 0.5,
        "peak_agents": 14,
    }
    assert data["intervals"][0]["weekday"] == 1


def test_plan_with_abandonment_and_chat_models():
    profile = parse_profile_csv("weekday,start,arrivals\n1,09:00,100\n", 30)
    with_abandons = build_plan(profile, "erlang-a", {**PHONE, "patience": 120})
    assert with_abandons.rows[0].result.agents == 12
    chats = build_plan(profile, "chat", {**PHONE, "chat_aht": [180]})
    assert chats.rows[0].result.agents == 14


@pytest.mark.django_db
def test_profile_from_history_in_local_time(team_l1, django_assert_num_queries):
    now = datetime(2026, 3, 18, 15, 0, tzinfo=MSK)  # a Wednesday; the window is 4–17 March (two weeks)

    def ticket_at(local: datetime, channel: str = "phone") -> None:
        ticket = open_ticket(team_l1, channel=channel)
        Ticket.objects.filter(pk=ticket.pk).update(created_at=local)

    for day in (9, 9, 9, 16):  # Mondays 10:05 Moscow time: 3 + 1 over two weeks → 2 a week
        ticket_at(datetime(2026, 3, day, 10, 5, tzinfo=MSK))
    # 23:50 UTC on Sunday 15 March is 02:50 on Monday 16 March in Moscow.
    ticket_at(datetime(2026, 3, 15, 23, 50, tzinfo=ZoneInfo("UTC")))
    ticket_at(datetime(2026, 3, 10, 12, 0, tzinfo=MSK), channel="email")  # another channel
    ticket_at(datetime(2026, 3, 18, 9, 0, tzinfo=MSK))  # today: not a whole day yet
    ticket_at(datetime(2026, 3, 1, 9, 0, tzinfo=MSK))  # before the window
    with django_assert_num_queries(1):
        profile = profile_from_tickets(
            weeks=2, interval_minutes=30, time_zone="Europe/Moscow", channels=["phone"], now=now
        )
    assert len(profile.arrivals) == 7 * 48
    assert profile.arrivals[(0, 600)] == 2  # Monday 10:00–10:30
    assert profile.arrivals[(0, 150)] == 0.5  # Monday 02:30–03:00
    assert profile.arrivals[(1, 720)] == 0  # the email is not counted
    assert sum(profile.arrivals.values()) == 2.5
    every = profile_from_tickets(weeks=2, interval_minutes=60, time_zone="Europe/Moscow", now=now)
    assert every.arrivals[(1, 720)] == 0.5
    plan = build_plan(profile, "erlang-c", PHONE)
    assert len(plan.rows) == 336


@pytest.mark.django_db
def test_history_window_is_bounded():
    with pytest.raises(WorkforceError) as exc:
        profile_from_tickets(weeks=0, interval_minutes=30, time_zone="Europe/Moscow")
    assert exc.value.field == "weeks"
