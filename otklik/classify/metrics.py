"""Classification scores with explicit numerators and denominators.

- precision(kind) = texts predicted as the kind that truly are / texts predicted as the kind;
- recall(kind) = texts of the kind predicted as it / texts of the kind (the support);
- F1 = 2·P·R / (P + R); any ratio with a zero denominator is 0;
- macro-F1 = the mean F1 over the kinds that occur in the truth or in the predictions (a kind absent
  from both says nothing about the classifier);
- claim recall / precision = recall / precision of ``claim``;
- rude F1 = F1 of the rude flag as a yes/no label (positive class: rude);
- confusion[true kind][predicted kind] = number of texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from otklik.classify.model import KINDS


def ratio(numerator: int | float, denominator: int | float) -> float:
    return numerator / denominator if denominator else 0.0


def f1(precision: float, recall: float) -> float:
    return ratio(2 * precision * recall, precision + recall)


@dataclass(frozen=True)
class ClassScores:
    true_positives: int
    predicted: int  # precision's denominator
    support: int  # recall's denominator

    @property
    def precision(self) -> float:
        return ratio(self.true_positives, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.true_positives, self.support)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True)
class Report:
    per_class: dict[str, ClassScores]
    confusion: dict[str, dict[str, int]]
    rude: ClassScores | None
    total: int

    @property
    def macro_f1(self) -> float:
        seen = [s for s in self.per_class.values() if s.support or s.predicted]
        return ratio(sum(s.f1 for s in seen), len(seen))

    @property
    def claim_recall(self) -> float:
        return self.per_class["claim"].recall

    @property
    def claim_precision(self) -> float:
        return self.per_class["claim"].precision

    @property
    def rude_f1(self) -> float | None:
        return None if self.rude is None else self.rude.f1

    @property
    def accuracy(self) -> float:
        return ratio(sum(s.true_positives for s in self.per_class.values()), self.total)

    def to_json(self) -> dict[str, Any]:
        """The evaluation command's JSON: exactly the keys the issue names."""
        return {
            "macro_f1": round(self.macro_f1, 4),
            "per_class": {
                kind: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                }
                for kind, s in self.per_class.items()
            },
            "claim_recall": round(self.claim_recall, 4),
            "claim_precision": round(self.claim_precision, 4),
            "rude_f1": None if self.rude_f1 is None else round(self.rude_f1, 4),
            "confusion": self.confusion,
        }


def binary_scores(truth: Sequence[bool], predicted: Sequence[bool]) -> ClassScores:
    tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t and p)
    return ClassScores(true_positives=tp, predicted=sum(map(bool, predicted)), support=sum(map(bool, truth)))


def evaluate(
    truth: Sequence[str],
    predicted: Sequence[str],
    rude_truth: Sequence[bool] | None = None,
    rude_predicted: Sequence[bool] | None = None,
    kinds: Sequence[str] = KINDS,
) -> Report:
    if len(truth) != len(predicted):
        raise ValueError("truth and predictions differ in length")
    confusion = {t: dict.fromkeys(kinds, 0) for t in kinds}
    for t, p in zip(truth, predicted, strict=True):
        confusion[t][p] += 1
    per_class = {
        k: ClassScores(
            true_positives=confusion[k][k],
            predicted=sum(confusion[t][k] for t in kinds),
            support=sum(confusion[k].values()),
        )
        for k in kinds
    }
    rude = None
    if rude_truth is not None and rude_predicted is not None:
        rude = binary_scores(rude_truth, rude_predicted)
    return Report(per_class=per_class, confusion=confusion, rude=rude, total=len(truth))
