from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from otklik.core import bus, rows
from otklik.core.actor import Actor
from otklik.desk.models import Customer, Event, Ticket


def new_event(
    *,
    verb: str,
    actor: Actor,
    ticket: Ticket | None = None,
    customer: Customer | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Event:
    """The audit row, not written yet: for a write path that prepares its rows before its transaction."""
    return Event(
        ticket=ticket,
        customer=customer if customer is not None else (ticket.customer if ticket else None),
        actor=actor.user,
        actor_label=actor.label,
        verb=verb,
        before=before or {},
        after=after or {},
        created_at=at or timezone.now(),
    )


def event_written(event: Event) -> Event:
    """Let subscribers (webhooks…) react to an audit row the caller has just written in its transaction."""
    bus.publish(event)
    return event


def record_event(
    *,
    verb: str,
    actor: Actor,
    ticket: Ticket | None = None,
    customer: Customer | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Event:
    """Write the audit row in the caller's transaction and let subscribers (webhooks…) react."""
    event = new_event(verb=verb, actor=actor, ticket=ticket, customer=customer, before=before, after=after, at=at)
    return event_written(rows.insert(event))
