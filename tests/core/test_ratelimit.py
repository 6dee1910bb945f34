"""The limiter's counting, the client address behind proxies, and the embedded desk's shared cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from otklik.config.env import ConfigError, env_rate
from otklik.core import ratelimit
from otklik.core.ratelimit import FailureGuard, RateLimited, client_address, count, throttle
from otklik.core.sqlite_cache import SQLiteCache


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(1_000_040.0)  # 20 s into a minute
    monkeypatch.setattr(ratelimit.time, "time", clock)
    return clock


def test_rates_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("X_RATE", "600/minute")
    assert env_rate("X_RATE", "1/s") == (600, 60)
    monkeypatch.setenv("X_RATE", "10/15m")
    assert env_rate("X_RATE", "1/s") == (10, 900)
    monkeypatch.setenv("X_RATE", "off")
    assert env_rate("X_RATE", "1/s") is None
    monkeypatch.setenv("X_RATE", "lots")
    with pytest.raises(ConfigError, match="X_RATE"):
        env_rate("X_RATE", "1/s")


def test_the_count_slides_over_the_window_edge(clock):
    for _ in range(6):
        count("k", 60)
    clock.now += 60  # the same second of the next minute: a third of the last minute still counts
    assert count("k", 60) == pytest.approx(1 + 6 * (40 / 60))
    clock.now += 120  # both windows gone
    assert count("k", 60) == 1


def test_throttle_refuses_past_the_limit_and_logs_the_crossing_once(clock, caplog):
    for _ in range(3):
        throttle("t", (3, 60), "tester")
    for _ in range(2):
        with pytest.raises(RateLimited) as refused:
            throttle("t", (3, 60), "tester")
    assert refused.value.retry_after == 40  # the rest of this minute
    assert [r.levelname for r in caplog.records if r.name == "otklik.core.ratelimit"] == ["WARNING"]
    throttle("other", (3, 60), "someone else")
    throttle("t", None, "no limit")


def test_failures_lock_out_the_pair_and_the_address(clock, settings):
    settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_LOCKOUT_SECONDS = (3, 900), 600
    guard = FailureGuard("login", "10.0.0.1", "anna")
    assert [guard.failed() for _ in range(3)] == [0, 0, 600]
    assert FailureGuard("login", "10.0.0.1", "boris").retry_after() == 600  # the address's three failures
    assert FailureGuard("login", "10.0.0.2", "anna").retry_after() == 0
    clock.now += 599.5
    assert guard.retry_after() == 1
    clock.now += 1
    assert guard.retry_after() == 0


def test_client_address_trusts_only_the_configured_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert client_address(request) == "10.0.0.9"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.5"  # what our proxy saw, not what the client wrote
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_address(request) == "10.0.0.9"  # fewer hops than proxies: the header is not ours


def test_sqlite_cache_semantics(tmp_path):
    cache = SQLiteCache(str(tmp_path / "c.sqlite3"), {})
    assert cache.add("a", 1, timeout=60) and not cache.add("a", 2, timeout=60)
    assert cache.incr("a", 4) == 5 and cache.get("a") == 5
    with pytest.raises(ValueError):
        cache.incr("missing")
    cache.set("gone", {"x": [1]}, timeout=0)
    assert cache.get("gone", "default") == "default" and not cache.has_key("gone")
    assert cache.add("gone", "again", timeout=60) and cache.get("gone") == "again"  # an expired row is replaced
    assert cache.get_many(["a", "gone", "nope"]) == {"a": 5, "gone": "again"}
    assert cache.touch("a", 120) and cache.delete("a") and not cache.delete("a")
    cache.clear()
    assert cache.get("gone") is None


_INCREMENT = """
import sys
from otklik.core.sqlite_cache import SQLiteCache
cache = SQLiteCache(sys.argv[1], {})
for _ in range(300):
    try:
        cache.incr("hits")
    except ValueError:
        cache.add("hits", 0, timeout=600) ; cache.incr("hits")
"""


def test_sqlite_cache_counts_are_shared_between_processes(tmp_path):
    # What two web workers do at once: every increment lands, none is lost between the processes.
    path = str(tmp_path / "shared.sqlite3")
    root = Path(__file__).resolve().parents[2]
    workers = [
        subprocess.Popen([sys.executable, "-c", _INCREMENT, path], cwd=root, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for worker in workers:
        assert worker.wait(timeout=120) == 0, worker.stderr.read() if worker.stderr else ""
    assert SQLiteCache(path, {}).get("hits") == 900
