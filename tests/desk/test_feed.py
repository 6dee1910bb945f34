"""The event feed: consumers read committed events with their own cursors, once each, after commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from otklik.core.actor import Actor
from otklik.desk import feed
from otklik.desk.events import record_event
from otklik.desk.models import Event, EventCursor

pytestmark = pytest.mark.django_db(transaction=True)


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.seen: list[int] = []
        self.fail = fail

    def __call__(self, events: list[Event]) -> None:
        if self.fail:
            raise RuntimeError("consumer down")
        self.seen += [event.pk for event in events]


@pytest.fixture
def consumers(monkeypatch):
    """Only this test's consumers, so the desk's own (webhooks) do not add their work."""
    registered: dict[str, feed.Consumer] = {}
    monkeypatch.setattr(feed, "_consumers", registered)
    return registered


def _event(verb: str = "customer.updated") -> Event:
    return record_event(verb=verb, actor=Actor.system(), after={"n": 1})


def test_consumers_see_each_committed_event_once_after_commit(consumers):
    first, second = Recorder(), Recorder()
    feed.register(feed.Consumer("first", first))
    feed.register(feed.Consumer("second", second))
    with transaction.atomic():
        a, b = _event(), _event()
        assert first.seen == []  # nothing runs inside the writer's transaction
    # The commit dispatched (tasks run at once in tests): both consumers got both events, in order.
    assert first.seen == second.seen == [a.pk, b.pk]
    feed.dispatch()
    feed.dispatch()
    assert first.seen == [a.pk, b.pk]  # a cursor never hands an event twice
    assert dict(EventCursor.objects.values_list("consumer", "position")) == {"first": b.pk, "second": b.pk}


def test_a_rolled_back_change_reaches_no_consumer(consumers):
    seen = Recorder()
    feed.register(feed.Consumer("seen", seen))
    with pytest.raises(RuntimeError), transaction.atomic():
        _event()
        raise RuntimeError("the change fails")
    feed.dispatch()
    assert seen.seen == []


def test_a_failing_consumer_catches_up_without_holding_back_the_others(consumers):
    healthy, broken = Recorder(), Recorder(fail=True)
    feed.register(feed.Consumer("healthy", healthy))
    feed.register(feed.Consumer("broken", broken))
    a = _event()
    b = _event()
    assert healthy.seen == [a.pk, b.pk]
    assert EventCursor.objects.filter(consumer="broken", position__gt=0).count() == 0  # rolled back
    broken.fail = False  # back after an outage
    feed.dispatch()
    assert broken.seen == [a.pk, b.pk]
    assert healthy.seen == [a.pk, b.pk]


def test_a_consumer_gets_only_the_verbs_it_asks_for(consumers):
    opened = Recorder()
    feed.register(feed.Consumer("opened", opened, verbs={"ticket.opened"}))
    _event("customer.updated")
    wanted = _event("ticket.opened")
    assert opened.seen == [wanted.pk]
    assert EventCursor.objects.get(consumer="opened").position == wanted.pk  # it moved past the other one


def test_reading_in_batches_reaches_the_end(consumers, monkeypatch):
    seen = Recorder()
    monkeypatch.setattr(feed, "BATCH", 3)
    with transaction.atomic():
        events = [_event() for _ in range(8)]
    feed.register(feed.Consumer("late", seen))
    assert feed.drain(feed._consumers["late"], batch=3) == 8
    assert seen.seen == [e.pk for e in events]


def test_an_event_committed_late_below_the_cursor_is_handed_over_once_it_appears(consumers):
    """On PostgreSQL a transaction can take an id, and commit after later ids were read."""
    seen = Recorder()
    feed.register(feed.Consumer("gaps", seen))
    a, b, c = _event(), _event(), _event()
    seen.seen.clear()
    # Replay as if b had been in flight when the consumer read a and c.
    EventCursor.objects.filter(consumer="gaps").update(position=a.pk, gaps=[])
    hidden = Event.objects.filter(pk=b.pk)
    row = hidden.values().get()
    hidden.delete()
    feed.dispatch()
    assert seen.seen == [c.pk]
    assert [gap[0] for gap in EventCursor.objects.get(consumer="gaps").gaps] == [b.pk]
    Event.objects.bulk_create([Event(**row)])  # b commits now
    feed.dispatch()
    assert seen.seen == [c.pk, b.pk]
    assert EventCursor.objects.get(consumer="gaps").gaps == []
    feed.dispatch()
    assert seen.seen == [c.pk, b.pk]


def test_a_gap_that_never_fills_is_given_up_after_the_horizon(consumers):
    seen = Recorder()
    feed.register(feed.Consumer("gaps", seen))
    old = (timezone.now() - feed.GAP_HORIZON - timedelta(seconds=1)).isoformat()
    fresh = timezone.now().isoformat()
    EventCursor.objects.create(consumer="gaps", position=0, gaps=[[999_998, old], [999_999, fresh]])
    _event()
    assert [gap[0] for gap in EventCursor.objects.get(consumer="gaps").gaps] == [999_999]


def test_lag_counts_what_each_consumer_has_not_seen(consumers):
    feed.register(feed.Consumer("quiet", Recorder(fail=True)))
    _event()
    _event()
    assert feed.lag() == {"quiet": 2}


def test_the_feed_command_shows_each_consumer_and_dispatches_on_demand(consumers):
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    broken = Recorder(fail=True)
    feed.register(feed.Consumer("broken", broken))
    _event()
    out = StringIO()
    call_command("feed", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [
        {"consumer": "broken", "position": 0, "behind": 1, "open_gaps": 0, "handled_now": 0}
    ]
    broken.fail = False
    out = StringIO()
    with translation.override("en"):
        call_command("feed", "--dispatch", stdout=out)
    assert out.getvalue().strip() == f"broken: at event {broken.seen[0]}, 0 events behind; handed 1 now"
