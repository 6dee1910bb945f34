"""``otklik feed``: where each consumer of the event feed stands, and a dispatch on demand."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from otklik.desk import feed
from otklik.desk.models import EventCursor


class Command(BaseCommand):
    help = _("Show how far each consumer of the event feed has read; --dispatch hands them what is new now.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dispatch", action="store_true", help=_("Hand every consumer its new events now."))
        parser.add_argument("--json", action="store_true", help=_("Print JSON instead of a table."))

    def handle(self, *args: Any, **options: Any) -> None:
        handled = feed.dispatch() if options["dispatch"] else {}
        cursors = {c.consumer: c for c in EventCursor.objects.all()}
        lag = feed.lag()
        rows: list[dict[str, Any]] = []
        for consumer in feed.consumers():
            cursor = cursors.get(consumer.name)
            rows.append({
                "consumer": consumer.name,
                "position": cursor.position if cursor else 0,
                "behind": lag[consumer.name],
                "open_gaps": len(cursor.gaps) if cursor else 0,
                "handled_now": handled.get(consumer.name, 0),
            })  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            behind = ngettext("%(n)d event behind", "%(n)d events behind", row["behind"]) % {"n": row["behind"]}
            line = _("%(consumer)s: at event %(position)d, %(behind)s") % {**row, "behind": behind}
            if options["dispatch"]:
                line += "; " + _("handed %(n)d now") % {"n": row["handled_now"]}
            self.stdout.write(line)
