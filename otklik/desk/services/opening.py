"""Opening a ticket: the one intake path that the API, channels, forms and imports share.

Every channel turns what it received into an ``Appeal`` and hands it to ``ticket_open``. The
classifier reads the first message before the write transaction (it only computes), so every new
ticket arrives with a kind, a tone and the claimed amount, whoever opened it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from otklik.accounts.models import Line, Team
from otklik.classify.services import IntakeVerdict, verdict_for_intake
from otklik.core.actor import Actor
from otklik.desk.choices import Channel, Direction, Kind, KindSource, Priority, Verb
from otklik.desk.content import prepare_body, subject_from
from otklik.desk.events import record_event
from otklik.desk.models import Customer, Message, Ticket, Topic
from otklik.desk.services.common import checked_choice, default_team
from otklik.desk.services.customers import ContactRef, customer_learn, customer_lookup, new_customer
from otklik.desk.services.messages import NewAttachment, store_attachments


@dataclass(frozen=True)
class Appeal:
    """A new appeal as a channel received it: who wrote, where, what, and what the channel already knows.

    ``who`` is how the appeal names its author (found or created by its contacts), or a customer the
    caller already has. ``kind`` is a kind the channel or caller gives (a form's "complaint" button);
    empty lets the classifier decide. ``external_id`` is the channel's own id of the appeal: a second
    appeal with the same id is a retry and returns the first ticket without writing anything.
    """

    who: ContactRef | Customer
    channel: str
    body: str = ""
    body_html: str = ""
    subject: str = ""
    attachments: Sequence[NewAttachment] = ()
    kind: str = ""
    external_id: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    # Routing a caller may decide instead of the defaults (the API's topic_id, priority, team_id).
    topic: Topic | None = None
    priority: str = Priority.NORMAL
    team: Team | None = None


@dataclass(frozen=True)
class OpenResult:
    ticket: Ticket
    created: bool


def ticket_open(*, appeal: Appeal, actor: Actor) -> OpenResult:
    """Open a ticket with the appeal's first message, finding or creating its customer, in one transaction.

    Idempotent on ``external_id``: a retry, sequential or concurrent, returns the ticket the first
    call created and writes nothing (no customer, no contact, no event).
    """
    done = _already_opened(appeal.external_id)
    if done is not None:
        return done
    draft = _draft(appeal)
    try:
        return _open_once(draft, actor)
    except IntegrityError:
        # Everything this call wrote is rolled back. Either a concurrent call with the same
        # external_id won (return its ticket), or, on PostgreSQL, a concurrent appeal added one of
        # these contacts after they were read: read them again, now they are on record.
        done = _already_opened(appeal.external_id)
        if done is not None:
            return done
        return _open_once(draft, actor)


def _open_once(draft: _Draft, actor: Actor) -> OpenResult:
    with transaction.atomic():
        # Inside the transaction too: on SQLite it holds the write lock, so a retry that queued behind
        # the first call finds its ticket here and writes nothing.
        done = _already_opened(draft.appeal.external_id)
        if done is not None:
            return done
        return OpenResult(_write(draft.appeal.who, actor, draft), created=True)


def _already_opened(external_id: str | None) -> OpenResult | None:
    existing = Ticket.objects.filter(external_id=external_id).first() if external_id else None
    return OpenResult(existing, created=False) if existing is not None else None


@dataclass(frozen=True)
class _KindDecision:
    kind: str
    confidence: float | None
    source: str
    needs_triage: bool


def _decide_kind(kind: str, verdict: IntakeVerdict | None) -> _KindDecision:
    """The caller's kind wins; then the classifier's; with neither the ticket waits for triage."""
    if kind:
        checked_choice(kind, Kind, "kind")
        return _KindDecision(kind, None, KindSource.CLIENT, needs_triage=False)
    if verdict is None:
        return _KindDecision("", None, "", needs_triage=True)
    return _KindDecision(verdict.kind, verdict.confidence, KindSource.CLASSIFIER, verdict.needs_triage)


@dataclass(frozen=True)
class _Draft:
    """The new ticket as far as it can be known without writing: checked, cleaned, read and routed."""

    appeal: Appeal
    subject: str
    plain: str
    clean_html: str
    decided: _KindDecision
    verdict: IntakeVerdict | None
    team: Team | None


def _draft(appeal: Appeal) -> _Draft:
    checked_choice(appeal.channel, Channel, "channel")
    checked_choice(appeal.priority, Priority, "priority")
    plain, clean_html = prepare_body(text=appeal.body, html_body=appeal.body_html)
    # Also when the caller gives the kind: the tone and the claimed amount come from the classifier.
    verdict = verdict_for_intake(subject=appeal.subject, body=plain)
    return _Draft(
        appeal=appeal, subject=(appeal.subject.strip() or subject_from(plain))[:300], plain=plain,
        clean_html=clean_html, decided=_decide_kind(appeal.kind, verdict), verdict=verdict,
        team=appeal.team or default_team(),
    )  # fmt: skip


def _customer_for(who: ContactRef | Customer, actor: Actor) -> Customer:
    if isinstance(who, Customer):
        return who
    found = customer_lookup(email=who.email, phone=who.phone, messengers=who.messengers)
    if found.owner is None:
        return new_customer(actor=actor, name=who.name, contacts=found.contacts, language=who.language)
    return customer_learn(found, actor=actor, name=who.name)


def _write(who: ContactRef | Customer, actor: Actor, draft: _Draft) -> Ticket:
    customer = _customer_for(who, actor)
    appeal, decided, verdict, team = draft.appeal, draft.decided, draft.verdict, draft.team
    now = timezone.now()
    is_claim = decided.kind == Kind.CLAIM and verdict is not None
    ticket = Ticket.objects.create(
        customer=customer, channel=appeal.channel, subject=draft.subject,
        kind=decided.kind, kind_confidence=decided.confidence, kind_source=decided.source,
        needs_triage=decided.needs_triage,
        tone_rude=bool(verdict and verdict.rude), tone_negative=bool(verdict and verdict.negative),
        claim_amount=verdict.amount if is_claim and verdict else None,
        claim_currency=verdict.currency if is_claim and verdict and verdict.amount is not None else "",
        classification=verdict.details if verdict else {},
        topic=appeal.topic, priority=appeal.priority, line=team.line if team else Line.FIRST, team=team,
        external_id=appeal.external_id or None, created_at=now, updated_at=now, message_count=1,
    )  # fmt: skip
    message = Message.objects.create(
        ticket=ticket, direction=Direction.INBOUND, author_customer=customer, body_text=draft.plain,
        body_html=draft.clean_html, meta=dict(appeal.meta), created_at=now,
    )  # fmt: skip
    store_attachments(message, list(appeal.attachments))
    if customer.first_contact_at is None:
        customer.first_contact_at = now
        customer.save(update_fields=["first_contact_at", "updated_at"])
    record_event(
        verb=Verb.TICKET_OPENED, actor=actor, ticket=ticket, at=now,
        after={
            "channel": appeal.channel, "subject": ticket.subject, "kind": decided.kind,
            "kind_source": decided.source, "kind_confidence": decided.confidence,
            "needs_triage": decided.needs_triage, "rude": ticket.tone_rude, "priority": appeal.priority,
            "team": team.pk if team else None, "line": ticket.line, "message": message.pk,
        },
    )  # fmt: skip
    return ticket
