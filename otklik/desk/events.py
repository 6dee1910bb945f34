"""The audit trail: every change writes one ``Event`` row in its own transaction.

Consumers (webhooks now; live updates, SLA clocks, survey triggers, metric rollups next) never run
inside that transaction: they read the committed rows through ``otklik.desk.feed``, each with its own
cursor. Writing an event only asks the feed to look soon, once the transaction has committed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from otklik.core.actor import Actor
from otklik.desk import feed
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
    """Write the audit row in the caller's transaction; the feed's consumers see it once committed."""
    event = Event.objects.create(
        ticket=ticket,
        customer=customer if customer is not None else (ticket.customer if ticket else None),
        actor=actor.user,
        actor_label=actor.label,
        verb=verb,
        before=before or {},
        after=after or {},
        created_at=at or timezone.now(),
    )
    feed.dispatch_after_commit()
    return event
