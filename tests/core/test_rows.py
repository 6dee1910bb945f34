"""The intake's precompiled statements write and read exactly what the ORM would."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from otklik.core import rows
from otklik.desk.models import Customer, CustomerContact, Event, Message, Ticket

pytestmark = pytest.mark.django_db

# Every model the intake writes through core/rows.py.
WRITTEN_FAST = [Customer, CustomerContact, Ticket, Message, Event]


@pytest.mark.parametrize("model", WRITTEN_FAST, ids=lambda m: m.__name__)
def test_models_written_fast_have_no_save_logic_to_skip(model: type[Model]) -> None:
    # rows.insert skips save() and its signals; a model that grows either must leave that path.
    own_save = model.save is not Model.save
    assert not own_save or model is Event  # Event.save only refuses updates, which insert never does
    assert not pre_save.has_listeners(model)
    assert not post_save.has_listeners(model)


def _ticket_fields(customer: Customer) -> dict[str, object]:
    at = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
    return {
        "customer": customer, "channel": "email", "subject": "Верните деньги", "kind": "claim",
        "kind_confidence": 0.87, "kind_source": "classifier", "needs_triage": True, "tone_rude": True,
        "claim_amount": Decimal("23400.50"), "claim_currency": "RUB",
        "classification": {"phrases": ["верните деньги"], "score": 0.87}, "external_id": "ext-1",
        "created_at": at, "updated_at": at, "message_count": 1,
    }  # fmt: skip


def test_insert_writes_the_row_the_orm_writes() -> None:
    customer = rows.insert(Customer(name="Анна", first_contact_at=datetime(2026, 3, 1, tzinfo=UTC)))
    assert customer.pk is not None and customer.created_at is not None  # auto_now_add ran
    fast = rows.insert(Ticket(**_ticket_fields(customer)))
    orm = Ticket.objects.create(**{**_ticket_fields(customer), "external_id": "ext-2"})

    def stored(pk: int) -> dict[str, object]:
        row = model_to_dict(Ticket.objects.get(pk=pk))
        row.pop("id"), row.pop("external_id")
        return row

    assert stored(fast.pk) == stored(orm.pk)
    assert stored(fast.pk)["classification"] == {"phrases": ["верните деньги"], "score": 0.87}
    assert fast._state.adding is False


def test_insert_many_is_one_statement_per_row_and_refuses_saved_rows() -> None:
    customer = rows.insert(Customer(name="Борис"))
    contacts = [
        CustomerContact(customer=customer, kind="email", value="b@example.com", is_primary=True),
        CustomerContact(customer=customer, kind="phone", value="+79990001122"),
    ]
    with CaptureQueriesContext(connection) as queries:
        rows.insert_many(contacts)
    assert len(queries) == 2
    assert sorted(customer.contacts.values_list("kind", "value")) == [("email", "b@example.com"),
                                                                      ("phone", "+79990001122")]  # fmt: skip
    with pytest.raises(ValueError, match="new rows only"):
        rows.insert(contacts[0])


def test_columns_build_what_the_orm_reads() -> None:
    customer = rows.insert(Customer(name="Вера", first_contact_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)))
    ticket = rows.insert(Ticket(**_ticket_fields(customer)))
    columns = rows.Columns(Ticket, "t")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns.sql} FROM desk_ticket t WHERE t.id = %s", [ticket.pk])  # noqa: S608
        built = columns.build(cursor.fetchone())
    assert model_to_dict(built) == model_to_dict(Ticket.objects.get(pk=ticket.pk))
    assert built.created_at == datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
    assert built.needs_triage is True and built.claim_amount == Decimal("23400.50")
    assert built._state.adding is False


def test_pending_rows_are_prepared_before_and_linked_when_written() -> None:
    customer = Customer(name="Галина", first_contact_at=datetime(2026, 3, 1, tzinfo=UTC))
    ticket = Ticket(**_ticket_fields(customer))
    message = Message(ticket=ticket, direction="inbound", author_customer=customer, body_text="Верните деньги",
                      created_at=ticket.created_at)  # fmt: skip
    event = Event(
        ticket=ticket, customer=customer, verb="ticket.opened", actor_label="api", created_at=ticket.created_at
    )
    pending = [rows.Pending(customer), rows.Pending(ticket), rows.Pending(message),
               rows.Pending(event, late={"after": lambda: {"message": message.pk}})]  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        rows.write(pending)
    assert len(queries) == 4
    stored = Event.objects.get(pk=event.pk)
    # The keys of rows that had none when prepared, and the late value that names one of them.
    assert (stored.ticket_id, stored.customer_id) == (ticket.pk, customer.pk)
    assert stored.after == {"message": message.pk}
    assert Message.objects.get(pk=message.pk).ticket_id == ticket.pk
    assert message.ticket is ticket  # the related object is kept, as Model.save() keeps it


def test_a_pending_row_refuses_a_link_to_a_row_not_written() -> None:
    customer = Customer(name="Дина")
    ticket = rows.Pending(Ticket(**_ticket_fields(customer)))
    with pytest.raises(ValueError, match="customer is not written yet"), connection.cursor() as cursor:
        ticket.run(cursor)
    assert not Ticket.objects.exists()
