"""The support-structure model: routing, staffing per pool, FTE and cost, scenarios, file errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from otklik.workforce import erlang_a
from otklik.workforce.errors import WorkforceError
from otklik.workforce.structure import compare, evaluate
from otklik.workforce.structure_spec import load_text, merge, parse

EXAMPLES = Path(__file__).resolve().parents[2] / "otklik" / "workforce" / "examples"

SMALL = """
name: Small desk
hours_per_fte: 40
open_hours_per_day: 8
open_days: 5
lines:
  - {id: L1, cost_per_fte: 100000, shrinkage: 0.3, max_occupancy: 1.0,
     service: {phone: {target_sl: 0.8, target_seconds: 20}}}
  - {id: L2, cost_per_fte: 150000, shrinkage: 0.2, max_occupancy: 1.0,
     service: {phone: {target_sl: 0.8, target_seconds: 20}}}
topics:
  - {id: A, channel: phone, volume_per_hour: 200, handle: {L1: 180}}
  - {id: B, channel: phone, volume_per_hour: 20, handle: {L1: 180, L2: 600}, escalated: 0.5}
scenarios:
  - name: B straight to L2
    topics:
      B: {handle: {L1: null}, escalated: 0}
"""


def test_small_structure_by_hand():
    result = compare(load_text(SMALL))
    base = result.base
    l1, l2 = base.line("L1"), base.line("L2")
    assert l1 is not None and l2 is not None
    # L1: 220 calls an hour × 180 s = 11 Erlangs; 80/20 needs 15 agents (Erlang C).
    assert l1.traffic == pytest.approx(11)
    assert l1.agents == 15
    # Open 40 h a week with 40-hour contracts: one agent on the phones = 1 / (1 − 0.3) FTE.
    assert l1.scheduled_fte == pytest.approx(15 / 0.7)
    assert l1.cost == pytest.approx(15 / 0.7 * 100_000)
    # L2: half of B's 20 calls, 10 an hour × 600 s = 1.667 Erlangs.
    assert l2.traffic == pytest.approx(10 * 600 / 3600)
    assert base.escalation_rate == pytest.approx(10 / 220)
    # Scenario: B skips L1 and all 20 calls go to L2.
    moved = result.scenarios[0]
    moved_l1, moved_l2 = moved.line("L1"), moved.line("L2")
    assert moved_l1 is not None and moved_l2 is not None
    assert moved_l1.traffic == pytest.approx(10)
    assert moved_l2.traffic == pytest.approx(20 * 600 / 3600)
    delta = result.delta(moved)
    assert delta["scheduled_fte"] == pytest.approx(moved.scheduled_fte - base.scheduled_fte, abs=0.01)
    assert delta["cost"] == pytest.approx(moved.cost - base.cost, abs=1)
    assert delta["lines"]["L1"]["scheduled_fte"] == pytest.approx(moved_l1.scheduled_fte - l1.scheduled_fte, abs=0.01)


def test_only_answered_contacts_are_escalated():
    data = yaml.safe_load(SMALL)
    data["lines"][0]["service"]["phone"]["patience"] = 60
    result = evaluate(parse(data))
    l1_phone = result.line("L1").pools[0]  # type: ignore[union-attr]
    assert l1_phone.model == "erlang-a"
    state = erlang_a.evaluate(l1_phone.agents, 220 / 3600, 180, 60, 20)
    assert l1_phone.abandon_rate == pytest.approx(state.abandon_rate)
    l2_volume = result.line("L2").volume  # type: ignore[union-attr]
    assert l2_volume == pytest.approx(20 * (1 - state.abandon_rate) * 0.5)


def test_each_channel_gets_its_model():
    result = compare(load_text((EXAMPLES / "saas.yaml").read_text()))
    models = {(p.line, p.channel): p.model for line in result.base.lines for p in line.pools}
    assert models == {("L1", "chat"): "chat", ("L1", "email"): "deferred", ("L2", "email"): "deferred"}
    bank = compare(load_text((EXAMPLES / "bank.yaml").read_text()))
    assert bank.base.line("L1").pools[0].model == "erlang-a"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["pizzeria", "bank", "saas"])
def test_worked_examples_load_and_compare(name):
    comparison = compare(load_text((EXAMPLES / f"{name}.yaml").read_text()))
    assert comparison.scenarios
    data = comparison.to_dict()
    assert set(data) == {"name", "currency", "cost_period", "base", "scenarios"}
    for scenario in data["scenarios"]:
        assert set(scenario["delta"]) == {"scheduled_fte", "cost", "service_level", "escalation_rate", "lines"}
    for line in comparison.base.lines:
        for pool in line.pools:
            if pool.service_level is not None:
                assert pool.agents > 0


def test_pizzeria_refunds_on_the_first_line_save_money():
    # The brief's story: resolving more topics on the first line saves FTE without losing quality.
    comparison = compare(load_text((EXAMPLES / "pizzeria.yaml").read_text()))
    refunds = comparison.scenarios[0]
    delta = comparison.delta(refunds)
    assert delta["cost"] < 0
    assert delta["lines"]["L1"]["scheduled_fte"] > 0 > delta["lines"]["L2"]["scheduled_fte"]
    assert refunds.service_level >= comparison.base.service_level  # type: ignore[operator]


def test_merge_semantics():
    assert merge({"a": 1, "b": {"c": 2, "d": 3}}, {"b": {"c": 5, "d": None}, "e": 6}) == {"a": 1, "b": {"c": 5}, "e": 6}
    assert merge({"a": [1, 2]}, {"a": [3]}) == {"a": [3]}


def broken(path: str, value: object) -> str:
    """SMALL with one field replaced, addressed like lines.0.shrinkage."""
    data = yaml.safe_load(SMALL)
    target = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    target[int(last) if last.isdigit() else last] = value
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("lines.0.shrinkage", 1.0, "lines[0].shrinkage"),
        ("lines.0.max_occupancy", 0, "lines[0].max_occupancy"),
        ("lines.0.colour", "red", "lines[0].colour"),
        ("lines.1.id", "L1", "lines[1].id"),
        ("lines.0.service", {"fax": {}}, "lines[0].service.fax"),
        ("lines.0.service.phone.target_sl", 1.5, "lines[0].service.phone.target_sl"),
        ("topics.0.handle", {"L3": 100}, "topics[0].handle.L3"),
        ("topics.0.volume_per_hour", -3, "topics[0].volume_per_hour"),
        ("topics.0.channel", "pigeon", "topics[0].channel"),
        ("topics.1.escalated", 1.5, "topics[1].escalated"),
        ("topics.0.escalated", 0.2, "topics[0].escalated"),
        ("topics.1.handle.L2", "slow", "topics[1].handle.L2"),
        ("scenarios.0.topics", {"Z": {"volume_per_hour": 1}}, "scenarios[0].topics.Z"),
        ("scenarios.0.topics", {"A": {"handle": {"L9": 60}}}, "scenarios[0].topics[0].handle.L9"),
        ("scenarios.0.speed", 2, "scenarios[0].speed"),
        ("open_days", 8, "open_days"),
    ],
)
def test_bad_fields_are_named(path, value, field):
    with pytest.raises(WorkforceError) as exc:
        compare(load_text(broken(path, value)))
    assert exc.value.field == field
    assert exc.value.message.startswith(field)


def test_unreadable_files_say_so():
    with pytest.raises(WorkforceError) as exc:
        load_text("lines: [\n")
    assert exc.value.field == "file"
    with pytest.raises(WorkforceError) as exc:
        load_text('{"lines": [}', "structure.json")
    assert exc.value.field == "file"
    with pytest.raises(WorkforceError) as exc:
        load_text("- just\n- a list\n")
    assert exc.value.field == "file"
    with pytest.raises(WorkforceError) as exc:
        load_text("lines: []\ntopics: []\n")
    assert exc.value.field == "lines"


def test_json_is_read_too():
    import json

    structure = load_text(json.dumps(yaml.safe_load(SMALL)), "small.json")
    assert [line.id for line in structure.lines] == ["L1", "L2"]
