import numpy as np
import pytest

from otklik.classify.model import KINDS, LinearModel
from otklik.classify.pipeline import analyze
from otklik.classify.train import Example, assign_folds, choose_claim_bias, train

from .conftest import TINY_CORPUS

EXAMPLES = [Example(text, kind, lang) for kind, _, lang, text in TINY_CORPUS]


def test_training_on_a_tiny_corpus_learns_it(tmp_path) -> None:
    model = train(EXAMPLES, tune_model=False)
    right = 0
    for example in EXAMPLES:
        probs = model.probabilities(analyze(example.text).features)
        right += model.classes[int(np.argmax(probs))] == example.kind
    assert right >= len(EXAMPLES) - 2
    path = tmp_path / "model.json.gz"
    model.save(path)
    loaded = LinearModel.load(path)
    assert loaded.version == model.version
    assert loaded.weights.keys() == model.weights.keys()
    assert model.chars and loaded.chars == model.chars  # the n-gram table travels with the model
    assert loaded.char_scale == model.char_scale > 0
    assert not any(name.startswith(("g:", "h:")) for name in model.weights)  # n-grams only in their table


def test_tuning_runs_cross_validation() -> None:
    messages: list[str] = []
    model = train(EXAMPLES * 3, progress=messages.append)
    assert any("out-of-fold" in m for m in messages)
    assert model.meta["cv"]["folds"] == 5
    assert 0.0 <= model.meta["cv"]["macro_f1"] <= 1.0


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        train([Example("text", "wish")])


def test_claim_bias_reaches_the_recall_target() -> None:
    claim = KINDS.index("claim")
    complaint = KINDS.index("complaint")
    # Four claims; the model is unsure of two of them (claim prob 0.4 < complaint 0.5).
    proba = np.full((6, 5), 0.025)
    y = np.array([claim, claim, claim, claim, complaint, complaint])
    for i in range(6):
        proba[i, claim], proba[i, complaint] = (0.85, 0.05) if i < 2 else (0.4, 0.5) if i < 4 else (0.1, 0.8)
    choice = choose_claim_bias(proba / proba.sum(axis=1, keepdims=True), y, goal=1.0, precision_floor=0.9)
    offset = choice.offset
    assert choice.feasible and choice.claim_recall == 1.0 and choice.claim_precision == 1.0
    assert offset > 0
    assert np.log(0.4) + offset > np.log(0.5)  # the unsure claims now win
    assert np.log(0.1) + offset < np.log(0.8)  # the clear complaints stay complaints


def test_claim_bias_keeps_the_precision_floor() -> None:
    """When the recall goal costs too much precision, the highest recall above the floor wins instead."""
    claim, complaint = KINDS.index("claim"), KINDS.index("complaint")
    # Two sure claims, one claim the model thinks is a complaint just as surely as two real complaints.
    proba = np.full((5, 5), 0.025)
    y = np.array([claim, claim, claim, complaint, complaint])
    for i in range(5):
        proba[i, claim], proba[i, complaint] = (0.85, 0.05) if i < 2 else (0.1, 0.8)
    choice = choose_claim_bias(proba / proba.sum(axis=1, keepdims=True), y, goal=1.0, precision_floor=0.9)
    assert not choice.feasible
    assert choice.claim_precision >= 0.9
    assert choice.claim_recall == pytest.approx(2 / 3)


def test_folds_are_stratified_and_keep_variants_together() -> None:
    texts = [f"Верните {n} ₽ за заказ номер {n}" for n in range(10)] + [f"text {w}" for w in "abcdefghijklmnopqrst"]
    y = np.array([0] * 10 + [1] * 10 + [2] * 10)
    fold = assign_folds(texts, y, folds=5, seed=1)
    assert len(set(fold[:10])) == 1  # the ten variants of one message differ only in numbers: one group
    for kind in (1, 2):
        assert sorted(np.bincount(fold[y == kind], minlength=5)) == [2, 2, 2, 2, 2]
    assert (assign_folds(texts, y, folds=5, seed=1) == fold).all()
    assert not (assign_folds(texts, y, folds=5, seed=2) == fold).all()
