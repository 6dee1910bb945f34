"""The corpus: the writers' ``corpus/parts/*.tsv`` combined into a fixed train / test split.

A row goes to the test side when a hash of its normalized text falls in the lowest 20 % of the hash
range. The hash depends on nothing but the row's own text, so adding rows never moves an existing
row to the other side, and every domain × language × kind stratum is split 80/20 in expectation. The
text is normalized first (lower case, digits → 0, punctuation → space) so that two variants of one
message differing only in an amount or a comma land on the same side and cannot leak.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from otklik.classify.dataset import LabeledText, read_labeled, write_labeled

CORPUS_DIR = Path(__file__).with_name("corpus")
PARTS_DIR = CORPUS_DIR / "parts"
TRAIN_PATH = CORPUS_DIR / "train.tsv"
TEST_PATH = CORPUS_DIR / "test.tsv"
COLUMNS = ("type", "rude", "lang", "domain", "text")
TEST_SHARE = 0.2
# Parts written later than the eight domain parts: long review-site stories, letters to a regulator,
# posts to brands, and the money parts (written for the claims the model missed; they mix stories,
# letters and posts with support e-mails and chat lines). Reported apart (scores per part), and left out
# of the speed bench's support messages so that its 432 texts stay the same from one model to the next.
GENRE_PARTS = (
    "reviews_ru_banks", "reviews_ru_other", "narratives_en_banks", "narratives_en_credit", "social",
    "stories_ru_money", "posts_en_money", "support_en_money", "letters_en_money",
)  # fmt: skip


def split_key(text: str) -> str:
    text = re.sub(r"\d+", "0", text.lower().replace("ё", "е"))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def is_test(text: str) -> bool:
    digest = hashlib.sha256(split_key(text).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < TEST_SHARE


@dataclass
class Corpus:
    train: list[LabeledText]
    test: list[LabeledText]
    duplicates: int
    conflicts: list[str]  # normalized texts written twice with different labels


def combine(parts_dir: Path | None = None) -> Corpus:
    """Read every part, drop repeated texts (keeping the first), and split."""
    parts_dir = parts_dir or PARTS_DIR
    seen: dict[str, LabeledText] = {}
    duplicates = 0
    conflicts: list[str] = []
    for part in sorted(parts_dir.glob("*.tsv")):
        for row in read_labeled(part, required=("domain",)):
            key = split_key(row.text)
            first = seen.get(key)
            if first is None:
                seen[key] = row
                continue
            duplicates += 1
            if (first.kind, first.rude) != (row.kind, row.rude):
                conflicts.append(f"{part.name}: {row.text[:80]}")
    rows = list(seen.values())
    return Corpus(
        train=[r for r in rows if not is_test(r.text)],
        test=[r for r in rows if is_test(r.text)],
        duplicates=duplicates,
        conflicts=conflicts,
    )


def part_of(parts_dir: Path | None = None) -> dict[str, str]:
    """The part (file stem) each text was written in, by its split key (the first part wins, as in ``combine``)."""
    found: dict[str, str] = {}
    for part in sorted((parts_dir or PARTS_DIR).glob("*.tsv")):
        for row in read_labeled(part, required=("domain",)):
            found.setdefault(split_key(row.text), part.stem)
    return found


def write(corpus: Corpus, train_path: Path | None = None, test_path: Path | None = None) -> None:
    write_labeled(train_path or TRAIN_PATH, corpus.train, COLUMNS)
    write_labeled(test_path or TEST_PATH, corpus.test, COLUMNS)


def summary(corpus: Corpus) -> list[str]:
    """Lines describing the split: totals, per kind, per language and per domain."""
    lines = [f"train {len(corpus.train)}, test {len(corpus.test)}, repeated texts dropped {corpus.duplicates}"]
    for title, key in (("kind", "kind"), ("lang", "lang"), ("domain", "domain")):
        train = Counter(getattr(r, key) for r in corpus.train)
        test = Counter(getattr(r, key) for r in corpus.test)
        cells = ", ".join(f"{v} {train[v]}/{test[v]}" for v in sorted(set(train) | set(test)))
        lines.append(f"{title} (train/test): {cells}")
    rude = sum(r.rude for r in corpus.train), sum(r.rude for r in corpus.test)
    lines.append(f"rude (train/test): {rude[0]}/{rude[1]}")
    lines += [f"conflicting labels for one text: {c}" for c in corpus.conflicts]
    return lines
