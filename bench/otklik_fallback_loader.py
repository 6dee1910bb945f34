"""Used only when ``otklik demo`` does not exist yet: N tickets through the ORM's bulk_create.

Each ticket gets what ``ticket_open`` writes for it: a customer with an email contact, the first
inbound message and the ``ticket_opened`` event.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.config.settings")
import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from otklik.accounts.models import Line, Team  # noqa: E402
from otklik.desk.models import Customer, CustomerContact, Event, Message, Ticket  # noqa: E402

STATUSES = [
    ("new", 5),
    ("open", 12),
    ("pending_customer", 3),
    ("pending_internal", 2),
    ("resolved", 18),
    ("closed", 60),
]


def main(count: int) -> None:
    rng = random.Random(1)
    team, _ = Team.objects.get_or_create(name="Первая линия", defaults={"line": Line.FIRST, "is_default": True})
    now = timezone.now()
    values, weights = [s for s, _ in STATUSES], [w for _, w in STATUSES]
    batch = 5000
    for start in range(0, count, batch):
        n = min(count, start + batch) - start
        stamps = [now - timedelta(days=365) + timedelta(seconds=(start + k) * 31536000 // count) for k in range(n)]
        with transaction.atomic():
            customers = Customer.objects.bulk_create(
                [Customer(name=f"Покупатель {start + k}", first_contact_at=stamps[k]) for k in range(n)]
            )
            CustomerContact.objects.bulk_create(
                [
                    CustomerContact(customer=c, kind="email", value=f"c{c.pk}@example.com", is_primary=True)
                    for c in customers
                ]
            )
            tickets = Ticket.objects.bulk_create([
                Ticket(customer=c, channel="email", subject=f"Заказ {start + k} не доставлен", team=team,
                       status=rng.choices(values, weights)[0], created_at=stamps[k], updated_at=stamps[k],
                       message_count=1)
                for k, c in enumerate(customers)
            ])  # fmt: skip
            Message.objects.bulk_create([
                Message(ticket=t, direction="inbound", author_customer=t.customer, created_at=t.created_at,
                        body_text=f"Здравствуйте! Мой заказ {t.pk} ещё не пришёл.")
                for t in tickets
            ])  # fmt: skip
            Event.objects.bulk_create([
                Event(ticket=t, customer=t.customer, actor_label="import", verb="ticket.opened", created_at=t.created_at)
                for t in tickets
            ])  # fmt: skip
        print(f"  otklik fallback loader: {start + n}/{count}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
