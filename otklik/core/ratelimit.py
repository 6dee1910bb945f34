"""Rate limits and lockouts, counted in the ``shared`` cache so every web process sees the same numbers.

Counts use a sliding window estimated from two fixed ones (this window's count plus the part of the
previous window's that still falls within the period): two cache keys per limit, no list of timestamps,
and no burst of twice the limit across a window's edge as plain fixed windows allow.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    """Too many requests; try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = max(1, retry_after)


def _cache() -> BaseCache:
    return caches["shared"]


def _digest(*parts: str) -> str:
    # Usernames and addresses may hold anything; cache keys must be short and plain.
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]


def client_address(request: HttpRequest) -> str:
    """The client's address: the socket's, or behind TRUSTED_PROXY_COUNT proxies the one they saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        # Each proxy appends the address it was reached from; entries left of those are the client's say.
        if len(hops) >= proxies:
            return hops[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def count(key: str, seconds: int) -> float:
    """Record one event under ``key``; return how many fell within the last ``seconds``, this one included."""
    cache = _cache()
    now = time.time()
    window = int(now // seconds)
    current = f"rl:{key}:{window}"
    try:
        hits = cache.incr(current)
    except ValueError:
        # Kept two periods: the next window reads it as its previous one.
        hits = 1 if cache.add(current, 1, timeout=2 * seconds) else cache.incr(current)
    previous = cache.get(f"rl:{key}:{window - 1}", 0)
    return hits + previous * (1 - (now - window * seconds) / seconds)


def throttle(key: str, rate: tuple[int, int] | None, what: str) -> None:
    """Count one request; raise RateLimited when more than the rate's count fell within its period."""
    if rate is None:
        return
    limit, seconds = rate
    seen = count(key, seconds)
    if seen > limit:
        if seen - 1 <= limit:  # log the crossing, not every refused request after it
            logger.warning("Rate limit %d/%d s exceeded: %s", limit, seconds, what)
        raise RateLimited(math.ceil(seconds - time.time() % seconds))


@dataclass(frozen=True)
class FailureGuard:
    """Lockout after repeated failures (passwords, API tokens) from one address.

    Failures are counted for the account and address together, and for the address alone (one
    address trying many accounts); either count reaching LOGIN_FAILURE_LIMIT locks out its key.
    """

    scope: str
    address: str
    account: str

    def _keys(self) -> list[str]:
        return [
            f"{self.scope}:pair:{_digest(self.account, self.address)}",
            f"{self.scope}:addr:{_digest(self.address)}",
        ]

    def retry_after(self) -> int:
        """Seconds until the lockout ends; 0 when not locked out."""
        until = max(_cache().get_many([f"lock:{key}" for key in self._keys()]).values(), default=0.0)
        return max(0, math.ceil(until - time.time()))

    def check(self) -> None:
        if seconds := self.retry_after():
            raise RateLimited(seconds)

    def failed(self) -> int:
        """Record a failure; return the lockout's seconds if this one started it (or one was on), else 0."""
        rate = settings.LOGIN_FAILURE_LIMIT
        if rate is None:
            return 0
        limit, period = rate
        lockout = settings.LOGIN_LOCKOUT_SECONDS
        for key in self._keys():
            seen = count(key, period)
            if seen >= limit:
                _cache().set(f"lock:{key}", time.time() + lockout, timeout=lockout)
                logger.warning(
                    "Locked out for %d s after %d failures in %d s (%s): address %s, account %r",
                    lockout, round(seen), period, self.scope, self.address, self.account,
                )  # fmt: skip
        return self.retry_after()

    def succeeded(self) -> None:
        """A success forgets the account's failures from this address, so old typos do not add up."""
        window = int(time.time() // settings.LOGIN_FAILURE_LIMIT[1]) if settings.LOGIN_FAILURE_LIMIT else 0
        pair = self._keys()[0]
        _cache().delete_many([f"rl:{pair}:{window}", f"rl:{pair}:{window - 1}"])


class RateLimitedStatusMiddleware:
    """Answer 429 with Retry-After for a page that set ``request.rate_limited_for``.

    A refused sign-in re-renders its own form with the message (the web desk's and the admin's alike),
    so the visitor sees why and can try later from the same page; only the status and header change.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        seconds = getattr(request, "rate_limited_for", 0)
        if seconds and response.status_code == 200:
            response.status_code = 429
            response.reason_phrase = "Too Many Requests"
            response["Retry-After"] = str(seconds)
        return response
