"""``otklik demo``: fill the desk with realistic, reproducible demo data."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from otklik.demo.generator import generate
from otklik.desk.models import Ticket


class Command(BaseCommand):
    help = "Generate demo staff (password: demo), customers and tickets of the last days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tickets", type=int, default=2000, help="How many tickets (default 2000).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data.")
        parser.add_argument("--days", type=int, default=90, help="Spread tickets over this many past days.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if tickets already exist.")

    def handle(self, *args: Any, **options: Any) -> None:
        count, days = options["tickets"], options["days"]
        if count < 0 or days < 1:
            raise CommandError("--tickets must be 0 or more and --days at least 1.")
        if options["if_empty"] and Ticket.objects.exists():
            self.stdout.write("Tickets already exist; no demo data generated.")
            return
        started = time.monotonic()
        with tqdm(total=count, unit="ticket", file=sys.stderr, disable=options["verbosity"] == 0) as bar:
            summary = generate(tickets=count, seed=options["seed"], days=days, progress=bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {summary.tickets} tickets, {summary.customers} customers, {summary.messages} messages, "
                f"{summary.events} events in {time.monotonic() - started:.1f} s. Logins use the password 'demo'."
            )
        )
