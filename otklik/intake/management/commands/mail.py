"""``otklik mail ingest FILE.eml|-``: one email from a file or a pipe (the local MTA), one JSON line out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from otklik.intake.services import mail_ingest


class Command(BaseCommand):
    help = _("Email intake. 'ingest FILE|-' turns one RFC 5322 message into a ticket or a message on its ticket.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        ingest = actions.add_parser("ingest", help=_("Read one message from a file, or from standard input with -."))
        ingest.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror}) from exc
        result = mail_ingest(raw=raw, source="cli")
        line = {"ticket_id": result.ticket_id, "message_id": result.message_id, "outcome": result.outcome}
        if result.reason:
            line["reason"] = result.reason
        self.stdout.write(json.dumps(line, ensure_ascii=False))
