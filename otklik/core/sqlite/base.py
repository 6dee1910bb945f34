"""Django's SQLite backend with a kernel lock in front of write transactions.

SQLite lets one writer in at a time. A writer that finds the lock taken sleeps in growing steps
(1, 2, 5 … 100 ms) and polls again, so under concurrent writes the lock often sits free while
every waiter sleeps: throughput drops and the slowest requests wait hundreds of milliseconds. Here
each write transaction (``BEGIN IMMEDIATE``) first takes an exclusive ``flock`` on a file beside the
database; the kernel hands it to the next waiter the moment it is released, across threads and
processes alike. SQLite's own locking stays in force underneath, so correctness does not depend on
this lock; it only decides who goes next.

Its cursor also remembers how each statement's ``%s`` placeholders became SQLite's ``?``: Django
rewrites the text with a regular expression on every execute, and an appeal runs the same eight
statements every time.
"""

from __future__ import annotations

import fcntl
import functools
import os
from typing import Any

from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX, SQLiteCursorWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper


@functools.lru_cache(maxsize=1024)
def _qmark_style(query: str) -> str:
    # What SQLiteCursorWrapper.convert_query does for positional parameters.
    return FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class CursorWrapper(SQLiteCursorWrapper):
    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None:
            return _qmark_style(query)
        return SQLiteCursorWrapper.convert_query(self, query, param_names=param_names)  # type: ignore[attr-defined,no-any-return]


class DatabaseWrapper(SQLiteDatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._write_lock_fd: int | None = None
        self._write_lock_held = False

    def create_cursor(self, name: str | None = None) -> CursorWrapper:
        return self.connection.cursor(factory=CursorWrapper)  # type: ignore[attr-defined,no-any-return]

    def _lock_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if self.is_in_memory_db() or not name:
            return None
        return name + ".writelock"

    def _acquire_write_lock(self) -> None:
        path = self._lock_path()
        if path is None or self._write_lock_held:
            return
        if self._write_lock_fd is None:
            self._write_lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._write_lock_fd, fcntl.LOCK_EX)
        self._write_lock_held = True

    def _release_write_lock(self) -> None:
        if self._write_lock_held and self._write_lock_fd is not None:
            fcntl.flock(self._write_lock_fd, fcntl.LOCK_UN)
        self._write_lock_held = False

    def _start_transaction_under_autocommit(self) -> None:
        self._acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._release_write_lock()
            if self._write_lock_fd is not None:
                os.close(self._write_lock_fd)
                self._write_lock_fd = None
