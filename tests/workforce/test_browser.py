"""One real-browser pass through the staffing pages as a supervisor; screenshots in /tmp for a look."""

from __future__ import annotations

from pathlib import Path

from otklik.accounts.models import Role
from tests.browser import SHOTS, browser_page, needs_chromium, sign_in
from tests.factories import make_user

PROFILE = Path(__file__).resolve().parents[2] / "otklik" / "workforce" / "static" / "workforce" / "profile-example.csv"


@needs_chromium
def test_supervisor_plans_staff_in_the_browser(live_server, db):
    from playwright.sync_api import expect

    supervisor = make_user(Role.SUPERVISOR, last_name="Петрова")
    with browser_page(height=900) as page:
        sign_in(page, live_server.url, supervisor, next_path="/staffing/")
        expect(page.locator("svg.chart-line")).to_be_visible()
        page.fill("#id_arrivals", "100")
        page.fill("#id_aht", "180")
        page.click("button.primary")
        expect(page.locator(".wf-figure.main dd").first).to_contain_text("14")
        page.screenshot(path=SHOTS / "otklik-staffing-calculator.png", full_page=True)

        page.click("a[href='/staffing/plan/']")
        page.check("input[name=source][value=csv]")
        page.set_input_files("#id_profile", str(PROFILE))
        page.click("button.primary")
        expect(page.locator("svg.chart-columns")).to_be_visible()
        page.screenshot(path=SHOTS / "otklik-staffing-plan.png", full_page=True)
        with page.expect_download() as download:
            page.click("button[name=export]")
        assert download.value.suggested_filename == "staffing-plan.xlsx"

        page.click("a[href='/staffing/structure/']")
        expect(page.locator("svg.chart-bars")).to_be_visible()
        page.screenshot(path=SHOTS / "otklik-staffing-structure.png", full_page=True)
