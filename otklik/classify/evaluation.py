"""Scoring a classifier (the model or the keyword baseline) on labeled rows, and the report as a table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from otklik.classify.baseline import baseline_classify
from otklik.classify.dataset import LabeledText
from otklik.classify.engine import Classification, classify, classify_with
from otklik.classify.metrics import Report, evaluate
from otklik.classify.model import KINDS, LinearModel

Predictor = Callable[[str, str], tuple[str, bool]]


def model_predictor(text: str, lang: str) -> tuple[str, bool]:
    result = classify(text, lang_hint=lang)
    return result.kind, result.rude


def predictor_for(model: LinearModel) -> Predictor:
    """A predictor bound to a model in memory (a freshly trained one, before it is saved)."""

    def predict(text: str, lang: str) -> tuple[str, bool]:
        result = classify_with(model, text, lang_hint=lang)
        return result.kind, result.rude

    return predict


def baseline_predictor(text: str, lang: str) -> tuple[str, bool]:
    return baseline_classify(text)


def score_model(rows: Sequence[LabeledText]) -> tuple[Report, DeskCatch]:
    """The model's report and the desk's catch of claims, classifying every row once for both."""
    results = [classify(r.text, lang_hint=r.lang) for r in rows]
    report = evaluate([r.kind for r in rows], [x.kind for x in results], [r.rude for r in rows],
                      [x.rude for x in results])  # fmt: skip
    return report, desk_catch(rows, results)


def score(rows: Sequence[LabeledText], predictor: Predictor = model_predictor) -> Report:
    predictions = [predictor(r.text, r.lang) for r in rows]
    return evaluate(
        [r.kind for r in rows],
        [kind for kind, _ in predictions],
        [r.rude for r in rows],
        [rude for _, rude in predictions],
    )


@dataclass(frozen=True)
class DeskCatch:
    """What the desk does with the verdicts: claims it reads as claims or holds in triage for a person."""

    claims: int
    caught: int  # read as a claim, or sent to triage (unsure or a possible claim)
    texts: int
    triaged: int

    def to_json(self) -> dict[str, float | int]:
        return {
            "claims": self.claims, "claims_caught": self.caught, "texts": self.texts, "triaged": self.triaged,
            "claim_catch_rate": round(self.caught / self.claims, 4) if self.claims else 0.0,
            "triage_share": round(self.triaged / self.texts, 4) if self.texts else 0.0,
        }  # fmt: skip


def desk_catch(rows: Sequence[LabeledText], results: Sequence[Classification] | None = None) -> DeskCatch:
    """Score the desk's rule (``services.triage_reason``) with the current settings, on the model's
    ``results`` for ``rows`` when they are at hand."""
    from otklik.classify.services import triage_reason

    if results is None:
        results = [classify(row.text, lang_hint=row.lang) for row in rows]
    claims = caught = triaged = 0
    for row, result in zip(rows, results, strict=True):
        held = bool(triage_reason(result))
        triaged += held
        if row.kind == "claim":
            claims += 1
            caught += held or result.kind == "claim"
    return DeskCatch(claims, caught, len(rows), triaged)


def format_desk_catch(catch: DeskCatch) -> str:
    data = catch.to_json()
    return _(
        "In the desk (with triage): %(caught)d of %(claims)d claims read as claims or held for a person "
        "(%(rate).3f); %(triaged)d of %(texts)d texts held in triage (%(share).1f %%)."
    ) % {
        "caught": catch.caught, "claims": catch.claims, "triaged": catch.triaged, "texts": catch.texts,
        "rate": data["claim_catch_rate"], "share": 100 * float(data["triage_share"]),
    }  # fmt: skip


def format_report(report: Report) -> str:
    """The report as a plain-text table for the console."""
    # Translated outside the f-string: makemessages does not look inside f-strings.
    kind, precision, recall, f1, support = _("kind"), _("precision"), _("recall"), _("F1"), _("support")
    lines = [f"{kind:<12} {precision:>10} {recall:>10} {f1:>10} {support:>10}"]
    for kind, s in report.per_class.items():
        lines.append(f"{kind:<12} {s.precision:>10.3f} {s.recall:>10.3f} {s.f1:>10.3f} {s.support:>10d}")
    rude = "—" if report.rude_f1 is None else f"{report.rude_f1:.3f}"
    lines += [
        "",
        _("macro-F1 %(f1).3f · claim recall %(recall).3f · claim precision %(precision).3f · rude F1 %(rude)s")
        % {"f1": report.macro_f1, "recall": report.claim_recall, "precision": report.claim_precision, "rude": rude},
        ngettext("%(n)d text, accuracy %(accuracy).3f", "%(n)d texts, accuracy %(accuracy).3f", report.total)
        % {"n": report.total, "accuracy": report.accuracy},
        "",
        _("Confusion matrix (rows: true kind, columns: predicted kind)"),
        " " * 12 + "".join(f"{k[:10]:>11}" for k in KINDS),
    ]
    for true in KINDS:
        lines.append(f"{true:<12}" + "".join(f"{report.confusion[true][p]:>11d}" for p in KINDS))
    return "\n".join(lines)
