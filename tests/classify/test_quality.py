"""The shipped model on the committed test split, so that a regression fails.

The issue's targets are macro-F1 ≥ 0.90, claim recall ≥ 0.95, claim precision ≥ 0.90. The claim-recall
floor stays at 0.94, the level measured before the genre parts were added; the model retrained with them
(its claim bias chosen out of fold on the training split, never on this split) reaches 0.920 (149 of
162) on the rebuilt 628-text split, so this test fails on claim recall until a model reaches the floor
again (docs/classification.md, "Scores"). It is not lowered to pass.
"""

from otklik.classify import split
from otklik.classify.dataset import read_labeled
from otklik.classify.engine import SHIPPED_MODEL
from otklik.classify.evaluation import baseline_predictor, predictor_for, score
from otklik.classify.model import LinearModel

MACRO_F1_TARGET = 0.90
CLAIM_PRECISION_TARGET = 0.90
CLAIM_RECALL_FLOOR = 0.94  # target 0.95, not met: see the module docstring
RUDE_F1_FLOOR = 0.90


def test_shipped_model_on_the_test_split() -> None:
    rows = read_labeled(split.TEST_PATH)
    assert len(rows) >= 400
    report = score(rows, predictor_for(LinearModel.load(SHIPPED_MODEL)))
    assert report.macro_f1 >= MACRO_F1_TARGET
    assert report.claim_precision >= CLAIM_PRECISION_TARGET
    assert report.claim_recall >= CLAIM_RECALL_FLOOR
    assert report.rude_f1 is not None and report.rude_f1 >= RUDE_F1_FLOOR


def test_the_model_beats_the_keyword_baseline() -> None:
    rows = read_labeled(split.TEST_PATH)
    model = score(rows, predictor_for(LinearModel.load(SHIPPED_MODEL)))
    baseline = score(rows, baseline_predictor)
    assert model.macro_f1 > baseline.macro_f1 + 0.1
