"""The rate limits on a real Redis, as a production desk with REDIS_URL counts them.

The counters must be seen alike by every web process; here several threads, each with its own Redis
connection, count at once and no count is lost, and a lockout set by one is seen by the others.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches

from otklik.core import ratelimit
from otklik.core.ratelimit import FailureGuard, count

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def shared_on_redis(settings, redis_url) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url},
    }
    caches["shared"].clear()


def test_counts_from_many_threads_are_not_lost(shared_on_redis, monkeypatch):
    # One instant, 20 s into a window: every count falls in the same window, none in the previous one.
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_000_040.0)

    def hit() -> None:
        for _ in range(50):
            count("redis-test", 60)

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert count("redis-test", 60) == 401  # 8 × 50, and this one


def test_a_lockout_is_seen_by_every_process(shared_on_redis, settings):
    settings.LOGIN_FAILURE_LIMIT = (3, 900)
    guard = FailureGuard("login", "203.0.113.7", "boris")
    assert [guard.failed() > 0 for _ in range(3)] == [False, False, True]
    # Another web process reads the same Redis: a fresh guard (and a fresh client) sees the lockout.
    caches["shared"].close()
    assert FailureGuard("login", "203.0.113.7", "someone-else").retry_after() > 0  # the address is locked too
