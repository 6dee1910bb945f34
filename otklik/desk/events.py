from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from otklik.core import bus, rows
from otklik.core.actor import Actor
from otklik.desk.models import Customer, Event, Ticket


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
    event = rows.insert(
        Event(
            ticket=ticket,
            customer=customer if customer is not None else (ticket.customer if ticket else None),
            actor=actor.user,
            actor_label=actor.label,
            verb=verb,
            before=before or {},
            after=after or {},
            created_at=at or timezone.now(),
        )
    )
    bus.publish(event)
    return event
