"""A database that stays busy past its timeout answers 503 with a clear message, not a 500 page.

On SQLite one transaction holds the write lock at a time; a writer waits for it up to the busy
timeout (``SQLITE_BUSY_TIMEOUT_SECONDS``) and then gets ``database is locked``. That is the right
outcome when something holds the lock far too long (a stuck request, an open shell): the others fail
after a bounded wait instead of hanging. The client is told to try again shortly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_busy(exc):
            return None
        log.warning("Database busy past its timeout on %s %s: answered 503", request.method, request.path)
        message = _("The desk is busy saving other changes. Nothing was saved; please try again in a few seconds.")
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"error": "busy", "message": message, "field": None}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
