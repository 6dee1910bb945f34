from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse bodies over ``OTKLIK_MAX_REQUEST_BYTES`` with 413 before anything reads them.

    Django alone answers an oversized body with a generic 400 once a view touches it; clients
    (and the API contract) need the distinct 413 so they know shrinking the body is the fix.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.OTKLIK_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"error": "bad_request", "message": "Invalid Content-Length"}, status=400)
        if length > limit:
            return JsonResponse(
                {
                    "error": "payload_too_large",
                    "message": _("Request body is too large: %(size)d bytes, the limit is %(limit)d.")
                    % {"size": length, "limit": limit},
                    "limit_bytes": limit,
                },
                status=413,
            )
        return self.get_response(request)
