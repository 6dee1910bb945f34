"""Character n-grams within words: inflections, typos, masked words and unseen compounds still count.

A lemma feature knows a word only when pymorphy3 or the English stemmer gives it the lemma seen in
training; a typo («вернте»), a masked word («п***ц»), slang or a compound the corpus never had is
unknown to it. The 3- to 5-character pieces of the word, with ``<`` and ``>`` marking its edges, are
shared with the words the model did see.

The text gives one ``g:<word>`` feature per distinct word (lower case, «ё» as «е», masks kept); the
model turns each into the sum of its n-grams' weights (cached per word). A long text has many words, so
the sum over its words is scaled by ``length_scale``: √(``k`` / words) above ``k`` distinct words, so
the n-grams of a long story do not drown its cues.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

PREFIX = "g:"
N_MIN, N_MAX = 3, 5
# A letter, then letters, digits, hyphens, apostrophes and the asterisks of a masked word («б**», «п***ц»,
# "f***"). One character class repeated: a pattern with look-aheads cost twice as much per message.
_WORD = re.compile(r"[^\W\d_][\w*'’-]*")

Span = tuple[int, int]


def words(text: str) -> dict[str, list[Span]]:
    """``g:<word>`` → the spans of its occurrences, for every distinct word of the text."""
    found: dict[str, list[Span]] = {}
    low = text.lower().replace("ё", "е")
    if len(low) != len(text):  # a letter whose lower case is longer ("İ"): keep the offsets right
        low = text
    get = found.get
    for m in _WORD.finditer(low):
        key = PREFIX + m[0]
        spans = get(key)
        if spans is None:
            found[key] = [m.span()]
        else:
            spans.append(m.span())
    return found


@lru_cache(maxsize=200_000)
def grams(word: str) -> tuple[str, ...]:
    """The distinct 3- to 5-grams of ``<word>`` (a word of one or two letters is its own piece)."""
    padded = f"<{word}>"
    if len(padded) <= N_MIN:
        return (padded,)
    seen: dict[str, None] = {}
    for n in range(N_MIN, N_MAX + 1):
        for i in range(len(padded) - n + 1):
            seen[padded[i : i + n]] = None
    return tuple(seen)


def length_scale(n_words: int, k: int) -> float:
    """1 up to ``k`` distinct words, then √(k / n): a story's n-gram sum grows like √n, not n."""
    return 1.0 if k <= 0 or n_words <= k else math.sqrt(k / n_words)


def gram_counts(feature_names: Iterable[str]) -> tuple[Counter[str], int]:
    """The n-grams of the text's ``g:`` features, each counted once per distinct word; and how many words."""
    counts: Counter[str] = Counter()
    n = 0
    for name in feature_names:
        if name.startswith(PREFIX):
            n += 1
            counts.update(grams(name[len(PREFIX) :]))
    return counts, n
