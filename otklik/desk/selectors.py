"""Reads that several entry points share, always filtered by what the reader may see."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from otklik.accounts.roles import can_work_in_desk, sees_all_tickets, team_ids_of
from otklik.core.errors import DomainError, NotFound
from otklik.desk.models import Customer, CustomerContact, Event, Ticket

Reader = User | AnonymousUser


def tickets_visible_to(user: Reader) -> QuerySet[Ticket]:
    """Supervisors and admins see every ticket; agents their teams' tickets and their own."""
    tickets = Ticket.objects.all()
    if sees_all_tickets(user):
        return tickets
    if not can_work_in_desk(user):
        return tickets.none()
    return tickets.filter(Q(team_id__in=team_ids_of(user)) | Q(assignee_id=user.pk))


def access_ticket_by_id(user: Reader, ticket_id: int) -> Ticket:
    """The ticket if this user may see it. An invisible ticket looks exactly like a missing one."""
    ticket = (
        tickets_visible_to(user)
        .select_related("customer", "team", "assignee", "topic", "merged_into")
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise NotFound(_("Ticket #%(id)s not found.") % {"id": ticket_id})
    return ticket


def customers_visible_to(user: Reader) -> QuerySet[Customer]:
    """Supervisors and admins see every customer; an agent those who have a ticket the agent may
    see (one of their teams' or assigned to them), so a token cannot browse the whole client base."""
    if sees_all_tickets(user):
        return Customer.objects.all()
    if not can_work_in_desk(user):
        return Customer.objects.none()
    return Customer.objects.filter(pk__in=tickets_visible_to(user).values("customer_id"))


def access_customer_by_id(user: Reader, customer_id: int) -> Customer:
    """The customer if this user may see them. An invisible customer looks exactly like a missing one."""
    customer = customers_visible_to(user).prefetch_related("contacts").filter(pk=customer_id).first()
    if customer is None:
        raise NotFound(_("Customer #%(id)s not found.") % {"id": customer_id})
    return customer


def customer_search(user: Reader, *, email: str = "", phone: str = "", query: str = "") -> QuerySet[Customer]:
    from otklik.desk.contacts import normalize_email, normalize_phone

    customers = customers_visible_to(user).prefetch_related("contacts")
    if email:
        ids = CustomerContact.objects.filter(kind="email", value=normalize_email(email)).values("customer_id")
        customers = customers.filter(pk__in=ids)
    if phone:
        ids = CustomerContact.objects.filter(kind="phone", value=normalize_phone(phone)).values("customer_id")
        customers = customers.filter(pk__in=ids)
    if query:
        customers = customers.filter(name__icontains=query)
    return customers.order_by("-id")


@dataclass
class TicketFilters:
    status: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    team_id: int | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    customer_id: int | None = None
    updated_since: datetime | None = None
    needs_triage: bool = False
    rude: bool = False
    query: str = ""


@dataclass
class Page:
    items: list[Ticket]
    next_cursor: str | None


def _encode_cursor(ticket: Ticket) -> str:
    raw = json.dumps([ticket.updated_at.isoformat(), ticket.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, pk = json.loads(raw)
        return datetime.fromisoformat(stamp), int(pk)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise DomainError(_("The cursor is not valid."), field="cursor") from exc


def _filtered_tickets(user: Reader, filters: TicketFilters) -> QuerySet[Ticket]:
    tickets = tickets_visible_to(user)
    if filters.status:
        tickets = tickets.filter(status__in=filters.status)
    if filters.kind:
        tickets = tickets.filter(kind__in=filters.kind)
    if filters.team_id:
        tickets = tickets.filter(team_id=filters.team_id)
    if filters.assignee_id:
        tickets = tickets.filter(assignee_id=filters.assignee_id)
    if filters.unassigned:
        tickets = tickets.filter(assignee__isnull=True)
    if filters.customer_id:
        tickets = tickets.filter(customer_id=filters.customer_id)
    if filters.updated_since:
        tickets = tickets.filter(updated_at__gte=filters.updated_since)
    if filters.needs_triage:
        tickets = tickets.filter(needs_triage=True)
    if filters.rude:
        tickets = tickets.filter(tone_rude=True)
    if filters.query:
        term = filters.query.strip()
        tickets = tickets.filter(Q(pk=int(term)) if term.isdigit() else Q(subject__icontains=term))
    return tickets


def ticket_count(user: Reader, filters: TicketFilters) -> int:
    return _filtered_tickets(user, filters).count()


def ticket_list(
    user: Reader, filters: TicketFilters, *, cursor: str | None = None, limit: int = 50, oldest_first: bool = False
) -> Page:
    """A page of tickets by (updated_at, id): newest first, or oldest first for sync clients."""
    tickets = _filtered_tickets(user, filters).select_related("customer", "team", "assignee", "topic")
    if cursor:
        stamp, pk = _decode_cursor(cursor)
        if oldest_first:
            tickets = tickets.filter(Q(updated_at__gt=stamp) | Q(updated_at=stamp, pk__gt=pk))
        else:
            tickets = tickets.filter(Q(updated_at__lt=stamp) | Q(updated_at=stamp, pk__lt=pk))
    order = ("updated_at", "id") if oldest_first else ("-updated_at", "-id")
    items = list(tickets.order_by(*order)[: limit + 1])
    next_cursor = _encode_cursor(items[limit - 1]) if len(items) > limit else None
    return Page(items=items[:limit], next_cursor=next_cursor)


def ticket_timeline(ticket: Ticket) -> QuerySet[Event]:
    return ticket.events.select_related("actor").order_by("created_at", "id")


def ticket_messages(ticket: Ticket) -> QuerySet:
    return ticket.messages.select_related("author_user", "author_customer").prefetch_related("attachments")
