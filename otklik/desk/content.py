"""Message bodies: sanitized HTML, a plain-text form, and limits."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

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


# --- Remote images, blocked when a message is shown ----------------------------------------------
# A remote image in an email (a "tracking pixel") tells its sender when an agent opened the ticket.
# The stored HTML keeps it (as sanitised); the page shows a placeholder until the agent asks for the
# images. Only what the desk itself serves passes: data: and cid: URIs and our own absolute paths.
_URL_NOISE = str.maketrans("\\", "/", "\t\n\r")  # browsers drop tabs and newlines, read \ as /
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # and trim these from both ends


def is_remote_src(src: str) -> bool:
    url = src.translate(_URL_NOISE).strip(_C0_AND_SPACE)
    if not url or url.lower().startswith(("data:", "cid:")):
        return False
    return not (url.startswith("/") and not url.startswith("//"))


def image_host(src: str) -> str:
    try:
        return urlsplit(src.translate(_URL_NOISE).strip(_C0_AND_SPACE)).hostname or ""
    except ValueError:
        return ""


@dataclass(frozen=True)
class ShownBody:
    html: str
    remote_images: int = 0
    remote_hosts: tuple[str, ...] = ()  # in order, without repeats
    loaded: bool = False

    @property
    def blocked(self) -> int:
        return 0 if self.loaded else self.remote_images


class _RemoteImages(HTMLParser):
    """Copies sanitised HTML through unchanged, except for the ``<img>`` tags with a remote source."""

    def __init__(self, *, load: bool) -> None:
        super().__init__(convert_charrefs=False)
        self.load = load
        self.out: list[str] = []
        self.hosts: dict[str, None] = {}
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        src = dict(attrs).get("src") or ""
        if tag != "img" or not is_remote_src(src):
            self.out.append(raw)
            return
        host = image_host(src)
        self.images += 1
        self.hosts[host] = None
        self.out.append(_loaded_img(attrs) if self.load else _placeholder(host, dict(attrs).get("alt") or ""))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def _loaded_img(attrs: list[tuple[str, str | None]]) -> str:
    # The image's server still learns the time and address, but not which ticket page asked.
    kept = "".join(f' {name}="{html.escape(value or "")}"' for name, value in attrs if name != "referrerpolicy")
    return f'<img{kept} referrerpolicy="no-referrer">'


def _placeholder(host: str, alt: str) -> str:
    label = _("Image from %(host)s") % {"host": host} if host else _("Image from the internet")
    title = f"{label}: {alt}" if alt else label
    return (
        f'<span class="img-blocked" role="img" aria-label="{html.escape(title)}" title="{html.escape(title)}">'
        f"{html.escape(host or label)}</span>"
    )


def shown_body(body_html: str, *, load_remote: bool = False) -> ShownBody:
    """The sanitised HTML as the page shows it: remote images replaced, or kept when asked for."""
    if "<img" not in body_html:
        return ShownBody(body_html)
    parser = _RemoteImages(load=load_remote)
    parser.feed(body_html)
    parser.close()
    hosts = tuple(host for host in parser.hosts if host)
    return ShownBody("".join(parser.out), parser.images, hosts, loaded=load_remote and parser.images > 0)
