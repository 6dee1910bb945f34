import gzip
import json
import math

import numpy as np
import pytest

from otklik.classify.chargrams import grams, length_scale, words
from otklik.classify.design import GRAM, CharConfig, build_vocabulary, featurized, to_matrix
from otklik.classify.model import KINDS, LinearModel
from otklik.classify.pipeline import analyze


def test_words_are_lower_cased_distinct_and_keep_masks() -> None:
    text = "Вы П***Ц, б** такие! Ёлки-палки, вы don't 1500р"
    found = words(text)
    assert list(found) == ["g:вы", "g:п***ц", "g:б**", "g:такие", "g:елки-палки", "g:don't", "g:р"]
    second = text.index(" вы ") + 1
    assert found["g:вы"] == [(0, 2), (second, second + 2)]


def test_grams_mark_word_edges() -> None:
    assert grams("я") == ("<я>",)
    pieces = grams("верните")
    assert "<ве" in pieces and "ите>" in pieces and "верни" in pieces
    assert all(3 <= len(p) <= 5 for p in pieces)
    assert len(pieces) == len(set(pieces))


def test_length_scale_shrinks_only_long_texts() -> None:
    assert length_scale(10, 40) == 1.0
    assert length_scale(160, 40) == pytest.approx(0.5)
    assert length_scale(500, 0) == 1.0


def test_analysis_gives_a_word_feature_with_its_spans() -> None:
    features = analyze("Верните деньги, верните!").features
    assert features["g:верните"] == [(0, 7), (16, 23)]


def test_matrix_counts_grams_once_per_distinct_word_and_scales_them() -> None:
    texts = [featurized(["w:a", "g:abc", "g:abcd"]), featurized(["w:a", "g:abc"])]
    chars = CharConfig(scale=0.5, k=1, min_df=2)
    vocab_list = build_vocabulary(texts, chars)
    assert "w:a" in vocab_list and GRAM + "<ab" in vocab_list
    assert GRAM + "bcd" not in vocab_list  # in one text only
    vocab = {n: i for i, n in enumerate(vocab_list)}
    x = to_matrix(texts, vocab, chars)
    first = dict(zip(x.indices[x.indptr[0] : x.indptr[1]], x.values[x.indptr[0] : x.indptr[1]], strict=True))
    # "<ab" is in both words of the first text: counted twice, times the scale, times √(1 / 2) for two words.
    assert first[vocab[GRAM + "<ab"]] == pytest.approx(2 * 0.5 * math.sqrt(0.5))
    assert first[vocab["w:a"]] == 1.0
    assert GRAM + "<ab" not in build_vocabulary(texts)  # no n-grams unless asked for


def _model() -> LinearModel:
    claim = [0.0] * len(KINDS)
    claim[KINDS.index("claim")] = 1.0
    chars = {g: claim for g in ("<вер", "<верн", "верн")}
    return LinearModel(KINDS, [0.0] * len(KINDS), {}, "t", {}, chars, 2.0, 0)


def test_an_unseen_spelling_shares_the_weights_of_its_grams() -> None:
    model = _model()
    probs, known = model.score(analyze("вернте").features)  # a typo no lemma feature knows
    assert KINDS[int(np.argmax(probs))] == "claim"
    # Three known grams × scale 2, then the mean over the kinds that the explanation weighs pushes against.
    assert known == [("g:вернте", [0.0, 0.0, 6.0, 0.0, 0.0, 1.2])]
    assert model.explain("вернте", analyze("вернте").features, KINDS.index("claim"), known) == ["вернте"]
    assert model.score(analyze("спасибо").features)[1] == []


def test_a_model_with_grams_round_trips_and_a_format_1_model_still_loads(tmp_path) -> None:
    path = tmp_path / "m.json.gz"
    _model().save(path)
    loaded = LinearModel.load(path)
    assert loaded.chars == _model().chars and loaded.char_scale == 2.0
    old = {"format": 1, "version": "old", "classes": list(KINDS), "bias": [0.0] * 5, "weights": {"w:a": [1.0] * 5}}
    path.write_bytes(gzip.compress(json.dumps(old).encode()))
    assert LinearModel.load(path).chars == {}
    old["format"] = 3
    path.write_bytes(gzip.compress(json.dumps(old).encode()))
    with pytest.raises(ValueError):
        LinearModel.load(path)
