"""Factories for the desk's people and tickets, shared by every test package.

Teams are plain rows. Agents, customers and tickets are made through the services the desk itself
uses (``agent_create``, ``customer_create``, ``ticket_open``), so a factory-made ticket has its first
message, its audit events and its classification exactly as one from intake, and those services stay
covered by every test that needs a ticket.

``make_user`` and ``open_ticket`` are the short positional forms most tests call.
"""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from otklik.accounts.models import Line, Role, Team
from otklik.accounts.services import agent_create
from otklik.core.actor import Actor
from otklik.desk import services
from otklik.desk.models import Customer, Ticket

PASSWORD = "pw-123456"  # every factory-made agent's; tests/browser.py signs in with it


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Команда {n}")
    line = Line.FIRST
    is_default = False


class AgentFactory(factory.Factory):
    """A desk user with a profile (role, line, teams), made by ``agent_create``."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = PASSWORD
    first_name = factory.Sequence(lambda n: f"Agent{n}")
    role = Role.AGENT
    teams: Any = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return agent_create(**kwargs)

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("an agent needs its profile row: use create()")


class SupervisorFactory(AgentFactory):
    role = Role.SUPERVISOR


class AdminFactory(AgentFactory):
    role = Role.ADMIN


class CustomerFactory(factory.Factory):
    """A customer with one email and one phone, made by ``customer_create``."""

    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Клиент {n}")
    emails = factory.Sequence(lambda n: [f"client{n}@example.ru"])
    phones = factory.Sequence(lambda n: [f"+7 900 000-{n % 10_000:04d}"])
    actor = factory.LazyFunction(Actor.system)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Customer:
        return services.customer_create(**kwargs)

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Customer:
        raise NotImplementedError("a customer needs its contact rows: use create()")


class TicketFactory(factory.Factory):
    """A ticket with its first inbound message, opened by ``ticket_open`` from an ``Appeal`` as intake would.

    Any field of the appeal (kind, priority, attachments, external_id…) can be given. ``kind_confidence``
    and ``kind_source`` are not an appeal's to set; a test that needs a ticket as the classifier left
    it (a kind at 87 %) gives them and they are written after the opening.
    """

    class Meta:
        model = Ticket

    customer = factory.SubFactory(CustomerFactory)
    team: Any = None
    channel = "email"
    body = "Где мой заказ?"
    subject = factory.Sequence(lambda n: f"Обращение {n}")
    actor = factory.LazyFunction(Actor.customer)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Ticket:
        as_read = {key: kwargs.pop(key) for key in ("kind_confidence", "kind_source") if key in kwargs}
        actor, customer = kwargs.pop("actor"), kwargs.pop("customer")
        ticket = services.ticket_open(appeal=services.Appeal(who=customer, **kwargs), actor=actor).ticket
        if as_read:
            Ticket.objects.filter(pk=ticket.pk).update(**as_read)
            ticket.refresh_from_db()
        return ticket

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Ticket:
        raise NotImplementedError("a ticket needs its message and events: use create()")


def make_user(role: str = Role.AGENT, teams: list[Team] | None = None, **extra: Any) -> Any:
    return AgentFactory(role=role, teams=teams or [], **extra)


def open_ticket(team: Team | None, subject: str = "", body: str = "Где мой заказ?", **extra: Any) -> Ticket:
    if subject:
        extra["subject"] = subject
    return TicketFactory(team=team, body=body, **extra)
