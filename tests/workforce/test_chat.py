"""Chat with concurrency: reduces to Erlang C where it must, and behaves as a planner expects."""

from __future__ import annotations

import pytest

from otklik.workforce import chat, erlang
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import Targets, Workload
from otklik.workforce.staffing import chat_staffing, erlang_c


def test_one_chat_at_a_time_is_erlang_c():
    for agents in (11, 14, 20):
        c = erlang.evaluate(agents, 10, 180, 20)
        one = chat.evaluate(agents, 10 / 180, [180], 20)
        assert one.p_wait == pytest.approx(c.p_wait, rel=1e-12)
        assert one.service_level == pytest.approx(c.service_level, rel=1e-12)
        assert one.asa_seconds == pytest.approx(c.asa_seconds, rel=1e-12)
        assert one.occupancy == pytest.approx(c.occupancy, rel=1e-12)
    workload, targets = Workload(100, 1800, 180), Targets(0.8, 20)
    assert chat_staffing(workload, targets, aht_by_concurrency=[180]).agents == erlang_c(workload, targets).agents


def test_constant_handle_time_is_erlang_c_on_all_slots():
    # Three chats at once at the same pace each: the same as three times the agents, one chat each.
    state = chat.evaluate(5, 12 / 300, [300, 300, 300], 30)
    c = erlang.evaluate(15, 12, 300, 30)
    assert state.service_level == pytest.approx(c.service_level, rel=1e-12)
    assert state.occupancy == pytest.approx(12 / 15)
    assert state.chats_per_agent == pytest.approx(12 / 5)


def test_completion_rate_spreads_chats_evenly():
    # 3 chats over 2 agents: one holds 1 (1/100 per s), the other 2 (2/150 per s), by hand.
    assert chat.completion_rate(3, 2, [100, 150]) == pytest.approx(1 / 100 + 2 / 150)
    assert chat.completion_rate(4, 2, [100, 150]) == pytest.approx(4 / 150)
    assert chat.completion_rate(1, 2, [100, 150]) == pytest.approx(1 / 100)


def test_slower_chats_under_load_need_more_agents():
    workload, targets = Workload(120, 3600, 300), Targets(0.8, 60)
    flat = chat_staffing(workload, targets, aht_by_concurrency=[300, 300, 300]).agents
    slowing = chat_staffing(workload, targets, aht_by_concurrency=[300, 420, 600]).agents
    single = chat_staffing(workload, targets, aht_by_concurrency=[300]).agents
    assert flat < slowing < single


def test_search_is_minimal_and_respects_occupancy():
    workload = Workload(200, 3600, 240)
    targets = Targets(0.85, 45, max_occupancy=0.8)
    aht = [240, 330, 450]
    result = chat_staffing(workload, targets, aht_by_concurrency=aht, shrinkage=0.25)
    assert result.service_level >= 0.85 and result.occupancy <= 0.8
    below = chat.evaluate(result.agents - 1, workload.rate, aht, 45)
    assert below.service_level < 0.85 or below.occupancy > 0.8
    assert result.scheduled == -(-result.agents * 4 // 3)
    assert result.to_dict()["concurrency"] == 3


def test_too_few_agents_is_a_clear_error():
    with pytest.raises(WorkforceError) as exc:
        chat.evaluate(2, 30 / 600, [300, 600], 20)
    assert exc.value.field == "agents"
    with pytest.raises(WorkforceError) as exc:
        chat.evaluate(2, 0.01, [], 20)
    assert exc.value.field == "aht"
