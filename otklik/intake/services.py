"""Email in: one use case for every path (IMAP, the push endpoint, ``otklik mail ingest``).

The raw message is stored first-class: a message that becomes a ticket, joins one, repeats one or
cannot be read leaves an ``InboundMail`` row either way, so nothing that reached the desk is lost.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from otklik.core.actor import Actor
from otklik.core.errors import DomainError
from otklik.desk import services as desk
from otklik.desk.models import Message, Ticket
from otklik.intake.mail.parse import MailRejected, ParsedMail, parse_mail
from otklik.intake.models import InboundMail, MailOutcome

_TICKET_TAG = re.compile(r"\[#(\d{1,12})\]")
EMAIL_ID_PREFIX = "email:"


@dataclass(frozen=True)
class IngestResult:
    outcome: str
    ticket_id: int | None
    message_id: int | None
    reason: str = ""


def mail_ingest(*, raw: bytes, source: str) -> IngestResult:
    """Turn one raw email into a new ticket, a message on its ticket, a duplicate, or a quarantined row."""
    try:
        parsed = parse_mail(raw)
    except MailRejected as rejected:
        return _quarantine(raw, source, rejected.reason, key=f"raw:{_digest(raw)}")
    key = parsed.message_id or f"sha256:{parsed.content_hash}"
    known = InboundMail.objects.filter(key=key).first()
    if known is not None:
        return _duplicate(known)
    if parsed.automatic == "bounce":
        # Recorded on our own reply once outbound mail exists; until then an admin sees it here.
        return _quarantine(raw, source, "delivery report (bounce)", key=key, parsed=parsed)
    try:
        with transaction.atomic():
            message = _deliver(parsed, key)
            outcome = MailOutcome.NEW if message.ticket.message_count == 1 else MailOutcome.ADDED
            _store(raw, source, key, parsed, outcome, message=message)
    except DomainError as refused:
        return _quarantine(raw, source, refused.message, key=key, parsed=parsed)
    except IntegrityError:
        # The same mail by another path at the same moment: that one won.
        known = InboundMail.objects.filter(key=key).first()
        if known is None:
            raise
        return _duplicate(known)
    return IngestResult(outcome, message.ticket_id, message.pk)


def _deliver(parsed: ParsedMail, key: str) -> Message:
    attachments = [
        desk.NewAttachment(filename=a.filename, content=a.content, content_type=a.content_type)
        for a in parsed.attachments
    ]
    meta = {"email": {"message_id": parsed.message_id, "automatic": parsed.automatic, "skipped": list(parsed.skipped)}}
    external_id = EMAIL_ID_PREFIX + key
    ticket = thread_of(parsed)
    if ticket is not None:
        return desk.message_add_inbound(
            ticket=ticket, actor=Actor.customer(), body_text=parsed.text, body_html=parsed.html, meta=meta,
            attachments=attachments, external_id=external_id,
        )  # fmt: skip
    appeal = desk.Appeal(
        who=desk.ContactRef(email=parsed.sender_email, name=parsed.sender_name), channel="email",
        subject=parsed.subject, body=parsed.text, body_html=parsed.html, attachments=attachments,
        external_id=external_id, meta=meta,
    )  # fmt: skip
    opened = desk.ticket_open(appeal=appeal, actor=Actor.customer()).ticket
    return opened.messages.order_by("pk").first()  # type: ignore[return-value]


def thread_of(parsed: ParsedMail) -> Ticket | None:
    """The ticket a reply belongs to: by the Message-IDs it answers, then by the [#N] tag in the subject
    when the sender is that ticket's customer; never by subject text alone."""
    answered = [EMAIL_ID_PREFIX + i for i in (*parsed.in_reply_to, *reversed(parsed.references))]
    if answered:
        # A ticket's first message is known by the ticket's own external id; later ones by theirs.
        opened = Ticket.objects.filter(external_id__in=answered).first()
        if opened is not None:
            return opened
        found = Message.objects.filter(external_id__in=answered).select_related("ticket").first()
        if found is not None:
            return found.ticket
    tag = _TICKET_TAG.search(parsed.subject)
    if tag:
        return Ticket.objects.filter(
            pk=int(tag.group(1)), customer__contacts__kind="email", customer__contacts__value=parsed.sender_email
        ).first()
    return None


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _store(
    raw: bytes, source: str, key: str, parsed: ParsedMail | None, outcome: str, *, message: Message | None = None,
    reason: str = "",
) -> InboundMail:  # fmt: skip
    return InboundMail.objects.create(
        key=key[:300], source=source, raw=zlib.compress(raw), size=len(raw), outcome=outcome, reason=reason[:300],
        sender=parsed.sender_email[:300] if parsed else "", subject=parsed.subject[:300] if parsed else "",
        ticket=message.ticket if message else None, message=message,
    )  # fmt: skip


def _quarantine(raw: bytes, source: str, reason: str, *, key: str, parsed: ParsedMail | None = None) -> IngestResult:
    try:
        with transaction.atomic():
            _store(raw, source, key, parsed, MailOutcome.QUARANTINED, reason=reason)
    except IntegrityError:
        pass  # the same bytes are already in the quarantine
    return IngestResult(MailOutcome.QUARANTINED, None, None, reason)


def _duplicate(known: InboundMail) -> IngestResult:
    if known.outcome == MailOutcome.QUARANTINED:
        return IngestResult(MailOutcome.QUARANTINED, None, None, known.reason)
    return IngestResult(MailOutcome.DUPLICATE, known.ticket_id, known.message_id)


def mail_retry(*, inbound: InboundMail) -> IngestResult:
    """Try a quarantined message again (after a fix in the parser or the desk): same bytes, same path."""
    if inbound.outcome != MailOutcome.QUARANTINED:
        raise DomainError(_("Only a quarantined message can be tried again."), field="outcome")
    raw, source = zlib.decompress(inbound.raw), inbound.source
    with transaction.atomic():
        inbound.delete()
        return mail_ingest(raw=raw, source=source)
