from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from otklik.hooks.delivery import webhook_attempt, webhooks_due


def _send(delivery_ids: list[int]) -> None:
    if HUEY.immediate:  # no worker process (tests, a shell): send here and now, one after another
        for delivery_id in delivery_ids:
            webhook_attempt(delivery_id=delivery_id)
        return
    from otklik.hooks.senders import senders

    senders().submit(delivery_ids)  # returns at once: the sender threads do the waiting, not huey's


@db_task()
def send_webhooks(delivery_ids: list[int]) -> None:
    """New rows, a retry falling due, a redelivery: the claim decides whether each is really due."""
    _send(delivery_ids)


@db_task()
def wake_webhook_endpoint(endpoint_id: int) -> None:
    """An endpoint's circuit cool-down is over: its due rows go, and the first of them is the trial."""
    _send(webhooks_due(endpoint_id=endpoint_id))


@db_periodic_task(crontab(minute="*"))
def sweep_webhooks() -> None:
    """The safety net, not the schedule: rows whose enqueue or wake-up was lost, or whose sender died.

    Retries are on time because each failed attempt schedules a wake-up task for the moment its row
    falls due; the table stays the source of truth, so a wake-up that never comes costs a minute at most.
    """
    _send(webhooks_due())
