"""A throwaway PostgreSQL cluster under bench/.work/pg, on a free loopback port."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

from bench.util import HOST, WORK, free_port, log, run

CANDIDATE_BINS = [Path("/usr/lib/postgresql") / v / "bin" for v in ("17", "16", "15")]


def find_bin() -> Path | None:
    for candidate in CANDIDATE_BINS:
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class Cluster:
    def __init__(self) -> None:
        bindir = find_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.bin = bindir
        self.dir = WORK / "pg"
        self.data = self.dir / "data"
        self.port = free_port()
        self.user = "postgres"
        self.running = False

    def _as_owner(self, cmd: list[str]) -> list[str]:
        # initdb refuses to run as root; Debian's package created the postgres system user.
        if os.geteuid() == 0:
            return ["runuser", "-u", self.user, "--", *cmd]
        return cmd

    def version(self) -> str:
        return run([str(self.bin / "postgres"), "--version"]).strip()

    def start(self) -> None:
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        log(f"PostgreSQL: initdb into {self.data}")
        run(self._as_owner([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                            "--auth=trust", "-E", "UTF8", "--no-locale"]))  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses={HOST} -k {self.dir} -c shared_buffers=256MB -c max_connections=200"
        )
        run(self._as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"),
                            "-o", options, "-w", "-t", "60", "start"]))  # fmt: skip
        self.running = True
        log(f"PostgreSQL: {self.version()} listening on {HOST}:{self.port}")

    def pid(self) -> int | None:
        """The postmaster's process id (its backends are its children), for the CPU it spends."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{dbname}"

    def create_db(self, name: str) -> None:
        run([str(self.bin / "dropdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres", "--if-exists", name])
        run([str(self.bin / "createdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres", name])

    def psql(self, dbname: str, sql: str) -> str:
        return run([str(self.bin / "psql"), "-h", HOST, "-p", str(self.port), "-U", "postgres", "-d", dbname,
                    "-Atc", sql])  # fmt: skip

    def stop(self) -> None:
        if not self.running:
            return
        try:
            run(self._as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                timeout=60)  # fmt: skip
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            log(f"PostgreSQL: stop failed: {exc}")
        self.running = False
        log("PostgreSQL: stopped")
