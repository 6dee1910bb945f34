"""In-process publication of audit events to the apps that react to them.

The desk writes an ``Event`` row for every change; other apps (webhooks now, notifications and
metrics later) subscribe here instead of being imported by the desk, so the desk stays unaware of
them. Subscribers run inside the writer's transaction: they may write their own rows (an outbox)
and must defer anything external with ``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Subscriber = Callable[[Any], None]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> None:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def publish(event: Any) -> None:
    for subscriber in _subscribers:
        subscriber(event)
