import pytest

from otklik.classify.pipeline import analyze


@pytest.mark.parametrize(
    "text",
    [
        "Идиоты, сколько можно!",
        "кидалы, верните мои 15к",
        "Банк-мошенник, снимаете плату",
        "где мой ваучер, бл***?",
        "Это просто п***ц какой-то",
        "вы там совсем охренели?",
        "Какого х*ра вы списали деньги",
        "Бездари, заблокировали карту",
        "you morons charged me twice",
        "what the f*** does this mean",
        "Garbage salon, garbage techs.",
        "Are you people completely brain-dead?",
    ],
)
def test_rude(text: str) -> None:
    tone = analyze(text).tone
    assert tone.rude
    assert tone.negative  # rude is negative too


@pytest.mark.parametrize(
    ("text", "negative"),
    [
        ("Это безобразие, отвратительный сервис!", True),
        ("This is outrageous and unacceptable.", True),
        ("Прошу употреблять вежливые формулировки и требовать с себя", False),
        ("Себестоимость услуги и небо над городом", False),
        ("Закажу жульен и сук дерева", False),
        ("The garbage collection was late today.", False),
        ("Спасибо за помощь, всё отлично", False),
    ],
)
def test_civil_text_is_not_rude(text: str, negative: bool) -> None:
    tone = analyze(text).tone
    assert not tone.rude
    assert tone.negative is negative
