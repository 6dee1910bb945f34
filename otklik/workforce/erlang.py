"""Erlang B and Erlang C (M/M/N): probability of waiting, service level, speed of answer, occupancy.

Erlang B comes from the recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)). Every step maps a
value in (0, 1] into (0, 1], so rounding errors shrink instead of growing and nothing overflows at
20,000 agents (the textbook A^N / N! form overflows near N = 170). Erlang C follows from B without
another sum: C = N·B / (N − A·(1 − B)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from otklik.workforce import inputs
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import MAX_AGENTS


def erlang_b(agents: int, traffic: float) -> float:
    """Blocking probability of N servers offered A Erlangs with no queue."""
    inputs.whole(agents, "agents")
    inputs.non_negative(traffic, "traffic")
    if agents > MAX_AGENTS:
        raise WorkforceError(_("At most %(max)s agents.") % {"max": MAX_AGENTS}, field="agents")
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
    return blocking


def erlang_b_step(blocking: float, agents: int, traffic: float) -> float:
    """B(N + 1) from B(N): one step of the recursion, so a search can walk N upwards in O(1) each."""
    return traffic * blocking / (agents + 1 + traffic * blocking)


def erlang_c_from_b(blocking: float, agents: int, traffic: float) -> float:
    return agents * blocking / (agents - traffic * (1 - blocking))


def check_stable(agents: int, traffic: float) -> None:
    """Erlang C has no steady state unless agents exceed traffic: the queue would grow forever."""
    if agents <= traffic:
        raise WorkforceError(
            _(
                "%(agents)s agents cannot carry %(traffic).2f Erlangs: without abandonment the queue grows "
                "without limit. Use more agents than the traffic."
            )
            % {"agents": agents, "traffic": traffic},
            field="agents",
        )


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that an arriving contact waits (all N agents busy)."""
    check_stable(agents, traffic)
    return erlang_c_from_b(erlang_b(agents, traffic), agents, traffic)


@dataclass(frozen=True)
class QueueState:
    """How one queue performs with a given number of agents."""

    agents: int
    traffic: float
    p_wait: float
    service_level: float
    asa_seconds: float
    occupancy: float


def state_from_c(p_wait: float, agents: int, traffic: float, aht: float, seconds: float) -> QueueState:
    """SL(t) = 1 − C·e^{−(N−A)·t/AHT}; ASA = C·AHT/(N−A); occupancy = A/N (Erlang C, FCFS)."""
    spare = agents - traffic
    return QueueState(
        agents=agents,
        traffic=traffic,
        p_wait=p_wait,
        service_level=1 - p_wait * math.exp(-spare * seconds / aht),
        asa_seconds=p_wait * aht / spare,
        occupancy=traffic / agents,
    )


def evaluate(agents: int, traffic: float, aht: float, seconds: float) -> QueueState:
    """Erlang C for a given number of agents."""
    inputs.positive(aht, "aht")
    inputs.non_negative(seconds, "target_seconds")
    if traffic == 0:
        return QueueState(agents, 0.0, 0.0, 1.0, 0.0, 0.0)
    return state_from_c(erlang_c(agents, traffic), agents, traffic, aht, seconds)


def service_level(agents: int, traffic: float, aht: float, seconds: float) -> float:
    return evaluate(agents, traffic, aht, seconds).service_level
