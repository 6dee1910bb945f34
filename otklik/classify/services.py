"""What the desk asks of the classifier when an appeal arrives.

The desk's intake path calls :func:`verdict_for_intake` before its write transaction and stores
the verdict on the new ticket. A classifier failure must never lose an appeal: the ticket is then
opened without a kind and waits in the triage list for a person.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from otklik.classify.engine import Classification

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


# Why a person should look at a verdict before it is trusted.
UNSURE = "unsure"
POSSIBLE_CLAIM = "possible_claim"


def triage_reason(result: Classification) -> str:
    """Why the verdict waits for a person; an empty string when it can stand.

    Missing a claim is the expensive mistake, so besides unsure verdicts, a ticket read as something
    else but with a real chance of being a claim (``CLASSIFY_POSSIBLE_CLAIM_ABOVE``) waits too.
    """
    if result.confidence < settings.CLASSIFY_TRIAGE_BELOW:
        return UNSURE
    if result.kind != "claim" and result.scores.get("claim", 0.0) >= settings.CLASSIFY_POSSIBLE_CLAIM_ABOVE:
        return POSSIBLE_CLAIM
    return ""


def verdict_for_intake(*, subject: str, body: str) -> IntakeVerdict | None:
    """Classify the first message of a new ticket (``body``: its plain text, as intake already made it from
    the text or the HTML); None when there is nothing to read or it failed."""
    text = "\n".join(part for part in (subject.strip(), body.strip()) if part)
    if not text:
        return None
    try:
        from otklik.classify.engine import classify

        result = classify(text)
    except Exception:  # the appeal matters more than its label: keep it, a person will sort it
        log.exception("The classifier failed; the ticket goes to triage without a kind")
        return None
    reason = triage_reason(result)
    return IntakeVerdict(
        kind=result.kind,
        confidence=result.confidence,
        needs_triage=bool(reason),
        rude=result.rude,
        negative=result.negative,
        amount=result.claim_amount.quantize(CENTS) if result.claim_amount is not None else None,
        currency=result.claim_currency,
        details={**result.to_dict(), "triage": reason},
    )
