"""One RFC 5322 message → what an appeal needs: who, the subject, the text, attachments, threading ids.

Every inbound path (IMAP polling, the push endpoint, ``otklik mail ingest``) parses here, with the
standard library's ``email`` package under ``policy.default``. Whatever the bytes, the result is a
``ParsedMail`` or ``MailRejected`` with a reason for the quarantine: nothing else escapes, because a
mailbox also receives junk, and one bad message must not stop the ones behind it.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from mimetypes import guess_extension
from typing import Any, TypeVar

from otklik.desk.content import html_to_text, sanitize_html
from otklik.intake.mail.charsets import decode_bytes, repair_header

T = TypeVar("T")
_MSGID = re.compile(r"<([^<>\s]+)>")
_BOUNCE_SENDERS = ("mailer-daemon", "postmaster")


class MailRejected(Exception):
    """The bytes cannot become an appeal; ``reason`` says why (shown in the quarantine)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    max_attachment_bytes: int = 10 * 1024 * 1024
    max_parts: int = 500
    max_text_chars: int = 200_000


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    size: int
    content: bytes
    inline: bool
    content_id: str


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    sender_email: str
    sender_name: str
    reply_to: str
    subject: str
    text: str
    html: str
    attachments: tuple[MailAttachment, ...]
    skipped: tuple[str, ...]
    date: datetime | None
    automatic: str
    content_hash: str


def parse_mail(raw: bytes, limits: Limits | None = None) -> ParsedMail:
    limits = limits or Limits()
    if not raw.strip():
        raise MailRejected("empty message")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        # The same headers as the bytes said them: policy.default replaces raw 8-bit header bytes.
        message.raw_headers = BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True)  # type: ignore[attr-defined]
        return _read(message, limits)
    except MailRejected:
        raise
    except Exception as exc:  # the email package meets bytes it was not written for: quarantine, not crash
        raise MailRejected(f"unreadable message ({type(exc).__name__}: {exc})"[:300]) from exc


def _read(message: EmailMessage, limits: Limits) -> ParsedMail:
    if not any(name.lower() in {"from", "sender", "return-path"} for name in message.keys()):  # noqa: SIM118
        raise MailRejected("not an email message: no headers")
    sender_name, sender_email = parseaddr(_header(message, "From") or _header(message, "Sender"))
    if "@" not in sender_email:
        raise MailRejected("no sender address")
    parts = sum(1 for _ in message.walk())
    if parts > limits.max_parts:
        raise MailRejected(f"too many parts: {parts}, the limit is {limits.max_parts}")
    body = _Body(limits)
    body.collect(message)
    subject = " ".join(_header(message, "Subject").split())
    text = body.text()
    own_id = _ids(_header(message, "Message-ID"))
    parsed = ParsedMail(
        message_id=own_id[0] if own_id else "",
        in_reply_to=_ids(_header(message, "In-Reply-To")),
        references=_ids(_header(message, "References")),
        sender_email=sender_email.strip().lower(),
        sender_name=" ".join(sender_name.split()),
        reply_to=parseaddr(_header(message, "Reply-To"))[1].strip().lower(),
        subject=subject,
        text=text,
        html=body.html,
        attachments=tuple(body.attachments),
        skipped=tuple(body.skipped),
        date=_date(_header(message, "Date")),
        automatic=_automatic(message, sender_email),
        content_hash="",
    )
    return _with_hash(parsed)


def _header(message: Message, name: str) -> str:
    """A header's decoded text; a header the parser cannot read is read by hand, never an error."""
    try:
        value = message.get(name)
    except Exception:  # a malformed encoded word or address list: fall back to the raw value
        value = None
    if value is None or "\ufffd" in str(value):
        raw = getattr(message, "raw_headers", message).get(name)
        if raw is None:
            return str(value or "")
        return _decode_raw_header(raw)
    return str(value)


def _decode_raw_header(raw: Any) -> str:
    """A header as the bytes said it (a str, or a Header holding raw 8-bit bytes), encoded words decoded."""
    try:
        chunks = decode_header(raw)
    except HeaderParseError:  # a broken encoded word: keep the header as written rather than lose it
        return repair_header(str(raw))
    pieces = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            pieces.append(decode_bytes(chunk, charset))
        else:
            pieces.append(repair_header(chunk))
    return "".join(pieces)


def _ids(value: str) -> tuple[str, ...]:
    found = _MSGID.findall(value)
    if not found:
        found = [token.strip("<>") for token in value.split() if "@" in token]
    return tuple(dict.fromkeys(found))


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _automatic(message: Message, sender_email: str) -> str:
    """Why no person wrote this, or "": such mail never gets an acknowledgement (no mail loops)."""
    return_path = _header(message, "Return-Path").strip()
    local = sender_email.split("@")[0].lower()
    content_type = _safely(message.get_content_type, "")
    report_type = str(_safely(lambda: str(message.get_param("report-type", "") or ""), "")).lower()
    if (
        return_path == "<>"
        or local in _BOUNCE_SENDERS
        or (content_type == "multipart/report" and report_type == "delivery-status")
    ):
        return "bounce"
    if _header(message, "Auto-Submitted").strip().lower() not in {"", "no"}:
        return "auto-submitted"
    if any(_header(message, name) for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")):
        return "autoreply"
    precedence = _header(message, "Precedence").strip().lower()
    if precedence == "list" or _header(message, "List-Id") or _header(message, "List-Unsubscribe"):
        return "list"
    if precedence in {"bulk", "junk"}:
        return "bulk"
    return ""


class _Body:
    """Walks the MIME tree once: the readable text, the HTML, and everything else as attachments."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.plain: list[str] = []
        self.html = ""
        self.attachments: list[MailAttachment] = []
        self.skipped: list[str] = []

    def collect(self, message: Message) -> None:
        for part in message.walk():
            if part.is_multipart():
                continue
            content_type = _safely(part.get_content_type, "application/octet-stream")
            disposition = (_safely(part.get_content_disposition, None) or "").lower()
            filename = _safely(part.get_filename, None)
            if disposition != "attachment" and not filename and content_type == "text/plain":
                self.plain.append(self._text(part))
            elif disposition != "attachment" and not filename and content_type == "text/html" and not self.html:
                self.html = self._text(part)
            else:
                self._attach(part, content_type, disposition, filename)

    def text(self) -> str:
        text = "\n\n".join(t.strip() for t in self.plain if t.strip())
        if not text and self.html:
            text = html_to_text(sanitize_html(self.html))
        if len(text) > self.limits.max_text_chars:
            self.skipped.append(f"text cut at {self.limits.max_text_chars} characters of {len(text)}")
            text = text[: self.limits.max_text_chars]
        return text

    @staticmethod
    def _payload(part: Message) -> bytes:
        data = part.get_payload(decode=True)
        return data if isinstance(data, bytes) else b""

    def _text(self, part: Message) -> str:
        return (
            decode_bytes(self._payload(part), _safely(part.get_content_charset, None))
            .replace("\r\n", "\n")
            .replace("\x00", "")
        )

    def _attach(self, part: Message, content_type: str, disposition: str, filename: str | None) -> None:
        content = self._payload(part)
        name = _safe_filename(repair_header(filename) if filename else "", content_type)
        if len(content) > self.limits.max_attachment_bytes:
            self.skipped.append(f"attachment {name} ({len(content)} bytes) is over {self.limits.max_attachment_bytes}")
            return
        content_id = str(_safely(lambda: part.get("Content-ID", ""), "") or "").strip().strip("<>")
        self.attachments.append(
            MailAttachment(
                filename=name, content_type=content_type, size=len(content), content=content,
                inline=disposition == "inline" or bool(content_id), content_id=content_id,
            )
        )  # fmt: skip


def _safely(read: Callable[[], T], default: T) -> T:
    """A MIME header read that the standard library's parser can trip over (an IndexError on a broken
    parameter list, seen in fuzzing): the default instead, so one bad header costs only itself."""
    try:
        return read()
    except Exception:
        return default


def _safe_filename(name: str, content_type: str) -> str:
    """No directories, no control characters, a sane length; a name from the type when there is none."""
    base = posixpath.basename(name.replace("\\", "/"))
    base = "".join(c for c in base if c.isprintable()).strip(". ")
    if not base:
        base = "attachment" + (guess_extension(content_type) or ".bin")
    return base[-200:]


def _with_hash(parsed: ParsedMail) -> ParsedMail:
    """What identifies the message when it has no Message-ID: the same mail by any path hashes alike."""
    digest = hashlib.sha256()
    for piece in (parsed.sender_email, parsed.date.isoformat() if parsed.date else "", parsed.subject, parsed.text):
        digest.update(piece.encode("utf-8", errors="surrogatepass") + b"\x00")
    for attachment in parsed.attachments:
        digest.update(f"{attachment.filename}:{attachment.size}".encode("utf-8", errors="surrogatepass") + b"\x00")
    return ParsedMail(**{**parsed.__dict__, "content_hash": digest.hexdigest()})
