"""The desk's catch of claims: read as a claim, or held in triage for a person — against hand counts."""

from __future__ import annotations

from otklik.classify import evaluation
from otklik.classify.dataset import LabeledText
from otklik.classify.engine import Classification

# text -> (kind the model says, its confidence, P(claim))
VERDICTS = {
    "a": ("claim", 0.90, 0.90),  # a claim read as a claim: caught, not held
    "b": ("complaint", 0.80, 0.15),  # a claim read as a complaint, but a possible claim: held, caught
    "c": ("complaint", 0.90, 0.05),  # a claim missed: not held
    "d": ("question", 0.40, 0.01),  # not a claim, unsure: held
    "e": ("gratitude", 0.95, 0.01),  # not a claim, sure: nothing
}
TRUTH = {"a": "claim", "b": "claim", "c": "claim", "d": "question", "e": "gratitude"}


def _fake(text: str, lang_hint: str | None = None) -> Classification:
    kind, confidence, claim = VERDICTS[text]
    return Classification(
        "ru", kind, confidence, {"claim": claim, kind: confidence}, [], False, False, None, "", [], "t"
    )


def test_claims_caught_and_texts_held_by_hand(monkeypatch, settings):
    settings.CLASSIFY_TRIAGE_BELOW, settings.CLASSIFY_POSSIBLE_CLAIM_ABOVE = 0.6, 0.1
    monkeypatch.setattr(evaluation, "classify", _fake)
    rows = [LabeledText(TRUTH[t], False, "ru", t) for t in "abcde"]
    catch = evaluation.desk_catch(rows)
    # claims: a, b, c = 3; caught: a (read as claim) + b (held as a possible claim) = 2; held: b, d = 2 of 5
    assert (catch.claims, catch.caught, catch.texts, catch.triaged) == (3, 2, 5, 2)
    assert catch.to_json()["claim_catch_rate"] == round(2 / 3, 4)
    assert catch.to_json()["triage_share"] == 0.4
