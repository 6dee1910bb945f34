"""The smallest number of agents that meets the targets.

Erlang C walks N upwards from the first stable value carrying Erlang B along (one O(1) step per N),
so 10,000 Erlangs costs one pass of the recursion plus a few hundred steps. The other models are
monotone in N as well but have no cheap step, so they use a doubling-then-bisecting search.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from django.utils.translation import gettext as _

from otklik.workforce import erlang
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import MAX_AGENTS, Targets


def meets_values(service_level: float, asa_seconds: float, occupancy: float, targets: Targets) -> bool:
    # A hair of tolerance so that a target met exactly (SL = 0.8 on the nose) counts as met.
    if targets.service_level is not None and service_level < targets.service_level - 1e-12:
        return False
    if targets.asa_seconds is not None and asa_seconds > targets.asa_seconds + 1e-9:
        return False
    return occupancy <= targets.max_occupancy + 1e-12


def meets(state: erlang.QueueState, targets: Targets) -> bool:
    return meets_values(state.service_level, state.asa_seconds, state.occupancy, targets)


def unreachable(limit: int) -> WorkforceError:
    return WorkforceError(
        _("No staffing up to %(max)s agents meets these targets.") % {"max": limit}, field="target_sl"
    )


def required_erlang_c(traffic: float, aht: float, targets: Targets) -> erlang.QueueState:
    """Smallest N > A meeting every target under Erlang C, with its performance."""
    if traffic == 0:
        return erlang.QueueState(0, 0.0, 0.0, 1.0, 0.0, 0.0)
    start = max(math.floor(traffic) + 1, math.ceil(traffic / targets.max_occupancy - 1e-9))
    if start > MAX_AGENTS:
        raise unreachable(MAX_AGENTS)
    blocking = erlang.erlang_b(start, traffic)
    for agents in range(start, MAX_AGENTS + 1):
        p_wait = erlang.erlang_c_from_b(blocking, agents, traffic)
        state = erlang.state_from_c(p_wait, agents, traffic, aht, targets.seconds)
        if meets(state, targets):
            return state
        blocking = erlang.erlang_b_step(blocking, agents, traffic)
    raise unreachable(MAX_AGENTS)


def smallest(ok: Callable[[int], bool], low: int, limit: int = MAX_AGENTS) -> int:
    """Smallest n in [low, limit] with ok(n), for ok monotone (False … False True … True).

    Steps up from ``low`` by about √low, doubling the step, then bisects: queues need roughly
    traffic + β·√traffic agents, so the answer is usually a few steps above a good lower bound.
    """
    if ok(low):
        return low
    bad, step = low, max(1, math.isqrt(low))
    good = min(limit, low + step)
    while not ok(good):
        if good >= limit:
            raise unreachable(limit)
        bad, step = good, step * 2
        good = min(limit, good + step)
    while good - bad > 1:
        middle = (bad + good) // 2
        if ok(middle):
            good = middle
        else:
            bad = middle
    return good
