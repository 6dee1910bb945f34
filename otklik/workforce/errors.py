"""The one error the workforce models raise: bad input or an unreachable target, naming the field."""

from __future__ import annotations

from otklik.core.errors import DomainError


class WorkforceError(DomainError):
    """Bad planning input. ``field`` is the input's name as the CLI and the structure file spell it."""
