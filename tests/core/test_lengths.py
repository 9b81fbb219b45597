"""Model-free signals (aligner.core.lengths) and the fallback to them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aligner.config import AlignConfig
from aligner.core import lengths
from aligner.datatypes import Document, Paragraph, Sentence
from aligner.pipeline import align_documents

from ..conftest import FakeEncoder


def test_length_probability_is_highest_for_proportional_lengths():
    ratio = 1.2
    probs = lengths.length_log_prob(np.array([100.0, 100.0, 100.0]), np.array([120.0, 150.0, 40.0]), ratio)
    assert probs[0] == pytest.approx(0.0)  # exactly proportional: the whole two-sided tail
    assert probs[0] > probs[1] > probs[2]
    # By hand: in source characters 150 / 1.2 = 125, z = (125 - 100) / sqrt(5 * (100 + 125) / 2) = 25 / sqrt(562.5)
    # = 1.0541; the tail of the mixture: 0.9 * P(|N| >= z) + 0.1 * P(|N| >= z / 3).
    z = 25 / math.sqrt(562.5)
    tail = 0.9 * math.erfc(z / math.sqrt(2)) + 0.1 * math.erfc(z / 3 / math.sqrt(2))
    assert probs[1] == pytest.approx(math.log(tail), rel=1e-9)


def test_the_length_model_has_a_heavy_tail():
    """A sentence far longer than the ratio says costs less than under a Gaussian: one odd
    pair of lengths must not outweigh the other evidence (or glue it to its neighbours)."""
    z = (200 - 100) / math.sqrt(lengths.VARIANCE_PER_CHAR * 150)  # 3.65 standard deviations
    gaussian = math.log(math.erfc(z / math.sqrt(2)))  # -8.3
    mixture = lengths.length_log_prob(np.array([100.0]), np.array([200.0]), 1.0)[0]  # -3.8
    assert gaussian + 4 < mixture < 0


def test_gale_church_table_prefers_the_matching_bead_type():
    src = np.array([100.0, 50.0, 50.0])
    tgt = np.array([100.0, 100.0])
    types = [(1, 1), (2, 1), (1, 2)]
    rows, cols = np.array([1, 3, 3, 0]), np.array([1, 2, 1, 0])
    table = lengths.gale_church_table(src, tgt, types, rows, cols)
    assert table.shape == (3, 4)
    assert table[0, 0] == pytest.approx(-lengths.TYPE_COST[(1, 1)])  # 100 ~ 100, a 1-1
    assert table[1, 1] == pytest.approx(-lengths.TYPE_COST[(2, 1)])  # 50 + 50 ~ 100, a 2-1
    assert table[1, 1] > table[0, 1]
    assert np.isneginf(table[:, 3]).all()  # nothing ends at the origin
    skips = lengths.gale_church_skips(src, 1.0, source=True)
    assert (skips < table[0, 0]).all() and skips[0] < skips[1]  # a long sentence is dear to leave out


def test_numbers_are_shared_or_not():
    counts = lengths.number_counts(["Im Jahre 1937, Seite 222-223.", "Keine Zahl.", "1.000 Mann"])
    assert counts.sum(axis=1).tolist() == [3, 0, 1]
    other = lengths.number_counts(["In 1937, pages 222-223.", "1,000 men"])
    rows, cols = np.array([1, 3]), np.array([1, 2])
    table = lengths.number_table(counts, other, [(1, 1)], rows, cols)
    assert table.tolist() == [[3.0, 1.0]]  # all three numbers shared; "1.000" is "1,000"


def document(name, lang, texts):
    original = "\n".join(texts)
    sentences, start = [], 0
    for index, text in enumerate(texts):
        sentences.append(Sentence(index, text, start, start + len(text), 0))
        start += len(text) + 1
    return Document(name, lang, original, (Paragraph(0, 0, len(original)),), tuple(sentences))


def test_a_pair_the_model_cannot_read_is_aligned_by_lengths_and_numbers():
    rng = np.random.default_rng(5)
    words = ["".join(rng.choice(list("abcdefgh"), 5)) for _ in range(800)]
    cipher = str.maketrans("abcdefgh", "qrstuvwx")  # no word in common: the fake model sees nothing
    sizes = [3, 12, 6, 20, 4, 9, 15, 5, 11, 7, 18, 8] * 2  # enough sentences for the credibility to count
    src_texts = [" ".join(words[k * 20 : k * 20 + size]) + f" {1900 + k}." for k, size in enumerate(sizes)]
    tgt_texts = [text.translate(cipher) for text in src_texts]
    tgt_texts[3:5] = [tgt_texts[3] + " " + tgt_texts[4]]  # one 2-1 bead
    alignment = align_documents(document("a", "xx", src_texts), document("b", "yy", tgt_texts),
                                encoder=FakeEncoder(), config=AlignConfig())
    assert alignment.config.scoring.embedding_weight == 0 and alignment.config.scoring.length_weight > 0
    expected = [((k,), (k,)) for k in range(3)] + [((3, 4), (3,))] + [((k,), (k - 1,)) for k in range(5, 24)]
    assert [bead.ids for bead in alignment.beads] == expected
    assert max(bead.confidence for bead in alignment.beads) < 0.5  # nothing is sure without a model
    # Without the fallback the same pair is aligned by noise.
    plain = align_documents(document("a", "xx", src_texts), document("b", "yy", tgt_texts), encoder=FakeEncoder(),
                            config=AlignConfig().with_settings({"fallback": False}))
    assert plain.config.scoring.embedding_weight == 1 and [b.ids for b in plain.beads] != expected
