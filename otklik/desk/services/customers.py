from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.accounts.models import validate_time_zone
from otklik.core import rows
from otklik.core.actor import Actor
from otklik.core.errors import Conflict, DomainError
from otklik.desk.choices import ContactKind, Verb
from otklik.desk.contacts import normalize_email, normalize_phone
from otklik.desk.events import event_written, new_event, record_event
from otklik.desk.models import Customer, CustomerContact, Event

CUSTOMER_FIELDS = ("name", "city", "language", "time_zone", "external_id")


@dataclass(frozen=True)
class ContactRef:
    """How an appeal names its author: any of these finds or creates the customer."""

    email: str = ""
    phone: str = ""
    name: str = ""
    messengers: dict[str, str] = dataclass_field(default_factory=dict)
    language: str = ""


def _normalized_contacts(
    emails: Iterable[str], phones: Iterable[str], messengers: dict[str, str]
) -> list[tuple[str, str]]:
    contacts = [(ContactKind.EMAIL.value, normalize_email(e)) for e in emails if e]
    contacts += [(ContactKind.PHONE.value, normalize_phone(p)) for p in phones if p]
    for kind, value in messengers.items():
        if kind not in ContactKind.values or kind in {ContactKind.EMAIL, ContactKind.PHONE}:
            raise DomainError(_("Unknown messenger: %(kind)s") % {"kind": kind}, field="messengers")
        if value.strip():
            contacts.append((kind, value.strip().lower()))
    return list(dict.fromkeys(contacts))


def _check_fields(fields: dict[str, str | None]) -> None:
    if fields.get("language") and fields["language"] not in {"ru", "en"}:
        raise DomainError(_("Language must be ru or en."), field="language")
    if fields.get("time_zone"):
        try:
            validate_time_zone(fields["time_zone"] or "")
        except Exception as exc:
            raise DomainError(_("Unknown time zone."), field="time_zone") from exc


@transaction.atomic
def customer_create(
    *,
    actor: Actor,
    name: str = "",
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    messengers: dict[str, str] | None = None,
    city: str = "",
    language: str = "",
    time_zone: str = "",
    external_id: str | None = None,
) -> Customer:
    contacts = _normalized_contacts(emails, phones, messengers or {})
    _check_fields({"language": language, "time_zone": time_zone})
    if external_id and Customer.objects.filter(external_id=external_id).exists():
        raise Conflict(_("A customer with this external id exists."), field="external_id")
    taken = _taken_contacts(contacts)
    if taken:
        raise Conflict(
            _("This contact belongs to another customer: %(value)s") % {"value": taken[0].value},
            field=taken[0].kind,
        )
    return new_customer(actor=actor, name=name, contacts=contacts, city=city, language=language,
                        time_zone=time_zone, external_id=external_id).write()  # fmt: skip


@dataclass(frozen=True)
class NewCustomer:
    """A customer, its contacts and its audit row, prepared to be written (see core/rows.py Pending)."""

    customer: Customer
    pending: list[rows.Pending]
    event: Event

    def write(self) -> Customer:
        rows.write(self.pending)
        event_written(self.event)
        return self.customer


def new_customer(
    *, actor: Actor, name: str, contacts: list[tuple[str, str]], city: str = "", language: str = "",
    time_zone: str = "", external_id: str | None = None,
) -> NewCustomer:  # fmt: skip
    """The rows of a customer whose contacts are already normalized and known to be free."""
    customer = Customer(
        name=name.strip(), city=city, language=language, time_zone=time_zone,
        external_id=external_id or None, first_contact_at=timezone.now(),
    )  # fmt: skip
    event = new_event(
        verb=Verb.CUSTOMER_CREATED, actor=actor, customer=customer,
        after={"name": customer.name, "contacts": [f"{k}:{v}" for k, v in contacts]},
    )  # fmt: skip
    pending = [
        rows.Pending(customer),
        *map(rows.Pending, _contact_rows(customer, contacts, set())),
        rows.Pending(event),
    ]
    return NewCustomer(customer, pending, event)


def _taken_contacts(contacts: list[tuple[str, str]]) -> list[CustomerContact]:
    """The contacts already on record among these, each with its owner loaded."""
    if not contacts:
        return []
    sql, contact, owner = _contact_query(len(contacts), connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [part for pair in contacts for part in pair])
        found = cursor.fetchall()
    taken = []
    for row in found:
        known = contact.build(row)
        known.customer = owner.build(row, contact.width)
        taken.append(known)
    return taken


@functools.cache
def _contact_query(count: int, vendor: str) -> tuple[str, rows.Columns, rows.Columns]:
    """Every appeal asks this, so its SQL is written once per number of contacts (see core/rows.py).

    ``vendor`` is in the key because the quoting and converters are the database's.
    """
    contact, owner = rows.Columns(CustomerContact, "c"), rows.Columns(Customer, "o")
    quote = connection.ops.quote_name
    match = " OR ".join(["(c.kind = %s AND c.value = %s)"] * count)  # each pair is one unique-index probe
    contacts, owners = quote(CustomerContact._meta.db_table), quote(Customer._meta.db_table)
    # Model metadata only goes into the text; the contacts are parameters.
    sql = f"SELECT {contact.sql}, {owner.sql} FROM {contacts} c JOIN {owners} o ON o.id = c.customer_id"  # noqa: S608
    sql += f" WHERE {match}"
    return sql, contact, owner


def _contact_rows(customer: Customer, contacts: list[tuple[str, str]], seen_kinds: set[str]) -> list[CustomerContact]:
    """The first contact of each kind a customer has is its primary one."""
    new_rows = []
    for kind, value in contacts:
        new_rows.append(CustomerContact(customer=customer, kind=kind, value=value, is_primary=kind not in seen_kinds))
        seen_kinds.add(kind)
    return new_rows


def _add_contacts(customer: Customer, contacts: list[tuple[str, str]]) -> None:
    seen_kinds = set(customer.contacts.values_list("kind", flat=True))
    rows.insert_many(_contact_rows(customer, contacts, seen_kinds))


@dataclass(frozen=True)
class ContactLookup:
    """What the database knew about an appeal's contacts when it was read: the read half of resolving.

    Read before the write transaction, so that on SQLite the single write lock is not held while it
    runs. It can go stale: a concurrent intake may add the same contact meanwhile; the unique contact
    then fails the write with IntegrityError, and the caller resolves again inside its transaction.
    """

    contacts: list[tuple[str, str]]
    known: dict[tuple[str, str], CustomerContact]
    owner: Customer | None


def customer_lookup(*, email: str = "", phone: str = "", messengers: dict[str, str] | None = None) -> ContactLookup:
    contacts = _normalized_contacts([email] if email else [], [phone] if phone else [], messengers or {})
    if not contacts:
        raise DomainError(_("Give the customer's email, phone or messenger id."), field="customer")
    known = {(c.kind, c.value): c for c in _taken_contacts(contacts)}
    owner = next((known[c].customer for c in contacts if c in known), None)
    return ContactLookup(contacts, known, owner)


# No savepoint: every error here propagates, so the caller's transaction rolls back whole anyway.
@transaction.atomic(savepoint=False)
def customer_resolve(
    *,
    actor: Actor,
    email: str = "",
    phone: str = "",
    name: str = "",
    messengers: dict[str, str] | None = None,
    language: str = "",
    lookup: ContactLookup | None = None,
) -> Customer:
    """Find the customer behind these contacts, or create one; learn contacts not yet known.

    Email wins over phone when they point to different people: a shared family phone is common,
    a shared mailbox rare. ``lookup`` is the same contacts read earlier by ``customer_lookup``.
    """
    found = lookup or customer_lookup(email=email, phone=phone, messengers=messengers)
    if found.owner is None:
        return new_customer_for(found, actor=actor, name=name, language=language).write()
    return customer_learn(found, actor=actor, name=name)


def new_customer_for(found: ContactLookup, *, actor: Actor, name: str, language: str) -> NewCustomer:
    """The rows of the customer an appeal's contacts do not find."""
    _check_fields({"language": language})
    return new_customer(actor=actor, name=name, contacts=found.contacts, language=language)


def customer_learn(found: ContactLookup, *, actor: Actor, name: str) -> Customer:
    """Add what an appeal tells about the customer its contacts found: new contacts, a missing name."""
    customer = found.owner
    assert customer is not None
    new_contacts = [c for c in found.contacts if c not in found.known]
    changes: dict[str, object] = {}
    if new_contacts:
        _add_contacts(customer, new_contacts)
        changes["contacts_added"] = [f"{k}:{v}" for k, v in new_contacts]
    if name.strip() and not customer.name:
        customer.name = name.strip()
        customer.save(update_fields=["name", "updated_at"])
        changes["name"] = customer.name
    if changes:
        record_event(verb=Verb.CUSTOMER_UPDATED, actor=actor, customer=customer, after=changes)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, actor: Actor, changes: dict[str, str | None]) -> Customer:
    unknown = set(changes) - set(CUSTOMER_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(field)s") % {"field": sorted(unknown)[0]}, field=sorted(unknown)[0])
    _check_fields(changes)
    before, after = {}, {}
    for field, value in changes.items():
        old = getattr(customer, field)
        new = value if field == "external_id" else (value or "")
        if old != new:
            before[field], after[field] = old, new
            setattr(customer, field, new)
    if after:
        if (
            "external_id" in after
            and Customer.objects.filter(external_id=after["external_id"]).exclude(pk=customer.pk).exists()
        ):
            raise Conflict(_("A customer with this external id exists."), field="external_id")
        customer.save()
        record_event(verb=Verb.CUSTOMER_UPDATED, actor=actor, customer=customer, before=before, after=after)
    return customer
