"""``classify train`` takes the agents' corrections as plain (text, kind) pairs from the installed apps."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from otklik.classify import split
from otklik.classify.corrections import collected_corrections
from otklik.classify.model import LinearModel
from otklik.core.actor import Actor
from otklik.desk import services
from tests.factories import open_ticket

from .conftest import TINY_CORPUS, write_tsv


def test_pairs_with_an_unknown_kind_or_no_text_are_left_out() -> None:
    sources = [lambda: [("Верните деньги", "claim"), ("", "claim")], lambda: [("Привет", "wish")]]
    assert collected_corrections(sources) == [("Верните деньги", "claim")]


@pytest.mark.django_db
def test_train_adds_the_desk_corrections(agent: Any, team_l1: Any, tmp_path: Path, monkeypatch: Any) -> None:
    ticket = open_ticket(team_l1, subject="Списание", body="Верните 500 рублей")
    services.ticket_change_kind(ticket=ticket, actor=Actor.of(agent), kind="claim")
    assert collected_corrections() == [("Списание\nВерните 500 рублей", "claim")]

    monkeypatch.setattr(split, "TRAIN_PATH", write_tsv(tmp_path / "train.tsv", TINY_CORPUS))
    out, model_path = StringIO(), tmp_path / "m.json.gz"
    call_command("classify", "train", out=str(model_path), stdout=out)
    assert LinearModel.load(model_path).meta["examples"] == len(TINY_CORPUS) + 1
    assert "1" in next(line for line in out.getvalue().splitlines() if "corrections" in line)
