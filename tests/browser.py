"""A real browser for page tests: Debian's Chromium driven by Playwright, never a downloaded build."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are fine.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# Screenshots for a human look at the design: /tmp/otklik-*.png
SHOTS = Path(tempfile.gettempdir())
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "pw-123456"  # what tests.factories.make_user sets

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")


@contextmanager
def browser_page(width: int = 1366, height: int = 860) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def sign_in(page: Any, base_url: str, user: Any, next_path: str = "/") -> None:
    page.goto(f"{base_url}/login/?next={next_path}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
