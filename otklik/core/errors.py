"""Errors that services raise and every entry point turns into a clear answer."""

from __future__ import annotations


class DomainError(Exception):
    """A request the desk refuses. ``field`` names the offending input when there is one."""

    status_code = 422
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
