from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from otklik.hooks.services import webhook_attempt, webhooks_due


@db_task()
def deliver_webhook(delivery_id: int) -> None:
    webhook_attempt(delivery_id=delivery_id)


@db_periodic_task(crontab(minute="*"))
def sweep_webhooks() -> None:
    """Retries and anything whose enqueue was lost: the outbox table says what is due."""
    for delivery_id in webhooks_due():
        webhook_attempt(delivery_id=delivery_id)
