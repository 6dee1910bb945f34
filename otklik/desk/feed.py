"""The event feed: every consumer reads the committed audit events, each with its own cursor.

Webhooks now; live updates, SLA clocks, notifications, survey triggers and metric rollups next. A
consumer never runs inside the transaction that wrote an event (nor, on SQLite, under its write lock):
``record_event`` asks for a dispatch once the transaction commits, the worker runs it, and a periodic
task does the same as a safety net, so a consumer catches up after the worker was down.

A consumer's work and its cursor move in one transaction, so it never sees an event twice: if its
handler fails, both roll back and the same events come again on the next dispatch. Side effects
outside the database (HTTP, websockets) go in ``transaction.on_commit`` inside the handler.

Adding a consumer (docs/architecture.md has the full example)::

    # otklik/myapp/apps.py
    def ready(self):
        from otklik.desk import feed
        from otklik.myapp.consumers import on_events
        feed.register(feed.Consumer("myapp", on_events, verbs={"ticket.opened"}))

Events arrive in id order. The one exception: on PostgreSQL an id taken by a transaction that
commits after later ids were read leaves a gap; the gap is looked up again on each dispatch for
``GAP_HORIZON`` and its event handed over late, out of order, once it appears.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from otklik.desk.models import Event, EventCursor

log = logging.getLogger(__name__)

BATCH = 500
# Longer than any write transaction may run: an id missing for this long belonged to a rollback.
GAP_HORIZON = timedelta(minutes=10)
# A run of missing ids this long is deleted history (or a sequence jump), not transactions in flight.
LONGEST_GAP = 1000


@dataclass(frozen=True)
class Consumer:
    """A reader of the feed: ``handle`` gets the new events it wants, in its own transaction."""

    name: str
    handle: Callable[[list[Event]], None]
    verbs: Collection[str] | None = None  # None: every event

    def wants(self, event: Event) -> bool:
        return self.verbs is None or event.verb in self.verbs


_consumers: dict[str, Consumer] = {}


def register(consumer: Consumer) -> None:
    """Called from an app's ``ready()``; registering the same name again replaces it."""
    _consumers[consumer.name] = consumer


def consumers() -> list[Consumer]:
    return list(_consumers.values())


def dispatch_after_commit() -> None:
    """Ask for a dispatch once the current transaction commits: once per transaction, not per event."""
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _dispatch_soon for entry in pending):
        return
    transaction.on_commit(_dispatch_soon)


def _dispatch_soon() -> None:
    from otklik.desk.tasks import dispatch_events

    try:
        dispatch_events()
    except Exception:  # the queue is down: the periodic dispatch will catch up
        log.exception("Could not enqueue the event feed dispatch")


def dispatch() -> dict[str, int]:
    """Hand every consumer the events it has not seen yet; returns how many each was handed."""
    handled = {}
    for consumer in consumers():
        try:
            handled[consumer.name] = drain(consumer)
        except Exception:
            # The consumer's transaction rolled back with its cursor: the same events come again.
            log.exception("Event feed consumer %s failed; it will be retried", consumer.name)
            handled[consumer.name] = 0
    return handled


def drain(consumer: Consumer, *, batch: int = BATCH) -> int:
    total = 0
    while True:
        handled, more = _step(consumer, batch)
        total += handled
        if not more:
            return total


def _step(consumer: Consumer, batch: int) -> tuple[int, bool]:
    known = EventCursor.objects.filter(consumer=consumer.name).values_list("position", "gaps").first()
    if known is not None and not known[1] and not Event.objects.filter(pk__gt=known[0]).exists():
        return 0, False  # nothing new: no write transaction (on SQLite it would queue for the write lock)
    with transaction.atomic():
        cursor, _ = EventCursor.objects.select_for_update().get_or_create(consumer=consumer.name)
        fresh = list(Event.objects.filter(pk__gt=cursor.position).select_related("ticket").order_by("pk")[:batch])
        gap_ids = [gap_id for gap_id, _ in cursor.gaps]
        late = list(Event.objects.filter(pk__in=gap_ids).select_related("ticket").order_by("pk")) if gap_ids else []
        wanted = [event for event in (*late, *fresh) if consumer.wants(event)]
        if wanted:
            consumer.handle(wanted)
        cursor.gaps = _open_gaps(cursor, fresh, {event.pk for event in late}, timezone.now())
        if fresh:
            cursor.position = fresh[-1].pk
        cursor.save(update_fields=["position", "gaps", "updated_at"])
    return len(late) + len(fresh), len(fresh) == batch


def _open_gaps(cursor: EventCursor, fresh: list[Event], filled: set[int], now: datetime) -> list[list[object]]:
    """The ids still worth looking for: earlier gaps not filled nor too old, and the new ones in ``fresh``."""
    gaps: list[list[object]] = [
        [gap_id, seen]
        for gap_id, seen in cursor.gaps
        if gap_id not in filled and now - datetime.fromisoformat(seen) < GAP_HORIZON
    ]
    seen_now = now.isoformat()
    # A consumer's first read has nothing to compare with: ids below the first event are not gaps.
    expected = cursor.position + 1 if cursor.position else (fresh[0].pk if fresh else 0)
    for event in fresh:
        missing = event.pk - expected
        if 0 < missing <= LONGEST_GAP:
            gaps.extend([gap_id, seen_now] for gap_id in range(expected, event.pk))
        elif missing > LONGEST_GAP:
            log.info("Event ids %s-%s are missing: treated as deleted", expected, event.pk - 1)
        expected = event.pk + 1
    return gaps


def lag() -> dict[str, int]:
    """Events each consumer has not been handed yet (for the status command and monitoring)."""
    positions = dict(EventCursor.objects.values_list("consumer", "position"))
    return {c.name: Event.objects.filter(pk__gt=positions.get(c.name, 0)).count() for c in consumers()}
