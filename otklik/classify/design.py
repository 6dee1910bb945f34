"""The training texts as a sparse design matrix: word and cue features, and the words' character n-grams.

Word, lemma and cue features are binary (a word said five times counts once). Character n-grams
(``chargrams``) are a block of their own: a text's value for an n-gram is the number of its distinct
words holding it, times ``CharConfig.scale`` and the text's length scale. The scale is the block's own
regularization — with one L2 strength for all weights, a smaller value makes an n-gram's weight cost
more — so the many n-grams of a text do not drown its few cues.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from otklik.classify.chargrams import PREFIX, gram_counts, length_scale

MIN_DF = 2
GRAM = "h:"  # an n-gram's name in the training vocabulary (the model keeps them in a table of their own)


@dataclass(frozen=True)
class CharConfig:
    """How character n-grams enter the model (chosen out of fold; see docs/classification.md)."""

    scale: float = 0.0  # 0 leaves them out
    k: int = 0  # distinct words above which a text's n-gram sum is scaled down by √(k / words)
    min_df: int = 3  # n-grams seen in fewer training texts are dropped

    def to_json(self) -> dict[str, float | int]:
        return {"scale": self.scale, "k": self.k, "min_df": self.min_df}


@dataclass(frozen=True)
class Featurized:
    """One training text: its word and cue features, its words' n-gram counts, its distinct words."""

    names: tuple[str, ...]
    grams: Counter[str]
    n_words: int


def featurized(feature_names: Sequence[str]) -> Featurized:
    counts, n = gram_counts(feature_names)
    return Featurized(tuple(f for f in feature_names if not f.startswith(PREFIX)), counts, n)


@dataclass
class Matrix:
    """Sparse rows in CSR form: row r holds ``indices[indptr[r]:indptr[r+1]]`` with ``values`` alike."""

    indices: np.ndarray
    indptr: np.ndarray
    rows: np.ndarray  # the row of every stored index (for gradients)
    values: np.ndarray

    @property
    def n(self) -> int:
        return len(self.indptr) - 1


def build_vocabulary(texts: Sequence[Featurized], chars: CharConfig = CharConfig()) -> list[str]:
    """Features seen in at least ``MIN_DF`` texts (cue features always stay); with n-grams, those seen in
    at least ``chars.min_df`` texts, named ``h:<n-gram>``."""
    df = Counter(f for t in texts for f in set(t.names))
    vocab = sorted(f for f, c in df.items() if c >= MIN_DF or f.startswith("c:"))
    if chars.scale > 0:
        gram_df = Counter(g for t in texts for g in t.grams)
        vocab += sorted(GRAM + g for g, c in gram_df.items() if c >= chars.min_df)
    return vocab


def to_matrix(texts: Sequence[Featurized], vocab: dict[str, int], chars: CharConfig = CharConfig()) -> Matrix:
    index_rows: list[np.ndarray] = []
    value_rows: list[np.ndarray] = []
    for t in texts:
        idx = sorted({vocab[f] for f in t.names if f in vocab})
        vals = [1.0] * len(idx)
        if chars.scale > 0:
            scale = chars.scale * length_scale(t.n_words, chars.k)
            for g, c in t.grams.items():
                j = vocab.get(GRAM + g)
                if j is not None:
                    idx.append(j)
                    vals.append(c * scale)
        index_rows.append(np.array(idx, dtype=np.int64))
        value_rows.append(np.array(vals, dtype=np.float64))
    lengths = np.array([len(r) for r in index_rows], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    empty = np.zeros(0)
    indices = np.concatenate(index_rows).astype(np.int64) if index_rows else empty.astype(np.int64)
    values = np.concatenate(value_rows) if value_rows else empty
    return Matrix(indices, indptr, np.repeat(np.arange(len(texts)), lengths), values)
