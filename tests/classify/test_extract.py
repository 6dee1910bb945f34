from decimal import Decimal

import pytest

from otklik.classify import extract, split
from otklik.classify.dataset import read_labeled
from otklik.classify.extract import disputed_amount, find_amounts, find_references, parse_number


@pytest.mark.parametrize(
    ("text", "lang", "value", "currency"),
    [
        ("Списали 23 400 рублей", "ru", "23400", "RUB"),
        ("Списали 23\u00a0400 руб.", "ru", "23400", "RUB"),
        ("доставка 1500р", "ru", "1500", "RUB"),
        ("доставка 1500 р. не вернули", "ru", "1500", "RUB"),
        ("списали 1 500 ₽", "ru", "1500", "RUB"),
        ("аванс 15 тыс. руб", "ru", "15000", "RUB"),
        ("верните мои 15к", "ru", "15000", "RUB"),
        ("заплатил 15 тыс.", "ru", "15000", "RUB"),
        ("оплатили 15 т.р.", "ru", "15000", "RUB"),
        ("1,5 тыс рублей", "ru", "1500", "RUB"),
        ("12.500 руб", "ru", "12500", "RUB"),
        ("8 214,50 руб.", "ru", "8214.50", "RUB"),
        ("on the 1 000 долларов", "ru", "1000", "USD"),
        ("Refund the $50 please", "en", "50", "USD"),
        ("charged 50 USD twice", "en", "50", "USD"),
        ("a €30 fee", "en", "30", "EUR"),
        ("2,500.00 dollars", "en", "2500", "USD"),
        ("$4.50 each", "en", "4.50", "USD"),
        ("I paid £20", "en", "20", "GBP"),
        ("USD 1,200 was taken", "en", "1200", "USD"),
        ("260 EUR in full", "en", "260", "EUR"),
        ("$1.2m loan", "en", "1200000", "USD"),
    ],
)
def test_amount_formats(text: str, lang: str, value: str, currency: str) -> None:
    amounts = find_amounts(text, lang)
    assert [(a.value, a.currency) for a in amounts] == [(Decimal(value), currency)]


@pytest.mark.parametrize(
    "text",
    [
        "приеду в 5 часов",
        "заказ № 45-778812 от 12.03.2024",
        "позвоните на +7 916 123-45-67",
        "ставка 16% годовых",
        "I waited 45 minutes for 2 hours",
    ],
)
def test_numbers_without_currency_are_not_amounts(text: str) -> None:
    assert find_amounts(text, "ru") == []


def test_short_thousands_without_currency_are_rubles_only_in_russian() -> None:
    assert find_amounts("about 15k followers", "en") == []
    assert find_amounts("потратил 15к", "ru")[0].value == Decimal(15000)


def test_number_parsing_decides_the_decimal_mark() -> None:
    assert parse_number("2,500.00") == Decimal(2500)
    assert parse_number("1.500,50") == Decimal("1500.50")
    assert parse_number("12,50") == Decimal("12.50")
    assert parse_number("1,5", 1000) == Decimal(1500)
    assert parse_number("1.234.567") == Decimal(1234567)


def test_the_disputed_amount_is_the_one_demanded_back() -> None:
    text = "Заказ на 3 500 ₽, доставка 300 ₽ не приехала вовремя, верните 300 ₽ за доставку."
    assert disputed_amount(text, find_amounts(text, "ru")).value == Decimal(300)  # type: ignore[union-attr]
    text = "На балансе 10 000 руб., а вы списали 500 руб. комиссии. Верните."
    assert disputed_amount(text, find_amounts(text, "ru")).value == Decimal(500)  # type: ignore[union-attr]
    text = "My balance was $2,000 and you charged me a $35 overdraft fee. Refund it."
    assert disputed_amount(text, find_amounts(text, "en")).value == Decimal(35)  # type: ignore[union-attr]
    assert disputed_amount("no money here", []) is None


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("заказ № 45-778812 не пришел", ["45-778812"]),
        ("по договору №12/345-К от 02.09", ["12/345-К"]),
        ("order #A1234567 never arrived", ["A1234567"]),
        ("номер заказа 778812, трек не обновляется", ["778812"]),
        ("PNR KXJ4PL, flight cancelled", ["KXJ4PL"]),
        ("бронь 7HJK2L в отеле", ["7HJK2L"]),
        ("booking reference XYZ12Z", ["XYZ12Z"]),
        ("лицевой счет 1234567890", ["1234567890"]),
        ("case number: 0045123", ["0045123"]),
        ("invoice INV-00871 says £185", ["INV-00871"]),
        ("обращение № 2025-0313-7781 и заказ № 45-778812", ["2025-0313-7781", "45-778812"]),
    ],
)
def test_reference_formats(text: str, refs: list[str]) -> None:
    assert find_references(text) == refs


@pytest.mark.parametrize(
    "text",
    ["со счета 5000 рублей", "на карту пришло 300 ₽", "the booking was fine", "бронь на 12 марта", "account locked"],
)
def test_money_and_plain_words_are_not_references(text: str) -> None:
    assert find_references(text) == []


def test_the_amount_span_ends_with_the_currency_word() -> None:
    text = "списали 23 400 рублей. Потом ещё 5 руб. и 3 долл."
    assert [text[a.start : a.end] for a in find_amounts(text, "ru")] == ["23 400 рублей", "5 руб.", "3 долл."]


_AMOUNT_SHAPES = [
    "$50", "$ 50", "us$20", "USD 1 200,50", "eur5", "€ 3.5", "£12k", "₽100", "rub 7", "kzt 900 тыс", "cny 8 млн",
    "15к", "15 тыс.", "15 т.р.", "2 300 ₽", "1\u00a0200 руб", "3,5 млн рублей", "50 bucks", "7 евро", "10 $",
    "4$5", "a$5", "x5 руб", "5.5.5 руб", "№ 45-778812", "$$5", "usd usd 5", "£ £ 9", "٣٤ руб", "12 тр", "12k",
]  # fmt: skip


def test_amounts_tried_at_digit_runs_find_what_a_full_scan_finds() -> None:
    """Trying the amount patterns only near runs of digits must find exactly what scanning every position does."""
    paths = [split.TRAIN_PATH, split.TEST_PATH]
    texts = [row.text for path in paths for row in read_labeled(path)]
    texts += _AMOUNT_SHAPES + [f"{a} и {b}" for a in _AMOUNT_SHAPES for b in _AMOUNT_SHAPES[:8]]
    for text in texts:
        runs = [m.start() for m in extract._DIGIT_RUN.finditer(text)]
        for pattern, starts in (
            (extract._AFTER, runs),
            (extract._RU_SHORT, runs),
            (extract._BEFORE, extract._sign_starts(runs)),
        ):
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in extract._matches_at(pattern, text, starts)] == expected, text
