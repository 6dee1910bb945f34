"""``POST /api/v1/inbound/email``: mail servers and providers that push mail hand the raw message here.

The same parser and use case as IMAP polling and ``otklik mail ingest``. Every outcome is a 2xx once
the message is stored (quarantined included), so the sender does not retry what the desk already kept.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from otklik.accounts.roles import sees_all_tickets
from otklik.api.schemas import with_errors
from otklik.core.errors import DomainError, Forbidden
from otklik.intake.services import mail_ingest

router = Router(tags=["inbound"])


class InboundOut(Schema):
    outcome: str
    ticket_id: int | None
    message_id: int | None
    reason: str = ""


@router.post(
    "/email",
    response=with_errors({200: InboundOut, 201: InboundOut}),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def inbound_email(request: HttpRequest) -> Status:
    """One raw RFC 5322 message as the request body (``Content-Type: message/rfc822``). 201 when it opened
    a ticket; 200 when it joined one, repeated one already received, or went to the quarantine."""
    if not sees_all_tickets(request.user):
        raise Forbidden(_("Only a supervisor's or an admin's token may push mail."), field=None)
    if not request.body.strip():
        raise DomainError(_("The request body must be the raw email message."), field="body")
    result = mail_ingest(raw=request.body, source="api")
    out = InboundOut(
        outcome=result.outcome, ticket_id=result.ticket_id, message_id=result.message_id, reason=result.reason
    )
    return Status(201 if result.outcome == "new" else 200, out)
