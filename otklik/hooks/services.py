from __future__ import annotations

import json
import logging
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from otklik.core.cache import TimedCache
from otklik.desk.models import Event
from otklik.hooks.delivery import (
    backoff,
    deliveries_send_soon,
    webhook_attempt,
    webhook_endpoint_close_circuit,
    webhook_endpoint_set_active,
    webhook_redeliver,
    webhooks_due,
)
from otklik.hooks.models import WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

# Sending lives in hooks/delivery.py; these names stay importable from here.
__all__ = [
    "backoff",
    "deliveries_send_soon",
    "webhook_attempt",
    "webhook_endpoint_close_circuit",
    "webhook_endpoint_set_active",
    "webhook_redeliver",
    "webhooks_due",
]

# Endpoints change rarely and every audit event asks for them: keep them a few seconds per process.
endpoint_cache: TimedCache[list[WebhookEndpoint]] = TimedCache(seconds=5.0)


def forget_endpoint_cache() -> None:
    endpoint_cache.clear()


def _active_endpoints() -> list[WebhookEndpoint]:
    return endpoint_cache.get("active", lambda: list(WebhookEndpoint.objects.filter(is_active=True)))


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


def webhooks_enqueue_for_event(event: Event) -> None:
    """Bus subscriber: write outbox rows in the event's transaction, send after commit."""
    endpoints = [e for e in _active_endpoints() if e.wants(event.verb)]
    if not endpoints:
        return
    payload = json.loads(json.dumps(event_payload(event), cls=DjangoJSONEncoder))
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=e, event=event, payload=payload, next_attempt_at=now) for e in endpoints]
    )
    ids = [d.pk for d in deliveries if d.pk is not None]
    if not ids:  # backends that do not return ids from bulk_create: the periodic sweep sends them
        return
    transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(ids: list[int]) -> None:
    """Kept for the creation side until it calls ``deliveries_send_soon`` itself."""
    deliveries_send_soon(ids)
