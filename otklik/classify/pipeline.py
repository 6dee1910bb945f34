"""One pass over a text: language, tokens, tone, amounts, references and the model's features.

Training and classification both go through ``analyze``, so the features a model was trained on are
exactly the ones it sees at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

from otklik.classify.extract import Amount, find_amounts, find_reference_spans
from otklik.classify.features import Features, featurize
from otklik.classify.lexicon import lexicon
from otklik.classify.text import detect_lang, tokenize
from otklik.classify.tone import Tone, detect_tone


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str
    lang: str
    tone: Tone
    amounts: list[Amount]
    references: list[str]
    features: Features


def analyze(text: str, lang_hint: str | None = None) -> Analysis:
    lex = lexicon()
    lang = detect_lang(text, lang_hint)
    tokens = tokenize(text)
    hits = lex.phrases.find([t.norm for t in tokens])
    tone = detect_tone(text, tokens, hits, lex)
    amounts = find_amounts(text, lang)
    refs = find_reference_spans(text)
    features = featurize(text, tokens, hits, lang, lex, tone, amounts, [(s, e) for _, s, e in refs])
    return Analysis(text, lang, tone, amounts, [r for r, _, _ in refs], features)
