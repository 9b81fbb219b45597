"""Locate: find the region of a long document that corresponds to a short one.

Two steps, so that a chapter against a whole book costs memory linear in the book:

1. :class:`AnchorScan` streams the long document's embeddings chunk by chunk and keeps,
   for every short-document sentence, only its few best partners (anchors);
   :func:`densest_window` picks the stretch of the long document where they cluster.
2. :func:`semi_global_region` runs a semi-global alignment over the 1-1 similarities inside that
   window: the path must consume the whole short document but may start and end
   anywhere in the long one (free end gaps), and pays a gap penalty for sentences
   skipped on either side inside the region. Rows are filled with numpy, the in-row gaps
   with a running maximum. Its matrix is short x window, where the window is a few times
   the short document's length, whatever the long one's.

:func:`find_region` does both (sampling the long document first). The pipeline then
aligns the region widened by a margin (:func:`widen`), with the margin free to leave
out (:func:`margin_mask`), and trims what stays unaligned at its edges (:func:`trim`).
Every setting is in ``AlignConfig.locate``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

import numpy as np

from aligner.config import AlignConfig
from aligner.progress import report

logger = logging.getLogger(__name__)

class AnchorScan:
    """Collects the best long-document partners of each short-document sentence.

    Scores are normalised as in :func:`normalise_in_place`, but from running sums, so
    the long document is seen one chunk at a time and never held whole.

    Args:
        short: ``(n, dim) float32`` L2-normalised embeddings of the short document.
        config: ``locate.anchors_per_sentence`` partners are kept per sentence;
            ``scoring.min_scale`` bounds the normalisation.
    """

    def __init__(self, short: np.ndarray, config: AlignConfig) -> None:
        self.short = short
        self.per_sentence = config.locate.anchors_per_sentence
        self.min_scale = config.scoring.min_scale
        self.row_sum = np.zeros(len(short))
        self.seen = 0
        self.cols = np.zeros((len(short), 0), dtype=np.int64)
        self.scores = np.zeros((len(short), 0), dtype=np.float32)

    def add(self, cols: np.ndarray, chunk: np.ndarray) -> None:
        """Take the embeddings ``chunk`` of long-document sentences ``cols`` (``(k,) int``)."""
        cos = self.short @ chunk.T
        self.row_sum += cos.sum(axis=1, dtype=np.float64)
        self.seen += len(chunk)
        cos -= 0.5 * cos.mean(axis=0, keepdims=True, dtype=np.float64).astype(np.float32)
        keep = min(self.per_sentence, cos.shape[1])
        best = np.argpartition(-cos, keep - 1, axis=1)[:, :keep]
        cols = np.concatenate([self.cols, cols[best]], axis=1)
        scores = np.concatenate([self.scores, np.take_along_axis(cos, best, axis=1)], axis=1)
        order = np.argsort(-scores, axis=1, kind="stable")[:, : self.per_sentence]
        self.cols = np.take_along_axis(cols, order, axis=1)
        self.scores = np.take_along_axis(scores, order, axis=1)

    def anchors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(rows, cols, scores)`` of all anchors, scores normalised (a true pair ~1)."""
        scores = self.scores - (0.5 * self.row_sum / max(self.seen, 1))[:, None].astype(np.float32)
        best = scores[:, 0] if scores.shape[1] else np.zeros(1, dtype=np.float32)
        scores = scores / np.float32(max(float(np.median(best)), self.min_scale))
        rows = np.repeat(np.arange(len(scores)), scores.shape[1])
        return rows, self.cols.ravel(), scores.ravel()


def densest_window(cols: np.ndarray, scores: np.ndarray, short_length: int, long_length: int,
                   config: AlignConfig) -> tuple[int, int]:
    """The stretch of the long document worth aligning in full: the densest run of
    anchors (by score above ``locate.match_threshold``) over ``locate.window_factor``
    times the short document's length, widened by half that length (and the region
    margin) on each side.

    Returns:
        ``(start, stop)``, a half-open range of long-document sentences.
    """
    span = max(int(config.locate.window_factor * short_length), 1)
    weight = np.maximum(scores - config.locate.match_threshold, 0.0)
    order = np.argsort(cols, kind="stable")
    cols, weight = cols[order], weight[order]
    running = np.concatenate([[0.0], np.cumsum(weight, dtype=np.float64)])
    ends = np.searchsorted(cols, cols + span, side="left")
    mass = running[ends] - running[np.arange(len(cols))]
    first = int(cols[int(np.argmax(mass))]) if len(cols) and mass.max() > 0 else 0
    slack = short_length // 2 + config.locate.region_margin
    return max(0, first - slack), min(long_length, first + span + slack)


def sample_stride(short_length: int, long_length: int, config: AlignConfig) -> int:
    """Every how many long-document sentences the first scan looks at: up to
    ``locate.max_stride`` when the long document is many times longer than the short one
    and the short one long enough to leave ``locate.min_sampled`` of its sentences'
    partners in the sample; 1 (every sentence) otherwise."""
    settings = config.locate
    return int(np.clip(min(long_length // max(8 * short_length, 1), short_length // settings.min_sampled), 1,
                       settings.max_stride))


def find_region(short: np.ndarray, embed_rows: Callable[[np.ndarray], np.ndarray], long_length: int,
                config: AlignConfig) -> tuple[int, int]:
    """The region of the long document that the short one matches.

    A first scan embeds only every ``sample_stride``-th long-document sentence and finds
    the window where the short document's best partners cluster; the window is then
    embedded whole and aligned in full (:func:`semi_global_region`). If fewer than
    ``locate.min_matched_share`` of the short document's sentences find a partner there,
    the scan is repeated over every sentence (nothing is embedded twice).

    Args:
        short: ``(n, dim) float32`` L2-normalised embeddings of the short document.
        embed_rows: embeddings ``(k, dim) float32`` of the long document's sentences at
            the given indices (called with at most ``locate.scan_chunk`` at a time).
        long_length: the long document's number of sentences.
        config: the locate settings (and ``scoring.min_scale``).

    Returns:
        ``(start, stop)`` sentence indices into the long document.

    Memory: the anchors, a float16 copy of the long document's vectors (1 KB per
    sentence at 512 dimensions) and one short x window similarity matrix.
    """
    chunk_size = config.locate.scan_chunk
    kept = np.zeros((long_length, short.shape[1]), dtype=np.float16)
    have = np.zeros(long_length, dtype=bool)

    def fetch(rows: np.ndarray) -> None:
        rows = rows[~have[rows]]
        for begin in range(0, len(rows), chunk_size):
            chunk = rows[begin : begin + chunk_size]
            kept[chunk] = embed_rows(chunk)
            have[chunk] = True
            if len(rows) > chunk_size:
                report("locating", begin + len(chunk), len(rows))

    stride = sample_stride(len(short), long_length, config)
    while True:
        sample = np.arange(0, long_length, stride)
        fetch(sample)
        scan = AnchorScan(short, config)
        for begin in range(0, len(sample), chunk_size):
            cols = sample[begin : begin + chunk_size]
            scan.add(cols, kept[cols].astype(np.float32))
        _, cols, scores = scan.anchors()
        first, last = densest_window(cols, scores, len(short), long_length, config)
        fetch(np.arange(first, last))
        start, stop, matched = _semi_global(short @ kept[first:last].astype(np.float32).T, config)
        if stride == 1 or matched >= config.locate.min_matched_share * len(short):
            return start + first, stop + first
        logger.info("only %d of %d sentences matched in the sampled scan's window; scanning every sentence",
                    matched, len(short))
        stride = 1


def normalise_in_place(cos: np.ndarray, min_scale: float) -> np.ndarray:
    """Turn 1-1 cosines into scores where a typical true pair is ~1 and a random one ~0.

    Subtracts each pair's baseline (the mean of its row and of its column) and divides
    by the median of the rows' best scores. Works in place, so a chapter against a whole
    book needs one ``(n, m) float32`` matrix and no copies.

    Args:
        cos: ``(n, m) float32`` cosine similarities, short document by long document.
        min_scale: never divide by less.

    Returns:
        ``cos`` itself, normalised.
    """
    row_mean = cos.mean(axis=1, keepdims=True, dtype=np.float64).astype(np.float32)
    col_mean = cos.mean(axis=0, keepdims=True, dtype=np.float64).astype(np.float32)
    cos -= 0.5 * row_mean
    cos -= 0.5 * col_mean
    best = cos.max(axis=1) if cos.shape[1] else np.zeros(1, dtype=np.float32)
    cos /= np.float32(max(float(np.median(best)), min_scale))
    return cos


def semi_global_region(similarity: np.ndarray, config: AlignConfig) -> tuple[int, int]:
    """The half-open range of long-document sentences that the short document matches:
    a semi-global alignment (the whole short document, any stretch of the long one).

    Args:
        similarity: ``(n, m) float32`` cosine similarities of the short document's
            sentences (rows) with the long document's (columns); normalised in place.
        config: ``locate.match_threshold`` and ``locate.gap_score``.

    Returns:
        ``(start, stop)`` sentence indices into the long document.
    """
    start, stop, _ = _semi_global(similarity, config)
    return start, stop


def _semi_global(similarity: np.ndarray, config: AlignConfig) -> tuple[int, int, int]:
    """:func:`semi_global_region`, plus the number of short-document sentences matched
    1-1 with a better than typical-random score."""
    gap_score = config.locate.gap_score
    n, m = similarity.shape
    gain = normalise_in_place(similarity, config.scoring.min_scale)
    gain -= config.locate.match_threshold
    columns = np.arange(m + 1)
    total = np.zeros(m + 1)  # row 0: free start anywhere in the long document
    moves = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 diagonal, 1 skip short, 2 skip long
    for i in range(1, n + 1):
        diagonal = np.full(m + 1, -np.inf)
        diagonal[1:] = total[:-1] + gain[i - 1]
        up = total + gap_score
        best = np.maximum(diagonal, up)
        move = np.where(diagonal >= up, 0, 1).astype(np.int8)
        # Compare in the shifted space: running[j] is one of shifted[k] exactly, so a
        # cell is only reached from the left when that is strictly better (no rounding).
        shifted = best - gap_score * columns
        running = np.maximum.accumulate(shifted)
        left = running > shifted
        total = np.where(left, running + gap_score * columns, best)
        moves[i] = np.where(left, 2, move)
    i, j = n, int(np.argmax(total))  # free end
    matched = []
    good = 0
    while i > 0:
        step = moves[i, j]
        if step == 0:
            matched.append(j - 1)
            good += bool(gain[i - 1, j - 1] > 0)
            i, j = i - 1, j - 1
        elif step == 1:
            i -= 1
        else:
            j -= 1
    if not matched:
        return 0, m, 0
    return min(matched), max(matched) + 1, good


def long_side(src_length: int, tgt_length: int, config: AlignConfig) -> int | None:
    """Which document to locate the other in: 0 (src) or 1 (tgt) when it has at least
    ``locate.ratio`` times the other's sentences, else None."""
    if src_length >= config.locate.ratio * tgt_length:
        return 0
    if tgt_length >= config.locate.ratio * src_length:
        return 1
    return None


def widen(core: tuple[int, int], length: int, config: AlignConfig) -> tuple[int, int]:
    """The located region with ``locate.region_margin`` sentences more on each side,
    within ``0 .. length``."""
    margin = config.locate.region_margin
    return max(0, core[0] - margin), min(length, core[1] + margin)


def margin_mask(span: tuple[int, int], core: tuple[int, int]) -> np.ndarray:
    """``(span length,) bool``: which sentences of ``span`` lie outside ``core`` (the
    margin added around a located region, free to leave out)."""
    return np.array([not core[0] <= k < core[1] for k in range(*span)], dtype=bool)


class _HasSides(Protocol):
    @property
    def src(self) -> tuple[int, ...]: ...

    @property
    def tgt(self) -> tuple[int, ...]: ...

    @property
    def linked(self) -> bool: ...


B = TypeVar("B", bound=_HasSides)


def trim(beads: Sequence[B], span: tuple[int, int], side: int) -> tuple[list[B], tuple[int, int]]:
    """Drop the beads at either end that hold only sentences of the located ``side``
    (0: src, 1: tgt; the margin left unaligned), and the range that side's remaining
    linked beads cover. Beads without any link are kept as they are."""
    linked = [k for k, bead in enumerate(beads) if bead.linked]
    if not linked:
        return list(beads), span

    def only_located(bead: B) -> bool:
        return not (bead.tgt if side == 0 else bead.src)

    first, last = linked[0], linked[-1]
    kept = [b for k, b in enumerate(beads) if first <= k <= last or not only_located(b)]
    indices = [i for b in beads[first : last + 1] for i in (b.src if side == 0 else b.tgt)]
    return kept, (min(indices), max(indices) + 1)
