"""The webhooks' write use cases. Sending lives in hooks/delivery.py, creating rows in hooks/outbox.py."""

from __future__ import annotations

from otklik.hooks.delivery import (
    backoff,
    deliveries_send_soon,
    webhook_attempt,
    webhook_endpoint_close_circuit,
    webhook_endpoint_set_active,
    webhook_redeliver,
    webhooks_due,
)

__all__ = [
    "backoff",
    "deliveries_send_soon",
    "webhook_attempt",
    "webhook_endpoint_close_circuit",
    "webhook_endpoint_set_active",
    "webhook_redeliver",
    "webhooks_due",
]
