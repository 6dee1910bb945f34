"""``classify(text)``: the kind of an appeal, why, its tone, and for claims the money and the order numbers.

The model is loaded lazily once per process and shared by all threads. A retrained model at
``<VAR_DIR>/classify/model.json.gz`` wins over the one shipped in the package; its modification time is
re-checked at most every ``RECHECK_SECONDS``, so ``otklik classify train`` takes effect in running
processes without a restart.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from otklik.classify.extract import disputed_amount
from otklik.classify.model import LinearModel
from otklik.classify.pipeline import analyze

logger = logging.getLogger(__name__)

SHIPPED_MODEL = Path(__file__).with_name("model.json.gz")
RECHECK_SECONDS = 10.0
# The amount is reported for claims, and for texts where a claim is likely enough that an agent
# re-labelling it would want the money already extracted.
CLAIM_AMOUNT_MIN_PROBABILITY = 0.25


@dataclass(frozen=True)
class Classification:
    lang: str
    kind: str
    confidence: float
    scores: dict[str, float]
    explanation: list[str]
    rude: bool
    negative: bool
    claim_amount: Decimal | None
    claim_currency: str
    references: list[str]
    model_version: str

    def to_dict(self) -> dict[str, Any]:
        # By hand rather than dataclasses.asdict, which deep-copies every value: intake calls this
        # for every appeal. The copies of the dict and lists keep the result independent all the same.
        return {
            "lang": self.lang, "kind": self.kind, "confidence": self.confidence, "scores": dict(self.scores),
            "explanation": list(self.explanation), "rude": self.rude, "negative": self.negative,
            "claim_amount": None if self.claim_amount is None else str(self.claim_amount),
            "claim_currency": self.claim_currency, "references": list(self.references),
            "model_version": self.model_version,
        }  # fmt: skip


def var_model_path() -> Path | None:
    """Where ``otklik classify train`` writes: ``<VAR_DIR>/classify/model.json.gz`` (None without settings)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        var_dir = getattr(settings, "VAR_DIR", None)
    except ImproperlyConfigured:
        return None
    return Path(var_dir) / "classify" / "model.json.gz" if var_dir else None


class _ModelHolder:
    """The current model, reloaded when the retrained file appears, changes or disappears."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: LinearModel | None = None
        self._source: tuple[Path, int, int] | None = None
        self._checked = 0.0

    def get(self) -> LinearModel:
        model = self._model
        if model is not None and time.monotonic() - self._checked < RECHECK_SECONDS:
            return model
        with self._lock:
            now = time.monotonic()
            if self._model is None or now - self._checked >= RECHECK_SECONDS:
                self._refresh()
                self._checked = now
            assert self._model is not None
            return self._model

    def _refresh(self) -> None:
        source = self._current_source()
        if self._model is not None and source == self._source:
            return
        try:
            self._model = LinearModel.load(source[0])
        except (OSError, ValueError, KeyError) as exc:
            logger.warning("classifier model %s unreadable (%s); using the shipped model", source[0], exc)
            if self._model is None:
                self._model = LinearModel.load(SHIPPED_MODEL)
        self._source = source  # a broken file is not retried until it changes

    @staticmethod
    def _current_source() -> tuple[Path, int, int]:
        candidate = var_model_path()
        for path in (candidate, SHIPPED_MODEL):
            if path is None:
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            return path, st.st_mtime_ns, st.st_size
        return SHIPPED_MODEL, 0, 0

    def forget(self) -> None:
        with self._lock:
            self._model, self._source, self._checked = None, None, 0.0


_holder = _ModelHolder()


def current_model() -> LinearModel:
    return _holder.get()


def forget_model() -> None:
    """Drop the loaded model so the next call reloads (tests, and after writing a new one in-process)."""
    _holder.forget()


def classify(text: str, lang_hint: str | None = None) -> Classification:
    """Classify one appeal with the current model (thread-safe)."""
    return classify_with(_holder.get(), text, lang_hint)


def classify_with(model: LinearModel, text: str, lang_hint: str | None = None) -> Classification:
    analysis = analyze(text or "", lang_hint)
    probs, known = model.score(analysis.features)
    best = max(range(len(probs)), key=probs.__getitem__)
    kind = model.classes[best]
    scores = dict(zip(model.classes, probs, strict=True))
    amount = None
    if kind == "claim" or scores.get("claim", 0.0) >= CLAIM_AMOUNT_MIN_PROBABILITY:
        amount = disputed_amount(analysis.text, analysis.amounts)
    return Classification(
        lang=analysis.lang,
        kind=kind,
        confidence=probs[best],
        scores=scores,
        explanation=model.explain(analysis.text, analysis.features, best, known),
        rude=analysis.tone.rude,
        negative=analysis.tone.negative,
        claim_amount=amount.value if amount else None,
        claim_currency=amount.currency if amount else "",
        references=analysis.references,
        model_version=model.version,
    )
