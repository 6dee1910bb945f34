from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User


@dataclass(frozen=True)
class Actor:
    """Who performs a change: a signed-in person, or the customer/system/import with a label."""

    user: User | None = None
    label: str = ""

    @classmethod
    def of(cls, user: User, via: str = "") -> Actor:
        return cls(user=user, label=via)

    @classmethod
    def customer(cls) -> Actor:
        return cls(label="customer")

    @classmethod
    def system(cls, what: str = "system") -> Actor:
        return cls(label=what)
