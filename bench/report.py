"""The result as Markdown: printed to stdout and written to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from bench.httpload import LoadResult, percentile
from bench.systems import ALT_THREADS, GTHREADS

GOAL = 3.0


def _p(res: LoadResult | None, q: float) -> float:
    return percentile(sorted(res.latencies), q) * 1000 if res and res.latencies else float("nan")


def _fmt(value: float, digits: int = 1) -> str:
    return "—" if value != value else f"{value:,.{digits}f}"


def _ratio(value: float) -> str:
    if value != value:
        return "—"
    return f"**{value:.1f}×**" + (" ✓" if value >= GOAL else " ✗")


def _by_setup(result: Any) -> str:
    """Each setup's median run, with every round's run in brackets."""
    return (
        "; ".join(
            f"{label}: {result.create_by_setup[label].rps:.1f} ({', '.join(f'{r.rps:.1f}' for r in runs)})"
            for label, runs in sorted(result.create_runs.items())
        )
        or "—"
    )


def _find(results: list[Any], system: str, engine: str) -> Any:
    return next((r for r in results if r.system == system and r.engine == engine), None)


def _engine_section(bench: Any, engine: str) -> list[str]:
    otk, peer = _find(bench.results, "Otklik", engine), _find(bench.results, "django-helpdesk", engine)
    if otk is None or peer is None:
        return [f"### {engine}", "", bench.skipped.get(engine, "not run"), ""]
    title = "SQLite (WAL)" if engine == "sqlite" else "PostgreSQL"
    lines = [f"### {title}", ""]
    lines += [
        f"Tickets in the database before the run: Otklik {otk.tickets:,}, django-helpdesk {peer.tickets:,}.",
        "",
        "| metric | Otklik | django-helpdesk | Otklik advantage |",
        "|---|---:|---:|---:|",
    ]
    oc, pc = otk.create, peer.create
    lines.append(
        f"| ticket creation, req/s ({oc.requests if oc else 0} requests, {bench.cfg.concurrency} clients) "
        f"| {_fmt(oc.rps if oc else float('nan'))} | {_fmt(pc.rps if pc else float('nan'))} "
        f"| {_ratio((oc.rps / pc.rps) if oc and pc and pc.rps else float('nan'))} |"
    )
    lines.append(f"| creation errors | {oc.errors if oc else '—'} | {pc.errors if pc else '—'} | |")
    if otk.create_by_setup or peer.create_by_setup:
        lines.append(
            "| creation by threads per worker and worker class: median req/s (each round) — the best median "
            "counts above | " + " | ".join(_by_setup(r) for r in (otk, peer)) + " | |"
        )
    lines.append(f"| creation latency p50 / p95, ms | {_fmt(_p(oc, 50))} / {_fmt(_p(oc, 95))} "
                 f"| {_fmt(_p(pc, 50))} / {_fmt(_p(pc, 95))} | |")  # fmt: skip
    for label in otk.lists.get("API", {}):
        o, p = otk.lists["API"][label], peer.lists.get("API", {}).get(label)
        for q in (50, 95):
            lines.append(
                f"| list {label}, p{q} ms — API | {_fmt(_p(o, q))} | {_fmt(_p(p, q))} "
                f"| {_ratio(_p(p, q) / _p(o, q) if o and p and o.latencies and p.latencies else float('nan'))} |"
            )
    for label, p in peer.lists.get("UI feed", {}).items():
        o = otk.lists["API"].get(label)
        for q in (50, 95):
            lines.append(
                f"| list {label}, p{q} ms — peer's staff list feed | {_fmt(_p(o, q))} | {_fmt(_p(p, q))} "
                f"| {_ratio(_p(p, q) / _p(o, q) if o and p and o.latencies and p.latencies else float('nan'))} |"
            )
    samples = []
    for r in (otk, peer):
        for kind, pages in r.lists.items():
            samples.append(
                f"{r.system} {kind}: " + ", ".join(f"{k} n={v.ok} (errors {v.errors})" for k, v in pages.items())
            )
    lines += ["", "Timed list requests per page: " + "; ".join(samples) + ".", ""]
    lines.append(f"Data loading: Otklik — {otk.loader}, {otk.load_seconds:.0f} s; "
                 f"django-helpdesk — {peer.loader}, {peer.load_seconds:.0f} s.")  # fmt: skip
    lines.append(
        "1-minute load average as each phase began (the machine has "
        f"{os.cpu_count()} CPUs; anything well above the bench's own load means other work shared the machine): "
        + "; ".join(f"{r.system} " + ", ".join(f"{k} {v:.1f}" for k, v in r.load.items()) for r in (otk, peer))
        + "."
    )
    for r in (otk, peer):
        if r.create and r.create.error_samples:
            lines += ["", f"{r.system} creation error samples: " + "; ".join(f"`{s}`" for s in r.create.error_samples)]
    lines.append("")
    return lines


def render(bench: Any, info: dict[str, str]) -> str:
    cfg = bench.cfg
    server = bench.server
    server_desc = {
        "uvicorn": f"uvicorn, {cfg.workers} worker processes (`python -m uvicorn …asgi:application`, same flags for both)",
        "gunicorn-sync": f"gunicorn, {cfg.workers} sync worker processes (WSGI)",
        "gunicorn-gthread": f"gunicorn, {cfg.workers} threaded worker processes × {GTHREADS} threads, creation also at "
        f"{ALT_THREADS} threads (WSGI; Otklik through `otklik run --no-worker --web-workers {cfg.workers} --web-threads "
        f"{GTHREADS}`, whose worker accepts a connection only with a thread free; the peer through gunicorn with the "
        "same flags, with gunicorn's stock gthread worker and with Otklik's)",
    }[server]
    out = [
        "# Benchmarks: Otklik and django-helpdesk",
        "",
        "Generated by `make bench` (`.venv/bin/python -m bench.run`); every number below was measured by that run. "
        "Re-run it to refresh this page; `python -m bench.run --quick` is a smoke run (10,000 tickets) that writes "
        "`bench/.work/benchmarks-quick.md` instead, `--only sqlite|postgres` runs one database.",
        "",
        f"Run finished {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in info.items()],
        f"| command | `make bench` ({cfg.tickets:,} tickets, {cfg.requests:,} creations, {cfg.concurrency} clients) |",
        f"| application server | {server_desc} |",
        "",
        "## Results",
        "",
        f"Goal: Otklik ≥ {GOAL:.0f}× the peer's creation throughput and ≥ {GOAL:.0f}× lower list latency "
        "(the last column is Otklik's advantage: its req/s ÷ the peer's, or the peer's latency ÷ Otklik's).",
        "",
    ]
    for engine in cfg.engines:
        out += _engine_section(bench, engine)
    if bench.probe:
        out += [
            "### Application server comparison (Otklik, SQLite, empty database)",
            "",
            "| server | creation req/s | errors |",
            "|---|---:|---:|",
            *[f"| {k} | {_fmt(v.rps)} | {v.errors} |" for k, v in bench.probe.items()],
            "",
            f"The fastest, **{server}**, served both systems for every measurement above.",
            "",
        ]
    out += METHOD.format(workers=cfg.workers, concurrency=cfg.concurrency, requests=cfg.requests, threads=GTHREADS,
                         alt_threads=ALT_THREADS, rounds=cfg.create_rounds, list_requests=cfg.list_requests,
                         budget=cfg.list_budget, warmup=cfg.warmup).splitlines()  # fmt: skip
    return "\n".join(out).rstrip() + "\n"


METHOD = """
## What is measured, and how

Both systems run on the same machine in the same run, one after the other, each with its own database
on the same engine, behind the same application server with the same number of worker processes
({workers}), bound to 127.0.0.1. The load client is one asyncio process speaking HTTP/1.1 with
keep-alive on raw sockets (`bench/httpload.py`), chosen because on a small machine the client shares
the CPU with the servers; it is the same code for both systems.

**Ticket creation.** {concurrency} concurrent connections send {requests} requests (after a warm-up of
two requests per connection, not counted); req/s is successful creations divided by wall time; every
non-2xx answer or socket error counts as an error. Each request names a new customer email. Creation
runs in {rounds} round(s), and within a round the two systems take turns (Otklik, then the peer, each on
a freshly started server), so both are timed in the same minutes of a machine whose speed drifts. Behind
gunicorn's threaded workers every round times both systems with {threads} and with {alt_threads} threads
per worker process. Otklik runs as `otklik run` serves it, through its own gthread worker class that
accepts a connection only while it has a thread free (`otklik/core/gunicorn_worker.py`): gunicorn's stock
gthread worker accepts whatever it is woken for, so clients that connect at the same moment and keep
their connections often all land on one worker process, whose threads then share one core. The peer is
timed behind both gunicorn's stock worker and that one. Each setup's median round is kept, and each
system's best setup is the one compared: neither system is held to a setting that suits only the other.

* Otklik: `POST /api/v1/tickets` with `{{"customer": {{"email", "name"}}, "subject", "body"}}` and
  `Authorization: Bearer <token>` (a supervisor made with `agent_create`, token from `otklik api-token`).
  One request resolves or creates the customer and its contact, writes the ticket, the first message and
  the audit events, in one transaction.
* django-helpdesk: its DRF API, `POST /api/tickets/` with `{{"queue", "title", "description",
  "submitter_email", "priority"}}`, authenticated with DRF `TokenAuthentication` (`Authorization: Token …`;
  basic auth would spend every request in PBKDF2). The API validates through its `TicketForm`, which writes
  the ticket and the "Ticket Opened" follow-up and renders the notification e-mails (sent to Django's dummy
  e-mail backend: no SMTP in a benchmark).

**Ticket list.** One client, requests one after another: {warmup} warm-up requests, then up to
{list_requests} timed requests per page, stopping early after {budget:.0f} s (never fewer than 3; the warm-up
stops after a quarter of that), so a slow page cannot stall the run; the sample size is printed with the results.

* Otklik: `GET /api/v1/tickets?limit=25` (newest change first), `&status=open`, and page 2 through the
  `next_cursor` of the first page.
* django-helpdesk REST API: `GET /api/tickets/` (its pagination: 25 per page, ordered by id),
  `?status=1` (Open); no page 2, as each request already scans the whole table. Its
  `TicketViewSet.get_queryset` loops over every accessible ticket
  to call `set_custom_field_values()` before paging, so this endpoint's cost grows with the table.
* django-helpdesk staff ticket list feed: `GET /datatables_ticket_list/<query>?start=0&length=25`, the
  JSON the staff ticket-list page loads (server-side paging, newest first, session cookie auth); the
  open filter is `status__in=[Open, Reopened]` and page 2 is `start=25`. Reported too because it is the
  peer's own paged list and does not have the API's whole-table loop.

**Data.** Otklik's tickets come from the project's demo generator (`otklik demo --tickets N --seed 1`).
django-helpdesk has no generator, so the bench loads it with `bulk_create` through its models
(`bench/peer_files.py`, `LOADER`): one queue, N tickets spread over a year (20% Open, 3% Reopened, 15%
Resolved, 60% Closed, 2% Duplicate) and one "Ticket Opened" follow-up each.

**Databases.** SQLite: a file per system under `bench/.work/`, both with Otklik's settings (WAL,
synchronous=NORMAL, busy_timeout 30 s, WAL checkpoint every 10,000 pages, IMMEDIATE transactions). PostgreSQL: a throwaway cluster the bench
creates with `initdb` in `bench/.work/pg` (as the `postgres` system user when run as root), started on a
free loopback port with shared_buffers=256MB, one database per system, CONN_MAX_AGE=60 for both, stopped
at the end.

**django-helpdesk** is installed from PyPI (latest) into its own virtualenv `bench/.work/peer-venv`, in a
minimal project written at run time (`bench/peer_files.py`: django.contrib.sites and humanize,
rest_framework with authtoken, helpdesk; teams mode off), migrated with its own migrations.

**Application server.** By default both systems run behind gunicorn's threaded workers, which is what
`otklik run` uses. `--server auto` first creates tickets in Otklik (SQLite, empty database) behind
uvicorn, gunicorn sync workers and gunicorn gthread workers and uses the fastest for both systems;
`--server uvicorn|gunicorn-sync` forces one.
"""
