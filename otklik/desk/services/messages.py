from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from otklik.core.actor import Actor
from otklik.core.errors import Conflict, DomainError
from otklik.desk.choices import DONE_STATUSES, Direction, Status, Verb
from otklik.desk.content import prepare_body
from otklik.desk.events import record_event
from otklik.desk.models import Attachment, Message, Ticket
from otklik.desk.services.common import lock_ticket
from otklik.desk.services.tickets import apply_status


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"

    @classmethod
    def from_base64(cls, *, filename: str, content_base64: str, content_type: str = "") -> NewAttachment:
        try:
            content = base64.b64decode(content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise DomainError(_("Attachment %(name)s is not valid base64.") % {"name": filename},
                              field="attachments") from exc  # fmt: skip
        return cls(filename=filename, content=content, content_type=content_type or "application/octet-stream")


def store_attachments(message: Message, attachments: list[NewAttachment]) -> None:
    for item in attachments:
        name = get_valid_filename(item.filename)[:200] or "attachment"
        attachment = Attachment(message=message, filename=name, content_type=item.content_type[:120],
                                size=len(item.content))  # fmt: skip
        attachment.file.save(name, ContentFile(item.content), save=False)
        attachment.save()


def _add_message(
    *, ticket: Ticket, direction: str, actor: Actor, body_text: str, body_html: str,
    meta: dict[str, Any] | None, attachments: list[NewAttachment] | None, external_id: str | None = None,
) -> Message:  # fmt: skip
    if ticket.merged_into_id:
        raise Conflict(_("This ticket was merged into #%(id)s.") % {"id": ticket.merged_into_id}, field="ticket")
    plain, clean_html = prepare_body(text=body_text, html_body=body_html)
    message = Message.objects.create(
        ticket=ticket, direction=direction, body_text=plain, body_html=clean_html,
        author_user=actor.user if direction != Direction.INBOUND else None,
        author_customer=ticket.customer if direction == Direction.INBOUND else None,
        meta=meta or {}, external_id=external_id or None, created_at=timezone.now(),
    )  # fmt: skip
    store_attachments(message, attachments or [])
    return message


@transaction.atomic
def message_add_inbound(
    *,
    ticket: Ticket,
    actor: Actor,
    body_text: str,
    body_html: str = "",
    meta: dict[str, Any] | None = None,
    attachments: list[NewAttachment] | None = None,
    external_id: str | None = None,
) -> Message:
    """The customer wrote again. A resolved ticket reopens; a waiting one becomes open."""
    if external_id:
        existing = Message.objects.filter(external_id=external_id).first()
        if existing is not None:
            return existing
    ticket = lock_ticket(ticket)
    message = _add_message(ticket=ticket, direction=Direction.INBOUND, actor=actor, body_text=body_text,
                           body_html=body_html, meta=meta, attachments=attachments, external_id=external_id)  # fmt: skip
    fields = ["message_count"]
    ticket.message_count += 1
    before_status = ticket.status
    if ticket.status in DONE_STATUSES or ticket.status == Status.PENDING_CUSTOMER:
        status_fields, verb = apply_status(ticket, Status.OPEN, message.created_at)
        fields += status_fields
        record_event(verb=verb, actor=actor, ticket=ticket, before={"status": before_status},
                     after={"status": Status.OPEN}, at=message.created_at)  # fmt: skip
    ticket.updated_at = message.created_at
    ticket.save(update_fields=[*fields, "updated_at"])
    record_event(verb=Verb.MESSAGE_INBOUND, actor=actor, ticket=ticket, at=message.created_at,
                 after={"message": message.pk})  # fmt: skip
    return message


@transaction.atomic
def ticket_reply(
    *,
    ticket: Ticket,
    actor: Actor,
    body_text: str,
    body_html: str = "",
    status: str = Status.PENDING_CUSTOMER,
    attachments: list[NewAttachment] | None = None,
) -> Message:
    """Answer the customer. The first reply stamps the first response time."""
    if status not in Status.values or status == Status.NEW:
        raise DomainError(_("Not a status a reply can set."), field="status")
    ticket = lock_ticket(ticket)
    message = _add_message(ticket=ticket, direction=Direction.OUTBOUND, actor=actor, body_text=body_text,
                           body_html=body_html, meta=None, attachments=attachments)  # fmt: skip
    fields = ["message_count"]
    ticket.message_count += 1
    if ticket.first_response_at is None:
        ticket.first_response_at = message.created_at
        fields.append("first_response_at")
    # The agent who answers an unassigned ticket takes it, and the timeline says so.
    took_it = ticket.assignee_id is None and actor.user is not None and hasattr(actor.user, "agent_profile")
    if took_it:
        ticket.assignee = actor.user  # type: ignore[assignment]
        fields.append("assignee")
    before_status = ticket.status
    if status != ticket.status:
        status_fields, verb = apply_status(ticket, status, message.created_at)
        fields += status_fields
    ticket.updated_at = message.created_at
    ticket.save(update_fields=[*fields, "updated_at"])
    record_event(verb=Verb.MESSAGE_REPLY, actor=actor, ticket=ticket, at=message.created_at,
                 after={"message": message.pk})  # fmt: skip
    if took_it:
        record_event(verb=Verb.ASSIGNED, actor=actor, ticket=ticket, before={"assignee": None},
                     after={"assignee": ticket.assignee_id}, at=message.created_at)  # fmt: skip
    if before_status != ticket.status:
        record_event(verb=verb, actor=actor, ticket=ticket, before={"status": before_status},
                     after={"status": ticket.status}, at=message.created_at)  # fmt: skip
    return message


@transaction.atomic
def ticket_add_note(
    *, ticket: Ticket, actor: Actor, body_text: str, body_html: str = "",
    attachments: list[NewAttachment] | None = None,
) -> Message:  # fmt: skip
    ticket = lock_ticket(ticket)
    message = _add_message(ticket=ticket, direction=Direction.NOTE, actor=actor, body_text=body_text,
                           body_html=body_html, meta=None, attachments=attachments)  # fmt: skip
    ticket.message_count += 1
    ticket.updated_at = message.created_at
    ticket.save(update_fields=["message_count", "updated_at"])
    record_event(verb=Verb.MESSAGE_NOTE, actor=actor, ticket=ticket, at=message.created_at,
                 after={"message": message.pk})  # fmt: skip
    return message
