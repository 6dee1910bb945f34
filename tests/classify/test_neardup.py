import numpy as np

from otklik.classify.neardup import jaccard, near_duplicate_groups, shingles
from otklik.classify.train import assign_folds

STORY = (
    "Заказал пиццу в пятницу, курьер опоздал на полтора часа, пицца приехала холодной, коробка помята, "
    "а оператор сказал, что ничего сделать не может."
)


def test_edited_copies_of_one_story_share_a_group_and_others_do_not() -> None:
    texts = [
        STORY + " Пакуйте лучше.",
        STORY + " Верните 800 рублей.",
        STORY.replace("в пятницу", "в субботу") + " Верните 800 рублей.",
        "Подскажите, можно ли оплатить заказ картой при получении?",
        "Спасибо курьеру Ивану, всё привёз вовремя и вежливо.",
    ]
    groups = near_duplicate_groups(texts)
    assert groups[0] == groups[1] == groups[2]
    assert len({groups[0], groups[3], groups[4]}) == 3
    assert jaccard(shingles(texts[0]), shingles(texts[3])) < 0.2


def test_groups_do_not_depend_on_the_process() -> None:
    texts = [STORY, STORY + " Пакуйте лучше.", "другой текст совсем"]
    assert near_duplicate_groups(texts) == near_duplicate_groups(list(texts)) == [0, 0, 1]


def test_folds_keep_a_near_pair_together_even_across_kinds() -> None:
    others = [f"Отдельный вопрос номер {w} про доставку" for w in ("один", "два", "три", "четыре", "пять", "шесть")]
    texts = [STORY + " Пакуйте лучше.", STORY + " Верните 800 рублей.", *others]
    y = np.array([1, 2, 0, 0, 0, 0, 0, 0])
    for seed in range(5):
        fold = assign_folds(texts, y, folds=3, seed=seed)
        assert fold[0] == fold[1]
