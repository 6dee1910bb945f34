"""The desk's ticket history as plain values, for apps that must not read the desk's models.

Staffing plans (``otklik.workforce``) take their arrival profile from here through
``DeskConfig.ticket_created_times`` (docs/architecture.md, "Layers").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from otklik.desk.models import Ticket


def ticket_created_times(*, start: datetime, end: datetime, channels: Sequence[str] = ()) -> Iterator[datetime]:
    """When each ticket of ``[start, end)`` was created, on the given channels (all if none); one query."""
    tickets = Ticket.objects.filter(created_at__gte=start, created_at__lt=end)
    if channels:
        tickets = tickets.filter(channel__in=list(channels))
    return tickets.values_list("created_at", flat=True).iterator(chunk_size=5000)
