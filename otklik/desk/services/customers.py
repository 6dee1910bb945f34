from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.accounts.models import validate_time_zone
from otklik.core.actor import Actor
from otklik.core.errors import Conflict, DomainError
from otklik.desk.choices import ContactKind, Verb
from otklik.desk.contacts import normalize_email, normalize_phone
from otklik.desk.events import record_event
from otklik.desk.models import Customer, CustomerContact

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
                        time_zone=time_zone, external_id=external_id)  # fmt: skip


def new_customer(
    *, actor: Actor, name: str, contacts: list[tuple[str, str]], city: str = "", language: str = "",
    time_zone: str = "", external_id: str | None = None,
) -> Customer:  # fmt: skip
    """Write a customer whose contacts are already normalized and known to be free, in the caller's transaction."""
    customer = Customer.objects.create(
        name=name.strip(), city=city, language=language, time_zone=time_zone,
        external_id=external_id or None, first_contact_at=timezone.now(),
    )  # fmt: skip
    CustomerContact.objects.bulk_create(_contact_rows(customer, contacts, set()))
    record_event(
        verb=Verb.CUSTOMER_CREATED, actor=actor, customer=customer,
        after={"name": customer.name, "contacts": [f"{k}:{v}" for k, v in contacts]},
    )  # fmt: skip
    return customer


def _taken_contacts(contacts: list[tuple[str, str]]) -> list[CustomerContact]:
    """The contacts already on record among these, each with its owner loaded."""
    if not contacts:
        return []
    match = Q()
    for kind, value in contacts:
        match |= Q(kind=kind, value=value)  # each pair is one probe of the unique (kind, value) index
    return list(CustomerContact.objects.filter(match).select_related("customer"))


def _contact_rows(customer: Customer, contacts: list[tuple[str, str]], seen_kinds: set[str]) -> list[CustomerContact]:
    """The first contact of each kind a customer has is its primary one."""
    new_rows = []
    for kind, value in contacts:
        new_rows.append(CustomerContact(customer=customer, kind=kind, value=value, is_primary=kind not in seen_kinds))
        seen_kinds.add(kind)
    return new_rows


def _add_contacts(customer: Customer, contacts: list[tuple[str, str]]) -> None:
    seen_kinds = set(customer.contacts.values_list("kind", flat=True))
    CustomerContact.objects.bulk_create(_contact_rows(customer, contacts, seen_kinds))


@dataclass(frozen=True)
class ContactLookup:
    """What the database knows about an appeal's contacts: which are on record, and whose they are."""

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
) -> Customer:
    """Find the customer behind these contacts, or create one; learn contacts not yet known.

    Email wins over phone when they point to different people: a shared family phone is common,
    a shared mailbox rare.
    """
    found = customer_lookup(email=email, phone=phone, messengers=messengers)
    if found.owner is None:
        _check_fields({"language": language})
        return new_customer(actor=actor, name=name, contacts=found.contacts, language=language)
    return customer_learn(found, actor=actor, name=name)


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
