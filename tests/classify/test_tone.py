from pathlib import Path

import pytest

from otklik.classify import split
from otklik.classify.dataset import read_labeled
from otklik.classify.lexicon import lexicon
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


# Rude words written every way the patterns allow: repeated letters, prefixes, Latin look-alikes, masks.
_RUDE_SHAPES = [
    "нахуй", "хyйня", "охуеть", "похуюю", "хрень", "пиздец", "пиииздец", "пезда", "піздець", "бля", "блеее",
    "бляяядь", "блeть", "ёпт", "мудак", "мудила", "сука", "суки", "гнида", "залупа", "пидор", "пидарас",
    "говно", "гавно", "дерьмо", "срань", "жопа", "жопу", "ебать", "заебали", "съебались", "отъебись",
    "подъебка", "ебанутые", "ёбаный", "мошенники", "жулики", "жульё", "кидалы", "ворюги", "аферисты",
    "дебилы", "идиоты", "придурки", "тупорылые", "недоумки", "дегенераты", "кретины", "ублюдки", "сволочи",
    "скотина", "быдло", "мрази", "мразь", "упыри", "позорище", "бестолочи", "задолбали", "грёбаный",
    "гребаные", "б***", "х*р", "п%%ц", "ж@па", "е$$ть", "б..ть", "х...ня", "fuck", "ffuuucck", "f***",
    "f#@king", "f*ck", "fk", "sh*t", "b#tch", "a**hole", "motherfucker", "wanker", "prick", "dickhead",
    "douchebag", "brain-dead", "braindead", "garbage people", "garbage\tsalon",
]  # fmt: skip


_EVAL = Path(split.__file__).resolve().parents[2] / "eval"  # the fresh sets written blind to the corpus


def _texts_to_scan() -> list[str]:
    paths = [split.TRAIN_PATH, split.TEST_PATH, *sorted(_EVAL.glob("holdout*/*.tsv"))]
    texts = [row.text for path in paths if path.exists() for row in read_labeled(path)]
    # Each shape alone, at a text's edges, after a digit, and in upper case (the scan reads lower case).
    for shape in _RUDE_SHAPES:
        texts += [shape, f"Вы {shape}!", f"5{shape} 7", shape.upper(), f"«{shape}»"]
    return texts


def test_every_rude_match_holds_a_needle() -> None:
    """The needle test may skip a text only when no rude pattern can match it: each match has a needle."""
    lex = lexicon()
    matched = 0
    for text in _texts_to_scan():
        for m in lex.rude_pattern.finditer(text.lower()):
            matched += 1
            assert any(needle in m[0] for needle in lex.rude_needles), m[0]
    assert matched > len(_RUDE_SHAPES)  # the shapes above all match, and so do some corpus texts
