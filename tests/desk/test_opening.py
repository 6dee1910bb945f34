"""Opening a ticket from an appeal: idempotent, whole or not at all, audited."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from otklik.core.actor import Actor
from otklik.core.errors import Forbidden
from otklik.desk import services
from otklik.desk.models import Customer, CustomerContact, Event, Ticket


def _appeal(email: str, external_id: str | None = "crm-1", **extra) -> services.Appeal:
    return services.Appeal(
        who=services.ContactRef(email=email, name="Клиент"), channel="email", body="Где мой заказ?",
        external_id=external_id, **extra,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_retry_returns_the_first_ticket_and_writes_nothing(team_l1):
    first = services.ticket_open(appeal=_appeal("first@example.ru"), actor=Actor.customer())
    counts = (Customer.objects.count(), CustomerContact.objects.count(), Event.objects.count())
    retry = services.ticket_open(appeal=_appeal("other@example.ru"), actor=Actor.customer())
    assert (first.created, retry.created, retry.ticket.pk) == (True, False, first.ticket.pk)
    assert (Customer.objects.count(), CustomerContact.objects.count(), Event.objects.count()) == counts


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="the in-memory test database serializes threads")
def test_parallel_retries_with_new_customers_leave_one_ticket_and_one_customer(team_l1):
    """50 identical POSTs at once, each naming a different new customer: one wins, the rest write nothing."""
    results, errors = [], []
    start = threading.Barrier(50)

    def post(n: int) -> None:
        try:
            start.wait()
            results.append(services.ticket_open(appeal=_appeal(f"c{n}@example.ru"), actor=Actor.customer()))
        except Exception as exc:  # collected: an error in a thread must fail the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len({r.ticket.pk for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert Ticket.objects.count() == 1
    # Only the winner's customer exists: no customer without a ticket.
    assert list(Customer.objects.values_list("pk", flat=True)) == [results[0].ticket.customer_id]
    assert Event.objects.filter(verb="customer.created").count() == 1


@pytest.mark.django_db
def test_an_appeal_from_a_known_customer_opens_on_that_customer(team_l1):
    customer = services.customer_create(actor=Actor.system(), name="Анна", emails=["anna@example.ru"])
    ticket = services.ticket_open(
        appeal=services.Appeal(who=customer, channel="chat", body="Спасибо!", kind="gratitude"), actor=Actor.customer()
    ).ticket
    assert (ticket.customer_id, ticket.kind, ticket.kind_source, ticket.team_id) == (
        customer.pk, "gratitude", "client", team_l1.pk,
    )  # fmt: skip
    opened = ticket.events.get(verb="ticket.opened")
    assert opened.after["message"] == ticket.messages.get().pk


@pytest.mark.django_db
def test_answering_an_unassigned_ticket_takes_it_and_the_timeline_says_so(team_l1, agent):
    ticket = services.ticket_open(appeal=_appeal("q@example.ru"), actor=Actor.customer()).ticket
    services.ticket_reply(ticket=ticket, actor=Actor.of(agent), body_text="Заказ в пути.")
    ticket.refresh_from_db()
    assert ticket.assignee_id == agent.pk
    assigned = ticket.events.get(verb="ticket.assigned")
    assert (assigned.actor_id, assigned.before, assigned.after) == (
        agent.pk,
        {"assignee": None},
        {"assignee": agent.pk},
    )


@pytest.mark.django_db
def test_an_agent_moves_a_ticket_only_to_a_team_they_work_on(team_l1, team_other, agent, supervisor):
    ticket = services.ticket_open(appeal=_appeal("t@example.ru"), actor=Actor.customer()).ticket
    with pytest.raises(Forbidden) as error:
        services.ticket_change_team(ticket=ticket, actor=Actor.of(agent), team=team_other)
    assert error.value.field == "team"
    assert not ticket.events.filter(verb="ticket.team_changed").exists()
    moved = services.ticket_change_team(ticket=ticket, actor=Actor.of(supervisor), team=team_other)
    assert moved.team_id == team_other.pk
