from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.desk.models import Event


def new_secret() -> str:
    return secrets.token_hex(32)


class CircuitState(models.TextChoices):
    CLOSED = "closed", _("closed: sending")
    OPEN = "open", _("open: waiting out the cool-down")
    HALF_OPEN = "half_open", _("half-open: one trial delivery")


class WebhookEndpoint(models.Model):
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(
        _("signing secret"), max_length=128, default=new_secret,
        help_text=_("Receivers check X-Otklik-Signature: HMAC-SHA256 of 'timestamp.body' with this secret."),
    )  # fmt: skip
    # Empty list: every event. Otherwise verbs such as "ticket.opened", "message.reply".
    event_types = models.JSONField(_("event types"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The circuit breaker, kept here so every worker thread and process shares it and a restart keeps it
    # (hooks/delivery.py): failed attempts in a row, the state, and until when an open circuit waits (or a
    # half-open circuit's one trial holds its turn).
    circuit_state = models.CharField(
        _("circuit"), max_length=10, choices=CircuitState.choices, default=CircuitState.CLOSED
    )
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    circuit_retry_at = models.DateTimeField(_("circuit waits until"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.description or self.url

    def wants(self, verb: str) -> bool:
        return not self.event_types or verb in self.event_types


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    # Claimed by a sender; next_attempt_at is then the end of its lease.
    SENDING = "sending", _("sending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


class WebhookDelivery(models.Model):
    """One event for one endpoint: the outbox row and its delivery log."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="webhook_deliveries")
    payload = models.JSONField()
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            # One endpoint's due rows and its in-flight count (status sending, lease not over).
            models.Index(fields=["endpoint", "status", "next_attempt_at"], name="delivery_endpoint_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event.verb} → {self.endpoint}"
