from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "otklik.desk"
    label = "desk"
    verbose_name = _("Service desk")

    # The classifier and workforce sit beside or below the desk and import none of it
    # (docs/architecture.md, "Layers"); they find these two hooks here and get plain values.
    def classify_corrections(self) -> list[tuple[str, str]]:
        from otklik.desk.corrections import correction_pairs

        return correction_pairs()

    def ticket_created_times(self, start: datetime, end: datetime, channels: Sequence[str]) -> Iterator[datetime]:
        from otklik.desk.history import ticket_created_times

        return ticket_created_times(start=start, end=end, channels=channels)
