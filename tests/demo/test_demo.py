from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q

from otklik.accounts.models import Line, Role
from otklik.demo import writer
from otklik.demo.people import DEMO_LOGINS
from otklik.desk.choices import ACTIVE_STATUSES, Channel, Kind, Status, Verb
from otklik.desk.contacts import normalize_email, normalize_phone
from otklik.desk.models import Customer, CustomerContact, Event, Message, Ticket

TICKETS = 200


def run_demo(**options: Any) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out, stderr=io.StringIO(), **{"tickets": TICKETS, "seed": 7, **options})
    return out.getvalue()


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Ticket.objects.order_by("id").values_list(
            "subject", "kind", "status", "channel", "customer__name", "message_count", "reopen_count"
        )
    )


def wipe_tickets() -> None:
    Event.objects.all().delete()
    Message.objects.all().delete()
    Ticket.objects.all().delete()
    CustomerContact.objects.all().delete()
    Customer.objects.all().delete()


@pytest.fixture
def demo(db: None) -> None:
    run_demo()


def test_same_seed_gives_the_same_desk(db: None) -> None:
    run_demo()
    first = snapshot()
    wipe_tickets()
    run_demo()
    assert snapshot() == first
    wipe_tickets()
    run_demo(seed=8)
    assert snapshot() != first


def test_all_kinds_channels_and_both_languages(demo: None) -> None:
    assert set(Ticket.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert {"email", "chat", "phone", "form"} <= set(Ticket.objects.values_list("channel", flat=True))
    assert set(Customer.objects.values_list("language", flat=True)) == {"ru", "en"}
    bodies = list(Message.objects.filter(direction="inbound").values_list("body_text", flat=True))
    assert any(re.search("[а-яё]", b) for b in bodies)
    assert any(re.match("[A-Za-z]", b) for b in bodies)
    assert Ticket.objects.filter(kind_source="classifier", kind_confidence__isnull=False).count() > TICKETS / 2
    assert Ticket.objects.filter(kind_source="agent", kind_set_by__isnull=False, kind_confidence=1.0).exists()
    assert Ticket.objects.filter(line=Line.SECOND).exists()
    assert Message.objects.filter(direction="note").exists()


def test_timestamps_follow_the_ticket_life(demo: None) -> None:
    for t in Ticket.objects.all():
        assert t.created_at <= t.updated_at
        if t.first_response_at:
            assert t.created_at <= t.first_response_at <= t.updated_at
        if t.resolved_at:
            assert t.first_response_at is not None and t.first_response_at <= t.resolved_at <= t.updated_at
        if t.closed_at:
            assert t.resolved_at is not None and t.resolved_at <= t.closed_at
        if t.status in ACTIVE_STATUSES:
            assert t.resolved_at is None and t.closed_at is None
        if t.status == Status.RESOLVED:
            assert t.resolved_at is not None and t.closed_at is None
        if t.status == Status.CLOSED:
            assert t.closed_at is not None
        if t.status == Status.NEW:
            assert t.first_response_at is None and t.assignee_id is None
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert Status.CLOSED in statuses and statuses & set(ACTIVE_STATUSES)


def test_counters_match_rows(demo: None) -> None:
    wrong = Ticket.objects.annotate(n=Count("messages")).exclude(n=F("message_count"))
    assert not wrong.exists()
    reopened = Ticket.objects.annotate(n=Count("events", filter=Q(events__verb=Verb.REOPENED))).exclude(
        n=F("reopen_count")
    )
    assert not reopened.exists()
    assert Ticket.objects.filter(reopen_count__gt=0).exists()


def test_every_ticket_opens_with_its_first_message(demo: None) -> None:
    opened = {e.ticket_id: e for e in Event.objects.filter(verb=Verb.TICKET_OPENED)}
    assert len(opened) == Ticket.objects.count() == TICKETS
    for ticket in Ticket.objects.all():
        event = opened[ticket.pk]
        first = ticket.messages.order_by("created_at", "id").first()
        assert first is not None and first.direction == "inbound" and first.author_customer_id == ticket.customer_id
        assert event.after["message"] == first.pk
        assert event.created_at == ticket.created_at == first.created_at
        assert event.customer_id == ticket.customer_id


def test_events_have_the_services_shapes(demo: None) -> None:
    for event in Event.objects.filter(verb__in=[Verb.MESSAGE_REPLY, Verb.MESSAGE_NOTE, Verb.MESSAGE_INBOUND])[:300]:
        message = Message.objects.get(pk=event.after["message"])
        assert message.ticket_id == event.ticket_id
    for event in Event.objects.filter(verb=Verb.STATUS_CHANGED)[:300]:
        assert set(event.before) == set(event.after) == {"status"}
    escalation = Event.objects.filter(verb=Verb.ESCALATED).first()
    assert escalation is not None
    assert set(escalation.before) == {"line", "team", "assignee"}
    assert escalation.after["line"] == Line.SECOND and escalation.after["reason"]
    inbound = Event.objects.filter(verb=Verb.MESSAGE_INBOUND).first()
    assert inbound is not None and inbound.actor_id is None and inbound.actor_label == "customer"
    phone = Ticket.objects.filter(channel=Channel.PHONE).first()
    assert phone is not None
    assert phone.events.get(verb=Verb.TICKET_OPENED).actor_id is not None  # the agent logged the call


def test_contacts_are_stored_normalized(demo: None) -> None:
    for kind, value in CustomerContact.objects.values_list("kind", "value"):
        if kind == "email":
            assert normalize_email(value) == value
        elif kind == "phone":
            assert normalize_phone(value) == value
    assert CustomerContact.objects.filter(kind="phone", value__startswith="+7").exists()
    assert not Customer.objects.filter(first_contact_at__isnull=True).exists()


def test_if_empty_leaves_existing_tickets_alone(demo: None) -> None:
    output = run_demo(if_empty=True, tickets=50)
    assert "already exist" in output
    assert Ticket.objects.count() == TICKETS


def test_a_second_run_adds_tickets_without_contact_clashes(demo: None) -> None:
    run_demo(tickets=50)
    assert Ticket.objects.count() == TICKETS + 50
    assert Ticket.objects.order_by("-id").first().pk == TICKETS + 50  # type: ignore[union-attr]


@pytest.mark.django_db
def test_demo_logins_authenticate() -> None:
    run_demo(tickets=0)
    for username in DEMO_LOGINS:
        assert authenticate(username=username, password="demo") is not None, username
    admin = authenticate(username="admin", password="demo")
    assert admin is not None and admin.is_superuser
    anna = authenticate(username="anna", password="demo")
    assert anna.agent_profile.role == Role.AGENT and anna.agent_profile.line == Line.FIRST  # type: ignore[union-attr]
    boris = authenticate(username="boris", password="demo")
    assert boris.agent_profile.line == Line.SECOND  # type: ignore[union-attr]
    supervisor = authenticate(username="supervisor", password="demo")
    assert supervisor.agent_profile.role == Role.SUPERVISOR  # type: ignore[union-attr]


def test_fast_adapters_write_what_the_orm_writes(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL uses the connection's own adapters")
    to_db, to_json = writer.db_time_adapter(), writer.db_json_adapter()
    for ts in (0, 1_700_000_000, 1_767_225_599, 1_767_225_600):
        assert to_db(ts) == connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(ts, UTC))
    for value in ({"message": 12}, {"status": "open"}, {"assignee": None}, {"reason": "Жалоба"}, {"a": 1, "b": [2]}):
        assert to_json(value) == connection.ops.adapt_json_value(value, None)
