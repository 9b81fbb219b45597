"""Search: score the beads inside a band and find the best path (numpy in, beads out).

Small document pairs are searched in full. Larger ones go coarse-to-fine (as Vecalign
does): both documents are halved, by merging each two neighbouring sentences into one,
until the table is small enough to search in full; the best path at each level, widened
by ``config.band_radius`` sentences, is the band searched at the next finer level. Each
level costs time and memory linear in its length, so the whole search does too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from aligner.align import band as banded
from aligner.align import cost
from aligner.align.band import Band
from aligner.config import AlignConfig

logger = logging.getLogger(__name__)

Path = list[tuple[tuple[int, ...], tuple[int, ...]]]

# Bead types searched at the coarse levels, where a sentence stands for two.
COARSE_TYPES = ((1, 1), (1, 2), (2, 1))


@dataclass(frozen=True)
class Search:
    """The result of :func:`align_tables`: the band searched, the bead scores in it
    (``(len(types), band.cells + 1)``), the skip scores, the best path, the posterior
    probability of each of its beads and, for each 1-0 or 0-1 bead, the best z-score of
    its sentence against the nearby beads (see ``partner_z``; NaN for other beads, and
    for all beads without a null model)."""

    band: Band
    types: tuple[tuple[int, int], ...]
    scores: np.ndarray
    skip_src: np.ndarray
    skip_tgt: np.ndarray
    path: Path
    posteriors: list[float]
    skip_z: list[float]

    def score(self, bead: tuple[tuple[int, ...], tuple[int, ...]]) -> float:
        """The score of a bead of the path (the skip score for a 1-0 or 0-1 bead)."""
        src_ids, tgt_ids = bead
        if not src_ids:
            return float(self.skip_tgt[tgt_ids[0]])
        if not tgt_ids:
            return float(self.skip_src[src_ids[0]])
        cell = self.band.index(np.array([src_ids[-1] + 1]), np.array([tgt_ids[-1] + 1]))[0]
        return float(self.scores[self.types.index((len(src_ids), len(tgt_ids))), cell])


def align_tables(tables: cost.SpanTables, config: AlignConfig, null: cost.NullModel | None = None, *,
                 free_src: np.ndarray | None = None, free_tgt: np.ndarray | None = None) -> Search:
    """Find the best alignment of two documents given their span embeddings.

    Args:
        tables: span embeddings and sentence lengths (see ``cost.SpanTables``).
        config: settings (bead types, scores, band).
        null: random-pair model for the z-score floor (none: no floor).
        free_src, free_tgt: ``(n,)``, ``(m,)`` bool, sentences that may be left out at
            no cost (the margin around a located region).
    """
    n, m = tables.src_spans.shape[1], tables.tgt_spans.shape[1]
    band = find_band(tables.src_spans[0], tables.tgt_spans[0], tables.src_chars, tables.tgt_chars, config)
    if band.cells < (n + 1) * (m + 1):
        logger.debug("searching %d of %d cells", band.cells, (n + 1) * (m + 1))
    types = config.bead_types()
    one_to_one_z = np.full(band.cells, -np.inf) if null is not None and (1, 1) in types else None
    scores = cost.bead_scores(tables, types, band, margin_weight=config.margin_weight,
                              use_length_penalty=config.length_penalty, min_score=config.min_bead_score,
                              null=null, min_z=config.min_bead_z, one_to_one_z=one_to_one_z,
                              merge_bonus=config.merge_bonus)
    skip_src = cost.skip_scores(tables.src_chars, skip_score=config.skip_score, floor=config.skip_floor,
                                open_end=tables.src_open)
    skip_tgt = cost.skip_scores(tables.tgt_chars, skip_score=config.skip_score, floor=config.skip_floor,
                                open_end=tables.tgt_open)
    if free_src is not None:
        skip_src = np.where(free_src, 0.0, skip_src)
    if free_tgt is not None:
        skip_tgt = np.where(free_tgt, 0.0, skip_tgt)
    _, move, all_types = banded.fill(band, list(types), scores, skip_src=skip_src, skip_tgt=skip_tgt)
    path = banded.best_path(band, move, all_types)
    skip_z = partner_z(path, band, one_to_one_z)
    if one_to_one_z is not None and np.isfinite(config.skip_partner_z):
        # Second pass: a skipped sentence with a partner next to it pays the full skip score.
        src_partnered, tgt_partnered = _partnered(path, skip_z, band, config.skip_partner_z)
        if src_partnered.any() or tgt_partnered.any():
            skip_src = np.where(src_partnered & (skip_src < 0), config.skip_score, skip_src)
            skip_tgt = np.where(tgt_partnered & (skip_tgt < 0), config.skip_score, skip_tgt)
            _, move, all_types = banded.fill(band, list(types), scores, skip_src=skip_src, skip_tgt=skip_tgt)
            path = banded.best_path(band, move, all_types)
            skip_z = partner_z(path, band, one_to_one_z)
    if config.posterior_temperature > 0:
        marginals = banded.posteriors(band, list(types), scores, path, skip_src=skip_src, skip_tgt=skip_tgt,
                                      temperature=config.posterior_temperature)
    else:
        marginals = [1.0] * len(path)
    return Search(band, types, scores, skip_src, skip_tgt, path, marginals, skip_z)


# Beads on either side of a skipped sentence searched for a partner of it.
PARTNER_CONTEXT = 2


def partner_z(path: Path, band: Band, one_to_one_z: np.ndarray | None) -> list[float]:
    """For each 1-0 or 0-1 bead of ``path``: the best 1-1 z-score of its sentence against
    the other side's sentences of the ``PARTNER_CONTEXT`` beads on either side (where its
    counterpart would be, if it had one; 0 if there are none, -inf outside the band).
    NaN for the other beads, and for every bead when ``one_to_one_z`` is None."""
    out = [np.nan] * len(path)
    if one_to_one_z is None:
        return out
    z = np.append(one_to_one_z, -np.inf)  # the last slot: outside the band
    for k, (src_ids, tgt_ids) in enumerate(path):
        if src_ids and tgt_ids:
            continue
        nearby = path[max(0, k - PARTNER_CONTEXT) : k + PARTNER_CONTEXT + 1]
        side = 1 if src_ids else 0  # the side to search
        others = np.array(sorted({i for bead in nearby for i in bead[side]}), dtype=np.int64)
        if len(others) == 0:
            out[k] = 0.0
        elif src_ids:  # the 1-1 bead src i / tgt j ends at cell (i+1, j+1)
            out[k] = float(z[band.index(np.full(len(others), src_ids[0] + 1), others + 1)].max())
        else:
            out[k] = float(z[band.index(others + 1, np.full(len(others), tgt_ids[0] + 1))].max())
    return out


def _partnered(path: Path, skip_z: list[float], band: Band, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Which skipped sentences have a partner (``skip_z`` at least ``threshold``): a short
    piece of a merge, left out because it was cheap to skip; ``(n,)``, ``(m,)`` bool."""
    src = np.zeros(band.n, dtype=bool)
    tgt = np.zeros(band.m, dtype=bool)
    for (src_ids, tgt_ids), z in zip(path, skip_z, strict=True):
        if src_ids and not tgt_ids:
            src[src_ids[0]] = z >= threshold
        elif tgt_ids and not src_ids:
            tgt[tgt_ids[0]] = z >= threshold
    return src, tgt


def find_band(src: np.ndarray, tgt: np.ndarray, src_chars: np.ndarray, tgt_chars: np.ndarray,
              config: AlignConfig) -> Band:
    """The cells worth searching: all of them for a small pair, else a band around the
    path found at half the resolution (recursively).

    Args:
        src, tgt: ``(n, dim)``, ``(m, dim) float32`` L2-normalised sentence embeddings.
        src_chars, tgt_chars: ``(n,)``, ``(m,) float64`` sentence lengths.
    """
    n, m = len(src), len(tgt)
    if (n + 1) * (m + 1) <= config.full_band_cells or n <= 1 or m <= 1:
        return Band.full(n, m)
    coarse_src, coarse_tgt = _halve(src), _halve(tgt)
    coarse_src_chars, coarse_tgt_chars = _halve_chars(src_chars), _halve_chars(tgt_chars)
    coarse_band = find_band(coarse_src, coarse_tgt, coarse_src_chars, coarse_tgt_chars, config)
    tables = cost.SpanTables(_runs(coarse_src, 2), _runs(coarse_tgt, 2), coarse_src_chars, coarse_tgt_chars)
    scores = cost.bead_scores(tables, COARSE_TYPES, coarse_band, margin_weight=config.margin_weight,
                              use_length_penalty=config.length_penalty, min_score=config.min_bead_score)
    skip_src = cost.skip_scores(coarse_src_chars, skip_score=config.skip_score, floor=config.skip_floor)
    skip_tgt = cost.skip_scores(coarse_tgt_chars, skip_score=config.skip_score, floor=config.skip_floor)
    _, move, all_types = banded.fill(coarse_band, list(COARSE_TYPES), scores, skip_src=skip_src, skip_tgt=skip_tgt)
    path = banded.best_path(coarse_band, move, all_types)
    # Each coarse bead covers a rectangle of the finer table; keep its four corners.
    ends = np.cumsum([(len(s), len(t)) for s, t in path], axis=0)
    starts = np.vstack([[0, 0], ends[:-1]])
    rows = np.minimum(2 * np.concatenate([starts[:, 0], starts[:, 0], ends[:, 0], ends[:, 0]]), n)
    cols = np.minimum(2 * np.concatenate([starts[:, 1], ends[:, 1], starts[:, 1], ends[:, 1]]), m)
    return Band.around(rows, cols, n, m, config.band_radius)


def _halve(vectors: np.ndarray) -> np.ndarray:
    """Merge sentences 2k and 2k+1 into one normalised vector (the last may stay alone)."""
    pairs = np.zeros(((len(vectors) + 1) // 2, vectors.shape[1]), dtype=np.float32)
    pairs += vectors[0::2]
    pairs[: len(vectors) // 2] += vectors[1::2]
    return pairs / np.maximum(np.linalg.norm(pairs, axis=1, keepdims=True), 1e-12)


def _halve_chars(chars: np.ndarray) -> np.ndarray:
    pairs = chars[0::2].astype(np.float64)
    pairs[: len(chars) // 2] += chars[1::2]
    return pairs


def _runs(vectors: np.ndarray, max_size: int) -> np.ndarray:
    """``(max_size, n, dim)`` normalised sums of runs of 1 .. max_size sentences by start
    (zero rows where a run does not fit), the shape of ``SpanTables`` spans."""
    out = np.zeros((max_size, *vectors.shape), dtype=np.float32)
    for size in range(1, max_size + 1):
        count = len(vectors) - size + 1
        if count <= 0:
            continue
        run = out[size - 1, :count]
        for k in range(size):
            run += vectors[k : k + count]
        run /= np.maximum(np.linalg.norm(run, axis=1, keepdims=True), 1e-12)
    return out
