"""gunicorn's threaded worker, accepting a connection only while it has a thread free to serve it.

Every worker process polls the one listening socket, and the stock ``gthread`` worker accepts every
connection it is woken for, up to ``worker_connections`` (1,000). A keep-alive connection then stays
with the worker that accepted it. When clients connect at about the same moment (an integration's
connection pool, a proxy's upstream pool, a load test), one worker often takes all of them: its
threads share one interpreter lock and one core while the other workers idle. Measured with 16
keep-alive clients and 2 workers x 2 threads, all 2,032 appeals went to one worker, which used 1.1
of the machine's 2 cores (docs/benchmarks.md).

This worker stops listening while all its threads are busy and listens again as soon as one is
free, so a new connection goes to a worker that can serve it now; if every worker is busy it waits
in the kernel's backlog for the first free thread. Connections a worker already holds are served
as before. Nothing else changes, so it is what ``otklik run`` uses.

It overrides three methods of gunicorn 27's ``ThreadWorker`` (pyproject pins the major version);
tests/core/test_gunicorn_worker.py runs it in a real gunicorn.
"""

from __future__ import annotations

from typing import Any

from gunicorn.workers.gthread import ThreadWorker


class BalancedThreadWorker(ThreadWorker):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Requests handed to the thread pool and not finished. Changed and read on the main
        # thread only (accept, the poller's callbacks and finish_request all run there).
        self.in_flight = 0

    def has_free_thread(self) -> bool:
        return self.in_flight < self.cfg.threads

    def set_accept_enabled(self, enabled: bool) -> None:
        # The run loop asks to listen whenever it is under worker_connections; listen only with a
        # thread free as well.
        super().set_accept_enabled(enabled and self.alive and self.has_free_thread())

    def enqueue_req(self, conn: Any) -> None:
        self.in_flight += 1
        super().enqueue_req(conn)
        if not self.has_free_thread():
            self.set_accept_enabled(False)

    def finish_request(self, conn: Any, fs: Any) -> None:
        self.in_flight -= 1
        super().finish_request(conn, fs)
        self.set_accept_enabled(self.nr_conns < self.worker_connections)
