"""Locate: a planted region inside random sentences is found."""

from __future__ import annotations

import numpy as np

from aligner.config import AlignConfig
from aligner.core.locate import (
    AnchorScan,
    densest_window,
    find_region,
    long_side,
    margin_mask,
    sample_stride,
    semi_global_region,
    trim,
    widen,
)
from aligner.datatypes import Bead

CONFIG = AlignConfig()


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_finds_planted_region():
    rng = np.random.default_rng(1)
    long = unit(rng.normal(size=(2000, 32)))
    start, size = 1234, 60
    # The short text: noisy copies of the region, one sentence dropped, two extra at the start.
    region = long[start : start + size]
    short = unit(np.vstack([rng.normal(size=(2, 32)), np.delete(region, 30, axis=0) + 0.3 * rng.normal(size=(59, 32))]))
    assert semi_global_region(short @ long.T, CONFIG) == (start, start + size)


def test_finds_a_chapter_in_a_book_chunk_by_chunk():
    """A 300-sentence chapter taken from the middle of a 50,000-sentence book, the book
    fed in chunks: the region is found, and only a window around it is compared in full."""
    rng = np.random.default_rng(2)
    book = unit(rng.normal(size=(50_000, 64)))
    start, size = 31_337, 300
    chapter = unit(book[start : start + size] + 0.4 * rng.normal(size=(size, 64)).astype(np.float32))
    embedded = []

    def embed_rows(rows):
        embedded.extend(rows.tolist())
        return book[rows]

    assert find_region(chapter, embed_rows, len(book), CONFIG) == (start, start + size)
    # The first scan sampled the book; only the window around the chapter was filled in.
    assert sample_stride(size, len(book), CONFIG) > 1
    assert len(embedded) == len(set(embedded)) < len(book) / 2


def test_window_is_the_densest_stretch_and_a_few_chapters_long():
    rng = np.random.default_rng(3)
    book = unit(rng.normal(size=(20_000, 64)))
    chapter = unit(book[5000:5200] + 0.1 * rng.normal(size=(200, 64)).astype(np.float32))
    scan = AnchorScan(chapter, CONFIG)
    for k in range(0, len(book), 1000):
        scan.add(np.arange(k, k + 1000), book[k : k + 1000])
    rows, cols, scores = scan.anchors()
    assert len(rows) == len(cols) == len(scores) == 200 * CONFIG.locate.anchors_per_sentence
    first, last = densest_window(cols, scores, 200, len(book), CONFIG)
    assert first <= 5000 and 5200 <= last
    assert last - first <= 4 * 200
    # Each sentence's best anchor is its source, scored like a typical true pair.
    best = cols.reshape(200, -1)[:, 0]
    assert (best == np.arange(5000, 5200)).mean() > 0.95
    assert np.median(scores.reshape(200, -1)[:, 0]) == np.float32(1.0)


def test_unrelated_text_falls_back_to_scanning_every_sentence_once():
    rng = np.random.default_rng(4)
    book = unit(rng.normal(size=(20_000, 64)))
    stranger = unit(rng.normal(size=(300, 64)))  # matches nothing in the book
    embedded = []

    def embed_rows(rows):
        embedded.extend(rows.tolist())
        return book[rows]

    found = find_region(stranger, embed_rows, len(book), CONFIG)
    assert sorted(embedded) == list(range(len(book)))  # every sentence, each once
    # The fallback's answer is the full scan's: the same region as without any sampling.
    unsampled = CONFIG.with_settings({"locate.max_stride": 1})
    assert sample_stride(300, len(book), CONFIG) > 1 == sample_stride(300, len(book), unsampled)
    assert found == find_region(stranger, lambda rows: book[rows], len(book), unsampled)


def test_long_side_by_ratio():
    assert long_side(300, 100, CONFIG) == 0 and long_side(100, 300, CONFIG) == 1
    assert long_side(299, 100, CONFIG) is None
    assert long_side(100, 100, CONFIG.with_settings({"locate.ratio": 1.0})) == 0  # equal: src first


def test_widen_and_margin_mask():
    assert widen((100, 200), 1000, CONFIG) == (95, 205)
    assert widen((2, 998), 1000, CONFIG) == (0, 1000)  # never past the document
    assert widen((100, 200), 1000, CONFIG.with_settings({"locate.region_margin": 0})) == (100, 200)
    assert margin_mask((95, 105), (100, 103)).tolist() == [True] * 5 + [False] * 3 + [True] * 2


def test_trim_drops_unaligned_margin_at_both_ends():
    beads = [Bead((95,), ()), Bead((96,), ()), Bead((97, 98), (0,)), Bead((), (1,)), Bead((99,), ()),
             Bead((100,), (2,)), Bead((101,), ()), Bead((102,), ())]
    kept, span = trim(beads, (95, 103), 0)
    assert kept == beads[2:6]  # the inner skip (99) and the tgt-only bead stay
    assert span == (97, 101)
    # The located side is tgt: beads holding only tgt sentences at the ends go.
    flipped = [Bead(b.tgt, b.src) for b in beads]
    kept, span = trim(flipped, (95, 103), 1)
    assert kept == flipped[2:6] and span == (97, 101)
    # Nothing linked: nothing to trim by.
    assert trim(beads[:2], (95, 97), 0) == (beads[:2], (95, 97))
