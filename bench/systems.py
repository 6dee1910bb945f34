"""The two systems under test: how to set each up, serve it, and talk to its API."""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench import peer_files
from bench.pg import Cluster
from bench.util import HOST, ROOT, WORK, log, python_env, run

SERVER_KINDS = ("uvicorn", "gunicorn-sync", "gunicorn-gthread")
# Threads per gunicorn worker: the default of `otklik run`, given to both systems. Creation is also
# measured at ALT_THREADS, and each system's better result counts, so the comparison cannot rest on
# a thread count that suits one system and not the other.
GTHREADS = 2
ALT_THREADS = 4
# Otklik's gthread worker that accepts a connection only with a thread free (otklik/core/gunicorn_worker.py).
# `otklik run` always uses it; the peer is timed behind gunicorn's stock gthread worker and behind this
# one, and its better run counts, so the comparison does not rest on a server setting only Otklik has.
BALANCED_WORKER = ROOT / "otklik" / "core" / "gunicorn_worker.py"
# Otklik's per-token API limit during the bench: far above what 16 clients can send in a minute, so the
# limiter counts each request (its cost stays in the measurement) but never refuses one.
API_RATE_LIMIT = "100000000/minute"


@dataclass(frozen=True)
class Setup:
    """How a system is served for creation: threads per gunicorn worker, which worker class, and for the
    peer whether its new-ticket e-mail goes out."""

    threads: int
    worker: str  # "gthread" (gunicorn's own) or "balanced" (Otklik's)
    email: str = ""  # the peer only: "on" (SMTP to the bench's sink) or "off" (Django's dummy backend)

    @property
    def label(self) -> str:
        return f"{self.threads} threads, {self.worker}" + (f", e-mail {self.email}" if self.email else "")


@dataclass
class Database:
    engine: str  # "sqlite" | "postgres"
    cluster: Cluster | None = None


@dataclass
class ListPath:
    label: str
    path: str


@dataclass
class Prepared:
    env: dict[str, str]
    headers: dict[str, str]
    tickets: int
    load_seconds: float
    loader: str
    extra: dict[str, str] = field(default_factory=dict)


def _gunicorn(
    binary: Path, app: str, kind: str, port: int, workers: int, threads: int, worker_class: str = "gthread"
) -> list[str]:
    cmd = [str(binary), app, "--bind", f"{HOST}:{port}", "--workers", str(workers), "--log-level", "warning",
           "--timeout", "120"]  # fmt: skip
    if kind == "gunicorn-gthread":
        cmd += ["--worker-class", worker_class, "--threads", str(threads)]
    return cmd


class Otklik:
    name = "Otklik"
    bin = ROOT / ".venv" / "bin"

    def version(self) -> str:
        return run(
            [str(self.bin / "python"), "-c", "import importlib.metadata as m; print(m.version('otklik'))"]
        ).strip()

    def demo_available(self) -> bool:
        return (ROOT / "otklik" / "demo" / "management" / "commands" / "demo.py").exists()

    def prepare(self, db: Database, tickets: int, *, label: str = "") -> Prepared:
        var = WORK / f"otklik-{db.engine}{label}"
        if var.exists():
            shutil.rmtree(var)
        var.mkdir(parents=True)
        # Production settings (DEBUG off, a key of its own), with the per-token API rate limit raised out of
        # the bench's reach: it still counts every request, as it would in production, but never answers 429.
        env = python_env(OTKLIK_VAR_DIR=str(var), LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="otklik.config.settings",
                         SECRET_KEY=secrets.token_urlsafe(50), DEBUG="0", OTKLIK_DEV="0",
                         API_RATE_LIMIT=API_RATE_LIMIT)  # fmt: skip
        if db.engine == "postgres":
            assert db.cluster is not None
            name = f"otklik{label.replace('-', '_')}"
            db.cluster.create_db(name)
            env["DATABASE_URL"] = db.cluster.url(name)
        otklik = str(self.bin / "otklik")
        log(f"{self.name}/{db.engine}: migrate")
        run([otklik, "migrate", "--noinput"], env=env, cwd=ROOT)
        t0 = time.perf_counter()
        loader = "none"
        if tickets:
            if self.demo_available():
                loader = f"otklik demo --tickets {tickets} --seed 1"
                log(f"{self.name}/{db.engine}: {loader} (the project's demo generator)")
                run([otklik, "demo", "--tickets", str(tickets), "--seed", "1"], env=env, cwd=ROOT, timeout=7200)
            else:
                loader = "bench/otklik_fallback_loader.py (bulk_create; otklik demo was not available)"
                log(f"{self.name}/{db.engine}: otklik demo not found, using {loader}")
                run([str(self.bin / "python"), str(ROOT / "bench" / "otklik_fallback_loader.py"), str(tickets)],
                    env=env, cwd=ROOT, timeout=7200)  # fmt: skip
        load_seconds = time.perf_counter() - t0
        # The demo's events are all new to the event feed: a desk whose worker has been running has handed
        # them to its consumers long ago. Caught up here, before anything is timed, or the worker would
        # spend the list phase (and the first creation round) working through the demo's history.
        t0 = time.perf_counter()
        run([otklik, "shell", "-c", "from otklik.desk import feed; feed.dispatch()"], env=env, cwd=ROOT, timeout=7200)
        log(f"{self.name}/{db.engine}: event feed caught up with the loaded events in {time.perf_counter() - t0:.0f}s")
        run([otklik, "shell", "-c", (
            "from django.contrib.auth import get_user_model\n"
            "from otklik.accounts.services import agent_create\n"
            "if not get_user_model().objects.filter(username='bench').exists():\n"
            "    agent_create(username='bench', password='bench-password-1', role='supervisor')\n"
        )], env=env, cwd=ROOT)  # fmt: skip
        token = run([otklik, "api-token", "bench", "--name", "bench"], env=env, cwd=ROOT).strip().splitlines()[-1]
        count = run([otklik, "shell", "-c", "from otklik.desk.models import Ticket; print(Ticket.objects.count())"],
                    env=env, cwd=ROOT).strip().splitlines()[-1]  # fmt: skip
        return Prepared(env=env, headers={"Authorization": f"Bearer {token}"}, tickets=int(count),
                        load_seconds=load_seconds, loader=loader)  # fmt: skip

    def setups(self) -> list[Setup]:
        # `otklik run` serves through the balanced worker and nothing else.
        return [Setup(GTHREADS, "balanced"), Setup(ALT_THREADS, "balanced")]

    def setup_env(self, setup: Setup) -> dict[str, str]:
        return {}

    def server(self, kind: str, port: int, workers: int, setup: Setup) -> tuple[list[str], Path]:
        threads = setup.threads
        if kind == "uvicorn":
            cmd = [str(self.bin / "python"), "-m", "uvicorn", "otklik.config.asgi:application", "--host", HOST,
                   "--port", str(port), "--workers", str(workers), "--no-access-log", "--lifespan", "off"]  # fmt: skip
            return cmd, ROOT
        if kind == "gunicorn-gthread":
            # What users run: `otklik run`, the web server (gunicorn's threaded workers) and the background
            # worker that processes the event feed of every committed appeal.
            cmd = [str(self.bin / "otklik"), "run", "--web-workers", str(workers),
                   "--web-threads", str(threads), "--host", HOST, "--port", str(port)]  # fmt: skip
            return cmd, ROOT
        return _gunicorn(self.bin / "gunicorn", "otklik.config.wsgi:application", kind, port, workers, threads), ROOT

    def create_request(self, headers: dict[str, str]):  # type: ignore[no-untyped-def]
        run_id = uuid.uuid4().hex[:8]
        hdrs = {**headers, "Content-Type": "application/json"}

        def make(i: int) -> tuple[str, str, dict[str, str], bytes]:
            body = {
                "customer": {"email": f"bench-{run_id}-{i}@example.com", "name": f"Покупатель {i}"},
                "subject": f"Заказ {i} не доставлен",
                "body": f"Здравствуйте! Мой заказ {i} должен был прийти вчера, но его всё ещё нет. Проверьте, пожалуйста.",
            }
            return "POST", "/api/v1/tickets", hdrs, json.dumps(body, ensure_ascii=False).encode()

        return make

    def list_paths(self, prepared: Prepared, get_json) -> list[ListPath]:  # type: ignore[no-untyped-def]
        first = "/api/v1/tickets?limit=25"
        page = get_json(first)
        paths = [ListPath("first page", first), ListPath("status=open", "/api/v1/tickets?limit=25&status=open")]
        if page.get("next_cursor"):
            paths.append(ListPath("page 2", f"{first}&cursor={page['next_cursor']}"))
        return paths


class Peer:
    name = "django-helpdesk"
    venv = WORK / "peer-venv"
    project = WORK / "peer-project"
    packages = ["django-helpdesk", "gunicorn", "uvicorn", "psycopg[binary]"]
    smtp_port = 0  # the bench's SMTP sink (bench/smtp_sink.py), set before creation is timed

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def ensure_installed(self) -> None:
        if not self.python.exists():
            log(f"{self.name}: creating its own virtualenv in {self.venv}")
            run([sys.executable, "-m", "venv", str(self.venv)])
        probe = "import helpdesk, gunicorn, uvicorn, psycopg, rest_framework"
        try:
            run([str(self.python), "-c", probe])
        except RuntimeError:
            log(f"{self.name}: pip install {' '.join(self.packages)} (latest releases)")
            run([str(self.python), "-m", "pip", "install", "--quiet", "--upgrade", *self.packages], timeout=1800)
        self.write_project()

    def version(self) -> str:
        code = "import importlib.metadata as m; print(m.version('django-helpdesk'), m.version('django'), m.version('djangorestframework'))"
        helpdesk, django, drf = run([str(self.python), "-c", code]).split()
        return f"{helpdesk} (Django {django}, DRF {drf})"

    def write_project(self) -> None:
        pkg = self.project / "peerdesk"
        pkg.mkdir(parents=True, exist_ok=True)
        files = {
            pkg / "__init__.py": "",
            pkg / "settings.py": peer_files.SETTINGS,
            pkg / "urls.py": peer_files.URLS,
            pkg / "wsgi.py": peer_files.WSGI,
            pkg / "asgi.py": peer_files.ASGI,
            self.project / "manage.py": peer_files.MANAGE,
            self.project / "bench_load.py": peer_files.LOADER,
            self.project / "balanced_worker.py": BALANCED_WORKER.read_text(),
        }
        for path, text in files.items():
            path.write_text(text.lstrip())

    def prepare(self, db: Database, tickets: int, *, label: str = "") -> Prepared:
        data = WORK / f"peer-{db.engine}{label}"
        if data.exists():
            shutil.rmtree(data)
        data.mkdir(parents=True)
        env = python_env(DJANGO_SETTINGS_MODULE="peerdesk.settings", PEER_DB_ENGINE=db.engine,
                         PEER_MEDIA_ROOT=str(data / "media"), PYTHONPATH=str(self.project))  # fmt: skip
        if db.engine == "postgres":
            assert db.cluster is not None
            name = f"helpdesk{label.replace('-', '_')}"
            db.cluster.create_db(name)
            env.update(PEER_DB_NAME=name, PEER_DB_PORT=str(db.cluster.port))
        else:
            env["PEER_DB_NAME"] = str(data / "helpdesk.sqlite3")
        log(f"{self.name}/{db.engine}: migrate")
        run([str(self.python), "manage.py", "migrate", "--noinput"], env=env, cwd=self.project)
        log(f"{self.name}/{db.engine}: bulk-loading {tickets} tickets (Ticket + FollowUp via bulk_create)")
        t0 = time.perf_counter()
        out = run([str(self.python), "bench_load.py", str(tickets)], env=env, cwd=self.project, timeout=7200)
        info = json.loads(out.strip().splitlines()[-1])
        return Prepared(env=env, headers={"Authorization": f"Token {info['token']}"}, tickets=int(info["tickets"]),
                        load_seconds=time.perf_counter() - t0,
                        loader="bench_load.py: Ticket + one FollowUp per ticket via bulk_create, batches of 5,000",
                        extra={k: str(v) for k, v in info.items()})  # fmt: skip

    def setups(self) -> list[Setup]:
        return [Setup(t, w, e) for e in ("on", "off") for t in (GTHREADS, ALT_THREADS) for w in ("gthread", "balanced")]

    def setup_env(self, setup: Setup) -> dict[str, str]:
        # With e-mail on, Django's SMTP backend sends the new-ticket mail to the bench's sink.
        return {"PEER_SMTP_PORT": str(self.smtp_port)} if setup.email == "on" else {}

    def server(self, kind: str, port: int, workers: int, setup: Setup) -> tuple[list[str], Path]:
        if kind == "uvicorn":
            # The same flags the Otklik uvicorn command uses.
            cmd = [str(self.python), "-m", "uvicorn", "peerdesk.asgi:application", "--host", HOST, "--port", str(port),
                   "--workers", str(workers), "--no-access-log", "--lifespan", "off"]  # fmt: skip
            return cmd, self.project
        app = "peerdesk.wsgi:application"
        worker_class = "balanced_worker.BalancedThreadWorker" if setup.worker == "balanced" else "gthread"
        cmd = _gunicorn(self.venv / "bin" / "gunicorn", app, kind, port, workers, setup.threads, worker_class)
        return cmd, self.project

    def create_request(self, headers: dict[str, str], queue: int):  # type: ignore[no-untyped-def]
        run_id = uuid.uuid4().hex[:8]
        hdrs = {**headers, "Content-Type": "application/json"}

        def make(i: int) -> tuple[str, str, dict[str, str], bytes]:
            body = {
                "queue": queue,
                "title": f"Заказ {i} не доставлен",
                "description": f"Здравствуйте! Мой заказ {i} должен был прийти вчера, но его всё ещё нет. Проверьте, пожалуйста.",
                "submitter_email": f"bench-{run_id}-{i}@example.com",
                "priority": 3,
            }
            return "POST", "/api/tickets/", hdrs, json.dumps(body, ensure_ascii=False).encode()

        return make

    def list_paths(self, prepared: Prepared) -> list[ListPath]:
        # The REST list only for a footnote: each request is a pass over the whole table (an N+1 in
        # django-helpdesk, docs/benchmarks.md), so its first page says it; the staff feed is the headline.
        return [ListPath("first page", "/api/tickets/")]

    def ui_list_paths(self, prepared: Prepared) -> list[ListPath]:
        """The staff ticket list's own JSON feed (DataTables, server-side paging of 25)."""
        q_all, q_open = prepared.extra["dt_all"], prepared.extra["dt_open"]
        return [
            ListPath("first page", f"/datatables_ticket_list/{q_all}?draw=1&start=0&length=25"),
            ListPath("status=open", f"/datatables_ticket_list/{q_open}?draw=1&start=0&length=25"),
            ListPath("page 2", f"/datatables_ticket_list/{q_all}?draw=1&start=25&length=25"),
        ]
