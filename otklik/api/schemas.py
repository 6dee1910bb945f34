"""The API's input and output shapes.

Every string a client sends goes through ``Text``: text the database can store (PostgreSQL refuses
NUL, and no encoder accepts a lone UTF-16 surrogate), refused with a 422 naming the field instead
of failing as a 500 deep inside the write. Ids are ``Id``: 1..2^63-1, the range of a bigint.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from otklik.core.errors import DomainError
from otklik.desk.choices import Channel, Direction, Kind, Priority, Status

MAX_ID = 2**63 - 1
MAX_META_DEPTH = 20


def _invalid(kind: str, reason: str) -> PydanticCustomError:
    # The message is already translated; braces in it must not be read as a template.
    return PydanticCustomError(kind, reason.replace("{", "{{").replace("}", "}}"))


def storable_text(value: str) -> str:
    """``value`` if the database can store it; raises a validation error naming what is wrong."""
    if "\x00" in value:
        raise _invalid("unstorable_text", _("Text must not contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _invalid("unstorable_text", _("Text must be valid Unicode (an unpaired surrogate was found).")) from exc
    return value


def _storable_tree(value: Any, depth: int = 0) -> Any:
    if depth > MAX_META_DEPTH:
        raise _invalid("too_deep", _("Nested too deeply."))
    if isinstance(value, str):
        storable_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            storable_text(str(key))
            _storable_tree(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _storable_tree(item, depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise _invalid("finite_number", _("Number must be finite."))
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID:
        # JSON columns on SQLite store integers as 64-bit.
        raise _invalid("int_too_big", _("Number is out of range."))
    return value


def storable_moment(value: datetime) -> datetime:
    """``value`` in UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts (up to ±24 h)."""
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError as exc:
        raise _invalid("datetime_range", _("Date is out of range.")) from exc


Text = Annotated[str, AfterValidator(storable_text)]
"""Any string input: no NUL, no unpaired surrogate."""

Meta = Annotated[dict[str, Any], AfterValidator(_storable_tree)]
"""Free-form JSON object: every key and every string inside it is ``Text``."""

Moment = Annotated[datetime, AfterValidator(storable_moment)]
"""A date and time with any offset, stored as UTC."""

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A database id: positive and within a bigint."""


def _contact_check(normalize: Any, value: str) -> str:
    if not value.strip():
        return value
    try:
        normalize(value)
    except DomainError as exc:
        raise _invalid("invalid_contact", exc.message) from exc
    return value


def _email(value: str) -> str:
    from otklik.desk.contacts import normalize_email

    return _contact_check(normalize_email, value)


def _phone(value: str) -> str:
    from otklik.desk.contacts import normalize_phone

    return _contact_check(normalize_phone, value)


Language = Literal["", "ru", "en"]
Email = Annotated[Text, AfterValidator(_email)]
Phone = Annotated[Text, AfterValidator(_phone)]


class StrictSchema(Schema):
    """Input schemas reject unknown fields: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    """Every error answer: a machine-readable ``error`` code, a readable ``message`` and, when one
    input is at fault, its dotted path in ``field`` (``customer.email``)."""

    error: str
    message: str
    field: str | None = None
    details: list[dict] | None = None


ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 422, 429)


def with_errors(responses: dict[int, Any]) -> dict[int, Any]:
    """``responses`` plus every error an operation can answer with, for the OpenAPI schema."""
    return {**responses, **{status: ErrorOut for status in ERROR_STATUSES if status not in responses}}


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
    name: Text = Field("", max_length=200)
    emails: list[Email] = Field(default_factory=list, max_length=20)
    phones: list[Phone] = Field(default_factory=list, max_length=20)
    messengers: dict[Text, Text] = Field(default_factory=dict, max_length=20)
    city: Text = Field("", max_length=120)
    language: Text = Field("", max_length=8)
    time_zone: Text = Field("", max_length=64)
    external_id: Text | None = Field(None, max_length=200)


class CustomerPatch(StrictSchema):
    name: Text | None = Field(None, max_length=200)
    city: Text | None = Field(None, max_length=120)
    language: Text | None = Field(None, max_length=8)
    time_zone: Text | None = Field(None, max_length=64)
    external_id: Text | None = Field(None, max_length=200)


class CustomerRef(StrictSchema):
    """Who wrote: found by email, then phone, then messenger id; created if unknown."""

    email: Email = Field("", max_length=254)
    phone: Phone = Field("", max_length=40)
    name: Text = Field("", max_length=200)
    messengers: dict[Text, Text] = Field(default_factory=dict, max_length=20)
    language: Language = ""


class AttachmentIn(StrictSchema):
    filename: Text = Field(..., min_length=1, max_length=255)
    content_type: Text = Field("", max_length=120)
    content_base64: Text


class TicketIn(StrictSchema):
    customer: CustomerRef
    channel: Channel = Channel.API
    subject: Text = Field("", max_length=300)
    body: Text = Field("", description="Plain text of the first message")
    body_html: Text = ""
    kind: Kind | None = None
    priority: Priority = Priority.NORMAL
    topic_id: Id | None = None
    team_id: Id | None = None
    external_id: Text | None = Field(
        None, max_length=200, description="Your id: a repeated POST returns the same ticket"
    )
    meta: Meta = Field(default_factory=dict)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)

    @field_validator("external_id")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() or None if value else None


class TicketPatch(StrictSchema):
    status: Status | None = None
    kind: Kind | None = None
    priority: Priority | None = None
    subject: Text | None = Field(None, max_length=300)
    topic_id: Id | None = None
    team_id: Id | None = None
    assignee_id: Id | None = None


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
    direction: Direction = Field(
        Direction.INBOUND, description="inbound (from the customer), outbound (a reply) or note"
    )
    body: Text = ""
    body_html: Text = ""
    status: Status | None = Field(None, description="For replies: the status to set (default pending_customer)")
    external_id: Text | None = Field(None, max_length=300)
    meta: Meta = Field(default_factory=dict)
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
    reason: Text = Field(..., min_length=1)
    team_id: Id | None = None


class MergeIn(StrictSchema):
    target_id: Id
