"""CPU time spent by a server's processes, read from /proc: for CPU-ms per request beside req/s.

A process tree's CPU so far is, over its live processes, ``utime + stime`` plus ``cutime + cstime``
(what each has reaped of children that already ended): every process, live or ended, is counted once,
so a worker that restarts mid-round still has its time counted. Linux only; elsewhere the figures are
absent from the report, not wrong.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after its last ")".
    return raw[raw.rindex(")") + 2 :].split()


def _cpu(fields: list[str]) -> float:
    # After the name: state(3) ppid(4) pgrp(5) session(6) … utime(14) stime(15) cutime(16) cstime(17).
    return sum(int(x) for x in fields[11:15]) / TICK


def available() -> bool:
    return Path("/proc/self/stat").exists()


def session_seconds(session: int) -> float:
    """CPU seconds of every process in a session (the bench starts each server in its own)."""
    total = 0.0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[3]) == session:
                total += _cpu(fields)
    return total


def tree_seconds(root: int) -> float:
    """CPU seconds of a process and its children (PostgreSQL's postmaster and its backends)."""
    total = 0.0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            pid = int(entry.name)
            fields = _stat(pid)
            if fields is not None and (pid == root or int(fields[1]) == root):
                total += _cpu(fields)
    return total


def settle(read: Callable[[], float], *, idle_cpu: float = 0.02, step: float = 0.5, limit: float = 120.0) -> float:
    """Wait until ``read`` (CPU seconds) grows by less than ``idle_cpu`` per ``step`` twice running.

    Otklik's worker processes the event feed after the requests' transactions commit; its work for a
    round's tickets belongs to the round, so the CPU is read once the servers have gone quiet. Returns
    how long that took.
    """
    started = time.monotonic()
    last, quiet = read(), 0
    while quiet < 2 and time.monotonic() - started < limit:
        time.sleep(step)
        now = read()
        quiet = quiet + 1 if now - last < idle_cpu else 0
        last = now
    return time.monotonic() - started
