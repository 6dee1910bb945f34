from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import ngettext
from ninja.security import HttpBearer

from otklik.accounts.models import ApiToken
from otklik.accounts.roles import can_work_in_desk
from otklik.accounts.services import api_token_authenticate
from otklik.core.ratelimit import FailureGuard, RateLimited, client_address, throttle


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; tokens come from ``otklik api-token USERNAME``.

    Wrong tokens count like wrong passwords (per token prefix and address, and per address), and an
    address that keeps guessing is answered 429 before any lookup. A good token may make
    ``API_RATE_LIMIT`` requests.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # The prefix is the token's public part (ApiToken.prefix): it groups guesses at one token.
        guard = FailureGuard("api-token", client_address(request), token[:12])
        guard.check()
        user = api_token_authenticate(token)
        if user is None or not can_work_in_desk(user):
            if seconds := guard.failed():
                raise RateLimited(seconds)
            return None
        throttle(f"api:{ApiToken.hash_key(token)[:32]}", settings.API_RATE_LIMIT, f"API token {token[:12]}…")
        request.user = user
        return user


def rate_limited_response(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """The API's error shape for 429, with Retry-After; api.py registers it for RateLimited."""
    message = ngettext(
        "Too many requests. Try again in %(seconds)d second.",
        "Too many requests. Try again in %(seconds)d seconds.",
        exc.retry_after,
    ) % {"seconds": exc.retry_after}
    response = JsonResponse({"error": "rate_limited", "message": message, "field": None}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response
