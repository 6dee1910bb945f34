from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from otklik.accounts.models import Team
from otklik.accounts.roles import works_on_team
from otklik.api.schemas import (
    AttachmentIn,
    CustomerRef,
    EscalateIn,
    EventOut,
    Id,
    MergeIn,
    MessageIn,
    MessageOut,
    Moment,
    Text,
    TicketIn,
    TicketOut,
    TicketPage,
    TicketPatch,
    with_errors,
)
from otklik.core.actor import Actor
from otklik.core.errors import Conflict, DomainError, Forbidden
from otklik.desk import selectors, services
from otklik.desk.choices import Direction, Kind
from otklik.desk.choices import Status as TicketStatus
from otklik.desk.models import Topic

router = Router(tags=["tickets"])


def _actor(request: HttpRequest) -> Actor:
    return Actor.of(request.user, "api")  # type: ignore[arg-type]


def _attachments(items: list[AttachmentIn]) -> list[services.NewAttachment]:
    return [services.NewAttachment.from_base64(**item.model_dump()) for item in items]


def _team_for(user: User, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise DomainError(_("No such team."), field="team_id")
    if not works_on_team(user, team.pk):
        raise Forbidden(_("You cannot open tickets for another team."), field="team_id")
    return team


@router.post("", response=with_errors({200: TicketOut, 201: TicketOut}))
def create_ticket(request: HttpRequest, payload: TicketIn, response: HttpResponse) -> Status:
    """Open a ticket with the customer's first message. 201 when created; 200 with the existing
    ticket when ``external_id`` was seen before (safe to retry)."""
    team = _team_for(request.user, payload.team_id)  # type: ignore[arg-type]
    topic = None
    if payload.topic_id is not None:
        topic = Topic.objects.filter(pk=payload.topic_id, is_active=True).first()
        if topic is None:
            raise DomainError(_("No such topic."), field="topic_id")
    ref = payload.customer
    appeal = services.Appeal(
        who=services.ContactRef(email=ref.email, phone=ref.phone, name=ref.name, messengers=ref.messengers,
                                language=ref.language),
        channel=payload.channel, body=payload.body, body_html=payload.body_html, subject=payload.subject,
        attachments=_attachments(payload.attachments), kind=payload.kind or "", external_id=payload.external_id,
        meta=payload.meta, topic=topic, priority=payload.priority, team=team,
    )  # fmt: skip
    try:
        result = services.ticket_open(appeal=appeal, actor=_actor(request))
    except DomainError as exc:
        # The services name the contact's own fields; in this request they sit under "customer".
        if exc.field and exc.field.split(".")[0] in CustomerRef.model_fields:
            exc.field = f"customer.{exc.field}"
        raise
    if not result.created and not selectors.tickets_visible_to(request.user).filter(pk=result.ticket.pk).exists():
        # Someone else's ticket already carries this id: say so without showing it.
        raise Conflict(_("external_id is already used by a ticket you cannot see."), field="external_id")
    return Status(201 if result.created else 200, result.ticket)


class TicketQuery(Schema):
    status: list[TicketStatus] = Field(default_factory=list)
    kind: list[Kind] = Field(default_factory=list)
    team_id: Id | None = None
    assignee_id: Id | None = None
    unassigned: bool = False
    customer_id: Id | None = None
    updated_since: Moment | None = None
    needs_triage: bool = Field(False, description="Only tickets waiting for a person to confirm their kind")
    rude: bool = Field(False, description="Only tickets whose first message is rude")
    cursor: Text | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)
    order: str = Field("-updated_at", pattern="^-?updated_at$")


@router.get("", response=with_errors({200: TicketPage}))
def list_tickets(request: HttpRequest, query: Query[TicketQuery]) -> object:
    """Tickets you may see, newest change first (``order=updated_at`` for oldest first, the
    order to use with ``updated_since`` when syncing). Follow ``next_cursor`` for the next page."""
    filters = selectors.TicketFilters(
        status=[s.value for s in query.status], kind=[k.value for k in query.kind], team_id=query.team_id,
        assignee_id=query.assignee_id, unassigned=query.unassigned, customer_id=query.customer_id,
        updated_since=query.updated_since, needs_triage=query.needs_triage, rude=query.rude,
    )  # fmt: skip
    page = selectors.ticket_list(request.user, filters, cursor=query.cursor, limit=query.limit,
                                 oldest_first=query.order == "updated_at")  # fmt: skip
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/{ticket_id}", response=with_errors({200: TicketOut}))
def get_ticket(request: HttpRequest, ticket_id: Path[Id]) -> object:
    return selectors.access_ticket_by_id(request.user, ticket_id)


@router.patch("/{ticket_id}", response=with_errors({200: TicketOut}))
def update_ticket(request: HttpRequest, ticket_id: Path[Id], payload: TicketPatch) -> object:
    ticket = selectors.access_ticket_by_id(request.user, ticket_id)
    return services.ticket_update(ticket=ticket, actor=_actor(request), changes=payload.model_dump(exclude_unset=True))


@router.post("/{ticket_id}/escalate", response=with_errors({200: TicketOut}))
def escalate_ticket(request: HttpRequest, ticket_id: Path[Id], payload: EscalateIn) -> object:
    ticket = selectors.access_ticket_by_id(request.user, ticket_id)
    team = Team.objects.filter(pk=payload.team_id).first() if payload.team_id else None
    if payload.team_id and team is None:
        raise DomainError(_("No such team."), field="team_id")
    return services.ticket_escalate(ticket=ticket, actor=_actor(request), reason=payload.reason, team=team)


@router.post("/{ticket_id}/merge", response=with_errors({200: TicketOut}))
def merge_ticket(request: HttpRequest, ticket_id: Path[Id], payload: MergeIn) -> object:
    """Merge this ticket into ``target_id``; returns the target."""
    source = selectors.access_ticket_by_id(request.user, ticket_id)
    target = selectors.access_ticket_by_id(request.user, payload.target_id)
    return services.ticket_merge(source=source, target=target, actor=_actor(request))


@router.get("/{ticket_id}/messages", response=with_errors({200: list[MessageOut]}))
def list_messages(request: HttpRequest, ticket_id: Path[Id]) -> object:
    return list(selectors.ticket_messages(selectors.access_ticket_by_id(request.user, ticket_id)))


@router.post("/{ticket_id}/messages", response=with_errors({201: MessageOut}))
def add_message(request: HttpRequest, ticket_id: Path[Id], payload: MessageIn) -> Status:
    """Add a customer message (``inbound``), a reply to the customer (``outbound``) or a ``note``."""
    ticket = selectors.access_ticket_by_id(request.user, ticket_id)
    actor, files = _actor(request), _attachments(payload.attachments)
    body, html = payload.body, payload.body_html
    if payload.direction == Direction.INBOUND:
        message = services.message_add_inbound(
            ticket=ticket, actor=actor, body_text=body, body_html=html, attachments=files,
            meta=payload.meta, external_id=payload.external_id,
        )  # fmt: skip
    elif payload.direction == Direction.OUTBOUND:
        message = services.ticket_reply(
            ticket=ticket, actor=actor, body_text=body, body_html=html, attachments=files,
            status=payload.status or TicketStatus.PENDING_CUSTOMER,
        )  # fmt: skip
    elif payload.direction == Direction.NOTE:
        message = services.ticket_add_note(
            ticket=ticket, actor=actor, body_text=body, body_html=html, attachments=files
        )
    else:
        raise DomainError(_("direction must be inbound, outbound or note"), field="direction")
    return Status(201, message)


@router.get("/{ticket_id}/events", response=with_errors({200: list[EventOut]}))
def list_events(request: HttpRequest, ticket_id: Path[Id]) -> object:
    """The ticket's timeline: every change with who made it and the values before and after."""
    return list(selectors.ticket_timeline(selectors.access_ticket_by_id(request.user, ticket_id)))
