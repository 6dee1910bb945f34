from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from otklik.desk.choices import Channel, Kind, Priority, Status


class StrictSchema(Schema):
    """Input schemas reject unknown fields: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    error: str
    message: str
    field: str | None = None
    details: list[dict] | None = None


class ContactOut(Schema):
    kind: str
    value: str
    is_primary: bool


class CustomerOut(Schema):
    id: int
    name: str
    city: str
    language: str
    time_zone: str
    external_id: str | None
    first_contact_at: datetime | None
    contacts: list[ContactOut]

    @staticmethod
    def resolve_contacts(obj: object) -> list[object]:
        return list(obj.contacts.all())  # type: ignore[attr-defined]


class CustomerIn(StrictSchema):
    name: str = Field("", max_length=200)
    emails: list[str] = Field(default_factory=list, max_length=20)
    phones: list[str] = Field(default_factory=list, max_length=20)
    messengers: dict[str, str] = Field(default_factory=dict)
    city: str = Field("", max_length=120)
    language: str = Field("", max_length=8)
    time_zone: str = Field("", max_length=64)
    external_id: str | None = Field(None, max_length=200)


class CustomerPatch(StrictSchema):
    name: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=120)
    language: str | None = Field(None, max_length=8)
    time_zone: str | None = Field(None, max_length=64)
    external_id: str | None = Field(None, max_length=200)


class CustomerRef(StrictSchema):
    """Who wrote: found by email, then phone, then messenger id; created if unknown."""

    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    name: str = Field("", max_length=200)
    messengers: dict[str, str] = Field(default_factory=dict)
    language: str = Field("", max_length=8)


class AttachmentIn(StrictSchema):
    filename: str = Field(..., min_length=1, max_length=255)
    content_type: str = Field("", max_length=120)
    content_base64: str


class TicketIn(StrictSchema):
    customer: CustomerRef
    channel: Channel = Channel.API
    subject: str = Field("", max_length=300)
    body: str = Field("", description="Plain text of the first message")
    body_html: str = ""
    kind: Kind | None = None
    priority: Priority = Priority.NORMAL
    topic_id: int | None = None
    team_id: int | None = None
    external_id: str | None = Field(
        None, max_length=200, description="Your id: a repeated POST returns the same ticket"
    )
    meta: dict = Field(default_factory=dict)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)

    @field_validator("external_id")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() or None if value else None


class TicketPatch(StrictSchema):
    status: Status | None = None
    kind: Kind | None = None
    priority: Priority | None = None
    subject: str | None = Field(None, max_length=300)
    topic_id: int | None = None
    team_id: int | None = None
    assignee_id: int | None = None


class TicketOut(Schema):
    id: int
    external_id: str | None
    channel: str
    subject: str
    kind: str
    kind_confidence: float | None
    kind_source: str
    needs_triage: bool
    tone_rude: bool
    tone_negative: bool
    claim_amount: Decimal | None
    claim_currency: str
    classification: dict = Field(
        description="The classifier's verdict on the first message: lang, scores, "
        "explanation (the deciding phrases), references, model_version"
    )
    status: str
    priority: str
    line: int
    team_id: int | None
    assignee_id: int | None
    topic_id: int | None
    customer_id: int
    merged_into_id: int | None
    message_count: int
    reopen_count: int
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None


class MessageIn(StrictSchema):
    direction: str = Field("inbound", description="inbound (from the customer), outbound (a reply) or note")
    body: str = ""
    body_html: str = ""
    status: Status | None = Field(None, description="For replies: the status to set (default pending_customer)")
    external_id: str | None = Field(None, max_length=300)
    meta: dict = Field(default_factory=dict)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    ticket_id: int
    direction: str
    author_user_id: int | None
    author_customer_id: int | None
    body_text: str
    body_html: str
    meta: dict
    created_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: object) -> list[object]:
        return list(obj.attachments.all())  # type: ignore[attr-defined]


class EventOut(Schema):
    id: int
    verb: str
    actor_id: int | None
    actor_label: str
    before: dict
    after: dict
    created_at: datetime


class EscalateIn(StrictSchema):
    reason: str = Field(..., min_length=1)
    team_id: int | None = None


class MergeIn(StrictSchema):
    target_id: int
