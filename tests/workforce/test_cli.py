"""``otklik staffing`` in-process: the JSON keys the issue promises, tables, files, clear errors."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

EXAMPLES = Path(__file__).resolve().parents[2] / "otklik" / "workforce" / "examples"
ISSUE = ["--arrivals", "100", "--interval", "1800", "--aht", "180", "--target-sl", "0.8", "--target-seconds", "20"]


def staffing(*args: str) -> str:
    out = StringIO()
    call_command("staffing", *args, stdout=out)
    return out.getvalue()


def test_erlang_c_json_has_exactly_the_issue_keys():
    data = json.loads(staffing("erlang-c", *ISSUE, "--max-occupancy", "0.85", "--shrinkage", "0.3", "--json"))
    assert data == {
        "agents": 14, "scheduled": 20, "service_level": 0.8884, "p_wait": 0.1741, "asa_seconds": 7.84,
        "occupancy": 0.7143,
    }  # fmt: skip


def test_erlang_a_json_adds_abandonment_and_says_the_basis():
    data = json.loads(staffing("erlang-a", *ISSUE, "--patience", "120", "--json"))
    assert set(data) == {"agents", "scheduled", "service_level", "p_wait", "asa_seconds", "occupancy",
                         "abandon_rate", "service_level_basis"}  # fmt: skip
    assert data["agents"] == 12
    assert data["service_level_basis"] == "offered"
    assert 0 < data["abandon_rate"] < 0.1


def test_given_agents_are_evaluated_not_searched():
    data = json.loads(staffing("erlang-c", *ISSUE, "--agents", "13", "--json"))
    assert data["agents"] == 13
    assert data["service_level"] == pytest.approx(0.7956, abs=1e-4)


def test_human_table_in_english_and_russian():
    english = staffing("--language", "en", "erlang-c", *ISSUE)
    assert "Agents needed" in english and "14" in english and "88.8 %" in english
    russian = staffing("--language", "ru", "erlang-c", *ISSUE)
    assert "88.8 %" in russian


def test_chat_and_deferred():
    chat = json.loads(staffing("chat", "--arrivals", "60", "--aht", "300,390,510", "--json"))
    assert chat["concurrency"] == 3 and chat["agents"] >= 1
    same = json.loads(staffing("chat", "--arrivals", "60", "--aht", "300", "--concurrency", "3", "--json"))
    assert same["concurrency"] == 3 and same["agents"] <= chat["agents"]
    mail = json.loads(staffing("deferred", "--per-day", "400", "--aht", "300", "--window-hours", "8", "--json"))
    assert mail["agents"] == 13
    assert mail["peak_backlog"] == pytest.approx(1050, rel=1e-3)


def test_plan_from_a_profile_file(tmp_path):
    profile = tmp_path / "week.csv"
    profile.write_text("weekday,start,arrivals\n1,09:00,100\n1,09:30,50\n", encoding="utf-8")
    data = json.loads(staffing("plan", "--profile", str(profile), "--aht", "180", "--target-sl", "0.8", "--json"))
    assert [row["agents"] for row in data["intervals"]] == [14, 8]
    assert data["totals"]["agent_hours"] == 11.0
    xlsx = tmp_path / "plan.xlsx"
    staffing("plan", "--profile", str(profile), "--aht", "180", "--xlsx", str(xlsx))
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    assert sheet.cell(row=2, column=4).value == 14


@pytest.mark.django_db
def test_plan_from_history_with_no_tickets_needs_nobody():
    data = json.loads(staffing("plan", "--history", "--weeks", "2", "--aht", "180", "--json"))
    assert len(data["intervals"]) == 7 * 48
    assert data["totals"]["fte"] == 0


def test_structure_json_and_table(tmp_path):
    path = EXAMPLES / "pizzeria.yaml"
    data = json.loads(staffing("structure", str(path), "--json"))
    assert [line["id"] for line in data["base"]["lines"]] == ["L1", "L2"]
    assert data["scenarios"][0]["delta"]["cost"] < 0
    table = staffing("--language", "en", "structure", str(path), "--xlsx", str(tmp_path / "s.xlsx"))
    assert "Against the current structure" in table
    book = load_workbook(tmp_path / "s.xlsx")
    assert len(book.sheetnames) == 1 + 1 + len(data["scenarios"])


def test_simulate_a_short_run():
    data = json.loads(staffing("simulate", str(EXAMPLES / "saas.yaml"), "--hours", "10", "--json"))
    assert data["pools"][0]["channel"] == "chat"
    assert data["seed"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["erlang-c", "--arrivals", "-5", "--aht", "180"], "arrivals"),
        (["erlang-c", *ISSUE, "--shrinkage", "1"], "shrinkage"),
        (["erlang-c", "--arrivals", "100", "--aht", "180", "--target-sl", "1.2"], "target_sl"),
        (["erlang-c", *ISSUE, "--agents", "10"], "agents"),
        (["erlang-a", *ISSUE, "--patience", "0"], "patience"),
        (["plan", "--profile", "/nonexistent.csv", "--aht", "180"], "nonexistent"),
        (["simulate", str(EXAMPLES / "saas.yaml"), "--scenario", "7"], "scenario"),
    ],
)
def test_bad_input_exits_with_a_message(args, message):
    with pytest.raises(CommandError) as exc:
        staffing(*args)
    assert message in str(exc.value)


def test_bad_structure_file_names_the_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("lines:\n  - {id: L1}\ntopics:\n  - {id: A, channel: phone, handle: {L7: 100}}\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        staffing("structure", str(path))
    assert "topics[0].handle.L7" in str(exc.value)
