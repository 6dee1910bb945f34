"""One real-browser pass through the staffing pages as a supervisor; screenshots in /tmp for a look."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from otklik.accounts.models import Role
from tests.conftest import make_user
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = Path(tempfile.gettempdir())
PROFILE = Path(__file__).resolve().parents[2] / "otklik" / "workforce" / "static" / "workforce" / "profile-example.csv"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_supervisor_plans_staff_in_the_browser(live_server, db):
    from playwright.sync_api import expect, sync_playwright

    supervisor = make_user(Role.SUPERVISOR, last_name="Петрова")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"{live_server.url}/login/?next=/staffing/")
            page.fill("input[name=username]", supervisor.username)
            page.fill("input[name=password]", "pw-123456")
            page.click("button[type=submit].primary")
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
        finally:
            browser.close()
