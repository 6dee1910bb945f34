"""Training the linear model: multinomial logistic regression with L2, full-batch Adam, in numpy.

Every choice is made on the training texts alone, out of fold: 5 stratified folds with a fixed seed
(``assign_folds``) give each training text a probability from a model that did not see it; on those
out-of-fold probabilities the L2 strength and the claim bias (an offset on the claim logit) are
chosen. Missing a claim is the expensive mistake, so the bias is the one with the best macro-F1 among
those whose out-of-fold claim recall reaches ``CLAIM_RECALL_GOAL`` with claim precision at least
``CLAIM_PRECISION_FLOOR``. The test split is never read here; it is scored once, by
``otklik classify eval``, with the final model.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from otklik.classify import metrics
from otklik.classify.design import GRAM, CharConfig, Featurized, Matrix, build_vocabulary, featurized, to_matrix
from otklik.classify.model import KINDS, LinearModel
from otklik.classify.neardup import near_duplicate_groups
from otklik.classify.pipeline import analyze
from otklik.classify.split import split_key

# The targets are claim recall >= 0.95 with precision >= 0.90 on held-out text. A threshold aimed
# exactly at 0.95 lands below it on about half of the held-out samples. The goal was first one point above
# (0.96); the test split then measured held-out recall 3-4 points under out-of-fold recall (0.932 against
# 0.966), so before the fresh held-out set (eval/holdout) was first read it was raised to 2.5 points above.
CLAIM_RECALL_GOAL = 0.975
CLAIM_PRECISION_FLOOR = 0.90
SEED = 2026
# Out of fold (docs/classification.md): 1e-3 and 3e-3 were never better than 3e-4, and with the n-grams
# 3e-4 lost to 1e-4 and 3e-5; Adam's 400 steps bound the weights too, so the smallest values still fit.
L2_GRID = (1e-5, 3e-5, 1e-4)
FOLDS = 5
PRUNE_BELOW = 0.005
# Character n-grams of the words, their own scale and the length at which a story's sum is scaled down.
CHARS = CharConfig(scale=0.15, k=40, min_df=3)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Example:
    text: str
    kind: str
    lang: str = ""


def featurize_all(examples: Sequence[Example]) -> list[Featurized]:
    return [featurized(list(analyze(e.text, e.lang or None).features)) for e in examples]


def _logits(x: Matrix, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    z = np.zeros((x.n, w.shape[1]))
    if len(x.indices):
        sums = np.add.reduceat(w[x.indices] * x.values[:, None], np.minimum(x.indptr[:-1], len(x.indices) - 1), axis=0)
        nonempty = np.diff(x.indptr) > 0  # reduceat gives an empty row its neighbour's value: zero those
        z[nonempty] = sums[nonempty]
    return z + b


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit(
    x: Matrix, y: np.ndarray, n_features: int, *, l2: float, steps: int = 400, lr: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features × kinds) and biases minimizing class-balanced cross-entropy + L2."""
    k = len(KINDS)
    counts = np.bincount(y, minlength=k).astype(float)
    # Balanced class weights: each kind counts as much as the others whatever its share of the corpus.
    sample_w = (counts.sum() / (k * np.maximum(counts, 1)))[y]
    sample_w /= sample_w.sum()
    onehot = np.eye(k)[y]
    w = np.zeros((n_features, k))
    b = np.zeros(k)
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        g = (_softmax(_logits(x, w, b)) - onehot) * sample_w[:, None]
        gw: np.ndarray = np.stack(
            [np.bincount(x.indices, weights=g[x.rows, j] * x.values, minlength=n_features) for j in range(k)], axis=1
        )
        gw = gw + l2 * w
        gb = g.sum(axis=0)
        for param, grad, m, v in ((w, gw, mw, vw), (b, gb, mb, vb)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= lr * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    return w, b


def predict_proba(x: Matrix, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    return _softmax(_logits(x, w, b))


def assign_folds(texts: Sequence[str], y: np.ndarray, folds: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """Stratified folds with a fixed seed: every kind is spread evenly over the folds.

    Near-paired texts (``neardup``: the same story with small edits, variants differing only in numbers)
    form one group and share a fold, so no text is scored by a model that saw its twin. Within each kind
    the groups are ordered by a seeded hash of their first text's split key and dealt out round robin (a
    group counts under the kind of its first text)."""
    groups: dict[str, list[int]] = {}
    first: dict[int, str] = {}
    for i, (text, group) in enumerate(zip(texts, near_duplicate_groups(texts), strict=True)):
        groups.setdefault(first.setdefault(group, split_key(text)), []).append(i)
    by_kind: dict[int, list[tuple[str, str]]] = {}
    for key, members in groups.items():
        order = hashlib.sha1(f"{seed}:{key}".encode(), usedforsecurity=False).hexdigest()
        by_kind.setdefault(int(y[members[0]]), []).append((order, key))
    fold = np.zeros(len(texts), dtype=np.int64)
    dealt = 0  # continue the deal across kinds so small kinds do not all start in fold 0
    for kind in sorted(by_kind):
        for _, key in sorted(by_kind[kind]):
            fold[groups[key]] = dealt % folds
            dealt += 1
    return fold


@dataclass(frozen=True)
class BiasChoice:
    """The claim-logit offset chosen on out-of-fold probabilities, and the scores it gives there."""

    offset: float
    macro_f1: float
    claim_recall: float
    claim_precision: float
    feasible: bool  # the recall goal is reached with precision at or above the floor

    def key(self) -> tuple[float, float, float]:
        # Feasible first; then macro-F1; an infeasible one is judged by how close it gets to the recall goal.
        return (float(self.feasible), self.macro_f1 if self.feasible else self.claim_recall, self.macro_f1)


def choose_claim_bias(
    proba: np.ndarray,
    y: np.ndarray,
    goal: float = CLAIM_RECALL_GOAL,
    precision_floor: float = CLAIM_PRECISION_FLOOR,
) -> BiasChoice:
    """The claim offset: the best macro-F1 among offsets reaching the recall goal with precision at or
    above the floor; when none does, the highest recall that keeps the precision floor (then the best
    macro-F1 at all if even that is impossible). Smaller offsets win ties."""
    claim = KINDS.index("claim")
    logp = np.log(np.clip(proba, 1e-12, 1))
    truth = [KINDS[i] for i in y]
    candidates = []
    for offset in np.round(np.arange(-1.0, 4.01, 0.1), 2):
        shifted = logp.copy()
        shifted[:, claim] += offset
        report = metrics.evaluate(truth, [KINDS[i] for i in shifted.argmax(axis=1)])
        recall, precision = report.claim_recall, report.claim_precision
        choice = BiasChoice(
            float(offset), report.macro_f1, recall, precision, recall >= goal and precision >= precision_floor
        )
        candidates.append((choice, precision >= precision_floor))
    keep = [c for c, ok in candidates if ok] or [c for c, _ in candidates]
    return max(keep, key=lambda c: (*c.key(), -abs(c.offset)))


def cross_validate(
    feature_lists: Sequence[Featurized], fold: np.ndarray, y: np.ndarray, l2: float, chars: CharConfig = CHARS
) -> np.ndarray:
    """Out-of-fold probabilities (the vocabulary of each fold comes from its training part only)."""
    proba = np.zeros((len(y), len(KINDS)))
    for f in range(int(fold.max()) + 1):
        tr, te = np.where(fold != f)[0], np.where(fold == f)[0]
        vocab_list = build_vocabulary([feature_lists[i] for i in tr], chars)
        vocab = {name: i for i, name in enumerate(vocab_list)}
        x_tr = to_matrix([feature_lists[i] for i in tr], vocab, chars)
        x_te = to_matrix([feature_lists[i] for i in te], vocab, chars)
        w, b = fit(x_tr, y[tr], len(vocab), l2=l2)
        proba[te] = predict_proba(x_te, w, b)
    return proba


def tune(
    feature_lists: Sequence[Featurized], texts: Sequence[str], y: np.ndarray, progress: Progress = lambda _: None
) -> tuple[float, BiasChoice]:
    """The L2 strength and the claim offset, both judged on out-of-fold predictions of the training texts."""
    fold = assign_folds(texts, y)
    best: tuple[float, BiasChoice] | None = None
    for l2 in L2_GRID:
        choice = choose_claim_bias(cross_validate(feature_lists, fold, y, l2, CHARS), y)
        progress(
            f"l2={l2:g}: out-of-fold macro-F1 {choice.macro_f1:.3f}, claim recall {choice.claim_recall:.3f}, "
            f"precision {choice.claim_precision:.3f} with claim offset {choice.offset:+.1f}"
            + ("" if choice.feasible else " (recall goal not reached)")
        )
        if best is None or choice.key() > best[1].key():
            best = (l2, choice)
    assert best is not None
    return best


def _to_model(vocab_list: list[str], w: np.ndarray, b: np.ndarray, meta: dict) -> LinearModel:
    # Softmax ignores a constant added to all kinds, so centring each feature's weights loses nothing
    # and lets near-zero features be pruned.
    w = w - w.mean(axis=1, keepdims=True)
    keep = np.abs(w).max(axis=1) >= PRUNE_BELOW
    weights: dict[str, list[float]] = {}
    grams: dict[str, list[float]] = {}
    for i in np.where(keep)[0]:
        name = vocab_list[i]
        row = [round(float(v), 4) for v in w[i]]
        if name.startswith(GRAM):
            grams[name[len(GRAM) :]] = row
        else:
            weights[name] = row
    bias = [round(float(v), 4) for v in b - b.mean()]
    digest = hashlib.sha1(
        json.dumps([bias, weights, grams, CHARS.to_json()], sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()
    version = f"lr-{datetime.now(UTC):%Y%m%d}-{digest[:8]}"
    scale = CHARS.scale if grams else 0.0
    return LinearModel(KINDS, bias, weights, version, meta, grams, scale, CHARS.k)


def train(examples: Sequence[Example], progress: Progress = lambda _: None, *, tune_model: bool = True) -> LinearModel:
    """A model from labeled examples; with ``tune_model`` the L2 strength and the claim bias come from cross-validation."""
    unknown = {e.kind for e in examples} - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    progress(f"features for {len(examples)} texts")
    feature_lists = featurize_all(examples)
    texts = [e.text for e in examples]
    y = np.array([KINDS.index(e.kind) for e in examples])
    l2, choice = L2_GRID[1], None
    if tune_model and len(examples) >= 10 * FOLDS:
        l2, choice = tune(feature_lists, texts, y, progress)
    claim_bias = choice.offset if choice else 0.0
    vocab_list = build_vocabulary(feature_lists, CHARS)
    vocab = {name: i for i, name in enumerate(vocab_list)}
    progress(f"final fit: {len(vocab_list)} features, l2={l2:g}, claim offset {claim_bias:+.1f}")
    w, b = fit(to_matrix(feature_lists, vocab, CHARS), y, len(vocab_list), l2=l2)
    b[KINDS.index("claim")] += claim_bias
    meta = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "examples": len(examples),
        "per_kind": dict(Counter(e.kind for e in examples)),
        "l2": l2,
        "claim_offset": claim_bias,
        "chars": CHARS.to_json(),
        "cv": None
        if choice is None
        else {
            "folds": FOLDS,
            "seed": SEED,
            "claim_recall_goal": CLAIM_RECALL_GOAL,
            "claim_precision_floor": CLAIM_PRECISION_FLOOR,
            "macro_f1": round(choice.macro_f1, 4),
            "claim_recall": round(choice.claim_recall, 4),
            "claim_precision": round(choice.claim_precision, 4),
            "goal_reached": choice.feasible,
        },
    }
    return _to_model(vocab_list, w, b, meta)
