"""Message bodies: sanitized HTML, a plain-text form, and limits."""

from __future__ import annotations

import html
import re

import nh3
from django.conf import settings
from django.utils.translation import gettext as _

from otklik.core.errors import DomainError

_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")


def sanitize_html(raw: str) -> str:
    """Keep formatting and links, drop scripts, styles, event handlers and remote tricks."""
    return nh3.clean(raw, link_rel="noopener noreferrer nofollow") if raw else ""


def html_to_text(raw: str) -> str:
    text = _BLOCK_TAGS.sub("\n", raw)
    text = html.unescape(_ANY_TAG.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def prepare_body(*, text: str, html_body: str, field: str = "body") -> tuple[str, str]:
    """Return (plain text, sanitized HTML) or refuse an empty or oversized body."""
    clean_html = sanitize_html(html_body)
    plain = (text or "").replace("\x00", "").strip() or html_to_text(clean_html)
    if not plain:
        raise DomainError(_("The message is empty."), field=field)
    limit = settings.OTKLIK_MAX_MESSAGE_CHARS
    if len(plain) > limit or len(clean_html) > limit * 2:
        raise DomainError(
            _("The message is too long: %(size)d characters, the limit is %(limit)d.")
            % {"size": len(plain), "limit": limit},
            field=field,
        )
    return plain, clean_html


def subject_from(text: str, limit: int = 120) -> str:
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first_line if len(first_line) <= limit else first_line[: limit - 1].rstrip() + "…"
