"""Processes, ports and progress output shared by the benchmark modules."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
HOST = "127.0.0.1"
_started = time.monotonic()


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - _started:7.1f}s] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {HOST}:{port} after {timeout:.0f}s")


def run(cmd: list[str], *, env: dict[str, str] | None = None, timeout: float = 3600, cwd: Path | None = None,
        quiet: bool = True) -> str:  # fmt: skip
    """Run a command to completion; raise with its output if it fails."""
    proc = subprocess.run(cmd, env=env, cwd=cwd, timeout=timeout, capture_output=quiet, text=True, check=False)
    if proc.returncode != 0:
        out = ((proc.stdout or "") + (proc.stderr or ""))[-3000:] if quiet else ""
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{out}")
    return proc.stdout or ""


class Children:
    """Every long-running child, each in its own process group, killed on ``stop_all``."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def start(
        self, cmd: list[str], *, env: dict[str, str], log_path: Path, cwd: Path | None = None
    ) -> subprocess.Popen:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        out = open(log_path, "ab")  # noqa: SIM115 — lives as long as the child
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        out.close()
        self.procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen, timeout: float = 15) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=timeout)
        # The group may still hold workers the parent forked; none of them may outlive the bench.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.wait(timeout=5)
        if proc in self.procs:
            self.procs.remove(proc)

    def stop_all(self) -> None:
        for proc in list(self.procs):
            self.stop(proc)


def python_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV"}}
    env.update(extra)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def python_version() -> str:
    return ".".join(map(str, sys.version_info[:3]))
