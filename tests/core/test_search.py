"""Skip scores and the second pass that re-checks skipped sentences."""

from __future__ import annotations

import numpy as np

from aligner.config import AlignConfig, ScoringConfig
from aligner.core import band, scores, search


def test_open_ended_sentences_pay_the_full_skip_score():
    texts = ["Und nun zum Hüttenwart :", "Ihm schien die Sache einleuchtend ;", "Kapitel 3",
             "Es war wirklich derselbe wie 1971, aber ich erkannte ihn nicht wieder."]
    open_end = scores.open_ended(texts)
    assert open_end.tolist() == [True, True, False, False]
    chars = np.array([len(t) for t in texts], dtype=float)
    scoring = ScoringConfig(skip_score=-0.2, skip_floor=0.25)
    plain = scores.skip_scores(chars, None, scoring)
    scored = scores.skip_scores(chars, open_end, scoring)
    assert plain[2] > -0.2 and scored[2] == plain[2]  # a short heading stays cheap to skip
    assert scored[0] == scored[1] == -0.2  # short, but open: full price
    assert scored[3] == plain[3] == -0.2  # long: full price anyway


def test_a_skipped_sentence_with_a_partner_next_to_it_is_found():
    # src 0-1 / tgt 0 linked, src 2 skipped, src 3 / tgt 1 linked, tgt 2 skipped.
    path = [((0, 1), (0,)), ((2,), ()), ((3,), (1,)), ((), (2,))]
    cells = band.Band.full(4, 3)
    z = np.full(cells.cells, -np.inf)

    def set_z(i, j, value):  # the 1-1 bead src i / tgt j ends at cell (i+1, j+1)
        z[cells.index(np.array([i + 1]), np.array([j + 1]))[0]] = value

    set_z(2, 1, 2.5)  # src 2 matches tgt 1, in the next bead: a piece of a 2-1 merge
    set_z(3, 2, 1.0)  # tgt 2 matches its neighbours poorly...
    set_z(0, 2, 9.0)  # ... and src 0 well, but src 0 is three beads away: a heading
    skip_z = search.partner_z(path, cells, z, 2)
    assert np.isnan(skip_z[0]) and np.isnan(skip_z[2])  # linked beads
    assert skip_z[1] == 2.5 and skip_z[3] == 1.0
    src, tgt = search._partnered(path, skip_z, cells, 2.0)
    assert src.tolist() == [False, False, True, False]
    assert tgt.tolist() == [False, False, False]
    src, tgt = search._partnered(path, skip_z, cells, 3.0)
    assert src.tolist() == [False] * 4
    src, tgt = search._partnered(path, skip_z, cells, 0.5)
    assert tgt.tolist() == [False, False, True]
    assert all(np.isnan(value) for value in search.partner_z(path, cells, None, 2))


def test_merge_bonus_skips_beads_holding_a_title():
    assert scores.title_like(["Sinowjew und Kamenew", "Er kam.", "Er sagte:", "« Oui »", "Photo: X"]).tolist() == [
        True, False, False, False, True]
    sizes = ((1, 1), (2, 1), (1, 2))
    cells = band.Band.full(3, 2)
    src_title = np.array([False, True, False])  # src 1 is a heading
    tables = scores.SpanTables(np.zeros((2, 3, 4)), np.zeros((2, 2, 4)), np.full(3, 9.0), np.full(2, 9.0),
                             src_title=src_title)
    bonus = scores.merge_bonus_table(tables, scores.Lattice(cells, sizes), 0.05)
    at = {(int(i), int(j)): k for k, (i, j) in enumerate(zip(cells.rows(), cells.cols(), strict=True))}
    assert (bonus[0] == 0).all()  # 1-1 beads: no bonus
    assert bonus[1, at[(3, 1)]] == 0.0  # src 1-2 hold the heading
    assert bonus[1, at[(2, 1)]] == 0.0  # src 0-1 too
    assert bonus[2, at[(1, 2)]] == 0.05  # src 0 with tgt 0-1: no heading
    assert bonus[2, at[(2, 2)]] == 0.0  # src 1 is the heading


def test_margin_sentences_are_free_to_leave_out():
    rng = np.random.default_rng(0)
    src = rng.normal(size=(6, 16)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt = src[1:5] + 0.05 * rng.normal(size=(4, 16)).astype(np.float32)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    spans = np.stack([src, np.zeros_like(src)]), np.stack([tgt, np.zeros_like(tgt)])
    tables = scores.SpanTables(spans[0], spans[1], np.full(6, 40.0), np.full(4, 40.0))
    config = AlignConfig(max_bead_side=1, max_bead_total=2)
    free = np.array([True, False, False, False, False, True])
    found = search.align_tables(tables, config, free_src=free)
    assert found.path == [((0,), ()), ((1,), (0,)), ((2,), (1,)), ((3,), (2,)), ((4,), (3,)), ((5,), ())]
    assert found.score(found.path[0]) == found.score(found.path[-1]) == 0.0
    assert search.align_tables(tables, config).score(found.path[0]) < 0


def test_the_length_penalty_is_softened_for_one_to_one_beads_only():
    """A 1-1 bead takes Bertalign's length penalty to ``one_to_one_length_power``; merges
    take it whole (their lengths are what tell them from a 1-1 bead and a skip)."""
    sizes = ((1, 1), (1, 2), (2, 1))
    cells = band.Band.full(2, 2)
    lattice = scores.Lattice(cells, sizes)
    tables = scores.SpanTables(np.zeros((2, 2, 4)), np.zeros((2, 2, 4)), np.array([10.0, 30.0]),
                             np.array([30.0, 10.0]))
    whole = scores.length_penalty_table(tables, lattice)
    soft = scores.length_penalty_table(tables, lattice, 0.5)
    assert np.allclose(soft[0], np.sqrt(whole[0])) and (soft[0] >= whole[0]).all()
    assert (soft[0] > whole[0]).any()  # src 0 (10 chars) against tgt 0 (30 chars)
    assert np.array_equal(soft[1:], whole[1:])
    assert scores.length_penalty_table(tables, lattice, 1.0).tolist() == whole.tolist()


def test_a_search_by_lengths_alone_keeps_the_path_in_its_band():
    """Coarse-to-fine with the model switched off (the fallback): the coarse levels must
    score skips as the finest does (lengths included), or skipping looks free there and
    the band misses the path (it did: 0.58 strict F1 on Bible verses, against 0.99)."""
    from aligner.config import FALLBACK

    rng = np.random.default_rng(7)
    n = 700  # (n + 1)^2 cells: over FULL_BAND_CELLS, so searched coarse-to-fine
    src_chars = rng.uniform(40, 260, n)
    tgt_chars = np.maximum(1.0, 1.15 * src_chars * rng.lognormal(0, 0.2, n))  # as loose as Bible verses
    flat = np.full((2, n, 4), 0.5, dtype=np.float32)  # vectors that say nothing
    tables = scores.SpanTables(flat, flat.copy(), src_chars, tgt_chars)
    config = AlignConfig(max_bead_total=4).with_settings(FALLBACK)
    found = search.align_tables(tables, config)
    assert found.lattice.band.cells < (n + 1) ** 2
    full = search.align_tables(tables, config.with_settings({"search.full_band_cells": (n + 1) ** 2}))
    assert found.path == full.path
    assert sum(len(s) == len(t) == 1 for s, t in found.path) >= 0.97 * n
