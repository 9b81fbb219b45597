"""Scores: bead and skip scores from span embeddings (pure numpy, no I/O).

A bead's score is built from *signals*, each one function that returns a table over the
cells searched (``(len(types), cells)``), combined in one place, :func:`bead_scores`:

1. **similarity** (:func:`similarity_tables`): the cosine minus the mean similarity of
   each side to the sentences just before and after the other side (Bertalign's
   margin), blended with a random-sentence baseline (Vecalign); and the pair's z-score
   against random pairs (a null model), which sets a floor;
2. **scale**: divided by the median best 1-1 score of the document pair, so a typical
   true pair scores about 1 and a random pair about 0 whatever the model's cosine
   range (no fixed cosine thresholds anywhere);
3. **length penalty** (:func:`length_penalty_table`, Bertalign): times log2(1 + min/max)
   of the two sides' character lengths, after correcting for the languages' length ratio;
4. **score floor**, then the **merge bonus** (:func:`merge_bonus_table`).

A new signal is a field in ``ScoringConfig``, one function here that computes its
table, and one line in :func:`bead_scores` (see docs/ARCHITECTURE.md). Skips score by
:func:`skip_scores`. Every setting comes in one value, the ``ScoringConfig``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numba import njit

from aligner import headings
from aligner.config import ScoringConfig
from aligner.core.band import Band
from aligner.core.lengths import gale_church_skips, gale_church_table, length_ratio, number_counts, number_table
from aligner.datatypes import Sentence
from aligner.scripts import OPEN_END

BeadType = tuple[int, int]


@dataclass(frozen=True)
class SpanTables:
    """Everything the DP needs to score beads of one document pair.

    ``src_spans``: ``(max_side, n, dim) float32`` span embeddings (see ``embed_spans``);
    ``tgt_spans``: ``(max_side, m, dim) float32``; ``src_chars``/``tgt_chars``:
    ``(n,)``/``(m,)`` float64 sentence lengths in characters; ``src_open``/``tgt_open``:
    ``(n,)``/``(m,)`` bool, which sentences end open (see ``open_ended``), if known;
    ``src_title``/``tgt_title``: the same for title-like sentences (see ``title_like``);
    ``src_paragraph``/``tgt_paragraph``: ``(n,)``/``(m,)`` int64, each sentence's paragraph
    (non-decreasing), if known; ``src_numbers``/``tgt_numbers``: ``(n, B)``/``(m, B)``
    int32 counts of the numbers each sentence holds (see ``lengths.number_counts``);
    ``src_exact``/``tgt_exact``: ``(max_side, n)``/``(max_side, m)`` bool, which runs'
    vectors are the model's own embedding of the run's text, the others being the
    normalised sum of their sentences' vectors (see ``search.approximate_runs``); None:
    every run's is the model's own.
    """

    src_spans: np.ndarray
    tgt_spans: np.ndarray
    src_chars: np.ndarray
    tgt_chars: np.ndarray
    src_open: np.ndarray | None = None
    tgt_open: np.ndarray | None = None
    src_title: np.ndarray | None = None
    tgt_title: np.ndarray | None = None
    src_paragraph: np.ndarray | None = None
    tgt_paragraph: np.ndarray | None = None
    src_numbers: np.ndarray | None = None
    tgt_numbers: np.ndarray | None = None
    src_exact: np.ndarray | None = None
    tgt_exact: np.ndarray | None = None


def span_tables(src_spans: np.ndarray, tgt_spans: np.ndarray, src: Sequence[Sentence],
                tgt: Sequence[Sentence], exact: tuple[np.ndarray, np.ndarray] | None = None) -> SpanTables:
    """The tables of two runs of sentences: their span embeddings (``(max_side, n, dim)``
    and ``(max_side, m, dim) float32``), which of them are the model's own (``exact``,
    see :class:`SpanTables`; None: all) and what the signals read off the sentences."""
    def lengths(texts: Sequence[str]) -> np.ndarray:
        return np.array([len(text) for text in texts], dtype=np.float64)

    def paragraphs(sentences: Sequence[Sentence]) -> np.ndarray:
        return np.array([sentence.paragraph for sentence in sentences], dtype=np.int64)

    src_texts, tgt_texts = [sentence.text for sentence in src], [sentence.text for sentence in tgt]
    return SpanTables(src_spans, tgt_spans, lengths(src_texts), lengths(tgt_texts), open_ended(src_texts),
                      open_ended(tgt_texts), title_like(src_texts), title_like(tgt_texts), paragraphs(src),
                      paragraphs(tgt), number_counts(src_texts), number_counts(tgt_texts),
                      *(exact if exact is not None else (None, None)))


def inexact_beads(tables: SpanTables, lattice: Lattice) -> np.ndarray | None:
    """``(len(types), cells) bool``: the beads of the lattice that join a run whose vector
    is not the model's own (see :class:`SpanTables`); None when every run's is."""
    if tables.src_exact is None and tables.tgt_exact is None:
        return None
    out = np.zeros((len(lattice.types), len(lattice.rows)), dtype=bool)
    for exact, ends, side in ((tables.src_exact, lattice.rows, 0), (tables.tgt_exact, lattice.cols, 1)):
        if exact is None:
            continue
        for k, bead_type in enumerate(lattice.types):
            size = bead_type[side]
            starts = ends - size
            fits = starts >= 0
            out[k, fits] |= ~exact[size - 1, starts[fits]]
    return out


@dataclass(frozen=True)
class NullModel:
    """Similarities of random sentence pairs: ``src_sample`` ``(k, dim)`` and
    ``tgt_sample`` ``(l, dim)`` float32, fixed samples of each document's sentences."""

    src_sample: np.ndarray
    tgt_sample: np.ndarray


def null_sample_rows(length: int, size: int) -> np.ndarray:
    """Which of a document's ``length`` sentences form its null-model sample: up to
    ``size``, evenly spaced (fixed, not drawn from an RNG)."""
    return np.unique(np.linspace(0, length - 1, min(size, length)).astype(int))


@dataclass(frozen=True)
class Lattice:
    """The beads a search scores: every bead type ending at every cell of a band.

    A bead of type (a, b) ending at cell (i, j) covers src sentences ``i-a .. i-1`` and
    tgt sentences ``j-b .. j-1``. ``rows``/``cols`` are the cells' ``(cells,) int64``
    coordinates."""

    band: Band
    types: tuple[BeadType, ...]
    rows: np.ndarray = field(init=False, repr=False, compare=False)
    cols: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", self.band.rows())
        object.__setattr__(self, "cols", self.band.cols())


@dataclass(frozen=True)
class Similarity:
    """The similarity signal: ``margin`` ``(len(types), cells + 1) float64``, the
    margin-normalised cosine of each bead (``-inf`` where it does not fit, and in the
    last slot, outside the band); ``z``, ``(len(z_types), cells + 1)``, the z-score against
    random pairs of each bead of the types ``z_types`` (indices into the lattice's types;
    None without a null model)."""

    margin: np.ndarray
    z: np.ndarray | None
    z_types: tuple[int, ...] = ()


@dataclass(frozen=True)
class BeadScores:
    """What the DP maximises: ``scores`` ``(len(types), cells + 1) float64`` (``-inf``:
    not allowed), and ``one_to_one_z`` ``(cells + 1,) float64``, the z-score of the 1-1
    bead ending at each cell (``-inf`` where none; None without a null model)."""

    scores: np.ndarray
    one_to_one_z: np.ndarray | None


def bead_scores(tables: SpanTables, lattice: Lattice, scoring: ScoringConfig,
                null: NullModel | None = None) -> BeadScores:
    """Final score of every bead of the lattice: the signals, combined.

    Args:
        tables: span embeddings and sentence features.
        lattice: the band and bead types to score.
        scoring: the settings (floors, weights, which signals are on).
        null: random-pair samples for z-scores and the z floor (none: neither).

    Returns:
        The scores and the 1-1 z-scores (see :class:`BeadScores`).
    """
    # Every bead's z-score for the z floor; without one, only the 1-1 beads' (the rest
    # would go unused: a fifth of the null model's products and a 100 MB table at book scale).
    floor = scoring.min_bead_z > -np.inf
    z_types = tuple(range(len(lattice.types))) if floor else tuple(
        k for k, bead_type in enumerate(lattice.types) if bead_type == (1, 1))
    similarity = similarity_tables(tables, lattice, scoring, null, z_types)
    one_to_one_z = None
    if similarity.z is not None and (1, 1) in lattice.types:
        # A copy: a view would keep the whole z table alive beside the scores.
        one_to_one_z = similarity.z[similarity.z_types.index(lattice.types.index((1, 1)))].copy()
    raw = similarity.margin if similarity.z is None or not floor else np.where(
        similarity.z >= scoring.min_bead_z, similarity.margin, -np.inf)
    del similarity  # at book scale each (types x cells) table is 100 MB or more: hold few at once
    # The signals, one line each, in this order (the floor comes before the bonus, so the
    # bonus does not lift a bead over it). A new signal goes here.
    if scoring.embedding_weight == 0:  # the model-free fallback: no similarity, no floors
        scores = np.where(np.isfinite(raw), 0.0, -np.inf)
    else:
        scores = raw / score_scale(raw, lattice, scoring)
        del raw
        if scoring.length_penalty:
            scores[:, :-1] *= length_penalty_table(tables, lattice, scoring.one_to_one_length_power)
        scores[~(scores >= scoring.min_bead_score)] = -np.inf
        if scoring.merge_floor > scoring.min_bead_score:  # merges only on evidence above a random pair
            merges = [k for k, (a, b) in enumerate(lattice.types) if a + b > 2]
            scores[merges] = np.where(scores[merges] >= scoring.merge_floor, scores[merges], -np.inf)
        if scoring.merge_bonus:
            scores[:, :-1] += merge_bonus_table(tables, lattice, scoring.merge_bonus)
        if scoring.embedding_weight != 1:
            scores *= scoring.embedding_weight
    if scoring.length_weight:
        scores[:, :-1] += scoring.length_weight * gale_church_table(
            tables.src_chars, tables.tgt_chars, lattice.types, lattice.rows, lattice.cols)
    if scoring.number_weight and tables.src_numbers is not None and tables.tgt_numbers is not None:
        scores[:, :-1] += scoring.number_weight * number_table(
            tables.src_numbers, tables.tgt_numbers, lattice.types, lattice.rows, lattice.cols)
    return BeadScores(scores, one_to_one_z)


def _baseline(vectors: np.ndarray, others: np.ndarray, sample_size: int) -> np.ndarray:
    """Mean cosine of each row of ``vectors`` (k, dim) with a fixed sample of at most
    ``sample_size`` rows of ``others`` (o, dim): the dot product with the sample's mean vector."""
    if len(others) == 0:
        return np.zeros(len(vectors))
    sample = others[np.linspace(0, len(others) - 1, min(sample_size, len(others))).astype(int)]
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


def _side_stats(spans: np.ndarray, others: np.ndarray, null_sample: np.ndarray | None,
                scoring: ScoringConfig, exact: np.ndarray | None = None,
                sizes: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-run statistics of one side, each indexed ``[size - 1, run start]``: the mean
    cosine with random sentences of the other side (baseline), and the null model's mean
    and standard deviation (for z-scores; empty without a null sample), computed for the
    runs of ``sizes`` only (default: all) and of those for the ``exact`` runs only when
    given (the others' beads are not allowed, or their z not asked for: mean 0, deviation 1)."""
    baseline = np.stack([_baseline(spans[k], others, scoring.baseline_sample) for k in range(len(spans))])
    if null_sample is None:
        return baseline, np.zeros((0, 0)), np.zeros((0, 0))
    sizes = range(1, len(spans) + 1) if sizes is None else sizes
    mean, std = np.zeros(spans.shape[:2]), np.ones(spans.shape[:2])
    if exact is None:
        for size in sizes:
            mean[size - 1], std[size - 1] = _null_stats(spans[size - 1], null_sample)
        return baseline, mean, std
    wanted = exact.copy()
    wanted[[k for k in range(len(spans)) if k + 1 not in sizes]] = False
    mean[wanted], std[wanted] = _null_stats(spans[wanted], null_sample)
    return baseline, mean, std


def similarity_tables(tables: SpanTables, lattice: Lattice, scoring: ScoringConfig,
                      null: NullModel | None, z_types: Sequence[int] | None = None) -> Similarity:
    """The similarity signal of every bead of the lattice (see :class:`Similarity`), and
    the z-scores of the beads of the types ``z_types`` (default: all).

    The margin is ``cos - (w * neighbours + (1 - w) * baseline)`` with ``w`` the margin
    weight: neighbours are the sentence before and after the other side's run, the
    baseline the mean similarity to random sentences of the other text.
    """
    band, types = lattice.band, lattice.types
    z_types = tuple(range(len(types)) if z_types is None else z_types)
    n, m = tables.src_spans.shape[1], tables.tgt_spans.shape[1]
    src1, tgt1 = tables.src_spans[0], tables.tgt_spans[0]
    src_sizes, tgt_sizes = {types[k][0] for k in z_types}, {types[k][1] for k in z_types}
    stats = (*_side_stats(tables.src_spans, tgt1, null.tgt_sample if null else None, scoring, tables.src_exact,
                          sorted(src_sizes)),
             *_side_stats(tables.tgt_spans, src1, null.src_sample if null else None, scoring, tables.tgt_exact,
                          sorted(tgt_sizes)))
    sizes = np.array(types, dtype=np.int64).reshape(-1, 2)
    wanted_z = np.zeros(len(types), dtype=np.bool_)
    wanted_z[list(z_types)] = True
    z_rows = np.array(z_types, dtype=np.int64)
    margin = np.full((len(types), band.cells + 1), -np.inf)
    z = np.full((len(z_types), band.cells + 1), -np.inf) if null is not None else None
    cells = np.stack([lattice.rows, lattice.cols])
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
        corner = np.array([s0, t0, n, m], dtype=np.int64)
        block_margin, block_z = _score_block(block, corner, cells[:, c_start:c_stop], sizes, stats,
                                             scoring.margin_weight, wanted_z)
        margin[:, c_start:c_stop] = block_margin
        if z is not None:
            z[:, c_start:c_stop] = block_z[z_rows]
    return Similarity(margin, z, z_types)


@njit(cache=True)
def _score_block(block, corner, cells, sizes, stats, margin_weight, wanted_z):  # pragma: no cover - compiled
    """Margin-normalised score and z-score of each bead type at each cell
    ``cells[:, k]``: ``(types, k)`` arrays each (``-inf`` where the bead does not fit, and
    the z-score where ``wanted_z[type]`` is False).

    ``block[a-1, s-s0, b-1, t-t0]`` is the cosine of the src run of ``a`` sentences from
    ``s`` and the tgt run of ``b`` sentences from ``t``; ``corner`` is ``(s0, t0, n, m)``;
    ``stats`` the src and tgt baselines, null means and null deviations (see
    ``_side_stats``; z-scores are computed when the null arrays are not empty)."""
    s0, t0, n, m = corner[0], corner[1], corner[2], corner[3]
    src_base, src_mean, src_std, tgt_base, tgt_mean, tgt_std = stats
    use_z = src_mean.size > 0
    count_cells = cells.shape[1]
    out = np.full((sizes.shape[0], count_cells), -np.inf)
    z_out = np.full((sizes.shape[0], count_cells), -np.inf)
    for k in range(count_cells):
        i, j = cells[0, k], cells[1, k]
        for t in range(sizes.shape[0]):
            a, b = sizes[t, 0], sizes[t, 1]
            s, u = i - a, j - b  # the runs' first sentences
            if s < 0 or u < 0:
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
            out[t, k] = cos - (margin_weight * neighbour + (1.0 - margin_weight) * base)
            if use_z and wanted_z[t]:
                z_out[t, k] = _z_score(cos, src_mean[a - 1, s], src_std[a - 1, s], tgt_mean[b - 1, u],
                                       tgt_std[b - 1, u])
    return out, z_out


def score_scale(raw: np.ndarray, lattice: Lattice, scoring: ScoringConfig) -> float:
    """Typical score of a true pair: the median over src sentences of their best 1-1
    score in ``raw`` ``(len(types), cells + 1)`` (within the band), at least
    ``scoring.min_scale``; 1 without 1-1 beads."""
    band = lattice.band
    if (1, 1) not in lattice.types or band.n == 0:
        return 1.0
    one_to_one = raw[lattice.types.index((1, 1))]
    best = np.maximum.reduceat(one_to_one[: band.cells], band.start[:-1])[1:]
    best = best[np.isfinite(best)]
    return float(max(np.median(best), scoring.min_scale)) if len(best) else 1.0


def length_penalty_table(tables: SpanTables, lattice: Lattice, one_to_one_power: float = 1.0) -> np.ndarray:
    """The length signal, ``(len(types), cells)``: Bertalign's log2(1 + min/max) of the two
    sides' character lengths, the src side's scaled by the pair's overall length ratio
    (0 where a run does not fit); to the power ``one_to_one_power`` for 1-1 beads."""
    ratio = tables.tgt_chars.sum() / max(tables.src_chars.sum(), 1.0)
    out = np.empty((len(lattice.types), len(lattice.rows)))
    for k, (a, b) in enumerate(lattice.types):
        src_len = (_span_chars(tables.src_chars, a) * ratio)[lattice.rows]
        tgt_len = _span_chars(tables.tgt_chars, b)[lattice.cols]
        lo, hi = np.minimum(src_len, tgt_len), np.maximum(src_len, tgt_len)
        with np.errstate(invalid="ignore", divide="ignore"):
            penalty = np.log2(1.0 + np.where(hi > 0, lo / hi, 1.0))
        out[k] = np.nan_to_num(penalty, nan=0.0)
        if (a, b) == (1, 1) and one_to_one_power != 1.0:
            out[k] **= one_to_one_power
    return out


def merge_bonus_table(tables: SpanTables, lattice: Lattice, bonus: float) -> np.ndarray:
    """The merge signal, ``(len(types), cells)``: ``bonus`` per sentence beyond two in a
    bead, except for beads that hold a title-like sentence (a heading glued to the
    sentences around it)."""
    titles = [np.concatenate([[0], np.cumsum(flags, dtype=np.int64)]) if flags is not None else None
              for flags in (tables.src_title, tables.tgt_title)]
    out = np.zeros((len(lattice.types), len(lattice.rows)))
    for k, (a, b) in enumerate(lattice.types):
        if a + b <= 2:
            continue
        extra = np.full(len(lattice.rows), bonus * (a + b - 2))
        for counts, ends, size in ((titles[0], lattice.rows, a), (titles[1], lattice.cols, b)):
            if counts is not None:
                # Title-like sentences in the run: ends-size .. ends-1.
                inner = counts[ends] - counts[np.maximum(ends - size, 0)]
                extra = np.where(inner > 0, 0.0, extra)
        out[k] = extra
    return out


def open_ended(texts: Sequence[str]) -> np.ndarray:
    """``(n,) bool``: which texts end open (in a colon, semicolon or comma)."""
    return np.array([bool(OPEN_END.search(text)) for text in texts], dtype=bool)


def title_like(texts: Sequence[str]) -> np.ndarray:
    """``(n,) bool``: which texts are title-like (:func:`aligner.headings.title_like`)."""
    return np.array([headings.title_like(text) for text in texts], dtype=bool)


def skip_tables(tables: SpanTables, scoring: ScoringConfig) -> tuple[np.ndarray, np.ndarray]:
    """Scores of leaving each src and each tgt sentence unaligned: the skip score
    (:func:`skip_scores`, times the embedding weight) plus the length signal's."""
    src = scoring.embedding_weight * skip_scores(tables.src_chars, tables.src_open, scoring, tables.src_title)
    tgt = scoring.embedding_weight * skip_scores(tables.tgt_chars, tables.tgt_open, scoring, tables.tgt_title)
    if scoring.length_weight:
        ratio = length_ratio(tables.src_chars, tables.tgt_chars)
        src = src + scoring.length_weight * gale_church_skips(tables.src_chars, ratio, source=True)
        tgt = tgt + scoring.length_weight * gale_church_skips(tables.tgt_chars, ratio, source=False)
    return src, tgt


def skip_scores(chars: np.ndarray, open_end: np.ndarray | None, scoring: ScoringConfig,
                title: np.ndarray | None = None) -> np.ndarray:
    """Score of leaving each sentence unaligned: ``scoring.skip_score`` scaled by the
    sentence's length relative to the median, between ``scoring.skip_floor`` and 1 times
    the skip score.

    A heading or a date line is cheap to leave out; a long sentence is not. Without
    this, short headings are glued onto the bead next to them. A short sentence that
    ends open (``open_end``: "Und nun zum Hüttenwart :") is no heading but the start of
    a longer one in the other language; it pays the full skip score, so that it joins
    the bead of the sentence that continues it.

    Args:
        chars: ``(n,) float64`` sentence lengths in characters.
        open_end: ``(n,) bool`` sentences that end open (None: not known).
        scoring: the skip score and its floor.

    Returns:
        ``(n,) float64``, each in ``[skip_score, skip_floor * skip_score]``.
    """
    if len(chars) == 0:
        return np.zeros(0)
    median = max(float(np.median(chars)), 1.0)
    scale = np.clip(chars / median, scoring.skip_floor, 1.0)
    if open_end is not None:
        scale = np.where(open_end, 1.0, scale)
    if title is not None and scoring.title_skip < 1:
        scale = np.where(title, np.minimum(scale, scoring.title_skip), scale)
    return scoring.skip_score * scale


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
        null: the random-pair samples.
    """
    return float(beads_z(src_vector[None, :], tgt_vector[None, :], null)[0])


def beads_z(src_vectors: np.ndarray, tgt_vectors: np.ndarray, null: NullModel) -> np.ndarray:
    """:func:`bead_z` of many pairs at once: rows of ``(k, dim)`` arrays, ``(k,) float64``."""
    cos = np.einsum("ij,ij->i", src_vectors, tgt_vectors, dtype=np.float64)
    src_mean, src_std = _null_stats(src_vectors, null.tgt_sample)
    tgt_mean, tgt_std = _null_stats(tgt_vectors, null.src_sample)
    return z_score(cos, src_mean, src_std, tgt_mean, tgt_std)
