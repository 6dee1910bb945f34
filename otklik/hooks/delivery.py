"""Sending outbox rows: claim, send signed, record, retry with backoff, and the per-endpoint circuit breaker.

The ``WebhookDelivery`` table is the source of truth for what is due: ``next_attempt_at`` says when a
row may be tried. Queued tasks (``deliveries_send_soon``, a retry's wake-up scheduled for the moment
it falls due) only make the worker look sooner; the minute sweep finds whatever a lost task missed. A
claim takes a row for a lease (status ``sending``) inside a transaction that holds the endpoint's
row, so two senders never send one row at once, an endpoint never has more than its share of
requests in flight across every worker, and the breaker and the ``is_active`` switch are read where
the decision is taken.
"""

from __future__ import annotations

import enum
import json
import logging
import time
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from otklik.hooks.models import CircuitState, DeliveryStatus, WebhookDelivery, WebhookEndpoint
from otklik.hooks.signing import sign

log = logging.getLogger(__name__)

DEACTIVATED = "Endpoint deactivated: not sent."


class Skip(enum.Enum):
    """Why a claim took nothing."""

    NOT_DUE = "not due"  # gone, done, leased by another sender, or waiting for its next attempt
    ENDPOINT_BUSY = "endpoint busy"  # the endpoint already has its share of requests in flight
    CIRCUIT_OPEN = "circuit open"  # cooling down, or its one trial is in flight
    INACTIVE = "inactive"  # the endpoint is switched off: the row was cancelled


def lease() -> timedelta:
    """How long a claim holds a row: longer than any one request may take, so nobody sends it twice."""
    return timedelta(seconds=max(90, 3 * settings.WEBHOOK_TIMEOUT_SECONDS))


def max_in_flight() -> int:
    return max(1, settings.WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT)


def backoff(attempts: int) -> timedelta:
    """15 s, 30 s, 1 min, 2 min … capped at 1 hour."""
    return timedelta(seconds=min(15 * 2 ** max(attempts - 1, 0), 3600))


def deliveries_send_soon(delivery_ids: list[int]) -> None:
    """Ask the worker to send these committed outbox rows now. Never raises.

    Call it after commit. If the queue is down the rows stay due in the table and the sweep sends them.
    """
    if not delivery_ids:
        return
    from otklik.hooks.tasks import send_webhooks

    try:
        send_webhooks(list(delivery_ids))
    except Exception:
        log.exception("Could not enqueue webhook deliveries %s; the sweep will send them", delivery_ids)


def _wake_at(when: datetime, *, delivery_ids: list[int] | None = None, endpoint_id: int | None = None) -> None:
    """Queue a look at the table for the moment something falls due. A lost wake-up costs at most a sweep."""
    from otklik.hooks.tasks import send_webhooks, wake_webhook_endpoint

    delay = max((when - timezone.now()).total_seconds(), 0) + 0.05  # not a hair before it is due
    try:
        if endpoint_id is not None:
            wake_webhook_endpoint.schedule(args=(endpoint_id,), delay=delay)
        else:
            send_webhooks.schedule(args=(delivery_ids,), delay=delay)
    except Exception:
        log.exception("Could not schedule a webhook wake-up; the sweep will find what is due")


# --- Claim ------------------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    # A row in "sending" whose lease ran out lost its sender (a killed worker): it is due again.
    return Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], next_attempt_at__lte=now)


def _circuit_lets_through(endpoint: WebhookEndpoint, now: datetime) -> bool | None:
    """True: a normal send. False: this one is the half-open trial. None: hold back."""
    if endpoint.circuit_state == CircuitState.CLOSED:
        return True
    if endpoint.circuit_retry_at is not None and endpoint.circuit_retry_at > now:
        return None  # still cooling down, or a trial is in flight and its lease holds
    return False


def _cancel_pending(endpoint_id: int, reason: str) -> int:
    return WebhookDelivery.objects.filter(endpoint_id=endpoint_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELLED, last_error=reason
    )


def _claim(delivery_id: int) -> WebhookDelivery | Skip:
    """Take a due delivery for a lease, if its endpoint is on, its circuit allows and it has a slot free."""
    endpoint_id = WebhookDelivery.objects.filter(pk=delivery_id).values_list("endpoint_id", flat=True).first()
    if endpoint_id is None:
        return Skip.NOT_DUE
    now = timezone.now()
    with transaction.atomic():
        # The endpoint's row lock serialises claims for one endpoint on PostgreSQL; SQLite's IMMEDIATE
        # transactions serialise every writer anyway. So the in-flight count below cannot go stale.
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
        if not endpoint.is_active:
            _cancel_pending(endpoint_id, DEACTIVATED)
            return Skip.INACTIVE
        normal = _circuit_lets_through(endpoint, now)
        if normal is None:
            return Skip.CIRCUIT_OPEN
        in_flight = WebhookDelivery.objects.filter(
            endpoint_id=endpoint_id, status=DeliveryStatus.SENDING, next_attempt_at__gt=now
        ).count()
        if in_flight >= max_in_flight():
            return Skip.ENDPOINT_BUSY
        claimed = WebhookDelivery.objects.filter(_due(now), pk=delivery_id).update(
            status=DeliveryStatus.SENDING, next_attempt_at=now + lease()
        )
        if not claimed:
            return Skip.NOT_DUE
        if not normal:  # the trial: the circuit stays shut to everyone else until its answer (or lease end)
            endpoint.circuit_state, endpoint.circuit_retry_at = CircuitState.HALF_OPEN, now + lease()
            endpoint.save(update_fields=["circuit_state", "circuit_retry_at"])
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    delivery.endpoint = endpoint
    return delivery


# --- Send and record --------------------------------------------------------------------------


def _post(delivery: WebhookDelivery, client: httpx.Client | None) -> tuple[int | None, str]:
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
    try:
        owner = client or httpx.Client(timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
        try:
            response = owner.post(delivery.endpoint.url, content=body, headers=headers)
        finally:
            if client is None:
                owner.close()
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:1000]
    if not 200 <= response.status_code < 300:
        return response.status_code, f"HTTP {response.status_code}: {response.text[:500]}"
    return response.status_code, ""


def send_claimed(delivery_id: int, client: httpx.Client | None = None) -> WebhookDelivery | Skip:
    """Claim, send once, record; the sender pool calls this and reads a ``Skip`` to drop its queue."""
    delivery = _claim(delivery_id)
    if isinstance(delivery, Skip):
        return delivery
    status_code, error = _post(delivery, client)
    return _record_attempt(delivery, status_code, error)


def webhook_attempt(*, delivery_id: int, client: httpx.Client | None = None) -> WebhookDelivery | None:
    """Send one delivery once, if it is due and allowed; record the outcome and when to try again."""
    outcome = send_claimed(delivery_id, client)
    return None if isinstance(outcome, Skip) else outcome


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
        delivery.status, delivery.next_attempt_at = DeliveryStatus.PENDING, now + backoff(delivery.attempts)
    with transaction.atomic():
        delivery.save(update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at",
                                     "next_attempt_at"])  # fmt: skip
        reopened_at = _circuit_after(delivery.endpoint_id, succeeded=not error, now=now)
    # After commit: what to look at next, and when.
    if reopened_at is not None:
        _wake_at(reopened_at, endpoint_id=delivery.endpoint_id)
    elif not error and delivery.endpoint.circuit_state != CircuitState.CLOSED:
        deliveries_send_soon(webhooks_due(endpoint_id=delivery.endpoint_id))  # the trial passed: send the backlog
    elif delivery.status == DeliveryStatus.PENDING:
        _wake_at(delivery.next_attempt_at, delivery_ids=[delivery.pk])
    return delivery


def _circuit_after(endpoint_id: int, *, succeeded: bool, now: datetime) -> datetime | None:
    """Count the answer into the breaker; the moment the circuit waits until, if it opened now."""
    if succeeded:
        WebhookEndpoint.objects.filter(pk=endpoint_id).update(
            consecutive_failures=0, circuit_state=CircuitState.CLOSED, circuit_retry_at=None
        )
        return None
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    endpoint.consecutive_failures = F("consecutive_failures") + 1
    endpoint.save(update_fields=["consecutive_failures"])
    endpoint.refresh_from_db(fields=["consecutive_failures", "circuit_state"])
    tripped = endpoint.consecutive_failures >= max(1, settings.WEBHOOK_BREAKER_FAILURES)
    if endpoint.circuit_state == CircuitState.CLOSED and not tripped:
        return None
    # Open (again): nothing is attempted until the cool-down passes; then one trial goes (see _claim).
    retry_at = now + timedelta(seconds=settings.WEBHOOK_BREAKER_COOLDOWN_SECONDS)
    endpoint.circuit_state, endpoint.circuit_retry_at = CircuitState.OPEN, retry_at
    endpoint.save(update_fields=["circuit_state", "circuit_retry_at"])
    # Postpone the endpoint's waiting rows, so the log shows when they will go and the sweep skips them.
    WebhookDelivery.objects.filter(
        endpoint_id=endpoint_id, status=DeliveryStatus.PENDING, next_attempt_at__lt=retry_at
    ).update(next_attempt_at=retry_at)
    return retry_at


# --- What is due, and admin use cases ---------------------------------------------------------


def webhooks_due(limit: int = 500, *, endpoint_id: int | None = None) -> list[int]:
    """Rows whose time has come, oldest first, leaving out endpoints whose circuit holds them back."""
    now = timezone.now()
    rows = WebhookDelivery.objects.filter(_due(now)).exclude(
        endpoint__circuit_state__in=[CircuitState.OPEN, CircuitState.HALF_OPEN], endpoint__circuit_retry_at__gt=now
    )
    if endpoint_id is not None:
        rows = rows.filter(endpoint_id=endpoint_id)
    return list(rows.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """An admin asks to try a delivery again from the start (a failed or a cancelled one)."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = DeliveryStatus.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    pk = delivery.pk
    transaction.on_commit(lambda: deliveries_send_soon([pk]))
    return delivery


@transaction.atomic
def webhook_endpoint_set_active(*, endpoint: WebhookEndpoint, is_active: bool) -> int:
    """Switch an endpoint on or off; returns how many waiting deliveries were cancelled.

    Off: its waiting deliveries are cancelled at once and never sent (one already on the wire finishes;
    the claim checks the switch too, so rows written a moment later are cancelled as well). On again:
    the cancelled rows stay cancelled, because a receiver that was switched off usually should not get
    a flood of stale events; an admin picks any to resend with "Deliver again". The circuit starts
    closed, as for a new endpoint.
    """
    endpoint.is_active = is_active
    fields = ["is_active"]
    cancelled = 0
    if is_active:
        endpoint.circuit_state, endpoint.consecutive_failures, endpoint.circuit_retry_at = CircuitState.CLOSED, 0, None
        fields += ["circuit_state", "consecutive_failures", "circuit_retry_at"]
    endpoint.save(update_fields=fields)
    if not is_active:
        cancelled = _cancel_pending(endpoint.pk, DEACTIVATED)
    return cancelled


@transaction.atomic
def webhook_endpoint_close_circuit(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """An admin knows the receiver is back: send its waiting deliveries now instead of after the cool-down."""
    endpoint.circuit_state, endpoint.consecutive_failures, endpoint.circuit_retry_at = CircuitState.CLOSED, 0, None
    endpoint.save(update_fields=["circuit_state", "consecutive_failures", "circuit_retry_at"])
    now = timezone.now()
    WebhookDelivery.objects.filter(endpoint_id=endpoint.pk, status=DeliveryStatus.PENDING).update(next_attempt_at=now)
    pk = endpoint.pk
    transaction.on_commit(lambda: deliveries_send_soon(webhooks_due(endpoint_id=pk)))
    return endpoint
