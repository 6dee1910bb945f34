"""Tone flags: rude (insults, obscenity, masked mat) and negative (strong but civil indignation)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from otklik.classify.lexicon import Hits, Lexicon, span_of
from otklik.classify.text import Token

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Tone:
    rude_spans: list[Span]
    negative_spans: list[Span]

    @property
    def rude(self) -> bool:
        return bool(self.rude_spans)

    @property
    def negative(self) -> bool:
        # Rudeness is negative too; the labeling guide separates only the other way round.
        return bool(self.negative_spans or self.rude_spans)


def _may_be_rude(low: str, needles: tuple[str, ...]) -> bool:
    """Whether a rude pattern can match: every match contains a needle. Most messages have none, and the
    substring tests cost about a third of the patterns' scan."""
    return any(needle in low for needle in needles)


def detect_tone(text: str, tokens: Sequence[Token], hits: Hits, lex: Lexicon) -> Tone:
    """Tone from the lexicon hits of the text (``PhraseIndex.find``) and the rude patterns."""
    rude = [span_of(tokens, i, j) for i, j in hits["rude"]]
    low = text.lower()
    if _may_be_rude(low, lex.rude_needles):
        rude.extend(m.span() for m in lex.rude_pattern.finditer(low))
    negative = [span_of(tokens, i, j) for i, j in hits["negative"]]
    return Tone(rude_spans=sorted(set(rude)), negative_spans=negative)
