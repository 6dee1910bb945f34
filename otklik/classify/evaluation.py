"""Scoring a classifier (the model or the keyword baseline) on labeled rows, and the report as a table."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from otklik.classify.baseline import baseline_classify
from otklik.classify.dataset import LabeledText
from otklik.classify.engine import classify, classify_with
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


def score(rows: Sequence[LabeledText], predictor: Predictor = model_predictor) -> Report:
    predictions = [predictor(r.text, r.lang) for r in rows]
    return evaluate(
        [r.kind for r in rows],
        [kind for kind, _ in predictions],
        [r.rude for r in rows],
        [rude for _, rude in predictions],
    )


def format_report(report: Report) -> str:
    """The report as a plain-text table for the console."""
    lines = [
        f"{_('kind'):<12} {_('precision'):>10} {_('recall'):>10} {_('F1'):>10} {_('support'):>10}",
    ]
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
