"""Service rules that no single entry point shows fully."""

from __future__ import annotations

import pytest

from otklik.core.actor import Actor
from otklik.core.errors import Conflict, DomainError
from otklik.desk import services
from otklik.desk.choices import Status
from otklik.desk.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(team_l1):
    customer = services.customer_resolve(actor=Actor.customer(), email="maria@example.ru", name="Мария")
    appeal = services.Appeal(who=customer, channel="email", body="Вопрос по тарифу")
    return services.ticket_open(appeal=appeal, actor=Actor.customer()).ticket


def _verbs(ticket):
    return list(Event.objects.filter(ticket=ticket).values_list("verb", flat=True))


def test_status_timestamps_and_reopen(ticket, agent):
    actor = Actor.of(agent)
    ticket = services.ticket_change_status(ticket=ticket, actor=actor, status=Status.RESOLVED)
    resolved_at = ticket.resolved_at
    assert resolved_at is not None
    ticket = services.ticket_change_status(ticket=ticket, actor=actor, status=Status.CLOSED)
    assert (ticket.resolved_at, ticket.closed_at is not None) == (resolved_at, True)
    ticket = services.ticket_change_status(ticket=ticket, actor=actor, status=Status.OPEN)
    assert (ticket.reopen_count, ticket.resolved_at, ticket.closed_at) == (1, None, None)
    assert _verbs(ticket)[-1] == "ticket.reopened"
    with pytest.raises(DomainError) as error:
        services.ticket_change_status(ticket=ticket, actor=actor, status=Status.NEW)
    assert error.value.field == "status"


def test_unchanged_values_write_no_event(ticket, agent):
    before = Event.objects.count()
    services.ticket_change_priority(ticket=ticket, actor=Actor.of(agent), priority="normal")
    services.ticket_assign(ticket=ticket, actor=Actor.of(agent), assignee=None)
    assert Event.objects.count() == before


def test_escalation_needs_a_second_line_team(ticket, agent):
    with pytest.raises(DomainError) as error:
        services.ticket_escalate(ticket=ticket, actor=Actor.of(agent), reason="сложный случай")
    assert error.value.field == "team"
    assert ticket.events.filter(verb="ticket.escalated").count() == 0


def test_escalation_moves_line_team_and_keeps_the_reason(ticket, agent, team_l2):
    services.ticket_assign(ticket=ticket, actor=Actor.of(agent), assignee=agent)
    ticket = services.ticket_escalate(ticket=ticket, actor=Actor.of(agent), reason="проверка биллинга")
    assert (ticket.line, ticket.team_id, ticket.assignee_id) == (2, team_l2.pk, None)
    assert ticket.messages.filter(direction="note").get().body_text == "проверка биллинга"
    event = ticket.events.get(verb="ticket.escalated")
    assert event.before["line"] == 1
    assert event.after["reason"] == "проверка биллинга"


def test_merge_rules(ticket, agent, team_l1):
    other = services.ticket_open(
        appeal=services.Appeal(who=ticket.customer, channel="chat", body="ещё"), actor=Actor.customer()
    ).ticket
    with pytest.raises(DomainError):
        services.ticket_merge(source=ticket, target=ticket, actor=Actor.of(agent))
    services.ticket_merge(source=other, target=ticket, actor=Actor.of(agent))
    third = services.ticket_open(
        appeal=services.Appeal(who=ticket.customer, channel="chat", body="и ещё"), actor=Actor.customer()
    ).ticket
    with pytest.raises(Conflict):
        services.ticket_merge(source=third, target=other, actor=Actor.of(agent))


def test_kind_correction_is_recorded_for_training(ticket, agent):
    services.ticket_change_kind(
        ticket=ticket, actor=Actor.system("classifier"), kind="question", confidence=0.62, source="classifier"
    )
    ticket = services.ticket_change_kind(ticket=ticket, actor=Actor.of(agent), kind="claim")
    assert (ticket.kind, ticket.kind_source, ticket.kind_set_by_id) == ("claim", "agent", agent.pk)
    correction = ticket.events.filter(verb="ticket.kind_changed").last()
    assert correction.actor_id == agent.pk
    before = {key: correction.before[key] for key in ("kind", "kind_source", "kind_confidence")}
    assert before == {"kind": "question", "kind_source": "classifier", "kind_confidence": 0.62}
    assert correction.after["needs_triage"] is False


def test_customer_contacts_are_unique_across_customers(db):
    services.customer_create(actor=Actor.system(), name="A", emails=["a@example.ru"])
    with pytest.raises(Conflict) as error:
        services.customer_create(actor=Actor.system(), name="B", emails=["A@example.ru"])
    assert error.value.field == "email"


def test_resolve_prefers_email_owner_and_learns_new_contacts(db):
    anna = services.customer_create(actor=Actor.system(), name="Анна", emails=["anna@example.ru"])
    services.customer_create(actor=Actor.system(), name="Семья", phones=["+7 900 000-00-01"])
    found = services.customer_resolve(actor=Actor.system(), email="anna@example.ru", phone="+79000000001")
    assert found.pk == anna.pk
    found = services.customer_resolve(actor=Actor.system(), email="anna@example.ru", messengers={"telegram": "@Anna"})
    assert set(found.contacts.values_list("kind", "value")) == {("email", "anna@example.ru"), ("telegram", "@anna")}


def test_intake_survives_a_contact_added_between_its_lookup_and_its_write(team_l1, monkeypatch):
    """On PostgreSQL a concurrent appeal can add the same contact after this one read the contacts and
    before it writes. The write then fails on the unique contact, everything it wrote rolls back, and
    the contacts are read again: one customer, the ticket on it, nothing half-written."""
    from otklik.desk.models import Customer, CustomerContact, Ticket
    from otklik.desk.services import opening

    earlier = services.customer_create(actor=Actor.system(), name="Раньше", emails=["race@example.ru"])
    real_lookup = opening.customer_lookup

    def stale_lookup(**contact):
        # The first read misses the contact, as a read before the other appeal's commit would.
        monkeypatch.setattr(opening, "customer_lookup", real_lookup)
        found = real_lookup(**contact)
        return type(found)(found.contacts, {}, None)

    monkeypatch.setattr(opening, "customer_lookup", stale_lookup)
    customers_before, contacts_before = Customer.objects.count(), CustomerContact.objects.count()
    result = services.ticket_open(
        appeal=services.Appeal(who=services.ContactRef(email="race@example.ru", name="Гонка"), channel="email",
                               body="Где мой заказ?"),
        actor=Actor.customer(),
    )  # fmt: skip
    assert result.ticket.customer_id == earlier.pk
    assert (Customer.objects.count(), CustomerContact.objects.count()) == (customers_before, contacts_before)
    assert Ticket.objects.count() == 1
    assert not Event.objects.filter(verb="customer.created", after__name="Гонка").exists()


def test_a_contact_is_taken_only_by_the_same_kind_and_value(db):
    """A messenger id that equals a phone number does not make the phone taken."""
    services.customer_create(actor=Actor.system(), name="Телеграм", messengers={"telegram": "+79001112233"})
    other = services.customer_create(
        actor=Actor.system(), name="Телефон", phones=["+7 900 111-22-33"], emails=["x@example.ru"]
    )
    assert set(other.contacts.values_list("kind", "value")) == {("email", "x@example.ru"), ("phone", "+79001112233")}
