"""The supervisor behind ``otklik run``: which child is restarted, when, and how everything stops.

The policy is tested on fake children and a fake clock; tests/core/test_commands.py kills the real
worker of a real ``otklik run`` and checks the web never refused a request meanwhile.
"""

from __future__ import annotations

import itertools
import logging
import signal
import subprocess

import pytest

from otklik.core.supervise import Backoff, ChildSpec, Supervisor, describe_exit

_pids = itertools.count(1000)


class FakeChild:
    def __init__(self, name: str, exits_on_signal: bool = True) -> None:
        self.name, self.pid = name, next(_pids)
        self.code: int | None = None
        self.signals: list[int] = []
        self.killed = False
        self.started_at = 0.0
        self.exits_on_signal = exits_on_signal

    def poll(self) -> int | None:
        return self.code

    def send_signal(self, sig: int) -> None:
        self.signals.append(sig)
        if self.exits_on_signal:
            self.code = -sig

    def kill(self) -> None:
        self.killed, self.code = True, -signal.SIGKILL

    def wait(self, timeout: float | None = None) -> int:
        if self.code is None:
            raise subprocess.TimeoutExpired("fake", timeout or 0)
        return self.code


class Desk:
    """A supervisor of a fake web and a fake worker, on a clock that moves only when told."""

    def __init__(self, names: tuple[str, ...] = ("web", "worker"), **options: object) -> None:
        self.now = 0.0
        self.children: list[FakeChild] = []
        self.stubborn: set[str] = set()
        self.supervisor = Supervisor(
            [ChildSpec(name, [name]) for name in names], spawn=self._spawn, clock=lambda: self.now,
            sleep=self._sleep, **options,  # type: ignore[arg-type]
        )  # fmt: skip

    def _spawn(self, spec: ChildSpec) -> FakeChild:
        child = FakeChild(spec.name, exits_on_signal=spec.name not in self.stubborn)
        child.started_at = self.now
        self.children.append(child)
        return child

    def _sleep(self, seconds: float) -> None:
        self.now += seconds

    def current(self, name: str) -> FakeChild:
        return [child for child in self.children if child.name == name][-1]

    def started(self, name: str) -> list[FakeChild]:
        return [child for child in self.children if child.name == name]

    def run_for(self, seconds: float) -> None:
        end = self.now + seconds
        while self.now < end - 1e-9:
            self.supervisor.step()
            self.now = round(self.now + 0.1, 6)

    def kill(self, name: str, code: int = -signal.SIGKILL) -> None:
        self.current(name).code = code

    def restart_times(self, name: str, deaths: int) -> list[float]:
        """Kill the child as soon as it is up, ``deaths`` times; when each replacement started."""
        times = []
        for _ in range(deaths):
            before = len(self.started(name))
            self.kill(name)
            died_at = self.now
            while len(self.started(name)) == before:
                self.run_for(0.1)
            times.append(round(self.current(name).started_at - died_at, 1))
        return times


def test_backoff_doubles_from_one_second_up_to_the_cap():
    backoff = Backoff(first=1, cap=60)
    assert [backoff.delay(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (0, "exit code 0"),
        (3, "exit code 3"),
        (-9, "killed by SIGKILL"),
        (-15, "killed by SIGTERM"),
        (-99, "killed by signal 99"),
    ],
)
def test_exit_is_described_by_code_or_signal(code, text):
    assert describe_exit(code) == text


def test_a_dead_worker_is_restarted_and_the_web_is_left_alone():
    desk = Desk()
    desk.supervisor.start()
    web, worker = desk.current("web"), desk.current("worker")
    desk.kill("worker")
    desk.run_for(0.95)
    assert desk.started("worker") == [worker]  # still inside the first one-second pause
    desk.run_for(0.2)
    assert len(desk.started("worker")) == 2
    assert desk.current("worker").poll() is None
    assert desk.started("web") == [web] and web.signals == [] and not desk.supervisor.stopping


def test_a_worker_that_keeps_dying_waits_longer_each_time_up_to_the_cap():
    desk = Desk(backoff=Backoff(first=1, cap=8, stable_after=60))
    desk.supervisor.start()
    assert desk.restart_times("worker", 6) == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_a_child_that_stayed_up_long_enough_starts_the_pauses_afresh():
    desk = Desk(backoff=Backoff(first=1, cap=60, stable_after=30))
    desk.supervisor.start()
    assert desk.restart_times("worker", 3) == [1.0, 2.0, 4.0]
    desk.run_for(29)
    assert desk.restart_times("worker", 1) == [8.0]  # up 29 s: not long enough
    desk.run_for(31)
    assert desk.restart_times("worker", 2) == [1.0, 2.0]


def test_a_dead_web_server_is_restarted_the_same_way():
    desk = Desk()
    desk.supervisor.start()
    worker = desk.current("worker")
    assert desk.restart_times("web", 3) == [1.0, 2.0, 4.0]
    assert desk.started("worker") == [worker] and worker.signals == []


def test_each_child_has_its_own_count():
    desk = Desk()
    desk.supervisor.start()
    assert desk.restart_times("worker", 3) == [1.0, 2.0, 4.0]
    assert desk.restart_times("web", 1) == [1.0]


def test_death_and_restart_are_logged_with_the_child_its_exit_and_the_pause(caplog):
    caplog.set_level(logging.INFO, logger="otklik.run")
    desk = Desk()
    desk.supervisor.start()
    old = desk.current("worker")
    desk.run_for(5)
    desk.kill("worker")
    desk.run_for(1.2)
    new = desk.current("worker")
    messages = [record.getMessage() for record in caplog.records]
    assert f"worker started (pid {old.pid})" in messages
    died = next(m for m in messages if "died" in m)
    assert died.startswith(f"worker (pid {old.pid}) died after 5.")
    assert died.endswith("killed by SIGKILL; restarting it in 1 s")
    assert f"worker restarted (pid {new.pid}, restart 1)" in messages
    assert [r.levelname for r in caplog.records if "died" in r.getMessage()] == ["ERROR"]


def test_an_exit_code_is_logged_too(caplog):
    desk = Desk()
    desk.supervisor.start()
    desk.kill("web", code=3)
    desk.run_for(0.1)
    assert any(
        "web (pid" in r.getMessage() and "exit code 3; restarting it in 1 s" in r.getMessage() for r in caplog.records
    )


def test_stop_signals_every_child_once_and_restarts_nothing():
    desk = Desk()
    desk.supervisor.start()
    desk.kill("worker")
    desk.supervisor.stop(signal.SIGTERM, None)
    desk.run_for(5)
    desk.supervisor.shutdown()
    assert len(desk.started("worker")) == 1  # the pause ran out after the stop: no restart
    assert desk.current("web").signals == [signal.SIGINT]
    assert desk.current("web").poll() == -signal.SIGINT


def test_run_returns_after_stop_with_every_child_stopped():
    desk = Desk()

    def sleep(seconds: float) -> None:
        desk.now += seconds
        if desk.now >= 3:
            desk.supervisor.stop()

    desk.supervisor.sleep = sleep
    desk.supervisor.run()
    assert [child.poll() for child in desk.children] == [-signal.SIGINT, -signal.SIGINT]


def test_a_child_that_ignores_the_stop_signal_is_killed_after_the_grace_period(caplog):
    desk = Desk(grace=3)
    desk.stubborn.add("worker")
    desk.supervisor.start()
    worker = desk.current("worker")
    desk.supervisor.shutdown()
    assert worker.signals == [signal.SIGINT] and worker.killed
    assert desk.current("web").poll() == -signal.SIGINT and not desk.current("web").killed
    assert f"worker (pid {worker.pid}) did not stop in time: killed" in caplog.text
