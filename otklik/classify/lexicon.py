"""The word lists in ``lexicon.yaml``, normalized once and matched against token normal forms."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from otklik.classify.text import Token, normalize_phrase

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")


class PhraseSet:
    """Phrases as sequences of normal forms; ``find`` returns the token ranges where one occurs."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            norms = normalize_phrase(str(phrase))
            if norms:
                self._by_first.setdefault(norms[0], []).append(norms)
        for seqs in self._by_first.values():
            seqs.sort(key=len, reverse=True)  # the longest phrase at a position wins

    def find(self, norms: Sequence[str]) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) token index ranges of phrase occurrences, left to right."""
        found: list[tuple[int, int]] = []
        i, n = 0, len(norms)
        by_first = self._by_first
        while i < n:
            seqs = by_first.get(norms[i])
            if seqs is not None:
                for seq in seqs:
                    k = len(seq)
                    if k == 1 or tuple(norms[i : i + k]) == seq:
                        found.append((i, i + k))
                        i += k - 1
                        break
            i += 1
        return found


@dataclass(frozen=True)
class DemandRules:
    """Normal forms for finding a demand by rule (see ``demand`` in lexicon.yaml)."""

    verbs: frozenset[str]
    requests: frozenset[str]
    nouns: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    negators: frozenset[str]
    rude: PhraseSet
    rude_patterns: tuple[re.Pattern[str], ...]
    negative: PhraseSet
    cues: dict[str, PhraseSet]
    demand: DemandRules


def _both(section: Any) -> list[str]:
    """A ``{ru: [...], en: [...]}`` section as one list."""
    if isinstance(section, dict):
        return [str(x) for values in section.values() for x in (values or [])]
    return [str(x) for x in (section or [])]


def _norms(section: Any) -> frozenset[str]:
    return frozenset(n for phrase in _both(section) for n in normalize_phrase(phrase))


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    rude, negative = data["rude"], data["negative"]
    return Lexicon(
        negators=_norms(data["negators"]),
        rude=PhraseSet(_both(rude["words"]) + _both(rude["phrases"])),
        rude_patterns=tuple(re.compile(p) for p in rude["patterns"]),
        negative=PhraseSet(_both(negative["words"]) + _both(negative["phrases"])),
        cues={name: PhraseSet(_both(section)) for name, section in data["cues"].items()},
        demand=DemandRules(
            verbs=_norms(data["demand"]["verbs"]),
            requests=_norms(data["demand"]["requests"]),
            nouns=_norms(data["demand"]["nouns"]),
        ),
    )


_lexicon: Lexicon | None = None
_lock = threading.Lock()


def lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = load_lexicon()
    return _lexicon


def span_of(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """Character span of tokens[start:end]."""
    return tokens[start].start, tokens[end - 1].end
