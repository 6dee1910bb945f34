from pathlib import Path

from otklik.classify import split
from otklik.classify.dataset import read_labeled

from .conftest import TINY_CORPUS, write_tsv


def test_adding_rows_never_moves_a_row(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    write_tsv(parts / "a.tsv", TINY_CORPUS[:10])
    before = split.combine(parts)
    write_tsv(parts / "b.tsv", TINY_CORPUS[10:])
    after = split.combine(parts)
    assert {r.text for r in before.test} <= {r.text for r in after.test}
    assert {r.text for r in before.train} <= {r.text for r in after.train}


def test_variants_differing_in_numbers_land_on_one_side() -> None:
    assert split.split_key("Верните 2 300 ₽ за заказ № 45-778812!") == split.split_key("верните 9 999 ₽ за заказ №1-2")
    texts = [f"Верните {n} ₽ за заказ" for n in range(50)]
    assert len({split.is_test(t) for t in texts}) == 1


def test_repeated_texts_are_dropped_and_conflicts_reported(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    write_tsv(parts / "a.tsv", [("claim", 0, "ru", "Верните 100 ₽"), ("question", 0, "ru", "Верните 200 ₽.")])
    corpus = split.combine(parts)
    assert len(corpus.train) + len(corpus.test) == 1
    assert corpus.duplicates == 1
    assert len(corpus.conflicts) == 1


def test_the_committed_split_follows_the_rule() -> None:
    train, test = read_labeled(split.TRAIN_PATH), read_labeled(split.TEST_PATH)
    assert not any(split.is_test(r.text) for r in train)
    assert all(split.is_test(r.text) for r in test)
    assert not {split.split_key(r.text) for r in train} & {split.split_key(r.text) for r in test}
    assert 0.15 < len(test) / (len(train) + len(test)) < 0.25


def test_part_of_names_the_part_each_text_came_from(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    write_tsv(parts / "a.tsv", TINY_CORPUS[:3])
    write_tsv(parts / "social.tsv", TINY_CORPUS[3:5] + TINY_CORPUS[:1])
    found = split.part_of(parts)
    assert found[split.split_key(TINY_CORPUS[0][3])] == "a"  # written twice: the first part wins, as in combine
    assert found[split.split_key(TINY_CORPUS[4][3])] == "social"
    assert len(found) == 5
