"""The webhooks' consumer of the event feed: committed events become outbox rows, one per endpoint.

An endpoint receives the events that happened after it was created, so a new endpoint is not sent
the desk's history, and the feed may read events long after they were written (after an outage).
The ticket in the payload is the ticket as it is when the delivery is made; ``before`` and ``after``
carry the change itself.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from otklik.desk.models import Event
from otklik.hooks.delivery import deliveries_send_soon
from otklik.hooks.models import WebhookDelivery, WebhookEndpoint

CONSUMER = "webhooks"


def event_payload(event: Event) -> dict[str, Any]:
    ticket = event.ticket
    return {
        "event": event.verb,
        "event_id": event.pk,
        "occurred_at": event.created_at.isoformat(),
        "actor": {"user_id": event.actor_id, "label": event.actor_label},
        "before": event.before,
        "after": event.after,
        "ticket": None if ticket is None else {
            "id": ticket.pk, "external_id": ticket.external_id, "status": ticket.status,
            "kind": ticket.kind, "priority": ticket.priority, "line": ticket.line,
            "team_id": ticket.team_id, "assignee_id": ticket.assignee_id, "subject": ticket.subject,
            "customer_id": ticket.customer_id,
        },
        "customer_id": event.customer_id,
    }  # fmt: skip


def webhooks_for_events(events: list[Event]) -> None:
    """Feed consumer: write the deliveries in the feed's transaction, send them after it commits."""
    endpoints = list(WebhookEndpoint.objects.filter(is_active=True))
    if not endpoints:
        return
    now = timezone.now()
    deliveries = []
    for event in events:
        targets = [e for e in endpoints if e.wants(event.verb) and event.created_at >= e.created_at]
        if targets:
            payload = json.loads(json.dumps(event_payload(event), cls=DjangoJSONEncoder))
            deliveries += [
                WebhookDelivery(endpoint=e, event=event, payload=payload, next_attempt_at=now) for e in targets
            ]
    created = WebhookDelivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in created if d.pk is not None]
    if ids:  # backends that return no ids from bulk_create leave them to the safety sweep
        transaction.on_commit(lambda: deliveries_send_soon(ids))
