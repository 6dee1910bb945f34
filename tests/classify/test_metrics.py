import pytest

from otklik.classify.metrics import binary_scores, evaluate


def test_scores_against_a_hand_computed_matrix() -> None:
    truth = ["claim", "claim", "claim", "complaint", "complaint", "question"]
    predicted = ["claim", "claim", "complaint", "complaint", "claim", "question"]
    rude_truth = [True, False, False, True, False, False]
    rude_pred = [True, True, False, False, False, False]
    report = evaluate(truth, predicted, rude_truth, rude_pred)

    # confusion[true][predicted], counted by hand
    assert report.confusion["claim"] == {"question": 0, "complaint": 1, "claim": 2, "gratitude": 0, "suggestion": 0}
    assert report.confusion["complaint"]["claim"] == 1
    assert report.confusion["complaint"]["complaint"] == 1
    assert report.confusion["question"]["question"] == 1
    # claim: 2 right of 3 predicted, 2 found of 3 true
    claim = report.per_class["claim"]
    assert (claim.true_positives, claim.predicted, claim.support) == (2, 3, 3)
    assert report.claim_precision == pytest.approx(2 / 3)
    assert report.claim_recall == pytest.approx(2 / 3)
    assert claim.f1 == pytest.approx(2 / 3)
    # complaint: 1 of 2 predicted, 1 of 2 true
    assert report.per_class["complaint"].f1 == pytest.approx(0.5)
    assert report.per_class["question"].f1 == 1.0
    # gratitude and suggestion occur nowhere, so the macro average is over three kinds
    assert report.macro_f1 == pytest.approx((2 / 3 + 0.5 + 1.0) / 3)
    # rude: 1 right of 2 flagged, 1 found of 2 rude
    assert report.rude_f1 == pytest.approx(0.5)
    assert report.accuracy == pytest.approx(4 / 6)


def test_a_kind_only_predicted_counts_in_the_macro_average() -> None:
    report = evaluate(["question", "question"], ["suggestion", "question"])
    assert report.per_class["suggestion"].precision == 0.0
    assert report.per_class["suggestion"].f1 == 0.0
    assert report.per_class["question"].recall == 0.5
    assert report.per_class["question"].precision == 1.0
    assert report.macro_f1 == pytest.approx((0 + 2 / 3) / 2)


def test_zero_denominators_give_zero() -> None:
    scores = binary_scores([False, False], [False, False])
    assert (scores.precision, scores.recall, scores.f1) == (0.0, 0.0, 0.0)
    assert evaluate(["claim"], ["question"]).claim_precision == 0.0


def test_json_has_exactly_the_issue_keys() -> None:
    report = evaluate(["claim", "question"], ["claim", "claim"], [False, True], [False, True])
    data = report.to_json()
    assert set(data) == {"macro_f1", "per_class", "claim_recall", "claim_precision", "rude_f1", "confusion"}
    assert data["per_class"]["claim"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert data["rude_f1"] == 1.0
    assert data["confusion"]["question"]["claim"] == 1


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError):
        evaluate(["claim"], [])
