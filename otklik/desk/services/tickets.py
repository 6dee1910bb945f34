from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.accounts.models import Line, Team
from otklik.accounts.roles import works_on_team
from otklik.core.actor import Actor
from otklik.core.errors import Conflict, DomainError, Forbidden
from otklik.desk.choices import DONE_STATUSES, Kind, KindSource, Priority, Status, Verb
from otklik.desk.events import record_event
from otklik.desk.models import Message, Ticket, Topic
from otklik.desk.services.common import checked_choice, default_team, lock_ticket


def _touch(ticket: Ticket, at: datetime, fields: list[str]) -> None:
    ticket.updated_at = at
    ticket.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def ticket_assign(*, ticket: Ticket, actor: Actor, assignee: User | None) -> Ticket:
    ticket = lock_ticket(ticket)
    if assignee is not None:
        if not assignee.is_active or not hasattr(assignee, "agent_profile"):
            raise DomainError(_("This person cannot work on tickets."), field="assignee")
        if not works_on_team(assignee, ticket.team_id):
            raise DomainError(_("The assignee is not in the ticket's team."), field="assignee")
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return ticket
    before = {"assignee": ticket.assignee_id}
    ticket.assignee = assignee
    fields = ["assignee"]
    if assignee is not None and ticket.status == Status.NEW:
        ticket.status = Status.OPEN
        fields.append("status")
    _touch(ticket, timezone.now(), fields)
    record_event(verb=Verb.ASSIGNED, actor=actor, ticket=ticket, before=before,
                 after={"assignee": ticket.assignee_id})  # fmt: skip
    return ticket


@transaction.atomic
def ticket_change_team(*, ticket: Ticket, actor: Actor, team: Team) -> Ticket:
    """Hand the ticket to another team. An agent hands it only to a team they work on (the second
    line is reached by ``ticket_escalate``); supervisors, admins and the system to any team."""
    if actor.user is not None and not works_on_team(actor.user, team.pk):
        raise Forbidden(_("You can move a ticket only to a team you work on."), field="team")
    ticket = lock_ticket(ticket)
    if ticket.team_id == team.pk:
        return ticket
    before = {"team": ticket.team_id, "line": ticket.line, "assignee": ticket.assignee_id}
    ticket.team, ticket.line = team, team.line
    if ticket.assignee_id and not works_on_team(ticket.assignee, ticket.team_id):  # type: ignore[arg-type]
        ticket.assignee = None
    _touch(ticket, timezone.now(), ["team", "line", "assignee"])
    record_event(verb=Verb.TEAM_CHANGED, actor=actor, ticket=ticket, before=before,
                 after={"team": team.pk, "line": team.line, "assignee": ticket.assignee_id})  # fmt: skip
    return ticket


@transaction.atomic
def ticket_escalate(*, ticket: Ticket, actor: Actor, reason: str, team: Team | None = None) -> Ticket:
    """Hand the ticket to the second line, with the reason as an internal note."""
    from otklik.desk.services.messages import ticket_add_note

    ticket = lock_ticket(ticket)
    if ticket.line >= Line.SECOND:
        raise Conflict(_("The ticket is already on the second line."), field="line")
    if not reason.strip():
        raise DomainError(_("Say why the ticket is escalated."), field="reason")
    team = team or default_team(Line.SECOND)
    if team is None or team.line != Line.SECOND:
        raise DomainError(_("Choose a second-line team."), field="team")
    before = {"line": ticket.line, "team": ticket.team_id, "assignee": ticket.assignee_id}
    ticket.line, ticket.team, ticket.assignee = Line.SECOND, team, None
    if ticket.status in DONE_STATUSES:
        ticket.status = Status.OPEN
    _touch(ticket, timezone.now(), ["line", "team", "assignee", "status"])
    record_event(verb=Verb.ESCALATED, actor=actor, ticket=ticket, before=before,
                 after={"line": ticket.line, "team": team.pk, "assignee": None, "reason": reason})  # fmt: skip
    ticket_add_note(ticket=ticket, actor=actor, body_text=reason)
    return Ticket.objects.get(pk=ticket.pk)


def apply_status(ticket: Ticket, status: str, at: datetime) -> tuple[list[str], str]:
    """Set the status and the timestamps that go with it; return changed fields and the verb."""
    old = ticket.status
    ticket.status = status
    fields = ["status"]
    verb = Verb.STATUS_CHANGED
    if status == Status.RESOLVED and ticket.resolved_at is None:
        ticket.resolved_at = at
        fields.append("resolved_at")
    if status == Status.CLOSED:
        ticket.closed_at = at
        ticket.resolved_at = ticket.resolved_at or at
        fields += ["closed_at", "resolved_at"]
    if old in DONE_STATUSES and status not in DONE_STATUSES:
        ticket.reopen_count += 1
        ticket.resolved_at = ticket.closed_at = None
        fields += ["reopen_count", "resolved_at", "closed_at"]
        verb = Verb.REOPENED
    return fields, verb


@transaction.atomic
def ticket_change_status(*, ticket: Ticket, actor: Actor, status: str) -> Ticket:
    checked_choice(status, Status, "status")
    ticket = lock_ticket(ticket)
    if ticket.status == status:
        return ticket
    if ticket.merged_into_id:
        raise Conflict(_("A merged ticket cannot change status."), field="status")
    if status == Status.NEW:
        raise DomainError(_("A ticket cannot go back to new."), field="status")
    before = {"status": ticket.status}
    now = timezone.now()
    fields, verb = apply_status(ticket, status, now)
    _touch(ticket, now, fields)
    record_event(verb=verb, actor=actor, ticket=ticket, before=before, after={"status": status}, at=now)
    return ticket


@transaction.atomic
def ticket_change_kind(
    *,
    ticket: Ticket,
    actor: Actor,
    kind: str,
    confidence: float | None = None,
    source: str = KindSource.AGENT,
) -> Ticket:
    """Set the kind. An agent's change is a correction (or, with the same kind, a confirmation):
    it takes the ticket out of triage and the event keeps old → new for the next training run."""
    checked_choice(kind, Kind, "kind")
    checked_choice(source, KindSource, "kind_source")
    ticket = lock_ticket(ticket)
    if ticket.kind == kind and ticket.kind_source == source and not ticket.needs_triage:
        return ticket
    before = {
        "kind": ticket.kind, "kind_source": ticket.kind_source, "kind_confidence": ticket.kind_confidence,
        "needs_triage": ticket.needs_triage,
    }  # fmt: skip
    ticket.kind, ticket.kind_source = kind, source
    ticket.kind_confidence = 1.0 if source == KindSource.AGENT else confidence
    ticket.kind_set_by = actor.user if source == KindSource.AGENT else None  # type: ignore[assignment]
    ticket.needs_triage = ticket.needs_triage and source != KindSource.AGENT
    _set_claim_amount(ticket)
    _touch(
        ticket, timezone.now(),
        ["kind", "kind_source", "kind_confidence", "kind_set_by", "needs_triage", "claim_amount", "claim_currency"],
    )  # fmt: skip
    record_event(verb=Verb.KIND_CHANGED, actor=actor, ticket=ticket, before=before,
                 after={"kind": kind, "kind_source": source, "kind_confidence": ticket.kind_confidence,
                        "needs_triage": ticket.needs_triage})  # fmt: skip
    return ticket


def _set_claim_amount(ticket: Ticket) -> None:
    """Only a claim carries a claimed amount: reports sum it. The amount read from the first message
    is kept in the classification, so a ticket corrected to a claim gets it back."""
    found = ticket.classification.get("claim_amount") if ticket.kind == Kind.CLAIM else None
    ticket.claim_amount = Decimal(found) if found else None
    ticket.claim_currency = ticket.classification.get("claim_currency", "") if found else ""


@transaction.atomic
def ticket_change_topic(*, ticket: Ticket, actor: Actor, topic: Topic | None) -> Ticket:
    ticket = lock_ticket(ticket)
    if topic is not None and not topic.is_active:
        raise DomainError(_("This topic is archived."), field="topic")
    if ticket.topic_id == (topic.pk if topic else None):
        return ticket
    before = {"topic": ticket.topic_id}
    ticket.topic = topic
    _touch(ticket, timezone.now(), ["topic"])
    record_event(verb=Verb.TOPIC_CHANGED, actor=actor, ticket=ticket, before=before,
                 after={"topic": topic.pk if topic else None})  # fmt: skip
    return ticket


@transaction.atomic
def ticket_change_priority(*, ticket: Ticket, actor: Actor, priority: str) -> Ticket:
    checked_choice(priority, Priority, "priority")
    ticket = lock_ticket(ticket)
    if ticket.priority == priority:
        return ticket
    before = {"priority": ticket.priority}
    ticket.priority = priority
    _touch(ticket, timezone.now(), ["priority"])
    record_event(verb=Verb.PRIORITY_CHANGED, actor=actor, ticket=ticket, before=before, after={"priority": priority})
    return ticket


@transaction.atomic
def ticket_change_subject(*, ticket: Ticket, actor: Actor, subject: str) -> Ticket:
    subject = subject.strip()
    if not subject:
        raise DomainError(_("The subject cannot be empty."), field="subject")
    ticket = lock_ticket(ticket)
    if ticket.subject == subject[:300]:
        return ticket
    before = {"subject": ticket.subject}
    ticket.subject = subject[:300]
    _touch(ticket, timezone.now(), ["subject"])
    record_event(
        verb=Verb.SUBJECT_CHANGED, actor=actor, ticket=ticket, before=before, after={"subject": ticket.subject}
    )
    return ticket


UPDATABLE_FIELDS = ("status", "kind", "priority", "topic_id", "team_id", "assignee_id", "subject")


@transaction.atomic
def ticket_update(*, ticket: Ticket, actor: Actor, changes: dict[str, Any]) -> Ticket:
    """Apply several changes at once (the API's PATCH); all of them or none."""
    unknown = sorted(set(changes) - set(UPDATABLE_FIELDS))
    if unknown:
        raise DomainError(_("Unknown field: %(field)s") % {"field": unknown[0]}, field=unknown[0])
    if "subject" in changes:
        ticket = ticket_change_subject(ticket=ticket, actor=actor, subject=changes["subject"] or "")
    if "priority" in changes:
        ticket = ticket_change_priority(ticket=ticket, actor=actor, priority=changes["priority"])
    if "kind" in changes:
        ticket = ticket_change_kind(ticket=ticket, actor=actor, kind=changes["kind"])
    if "topic_id" in changes:
        ticket = ticket_change_topic(
            ticket=ticket, actor=actor, topic=_get_or_fail(Topic, changes["topic_id"], "topic_id")
        )
    if "team_id" in changes:
        team = _get_or_fail(Team, changes["team_id"], "team_id")
        if team is None:
            raise DomainError(_("A ticket must belong to a team."), field="team_id")
        ticket = ticket_change_team(ticket=ticket, actor=actor, team=team)
    if "assignee_id" in changes:
        assignee = _get_or_fail(get_user_model(), changes["assignee_id"], "assignee_id")
        ticket = ticket_assign(ticket=ticket, actor=actor, assignee=assignee)
    if "status" in changes:
        ticket = ticket_change_status(ticket=ticket, actor=actor, status=changes["status"])
    return ticket


def _get_or_fail(model: Any, pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise DomainError(_("No such object: %(field)s=%(pk)s") % {"field": field, "pk": pk}, field=field)
    return obj


@transaction.atomic
def ticket_merge(*, source: Ticket, target: Ticket, actor: Actor) -> Ticket:
    """Move the source's conversation into the target and close the source as a duplicate."""
    if source.pk == target.pk:
        raise DomainError(_("A ticket cannot be merged into itself."), field="target")
    source, target = lock_ticket(source), lock_ticket(target)
    if source.merged_into_id or target.merged_into_id:
        raise Conflict(_("One of the tickets is already merged."), field="target")
    moved = Message.objects.filter(ticket=source).update(ticket=target)
    now = timezone.now()
    source.merged_into = target
    source.message_count = 0
    fields, _verb = apply_status(source, Status.CLOSED, now)
    _touch(source, now, [*fields, "merged_into", "message_count"])
    target.message_count += moved
    _touch(target, now, ["message_count"])
    record_event(verb=Verb.MERGED, actor=actor, ticket=source, at=now,
                 before={"status": "open"}, after={"merged_into": target.pk, "messages_moved": moved})  # fmt: skip
    record_event(verb=Verb.MERGED_FROM, actor=actor, ticket=target, at=now,
                 after={"merged_from": source.pk, "messages_moved": moved})  # fmt: skip
    return target
