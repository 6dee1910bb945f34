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
from functools import lru_cache
from typing import Any, NamedTuple

LANGS = ("ru", "en")

_CYR = re.compile(r"[а-яё]", re.IGNORECASE)
# Runs of letters, not single letters: counting a message's letters one match at a time cost 4 % of its time.
# The classes spell out every letter that ``[а-яё]`` and ``[a-z]`` match under IGNORECASE (the old Cyrillic
# variants ᲀ-ᲆ, the dotted and dotless i, the long s, the Kelvin sign) rather than use the flag, which
# case-folds every character of the text and made the count a third dearer.
CYR_LETTERS = "а-яёА-ЯЁ\u1c80-\u1c86"
LAT_LETTERS = "a-zA-Z\u0130\u0131\u017f\u212a"
_CYR_RUN = re.compile(f"[{CYR_LETTERS}]+")
_LAT_RUN = re.compile(f"[{LAT_LETTERS}]+")
# Every byte but an ASCII letter: in ASCII text the Latin letters above are exactly a-z and A-Z.
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha())
# Words (letters, inner hyphens and apostrophes), numbers (with inner separators), the punctuation the
# features use, any other single non-space character.
# Links and @mentions come first and are one token each (norm "<url>" / "<mention>"): in posts to a brand
# they are noise, and split into words they would make features of "https", "t", "co" and brand handles.
_TOKEN = re.compile(
    r"(https?://\S+|www\.\S+|@\w+)|([^\W\d_]+(?:[-'’][^\W\d_]+)*)|(\d+(?:[.,]\d+)*)|([!?.,;:()«»\"…])|(\S)"
)
CLAUSE_END = frozenset('.,;:!?()«»"…')

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
_EN_PAST = frozenset(
    [
        "paid",
        "took",
        "sent",
        "gave",
        "got",
        "made",
        "bought",
        "spent",
        "lost",
        "told",
        "said",
        "was",
        "were",
        "did",
        "had",
        "went",
        "came",
        "left",
        "kept",
        "broke",
        "stole",
    ]
)
_VOWELS = frozenset("aeiouy")

WordForm = tuple[str, bool, bool]  # normal form, imperative, past tense
# Word as written → its normal forms (two for "didn't"). Filled as words are met; a warm process pays one
# dict lookup per word. Bounded so a long-lived process cannot grow it without end.
_WORD_CACHE: dict[str, tuple[WordForm, ...]] = {}
_WORD_CACHE_MAX = 300_000


class Token(NamedTuple):
    """One unit of text: ``norm`` is the lemma or stem (``<num>`` for numbers, the mark for punctuation).

    A named tuple rather than a dataclass: a message makes dozens of them, and tuples are built in C."""

    text: str
    start: int
    end: int
    norm: str
    kind: str  # "w" word, "n" number, "p" punctuation or a symbol (emoji), "x" a link or an @mention
    impr: bool = False  # a Russian verb in the imperative ("верните")
    past: bool = False  # a verb in the past tense ("вернули", "refunded"): something already done


def detect_lang(text: str, hint: str | None = None) -> str:
    """``ru`` or ``en`` by the share of Cyrillic letters; the hint decides when the script cannot."""
    if text.isascii():  # most English messages: no Cyrillic, and the letters counted with one C call
        cyr = 0
        lat = len(text.encode("ascii").translate(None, _NOT_ASCII_LETTER))
    else:
        cyr = sum(map(len, _CYR_RUN.findall(text)))
        lat = sum(map(len, _LAT_RUN.findall(text)))
    total = cyr + lat
    if hint in LANGS and (total < 4 or 0.3 <= cyr / total <= 0.6):
        return hint  # type: ignore[return-value]
    if total == 0:
        return "ru"
    # Russian text quotes brand names and URLs in Latin letters; English text almost never has Cyrillic.
    return "ru" if cyr / total >= 0.35 else "en"


class _Morph:
    """pymorphy3, loaded on first use (about 0.1 s)."""

    def __init__(self) -> None:
        self._analyzer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._analyzer is None:
                import pymorphy3

                # It announces every dictionary load at INFO; that is noise in a command's output.
                logging.getLogger("pymorphy3").setLevel(logging.WARNING)
                self._analyzer = pymorphy3.MorphAnalyzer()
        return self._analyzer

    def lemma(self, word: str) -> WordForm:
        """(lemma, imperative, past tense) of a lower-cased Russian word."""
        parses = (self._analyzer or self._load()).parse(word)
        best = parses[0]
        # "отмените", "замените" are both the imperative and the future "вы отмените", and pymorphy3 often
        # ranks the future first: any reading of the same verb as an imperative counts.
        impr = any("impr" in p.tag for p in parses[:4] if p.normal_form == best.normal_form)
        tag = best.tag
        return best.normal_form.replace("ё", "е"), impr, "VERB" in tag and "past" in tag


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


def _english(low: str) -> tuple[WordForm, ...]:
    """An English word's stem; contractions split: "didn't" → do + not, "i'm" → i."""
    low = low.replace("’", "'")
    if low.endswith("n't"):
        base = low[:-3]
        return (en_stem(_NT_BASE.get(base, base)), False, base in ("did", "was", "were", "had")), ("not", False, False)
    for clitic in _CLITICS:
        if low.endswith(clitic) and len(low) > len(clitic):
            low = low[: -len(clitic)]
            break
    past = low in _EN_PAST or (low.endswith("ed") and len(low) > 4)
    return ((en_stem(low), False, past),)


def word_forms(word: str) -> tuple[WordForm, ...]:
    forms = _WORD_CACHE.get(word)
    if forms is None:
        low = word.lower().replace("ё", "е")
        forms = (MORPH.lemma(low),) if _CYR.search(low) else _english(low)
        if len(_WORD_CACHE) >= _WORD_CACHE_MAX:
            _WORD_CACHE.clear()
        _WORD_CACHE[word] = forms
    return forms


def tokenize(text: str) -> list[Token]:
    """Tokens with offsets into ``text`` and their normal forms."""
    tokens: list[Token] = []
    append = tokens.append
    # ``tuple.__new__`` builds a Token in C; the named tuple's own constructor is a Python function, and
    # at dozens of tokens a message it was a sixth of the classifier's time.
    new = tuple.__new__
    cached = _WORD_CACHE.get
    for m in _TOKEN.finditer(text):
        group = m.lastindex or 5  # every alternative is a group, so one always matched
        value = m[0]  # the whole match is that group's text
        start, end = m.span()
        if group == 2:
            for norm, impr, past in cached(value) or word_forms(value):
                append(new(Token, (value, start, end, norm, "w", impr, past)))
        elif group == 4 or group == 5:
            append(new(Token, (value, start, end, value, "p", False, False)))
        elif group == 3:
            append(new(Token, (value, start, end, "<num>", "n", False, False)))
        else:
            norm = "<mention>" if value[0] == "@" else "<url>"
            append(new(Token, (value, start, end, norm, "x", False, False)))
    return tokens


def is_clause_end(token: Token) -> bool:
    return token.kind == "p" and token.norm in CLAUSE_END


def normalize_phrase(phrase: str) -> tuple[str, ...]:
    """The normal forms of a lexicon phrase, so "верните деньги" matches "вернули мне деньги"."""
    return tuple(t.norm for t in tokenize(phrase) if t.kind != "p")
