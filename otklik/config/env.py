"""The one place that reads configuration from the environment.

Every variable is listed in ``.env.example``. A bad value fails loudly at start-up with the
variable's name, instead of surfacing later as a confusing error deep inside a request.
"""

from __future__ import annotations

import os
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
