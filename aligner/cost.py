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

from dataclasses import dataclass

import numpy as np

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
    ``(n,)``/``(m,)`` float64 sentence lengths in characters.
    """

    src_spans: np.ndarray
    tgt_spans: np.ndarray
    src_chars: np.ndarray
    tgt_chars: np.ndarray


def _baseline(vectors: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Mean cosine of each row of ``vectors`` (k, dim) with a fixed sample of ``others`` (o, dim)."""
    if len(others) == 0:
        return np.zeros(len(vectors))
    sample = others[np.linspace(0, len(others) - 1, min(BASELINE_SAMPLE, len(others))).astype(int)]
    return (vectors @ sample.T).astype(np.float64).mean(axis=1)


def _span_chars(chars: np.ndarray, size: int) -> np.ndarray:
    """Characters of every run of ``size`` sentences ending at each boundary: ``(len+1,)``,
    entry ``e`` covers sentences ``e-size .. e-1`` (NaN where the run does not fit)."""
    csum = np.concatenate([[0.0], np.cumsum(chars)])
    out = np.full(len(chars) + 1, np.nan)
    out[size:] = csum[size:] - csum[:-size] + (size - 1)  # + joining spaces
    return out


def raw_bead_scores(tables: SpanTables, size: tuple[int, int], *, margin_weight: float) -> np.ndarray:
    """Margin-normalised similarity of every (size[0], size[1]) bead.

    Returns:
        ``(n+1, m+1) float64``: entry ``[i, j]`` scores the bead covering src sentences
        ``i-a .. i-1`` and tgt sentences ``j-b .. j-1``; ``-inf`` where it does not fit.
    """
    a, b = size
    src1, tgt1 = tables.src_spans[0], tables.tgt_spans[0]
    n, m = src1.shape[0], tgt1.shape[0]
    out = np.full((n + 1, m + 1), -np.inf)
    if a > n or b > m:
        return out
    src = tables.src_spans[a - 1, : n - a + 1]  # run starting at s covers s .. s+a-1
    tgt = tables.tgt_spans[b - 1, : m - b + 1]
    cos = (src @ tgt.T).astype(np.float64)  # [s, t]
    # Neighbours: the sentence before and after the other side's run.
    src_vs_tgt1 = (src @ tgt1.T).astype(np.float64)  # [s, j] run s vs tgt sentence j
    tgt_vs_src1 = (tgt @ src1.T).astype(np.float64)  # [t, i]
    neighbour = np.zeros_like(cos)
    count = np.zeros_like(cos)
    t_idx = np.arange(m - b + 1)
    s_idx = np.arange(n - a + 1)
    for offset, valid_t in ((-1, t_idx - 1 >= 0), (b, t_idx + b < m)):
        cols = np.clip(t_idx + offset, 0, m - 1)
        neighbour[:, valid_t] += src_vs_tgt1[:, cols[valid_t]]
        count[:, valid_t] += 1
    for offset, valid_s in ((-1, s_idx - 1 >= 0), (a, s_idx + a < n)):
        rows = np.clip(s_idx + offset, 0, n - 1)
        neighbour[valid_s, :] += tgt_vs_src1[:, rows[valid_s]].T
        count[valid_s, :] += 1
    base = 0.5 * (_baseline(src, tgt1)[:, None] + _baseline(tgt, src1)[None, :])
    neighbour = np.where(count > 0, neighbour / np.maximum(count, 1), base)
    out[a:, b:] = cos - (margin_weight * neighbour + (1.0 - margin_weight) * base)
    return out


def length_penalty(tables: SpanTables, size: tuple[int, int]) -> np.ndarray:
    """Bertalign's log2(1 + min/max) of ratio-corrected character lengths, ``(n+1, m+1)``."""
    ratio = tables.tgt_chars.sum() / max(tables.src_chars.sum(), 1.0)
    src_len = _span_chars(tables.src_chars, size[0]) * ratio
    tgt_len = _span_chars(tables.tgt_chars, size[1])
    lo = np.minimum(src_len[:, None], tgt_len[None, :])
    hi = np.maximum(src_len[:, None], tgt_len[None, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        penalty = np.log2(1.0 + np.where(hi > 0, lo / hi, 1.0))
    return np.nan_to_num(penalty, nan=0.0)


def score_scale(one_to_one: np.ndarray) -> float:
    """Typical score of a true pair: the median over src sentences of their best 1-1 score."""
    best = one_to_one[1:, 1:].max(axis=1) if one_to_one.shape[1] > 1 else np.zeros(1)
    best = best[np.isfinite(best)]
    return float(max(np.median(best), MIN_SCALE)) if len(best) else 1.0


def bead_zscores(tables: SpanTables, size: tuple[int, int], null: NullModel) -> np.ndarray:
    """z-score (see bead_z) of every (size[0], size[1]) bead, ``(n+1, m+1) float64``,
    ``-inf`` where the bead does not fit."""
    a, b = size
    n, m = tables.src_spans.shape[1], tables.tgt_spans.shape[1]
    out = np.full((n + 1, m + 1), -np.inf)
    if a > n or b > m:
        return out
    src = tables.src_spans[a - 1, : n - a + 1]
    tgt = tables.tgt_spans[b - 1, : m - b + 1]
    out[a:, b:] = _combine_z(src, tgt, null)
    return out


def bead_scores(
    tables: SpanTables,
    sizes: tuple[tuple[int, int], ...],
    *,
    margin_weight: float,
    use_length_penalty: bool,
    min_score: float,
    null: NullModel | None = None,
    min_z: float = -np.inf,
) -> dict[tuple[int, int], np.ndarray]:
    """Final scores of every bead type, each ``(n+1, m+1) float64`` (see raw_bead_scores);
    beads scoring below ``min_score``, or with a z-score below ``min_z`` (when a null
    model is given), are set to ``-inf`` (not allowed)."""
    raw = {size: raw_bead_scores(tables, size, margin_weight=margin_weight) for size in sizes}
    if null is not None and min_z > -np.inf:
        for size in sizes:
            raw[size] = np.where(bead_zscores(tables, size, null) >= min_z, raw[size], -np.inf)
    scale = score_scale(raw[(1, 1)]) if (1, 1) in raw else 1.0
    scores = {}
    for size, values in raw.items():
        values = values / scale
        if use_length_penalty:
            values = values * length_penalty(tables, size)
        scores[size] = np.where(values >= min_score, values, -np.inf)
    return scores


def skip_scores(chars: np.ndarray, *, skip_score: float, floor: float) -> np.ndarray:
    """Score of leaving each sentence unaligned: ``skip_score`` scaled by the sentence's
    length relative to the median, between ``floor`` and 1 times ``skip_score``.

    A heading or a date line is cheap to leave out; a long sentence is not. Without
    this, short headings are glued onto the bead next to them.

    Args:
        chars: ``(n,) float64`` sentence lengths in characters.

    Returns:
        ``(n,) float64``, each in ``[skip_score, floor * skip_score]``.
    """
    if len(chars) == 0:
        return np.zeros(0)
    median = max(float(np.median(chars)), 1.0)
    return skip_score * np.clip(chars / median, floor, 1.0)


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
    null = (vectors @ sample.T).astype(np.float64)
    return null.mean(axis=1), np.maximum(null.std(axis=1), 1e-6)


def _combine_z(src: np.ndarray, tgt: np.ndarray, null: NullModel) -> np.ndarray:
    """``(k, l)`` z-scores of the pairs of ``src`` ``(k, dim)`` and ``tgt`` ``(l, dim)`` rows:
    each side against a sample of the other document, the two averaged."""
    cos = (src @ tgt.T).astype(np.float64)
    src_mean, src_std = _null_stats(src, null.tgt_sample)
    tgt_mean, tgt_std = _null_stats(tgt, null.src_sample)
    return 0.5 * ((cos - src_mean[:, None]) / src_std[:, None] + (cos - tgt_mean[None, :]) / tgt_std[None, :])


def bead_z(src_vector: np.ndarray, tgt_vector: np.ndarray, null: NullModel) -> float:
    """How far a pair's cosine stands above random pairs, in standard deviations.

    Each side is compared with a sample of the *other* document; the two z-scores are
    averaged. Unlike the normalised score this does not rescale per document pair, so it
    stays low when the two texts are not translations of each other.

    Args:
        src_vector: ``(dim,) float32`` L2-normalised embedding of the bead's src side.
        tgt_vector: ``(dim,) float32`` L2-normalised embedding of the bead's tgt side.
    """
    return float(_combine_z(src_vector[None, :], tgt_vector[None, :], null)[0, 0])


def confidence(z: float) -> float:
    """Map a bead's z-score to [0, 1] with a logistic (see Z_MIDPOINT, Z_WIDTH)."""
    return float(1.0 / (1.0 + np.exp(-(z - Z_MIDPOINT) / Z_WIDTH)))
