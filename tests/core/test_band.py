"""Banded DP and coarse-to-fine search, checked against the dense DP (aligner.core.dp) and
against per-cell formulas."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.config import AlignConfig, ScoringConfig, SearchConfig
from aligner.core import band, dp, scores, search

NEG = -np.inf
SIZES = [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)]


def random_tables(rng, n, m, *, rounded):
    """Dense bead score tables (some cells forbidden) and skip scores; ``rounded`` makes
    ties common, to check the tie-break order too."""
    tables = {}
    for a, b in SIZES:
        table = rng.normal(size=(n + 1, m + 1))
        if rounded:
            table = np.round(table, 1)
        table[rng.random(table.shape) < 0.2] = NEG
        table[:a, :] = NEG
        table[:, :b] = NEG
        tables[(a, b)] = table
    skips = rng.uniform(-0.6, 0.0, n), rng.uniform(-0.6, 0.0, m)
    if rounded:
        skips = tuple(np.round(s, 1) for s in skips)
    return tables, skips


def flat(tables, cells):
    """Dense tables as the band's flat (T, cells + 1) array."""
    rows, cols = cells.rows(), cells.cols()
    return np.stack([np.append(tables[size][rows, cols], NEG) for size in SIZES])


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 7), st.integers(0, 7), st.integers(0, 10_000), st.booleans())
def test_full_band_is_the_dense_dp(n, m, seed, rounded):
    rng = np.random.default_rng(seed)
    tables, (skip_src, skip_tgt) = random_tables(rng, n, m, rounded=rounded)
    total, move, types = dp.fill(tables, skip_src=skip_src, skip_tgt=skip_tgt)
    expected = dp.best_path(total, move, types)
    cells = band.Band.full(n, m)
    scores = flat(tables, cells)
    got_total, got_move, got_types = band.fill(cells, SIZES, scores, skip_src=skip_src, skip_tgt=skip_tgt)
    assert got_types == types
    assert np.array_equal(cells.dense(got_total), total)  # same values, to the last bit
    got = band.best_path(cells, got_move, got_types)
    assert got == expected  # ties broken the same way
    assert band.posteriors(cells, SIZES, scores, got, skip_src=skip_src, skip_tgt=skip_tgt, temperature=0.3) == (
        pytest.approx(dp.posteriors(tables, expected, skip_src=skip_src, skip_tgt=skip_tgt, temperature=0.3),
                      rel=1e-9, abs=1e-12))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 30), st.integers(2, 30), st.integers(0, 10_000), st.integers(1, 3))
def test_band_holding_the_best_path_finds_it(n, m, seed, radius):
    rng = np.random.default_rng(seed)
    tables, (skip_src, skip_tgt) = random_tables(rng, n, m, rounded=False)
    total, move, types = dp.fill(tables, skip_src=skip_src, skip_tgt=skip_tgt)
    expected = dp.best_path(total, move, types)
    ends = np.cumsum([(0, 0)] + [(len(s), len(t)) for s, t in expected], axis=0)
    cells = band.Band.around(ends[:, 0], ends[:, 1], n, m, radius)
    assert cells.cells <= (n + 1) * (m + 1)
    got_total, got_move, got_types = band.fill(cells, SIZES, flat(tables, cells), skip_src=skip_src,
                                               skip_tgt=skip_tgt)
    assert band.best_path(cells, got_move, got_types) == expected
    assert got_total[cells.cells - 1] == total[n, m]


def test_band_windows_move_right_and_overlap():
    with pytest.raises(ValueError, match="hold the origin"):
        band.Band(np.array([1, 1]), np.array([3, 3]), 2)
    with pytest.raises(ValueError, match="move right and overlap"):
        band.Band(np.array([0, 2, 2]), np.array([2, 3, 3]), 2)  # row 1 starts after row 0 ends
    cells = band.Band.around(np.array([0, 5, 10]), np.array([0, 5, 10]), 10, 10, 1)
    assert (np.diff(cells.lo) >= 0).all() and (np.diff(cells.hi) >= 0).all()
    assert (cells.lo[1:] < cells.hi[:-1]).all()
    assert cells.index(np.array([0, 10, 10, -1]), np.array([0, 10, 0, 0])).tolist() == [0, cells.cells - 1,
                                                                                       cells.cells, cells.cells]


def spans(vectors, max_side):
    out = np.zeros((max_side, *vectors.shape), dtype=np.float32)
    for size in range(1, max_side + 1):
        for start in range(len(vectors) - size + 1):
            run = vectors[start : start + size].sum(axis=0)
            out[size - 1, start] = run / np.linalg.norm(run)
    return out


def test_scores_follow_the_formula_cell_by_cell():
    rng = np.random.default_rng(3)
    n, m, dim = 6, 5, 16
    src = rng.normal(size=(n, dim)).astype(np.float32)
    tgt = src[:m] + 0.3 * rng.normal(size=(m, dim)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    tables = scores.SpanTables(spans(src, 2), spans(tgt, 2), rng.uniform(20, 80, n), rng.uniform(20, 80, m))
    sizes = ((1, 1), (1, 2), (2, 1))
    cells = band.Band.full(n, m)
    scoring = ScoringConfig(margin_weight=1.0, length_penalty=False, min_bead_score=-np.inf, merge_floor=-np.inf,
                            merge_bonus=0.0)
    got = scores.bead_scores(tables, scores.Lattice(cells, sizes), scoring).scores
    raw = {}
    for a, b in sizes:
        table = np.full((n + 1, m + 1), NEG)
        for i in range(a, n + 1):
            for j in range(b, m + 1):
                s, t = tables.src_spans[a - 1, i - a], tables.tgt_spans[b - 1, j - b]
                neighbours = [s @ tgt[x] for x in (j - b - 1, j) if 0 <= x < m]
                neighbours += [t @ src[y] for y in (i - a - 1, i) if 0 <= y < n]
                table[i, j] = float(s @ t) - np.mean(neighbours)
        raw[(a, b)] = table
    scale = max(np.median(raw[(1, 1)][1:, 1:].max(axis=1)), scoring.min_scale)
    for k, size in enumerate(sizes):
        np.testing.assert_allclose(cells.dense(got[k]), raw[size] / scale, rtol=1e-5, atol=1e-6)


def test_the_merge_floor_forbids_merges_only():
    """A model's settings may let any 1-1 bead be (min_bead_score -inf) while a merge
    still needs a score above a random pair's (merge_floor 0)."""
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(6, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    tables = scores.SpanTables(spans(vectors, 2), spans(vectors[::-1].copy(), 2), np.full(6, 40.0), np.full(6, 40.0))
    lattice = scores.Lattice(band.Band.full(6, 6), ((1, 1), (1, 2), (2, 1)))
    free = scores.bead_scores(tables, lattice, ScoringConfig(min_bead_score=-np.inf, merge_floor=-np.inf)).scores
    floored = scores.bead_scores(tables, lattice, ScoringConfig(min_bead_score=-np.inf, merge_floor=0.0)).scores
    assert np.array_equal(floored[0], free[0]) and (free[0][np.isfinite(free[0])] < 0).any()
    for k in (1, 2):
        kept = np.isfinite(free[k]) & (free[k] >= 0)
        assert np.array_equal(np.isfinite(floored[k]), kept)


def planted(n, seed=0, dim=32, noise=0.4):
    rng = np.random.default_rng(seed)
    src = rng.normal(size=(n, dim)).astype(np.float32)
    tgt = src + noise * rng.normal(size=(n, dim)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    return scores.SpanTables(spans(src, 2), spans(tgt, 2), np.full(n, 50.0), np.full(n, 50.0))


def test_coarse_to_fine_finds_the_full_search_path():
    tables = planted(400)
    config = AlignConfig(max_bead_side=2, max_bead_total=3)
    full = search.align_tables(tables, config)
    assert full.lattice.band.cells == 401 * 401
    narrow = AlignConfig(max_bead_side=2, max_bead_total=3, search=SearchConfig(full_band_cells=2000))
    coarse = search.align_tables(tables, narrow)
    assert coarse.lattice.band.cells < 401 * 401 // 8  # a narrow band, not the table
    assert [bead for bead in coarse.path] == [bead for bead in full.path]
    assert coarse.path == [((k,), (k,)) for k in range(400)]


def test_band_grows_linearly():
    config = AlignConfig(max_bead_side=2, max_bead_total=3, search=SearchConfig(full_band_cells=2000))
    cells = []
    for n in (500, 1000, 2000):
        tables = planted(n, seed=n)
        cells.append(search.find_band(tables.src_spans[0], tables.tgt_spans[0], tables.src_chars,
                                      tables.tgt_chars, config).cells)
    assert cells[2] / cells[0] == pytest.approx(4, rel=0.15)  # 4x the length, 4x the cells


def test_coarse_to_fine_follows_a_gap():
    """A block of tgt sentences with no counterpart: the coarse path must not lose the diagonal."""
    rng = np.random.default_rng(5)
    n, dim = 600, 32
    src = rng.normal(size=(n, dim)).astype(np.float32)
    extra = rng.normal(size=(40, dim)).astype(np.float32)
    tgt = np.vstack([src[:300], extra, src[300:]]) + 0.4 * rng.normal(size=(n + 40, dim)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    tables = scores.SpanTables(spans(src, 2), spans(tgt, 2), np.full(n, 50.0), np.full(n + 40, 50.0))
    config = AlignConfig(max_bead_side=2, max_bead_total=3, search=SearchConfig(full_band_cells=2000))
    found = search.align_tables(tables, config)
    linked = [(s, t) for s, t in found.path if s and t]
    expected = [((k,), (k,) if k < 300 else (k + 40,)) for k in range(n)]
    assert sum(bead == want for bead, want in zip(linked, expected, strict=False)) >= n - 2
    assert sum(1 for s, t in found.path if not s) == 40
