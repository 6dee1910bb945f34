"""``python -m bench.run``: ticket creation throughput and ticket-list latency, Otklik vs django-helpdesk.

See docs/benchmarks.md for what is measured and how. Options: ``--quick`` for a smoke run,
``--only sqlite|postgres``, ``--duration`` and ``--rounds`` for the creation rounds, ``--server``.

A full run (100,000 tickets, 3 rounds of 20 s per setup, both databases) takes about 50 minutes on
two cores: each round serves Otklik in 2 setups and the peer in 8 (threads, worker class, e-mail).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from typing import Any

from bench import cpu, httpload, machine, report
from bench.pg import Cluster, find_bin
from bench.systems import SERVER_KINDS, Database, ListPath, Otklik, Peer, Prepared, Setup
from bench.util import HOST, ROOT, WORK, Children, free_port, log, python_env, python_version, run, wait_port


@dataclass
class Config:
    tickets: int
    duration: float
    concurrency: int
    list_requests: int
    list_budget: float
    warmup: int
    create_rounds: int
    ceiling_seconds: float
    workers: int
    server: str
    engines: list[str]
    write_docs: bool
    command: str


@dataclass
class SystemResult:
    system: str
    engine: str
    server: str
    tickets: int = 0
    loader: str = ""
    load_seconds: float = 0.0
    create: httpload.LoadResult | None = None
    # Creation runs for each setup tried behind gthread (threads per worker, worker class, the peer's
    # e-mail), keyed by its label, in round order; ``create_by_setup`` holds the median run of each,
    # ``create`` the best of them, and ``create_by_email`` (the peer) the best with its e-mail on and off.
    create_runs: dict[str, list[httpload.LoadResult]] = field(default_factory=dict)
    create_by_setup: dict[str, httpload.LoadResult] = field(default_factory=dict)
    create_by_email: dict[str, httpload.LoadResult] = field(default_factory=dict)
    lists: dict[str, dict[str, httpload.LoadResult]] = field(default_factory=dict)
    note: str = ""
    load: dict[str, float] = field(default_factory=dict)
    creation_loads: list[float] = field(default_factory=list)


def parse_args(argv: list[str] | None) -> Config:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    p.add_argument("--quick", action="store_true", help="smoke run: 10,000 tickets, creation rounds of 8 s")
    p.add_argument("--only", choices=["sqlite", "postgres"])
    p.add_argument(
        "--server",
        choices=["auto", *SERVER_KINDS],
        default="gunicorn-gthread",
        help="application server for both systems (default: what `otklik run` uses); auto compares them and picks the fastest",
    )
    p.add_argument("--workers", type=int, default=max(2, len(os.sched_getaffinity(0))))
    p.add_argument("--tickets", type=int)
    p.add_argument("--duration", type=float, help="seconds each creation round runs (default 20, quick 8)")
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--rounds", type=int, help="interleaved creation rounds per thread count (default 3, quick 1)")
    p.add_argument("--list-requests", type=int, help="timed list requests per page kind")
    p.add_argument("--ceiling-seconds", type=float, help="seconds of the bare-SQLite ceiling loop (default 20)")
    p.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    a = p.parse_args(argv)
    quick = a.quick
    return Config(
        tickets=a.tickets if a.tickets is not None else (10_000 if quick else 100_000),
        duration=a.duration or (8.0 if quick else 20.0),
        concurrency=a.concurrency,
        list_requests=a.list_requests or (50 if quick else 300),
        list_budget=20.0 if quick else 60.0,
        warmup=10 if quick else 30,
        create_rounds=a.rounds or (1 if quick else 3),
        ceiling_seconds=a.ceiling_seconds or (5.0 if quick else 20.0),
        workers=a.workers,
        server=a.server,
        engines=[a.only] if a.only else ["sqlite", "postgres"],
        write_docs=not a.no_docs,
        command=" ".join([".venv/bin/python -m bench.run", *(argv if argv is not None else sys.argv[1:])]),
    )  # fmt: skip


class Bench:
    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.children = Children()
        self.otklik = Otklik()
        self.peer = Peer()
        self.results: list[SystemResult] = []
        self.probe: dict[str, httpload.LoadResult] = {}
        self.skipped: dict[str, str] = {}
        self.ceiling: dict[str, Any] = {}
        self.cluster: Cluster | None = None

    # --- servers -------------------------------------------------------------------------------
    def _serve(
        self, system: Any, prepared: Prepared, kind: str, engine: str, setup: Setup | None = None
    ) -> tuple[Any, int]:
        port = free_port()
        setup = setup or system.setups()[0]
        cmd, cwd = system.server(kind, port, self.cfg.workers, setup)
        log_path = (
            WORK / "logs" / f"{system.name}-{engine}-{kind}-{setup.label.replace(', ', '-').replace(' ', '')}.log"
        )
        shown = f" x {setup.threads} threads ({setup.worker} worker)" if kind == "gunicorn-gthread" else ""
        log(f"{system.name}/{engine}: starting {kind} with {self.cfg.workers} workers{shown} on {HOST}:{port}")
        env = {**prepared.env, **system.setup_env(setup)}
        proc = self.children.start(cmd, env=env, log_path=log_path, cwd=cwd)
        wait_port(port, 120, proc)
        return proc, port

    def _create(
        self, system: Any, prepared: Prepared, port: int, *, duration: float, server: Any = None
    ) -> httpload.LoadResult:
        """Creations from every client for ``duration`` seconds, after a warm-up; with ``server`` (its
        process), the CPU its processes and the database server spent, read once they have gone quiet."""
        if isinstance(system, Peer):
            make = system.create_request(prepared.headers, int(prepared.extra["queue"]))
        else:
            make = system.create_request(prepared.headers)
        warm = httpload.run_concurrent(
            HOST, port, make, total=self.cfg.concurrency * 2, concurrency=self.cfg.concurrency
        )
        if warm.ok == 0:
            raise RuntimeError(f"{system.name}: warm-up creations all failed: {warm.error_samples}")
        measure = server is not None and cpu.available()
        if measure:
            cpu.settle(lambda: cpu.session_seconds(server.pid))  # the warm-up's worker tasks done
            before = cpu.session_seconds(server.pid), self._db_cpu()
        res = httpload.run_concurrent(HOST, port, make, total=None, concurrency=self.cfg.concurrency, deadline=duration)
        if measure:
            res.settle_seconds = cpu.settle(lambda: cpu.session_seconds(server.pid))
            res.server_cpu = cpu.session_seconds(server.pid) - before[0]
            db_after = self._db_cpu()
            res.db_cpu = db_after - before[1] if db_after is not None and before[1] is not None else None
        return res

    def _db_cpu(self) -> float | None:
        pid = self.cluster.pid() if self.cluster is not None else None
        return cpu.tree_seconds(pid) if pid else None

    def _lists(self, prepared: Prepared, port: int, paths: list[ListPath]) -> dict[str, httpload.LoadResult]:
        out = {}
        for item in paths:
            res = httpload.run_sequential(HOST, port, item.path, prepared.headers, count=self.cfg.list_requests,
                                          warmup=self.cfg.warmup if self.cfg.list_budget > 0 else 1,
                                          budget=self.cfg.list_budget)  # fmt: skip
            lat = sorted(res.latencies)
            log(f"    {item.label:<12} n={res.ok:<4} p50={_ms(httpload.percentile(lat, 50))} "
                f"p95={_ms(httpload.percentile(lat, 95))} errors={res.errors}")  # fmt: skip
            out[item.label] = res
        return out

    # --- phases --------------------------------------------------------------------------------
    def choose_server(self) -> str:
        if self.cfg.server != "auto":
            return self.cfg.server
        log(
            f"server comparison: {self.cfg.duration:.0f} s of creations x {self.cfg.concurrency} clients on Otklik/SQLite"
        )
        prepared = self.otklik.prepare(Database("sqlite"), 0, label="-probe")
        for kind in SERVER_KINDS:
            proc, port = self._serve(self.otklik, prepared, kind, "sqlite")
            try:
                res = self._create(self.otklik, prepared, port, duration=self.cfg.duration)
            finally:
                self.children.stop(proc)
            self.probe[kind] = res
            log(f"    {kind:<17} {res.rps:7.1f} req/s, errors {res.errors}")
        best = max(self.probe, key=lambda k: self.probe[k].rps)
        log(f"server comparison: {best} is fastest; both systems run on it")
        return best

    def run_system(self, system: Any, db: Database, kind: str) -> tuple[SystemResult, Prepared]:
        """Load the data and time the lists; creation is timed later, interleaved with the other system."""
        result = SystemResult(system=system.name, engine=db.engine, server=kind)
        prepared = system.prepare(db, self.cfg.tickets)
        result.tickets, result.loader, result.load_seconds = prepared.tickets, prepared.loader, prepared.load_seconds
        log(f"{system.name}/{db.engine}: {prepared.tickets} tickets loaded in {prepared.load_seconds:.0f}s")
        proc, port = self._serve(system, prepared, kind, db.engine)
        try:
            result.load["list"] = os.getloadavg()[0]
            if isinstance(system, Peer):
                log(f"{system.name}/{db.engine}: list latency, REST API (/api/tickets/)")
                result.lists["API"] = self._lists(prepared, port, system.list_paths(prepared))
                log(f"{system.name}/{db.engine}: list latency, staff ticket list feed (/datatables_ticket_list/)")
                cookie = {"Cookie": f"sessionid={prepared.extra['session']}"}
                result.lists["UI feed"] = self._lists(Prepared(**{**prepared.__dict__, "headers": cookie}), port,
                                                      system.ui_list_paths(prepared))  # fmt: skip
            else:

                def get_json(path: str) -> Any:
                    return httpload.get(HOST, port, path, prepared.headers).json()

                log(f"{system.name}/{db.engine}: list latency (/api/v1/tickets)")
                result.lists["API"] = self._lists(prepared, port, system.list_paths(prepared, get_json))
        finally:
            self.children.stop(proc)
        return result, prepared

    def run_creation(self, systems: list[tuple[Any, SystemResult, Prepared]], db: Database, kind: str) -> None:
        """Creation throughput, the systems taking turns within each round and thread count.

        Taking turns, rather than timing one system after the other, puts both in the same minutes of a
        machine whose speed drifts; each setup's median round is kept.
        """
        # One round's turns: thread count by thread count, each system in each of its setups at that count.
        turns = sorted(
            ((system, result, prepared, setup) for system, result, prepared in systems
             for setup in self._setups(system, kind)),
            key=lambda turn: turn[3].threads,
        )  # fmt: skip
        for round_no in range(1, self.cfg.create_rounds + 1):
            for system, result, prepared, setup in turns:
                log(f"{system.name}/{db.engine}: creation round {round_no}/{self.cfg.create_rounds}, "
                    f"{self.cfg.duration:.0f} s, {self.cfg.concurrency} clients")  # fmt: skip
                result.creation_loads.append(os.getloadavg()[0])
                proc, port = self._serve(system, prepared, kind, db.engine, setup)
                try:
                    created = self._create(system, prepared, port, duration=self.cfg.duration, server=proc)
                finally:
                    self.children.stop(proc)
                log(f"    {created.rps:.1f} req/s, {created.ok} created, {created.errors} errors, "
                    f"{created.seconds:.1f}s; server CPU {created.cpu_ms:.1f} ms/req, database "
                    f"{created.db_cpu_ms:.1f} ms/req; quiet {created.settle_seconds:.1f}s after")  # fmt: skip
                for sample in created.error_samples:
                    log(f"    error sample: {sample}")
                result.create_runs.setdefault(setup.label, []).append(created)
        for _, result, _ in systems:
            for label, runs in result.create_runs.items():
                result.create_by_setup[label] = sorted(runs, key=lambda r: r.rps)[(len(runs) - 1) // 2]
            result.create = max(result.create_by_setup.values(), key=lambda r: r.rps)
            for email in ("on", "off"):
                medians = [r for label, r in result.create_by_setup.items() if label.endswith(f"e-mail {email}")]
                if medians:
                    result.create_by_email[email] = max(medians, key=lambda r: r.rps)

    def run_ceiling(self, prepared: Prepared) -> None:
        """The bare-SQLite ceiling (bench/ceiling.py) on a copy of Otklik's database as creation left it."""
        source = WORK / "otklik-sqlite" / "otklik.sqlite3"
        var = WORK / "otklik-ceiling"
        var.mkdir(exist_ok=True)
        copy = var / "otklik.sqlite3"
        for stale in var.glob("otklik.sqlite3*"):
            stale.unlink()
        with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        log(
            f"bare-SQLite ceiling: {self.cfg.ceiling_seconds:.0f} s of an appeal's INSERTs on a copy of Otklik's database"
        )
        env = {**prepared.env, "OTKLIK_VAR_DIR": str(var)}
        self.ceiling = {"load": os.getloadavg()[0]}
        out = run([str(self.otklik.bin / "python"), "-m", "bench.ceiling", str(copy), str(self.cfg.ceiling_seconds)],
                  env=env, cwd=ROOT, timeout=600)  # fmt: skip
        self.ceiling.update(json.loads(out.strip().splitlines()[-1]))
        log(f"    {self.ceiling['per_second']:.0f} appeals/s ({self.ceiling['statements']} statements an appeal)")

    @staticmethod
    def _setups(system: Any, kind: str) -> list[Setup]:
        # Threads and worker classes only mean something behind gthread; other servers run one setup.
        setups: list[Setup] = system.setups()
        return setups if kind == "gunicorn-gthread" else setups[:1]

    def run(self) -> int:
        cfg = self.cfg
        cluster: Cluster | None = None
        try:
            self.peer.ensure_installed()
            self.peer.smtp_port = free_port()
            sink = self.children.start(
                [sys.executable, "-m", "bench.smtp_sink", str(self.peer.smtp_port)], env=python_env(),
                log_path=WORK / "logs" / "smtp-sink.log", cwd=ROOT,
            )  # fmt: skip
            wait_port(self.peer.smtp_port, 30, sink)
            self.server = self.choose_server()
            for engine in cfg.engines:
                db = Database(engine)
                if engine == "postgres":
                    if find_bin() is None:
                        self.skipped[engine] = "PostgreSQL server binaries (initdb) not found: PostgreSQL skipped"
                        log(self.skipped[engine])
                        continue
                    cluster = Cluster()
                    try:
                        cluster.start()
                    except RuntimeError as exc:
                        self.skipped[engine] = f"PostgreSQL could not start, skipped: {exc}"
                        log(self.skipped[engine])
                        continue
                    db.cluster = cluster
                self.cluster = cluster
                systems = [(system, *self.run_system(system, db, self.server)) for system in (self.otklik, self.peer)]
                self.run_creation(systems, db, self.server)
                self.results += [result for _, result, _ in systems]
                if engine == "sqlite":
                    self.run_ceiling(systems[0][2])
                self.cluster = None
                if cluster is not None:
                    self.pg_version = cluster.version()
                    cluster.stop()
                    cluster = None
        finally:
            self.children.stop_all()
            if cluster is not None:
                cluster.stop()
        self.finish()
        return 0

    def finish(self) -> None:
        info = machine.describe()
        info["Python"] = python_version()
        info["Otklik"] = self.otklik.version()
        info["django-helpdesk"] = self.peer.version()
        info["PostgreSQL"] = getattr(self, "pg_version", "not run")
        text = report.render(self, info)
        print()
        print(text)
        target = ROOT / "docs" / "benchmarks.md" if self.cfg.write_docs else WORK / "benchmarks.md"
        if self.cfg.tickets < 100_000 and self.cfg.write_docs:
            target = WORK / "benchmarks-quick.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        log(f"written to {target.relative_to(ROOT)}")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main(argv: list[str] | None = None) -> int:
    cfg = parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    log(f"Otklik vs django-helpdesk: {cfg.tickets} tickets, creation rounds of {cfg.duration:.0f} s x {cfg.concurrency} clients, "
        f"{cfg.workers} workers, databases: {', '.join(cfg.engines)}")  # fmt: skip
    try:
        return Bench(cfg).run()
    except KeyboardInterrupt:
        log("interrupted; servers and PostgreSQL stopped")
        return 130


if __name__ == "__main__":
    sys.exit(main())
