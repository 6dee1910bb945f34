"""The SQLite backend queues write transactions on a kernel lock instead of sleeping and polling."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from otklik.core.sqlite.base import DatabaseWrapper


@pytest.fixture
def unblocked(django_db_blocker):
    """These tests open their own connections to files of their own, not the test database."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path) -> DatabaseWrapper:
    settings = {**connection.settings_dict, "NAME": str(path), "ENGINE": "otklik.core.sqlite"}
    settings["OPTIONS"] = {**settings.get("OPTIONS", {}), "transaction_mode": "IMMEDIATE"}
    return DatabaseWrapper(settings, alias=f"lock-test-{id(settings)}")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_a_second_writer_waits_for_the_first_and_then_goes_at_once(tmp_path, unblocked):
    first, second = _wrapper(tmp_path / "db.sqlite3"), _wrapper(tmp_path / "db.sqlite3")
    first.ensure_connection()
    first.cursor().execute("CREATE TABLE t (n INTEGER)")
    started = {}

    def write_second() -> None:
        second.inc_thread_sharing()  # created in the test's thread, used in this one
        second.ensure_connection()
        second._start_transaction_under_autocommit()
        started["at"] = time.monotonic()
        second.cursor().execute("INSERT INTO t VALUES (2)")
        second._commit()
        second.close()

    first._start_transaction_under_autocommit()
    first.cursor().execute("INSERT INTO t VALUES (1)")
    thread = threading.Thread(target=write_second)
    thread.start()
    time.sleep(0.3)
    assert "at" not in started  # queued behind the first writer
    released = time.monotonic()
    first._commit()
    thread.join(timeout=10)
    assert started["at"] - released < 0.05  # handed over at once, no polling sleep
    assert first.cursor().execute("SELECT count(*) FROM t").fetchone()[0] == 2
    first.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_a_failed_transaction_releases_the_lock(tmp_path, unblocked):
    first, second = _wrapper(tmp_path / "db.sqlite3"), _wrapper(tmp_path / "db.sqlite3")
    first.ensure_connection()
    first._start_transaction_under_autocommit()
    first._rollback()
    second.ensure_connection()
    second._start_transaction_under_autocommit()  # would block forever if the lock were kept
    second._commit()
    first.close()
    second.close()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT 1",
        "SELECT * FROM t WHERE a = %s AND b IN (%s, %s)",
        "SELECT '100%%' FROM t WHERE a LIKE %s",
        "SELECT '%%s' || %s",
    ],
)
def test_the_cursor_rewrites_placeholders_exactly_as_django_does(query: str) -> None:
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    from otklik.core.sqlite.base import CursorWrapper

    assert CursorWrapper.convert_query(None, query) == SQLiteCursorWrapper.convert_query(None, query)  # type: ignore[arg-type]
    assert CursorWrapper.convert_query(None, query) == CursorWrapper.convert_query(None, query)  # type: ignore[arg-type]
    named = "SELECT %(a)s"
    assert CursorWrapper.convert_query(None, named, param_names=["a"]) == "SELECT :a"  # type: ignore[arg-type]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
@pytest.mark.django_db
def test_queries_run_through_the_caching_cursor() -> None:
    from otklik.core.sqlite.base import CursorWrapper

    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, CursorWrapper)
        cursor.execute("SELECT %s, '50%%'", [7])
        assert cursor.fetchone() == (7, "50%")
