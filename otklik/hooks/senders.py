"""The worker's webhook senders: a few threads, and at most a few requests in flight per endpoint.

Huey's worker threads are shared by every background task, so they never wait on a receiver: the
``send_webhooks`` task hands its ids to this pool and returns. Each endpoint gets at most
``WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT`` threads here; its other rows wait in its own line, so an
endpoint that hangs ties up only its own slots and the other endpoints' rows go to the free threads.
The claim (hooks/delivery.py) enforces the same limit in the database across worker processes; this
line only keeps a busy endpoint's rows from taking threads just to be turned away.

Everything here is a hint kept in memory: if the process dies, the rows are still due in the table
(or their lease runs out) and the sweep sends them. The threads are daemons, so stopping the worker
never waits for a hanging receiver.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import deque
from collections.abc import Callable

import httpx
from django.conf import settings
from django.db import close_old_connections, connections

from otklik.hooks.delivery import Skip, max_in_flight, send_claimed
from otklik.hooks.models import DeliveryStatus, WebhookDelivery

log = logging.getLogger(__name__)

Send = Callable[[int, httpx.Client], object]


class Senders:
    def __init__(self, *, threads: int, per_endpoint: int, timeout: float, send: Send = send_claimed) -> None:
        self.per_endpoint = max(1, per_endpoint)
        self._send = send
        self._client = httpx.Client(timeout=timeout, limits=httpx.Limits(max_connections=max(threads, 1) * 2))
        self._jobs: queue.SimpleQueue[tuple[int, int]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._running: dict[int, int] = {}  # endpoint id → its rows being sent by this process
        self._waiting: dict[int, deque[int]] = {}  # endpoint id → its rows waiting for one of its slots
        self._known: set[int] = set()  # rows running or waiting here: a second hint for one is dropped
        for n in range(max(1, threads)):
            threading.Thread(target=self._work, name=f"webhook-sender-{n}", daemon=True).start()

    def submit(self, delivery_ids: list[int]) -> None:
        rows = (
            WebhookDelivery.objects.filter(
                pk__in=delivery_ids, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
            )
            .order_by("pk")
            .values_list("pk", "endpoint_id")
        )
        with self._lock:
            for pk, endpoint_id in rows:
                if pk in self._known:
                    continue
                self._known.add(pk)
                if self._running.get(endpoint_id, 0) < self.per_endpoint:
                    self._running[endpoint_id] = self._running.get(endpoint_id, 0) + 1
                    self._jobs.put((pk, endpoint_id))
                else:
                    self._waiting.setdefault(endpoint_id, deque()).append(pk)

    def in_flight(self, endpoint_id: int) -> int:
        with self._lock:
            return self._running.get(endpoint_id, 0)

    def wait_idle(self, timeout: float) -> bool:
        """Until nothing is running or waiting here (tests and the benchmark)."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._known, timeout)

    def _work(self) -> None:
        while True:
            pk, endpoint_id = self._jobs.get()
            outcome: object = None
            try:
                close_old_connections()
                outcome = self._send(pk, self._client)
            except Exception:
                log.exception("Webhook delivery %s failed in its sender; the sweep will retry it", pk)
            finally:
                if self._jobs.empty():
                    # An idle sender holds no database connection: a desk rarely sends webhooks all day.
                    connections.close_all()
                else:
                    close_old_connections()
                self._next(pk, endpoint_id, drop_line=outcome in (Skip.CIRCUIT_OPEN, Skip.INACTIVE))

    def _next(self, pk: int, endpoint_id: int, *, drop_line: bool) -> None:
        """Pass the finished row's slot to the endpoint's next waiting row, or free it."""
        with self._lock:
            self._known.discard(pk)
            line = self._waiting.get(endpoint_id)
            if line and drop_line:
                # Held back or switched off: the rest of the line would only be turned away one by one.
                # The table keeps them due; the circuit's wake-up or the sweep brings them back.
                self._known.difference_update(line)
                line.clear()
            if line:
                self._jobs.put((line.popleft(), endpoint_id))
                return
            self._waiting.pop(endpoint_id, None)
            self._running[endpoint_id] -= 1
            if not self._running[endpoint_id]:
                del self._running[endpoint_id]
            if not self._known:
                self._idle.notify_all()


_senders: Senders | None = None
_senders_lock = threading.Lock()


def senders() -> Senders:
    """This process's pool, started on first use (only the worker process sends)."""
    global _senders
    with _senders_lock:
        if _senders is None:
            _senders = Senders(
                threads=settings.WEBHOOK_SENDER_THREADS,
                per_endpoint=max_in_flight(),
                timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            )
        return _senders
