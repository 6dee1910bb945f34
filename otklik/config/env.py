"""The one place that reads configuration from the environment.

Every variable is listed in ``.env.example``. A bad value fails loudly at start-up with the
variable's name, instead of surfacing later as a confusing error deep inside a request.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TypeVar, overload

T = TypeVar("T")


class ConfigError(RuntimeError):
    """A configuration variable has a value the desk cannot use."""


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (1/0, true/false), got {raw!r}")


def _parse_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


@overload
def env(name: str, default: str) -> str: ...
@overload
def env(name: str, default: T, cast: Callable[[str], T]) -> T: ...
@overload
def env(name: str, default: None = None) -> str | None: ...


def env(name: str, default: object = None, cast: Callable[[str], object] | None = None) -> object:
    """Read ``name`` from the environment, cast it, or fail with a message naming the variable."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if cast is None:
        return raw
    try:
        return cast(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"Environment variable {name}={raw!r} is invalid: {exc}") from exc


def env_bool(name: str, default: bool) -> bool:
    return env(name, default, _parse_bool)


def env_int(name: str, default: int) -> int:
    return env(name, default, int)


def _parse_share(raw: str) -> float:
    value = float(raw)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"expected a share between 0 and 1, got {raw!r}")
    return value


def env_share(name: str, default: float) -> float:
    """A fraction such as a confidence threshold: 0 ≤ value ≤ 1."""
    return env(name, default, _parse_share)


def env_list(name: str, default: list[str]) -> list[str]:
    return env(name, default, _parse_list)


_PERIOD_SECONDS = {"s": 1, "second": 1, "m": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def _parse_rate(raw: str) -> tuple[int, int] | None:
    """``"600/minute"``, ``"10/15m"`` → (count, seconds); ``"off"`` → None (no limit)."""
    if raw.strip().lower() == "off":
        return None
    match = re.fullmatch(r"(\d+)/(\d*)([a-z]+)", raw.strip().lower())
    if not match or int(match[1]) < 1 or match[2] == "0" or match[3] not in _PERIOD_SECONDS:
        raise ValueError(f"expected COUNT/PERIOD such as 600/minute or 10/15m, or off; got {raw!r}")
    return int(match[1]), int(match[2] or 1) * _PERIOD_SECONDS[match[3]]


def env_rate(name: str, default: str) -> tuple[int, int] | None:
    """A rate such as ``600/minute`` or ``10/15m`` as (count, seconds); ``off`` turns the limit off."""
    return env(name, _parse_rate(default), _parse_rate)


def _parse_proxy_ssl_header(raw: str) -> tuple[str, str]:
    # "X-Forwarded-Proto" or "X-Forwarded-Proto: https" → Django's ("HTTP_X_FORWARDED_PROTO", "https").
    header, _, value = raw.partition(":")
    header = header.strip()
    if not header or not all(ch.isalnum() or ch == "-" for ch in header):
        raise ValueError(f"expected a header name such as X-Forwarded-Proto, got {raw!r}")
    return "HTTP_" + header.upper().replace("-", "_"), value.strip() or "https"


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    return env(name, None, _parse_proxy_ssl_header)
