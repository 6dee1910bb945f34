import dataclasses
import json
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from otklik.classify import engine
from otklik.classify.engine import Classification, classify
from otklik.classify.model import KINDS, LinearModel


@pytest.fixture(autouse=True)
def _fresh_model(settings: Any, tmp_path: Path) -> Any:
    settings.VAR_DIR = tmp_path
    engine.forget_model()
    yield
    engine.forget_model()


def test_a_claim_with_its_money_and_order_number() -> None:
    result = classify("Заказ № 45-778812 не доставили, а с карты списали 23 400 рублей. Требую вернуть деньги!")
    assert isinstance(result, Classification)
    assert result.lang == "ru"
    assert result.kind == "claim"
    assert result.claim_amount == Decimal(23400)
    assert result.claim_currency == "RUB"
    assert result.references == ["45-778812"]
    assert 0 < result.confidence <= 1
    assert result.confidence == result.scores["claim"] == max(result.scores.values())
    assert set(result.scores) == set(KINDS)
    assert sum(result.scores.values()) == pytest.approx(1.0)
    assert 1 <= len(result.explanation) <= 5


def test_explanation_quotes_the_text_as_written() -> None:
    text = "Please REFUND the $50 you charged me twice for order #A1234567."
    result = classify(text)
    assert result.kind == "claim"
    assert result.claim_amount == Decimal(50)
    assert result.claim_currency == "USD"
    assert result.explanation
    assert all(phrase in text for phrase in result.explanation)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Подскажите, пожалуйста, как изменить адрес доставки в заказе?", "question"),
        ("Курьер опоздал на два часа и нагрубил мне по телефону. Безобразие.", "complaint"),
        ("Огромное спасибо оператору Анне, она очень быстро всё решила!", "gratitude"),
        ("Было бы здорово добавить оплату через СБП в приложении.", "suggestion"),
        ("How long does a refund usually take to reach my card?", "question"),
        ("Thank you so much to Tom from support, he was brilliant.", "gratitude"),
    ],
)
def test_kinds(text: str, kind: str) -> None:
    assert classify(text).kind == kind


def test_tone_flags() -> None:
    rude = classify("Вы идиоты, верните мои деньги")
    assert rude.rude and rude.negative
    civil = classify("Это безобразие, отвратительный сервис, жду звонка")
    assert not civil.rude and civil.negative
    calm = classify("Подскажите часы работы офиса")
    assert not calm.rude and not calm.negative


def test_no_amount_outside_a_likely_claim() -> None:
    result = classify("Спасибо, что так быстро вернули 500 рублей! Очень приятно.")
    assert result.kind == "gratitude"
    assert result.claim_amount is None
    assert result.claim_currency == ""


def test_to_dict_is_json_ready() -> None:
    data = classify("Верните 1 500,50 ₽ за доставку").to_dict()
    assert data["claim_amount"] == "1500.50"
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {
        "lang", "kind", "confidence", "scores", "explanation", "rude", "negative",
        "claim_amount", "claim_currency", "references", "model_version",
    }  # fmt: skip
    # Every field of the result, with the values dataclasses.asdict would give (amount as text).
    assert data == {**dataclasses.asdict(classify("Верните 1 500,50 ₽ за доставку")), "claim_amount": "1500.50"}
    assert set(data) == {f.name for f in dataclasses.fields(Classification)}


def test_empty_text_still_classifies() -> None:
    result = classify("")
    assert result.kind in KINDS
    assert result.explanation == []


def test_lang_hint_decides_only_when_the_script_cannot() -> None:
    assert classify("12345", lang_hint="en").lang == "en"
    assert classify("Где мой заказ?", lang_hint="en").lang == "ru"


def _constant_model(kind: str, version: str) -> LinearModel:
    bias = [5.0 if k == kind else 0.0 for k in KINDS]
    return LinearModel(KINDS, bias, {}, version)


def test_a_retrained_model_in_var_dir_wins_and_is_picked_up(settings: Any, monkeypatch: Any) -> None:
    shipped_version = classify("Где мой заказ?").model_version
    path = Path(settings.VAR_DIR) / "classify" / "model.json.gz"
    _constant_model("suggestion", "test-1").save(path)
    # Within the re-check interval the loaded model stays.
    assert classify("Где мой заказ?").model_version == shipped_version
    monkeypatch.setattr(engine, "RECHECK_SECONDS", 0.0)
    result = classify("Где мой заказ?")
    assert (result.model_version, result.kind) == ("test-1", "suggestion")
    _constant_model("gratitude", "test-2-longer").save(path)
    assert classify("Где мой заказ?").model_version == "test-2-longer"
    path.unlink()
    assert classify("Где мой заказ?").model_version == shipped_version


def test_a_broken_retrained_model_falls_back_to_the_shipped_one(settings: Any, caplog: Any) -> None:
    path = Path(settings.VAR_DIR) / "classify" / "model.json.gz"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not gzip")
    result = classify("Где мой заказ?")
    assert result.model_version == LinearModel.load(engine.SHIPPED_MODEL).version
    assert "unreadable" in caplog.text


def test_thread_safe_under_concurrent_calls() -> None:
    texts = ["Верните деньги за заказ", "Спасибо за помощь!", "Как поменять тариф?", "Добавьте тёмную тему"] * 25
    expected = [classify(t).kind for t in texts]
    engine.forget_model()
    results: dict[int, list[str]] = {}

    def work(n: int) -> None:
        results[n] = [classify(t).kind for t in texts]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results.values())
