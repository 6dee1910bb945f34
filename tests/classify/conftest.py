from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from otklik.classify import engine

# A small labeled corpus of the project's own making, for training and command tests.
TINY_CORPUS = [
    ("claim", 0, "ru", "Верните 2 300 ₽ за двойное списание"),
    ("claim", 0, "ru", "Прошу вернуть деньги за отменённый заказ № 45-778812"),
    ("claim", 1, "ru", "Кидалы, верните мои 15к немедленно"),
    ("claim", 0, "en", "Please refund the $50 you charged me twice"),
    ("claim", 0, "en", "I want my money back for the cancelled flight"),
    ("complaint", 0, "ru", "Курьер опоздал на два часа, это безобразие"),
    ("complaint", 0, "ru", "Оператор нагрубил мне по телефону"),
    ("complaint", 1, "en", "Your app crashes all the time, you morons"),
    ("complaint", 0, "en", "I waited forty minutes on hold again"),
    ("question", 0, "ru", "Подскажите, как изменить адрес доставки?"),
    ("question", 0, "ru", "Когда вернут деньги за сданный билет?"),
    ("question", 0, "en", "How long does a refund take?"),
    ("question", 0, "en", "Can I change my booking date online?"),
    ("gratitude", 0, "ru", "Огромное спасибо оператору Анне за помощь"),
    ("gratitude", 0, "ru", "Благодарю курьера Ивана, всё привёз вовремя"),
    ("gratitude", 0, "en", "Thank you so much, Tom was brilliant"),
    ("suggestion", 0, "ru", "Было бы здорово добавить оплату через СБП"),
    ("suggestion", 0, "ru", "Предлагаю открыть пункт выдачи в Казани"),
    ("suggestion", 0, "en", "It would be great to have a dark mode"),
    ("suggestion", 0, "en", "Please add Apple Pay at checkout"),
]


def write_tsv(path: Path, rows: list[tuple[str, int, str, str]], domain: bool = True) -> Path:
    header = "type\trude\tlang\tdomain\ttext" if domain else "type\trude\tlang\ttext"
    lines = [header] + [
        "\t".join([kind, str(rude), lang, *(["retail"] if domain else []), text]) for kind, rude, lang, text in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def tiny_tsv(tmp_path: Path) -> Path:
    return write_tsv(tmp_path / "tiny.tsv", TINY_CORPUS)


@pytest.fixture
def fresh_engine(settings: Any, tmp_path: Path) -> Any:
    """The engine with a VAR_DIR of the test's own, and nothing loaded yet."""
    settings.VAR_DIR = tmp_path / "var"
    engine.forget_model()
    yield settings.VAR_DIR
    engine.forget_model()


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    """Messages in English, so tests can check the line and column named in an error whatever the
    project's default language."""
    with translation.override("en"):
        yield
