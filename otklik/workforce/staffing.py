"""The calculators: agents for a target (or the performance of given agents) per kind of queue."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

from django.utils.translation import gettext as _

from otklik.workforce import chat, erlang, erlang_a, inputs
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import MAX_AGENTS, Targets, Workload, scheduled_for
from otklik.workforce.results import CurvePoint, StaffingResult
from otklik.workforce.search import meets_values, required_erlang_c, smallest

# Erlang A below the traffic with a patience this many handle times long is Erlang C overloaded:
# its queue is astronomically long and its service level is nil, so the search skips it unevaluated.
HOPELESS_QUEUE = erlang_a.MAX_QUEUE_STATES // 4


class _QueueState(Protocol):
    """What every queue model's state reports (Erlang C, Erlang A, chat)."""

    @property
    def agents(self) -> int: ...
    @property
    def p_wait(self) -> float: ...
    @property
    def asa_seconds(self) -> float: ...
    @property
    def occupancy(self) -> float: ...


def _result(
    model: str, state: _QueueState, *, traffic: float, service_level: float, shrinkage: float, targets: Targets,
    searched: bool, **extra: object,
) -> StaffingResult:  # fmt: skip
    return StaffingResult(
        model=model, agents=state.agents, scheduled=scheduled_for(state.agents, shrinkage), traffic=traffic,
        service_level=service_level, p_wait=state.p_wait, asa_seconds=state.asa_seconds,
        occupancy=state.occupancy, target_seconds=targets.seconds, searched=searched,
        **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def erlang_c(
    workload: Workload, targets: Targets, *, shrinkage: float = 0.0, agents: int | None = None
) -> StaffingResult:
    traffic, aht = workload.traffic, workload.aht_seconds
    if agents is None:
        state = required_erlang_c(traffic, aht, targets)
    else:
        state = erlang.evaluate(inputs.whole(agents, "agents", minimum=1), traffic, aht, targets.seconds)
    return _result("erlang-c", state, traffic=traffic, service_level=state.service_level, shrinkage=shrinkage,
                   targets=targets, searched=agents is None)  # fmt: skip


def _a_state(agents: int, workload: Workload, patience: float, seconds: float) -> erlang_a.ErlangAState:
    return erlang_a.evaluate(agents, workload.rate, workload.aht_seconds, patience, seconds)


def erlang_a_required(workload: Workload, targets: Targets, patience: float, basis: str) -> int:
    def ok(agents: int) -> bool:
        if (workload.traffic - agents) * patience / workload.aht_seconds > HOPELESS_QUEUE:
            return False
        state = _a_state(agents, workload, patience, targets.seconds)
        return meets_values(state.service_level(basis), state.asa_seconds, state.occupancy, targets)

    # Answered contacts are at most the agents' capacity: N ≥ A·(1 − abandon) ≥ A·SL on the offered basis.
    low = 1
    if basis == erlang_a.Basis.OFFERED and targets.service_level is not None:
        low = max(1, math.floor(workload.traffic * targets.service_level))
    return smallest(ok, low)


def check_basis(basis: str) -> str:
    if basis not in (erlang_a.Basis.OFFERED, erlang_a.Basis.ANSWERED):
        raise WorkforceError(_("The service-level basis is “offered” or “answered”."), field="sl_basis")
    return basis


def erlang_a_staffing(
    workload: Workload,
    targets: Targets,
    *,
    patience: float,
    basis: str = erlang_a.Basis.OFFERED,
    shrinkage: float = 0.0,
    agents: int | None = None,
) -> StaffingResult:
    inputs.positive(patience, "patience")
    check_basis(basis)
    if workload.arrivals == 0 and agents is None:
        return _idle("erlang-a", targets, service_level_basis=basis)
    count = erlang_a_required(workload, targets, patience, basis) if agents is None else agents
    state = _a_state(count, workload, patience, targets.seconds)
    other = erlang_a.Basis.ANSWERED if basis == erlang_a.Basis.OFFERED else erlang_a.Basis.OFFERED
    return _result(
        "erlang-a", state, traffic=state.traffic, service_level=state.service_level(basis), shrinkage=shrinkage,
        targets=targets, searched=agents is None, abandon_rate=state.abandon_rate, service_level_basis=basis,
        service_level_other=state.service_level(other),
    )  # fmt: skip


def chat_required(rate: float, aht: Sequence[float], targets: Targets) -> int:
    def ok(agents: int) -> bool:
        state = chat.evaluate(agents, rate, aht, targets.seconds)
        return meets_values(state.service_level, state.asa_seconds, state.occupancy, targets)

    return smallest(ok, chat.fewest_stable(rate, aht))


def chat_staffing(
    workload: Workload,
    targets: Targets,
    *,
    aht_by_concurrency: Sequence[float],
    shrinkage: float = 0.0,
    agents: int | None = None,
) -> StaffingResult:
    """``workload.aht_seconds`` is ignored here: chat durations come per concurrency level."""
    aht = chat.check_aht(aht_by_concurrency)
    if workload.arrivals == 0 and agents is None:
        return _idle("chat", targets, concurrency=len(aht))
    count = chat_required(workload.rate, aht, targets) if agents is None else agents
    state = chat.evaluate(count, workload.rate, aht, targets.seconds)
    return _result(
        "chat", state, traffic=state.traffic, service_level=state.service_level, shrinkage=shrinkage,
        targets=targets, searched=agents is None, concurrency=state.concurrency,
        chats_per_agent=state.chats_per_agent,
    )  # fmt: skip


def _idle(model: str, targets: Targets, **extra: object) -> StaffingResult:
    """No arrivals in the interval: nobody is needed, and nobody waits."""
    return StaffingResult(
        model=model, agents=0, scheduled=0, traffic=0.0, service_level=1.0, p_wait=0.0, asa_seconds=0.0,
        occupancy=0.0, target_seconds=targets.seconds, searched=True,
        abandon_rate=0.0 if model == "erlang-a" else None, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def erlang_c_curve(workload: Workload, seconds: float, around: int, span: int = 8) -> list[CurvePoint]:
    """Service level, ASA and occupancy for agents around ``around``: the chart next to the answer."""
    traffic = workload.traffic
    first = max(math.floor(traffic) + 1, around - span, 1)
    points = []
    for agents in range(first, min(first + 2 * span + 1, MAX_AGENTS + 1)):
        state = erlang.evaluate(agents, traffic, workload.aht_seconds, seconds)
        points.append(CurvePoint(agents, state.service_level, state.asa_seconds, state.occupancy))
    return points


def erlang_a_curve(
    workload: Workload, seconds: float, patience: float, basis: str, around: int, span: int = 8
) -> list[CurvePoint]:
    first = max(1, around - span)
    points = []
    for agents in range(first, first + 2 * span + 1):
        state = _a_state(agents, workload, patience, seconds)
        points.append(CurvePoint(agents, state.service_level(basis), state.asa_seconds, state.occupancy))
    return points


def chat_curve(
    workload: Workload, seconds: float, aht: Sequence[float], around: int, span: int = 8
) -> list[CurvePoint]:
    first = max(chat.fewest_stable(workload.rate, aht), around - span)
    points = []
    for agents in range(first, first + 2 * span + 1):
        state = chat.evaluate(agents, workload.rate, aht, seconds)
        points.append(CurvePoint(agents, state.service_level, state.asa_seconds, state.occupancy))
    return points
