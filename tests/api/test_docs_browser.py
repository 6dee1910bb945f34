"""The API docs page in a real browser: Swagger UI from the desk's own files, under its CSP."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.browser import SHOTS, browser_page, needs_chromium


@needs_chromium
def test_the_docs_page_renders_the_operations(live_server):
    from playwright.sync_api import expect

    problems: list[str] = []
    hosts: set[str] = set()
    with browser_page() as page:
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
        page.goto(f"{live_server.url}/api/v1/docs")

        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Otklik API")
        operations = page.locator(".opblock")
        expect(operations.first).to_be_visible()
        assert operations.count() >= 5
        expect(page.locator(".opblock-summary-path", has_text="/api/v1/tickets").first).to_be_visible()
        page.locator(".opblock-summary").first.click()  # one opens, so the scripts run beyond the first paint
        expect(page.locator(".opblock-body").first).to_be_visible()
        page.screenshot(path=SHOTS / "otklik-api-docs.png", full_page=False)

    assert hosts == {urlparse(live_server.url).netloc}, hosts  # nothing from another site
    assert not problems, problems  # no script error, no Content-Security-Policy violation
