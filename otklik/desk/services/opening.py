"""Opening a ticket: the one intake path that the API, channels, forms and imports share.

The classifier reads the first message here, before the write transaction, so every new ticket
arrives with a kind, a tone and the claimed amount, whoever opened it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from otklik.accounts.models import Line, Team
from otklik.classify.services import IntakeVerdict, verdict_for_intake
from otklik.core import rows
from otklik.core.actor import Actor
from otklik.desk.choices import Channel, Kind, KindSource, Priority, Verb
from otklik.desk.content import prepare_body, subject_from
from otklik.desk.events import event_written, new_event
from otklik.desk.models import Customer, Event, Message, Ticket, Topic
from otklik.desk.services.customers import (
    ContactLookup,
    ContactRef,
    NewCustomer,
    customer_learn,
    customer_lookup,
    new_customer_for,
)
from otklik.desk.services.tickets import _choice, _default_team


@dataclass(frozen=True)
class OpenResult:
    ticket: Ticket
    created: bool


def ticket_open(
    *,
    customer: Customer,
    channel: str,
    body_text: str,
    actor: Actor,
    body_html: str = "",
    subject: str = "",
    external_id: str | None = None,
    kind: str = "",
    kind_confidence: float | None = None,
    kind_source: str = "",
    topic: Topic | None = None,
    priority: str = Priority.NORMAL,
    team: Team | None = None,
    meta: dict[str, Any] | None = None,
    attachments: list[Any] | None = None,
) -> OpenResult:
    """Open a ticket with its first inbound message.

    Idempotent on ``external_id``: a retry of the same request returns the ticket it created.
    A ``kind`` given by the caller is kept; otherwise the classifier's kind is used.
    """
    done = _already_opened(external_id)
    if done is not None:
        return done
    draft = _draft(
        channel=channel, body_text=body_text, body_html=body_html, subject=subject, external_id=external_id,
        kind=kind, kind_confidence=kind_confidence, kind_source=kind_source, topic=topic, priority=priority,
        team=team, meta=meta, attachments=attachments,
    )  # fmt: skip
    return _open_new(_ticket_rows(customer, actor, draft))


def ticket_open_from_contact(*, contact: ContactRef, actor: Actor, **ticket: Any) -> OpenResult:
    """Intake's use case: find or create the customer and open the ticket in one transaction.

    One transaction, not two, because on SQLite every write transaction queues for the single
    write lock; a retry with a known ``external_id`` writes nothing at all. Everything that only
    reads or computes (the classifier, checking and cleaning the message, the lookup of the
    customer's contacts, every value of every new row) runs before the transaction, so the write
    lock is held only for the writes.
    """
    done = _already_opened(ticket.get("external_id"))
    if done is not None:
        return done
    draft = _draft(**ticket)
    try:
        return _open_for_contact(_intake_rows(contact, actor, draft, _lookup(contact)))
    except IntegrityError:
        # The lookup went stale (another intake added one of these contacts meanwhile): read it
        # again inside the transaction, where the write lock keeps it true.
        with transaction.atomic():
            return _open_for_contact(_intake_rows(contact, actor, draft, _lookup(contact)))


def _lookup(contact: ContactRef) -> ContactLookup:
    return customer_lookup(email=contact.email, phone=contact.phone, messengers=contact.messengers)


@dataclass(frozen=True)
class _IntakeRows:
    """An appeal's rows, prepared: a new customer's, or what to learn about a known one, and the ticket's."""

    lookup: ContactLookup
    contact: ContactRef
    actor: Actor
    newcomer: NewCustomer | None
    ticket: _TicketRows


def _intake_rows(contact: ContactRef, actor: Actor, draft: _Draft, lookup: ContactLookup) -> _IntakeRows:
    newcomer = None
    if lookup.owner is None:
        newcomer = new_customer_for(lookup, actor=actor, name=contact.name, language=contact.language)
    customer = newcomer.customer if newcomer else lookup.owner
    assert customer is not None
    return _IntakeRows(lookup, contact, actor, newcomer, _ticket_rows(customer, actor, draft))


def _open_for_contact(intake: _IntakeRows) -> OpenResult:
    with transaction.atomic():
        if intake.newcomer is not None:
            intake.newcomer.write()
        else:
            customer_learn(intake.lookup, actor=intake.actor, name=intake.contact.name)
        return _open_new(intake.ticket)


def _already_opened(external_id: str | None) -> OpenResult | None:
    existing = Ticket.objects.filter(external_id=external_id).first() if external_id else None
    return OpenResult(existing, created=False) if existing is not None else None


def _open_new(prepared: _TicketRows) -> OpenResult:
    external_id = prepared.ticket.external_id
    try:
        # A savepoint only where a duplicate external_id can race and must be caught here.
        with transaction.atomic(savepoint=bool(external_id)):
            return OpenResult(prepared.write(), created=True)
    except IntegrityError:
        # Two identical requests raced: the other one won, return its ticket.
        done = _already_opened(external_id)
        if done is None:
            raise
        return done


@dataclass(frozen=True)
class _KindDecision:
    kind: str
    confidence: float | None
    source: str
    needs_triage: bool


def _decide_kind(kind: str, confidence: float | None, source: str, verdict: IntakeVerdict | None) -> _KindDecision:
    """The caller's kind wins; then the classifier's; with neither the ticket waits for triage."""
    if kind:
        _choice(kind, Kind, "kind")
        return _KindDecision(kind, confidence, source or KindSource.CLIENT, needs_triage=False)
    if verdict is None:
        return _KindDecision("", None, "", needs_triage=True)
    return _KindDecision(verdict.kind, verdict.confidence, KindSource.CLASSIFIER, verdict.needs_triage)


@dataclass(frozen=True)
class _Draft:
    """The new ticket as far as it can be known without writing: checked, cleaned, read and routed."""

    channel: str
    subject: str
    plain: str
    clean_html: str
    decided: _KindDecision
    verdict: IntakeVerdict | None
    priority: str
    team: Team | None
    topic: Topic | None
    external_id: str | None
    meta: dict[str, Any]
    attachments: list[Any]


def _draft(
    *,
    channel: str,
    body_text: str,
    body_html: str = "",
    subject: str = "",
    external_id: str | None = None,
    kind: str = "",
    kind_confidence: float | None = None,
    kind_source: str = "",
    topic: Topic | None = None,
    priority: str = Priority.NORMAL,
    team: Team | None = None,
    meta: dict[str, Any] | None = None,
    attachments: list[Any] | None = None,
) -> _Draft:
    _choice(channel, Channel, "channel")
    _choice(priority, Priority, "priority")
    plain, clean_html = prepare_body(text=body_text, html_body=body_html)
    # Also when the caller says the kind: the tone and the claimed amount come from the classifier.
    verdict = verdict_for_intake(subject=subject, body=plain)
    return _Draft(
        channel=channel, subject=(subject.strip() or subject_from(plain))[:300], plain=plain, clean_html=clean_html,
        decided=_decide_kind(kind, kind_confidence, kind_source, verdict), verdict=verdict, priority=priority,
        team=team or _default_team(), topic=topic, external_id=external_id or None, meta=meta or {},
        attachments=attachments or [],
    )  # fmt: skip


@dataclass(frozen=True)
class _TicketRows:
    """A new ticket, its first message and its audit row, prepared to be written (core/rows.py Pending)."""

    ticket: Ticket
    message: Message
    event: Event
    pending: list[rows.Pending]
    attachments: list[Any]

    def write(self) -> Ticket:
        from otklik.desk.services.messages import store_attachments

        rows.write(self.pending)
        store_attachments(self.message, self.attachments)
        customer = self.ticket.customer
        if customer.first_contact_at is None:
            customer.first_contact_at = self.ticket.created_at
            Customer.objects.filter(pk=customer.pk).update(first_contact_at=customer.first_contact_at)
        event_written(self.event)
        return self.ticket


def _ticket_rows(customer: Customer, actor: Actor, draft: _Draft) -> _TicketRows:
    now = timezone.now()
    decided, verdict, team = draft.decided, draft.verdict, draft.team
    is_claim = decided.kind == Kind.CLAIM and verdict is not None
    ticket = Ticket(
        customer=customer, channel=draft.channel, subject=draft.subject,
        kind=decided.kind, kind_confidence=decided.confidence, kind_source=decided.source,
        needs_triage=decided.needs_triage,
        tone_rude=bool(verdict and verdict.rude), tone_negative=bool(verdict and verdict.negative),
        claim_amount=verdict.amount if is_claim and verdict else None,
        claim_currency=verdict.currency if is_claim and verdict and verdict.amount is not None else "",
        classification=verdict.details if verdict else {},
        topic=draft.topic, priority=draft.priority, line=team.line if team else Line.FIRST, team=team,
        external_id=draft.external_id, created_at=now, updated_at=now, message_count=1,
    )  # fmt: skip
    message = Message(
        ticket=ticket, direction="inbound", author_customer=customer, body_text=draft.plain,
        body_html=draft.clean_html, meta=draft.meta, created_at=now,
    )  # fmt: skip
    opened = {
        "channel": draft.channel, "subject": ticket.subject, "kind": decided.kind, "kind_source": decided.source,
        "kind_confidence": decided.confidence, "needs_triage": decided.needs_triage, "rude": ticket.tone_rude,
        "priority": draft.priority, "team": team.pk if team else None, "line": ticket.line,
    }  # fmt: skip
    event = new_event(verb=Verb.TICKET_OPENED, actor=actor, ticket=ticket, at=now)
    pending = [
        rows.Pending(ticket), rows.Pending(message),
        rows.Pending(event, late={"after": lambda: {**opened, "message": message.pk}}),
    ]  # fmt: skip
    return _TicketRows(ticket, message, event, pending, draft.attachments)
