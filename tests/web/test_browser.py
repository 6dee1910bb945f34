"""One real-browser pass through the desk: sign in, list, ticket, reply."""

from __future__ import annotations

import re

from otklik.accounts.models import Role
from otklik.core.actor import Actor
from otklik.desk import services
from tests.browser import SHOTS, browser_page, needs_chromium, sign_in
from tests.factories import make_user, open_ticket


def _sample_tickets(team, agent):
    kinds = [
        ("Двойное списание за заказ 4471", "claim", "urgent"),
        ("Курьер опоздал на два часа", "complaint", "high"),
        ("Как изменить адрес доставки?", "question", "normal"),
        ("Спасибо Ольге за помощь!", "gratitude", "low"),
        ("Сделайте шрифт в приложении крупнее", "suggestion", "normal"),
        ("Не приходит код подтверждения", "", "normal"),
    ]
    tickets = [open_ticket(team, subject=s, kind=k, priority=p, kind_confidence=0.82) for s, k, p in kinds]
    services.ticket_assign(ticket=tickets[1], actor=Actor.of(agent), assignee=agent)
    services.ticket_add_note(ticket=tickets[0], actor=Actor.of(agent), body_text="Проверить выписку по карте.")
    return tickets[0]


@needs_chromium
def test_sign_in_open_ticket_and_reply(live_server, team_l1):
    from playwright.sync_api import expect

    agent = make_user(Role.AGENT, [team_l1], last_name="Смирнова")
    ticket = _sample_tickets(team_l1, agent)
    with browser_page() as page:
        page.goto(f"{live_server.url}/")
        expect(page).to_have_url(f"{live_server.url}/login/?next=/")
        sign_in(page, live_server.url, agent)

        expect(page.locator("table.tickets tbody tr")).to_have_count(6)
        page.screenshot(path=SHOTS / "otklik-list.png", full_page=True)

        # The filters refresh the results in place (vendored htmx) and keep the URL shareable.
        page.select_option("#filter-kind", "claim")
        expect(page.locator("table.tickets tbody tr")).to_have_count(1)
        expect(page).to_have_url(f"{live_server.url}/?q=&status=active&kind=claim&team=&assignee=&flag=")

        page.click(f"a[href='/tickets/{ticket.pk}/'] >> nth=1")
        expect(page.locator("h1")).to_contain_text("Двойное списание")
        page.fill("#reply-body", "Мы вернём деньги в течение 10 дней.")
        page.select_option("#reply-status", "pending_customer")
        page.click("#reply button[type=submit]")

        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator(".msg-outbound")).to_contain_text("Мы вернём деньги в течение 10 дней.")
        page.screenshot(path=SHOTS / "otklik-ticket.png", full_page=True)


@needs_chromium
def test_triage_shows_the_reading_and_a_confirmation_clears_it(live_server, team_l1, settings):
    from playwright.sync_api import expect

    settings.CLASSIFY_TRIAGE_BELOW = 1.0  # every new ticket waits for a person
    agent = make_user(Role.AGENT, [team_l1])
    ticket = open_ticket(team_l1, subject="Заказ № 45-778812",
                         body="Курьер не привёз заказ, а деньги списали 3 400 ₽. Верните их, пожалуйста.")  # fmt: skip
    with browser_page() as page:
        sign_in(page, live_server.url, agent)
        page.click("nav.topnav a[href='/?flag=triage']")
        expect(page.locator("table.tickets tbody tr")).to_have_count(1)
        expect(page.locator("table.tickets .flag-triage")).to_be_visible()

        page.click(f"a[href='/tickets/{ticket.pk}/'] >> nth=1")
        reading = page.locator(".classification")
        expect(reading).to_contain_text(re.compile(r"3[,\xa0]400 RUB"))  # grouped as the browser's language does
        expect(reading).to_contain_text("45-778812")
        expect(reading.locator("q").first).to_be_visible()
        page.screenshot(path=SHOTS / "otklik-triage-ticket.png", full_page=True)

        page.select_option("#kind-kind", "claim")
        page.click("form[action$='/kind/'] button[type=submit]")
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator(".classification .flag-triage")).to_have_count(0)
        page.goto(f"{live_server.url}/?flag=triage")
        expect(page.locator("table.tickets tbody tr")).to_have_count(0)
