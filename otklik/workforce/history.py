"""Ticket arrivals from the desk, as plain datetimes.

Workforce imports none of the desk (docs/architecture.md, "Layers"): an installed app that keeps
tickets offers their creation times through its app config's ``ticket_created_times(start, end,
channels)``; the desk's config does. Without such an app there is no history to plan from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.apps import apps

CreatedTimes = Callable[[datetime, datetime, Sequence[str]], Iterable[datetime]]


def created_times(start: datetime, end: datetime, channels: Sequence[str]) -> Iterable[datetime]:
    for config in apps.get_app_configs():
        source: CreatedTimes | None = getattr(config, "ticket_created_times", None)
        if source is not None:
            yield from source(start, end, channels)
