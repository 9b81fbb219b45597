"""Cost: bead scores from span embeddings (pure numpy, no I/O).

A bead's score is its cosine similarity made comparable across models and documents:

1. **margin** (Bertalign): minus the mean similarity of each side to the sentences
   just before and after the other side, so a bead only scores if it fits better than
   its neighbours would; blended with a random-sentence baseline (Vecalign);
2. **scale**: divided by the median best 1-1 score of the document pair, so a typical
   true pair scores about 1 and a random pair about 0 whatever the model's cosine
   range (no fixed cosine thresholds anywhere);
3. **length penalty** (Bertalign): times log2(1 + min/max) of the two sides' character
   lengths, after correcting for the languages' overall length ratio.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit

from aligner.align.band import Band

# Random partner sentences per sentence for the baseline similarity (Vecalign uses a
# sample of this order); the sample is fixed (evenly spaced), not drawn from an RNG.
BASELINE_SAMPLE = 256
# Scale floor: never divide by less, whatever the documents (guards unrelated texts).
MIN_SCALE = 0.05


@dataclass(frozen=True)
class SpanTables:
    """Everything the DP needs to score beads of one document pair.

    ``src_spans``: ``(max_side, n, dim) float32`` span embeddings (see ``embed_spans``);
    ``tgt_spans``: ``(max_side, m, dim) float32``; ``src_chars``/``tgt_chars``:
    ``(n,)``/``(m,)`` float64 sentence lengths in characters; ``src_open``/``tgt_open``:
    ``(n,)``/``(m,)`` bool, which sentences end open (see ``open_ended``), if known;
    ``src_title``/``tgt_title``: the same for title-like sentences (see ``title_like``).
    """

    src_spans: np.ndarray
    tgt_spans: np.ndarray
    src_chars: np.ndarray
    tgt_chars: np.ndarray
    src_open: np.ndarray | None = None
    tgt_open: np.ndarray | None = None
    src_title: np.ndarray | None = None
    tgt_title: np.ndarray | None = None


def _baseline(vectors: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Mean cosine of each row of ``vectors`` (k, dim) with a fixed sample of ``others``
    (o, dim): the dot product with the sample's mean vector."""
    if len(others) == 0:
        return np.zeros(len(vectors))
    sample = others[np.linspace(0, len(others) - 1, min(BASELINE_SAMPLE, len(others))).astype(int)]
    return (vectors @ sample.mean(axis=0, dtype=np.float64).astype(vectors.dtype)).astype(np.float64)


def _span_chars(chars: np.ndarray, size: int) -> np.ndarray:
    """Characters of every run of ``size`` sentences ending at each boundary: ``(len+1,)``,
    entry ``e`` covers sentences ``e-size .. e-1`` (NaN where the run does not fit)."""
    csum = np.concatenate([[0.0], np.cumsum(chars)])
    out = np.full(len(chars) + 1, np.nan)
    out[size:] = csum[size:] - csum[:-size] + (size - 1)  # + joining spaces
    return out


# Cells of the band scored together: rows are taken in blocks whose similarities come
# from one matrix product of all span sizes (a block of about this many rows, at least
# twice the band's typical width, so that little of the product falls outside the band).
BLOCK_ROWS = 64


def _blocks(band: Band) -> list[tuple[int, int]]:
    """Row blocks ``[r0, r1)`` of the band for scoring."""
    width = int(np.median(band.hi - band.lo))
    rows = int(np.clip(2 * width, 8, BLOCK_ROWS)) if width < band.m + 1 else max(1, 2**20 // max(16 * (band.m + 1), 1))
    edges = list(range(0, band.n + 1, rows)) + [band.n + 1]
    return list(zip(edges[:-1], edges[1:], strict=True))


@dataclass(frozen=True)
class _Stats:
    """Per-run statistics of one side, indexed ``[size - 1, run start]``: the mean cosine
    with random sentences of the other side (baseline) and the null model's mean and
    standard deviation (for z-scores)."""

    baseline: np.ndarray
    null_mean: np.ndarray | None
    null_std: np.ndarray | None


def _side_stats(spans: np.ndarray, others: np.ndarray, null_sample: np.ndarray | None) -> _Stats:
    baseline = np.stack([_baseline(spans[k], others) for k in range(len(spans))])
    if null_sample is None:
        return _Stats(baseline, None, None)
    stats = [_null_stats(spans[k], null_sample) for k in range(len(spans))]
    return _Stats(baseline, np.stack([mean for mean, _ in stats]), np.stack([std for _, std in stats]))


def bead_scores(
    tables: SpanTables,
    sizes: tuple[tuple[int, int], ...],
    band: Band,
    *,
    margin_weight: float,
    use_length_penalty: bool,
    min_score: float,
    null: NullModel | None = None,
    min_z: float = -np.inf,
    one_to_one_z: np.ndarray | None = None,
    merge_bonus: float = 0.0,
) -> np.ndarray:
    """Final score of every bead type at every cell of the band.

    A bead of type (a, b) ending at cell (i, j) covers src sentences ``i-a .. i-1`` and
    tgt sentences ``j-b .. j-1``. Its score is the margin-normalised cosine (see the
    module docstring), divided by the document pair's score scale, times the length
    penalty. Beads scoring below ``min_score``, or with a z-score (see ``bead_z``)
    below ``min_z`` when a null model is given, are set to ``-inf`` (not allowed).

    Beads of more than two sentences then gain ``merge_bonus`` per extra sentence
    (see ``_add_merge_bonus``).

    With a null model and ``one_to_one_z`` (``(band.cells,) float64``), the z-score of
    every 1-1 bead is written there too (``-inf`` where it does not fit).

    Returns:
        ``(len(sizes), band.cells + 1) float64``; the last slot (outside the band) ``-inf``.
    """
    n, m = tables.src_spans.shape[1], tables.tgt_spans.shape[1]
    src1, tgt1 = tables.src_spans[0], tables.tgt_spans[0]
    use_z = null is not None and (min_z > -np.inf or one_to_one_z is not None)
    z_out = one_to_one_z if one_to_one_z is not None else np.zeros(0)
    z_type = sizes.index((1, 1)) if one_to_one_z is not None else -1
    src_stats = _side_stats(tables.src_spans, tgt1, null.tgt_sample if use_z else None)
    tgt_stats = _side_stats(tables.tgt_spans, src1, null.src_sample if use_z else None)
    type_sizes = np.array(sizes, dtype=np.int64).reshape(-1, 2)
    empty = np.zeros((0, 0))
    src_null_mean, src_null_std = (src_stats.null_mean, src_stats.null_std) if use_z else (empty, empty)
    tgt_null_mean, tgt_null_std = (tgt_stats.null_mean, tgt_stats.null_std) if use_z else (empty, empty)
    raw = np.full((len(sizes), band.cells + 1), -np.inf)
    rows_all, cols_all = band.rows(), band.cols()
    for r0, r1 in _blocks(band):
        c_start, c_stop = band.start[r0], band.start[r1]
        # Runs (any size) starting at src sentences [s0, s1) and tgt sentences [t0, t1).
        s0, s1 = max(r0 - len(tables.src_spans) - 1, 0), min(r1, n)
        t0, t1 = max(int(band.lo[r0]) - len(tables.tgt_spans) - 1, 0), min(int(band.hi[r1 - 1]), m)
        if s1 <= s0 or t1 <= t0:
            continue
        src_runs = tables.src_spans[:, s0:s1].reshape(-1, src1.shape[1])
        block = src_runs @ tables.tgt_spans[:, t0:t1].reshape(-1, tgt1.shape[1]).T
        block = block.reshape(len(tables.src_spans), s1 - s0, len(tables.tgt_spans), t1 - t0)
        _score_cells(block, s0, t0, n, m, rows_all[c_start:c_stop], cols_all[c_start:c_stop], type_sizes,
                     src_stats.baseline, tgt_stats.baseline, src_null_mean, src_null_std, tgt_null_mean,
                     tgt_null_std, margin_weight, use_z, min_z, raw[:, c_start:c_stop], z_type,
                     z_out[c_start:c_stop] if z_type >= 0 else z_out)
    scale = _score_scale(raw[sizes.index((1, 1))], band) if (1, 1) in sizes else 1.0
    scores = raw / scale
    if use_length_penalty:
        for k, size in enumerate(sizes):
            scores[k, :-1] *= _length_penalty(tables, size, rows_all, cols_all)
    scores = np.where(scores >= min_score, scores, -np.inf)  # the bonus does not lift a bead over the floor
    if merge_bonus:
        _add_merge_bonus(scores, sizes, rows_all, cols_all, merge_bonus, tables.src_title, tables.tgt_title)
    return scores


def _add_merge_bonus(scores: np.ndarray, sizes: tuple[tuple[int, int], ...], rows: np.ndarray, cols: np.ndarray,
                     bonus: float, src_title: np.ndarray | None, tgt_title: np.ndarray | None) -> None:
    """Add ``bonus`` per sentence beyond two to each bead's score, except for beads that
    hold a title-like sentence (a heading glued to the sentences around it)."""
    titles = [np.concatenate([[0], np.cumsum(flags, dtype=np.int64)]) if flags is not None else None
              for flags in (src_title, tgt_title)]
    for k, (a, b) in enumerate(sizes):
        if a + b <= 2:
            continue
        extra = np.full(len(rows), bonus * (a + b - 2))
        for counts, ends, size in ((titles[0], rows, a), (titles[1], cols, b)):
            if counts is not None:
                # Title-like sentences in the run: ends-size .. ends-1.
                inner = counts[ends] - counts[np.maximum(ends - size, 0)]
                extra = np.where(inner > 0, 0.0, extra)
        scores[k, :-1] += extra


@njit(cache=True)
def _score_cells(block, s0, t0, n, m, rows, cols, sizes, src_base, tgt_base, src_mean, src_std, tgt_mean,
                 tgt_std, margin_weight, use_z, min_z, out, z_type, z_out):  # pragma: no cover - compiled
    """Margin-normalised score of each bead type at each cell ``(rows[k], cols[k])``,
    into ``out[type, k]`` (``-inf`` where the bead does not fit or fails the z floor).
    ``block[a-1, s-s0, b-1, t-t0]`` is the cosine of the src run of ``a`` sentences from
    ``s`` and the tgt run of ``b`` sentences from ``t``. The z-scores of type
    ``z_type`` (-1: none) go to ``z_out[k]``."""
    for k in range(len(rows)):
        i, j = rows[k], cols[k]
        for t in range(sizes.shape[0]):
            a, b = sizes[t, 0], sizes[t, 1]
            s, u = i - a, j - b  # the runs' first sentences
            if s < 0 or u < 0:
                out[t, k] = -np.inf
                if t == z_type:
                    z_out[k] = -np.inf
                continue
            cos = np.float64(block[a - 1, s - s0, b - 1, u - t0])
            # Neighbours: the sentence before and after the other side's run.
            neighbour = 0.0
            count = 0
            if u - 1 >= 0:
                neighbour += np.float64(block[a - 1, s - s0, 0, u - 1 - t0])
                count += 1
            if j < m:
                neighbour += np.float64(block[a - 1, s - s0, 0, j - t0])
                count += 1
            if s - 1 >= 0:
                neighbour += np.float64(block[0, s - 1 - s0, b - 1, u - t0])
                count += 1
            if i < n:
                neighbour += np.float64(block[0, i - s0, b - 1, u - t0])
                count += 1
            base = 0.5 * (src_base[a - 1, s] + tgt_base[b - 1, u])
            neighbour = neighbour / count if count > 0 else base
            value = cos - (margin_weight * neighbour + (1.0 - margin_weight) * base)
            if use_z:
                z = _z_score(cos, src_mean[a - 1, s], src_std[a - 1, s], tgt_mean[b - 1, u], tgt_std[b - 1, u])
                if t == z_type:
                    z_out[k] = z
                if not z >= min_z:
                    value = -np.inf
            out[t, k] = value


def _length_penalty(tables: SpanTables, size: tuple[int, int], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Bertalign's log2(1 + min/max) of ratio-corrected character lengths, at cells ``(rows, cols)``."""
    ratio = tables.tgt_chars.sum() / max(tables.src_chars.sum(), 1.0)
    src_len = (_span_chars(tables.src_chars, size[0]) * ratio)[rows]
    tgt_len = _span_chars(tables.tgt_chars, size[1])[cols]
    lo, hi = np.minimum(src_len, tgt_len), np.maximum(src_len, tgt_len)
    with np.errstate(invalid="ignore", divide="ignore"):
        penalty = np.log2(1.0 + np.where(hi > 0, lo / hi, 1.0))
    return np.nan_to_num(penalty, nan=0.0)


def _score_scale(one_to_one: np.ndarray, band: Band) -> float:
    """Typical score of a true pair: the median over src sentences of their best 1-1
    score (within the band)."""
    if band.n == 0:
        return 1.0
    best = np.maximum.reduceat(one_to_one[: band.cells], band.start[:-1])[1:]
    best = best[np.isfinite(best)]
    return float(max(np.median(best), MIN_SCALE)) if len(best) else 1.0


# A sentence ending in a colon, semicolon or comma is a clause the next one continues.
_OPEN_END = re.compile(r"[:;,]\s*$")


def open_ended(texts: Sequence[str]) -> np.ndarray:
    """``(n,) bool``: which texts end open (in a colon, semicolon or comma)."""
    return np.array([bool(_OPEN_END.search(text)) for text in texts], dtype=bool)


# A sentence ends in one of these unless it is a title, a caption or a fragment.
_CLOSED_END = re.compile(r"[.!?:;,…\"'»«”“’)\]]\s*$")


def title_like(texts: Sequence[str]) -> np.ndarray:
    """``(n,) bool``: which texts end without punctuation ("They Lacked Sufficient Character")."""
    return np.array([not _CLOSED_END.search(text) for text in texts], dtype=bool)


def skip_scores(chars: np.ndarray, *, skip_score: float, floor: float,
                open_end: np.ndarray | None = None) -> np.ndarray:
    """Score of leaving each sentence unaligned: ``skip_score`` scaled by the sentence's
    length relative to the median, between ``floor`` and 1 times ``skip_score``.

    A heading or a date line is cheap to leave out; a long sentence is not. Without
    this, short headings are glued onto the bead next to them. A short sentence that
    ends open (``open_end``: "Und nun zum Hüttenwart :") is no heading but the start of
    a longer one in the other language; it pays the full ``skip_score``, so that it
    joins the bead of the sentence that continues it.

    Args:
        chars: ``(n,) float64`` sentence lengths in characters.
        open_end: ``(n,) bool`` sentences that end open (optional).

    Returns:
        ``(n,) float64``, each in ``[skip_score, floor * skip_score]``.
    """
    if len(chars) == 0:
        return np.zeros(0)
    median = max(float(np.median(chars)), 1.0)
    scale = np.clip(chars / median, floor, 1.0)
    if open_end is not None:
        scale = np.where(open_end, 1.0, scale)
    return skip_score * scale


# Confidence is a logistic of a bead's z-score against random sentences (see bead_z):
# translation pairs of the Zinoviev-Kamenev text have median z 6.2, the best partners the
# DP finds in texts that are not translations of each other (the corpus's negative
# cases against the German book) median z 2.0-2.4.
Z_MIDPOINT = 3.5
Z_WIDTH = 0.6


@dataclass(frozen=True)
class NullModel:
    """Similarities of random sentence pairs: ``src_sample`` ``(k, dim)`` and
    ``tgt_sample`` ``(l, dim)`` float32, fixed samples of each document's sentences."""

    src_sample: np.ndarray
    tgt_sample: np.ndarray


def _null_stats(vectors: np.ndarray, sample: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of each row of ``vectors`` against random ``sample`` rows."""
    null = vectors @ sample.T
    mean = null.mean(axis=1, dtype=np.float64)
    square = np.einsum("ij,ij->i", null, null, dtype=np.float64) / null.shape[1]
    return mean, np.maximum(np.sqrt(np.maximum(square - mean * mean, 0.0)), 1e-6)


def z_score(cos, src_mean, src_std, tgt_mean, tgt_std):  # noqa: ANN001, ANN201 - numbers or arrays
    """A pair's cosine in standard deviations above each side's random pairs, the two averaged."""
    return 0.5 * ((cos - src_mean) / src_std + (cos - tgt_mean) / tgt_std)


_z_score = njit(cache=True)(z_score)


def bead_z(src_vector: np.ndarray, tgt_vector: np.ndarray, null: NullModel) -> float:
    """How far a pair's cosine stands above random pairs, in standard deviations.

    Each side is compared with a sample of the *other* document; the two z-scores are
    averaged. Unlike the normalised score this does not rescale per document pair, so it
    stays low when the two texts are not translations of each other.

    Args:
        src_vector: ``(dim,) float32`` L2-normalised embedding of the bead's src side.
        tgt_vector: ``(dim,) float32`` L2-normalised embedding of the bead's tgt side.
    """
    cos = float(src_vector @ tgt_vector)
    (src_mean,), (src_std,) = _null_stats(src_vector[None, :], null.tgt_sample)
    (tgt_mean,), (tgt_std,) = _null_stats(tgt_vector[None, :], null.src_sample)
    return float(z_score(cos, src_mean, src_std, tgt_mean, tgt_std))


def confidence(z: float) -> float:
    """Map a bead's z-score to [0, 1] with a logistic (see Z_MIDPOINT, Z_WIDTH)."""
    return float(1.0 / (1.0 + np.exp(-(z - Z_MIDPOINT) / Z_WIDTH)))
