from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

import httpx
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from otklik.core.cache import TimedCache
from otklik.desk.models import Event
from otklik.hooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from otklik.hooks.signing import sign

log = logging.getLogger(__name__)

# Endpoints change rarely and every audit event asks for them: keep them a few seconds per process.
endpoint_cache: TimedCache[list[WebhookEndpoint]] = TimedCache(seconds=5.0)
LEASE = timedelta(seconds=90)


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
    from otklik.hooks.tasks import deliver_webhook

    for delivery_id in ids:
        try:
            deliver_webhook(delivery_id)
        except Exception:  # the queue is down: the periodic sweep will find the row
            log.exception("Could not enqueue webhook delivery %s", delivery_id)


def backoff(attempts: int) -> timedelta:
    """15 s, 30 s, 1 min, 2 min … capped at 1 hour."""
    return timedelta(seconds=min(15 * 2 ** max(attempts - 1, 0), 3600))


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """Take a due delivery for a while, so the sweep and a queued task never send it twice."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def webhook_attempt(*, delivery_id: int, client: httpx.Client | None = None) -> WebhookDelivery | None:
    """Send one delivery once; record the outcome and when to try again."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    body = json.dumps({"delivery_id": str(delivery.uuid), **delivery.payload}, ensure_ascii=False).encode()
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Otklik-Webhooks/1",
        "X-Otklik-Event": delivery.payload.get("event", ""),
        "X-Otklik-Delivery": str(delivery.uuid),
        "X-Otklik-Timestamp": str(stamp),
        "X-Otklik-Signature": sign(delivery.endpoint.secret, stamp, body),
    }
    status_code, error = None, ""
    try:
        owner = client or httpx.Client(timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
        try:
            response = owner.post(delivery.endpoint.url, content=body, headers=headers)
        finally:
            if client is None:
                owner.close()
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}: {response.text[:500]}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
    return _record_attempt(delivery, status_code, error)


def _record_attempt(delivery: WebhookDelivery, status_code: int | None, error: str) -> WebhookDelivery:
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = status_code
    delivery.last_error = error
    if not error:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at",
                                 "next_attempt_at"])  # fmt: skip
    return delivery


def webhooks_due(limit: int = 500) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """An admin asks to try a failed delivery again from the start."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = DeliveryStatus.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    pk = delivery.pk
    transaction.on_commit(lambda: _enqueue([pk]))
    return delivery
