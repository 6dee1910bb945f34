"""Chat with concurrency: each agent holds up to k chats at once, and a chat takes longer when the
agent holds more of them.

Model (a birth–death chain, like Erlang C): ``aht[j − 1]`` is the mean duration of a chat while its
agent holds j chats, exponential. The router hands a new chat to the least-loaded agent, so with n
chats in service and N agents, n mod N agents hold ⌈n/N⌉ and the rest ⌊n/N⌋, and chats finish at

    μ(n) = Σ over agents of j / AHT(j).

Chats beyond N·k wait in one queue, first come first served, and leave it at the constant rate
μ(N·k); so above N·k the chain is geometric and the wait of a chat that queues is exponential with
rate μ(N·k) − λ, exactly as in Erlang C. With k = 1 this is Erlang C; with a constant AHT it is
Erlang C with N·k servers. The service level is for the first answer (time until an agent takes
the chat), which is what a customer in a chat window waits for.

Assumptions: memoryless chat durations, no abandonment, an agent's pace depends only on how many
chats they hold now, and a chat never moves between agents.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from otklik.workforce import inputs
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import MAX_AGENTS


@dataclass(frozen=True)
class ChatState:
    agents: int
    concurrency: int
    traffic: float  # chat-hours of agent attention per hour at concurrency 1
    p_wait: float
    service_level: float
    asa_seconds: float
    occupancy: float  # share of chat slots in use
    agents_busy: float  # share of agents holding at least one chat
    chats_per_agent: float  # chats held per agent on average


def check_aht(aht: Sequence[float]) -> tuple[float, ...]:
    if not aht:
        raise WorkforceError(_("Give the handle time of a chat."), field="aht")
    return tuple(inputs.positive(value, "aht") for value in aht)


def completion_rate(chats: int, agents: int, aht: Sequence[float]) -> float:
    """Chats finishing per second with ``chats`` in service spread as evenly as the router can."""
    each, extra = divmod(chats, agents)
    rate = 0.0
    if each:
        rate += (agents - extra) * each / aht[each - 1]
    if extra:
        rate += extra * (each + 1) / aht[each]
    return rate


def capacity(agents: int, aht: Sequence[float]) -> float:
    """Chats per second the team finishes when every slot is taken."""
    return agents * len(aht) / aht[-1]


def _check(agents: int, rate: float, aht: Sequence[float], seconds: float) -> tuple[float, ...]:
    inputs.whole(agents, "agents", minimum=1)
    if agents * len(aht) > MAX_AGENTS * 4:
        raise WorkforceError(_("Too many chat slots to model."), field="agents")
    inputs.non_negative(rate, "arrivals")
    inputs.non_negative(seconds, "target_seconds")
    handle = check_aht(aht)
    if rate >= capacity(agents, handle):
        raise WorkforceError(
            _("%(agents)s agents at full concurrency finish fewer chats than arrive: the queue grows without limit.")
            % {"agents": agents},
            field="agents",
        )
    return handle


def evaluate(agents: int, rate: float, aht: Sequence[float], seconds: float) -> ChatState:
    """The chat team's performance with ``agents`` agents and ``rate`` new chats per second."""
    handle = _check(agents, rate, aht, seconds)
    slots = agents * len(handle)
    if rate == 0:
        return ChatState(agents, len(handle), 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0)
    # log weights of 0..slots chats present; above that a geometric tail with ratio `ratio`.
    logs = [0.0]
    log_rate = math.log(rate)
    for n in range(1, slots + 1):
        logs.append(logs[-1] + log_rate - math.log(completion_rate(n, agents, handle)))
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    full_rate = capacity(agents, handle)
    ratio = rate / full_rate
    weights[-1] /= 1 - ratio  # every state with all slots taken, folded into one
    total = math.fsum(weights)
    p_wait = weights[-1] / total
    in_service = math.fsum(n * w for n, w in enumerate(weights[:-1])) + slots * weights[-1]
    busy_agents = math.fsum(min(n, agents) * w for n, w in enumerate(weights[:-1])) + agents * weights[-1]
    drain = full_rate - rate
    return ChatState(
        agents=agents,
        concurrency=len(handle),
        traffic=rate * handle[0],
        p_wait=p_wait,
        service_level=1 - p_wait * math.exp(-drain * seconds),
        asa_seconds=p_wait / drain,
        occupancy=in_service / total / slots,
        agents_busy=busy_agents / total / agents,
        chats_per_agent=in_service / total / agents,
    )


def fewest_stable(rate: float, aht: Sequence[float]) -> int:
    """The fewest agents whose full-concurrency pace outruns the arrivals."""
    return max(1, math.floor(rate * aht[-1] / len(aht)) + 1)
