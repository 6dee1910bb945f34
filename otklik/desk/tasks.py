"""The event feed's worker side: thin tasks around otklik/desk/feed.py."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from otklik.desk import feed


@db_task()
def dispatch_events() -> None:
    """Enqueued after every transaction that wrote audit events."""
    feed.dispatch()


@db_periodic_task(crontab(minute="*"))
def dispatch_events_periodically() -> None:
    """The safety net: events whose dispatch was never enqueued (the queue was down) still go out."""
    feed.dispatch()
