"""The bare-SQLite ceiling: an appeal's own writes, replayed with the sqlite3 module alone.

``python -m bench.ceiling DB SECONDS`` (run with Otklik's interpreter, on a copy of a bench database):

1. *capture* (a child process with Django set up): one appeal goes through ``ticket_open`` as the API
   sends it, and every INSERT and UPDATE it executes is recorded with its parameters;
2. *replay* (a fresh child process that imports only ``sqlite3``): for SECONDS, the same statements
   run again in a loop, one ``BEGIN IMMEDIATE`` … ``COMMIT`` per appeal, on one connection with
   Otklik's PRAGMAs (WAL, synchronous=NORMAL, foreign keys, its cache size and checkpoint interval).
   Each appeal gets a new customer e-mail; the rows' ids are the ones SQLite hands out, and each
   foreign key column points at the row written earlier in the same appeal.

What the replay leaves out is what makes it a ceiling: no HTTP, no Django, no reads (the customer
lookup, the token, the routing), no classifier, no task queue, one writer. Prints JSON.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

PRAGMAS = (
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32000;"
    "PRAGMA wal_autocheckpoint=10000;"
)


def capture() -> dict:
    """Statements one API appeal of a new customer writes, with each column's foreign-key target table."""
    import uuid

    import django

    django.setup()
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import connection

    from otklik.core.actor import Actor
    from otklik.desk import services

    fk_target = {}  # (table, column) -> table it points at
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            target = f.related_model if f.is_relation else None
            if target is not None and not isinstance(target, str):
                fk_target[(model._meta.db_table, f.column)] = target._meta.db_table
    writes: list[tuple[str, list]] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip()[:6].upper() in {"INSERT", "UPDATE"}:
            writes.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    email = f"ceiling-{uuid.uuid4().hex[:12]}@example.com"
    user = get_user_model().objects.get(username="bench")
    appeal = services.Appeal(
        who=services.ContactRef(email=email, name="Покупатель 1"), channel="api",
        subject="Заказ 1 не доставлен",
        body="Здравствуйте! Мой заказ 1 должен был прийти вчера, но его всё ещё нет. Проверьте, пожалуйста.",
    )  # fmt: skip
    with connection.execute_wrapper(record):
        services.ticket_open(appeal=appeal, actor=Actor.of(user, "api"))
    out = []
    for sql, params in writes:
        table = re.match(r'\s*(?:INSERT INTO|UPDATE)\s+"(\w+)"', sql).group(1)  # type: ignore[union-attr]
        if sql.lstrip().upper().startswith("INSERT"):
            columns = re.findall(r'"(\w+)"', sql.split("(", 1)[1].split(")", 1)[0])
            where_id = None
        else:
            columns = re.findall(r'"(\w+)" = %s', sql.split(" WHERE ", 1)[0])
            where_id = len(columns) if re.search(r'WHERE "\w+"\."id" = %s\s*$', sql) else None
        out.append({
            "sql": sql.replace("%s", "?"), "table": table, "params": params, "where_id": where_id,
            "fk": {i: fk_target[(table, c)] for i, c in enumerate(columns) if (table, c) in fk_target},
        })  # fmt: skip
    return {"email": email, "statements": out}


def replay(db: str, captured: dict, seconds: float) -> dict:
    """The loop itself: sqlite3 only."""
    import sqlite3

    statements, captured_email = captured["statements"], captured["email"]
    con = sqlite3.connect(db, isolation_level=None, timeout=20)
    con.executescript(PRAGMAS)
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        email = captured_email.replace("@", f"-{done}@")
        # A foreign key or WHERE id naming a table this appeal wrote points at the row it wrote now.
        new_ids: dict[str, int] = {}
        con.execute("BEGIN IMMEDIATE")
        for st in statements:
            params = [p.replace(captured_email, email) if isinstance(p, str) else p for p in st["params"]]
            for i, table in st["fk"].items():
                if params[int(i)] is not None and table in new_ids:
                    params[int(i)] = new_ids[table]
            if st["where_id"] is not None and st["table"] in new_ids:
                params[st["where_id"]] = new_ids[st["table"]]
            row = con.execute(st["sql"], params).fetchone()
            if row is not None and st["sql"].lstrip().upper().startswith("INSERT"):
                new_ids[st["table"]] = row[0]
        con.execute("COMMIT")
        done += 1
    elapsed = time.perf_counter() - started
    con.close()
    return {"appeals": done, "seconds": elapsed, "per_second": done / elapsed,
            "statements": len(statements), "tables": sorted({st["table"] for st in statements})}  # fmt: skip


def main(argv: list[str]) -> int:
    if argv[0] == "--capture":
        json.dump(capture(), sys.stdout, ensure_ascii=False, default=str)
        return 0
    if argv[0] == "--replay":
        print(json.dumps(replay(argv[1], json.loads(sys.stdin.read()), float(argv[2]))))
        return 0
    db, seconds = argv[0], argv[1]
    env = dict(os.environ)
    captured = subprocess.run([sys.executable, "-m", "bench.ceiling", "--capture"], env=env, check=True,
                              capture_output=True, text=True).stdout  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "bench.ceiling", "--replay", db, seconds], input=captured,
                            check=True, capture_output=True, text=True).stdout  # fmt: skip
    print(result.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
