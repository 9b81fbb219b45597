"""The confidence formula (aligner.core.confidence), worked out by hand."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from aligner.config import AlignConfig, ConfidenceConfig
from aligner.core import band, confidence, scores, search

CONFIG = ConfidenceConfig(posterior_temperature=0.15, credible_z=2.6, credible_width=0.2)


def test_logistic_is_centred_and_scaled_by_the_settings():
    assert confidence.logistic(2.6, CONFIG) == pytest.approx(0.5)
    assert confidence.logistic(2.6 + 0.2, CONFIG) == pytest.approx(1 / (1 + math.exp(-1)))
    assert confidence.logistic(3.4, CONFIG) > 0.98 > 0.02 > confidence.logistic(1.8, CONFIG)
    wide = ConfidenceConfig(credible_z=2.0, credible_width=2.0)
    assert confidence.logistic(4.0, wide) == pytest.approx(1 / (1 + math.exp(-1)))


@pytest.mark.parametrize(("posterior", "credible", "expected"), [
    (1.0, 2.6, 0.5),  # a sure bead in an alignment at the credibility threshold
    (0.5, 50.0, 0.5),  # a credible alignment: the posterior itself
    (0.8, -50.0, 0.0),  # texts that are no translation of each other: nothing is sure
])
def test_bead_confidence(posterior, credible, expected):
    assert confidence.bead_confidence(posterior, credible, CONFIG) == pytest.approx(expected, abs=1e-12)


def test_credibility_is_the_median_linked_z():
    assert confidence.credibility([1.0, 6.0, 5.0]) == 5.0
    assert confidence.credibility([]) == 0.0


def unit(rows):
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def small_search():
    """A search over 8 src and 9 tgt sentences, the 5th tgt sentence without a partner."""
    rng = np.random.default_rng(7)
    src = unit(rng.normal(size=(8, 24)))
    tgt = unit(np.vstack([src[:4], rng.normal(size=(1, 24)), src[4:]]) + 0.2 * rng.normal(size=(9, 24)))
    spans = np.stack([src, np.zeros_like(src)]), np.stack([tgt, np.zeros_like(tgt)])
    tables = scores.SpanTables(spans[0], spans[1], np.full(8, 40.0), np.full(9, 40.0))
    null = scores.NullModel(unit(rng.normal(size=(50, 24))), unit(rng.normal(size=(50, 24))))
    config = AlignConfig(max_bead_side=1, max_bead_total=2)
    return search.align_tables(tables, config, null), src, tgt, null, config


def test_assess_composes_posterior_z_and_credibility():
    """On a small real search: every bead's confidence is the formula applied to the
    posterior from the forward-backward pass and the z-scores, and nothing else."""
    found, src, tgt, null, config = small_search()
    assert ((), (4,)) in found.path  # the extra tgt sentence is left out
    got = confidence.assess(found, config.confidence)
    posteriors = band.posteriors(found.lattice.band, list(found.lattice.types), found.scored.scores, found.path,
                                 skip_src=found.skip_src, skip_tgt=found.skip_tgt, temperature=0.15)
    linked_z = [scores.bead_z(src[s[0]], tgt[t[0]], null) for s, t in found.path if s and t]
    credible = float(np.median(linked_z))
    factor = confidence.logistic(credible, config.confidence)
    for figures, bead, posterior, k in zip(got, found.path, posteriors, range(len(got)), strict=True):
        if bead.linked:
            # All beads' z at once (one matrix product) equal one bead's to float32 precision.
            assert figures.z == pytest.approx(scores.bead_z(found.tables.src_spans[0, bead.src[0]],
                                                          found.tables.tgt_spans[0, bead.tgt[0]], null), rel=1e-6)
        else:
            assert figures.z == found.skip_z[k]
        assert figures.confidence == pytest.approx(posterior * factor)
    # Without posteriors (temperature 0) every bead has the credibility factor alone.
    flat = confidence.assess(found, ConfidenceConfig(posterior_temperature=0.0))
    assert [f.z for f in flat] == [f.z for f in got]
    assert [f.confidence for f in flat] == pytest.approx([factor] * len(got))


def test_doubtful_links_become_unaligned_sentences():
    found, *_ = small_search()
    assessed = confidence.assess(found, CONFIG)
    assert confidence.unlink_doubtful(found, assessed, ConfidenceConfig(min_link=0.0), 2) is found
    # Pretend the second linked bead is doubtful: its sentences come back unaligned.
    doubtful = [confidence.Assessment(0.05 if k == 1 else a.confidence, a.z) for k, a in enumerate(assessed)]
    changed = confidence.unlink_doubtful(found, doubtful, ConfidenceConfig(min_link=0.15), 2)
    bead = found.path[1]
    assert bead.linked
    assert changed.path == [*found.path[:1], *(((s,), ()) for s in bead.src), *(((), (t,)) for t in bead.tgt),
                            *found.path[2:]]
    assert len(changed.skip_z) == len(changed.path)


def test_partner_z_looks_at_the_nearby_beads_only():
    # src 0-1 / tgt 0 linked, src 2 skipped, src 3 / tgt 1 linked, tgt 2 skipped.
    path = [((0, 1), (0,)), ((2,), ()), ((3,), (1,)), ((), (2,))]
    cells = band.Band.full(4, 3)
    z = np.full(cells.cells + 1, -np.inf)

    def set_z(i, j, value):  # the 1-1 bead src i / tgt j ends at cell (i+1, j+1)
        z[cells.index(np.array([i + 1]), np.array([j + 1]))[0]] = value

    set_z(2, 1, 2.5)
    set_z(0, 2, 9.0)  # src 0 is three beads from the skipped tgt 2
    assert search.partner_z(path, cells, z, 2)[3] == -np.inf  # src 0 is out of reach at context 2 ...
    assert search.partner_z(path, cells, z, 3)[3] == 9.0  # ... and found at context 3
    assert search.partner_z(path, cells, z, 0)[1] == 0.0  # no beads to look at: no partner


def test_links_without_evidence_among_free_sentences_are_left_out_of_the_posteriors():
    """Where leaving a sentence out is free, a link holding it that scores below the
    evidence floor is no alternative (forbidden in the posteriors' scores); links of
    sentences that cost something to leave out, and the path's own beads, are kept."""
    found, *_ = small_search()
    free_src = np.where(np.arange(8) == 2, 0.0, -0.3)  # src 2 is free to leave out (title-like, say)
    found = dataclasses.replace(found, skip_src=free_src, memo={})
    floored = found.floored(0.2)
    cells, types = found.lattice.band, list(found.lattice.types)
    one = types.index((1, 1))
    on_path = {(bead.src[0], bead.tgt[0]) for bead in found.path if bead.linked}
    checked = 0
    for i in range(8):
        for j in range(9):
            cell = cells.index(np.array([i + 1]), np.array([j + 1]))[0]
            if cell == cells.cells:
                continue
            score, kept = found.scored.scores[one, cell], floored[one, cell]
            if i == 2 and score < 0.2 and (i, j) not in on_path:
                assert kept == -np.inf
                checked += 1
            else:
                assert kept == score
    assert checked
    # Off (-inf), the scores are the search's own; the floor never touches the search.
    assert found.floored(-np.inf) is found.scored.scores

