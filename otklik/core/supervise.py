"""Keeping ``otklik run``'s children alive: a child that dies is started again, after a growing pause.

The web server and the background worker are separate processes so that one can fail without the
other. When the worker dies the web keeps serving and appeals keep arriving: everything the worker
does is due in the database (the outbox tables, ``send_at`` columns), and its periodic sweeps catch
up once it is back. So a dead child is restarted, not used as a reason to stop the desk.

A child that keeps dying at once is restarted after 1 s, 2 s, 4 s … up to a cap, so a broken
configuration does not spin the machine; a child that stayed up a while starts the count afresh.
The clock, the sleep and the way a child is started are injectable, for tests.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger("otklik.run")


class Child(Protocol):
    """What the supervisor needs of a running process; ``subprocess.Popen`` is one."""

    @property
    def pid(self) -> int: ...

    def poll(self) -> int | None: ...

    def send_signal(self, sig: int) -> None: ...

    def kill(self) -> None: ...

    def wait(self, timeout: float | None = None) -> int: ...


@dataclass(frozen=True)
class ChildSpec:
    name: str
    argv: Sequence[str]


@dataclass(frozen=True)
class Backoff:
    """The pause before restart number *n* of a child that keeps dying: ``first * 2**(n-1)``, capped."""

    first: float = 1.0
    cap: float = 60.0
    # A child that ran at least this long died of something new: its next restart waits ``first`` again.
    stable_after: float = 60.0

    def delay(self, failures: int) -> float:
        return min(self.first * 2 ** max(failures - 1, 0), self.cap)


def describe_exit(code: int) -> str:
    """``exit code 3`` or ``killed by SIGKILL``, as Popen's negative return codes mean a signal."""
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


@dataclass
class _Slot:
    spec: ChildSpec
    process: Child | None = None
    started_at: float = 0.0
    failures: int = 0  # deaths in a row, each after less than Backoff.stable_after of running
    restart_at: float | None = None
    restarts: int = 0


def popen(spec: ChildSpec) -> Child:
    return subprocess.Popen(list(spec.argv))  # noqa: S603 - our own argv, built by the run command


@dataclass
class Supervisor:
    specs: Sequence[ChildSpec]
    spawn: Callable[[ChildSpec], Child] = popen
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    logger: logging.Logger = log
    poll_interval: float = 0.2
    # How long children get to finish after the stop signal before they are killed.
    grace: float = 8.0
    stop_signal: int = signal.SIGINT
    _slots: list[_Slot] = field(init=False)
    _stopping: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self._slots = [_Slot(spec) for spec in self.specs]

    def stop(self, *_: object) -> None:
        """Ask the loop to stop; safe to call from a signal handler."""
        self._stopping = True

    @property
    def stopping(self) -> bool:
        return self._stopping

    def pids(self) -> dict[str, int | None]:
        return {slot.spec.name: slot.process.pid if slot.process else None for slot in self._slots}

    def run(self) -> None:
        """Start every child and keep them running until :meth:`stop`; then stop them all."""
        try:
            self.start()
            while not self._stopping:
                self.step()
                if not self._stopping:
                    self.sleep(self.poll_interval)
        finally:
            self.shutdown()

    def start(self) -> None:
        for slot in self._slots:
            self._start(slot)

    def step(self) -> None:
        """One look at the children: note the dead ones, restart those whose pause is over."""
        for slot in self._slots:
            if self._stopping:
                return
            if slot.process is not None:
                code = slot.process.poll()
                if code is not None:
                    self._died(slot, code)
            elif slot.restart_at is not None and self.clock() >= slot.restart_at:
                self._start(slot)

    def _died(self, slot: _Slot, code: int) -> None:
        assert slot.process is not None
        now = self.clock()
        lived = now - slot.started_at
        slot.failures = 1 if lived >= self.backoff.stable_after else slot.failures + 1
        delay = self.backoff.delay(slot.failures)
        slot.restart_at = now + delay
        self.logger.error(
            "%s (pid %s) died after %.1f s: %s; restarting it in %g s",
            slot.spec.name, slot.process.pid, lived, describe_exit(code), delay,
        )  # fmt: skip
        slot.process = None

    def _start(self, slot: _Slot) -> None:
        slot.process = self.spawn(slot.spec)
        slot.started_at, slot.restart_at = self.clock(), None
        if slot.restarts:
            self.logger.warning("%s restarted (pid %s, restart %d)", slot.spec.name, slot.process.pid, slot.restarts)
        else:
            self.logger.info("%s started (pid %s)", slot.spec.name, slot.process.pid)
        slot.restarts += 1

    def shutdown(self) -> None:
        """Signal every running child, wait up to ``grace`` seconds in all, kill what is left."""
        running = [slot for slot in self._slots if slot.process is not None and slot.process.poll() is None]
        for slot in running:
            assert slot.process is not None
            with contextlib.suppress(ProcessLookupError):  # it died just now
                slot.process.send_signal(self.stop_signal)
        deadline = self.clock() + self.grace
        for slot in running:
            assert slot.process is not None
            try:
                slot.process.wait(timeout=max(0.1, deadline - self.clock()))
            except subprocess.TimeoutExpired:
                self.logger.warning("%s (pid %s) did not stop in time: killed", slot.spec.name, slot.process.pid)
                slot.process.kill()
                slot.process.wait()
