"""``otklik run``: the web server and the background worker, kept running by one supervisor.

A child that dies is restarted with a growing pause (core/supervise.py) while the other keeps
running: the web keeps serving while the worker is down, and the worker catches up from the database
when it is back. Ctrl-C (SIGINT) or SIGTERM stops both children cleanly.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from otklik.config.env import env_int
from otklik.core.supervise import ChildSpec, Supervisor


def web_command(host: str, port: int, workers: int, threads: int) -> list[str]:
    """gunicorn with threaded workers that take a connection only with a thread free (core/gunicorn_worker.py).

    Threaded workers serve Django's sync views about twice as fast as an ASGI server (measured in
    docs/benchmarks.md); websockets get an ASGI server when they arrive.
    """
    return [
        sys.executable, "-m", "gunicorn", "otklik.config.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--worker-class", "otklik.core.gunicorn_worker.BalancedThreadWorker", "--threads", str(threads),
        "--graceful-timeout", "5", "--log-level", "warning",
    ]  # fmt: skip


def worker_command() -> list[str]:
    return [sys.executable, "-m", "otklik.cli", "run_huey", "--flush-locks", "--quiet"]


def banner_extras() -> list[str]:
    """Lines other apps add to the banner: an app config's ``banner_lines()``, if it has one.

    The demo app lists its logins this way, so core needs to know nothing about it.
    """
    lines: list[str] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "banner_lines", None)
        if callable(provider):
            lines.extend(provider())
    return lines


class Command(BaseCommand):
    help = "Run the web server (gunicorn) and the background worker (huey), restarting either if it dies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=settings.HOST)
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--web-workers", type=int, default=env_int("WEB_WORKERS", 2))
        # Two threads a worker: four made appeals slower on two cores, as a thread holding the database's
        # write lock waited for its process's interpreter lock behind its siblings (docs/benchmarks.md).
        parser.add_argument("--web-threads", type=int, default=env_int("WEB_THREADS", 2))
        parser.add_argument("--no-worker", action="store_true", help="Run the web server only.")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        children = [ChildSpec("web", web_command(host, port, options["web_workers"], options["web_threads"]))]
        if not options["no_worker"]:
            children.append(ChildSpec("worker", worker_command()))

        self._print_banner(host, port)
        supervisor = Supervisor(children)
        signal.signal(signal.SIGINT, supervisor.stop)
        signal.signal(signal.SIGTERM, supervisor.stop)
        supervisor.run()
        self.stdout.write("Otklik stopped.")

    def _print_banner(self, host: str, port: int) -> None:
        shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104 - display only
        self.stdout.write(self.style.SUCCESS(f"Otklik is running at http://{shown_host}:{port}/"))
        self.stdout.write(f"  API docs: http://{shown_host}:{port}/api/v1/docs")
        for line in banner_extras():
            self.stdout.write(f"  {line}")
        self.stdout.write("Press Ctrl-C to stop.")
        self.stdout.flush()
