from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

import httpx
import pytest
from django.core.management import CommandError, call_command

from otklik.accounts.models import ApiToken
from otklik.core.management.commands.run import banner_extras
from tests.factories import AgentFactory, make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_api_token_prints_a_working_token(team_l1):
    user = make_user()
    out = StringIO()
    call_command("api-token", user.username, stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("otk_")
    assert ApiToken.objects.get(user=user).key_hash == ApiToken.hash_key(token)
    assert token not in ApiToken.objects.values_list("key_hash", flat=True)


@pytest.mark.django_db
def test_api_token_for_unknown_user_fails():
    with pytest.raises(CommandError, match="nobody"):
        call_command("api-token", "nobody")


@pytest.mark.django_db
def test_the_banner_lists_the_demo_logins_this_desk_has():
    assert banner_extras() == []
    AgentFactory(username="anna")
    assert banner_extras() == ["Demo logins (password: demo):", "  anna         agent, first line"]


def test_env_example_lists_every_variable():
    documented = set(re.findall(r"^#? ?([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    used: set[str] = set()
    for path in (ROOT / "otklik").rglob("*.py"):
        used |= set(re.findall(r"env(?:_bool|_int|_list)?\(\s*\"([A-Z_]+)\"", path.read_text()))
    assert used, "no env() calls found"
    assert used <= documented, f"missing from .env.example: {sorted(used - documented)}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_otklik_run_serves_and_stops_cleanly_on_ctrl_c(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environ |= {"OTKLIK_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "otklik.config.settings"}
    otklik = [sys.executable, "-m", "otklik.cli"]
    subprocess.run([*otklik, "migrate", "--noinput"], env=environ, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(
        [*otklik, "run", "--port", str(port)], env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True, text=True,
    )  # fmt: skip
    try:
        deadline, answer = time.monotonic() + 30, None
        while time.monotonic() < deadline and answer is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=1)
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answer is not None and answer.status_code == 200
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0
    assert f"http://127.0.0.1:{port}/" in output
    assert "Otklik stopped." in output
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=1)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def _logged_pid(lines: list[str], text: str) -> int | None:
    """The pid in the last log line with ``text``, such as ``worker started (pid 123)``."""
    for line in reversed(lines):
        found = re.search(re.escape(text) + r" \(pid (\d+)", line)
        if found:
            return int(found.group(1))
    return None


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_otklik_run_restarts_a_killed_worker_while_the_web_keeps_serving(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environ |= {
        "OTKLIK_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "otklik.config.settings",
        "LOG_LEVEL": "INFO",
    }
    otklik = [sys.executable, "-m", "otklik.cli"]
    subprocess.run([*otklik, "migrate", "--noinput"], env=environ, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(
        [*otklik, "run", "--port", str(port), "--web-workers", "1"], env=environ, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True, text=True,
    )  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout or []), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}/login/"
    try:
        deadline, answer = time.monotonic() + 30, None
        while time.monotonic() < deadline and (answer is None or _logged_pid(lines, "worker started") is None):
            try:
                answer = httpx.get(url, timeout=1)
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answer is not None and answer.status_code == 200
        web, worker = _logged_pid(lines, "web started"), _logged_pid(lines, "worker started")
        assert {web, worker} <= _children(process.pid)

        os.kill(worker, signal.SIGKILL)
        statuses, refused, restarted_at = [], 0, None
        deadline = time.monotonic() + 30
        # Ask all through the outage and for a second after the new worker is up; each request on a
        # new connection, so a closed listening socket would show as a refused connection.
        while time.monotonic() < deadline and (restarted_at is None or time.monotonic() < restarted_at + 1):
            try:
                statuses.append(httpx.get(url, timeout=5).status_code)
            except httpx.ConnectError:
                refused += 1
            if restarted_at is None and _logged_pid(lines, "worker restarted") is not None:
                restarted_at = time.monotonic()
            time.sleep(0.02)
        new_worker = _logged_pid(lines, "worker restarted")
        assert new_worker is not None and new_worker != worker
        assert new_worker in _children(process.pid)
        assert "run_huey" in Path(f"/proc/{new_worker}/cmdline").read_text()
        assert refused == 0 and len(statuses) > 10 and set(statuses) == {200}
        assert _logged_pid(lines, "web started") == web and web in _children(process.pid)
        assert any(f"worker (pid {worker}) died" in line and "killed by SIGKILL" in line for line in lines)

        asked_to_stop = time.monotonic()
        process.send_signal(signal.SIGTERM)  # what a service manager sends
        process.wait(timeout=20)
        stopped_in = time.monotonic() - asked_to_stop
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    reader.join(timeout=5)
    assert process.returncode == 0
    assert stopped_in < 10
    assert "Otklik stopped." in "".join(lines)
    assert not Path(f"/proc/{web}").exists() and not Path(f"/proc/{new_worker}").exists()
    with pytest.raises(httpx.HTTPError):
        httpx.get(url, timeout=1)
