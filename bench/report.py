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


def _by_setup(result: Any) -> list[str]:
    """Each setup's median round: req/s, server CPU-ms per creation; every round's req/s in brackets."""
    out = []
    for label, runs in sorted(result.create_runs.items()):
        med = result.create_by_setup[label]
        db = f" + database {_fmt(med.db_cpu_ms)}" if med.db_cpu is not None else ""
        out.append(f"{label}: {med.rps:.1f} req/s ({', '.join(f'{r.rps:.1f}' for r in runs)}), "
                   f"{_fmt(med.cpu_ms)}{db} CPU-ms")  # fmt: skip
    return out


def _find(results: list[Any], system: str, engine: str) -> Any:
    return next((r for r in results if r.system == system and r.engine == engine), None)


def _label_of(result: Any, run: LoadResult | None) -> str:
    return next((label for label, r in result.create_by_setup.items() if r is run), "—")


def _creation_table(bench: Any, otk: Any, peer: Any) -> list[str]:
    oc = otk.create
    cols = [("Otklik", otk, oc)] + [
        (f"django-helpdesk, e-mail {e}", peer, peer.create_by_email.get(e)) for e in ("off", "on")
    ]
    nan = float("nan")
    pg = any(c and c.db_cpu is not None for _, _, c in cols)

    def row(name: str, cell) -> str:  # type: ignore[no-untyped-def]
        return f"| {name} | " + " | ".join(cell(c) if c else "—" for _, _, c in cols) + " |"

    lines = ["| creation | " + " | ".join(name for name, _, _ in cols) + " |", "|---|" + "---:|" * len(cols)]
    lines.append(row(f"tickets created per second (median of {bench.cfg.create_rounds} rounds of "
                     f"{bench.cfg.duration:.0f} s, best setup)", lambda c: f"**{c.rps:.1f}**"))  # fmt: skip
    lines.append("| Otklik's advantage | | " + " | ".join(
        _ratio(oc.rps / c.rps if oc and c and c.rps else nan) for _, _, c in cols[1:]) + " |")  # fmt: skip
    lines.append(row("server CPU-ms per creation (web processes, and Otklik's worker)", lambda c: _fmt(c.cpu_ms)))
    if pg:
        lines.append(row("PostgreSQL server CPU-ms per creation", lambda c: _fmt(c.db_cpu_ms)))
    lines.append(row("latency p50 / p95, ms", lambda c: f"{_fmt(_p(c, 50))} / {_fmt(_p(c, 95))}"))
    lines.append(row("created in that round (errors)", lambda c: f"{c.ok:,} ({c.errors})"))
    lines.append(row("servers quiet after the round's last answer, s", lambda c: f"{c.settle_seconds:.1f}"))
    lines.append("| best setup (threads per worker, worker class) | "
                 + " | ".join(_label_of(r, c) if c else "—" for _, r, c in cols) + " |")  # fmt: skip
    return lines


def _list_table(otk: Any, peer: Any) -> list[str]:
    lines = [
        "| ticket list, one client | Otklik (API) p50 / p95 ms | django-helpdesk (staff list feed) p50 / p95 ms "
        "| Otklik's advantage p50 / p95 |",
        "|---|---:|---:|---:|",
    ]
    for label, p in peer.lists.get("UI feed", {}).items():
        o = otk.lists.get("API", {}).get(label)
        ratios = []
        for q in (50, 95):
            ok = o and p and o.latencies and p.latencies
            ratios.append(_ratio(_p(p, q) / _p(o, q) if ok else float("nan")))
        lines.append(f"| {label} | {_fmt(_p(o, 50))} / {_fmt(_p(o, 95))} | {_fmt(_p(p, 50))} / {_fmt(_p(p, 95))} "
                     f"| {' / '.join(ratios)} |")  # fmt: skip
    return lines


def _engine_section(bench: Any, engine: str) -> list[str]:
    otk, peer = _find(bench.results, "Otklik", engine), _find(bench.results, "django-helpdesk", engine)
    if otk is None or peer is None:
        return [f"### {engine}", "", bench.skipped.get(engine, "not run"), ""]
    title = "SQLite (WAL)" if engine == "sqlite" else "PostgreSQL"
    lines = [f"### {title}", ""]
    lines += [
        f"Tickets in the database before the run: Otklik {otk.tickets:,}, django-helpdesk {peer.tickets:,}.",
        "",
        *_creation_table(bench, otk, peer),
        "",
        "Every setup, its median round (req/s in each round in brackets) and server CPU-ms per creation: "
        + "; ".join(f"{r.system} — " + "; ".join(_by_setup(r)) for r in (otk, peer))
        + ".",
        "",
    ]
    if engine == "sqlite" and bench.ceiling and otk.create:
        c = bench.ceiling
        lines += [
            f"**Bare-SQLite ceiling on Otklik's schema:** {c['per_second']:,.0f} appeals/s — the {c['statements']} "
            f"writes of one API appeal ({', '.join(c['tables'])}), replayed by the sqlite3 module in one process "
            f"for {c['seconds']:.0f} s on a copy of this database (`bench/ceiling.py`). Otklik's HTTP creation "
            f"above is {otk.create.rps / c['per_second'] * 100:.0f}% of it (1-minute load average "
            f"{c['load']:.1f} as it began).",
            "",
        ]
    lines += [*_list_table(otk, peer), ""]
    rest = peer.lists.get("API", {}).get("first page")
    o = otk.lists.get("API", {}).get("first page")
    if rest is not None:
        lines += [
            f"Footnote — django-helpdesk's REST list (`GET /api/tickets/`, first page): p50 {_fmt(_p(rest, 50))} ms, "
            f"p95 {_fmt(_p(rest, 95))} ms (n={rest.ok}, errors {rest.errors}), against Otklik's API "
            f"{_fmt(_p(o, 50))} ms. Not a headline: its view calls `set_custom_field_values()` on every ticket "
            "before paging (an N+1 over the whole table, an upstream defect), so it measures that defect more "
            "than the design.",
            "",
        ]
    samples = []
    for r in (otk, peer):
        for kind, pages in r.lists.items():
            samples.append(
                f"{r.system} {kind}: " + ", ".join(f"{k} n={v.ok} (errors {v.errors})" for k, v in pages.items())
            )
    lines += ["Timed list requests per page: " + "; ".join(samples) + ".", ""]
    lines.append(f"Data loading: Otklik — {otk.loader}, {otk.load_seconds:.0f} s; "
                 f"django-helpdesk — {peer.loader}, {peer.load_seconds:.0f} s.")  # fmt: skip
    lines.append(
        "1-minute load average as each phase began (the machine has "
        f"{os.cpu_count()} CPUs; anything well above the bench's own load means other work shared the machine): "
        + "; ".join(f"{r.system} " + ", ".join(f"{k} {v:.1f}" for k, v in r.load.items()) for r in (otk, peer))
        + "; creation turns (both systems) "
        + (
            f"{min(otk.creation_loads + peer.creation_loads):.1f} to {max(otk.creation_loads + peer.creation_loads):.1f}"
            if otk.creation_loads or peer.creation_loads
            else "—"
        )
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
        f"{ALT_THREADS} threads (WSGI; Otklik through `otklik run --web-workers {cfg.workers} --web-threads "
        f"{GTHREADS}`, its web server and its background worker, whose gunicorn worker class accepts a connection "
        "only with a thread free; the peer through gunicorn with the same flags, with gunicorn's stock gthread "
        "worker and with Otklik's)",
    }[server]
    out = [
        "# Benchmarks: Otklik and django-helpdesk",
        "",
        "Generated by `.venv/bin/python -m bench.run` (the first step of `make bench`); every number below was "
        "measured by that run. Re-run it to refresh this page; `python -m bench.run --quick` is a smoke run "
        "(10,000 tickets, rounds of 8 s) that writes `bench/.work/benchmarks-quick.md` instead, `--only "
        "sqlite|postgres` runs one database, `--duration` and `--rounds` shape the creation rounds.",
        "",
        f"Run finished {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in info.items()],
        f"| command | `{cfg.command}` ({cfg.tickets:,} tickets, {cfg.create_rounds} creation rounds of "
        f"{cfg.duration:.0f} s per setup, {cfg.concurrency} clients) |",
        f"| application server | {server_desc} |",
        "",
        "## Results",
        "",
        f"Goal: Otklik ≥ {GOAL:.0f}× the peer's creation throughput and ≥ {GOAL:.0f}× lower list latency "
        "(Otklik's advantage: its req/s ÷ the peer's, or the peer's latency ÷ Otklik's). The peer is shown with "
        "its new-ticket e-mail off and on; Otklik sends no e-mail when a ticket opens.",
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
    out += METHOD.format(workers=cfg.workers, concurrency=cfg.concurrency, duration=cfg.duration, threads=GTHREADS,
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

**Ticket creation.** {concurrency} concurrent connections create tickets for a fixed {duration:.0f} s a
round (after a warm-up of two requests per connection, not counted): no request starts after the
{duration:.0f} s, the ones in flight finish, and req/s is successful creations divided by the wall time
until the last answer; every non-2xx answer or socket error counts as an error. Each request names a new
customer e-mail. Creation runs in {rounds} round(s), and within a round the two systems take turns (each
on a freshly started server), so both are timed in the same minutes of a machine whose speed drifts.
Behind gunicorn's threaded workers every round times both systems with {threads} and with {alt_threads}
threads per worker process. Otklik runs as `otklik run` serves it, through its own gthread worker class
that accepts a connection only while it has a thread free (`otklik/core/gunicorn_worker.py`): gunicorn's
stock gthread worker accepts whatever it is woken for, so clients that connect at the same moment and
keep their connections often all land on one worker process. The peer is timed behind both gunicorn's
stock worker and that one, each with its e-mail on and off. Each setup's median round is kept, and each
system's best setup is the one compared: neither system is held to a setting that suits only the other.

**CPU per creation.** Beside req/s, the CPU time the server's processes spent per successful creation:
`utime + stime` (and what they reaped of ended children) from `/proc/<pid>/stat` of every process the
server started — for Otklik the `otklik run` supervisor, gunicorn's master and workers and the Huey worker,
for the peer gunicorn's master and workers — read before the round and again once the processes have
gone quiet after its last answer (under 20 ms of CPU per 0.5 s, twice running), so the worker's work for
the round's tickets is counted. On PostgreSQL the database server's CPU (postmaster and backends) is shown
apart. The load client's CPU is in neither.

* Otklik: `POST /api/v1/tickets` with `{{"customer": {{"email", "name"}}, "subject", "body"}}` and
  `Authorization: Bearer <token>` (a supervisor made with `agent_create`, token from `otklik api-token`).
  One request resolves or creates the customer and its contact, classifies the message, writes the
  ticket, the first message and the audit events through the ORM in one transaction, and after commit
  enqueues the event feed's dispatch; the Huey worker (started by `otklik run`, as in production) then
  hands the new events to the feed's consumers (webhooks; none is subscribed in the bench).
  Otklik runs with production settings: DEBUG off, a `SECRET_KEY` of its own, and its per-token API rate
  limit (`API_RATE_LIMIT`) raised to 100,000,000/minute, so the limiter still counts every request in its
  shared cache, as in production, but never refuses the bench's clients. The task queue and that cache are
  the embedded SQLite files beside the database on both engines (no Redis in the bench).
* django-helpdesk: its DRF API, `POST /api/tickets/` with `{{"queue", "title", "description",
  "submitter_email", "priority"}}`, authenticated with DRF `TokenAuthentication` (`Authorization: Token …`;
  basic auth would spend every request in PBKDF2). The API validates through its `TicketForm`, which writes
  the ticket and the "Ticket Opened" follow-up and mails the submitter (the `newticket_submitter`
  template). **E-mail on:** Django's SMTP backend sends that mail to a sink on loopback
  (`bench/smtp_sink.py`, which only answers the SMTP dialogue and keeps nothing), so each creation pays for
  sending but no mail server works on the shared CPU. **E-mail off:** Django's dummy backend; helpdesk has
  no setting to skip the new-ticket mail to the submitter, so the mail is still rendered but not sent.

**Bare-SQLite ceiling** (SQLite only): `bench/ceiling.py` records the INSERTs one API appeal of a new
customer makes through `ticket_open` (customer, contact, ticket, first message, audit events), then a fresh
process replays them with the `sqlite3` module alone on a copy of Otklik's database as the creation rounds
left it: one connection with Otklik's PRAGMAs, one `BEGIN IMMEDIATE` … `COMMIT` per appeal, a new e-mail
each time, foreign keys pointing at the rows just written. No HTTP, no Django, no reads, no classifier, no
queue: the most appeals a second this schema can take on this disk and CPU with one writer.

**Ticket list.** One client, requests one after another: {warmup} warm-up requests, then up to
{list_requests} timed requests per page, stopping early after {budget:.0f} s (never fewer than 3; the warm-up
stops after a quarter of that), so a slow page cannot stall the run; the sample size is printed with the results.

* Otklik: `GET /api/v1/tickets?limit=25` (newest change first), `&status=open`, and page 2 through the
  `next_cursor` of the first page.
* django-helpdesk staff ticket list feed (the headline): `GET /datatables_ticket_list/<query>?start=0&length=25`,
  the JSON the staff ticket-list page loads (server-side paging, newest first, session cookie auth); the
  open filter is `status__in=[Open, Reopened]` and page 2 is `start=25`.
* django-helpdesk REST API (a footnote): `GET /api/tickets/`, first page only. Its
  `TicketViewSet.get_queryset` loops over every accessible ticket to call `set_custom_field_values()`
  before paging, so its cost grows with the table: an upstream N+1 defect rather than the peer's design.

**Data.** Otklik's tickets come from the project's demo generator (`otklik demo --tickets N --seed 1`).
django-helpdesk has no generator, so the bench loads it with `bulk_create` through its models
(`bench/peer_files.py`, `LOADER`): one queue, N tickets spread over a year (20% Open, 3% Reopened, 15%
Resolved, 60% Closed, 2% Duplicate) and one "Ticket Opened" follow-up each.

**Databases.** SQLite: a file per system under `bench/.work/`, both on Django's own sqlite3 backend with
Otklik's settings (WAL, synchronous=NORMAL, busy timeout 20 s, WAL checkpoint every 10,000 pages,
IMMEDIATE transactions, persistent connections). PostgreSQL: a throwaway cluster the bench creates with
`initdb` in `bench/.work/pg` (as the `postgres` system user when run as root), started on a free loopback
port with shared_buffers=256MB, one database per system, CONN_MAX_AGE=60 for both, stopped at the end.

**django-helpdesk** is installed with pip (its latest release) into its own virtualenv `bench/.work/peer-venv`, in a
minimal project written at run time (`bench/peer_files.py`: django.contrib.sites and humanize,
rest_framework with authtoken, helpdesk; teams mode off), migrated with its own migrations.

**Application server.** By default both systems run behind gunicorn's threaded workers, which is what
`otklik run` uses. `--server auto` first creates tickets in Otklik (SQLite, empty database) behind
uvicorn, gunicorn sync workers and gunicorn gthread workers and uses the fastest for both systems;
`--server uvicorn|gunicorn-sync` forces one.
"""
