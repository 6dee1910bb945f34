"""A writer stuck inside a transaction makes the others fail after the busy timeout, never hang."""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from otklik.core.busy import DatabaseBusyMiddleware

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


@pytest.fixture
def unblocked(django_db_blocker):
    """These tests open connections of their own to a file of their own, not the test database."""
    with django_db_blocker.unblock():
        yield


def _connect(path, timeout: float) -> DatabaseWrapper:
    # The desk's own OPTIONS (WAL, IMMEDIATE), with a short busy timeout so the test is quick.
    options = {**connection.settings_dict["OPTIONS"], "timeout": timeout}
    settings = {**connection.settings_dict, "NAME": str(path), "OPTIONS": options}
    return DatabaseWrapper(settings, alias=f"busy-test-{id(settings)}")


@sqlite_only
def test_a_stuck_writer_gives_the_next_writer_an_error_after_the_timeout(tmp_path, unblocked):
    stuck, waiting = _connect(tmp_path / "db.sqlite3", 1), _connect(tmp_path / "db.sqlite3", 1)
    stuck.cursor().execute("CREATE TABLE t (n INTEGER)")
    outcome: dict[str, object] = {}

    def write() -> None:
        waiting.inc_thread_sharing()  # made in the test's thread, used in this one
        started = time.monotonic()
        try:
            with waiting.cursor() as cursor:
                waiting.set_autocommit(False)
                cursor.execute("INSERT INTO t VALUES (2)")
        except OperationalError as exc:
            outcome["error"] = str(exc)
        outcome["waited"] = time.monotonic() - started

    stuck.set_autocommit(False)  # an open transaction that never ends (a shell, a stuck request)
    stuck._start_transaction_under_autocommit()
    stuck.cursor().execute("INSERT INTO t VALUES (1)")
    thread = threading.Thread(target=write)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the second writer hung behind the stuck one"
    assert outcome["error"] == "database is locked"
    assert outcome["waited"] >= 0.9  # it did wait for the lock first
    stuck.rollback()
    stuck.close()
    waiting.close()


@translation.override("en")
def test_a_busy_database_answers_503_with_a_clear_message():
    middleware = DatabaseBusyMiddleware(lambda request: HttpResponse())
    busy = OperationalError("database is locked")

    api = middleware.process_exception(RequestFactory().post("/api/v1/tickets"), busy)
    assert api is not None and api.status_code == 503 and api["Retry-After"] == "5"
    body = json.loads(api.content)
    assert body["error"] == "busy" and "try again" in body["message"]

    page = middleware.process_exception(RequestFactory().post("/tickets/1/reply"), busy)
    assert page is not None and page.status_code == 503 and b"try again" in page.content

    other = middleware.process_exception(RequestFactory().get("/"), OperationalError("no such table: x"))
    assert other is None  # every other database error stays an error
