"""Locate: a planted region inside random sentences is found."""

from __future__ import annotations

import numpy as np

from aligner.align.locate import AnchorScan, densest_window, find_region, sample_stride, semi_global_region
from aligner.config import AlignConfig

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

    start, stop = find_region(stranger, embed_rows, len(book), CONFIG)
    assert 0 <= start < stop <= len(book)
    assert sorted(embedded) == list(range(len(book)))  # every sentence, each once
