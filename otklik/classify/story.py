"""Sentence-level cues for long appeals: what the customer still wants at the end of the story.

A review or a letter to a regulator mentions money many times along the way; by the labeling guide
what decides is what the customer still wants at the end. So the cues that decide between kinds are
also given with their place: in the last ``TAIL_SENTENCES`` sentences (``c:<cue>@end``) or only
before them (``c:<cue>@early``). A short message is all tail, so for it these repeat the plain cues.

Two of the guide's rules become cues here: money still awaited (``c:awaited``: a transfer never
credited, a refund still not paid — a claim even without a written demand) and a refusal the customer
only argues with or warns others about (``c:warn``, ``c:refusal`` without a demand at the end — a
complaint).
"""

from __future__ import annotations

from collections.abc import Sequence

from otklik.classify.lexicon import Lexicon
from otklik.classify.text import Token

Span = tuple[int, int]
Features = dict[str, list[Span]]

TAIL_SENTENCES = 2
_SENTENCE_END = frozenset(".!?…")
# Cues whose place in a long text matters (a demand at the end vs. a demand told as past history).
_PLACED = (
    "demand", "qmark", "thanks", "praise", "suggest", "awaited", "warn", "refusal", "renounce", "negative", "rude",
    "where_money", "who_pays",
)  # fmt: skip
_WAIT_REACH = 6  # words after "жду" / "still" in which the awaited money may come ("still no sign of the £50 credit")


def sentence_ids(tokens: Sequence[Token]) -> list[int]:
    """The sentence number of every token (a run of . ! ? … ends a sentence)."""
    ids = []
    current = 0
    ended = False
    for tok in tokens:
        is_end = tok.kind == "p" and tok.norm in _SENTENCE_END
        if ended and not is_end:
            current += 1
        ended = is_end
        ids.append(current)
    return ids


def tail_start(tokens: Sequence[Token], ids: Sequence[int]) -> int:
    """Character offset where the last TAIL_SENTENCES sentences begin (0 for a short message)."""
    if not tokens:
        return 0
    first_tail = ids[-1] - TAIL_SENTENCES + 1
    if first_tail <= 0:
        return 0
    for tok, sid in zip(tokens, ids, strict=True):
        if sid >= first_tail:
            return tok.start
    return 0


def _negated(tokens: Sequence[Token], negators: frozenset[str], i: int) -> bool:
    """A negation among the three tokens before i ("не поступили", "has not been credited")."""
    return any(j >= 0 and tokens[j].norm in negators for j in range(i - 3, i))


def awaited_spans(
    tokens: Sequence[Token], ids: Sequence[int], lex: Lexicon, amount_spans: Sequence[Span]
) -> list[Span]:
    """Money still awaited: a negated arrival verb with money in its sentence, or a waiting verb with a
    money noun a few words after it."""
    rules = lex.awaited
    money_sentences = {ids[i] for i, t in enumerate(tokens) if t.norm in rules.nouns}
    if amount_spans:
        starts = [t.start for t in tokens]
        for s, _ in amount_spans:
            k = next((i for i, st in enumerate(starts) if st >= s), len(tokens) - 1)
            money_sentences.add(ids[k])
    if not money_sentences:
        return []
    spans: list[Span] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "w":
            continue
        if tok.norm in rules.verbs and ids[i] in money_sentences and _negated(tokens, lex.negators, i):
            spans.append((tok.start, tok.end))
        elif tok.norm in rules.waits:
            words = 0  # words, not tokens: "£50" is two tokens
            for j in range(i + 1, len(tokens)):
                if tokens[j].kind == "p" and tokens[j].norm in _SENTENCE_END:
                    break
                if tokens[j].norm in rules.nouns:
                    spans.append((tok.start, tokens[j].end))
                    break
                words += tokens[j].kind == "w"
                if words >= _WAIT_REACH:
                    break
    return spans


def _question_sentences(tokens: Sequence[Token], ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Sentence number → (first, last + 1) token index, for the sentences that end with a question mark."""
    bounds: dict[int, tuple[int, int]] = {}
    for i, sid in enumerate(ids):
        first, _ = bounds.get(sid, (i, i))
        bounds[sid] = (first, i + 1)
    return {
        sid: (first, end)
        for sid, (first, end) in bounds.items()
        if any(t.norm == "?" for t in tokens[max(first, end - 3) : end])
    }


def money_question_spans(
    tokens: Sequence[Token], ids: Sequence[int], lex: Lexicon, amount_spans: Sequence[Span]
) -> tuple[list[Span], list[Span]]:
    """Money asked for as a question: "где мои 62 000?" (``c:where_money``: a where / when question with
    money or an amount in it and no condition) and "кто мне это оплатит?" (``c:who_pays``: who, or «как»
    with a finite verb, and a demand verb)."""
    questions = _question_sentences(tokens, ids)
    if not questions:
        return [], []
    rules, demand = lex.awaited, lex.demand
    where: list[Span] = []
    who: list[Span] = []
    for first, end in questions.values():
        sentence = tokens[first:end]
        norms = {t.norm for t in sentence}
        start, stop = sentence[0].start, sentence[-1].end
        has_amount = any(start <= s < stop for s, _ in amount_spans) or any(
            t.kind == "n" and j > 0 and sentence[j - 1].norm in rules.owned for j, t in enumerate(sentence)
        )
        if norms & rules.asks and (has_amount or norms & rules.nouns) and not norms & demand.conditions:
            where.append((start, stop))
        verbs = [t for t in sentence if t.norm in demand.verbs]
        # «как будете возмещать?» is finite too: the infinitive after «будете».
        finite = "быть" in norms or not all(v.text.endswith("ть") for v in verbs)
        if verbs and (norms & rules.who or (norms & rules.how and finite)):
            who.append((start, stop))
    return where, who


def placed_features(features: Features, tail: int) -> None:
    """``c:<cue>@end`` for cues in the tail, ``c:<cue>@early`` for cues found only before it."""
    for name in _PLACED:
        spans = features.get("c:" + name)
        if not spans:
            continue
        end = [s for s in spans if s[0] >= tail]
        if end:
            features[f"c:{name}@end"] = end
        else:
            features[f"c:{name}@early"] = spans


def guide_combinations(features: Features) -> None:
    """The guide's rules for long stories as feature pairs."""
    demand_end = "c:demand@end" in features
    if "c:awaited" in features and not demand_end:
        features["c:awaited_no_demand"] = features["c:awaited"]
    if not demand_end and "c:awaited" not in features:
        for name in ("warn", "refusal"):
            if "c:" + name in features:
                features[f"c:{name}_no_demand"] = features["c:" + name]
