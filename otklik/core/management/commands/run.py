"""``otklik run``: the web server and the background worker as one process group.

Ctrl-C (SIGINT) or SIGTERM stops both children cleanly; if either child dies the other is stopped
too, so a half-running desk never pretends to be healthy.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from otklik.config.env import env_int


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
    help = "Run the web server (gunicorn) and the background worker (huey) together."

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
        web = web_command(host, port, options["web_workers"], options["web_threads"])
        commands = [web]
        if not options["no_worker"]:
            commands.append([sys.executable, "-m", "otklik.cli", "run_huey", "--flush-locks", "--quiet"])

        self._print_banner(host, port)
        children = [subprocess.Popen(cmd, env=os.environ.copy()) for cmd in commands]  # noqa: S603 - our own argv
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
        self.stdout.write("Otklik stopped.")

    def _print_banner(self, host: str, port: int) -> None:
        shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104 - display only
        self.stdout.write(self.style.SUCCESS(f"Otklik is running at http://{shown_host}:{port}/"))
        self.stdout.write(f"  API docs: http://{shown_host}:{port}/api/v1/docs")
        for line in banner_extras():
            self.stdout.write(f"  {line}")
        self.stdout.write("Press Ctrl-C to stop.")
        self.stdout.flush()
