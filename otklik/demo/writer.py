"""Plain multi-row INSERTs for demo rows, on SQLite and PostgreSQL.

``Model.objects.bulk_create`` was measured first: about 60 µs a row here (model instances, per-field
preparation, SQL compilation), i.e. over a minute for the million rows of 100,000 tickets before any
ticket logic runs. ``executemany`` with rows already in the database's format costs about 14 µs
a row on SQLite, indexes included; PostgreSQL gets the rows through COPY. The rows are exactly the ones the ORM would write: the values are adapted
by the connection's own ``ops`` (datetimes, JSON), and ``insert`` refuses a column list that does
not name every concrete field, so no Django-side default can be silently skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

CHUNK = 5_000


def db_time_adapter() -> Callable[[int], Any]:
    """Whole Unix seconds → the value the connection stores for an aware datetime."""
    adapt = connection.ops.adapt_datetimefield_value
    if connection.vendor != "sqlite":
        return lambda ts: adapt(datetime.fromtimestamp(ts, UTC))
    # Django's SQLite backend writes str() of the naive UTC datetime: "YYYY-MM-DD HH:MM:SS" for
    # whole seconds. Building it from a cached date prefix is five times faster, which counts at a
    # million rows; tests/demo compares it with the ORM's own value.
    days: dict[int, str] = {}

    def sqlite_time(ts: int) -> str:
        day, rest = divmod(ts, 86_400)
        prefix = days.get(day)
        if prefix is None:
            prefix = days[day] = datetime.fromtimestamp(day * 86_400, UTC).strftime("%Y-%m-%d ")
        return f"{prefix}{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}"

    return sqlite_time


def db_json_adapter() -> Callable[[dict[str, Any]], Any]:
    if connection.vendor != "sqlite":
        return lambda value: connection.ops.adapt_json_value(value, None)
    dumps = json.dumps  # what JSONField writes on SQLite: json.dumps with no encoder
    seen: dict[tuple[str, str], str] = {}

    def sqlite_json(value: dict[str, Any]) -> str:
        # Most audit payloads are one key: {"message": 812}, {"status": "open"}. Spelled out (or
        # remembered) they cost a fraction of json.dumps, with exactly the text it would give.
        if len(value) == 1:
            ((key, item),) = value.items()
            if type(item) is int and key.isidentifier() and key.isascii():
                return f'{{"{key}": {item}}}'
            if type(item) is str:
                text = seen.get((key, item))
                if text is None:
                    text = seen[(key, item)] = dumps(value)
                return text
        return dumps(value)

    return sqlite_json


@contextmanager
def fast_sqlite() -> Iterator[None]:
    """A larger page cache while one transaction writes a million rows, so index pages stay in
    memory instead of spilling to the WAL and being read back."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size=-1000000")  # up to 1 GB, taken only as needed
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(previous)}")


def insert(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        return
    fields = {f.attname: f.column for f in model._meta.concrete_fields}
    if set(columns) != set(fields) or len(columns) != len(fields):
        raise ValueError(f"{model.__name__}: columns must be exactly {sorted(fields)}, got {sorted(columns)}")
    quote = connection.ops.quote_name
    names = ", ".join(quote(fields[c]) for c in columns)
    table = quote(model._meta.db_table)
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's bulk path: executemany costs a round trip per row.
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 - names come from model meta
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def next_id(model: type[Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(models: Sequence[type[Model]]) -> None:
    """Explicit ids do not advance PostgreSQL sequences; move them past the rows we wrote."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
