"""Real HTTP receivers on loopback for the webhook tests and the benchmark."""

from __future__ import annotations

import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    """Records what it got; answers ``status``, or holds each request while ``hang`` is set.

    A held request waits until ``release()`` (or ``hold_seconds``), like an endpoint that hangs: the
    test decides when it lets go, so nothing depends on how fast this machine is.
    """

    def __init__(self, status: int = 200, *, hang: bool = False, hold_seconds: float = 600.0) -> None:
        self.status = status
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.hold_seconds = hold_seconds
        self._released = threading.Event()
        if not hang:
            self._released.set()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                arrived = time.time()
                with receiver._lock:
                    receiver.in_flight += 1
                    receiver.max_in_flight = max(receiver.max_in_flight, receiver.in_flight)
                    receiver.requests.append({"headers": dict(self.headers), "body": body, "at": arrived})
                try:
                    receiver._hold(self.connection)
                    self.send_response(receiver.status)
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:  # the sender gave up waiting and closed the connection
                    pass
                finally:
                    with receiver._lock:
                        receiver.in_flight -= 1

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _hold(self, conn: socket.socket) -> None:
        """Wait for ``release()`` or ``hold_seconds``, but stop counting a request its sender gave up on."""
        deadline = time.monotonic() + self.hold_seconds
        while not self._released.is_set() and time.monotonic() < deadline:
            readable, _, _ = select.select([conn], [], [], 0.05)
            if readable and not conn.recv(1, socket.MSG_PEEK):
                return  # the sender timed out and closed the connection

    def release(self) -> None:
        self._released.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()


def wait_for(condition: Any, timeout: float = 30.0) -> bool:
    """Poll until ``condition()`` holds; a generous cap only so a broken build fails instead of hanging."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())
