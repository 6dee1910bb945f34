"""Remote images (tracking pixels) stay blocked on the ticket page until the agent asks for them."""

from __future__ import annotations

import re

import pytest

from otklik.accounts.models import Role
from otklik.core.actor import Actor
from otklik.desk import services
from otklik.desk.content import is_remote_src, shown_body
from tests.browser import SHOTS, browser_page, needs_chromium, sign_in
from tests.clients import login
from tests.factories import make_user, open_ticket

pytestmark = pytest.mark.django_db

PIXEL = '<img src="https://track.example.com/open.gif?u=42" width="1" height="1" alt="">'
LOGO = '<img src="http://cdn.shop.example/logo.png" alt="Логотип">'
REMOTE_IMG = re.compile(r"<img[^>]*\bsrc=\"(https?:)?//", re.IGNORECASE)


def _ticket_with_pixel(team):
    ticket = open_ticket(team)
    message = services.message_add_inbound(
        ticket=ticket, actor=Actor.customer(), body_text="",
        body_html=f"<p>Здравствуйте! {PIXEL}</p><p>{LOGO} Где мой заказ?</p>",
    )  # fmt: skip
    return ticket, message


def test_the_page_requests_nothing_from_the_remote_hosts(agent, team_l1):
    ticket, message = _ticket_with_pixel(team_l1)
    message.refresh_from_db()
    assert "track.example.com/open.gif" in message.body_html  # stored as sanitised, blocked when shown

    html = login(agent).get(f"/tickets/{ticket.pk}/").content.decode()
    assert not REMOTE_IMG.search(html)
    assert "track.example.com/open.gif" not in html
    assert 'class="img-blocked"' in html and "cdn.shop.example" in html
    assert "Где мой заказ?" in html
    assert f'href="/tickets/{ticket.pk}/messages/{message.pk}/images/#m{message.pk}"' in html
    assert "Load images" in html or "Показать изображения" in html


def test_the_notice_counts_the_hidden_images(agent, team_l1):
    ticket, _ = _ticket_with_pixel(team_l1)
    html = login(agent).get(f"/tickets/{ticket.pk}/").content.decode()
    # English until the Russian catalogue is compiled: "2 изображения из сети скрыты".
    assert "2 images from the internet are hidden" in html or "2 изображения из сети скрыты" in html
    assert "track.example.com, cdn.shop.example" in html


def test_load_images_shows_that_message_only(agent, team_l1, settings):
    ticket, message = _ticket_with_pixel(team_l1)
    other = services.message_add_inbound(
        ticket=ticket, actor=Actor.customer(), body_text="", body_html=f"<p>Ещё {PIXEL.replace('42', '43')}</p>"
    )
    settings.CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
    response = login(agent).get(f"/tickets/{ticket.pk}/messages/{message.pk}/images/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<img src="https://track.example.com/open.gif?u=42" width="1" height="1" alt="" referrerpolicy="no-referrer">'
        in html
    )
    assert 'src="http://cdn.shop.example/logo.png"' in html
    assert "u=43" not in html  # the other message keeps its images blocked
    assert f'href="/tickets/{ticket.pk}/messages/{other.pk}/images/#m{other.pk}"' in html
    assert response["Content-Security-Policy"] == (
        "default-src 'self'; img-src 'self' data: https: http:; frame-ancestors 'none'"
    )


def test_load_images_is_checked_like_the_ticket(agent, team_l1, team_other):
    ticket, message = _ticket_with_pixel(team_l1)
    outsider = login(make_user(Role.AGENT, [team_other]))
    url = f"/tickets/{ticket.pk}/messages/{message.pk}/images/"
    assert outsider.get(url).status_code == 404
    assert login(agent).get(f"/tickets/{open_ticket(team_l1).pk}/messages/{message.pk}/images/").status_code == 404
    anonymous = login(agent)
    anonymous.logout()
    assert anonymous.get(url).status_code == 302


@pytest.mark.parametrize(
    ("src", "remote"),
    [
        ("https://t.example.com/p.gif", True),
        ("HTTP://t.example.com/p.gif", True),
        ("//t.example.com/p.gif", True),
        ("/\\t.example.com/p.gif", True),
        ("/\t/t.example.com/p.gif", True),
        (" \x01https://t.example.com/", True),
        ("p.gif", True),
        ("/tickets/1/attachments/2/", False),
        ("data:image/png;base64,iVBORw0KGgo=", False),
        ("cid:logo@shop", False),
        ("", False),
    ],
)
def test_what_counts_as_remote(src, remote):
    assert is_remote_src(src) is remote


def test_the_rest_of_the_html_is_copied_unchanged():
    html = '<p>a &amp; b &lt;i&gt; &#169; <a href="https://x.example" rel="noopener">x</a><br><img src="/own.png"></p>'
    assert shown_body(html).html == html
    shown = shown_body(f"<p>{PIXEL}</p>")
    assert shown.html.startswith('<p><span class="img-blocked"') and shown.blocked == 1
    assert shown.remote_hosts == ("track.example.com",)


@needs_chromium
def test_in_a_browser_nothing_reaches_the_tracker_until_the_click(live_server, team_l1):
    from playwright.sync_api import expect

    agent = make_user(Role.AGENT, [team_l1], last_name="Смирнова")
    ticket, message = _ticket_with_pixel(team_l1)
    remote: list[str] = []

    def answer(route):
        if "example" in route.request.url and not route.request.url.startswith(live_server.url):
            remote.append(route.request.url)
            return route.fulfill(status=200, content_type="image/png", body=_logo_png())
        return route.continue_()

    with browser_page() as page:
        page.route("**/*", answer)
        sign_in(page, live_server.url, agent, next_path=f"/tickets/{ticket.pk}/")
        expect(page.locator(".msg-images")).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert remote == []
        page.locator(f"#m{message.pk}").screenshot(path=SHOTS / "otklik-remote-images-blocked.png")
        page.screenshot(path=SHOTS / "otklik-remote-images-page.png", full_page=True)

        page.click(f"#m{message.pk} .load-images")
        expect(page.locator(f"#m{message.pk} img[alt='Логотип']")).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert sorted(url.split("/")[2] for url in remote) == ["cdn.shop.example", "track.example.com"]
        assert page.locator(f"#m{message.pk} .msg-images").count() == 0
        page.locator(f"#m{message.pk}").screenshot(path=SHOTS / "otklik-remote-images-loaded.png")


def _logo_png() -> bytes:
    """A 96×32 accent-blue PNG, made here so the test needs no file."""
    import struct
    import zlib

    width, height = 96, 32
    rows = b"".join(b"\x00" + bytes((36, 87, 197)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
