"""Tickets made through the services, as intake would make them."""

from __future__ import annotations

import itertools
from typing import Any

from django.test import Client

from otklik.accounts.models import Team
from otklik.core.actor import Actor
from otklik.desk import services
from otklik.desk.models import Ticket

_seq = itertools.count(1)


def open_ticket(team: Team | None, subject: str = "", body: str = "Где мой заказ?", **extra: Any) -> Ticket:
    n = next(_seq)
    customer = services.customer_create(
        actor=Actor.system(), name=f"Клиент {n}", emails=[f"client{n}@example.ru"], phones=[f"+7 900 000-{n:04d}"]
    )
    return services.ticket_open(
        customer=customer,
        channel=extra.pop("channel", "email"),
        body_text=body,
        actor=Actor.customer(),
        subject=subject or f"Обращение {n}",
        team=team,
        **extra,
    ).ticket


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
