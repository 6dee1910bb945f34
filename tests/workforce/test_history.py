"""The staffing plan reads ticket history as plain datetimes, never the desk's models."""

from datetime import datetime
from zoneinfo import ZoneInfo

from otklik.workforce.intervals import profile_from_tickets

MSK = ZoneInfo("Europe/Moscow")


def test_profile_from_handed_creation_times_needs_no_database():
    asked = []

    def times(start, end, channels):
        asked.append((start, end, channels))
        return [datetime(2025, 3, 3, 9, 10, tzinfo=MSK), datetime(2025, 3, 10, 9, 40, tzinfo=ZoneInfo("UTC"))]

    now = datetime(2025, 3, 12, 15, 0, tzinfo=MSK)
    profile = profile_from_tickets(
        weeks=2, interval_minutes=60, time_zone="Europe/Moscow", channels=["phone"], now=now, times=times
    )
    start, end, channels = asked[0]
    assert (end - start).days == 14 and end == datetime(2025, 3, 12, tzinfo=MSK)
    assert channels == ["phone"]
    assert profile.arrivals[(0, 9 * 60)] == 0.5  # Monday 09:10 Moscow, over two weeks
    assert profile.arrivals[(0, 12 * 60)] == 0.5  # 09:40 UTC is 12:40 in Moscow
    assert sum(profile.arrivals.values()) == 1.0
