"""Runs of sentences embedded only where the search needs them (search.span_posterior)."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.config import AlignConfig
from aligner.core import scores, search
from aligner.errors import InputError

DIM = 64


def bag_of_words(rng: np.random.Generator) -> tuple[list[list[int]], list[list[int]], np.ndarray, np.ndarray]:
    """A source of 40 sentences of 6 words and its "translation": the same words (each
    language's vector of a word is the other's plus noise), sentence 10 split in two,
    sentences 20 and 21 joined, and a sentence of other words added after sentence 30."""
    vocabulary = rng.normal(size=(600, DIM))
    src_words = vocabulary + 0.3 * rng.normal(size=vocabulary.shape)
    tgt_words = vocabulary + 0.3 * rng.normal(size=vocabulary.shape)
    src = [list(range(6 * k, 6 * k + 6)) for k in range(40)]
    tgt: list[list[int]] = []
    for k, words in enumerate(src):
        if k == 10:
            tgt += [words[:3], words[3:]]
        elif k == 21:
            tgt[-1] = tgt[-1] + words
        else:
            tgt.append(list(words))
        if k == 30:
            tgt.append(list(range(500, 506)))
    return src, tgt, src_words, tgt_words


def model(words: np.ndarray, sentences: list[list[int]], sizes, starts) -> np.ndarray:
    """The "model": a run's vector is its words' summed vectors, normalised (not the sum of
    its sentences' normalised vectors, which is the search's approximation)."""
    out = np.array([words[[w for s in sentences[start : start + size] for w in s]].sum(axis=0)
                    for size, start in zip(sizes, starts, strict=True)], dtype=np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def every_run(words: np.ndarray, sentences: list[list[int]], max_side: int) -> np.ndarray:
    spans = np.zeros((max_side, len(sentences), DIM), dtype=np.float32)
    for size in range(1, max_side + 1):
        starts = np.arange(len(sentences) - size + 1)
        spans[size - 1, starts] = model(words, sentences, np.full(len(starts), size), starts)
    return spans


def test_the_pruned_search_finds_the_full_search_s_beads_from_a_fraction_of_the_runs():
    src, tgt, src_words, tgt_words = bag_of_words(np.random.default_rng(7))
    config = AlignConfig()
    assert config.search.span_posterior > 0  # the default prunes
    side = config.max_bead_side
    chars = [np.array([7.0 * len(words) for words in sentences]) for sentences in (src, tgt)]
    full_spans = [every_run(src_words, src, side), every_run(tgt_words, tgt, side)]
    null = scores.NullModel(full_spans[0][0, ::2], full_spans[1][0, ::2])
    full = search.align_tables(scores.SpanTables(*full_spans, *chars), config, null)

    asked = [0, 0]

    def embed_runs(which: int, sizes: np.ndarray, starts: np.ndarray) -> np.ndarray:
        asked[which] += len(sizes)
        return model(src_words if which == 0 else tgt_words, src if which == 0 else tgt, sizes, starts)

    rough = [search.approximate_runs(spans[0], side) for spans in full_spans]
    exact = [search.sentences_only(r.shape[1], side) for r in rough]
    tables = scores.SpanTables(*rough, *chars, src_exact=exact[0], tgt_exact=exact[1])
    found = search.align_tables(tables, config, null, embed_runs=embed_runs)

    assert found.path == full.path
    assert ((10,), (10, 11)) in found.path and ((20, 21), (21,)) in found.path and ((), (31,)) in found.path
    runs = sum(len(sentences) - size + 1 for sentences in (src, tgt) for size in range(2, side + 1))
    assert 0 < sum(asked) < runs / 4
    # Every run a bead of the path joins is the model's own vector, not the approximation.
    for src_ids, tgt_ids in found.path:
        if src_ids and tgt_ids:
            assert tables.src_exact[len(src_ids) - 1, src_ids[0]] and tables.tgt_exact[len(tgt_ids) - 1, tgt_ids[0]]
            assert np.allclose(tables.tgt_spans[len(tgt_ids) - 1, tgt_ids[0]],
                               full_spans[1][len(tgt_ids) - 1, tgt_ids[0]])


def test_approximate_runs_are_normalised_sums_and_zero_past_the_end():
    vectors = np.eye(3, 4, dtype=np.float32)
    runs = search.approximate_runs(vectors, 3)
    assert runs.shape == (3, 3, 4)
    assert np.allclose(runs[0], vectors)
    assert np.allclose(runs[1, 0], np.array([1, 1, 0, 0]) / np.sqrt(2))
    assert np.allclose(runs[2, 0], np.array([1, 1, 1, 0]) / np.sqrt(3))
    assert not runs[1, 2].any() and not runs[2, 1:].any()


def test_sentences_only_marks_single_sentences_and_runs_past_the_end():
    assert search.sentences_only(4, 3).tolist() == [[True] * 4, [False, False, False, True],
                                                    [False, False, True, True]]


def test_searching_approximations_without_an_embedder_is_refused():
    vectors = np.eye(4, 8, dtype=np.float32)
    runs = search.approximate_runs(vectors, 2)
    exact = np.array([[True] * 4, [False, False, False, True]])
    tables = scores.SpanTables(runs, runs.copy(), np.full(4, 9.0), np.full(4, 9.0), src_exact=exact, tgt_exact=exact)
    with pytest.raises(ValueError, match="embed_runs"):
        search.align_tables(tables, AlignConfig())


@pytest.mark.parametrize("value", [-0.1, 1.0])
def test_span_posterior_must_be_a_probability_below_one(value):
    with pytest.raises(InputError, match="search.span_posterior"):
        AlignConfig().with_settings({"search.span_posterior": value})
