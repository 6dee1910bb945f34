"""A deliberately small HTTP/1.1 load client on raw asyncio streams.

The machine running the benchmark also runs the servers, so the client must cost as little CPU as
possible: no HTTP library, keep-alive connections, one event loop. Both systems are driven by the
same code, so whatever it costs, it costs them equally.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

REQUEST_TIMEOUT = 60.0
# django-helpdesk's list API reads the whole ticket table per request: allow it minutes, not hours.
LIST_TIMEOUT = 300.0


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body or method in {"POST", "PUT", "PATCH"}:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        hdrs = {}
        for line in header_lines:
            if ":" in line:
                k, v = line.split(":", 1)
                hdrs[k.strip().lower()] = v.strip()
        if "content-length" in hdrs:
            data = await self.reader.readexactly(int(hdrs["content-length"]))
        elif hdrs.get("transfer-encoding", "").lower() == "chunked":
            data = await self._read_chunked()
        else:  # no length: the body runs until the server closes
            data = await self.reader.read()
            hdrs["connection"] = "close"
        if hdrs.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, hdrs, data)

    async def _read_chunked(self) -> bytes:
        assert self.reader is not None
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


@dataclass
class LoadResult:
    requests: int = 0
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    # Filled in by the bench where /proc is readable: CPU seconds the server's processes (web and worker)
    # and, on PostgreSQL, the database server spent on this load, and how long the servers took to go
    # quiet after the last answer (Otklik's worker finishing the event feed).
    server_cpu: float | None = None
    db_cpu: float | None = None
    settle_seconds: float = 0.0

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        """Server CPU-ms per successful request (web processes and worker)."""
        return self.server_cpu * 1000 / self.ok if self.server_cpu is not None and self.ok else float("nan")

    @property
    def db_cpu_ms(self) -> float:
        return self.db_cpu * 1000 / self.ok if self.db_cpu is not None and self.ok else float("nan")

    def note_error(self, text: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(text[:300])


RequestFactory = Callable[[int], tuple[str, str, dict[str, str], bytes]]


async def _run_concurrent(
    host: str,
    port: int,
    make: RequestFactory,
    total: int | None,
    concurrency: int,
    deadline: float,
    ok_status: set[int],
) -> LoadResult:
    result = LoadResult()
    counter = iter(range(total)) if total is not None else itertools.count()
    started = time.perf_counter()

    async def client() -> None:
        conn = Connection(host, port)
        try:
            for i in counter:
                if time.perf_counter() - started > deadline:
                    return
                method, path, headers, body = make(i)
                t0 = time.perf_counter()
                result.requests += 1
                try:
                    resp = await asyncio.wait_for(conn.request(method, path, headers, body), REQUEST_TIMEOUT)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    result.note_error(f"{type(exc).__name__}: {exc}")
                    await conn.close()
                    continue
                result.latencies.append(time.perf_counter() - t0)
                if resp.status in ok_status:
                    result.ok += 1
                else:
                    result.note_error(f"HTTP {resp.status}: {resp.body[:200]!r}")
        finally:
            await conn.close()

    await asyncio.gather(*(client() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    return result


def run_concurrent(
    host: str,
    port: int,
    make: RequestFactory,
    *,
    total: int | None,
    concurrency: int,
    deadline: float = 900.0,
    ok_status: frozenset[int] = frozenset({200, 201}),
) -> LoadResult:
    """``total`` requests from ``concurrency`` keep-alive connections; stops early at ``deadline`` s.

    With ``total=None`` the clients run for ``deadline`` seconds: no request starts after it, the ones in
    flight finish, and the wall time runs until the last has (a fixed-duration round).
    """
    return asyncio.run(_run_concurrent(host, port, make, total, concurrency, deadline, set(ok_status)))


def run_sequential(
    host: str, port: int, path: str, headers: dict[str, str], *, count: int, warmup: int, budget: float
) -> LoadResult:
    """One client, one request at a time; stops after ``budget`` seconds (at least 3 timed requests).

    The warm-up stops early too, after a quarter of the budget, so a page that takes seconds does
    not spend the run warming up.
    """

    async def go() -> LoadResult:
        result = LoadResult()
        conn = Connection(host, port)
        try:
            warm_started = time.perf_counter()
            for _ in range(max(1, warmup)):
                await asyncio.wait_for(conn.request("GET", path, headers), LIST_TIMEOUT)
                if time.perf_counter() - warm_started > budget / 4:
                    break
            started = time.perf_counter()
            for n in range(count):
                if n >= 3 and time.perf_counter() - started > budget:
                    break
                t0 = time.perf_counter()
                result.requests += 1
                try:
                    resp = await asyncio.wait_for(conn.request("GET", path, headers), LIST_TIMEOUT)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    result.note_error(f"{type(exc).__name__}: {exc}")
                    await conn.close()
                    continue
                if resp.status == 200:
                    result.ok += 1
                    result.latencies.append(time.perf_counter() - t0)
                else:
                    result.note_error(f"HTTP {resp.status}: {resp.body[:200]!r}")
            result.seconds = time.perf_counter() - started
        finally:
            await conn.close()
        return result

    return asyncio.run(go())


def get(host: str, port: int, path: str, headers: dict[str, str]) -> Response:
    async def go() -> Response:
        conn = Connection(host, port)
        try:
            return await asyncio.wait_for(conn.request("GET", path, headers), REQUEST_TIMEOUT)
        finally:
            await conn.close()

    return asyncio.run(go())


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank-interpolated percentile (statistics.quantiles, inclusive method)."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[int(q) - 1]
