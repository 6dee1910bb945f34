"""Results of the calculators, with ``to_dict()`` giving the keys the CLI's --json promises."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def rounded(value: float, digits: int = 4) -> float:
    # + 0.0 turns a negative zero (a change that rounds away) into a plain 0.0 in JSON.
    return round(float(value), digits) + 0.0


@dataclass(frozen=True)
class StaffingResult:
    """Agents for one queue (phone with Erlang C or A, or chat) and how the queue then performs."""

    model: str  # "erlang-c", "erlang-a" or "chat"
    agents: int
    scheduled: int
    traffic: float
    service_level: float
    p_wait: float
    asa_seconds: float
    occupancy: float
    target_seconds: float
    searched: bool  # True when the agents were found for targets, False when given
    abandon_rate: float | None = None
    service_level_basis: str | None = None
    service_level_other: float | None = None  # Erlang A: the service level on the other basis
    concurrency: int | None = None
    chats_per_agent: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "agents": self.agents,
            "scheduled": self.scheduled,
            "service_level": rounded(self.service_level),
            "p_wait": rounded(self.p_wait),
            "asa_seconds": rounded(self.asa_seconds, 2),
            "occupancy": rounded(self.occupancy),
        }
        if self.model == "erlang-a":
            data["abandon_rate"] = rounded(self.abandon_rate or 0.0)
            data["service_level_basis"] = self.service_level_basis
        if self.model == "chat":
            data["concurrency"] = self.concurrency
            data["chats_per_agent"] = rounded(self.chats_per_agent or 0.0, 3)
        return data


@dataclass(frozen=True)
class CurvePoint:
    """One point of a service-level-against-agents chart."""

    agents: int
    service_level: float
    asa_seconds: float
    occupancy: float
