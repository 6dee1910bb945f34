"""What the desk asks of the classifier when an appeal arrives.

The desk's intake path calls :func:`verdict_for_intake` before its write transaction and stores
the verdict on the new ticket. A classifier failure must never lose an appeal: the ticket is then
opened without a kind and waits in the triage list for a person.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from otklik.desk.content import html_to_text

log = logging.getLogger(__name__)
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class IntakeVerdict:
    kind: str
    confidence: float
    needs_triage: bool
    rude: bool
    negative: bool
    amount: Decimal | None
    currency: str
    details: dict[str, Any]


def verdict_for_intake(*, subject: str, body_text: str, body_html: str = "") -> IntakeVerdict | None:
    """Classify the first message of a new ticket; None when there is nothing to read or it failed."""
    body = body_text.strip() or html_to_text(body_html)
    text = "\n".join(part for part in (subject.strip(), body.strip()) if part)
    if not text:
        return None
    try:
        from otklik.classify.engine import classify

        result = classify(text)
    except Exception:  # the appeal matters more than its label: keep it, a person will sort it
        log.exception("The classifier failed; the ticket goes to triage without a kind")
        return None
    details = result.to_dict()
    return IntakeVerdict(
        kind=result.kind,
        confidence=result.confidence,
        needs_triage=result.confidence < settings.CLASSIFY_TRIAGE_BELOW,
        rude=result.rude,
        negative=result.negative,
        amount=result.claim_amount.quantize(CENTS) if result.claim_amount is not None else None,
        currency=result.claim_currency,
        details={
            key: details[key]
            for key in ("lang", "kind", "scores", "explanation", "references", "claim_amount", "claim_currency",
                        "model_version")
            if key in details
        },
    )  # fmt: skip
