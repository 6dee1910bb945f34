"""The features of one appeal, each with the character spans that produced it (for the explanation).

- ``w:<lemma>`` every word's lemma or stem, ``i:<lemma>`` a Russian imperative ("верните");
- ``b:<lemma> <lemma>`` adjacent words within a clause;
- ``p:<lemma>`` a verb in the past tense (a refund already made is not a demand for one);
- ``n:<lemma>`` words under a negation ("не вернули", "not refunded"), up to three words to the clause end;
- ``c:…`` cues: a demand, money, thanks, a suggestion, a question form, a failure, an amount, a
  reference number, rude and negative words, the question mark, the length band, and a few combinations
  that the labeling guide names (a question about a refund; thanks that contain a complaint);
- ``g:<word>`` every distinct word as written (lower case), which the model reads as its character
  n-grams (``chargrams``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from otklik.classify import chargrams
from otklik.classify.extract import Amount
from otklik.classify.lexicon import Hits, Lexicon, span_of
from otklik.classify.story import (
    awaited_spans,
    guide_combinations,
    money_question_spans,
    placed_features,
    sentence_ids,
    tail_start,
)
from otklik.classify.text import CLAUSE_END, Token, en_stem, is_clause_end
from otklik.classify.tone import Tone

Span = tuple[int, int]
Features = dict[str, list[Span]]

_NEG_SCOPE = 3
_SENTENCE_END = frozenset(".!?…")
_MARKS = frozenset("?!")
_CUES = (
    "demand", "money", "thanks", "thanks_formula", "suggest", "question", "failure", "praise", "contrast", "warn",
    "refusal", "renounce",
)  # fmt: skip
_PLEASE = en_stem("please")
_REQUEST_REACH = 6  # words after "прошу" / "требую" in which the demanded action may come


def _length_band(words: int) -> str:
    if words <= 8:
        return "short"
    if words <= 25:
        return "medium"
    if words <= 60:
        return "long"
    if words <= 150:
        return "very_long"
    return "story"


def _add(features: Features, name: str, span: Span) -> None:
    spans = features.get(name)
    if spans is None:
        features[name] = [span]
    else:
        spans.append(span)


class _Scan(NamedTuple):
    """What the one pass over the tokens gathers for the later feature groups, so each need not loop again."""

    words: int
    clause_starts: set[int]  # index of every token that opens a clause (0 and each one after . , ; ! ? …)
    negations: set[int]  # index of every negator
    marks: list[int]  # index of every "?" and "!"


def _word_features(tokens: Sequence[Token], negators: frozenset[str], features: Features) -> _Scan:
    """Unigrams, imperatives, bigrams and negation, and the token facts the other groups need."""
    words = 0
    prev: Token | None = None
    neg_left = 0
    negations: set[int] = set()
    ends: list[int] = []  # the clause ends, in order
    # ``setdefault(...).append`` inline rather than ``_add``: this loop runs for every token of every
    # message, and the call was a sixth of its time.
    add = features.setdefault
    for i, tok in enumerate(tokens):
        kind = tok.kind
        norm = tok.norm
        if norm in negators:
            negations.add(i)
        if kind == "p" or kind == "x":
            prev = None
            if kind == "p" and norm in CLAUSE_END:
                neg_left = 0
                ends.append(i)
            elif kind == "p" and not norm.isascii():
                add("e:" + norm, []).append((tok.start, tok.end))  # an emoji or a symbol: 😡, 🙏, ₽
            continue
        span = (tok.start, tok.end)
        if kind == "w":
            words += 1
            add("w:" + norm, []).append(span)
            if tok.impr:
                add("i:" + norm, []).append(span)
            elif tok.past:
                add("p:" + norm, []).append(span)
            if neg_left:
                add("n:" + norm, []).append(span)
                neg_left -= 1
            if norm in negators:
                neg_left = _NEG_SCOPE
        if prev is not None:
            add(f"b:{prev.norm} {norm}", []).append((prev.start, tok.end))
        prev = tok
    starts = {i + 1 for i in ends}
    starts.add(0)
    marks = [i for i in ends if tokens[i].norm in _MARKS]
    return _Scan(words, starts, negations, marks)


def _question_span(text: str, tokens: Sequence[Token], index: int) -> Span:
    """The words of the question that ends at tokens[index] ("?"), at most six of them."""
    start = index
    words = 0
    while start > 0:
        prev = tokens[start - 1]
        if prev.kind == "p" and prev.norm in _SENTENCE_END:
            break
        start -= 1
        if prev.kind != "p":
            words += 1
            if words == 6:
                break
    return tokens[start].start, tokens[index].end


def _punctuation_features(text: str, tokens: Sequence[Token], marks: Sequence[int], features: Features) -> None:
    last_q = -1
    for i in marks:
        tok = tokens[i]
        if tok.norm == "?":
            _add(features, "c:qmark", _question_span(text, tokens, i))
            last_q = i
        else:
            _add(features, "c:excl", (tok.start, tok.end))
    if last_q >= 0 and all(t.kind in ("p", "x") for t in tokens[last_q + 1 :]):
        features["c:qend"] = [features["c:qmark"][-1]]


def _negated(tokens: Sequence[Token], negations: set[int], i: int) -> bool:
    """A negation among the two tokens before i, in the same clause ("замены нет. Прошу вернуть" is not)."""
    if i - 1 in negations:
        return True
    return i - 2 in negations and not is_clause_end(tokens[i - 1])


def _reach(tokens: Sequence[Token], i: int, targets: frozenset[str] | set[str], step: int) -> int:
    """Index of the first token in ``targets`` within _REQUEST_REACH words of i in direction step, same clause."""
    j = i + step
    for _ in range(_REQUEST_REACH):
        if j < 0 or j >= len(tokens) or is_clause_end(tokens[j]):
            return -1
        if tokens[j].norm in targets:
            return j
        j += step
    return -1


def _demand_spans(tokens: Sequence[Token], lex: Lexicon, starts: set[int], negations: set[int]) -> list[Span]:
    """Demands by rule: an imperative demand verb ("верните"; in English a demand verb opening a clause or
    after "please"); a request verb with a demand verb or noun shortly after ("прошу вернуть", "I expect a
    refund"); a give-back verb with its particle ("I want my $50 back"); a negated demand verb after a
    condition ("если не вернёте"). Otherwise not when negated ("ничего не прошу", "not asking for a refund")."""
    rules = lex.demand
    verbs, particles = rules.verbs, rules.back_particles
    spans: list[Span] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "w":
            continue
        norm = tok.norm
        if norm in particles:
            if i > 0 and tokens[i - 1].norm in rules.back_not_after:
                continue  # "неделю назад" is "a week ago"
            j = _reach(tokens, i, rules.back_verbs, -1)
            if j >= 0 and not _negated(tokens, negations, j):
                spans.append((tokens[j].start, tok.end))
            continue
        if negations and _negated(tokens, negations, i):
            if norm in verbs and _reach(tokens, i, rules.conditions, -1) >= 0:
                spans.append((tok.start, tok.end))  # "если не вернёте", "if you don't refund"
            continue
        if norm in verbs:
            if tok.impr or _command(tok, i, starts) or (i > 0 and tokens[i - 1].norm == _PLEASE):
                spans.append((tok.start, tok.end))
        elif norm in rules.requests:
            j = _reach(tokens, i, rules.targets, 1)
            if j >= 0:
                spans.append((tok.start, tokens[j].end))
    return spans


def _command(tok: Token, i: int, starts: set[int]) -> bool:
    """English shows no imperative mood: a demand verb opening a clause is one, unless it is in the past
    ("Refunded the wrong amount.", "Paid twice."); in Russian so is an infinitive opening a clause
    ("Вернуть немедленно"). (A demand verb after "please" is one too; the caller checks that.)"""
    return i in starts and ((tok.text.isascii() and not tok.past) or tok.text.lower().endswith("ть"))


def _cue_features(
    tokens: Sequence[Token], lexicon_hits: Hits, lex: Lexicon, scan: _Scan, features: Features
) -> set[str]:
    """Lexicon cues; returns the names of those present."""
    hits = {name: lexicon_hits[name] for name in _CUES}
    # Each filter below runs only when there is something to filter by: most messages have none of these
    # formulas, and checking every hit against an empty list cost a generator per hit.
    # "Спасибо заранее" is a polite formula, not gratitude: drop the thanks inside it.
    formula = hits["thanks_formula"]
    if formula:
        hits["thanks"] = [h for h in hits["thanks"] if not any(f[0] <= h[0] < f[1] for f in formula)]
    # "Не рекомендую" warns others off: the praise word inside it is not praise.
    warn = hits["warn"]
    if warn:
        for name in ("thanks", "praise"):
            hits[name] = [h for h in hits[name] if not any(f[0] <= h[0] < f[1] for f in warn)]
    # A demand phrase inside (or touching) "I don't want money back" or «претензий нет» is not a demand.
    renounce = hits["renounce"]
    if renounce:
        hits["demand"] = [h for h in hits["demand"] if not any(r[0] <= h[1] and h[0] <= r[1] for r in renounce)]
    starts = scan.clause_starts
    hits_demand = _demand_spans(tokens, lex, starts, scan.negations)
    if renounce:
        renounced = [span_of(tokens, i, j) for i, j in renounce]
        hits_demand = [s for s in hits_demand if not any(r[0] <= s[1] and s[0] <= r[1] for r in renounced)]
    present = set()
    for span in hits_demand:
        _add(features, "c:demand", span)
        present.add("demand")
    for name, ranges in hits.items():
        for i, j in ranges:
            present.add(name)
            span = span_of(tokens, i, j)
            _add(features, "c:" + name, span)
            if name == "question" and i in starts:
                _add(features, "c:qstart", span)
                present.add("qstart")
    return present


def _combinations(present: set[str], features: Features) -> None:
    """Pairs the labeling guide treats specially; each points at the spans of its parts."""

    def spans(*names: str) -> list[Span]:
        return [s for n in names for s in features.get("c:" + n, [])]

    asks = "qmark" in present or "qstart" in present
    moneyish = "money" in present or "amount" in present
    complaint_signs = "failure" in present or "negative" in present or "rude" in present
    combos = {
        "demand+money": "demand" in present and moneyish,
        "ask+money": asks and moneyish and "demand" not in present,
        "thanks+complaint": "thanks" in present and complaint_signs,
        "thanks_only": "thanks" in present and not complaint_signs and not moneyish and not asks,
        "suggest+failure": "suggest" in present and "failure" in present,
        "amount+demand": "amount" in present and "demand" in present,
        "money_no_demand": moneyish and "demand" not in present,
        "thanks+contrast": ("thanks" in present or "praise" in present) and "contrast" in present,
    }
    parts = {
        "demand+money": ("demand", "money", "amount"),
        "ask+money": ("qmark", "money", "amount"),
        "thanks+complaint": ("thanks", "failure", "negative", "rude"),
        "thanks_only": ("thanks",),
        "suggest+failure": ("suggest", "failure"),
        "amount+demand": ("amount", "demand"),
        "money_no_demand": ("amount", "money"),
        "thanks+contrast": ("contrast", "thanks", "praise"),
    }
    for name, on in combos.items():
        if on:
            features["c:" + name] = spans(*parts[name]) or [(0, 0)]


def _money_question_features(
    tokens: Sequence[Token], ids: Sequence[int], lex: Lexicon, amount_spans: Sequence[Span], features: Features
) -> None:
    where_money, who_pays = money_question_spans(tokens, ids, lex, amount_spans)
    for span in where_money:
        _add(features, "c:where_money", span)
    for span in who_pays:
        _add(features, "c:who_pays", span)


def featurize(
    text: str,
    tokens: Sequence[Token],
    hits: Hits,
    lang: str,
    lex: Lexicon,
    tone: Tone,
    amounts: Sequence[Amount],
    reference_spans: Sequence[Span],
) -> Features:
    features: Features = {}
    scan = _word_features(tokens, lex.negators, features)
    _punctuation_features(text, tokens, scan.marks, features)
    present = _cue_features(tokens, hits, lex, scan, features)
    if "c:qmark" in features:
        present.add("qmark")
    for span in tone.rude_spans:
        _add(features, "c:rude", span)
    if tone.rude_spans:
        present.add("rude")
    for span in tone.negative_spans:
        _add(features, "c:negative", span)
    if tone.negative_spans:
        present.add("negative")
    for amount in amounts:
        _add(features, "c:amount", (amount.start, amount.end))
    if amounts:
        present.add("amount")
    for span in reference_spans:
        _add(features, "c:ref", span)
    ids = sentence_ids(tokens)
    amount_spans = [(a.start, a.end) for a in amounts]
    for span in awaited_spans(tokens, ids, lex, amount_spans):
        _add(features, "c:awaited", span)
    if "c:qmark" in features:  # both are questions: most messages have none
        _money_question_features(tokens, ids, lex, amount_spans, features)
    _combinations(present, features)
    placed_features(features, tail_start(tokens, ids))
    guide_combinations(features)
    features["c:len:" + _length_band(scan.words)] = [(0, 0)]
    features["c:lang:" + lang] = [(0, 0)]
    features.update(chargrams.words(text))
    return features
