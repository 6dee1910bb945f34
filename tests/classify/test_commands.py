import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from otklik.classify import split
from otklik.classify.model import LinearModel

from .conftest import TINY_CORPUS, write_tsv


def _run(*args: Any, **options: Any) -> str:
    out = StringIO()
    call_command("classify", *args, stdout=out, **options)
    return out.getvalue()


def test_classify_a_text_prints_json(fresh_engine: Path) -> None:
    data = json.loads(_run("Верните", "23 400 рублей за заказ № 45-778812!"))
    assert data["kind"] == "claim"
    assert data["claim_amount"] == "23400"
    assert data["claim_currency"] == "RUB"
    assert data["references"] == ["45-778812"]
    assert data["lang"] == "ru"


def test_eval_json_has_the_issue_keys(fresh_engine: Path, tiny_tsv: Path) -> None:
    data = json.loads(_run("eval", str(tiny_tsv), json=True))
    # The issue's keys, and what the desk's triage catches (``desk``).
    assert set(data) == {"macro_f1", "per_class", "claim_recall", "claim_precision", "rude_f1", "confusion", "desk"}
    assert set(data["per_class"]) == {"question", "complaint", "claim", "gratitude", "suggestion"}
    assert data["per_class"]["claim"]["support"] == 5
    assert sum(sum(row.values()) for row in data["confusion"].values()) == len(TINY_CORPUS)
    assert 0.0 <= data["macro_f1"] <= 1.0


def test_eval_table_and_baseline(fresh_engine: Path, tiny_tsv: Path) -> None:
    table = _run("eval", str(tiny_tsv))
    assert "macro-F1" in table
    assert "suggestion" in table
    baseline = json.loads(_run("eval", str(tiny_tsv), json=True, baseline=True))
    model = json.loads(_run("eval", str(tiny_tsv), json=True))
    assert baseline != model  # the two classifiers really are different


def test_eval_scores_several_files_as_one_set(fresh_engine: Path, tiny_tsv: Path, tmp_path: Path) -> None:
    rows = [("claim", 0, "ru", "Верните 500 рублей за двойное списание"), ("question", 0, "en", "Where is my order?")]
    extra = write_tsv(tmp_path / "extra.tsv", rows)
    both = json.loads(_run("eval", str(tiny_tsv), str(extra), json=True))
    assert sum(sum(row.values()) for row in both["confusion"].values()) == len(TINY_CORPUS) + 2
    assert both["per_class"]["claim"]["support"] == 6


def test_eval_bad_file_names_line_and_column(fresh_engine: Path, tmp_path: Path) -> None:
    bad = write_tsv(tmp_path / "bad.tsv", [("claim", 0, "ru", "Верните"), ("wish", 0, "ru", "Добавьте")])
    with pytest.raises(CommandError, match=r"line 3, column “type”"):
        _run("eval", str(bad))
    with pytest.raises(CommandError, match="no such file"):
        _run("eval", str(tmp_path / "missing.tsv"))
    with pytest.raises(CommandError, match="Usage"):
        _run("eval")


@pytest.mark.django_db
def test_train_writes_a_model_the_engine_then_uses(fresh_engine: Path, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(split, "TRAIN_PATH", write_tsv(tmp_path / "train.tsv", TINY_CORPUS))
    monkeypatch.setattr(split, "TEST_PATH", write_tsv(tmp_path / "test.tsv", TINY_CORPUS[::4]))
    output = _run("train")
    target = fresh_engine / "classify" / "model.json.gz"
    model = LinearModel.load(target)
    assert model.meta["examples"] == len(TINY_CORPUS)
    assert model.version in output
    assert model.meta["cv"] is None  # 20 texts are too few for 5 folds
    assert "suggestion" not in output  # training prints no per-kind table: it never scores the test split
    assert json.loads(_run("Огромное спасибо Анне!"))["model_version"] == model.version


def test_train_to_a_given_path_without_corrections(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(split, "TRAIN_PATH", write_tsv(tmp_path / "train.tsv", TINY_CORPUS))
    monkeypatch.setattr(split, "TEST_PATH", write_tsv(tmp_path / "test.tsv", TINY_CORPUS[::4]))
    out = tmp_path / "m.json.gz"
    output = _run("train", no_corrections=True, out=str(out))
    assert out.exists()
    assert "corrections" not in output


def test_split_command(tmp_path: Path, monkeypatch: Any) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    write_tsv(parts / "retail.tsv", TINY_CORPUS)
    monkeypatch.setattr(split, "PARTS_DIR", parts)
    monkeypatch.setattr(split, "TRAIN_PATH", tmp_path / "train.tsv")
    monkeypatch.setattr(split, "TEST_PATH", tmp_path / "test.tsv")
    output = _run("split")
    assert "train" in output
    lines = len((tmp_path / "train.tsv").read_text().splitlines()) + len(
        (tmp_path / "test.tsv").read_text().splitlines()
    )
    assert lines == len(TINY_CORPUS) + 2
