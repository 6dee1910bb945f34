import re
import sys

import pytest

from otklik.classify.pipeline import analyze
from otklik.classify.text import _NOT_ASCII_LETTER, CYR_LETTERS, LAT_LETTERS, detect_lang, en_stem, tokenize


@pytest.mark.parametrize(
    ("text", "hint", "lang"),
    [
        ("Верните деньги за заказ", None, "ru"),
        ("Please refund my order", None, "en"),
        ("Wildberries не вернул деньги за iPhone 15 Pro", None, "ru"),
        ("Refund for заказ 123 please, the app crashed", None, "en"),
        ("12345", "en", "en"),
        ("12345", None, "ru"),
        ("ok", "ru", "ru"),
    ],
)
def test_language_by_script(text: str, hint: str | None, lang: str) -> None:
    assert detect_lang(text, hint) == lang


@pytest.mark.parametrize(("letters", "folded"), [(CYR_LETTERS, "[а-яё]"), (LAT_LETTERS, "[a-z]")])
def test_letter_classes_are_the_case_insensitive_ones(letters: str, folded: str) -> None:
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    spelled, flagged = re.compile(f"[{letters}]"), re.compile(folded, re.IGNORECASE)
    assert spelled.findall(everything) == flagged.findall(everything)


def test_russian_inflected_forms_share_a_lemma() -> None:
    forms = ["вернули", "верните", "вернуть", "вернёте", "вернул"]
    assert {tokenize(w)[0].norm for w in forms} == {"вернуть"}
    assert {tokenize(w)[0].norm for w in ["деньги", "денег", "деньгами"]} == {"деньга"}


def test_imperative_is_marked() -> None:
    tokens = tokenize("Верните деньги, вернули не всё")
    assert [t.impr for t in tokens if t.kind == "w"] == [True, False, False, False, False]


def test_english_stems_meet_across_forms() -> None:
    assert {en_stem(w) for w in ["refund", "refunds", "refunded", "refunding"]} == {"refund"}
    assert len({en_stem(w) for w in ["charge", "charged", "charges", "charging"]}) == 1
    assert en_stem("stopped") == en_stem("stop")


def test_contractions_split_into_negation() -> None:
    assert [t.norm for t in tokenize("I haven't been refunded")] == ["i", "have", "not", "be", "refund"]


def test_inflected_forms_give_the_same_features() -> None:
    one = analyze("Прошу вернуть деньги за заказ").features
    other = analyze("Просили вернуть деньгами за заказы").features
    assert {"w:вернуть", "w:деньга", "w:заказ", "b:просить вернуть"} <= set(one) & set(other)


def test_negation_reaches_the_next_words_of_the_clause() -> None:
    features = analyze("Деньги до сих пор не вернули, заказ отменён").features
    assert "n:вернуть" in features
    assert "n:заказ" not in features  # the comma ends the negation
    assert "n:refund" in analyze("I have not been refunded").features


def test_explanation_spans_point_at_the_words_as_written() -> None:
    text = "Прошу ВЕРНУТЬ деньги"
    spans = analyze(text).features["w:вернуть"]
    assert [text[s:e] for s, e in spans] == ["ВЕРНУТЬ"]


def test_demand_by_rule_and_not_in_a_question() -> None:
    assert "c:demand" in analyze("Требую возврата денег за тур").features
    assert "c:demand" in analyze("верните 2 300 ₽ за двойное списание").features
    assert "c:demand" not in analyze("Сколько вернут, если сдам билет?").features
    assert "c:demand" in analyze("Please refund my order").features
    assert "c:demand" not in analyze("I need a credit card").features


def test_thanks_in_advance_is_not_gratitude() -> None:
    assert "c:thanks" not in analyze("Подскажите, где мой заказ? Заранее спасибо").features
    assert "c:thanks" in analyze("Спасибо курьеру Ивану!").features


def test_ascii_letter_count_is_the_latin_letter_count() -> None:
    """In ASCII text the byte count of letters (the fast path) equals the Latin letter runs' length."""
    every_ascii = "".join(map(chr, range(128)))
    for text in (every_ascii, every_ascii * 3, "Refund my $50, please!", "a-b c_d 9z", ""):
        assert text.isascii()
        runs = sum(map(len, re.findall(f"[{LAT_LETTERS}]+", text)))
        assert len(text.encode("ascii").translate(None, _NOT_ASCII_LETTER)) == runs
        assert not re.search(f"[{CYR_LETTERS}]", text)
