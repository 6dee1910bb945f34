"""Text to tokens: the language by script, word tokens with their offsets, Russian lemmas, English stems.

Tokenizing is a regular expression rather than razdel: the classifier only needs words, numbers and a
few punctuation marks, and razdel's sentence-aware rules cost about 150 µs on a two-line message
against 8 µs here (measured), which alone would eat a third of the 2,000 messages/s budget. Russian
words go through pymorphy3 once per distinct form; the answers are cached in the process, so a warm
process pays a dict lookup per word.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LANGS = ("ru", "en")

_CYR = re.compile(r"[а-яё]", re.IGNORECASE)
_LAT = re.compile(r"[a-z]", re.IGNORECASE)
# Words (letters, inner hyphens and apostrophes), numbers (with inner separators), the punctuation the
# features use, any other single non-space character.
_TOKEN = re.compile(r"([^\W\d_]+(?:[-'’][^\W\d_]+)*)|(\d+(?:[.,]\d+)*)|([!?.,;:()«»\"…])|(\S)")
_CLAUSE_END = frozenset('.,;:!?()«»"…')

# Contractions: "didn't" → "do" + "not"; the stem of the part before "n't".
_NT_BASE = {"ca": "can", "wo": "will", "sha": "shall", "ai": "be"}
_CLITICS = ("'m", "'s", "'re", "'ve", "'ll", "'d")

# English: a handful of irregular forms support text uses; everything else goes through the suffix rules.
_EN_IRREGULAR = {
    "paid": "pay", "took": "take", "taken": "take", "sent": "send", "gave": "give", "given": "give",
    "got": "get", "gotten": "get", "made": "make", "bought": "buy", "spent": "spend", "lost": "lose",
    "told": "tell", "said": "say", "was": "be", "were": "be", "is": "be", "are": "be", "am": "be",
    "been": "be", "did": "do", "does": "do", "done": "do", "had": "have", "has": "have", "went": "go",
    "gone": "go", "came": "come", "left": "leave", "kept": "keep", "broke": "break", "broken": "break",
    "stole": "steal", "stolen": "steal", "thanks": "thank", "money": "money",
    "children": "child", "people": "person", "men": "man", "women": "woman", "better": "good", "best": "good",
    "worse": "bad", "worst": "bad", "wouldn't": "would",
}  # fmt: skip
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True, slots=True)
class Token:
    """One unit of text: ``norm`` is the lemma or stem (``<num>`` for numbers, the mark for punctuation)."""

    text: str
    start: int
    end: int
    norm: str
    kind: str  # "w" word, "n" number, "p" punctuation
    impr: bool = False  # a Russian verb in the imperative ("верните")


def detect_lang(text: str, hint: str | None = None) -> str:
    """``ru`` or ``en`` by the share of Cyrillic letters; the hint decides when the script cannot."""
    cyr = len(_CYR.findall(text))
    lat = len(_LAT.findall(text))
    total = cyr + lat
    if hint in LANGS and (total < 4 or 0.3 <= cyr / total <= 0.6):
        return hint  # type: ignore[return-value]
    if total == 0:
        return "ru"
    # Russian text quotes brand names and URLs in Latin letters; English text almost never has Cyrillic.
    return "ru" if cyr / total >= 0.35 else "en"


class _Morph:
    """pymorphy3 behind a per-process cache of word form → (lemma, imperative)."""

    _MAX = 300_000  # distinct forms kept before the cache starts over; bounds memory in a long-lived process

    def __init__(self) -> None:
        self._analyzer: Any = None
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[str, bool]] = {}

    def _load(self) -> Any:
        with self._lock:
            if self._analyzer is None:
                import pymorphy3

                # It announces every dictionary load at INFO; that is noise in a command's output.
                logging.getLogger("pymorphy3").setLevel(logging.WARNING)
                self._analyzer = pymorphy3.MorphAnalyzer()
        return self._analyzer

    def lemma(self, word: str) -> tuple[str, bool]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        analyzer = self._analyzer or self._load()
        parse = analyzer.parse(word)[0]
        result = (parse.normal_form.replace("ё", "е"), "impr" in parse.tag)
        if len(self._cache) >= self._MAX:
            self._cache = {}
        self._cache[word] = result
        return result


MORPH = _Morph()


@lru_cache(maxsize=100_000)
def en_stem(word: str) -> str:
    """A light English stemmer: irregular forms, then plural / tense / -ing suffixes, then a final -e."""
    w = word.lower()
    if w in _EN_IRREGULAR:
        return _EN_IRREGULAR[w]
    if len(w) <= 3:
        return w
    if (w.endswith("ies") and len(w) > 4) or (w.endswith("ied") and len(w) > 4):
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif (w.endswith("ed") and len(w) > 4) or (w.endswith("es") and len(w) > 4 and w[-3] in "sxzh"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    # "stopped" → "stopp" → "stop", so it meets "stop".
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in _VOWELS:
        w = w[:-1]
    return w


def _norm_word(word: str) -> tuple[str, bool]:
    low = word.lower().replace("ё", "е")
    if _CYR.search(low):
        return MORPH.lemma(low)
    return en_stem(low), False


def _english_parts(low: str) -> list[str]:
    """Split contractions: "didn't" → ["do", "not"], "i'm" → ["i"]."""
    low = low.replace("’", "'")
    if low.endswith("n't"):
        base = low[:-3]
        return [en_stem(_NT_BASE.get(base, base)), "not"]
    for clitic in _CLITICS:
        if low.endswith(clitic) and len(low) > len(clitic):
            return [en_stem(low[: -len(clitic)])]
    return [en_stem(low)]


def tokenize(text: str) -> list[Token]:
    """Tokens with offsets into ``text`` and their normal forms."""
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN.finditer(text):
        word, number, punct, other = m.groups()
        start, end = m.span()
        if word is not None:
            if ("'" in word or "’" in word) and not _CYR.search(word):
                for part in _english_parts(word.lower()):
                    append(Token(word, start, end, part, "w"))
                continue
            norm, impr = _norm_word(word)
            append(Token(word, start, end, norm, "w", impr))
        elif number is not None:
            append(Token(number, start, end, "<num>", "n"))
        elif punct is not None:
            append(Token(punct, start, end, punct, "p"))
        else:
            append(Token(other, start, end, other, "p"))
    return tokens


def is_clause_end(token: Token) -> bool:
    return token.kind == "p" and token.norm in _CLAUSE_END


def normalize_phrase(phrase: str) -> tuple[str, ...]:
    """The normal forms of a lexicon phrase, so "верните деньги" matches "вернули мне деньги"."""
    return tuple(t.norm for t in tokenize(phrase) if t.kind != "p")
