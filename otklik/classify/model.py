"""The linear model at run time: feature → per-kind weights in a gzip JSON file; softmax over the sums.

Inference is plain dict lookups and additions (no numpy), so a process that only classifies loads
fast and a message costs microseconds beyond its tokenizing. Character n-grams (``chargrams``) sit in
a table of their own: a text's ``g:<word>`` feature is the sum of its word's n-gram weights, computed
once per distinct word and cached, so a warm process pays one lookup per word for them too.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from otklik.classify.chargrams import PREFIX, grams, length_scale
from otklik.classify.features import Features

KINDS = ("question", "complaint", "claim", "gratitude", "suggestion")
FORMAT = 2
READS = (1, 2)  # format 1 has no character n-grams
_WORD_CACHE_MAX = 200_000
_MISSING = object()


@dataclass
class LinearModel:
    classes: tuple[str, ...]
    bias: list[float]
    weights: dict[str, list[float]]
    version: str
    meta: dict[str, Any] = field(default_factory=dict)
    chars: dict[str, list[float]] = field(default_factory=dict)  # character n-gram → per-kind weights
    char_scale: float = 0.0
    char_k: int = 0  # distinct words above which the n-gram sum is scaled by √(char_k / words)
    # The rows ``score`` adds up: a feature's per-kind weights followed by their mean, which ``explain``
    # needs for every known feature of every message; computed once here rather than per message, where
    # it was a tenth of the classifier's time. Words (``g:<word>``) get theirs as they are met.
    _rows: dict[str, list[float]] = field(init=False, repr=False, compare=False)
    _words: dict[str, list[float] | None] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # ``g`` names are always read as words (see ``score``), never from ``weights``.
        self._rows = {name: self._row(w) for name, w in self.weights.items() if not name.startswith("g")}

    def _row(self, weights: list[float]) -> list[float]:
        """The weights with their mean over the kinds appended."""
        row = list(weights)
        row.append(sum(weights) / len(self.classes))
        return row

    def _word_row(self, name: str) -> list[float] | None:
        """The row of the word of a ``g:<word>`` feature: the summed weights of its n-grams times the n-gram
        scale (None when it has no known n-gram). Cached: a warm process pays one lookup per word."""
        cache = self._words
        cached = cache.get(name, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        total: list[float] | None = None
        for gram in grams(name[len(PREFIX) :]):
            w = self.chars.get(gram)
            if w is not None:
                total = list(w) if total is None else [a + b for a, b in zip(total, w, strict=True)]
        row = None if total is None else self._row([x * self.char_scale for x in total])
        if len(cache) >= _WORD_CACHE_MAX:
            cache.clear()
        cache[name] = row
        return row

    def probabilities(self, features: Collection[str]) -> list[float]:
        return self.score(features)[0]

    def score(self, features: Collection[str]) -> tuple[list[float], list[tuple[str, list[float]]]]:
        """Probabilities per kind, and the features the model knows with their rows (for ``explain``): a row
        is the feature's per-kind weights, then their mean."""
        get = self._rows.get
        known: list[tuple[str, list[float]]] = []
        words: list[tuple[str, list[float]]] = []
        n_words = 0
        chars = bool(self.chars)
        cached = self._words.get
        for name in features:
            if name[0] != "g":  # only ``g:<word>`` features start with g, and they are never in ``weights``
                w = get(name)
                if w is not None:
                    known.append((name, w))
            elif chars:
                n_words += 1
                v = cached(name, _MISSING)
                if v is _MISSING:
                    v = self._word_row(name)
                if v is not None:
                    words.append((name, v))  # type: ignore[arg-type]
        if words:
            scale = length_scale(n_words, self.char_k)  # 1 for a support message: no copies then
            known += words if scale == 1.0 else [(name, self._row([x * scale for x in v[:-1]])) for name, v in words]
        z = list(self.bias)
        if known:
            # Summing each kind's column in C (zip, sum) rather than adding weight by weight in Python: the
            # sum is most of a short message's cost. The rows' last column, the means, is not a kind's.
            columns = zip(*[w for _, w in known], strict=True)
            z = [b + s for b, s in zip(z, map(sum, islice(columns, len(z))), strict=True)]
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return [e / total for e in exp], known

    def explain(
        self, text: str, features: Features, kind_index: int, known: list[tuple[str, list[float]]], limit: int = 5
    ) -> list[str]:
        """The phrases, as written, whose features pushed hardest towards the chosen kind: a feature's push
        is its weight for that kind above its mean weight over all kinds."""
        mean = len(self.classes)  # where a row keeps its mean
        pushes = [(p, name) for name, w in known if (p := w[kind_index] - w[mean]) > 0]
        pushes.sort(reverse=True)
        phrases: list[str] = []
        taken: list[tuple[int, int]] = []
        seen: set[str] = set()
        for _, name in pushes:
            for s, e in features[name]:
                if e <= s or any(s < te and ts < e for ts, te in taken):  # each word quoted once
                    continue
                phrase = text[s:e].strip()
                if phrase and phrase.lower() not in seen:
                    seen.add(phrase.lower())
                    taken.append((s, e))
                    phrases.append(phrase)
                break
            if len(phrases) >= limit:
                break
        return phrases

    def to_json(self) -> dict[str, Any]:
        data = {
            "format": FORMAT,
            "version": self.version,
            "classes": list(self.classes),
            "bias": [round(b, 4) for b in self.bias],
            "weights": {f: [round(x, 4) for x in w] for f, w in sorted(self.weights.items())},
            "meta": self.meta,
        }
        if self.chars:
            data["chars"] = {
                "scale": self.char_scale,
                "k": self.char_k,
                "weights": {g: [round(x, 4) for x in w] for g, w in sorted(self.chars.items())},
            }
        return data

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        tmp = path.with_name(path.name + ".tmp")
        # mtime=0 keeps the file byte-identical for identical weights; rename so readers never see half a file.
        with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
            gz.write(data)
        tmp.replace(path)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        if data.get("format") not in READS:
            raise ValueError(f"unsupported model format {data.get('format')!r}")
        classes = tuple(data["classes"])
        bias = [float(b) for b in data["bias"]]
        weights = {f: [float(x) for x in w] for f, w in data["weights"].items()}
        block = data.get("chars") or {}
        chars = {g: [float(x) for x in w] for g, w in block.get("weights", {}).items()}
        if len(bias) != len(classes) or any(len(w) != len(classes) for w in (*weights.values(), *chars.values())):
            raise ValueError("model weights do not match its classes")
        return cls(
            classes,
            bias,
            weights,
            str(data["version"]),
            dict(data.get("meta", {})),
            chars,
            float(block.get("scale", 0.0)),
            int(block.get("k", 0)),
        )

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with gzip.open(path, "rb") as f:
            return cls.from_json(json.loads(f.read().decode("utf-8")))
