"""Locate: find the region of a long document that corresponds to a short one.

Two steps, so that a chapter against a whole book costs memory linear in the book:

1. :class:`AnchorScan` streams the long document's embeddings chunk by chunk and keeps,
   for every short-document sentence, only its few best partners (anchors);
   :func:`window` picks the stretch of the long document where the anchors are densest.
2. :func:`locate` runs a semi-global alignment over the 1-1 similarities inside that
   window: the path must consume the whole short document but may start and end
   anywhere in the long one (free end gaps), and pays a gap penalty for sentences
   skipped on either side inside the region. Rows are filled with numpy, the in-row gaps
   with a running maximum. Its matrix is short x window, where the window is a few times
   the short document's length, whatever the long one's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from aligner.align.cost import MIN_SCALE
from aligner.progress import report

logger = logging.getLogger(__name__)

# A matched pair earns (normalised similarity - MATCH_THRESHOLD): about +0.5 for a true
# pair (normalised ~1) and -0.5 for a random one (~0).
MATCH_THRESHOLD = 0.5
# Cost of leaving a sentence unmatched inside the region (either side); small, because
# translations merge and split sentences and the 1-1 pass sees those as gaps.
GAP_SCORE = -0.1
# Extra sentences kept on each side of the located region before the full alignment,
# which then trims what it leaves unaligned at the edges.
REGION_MARGIN = 5


# Best partners kept per short-document sentence while scanning the long document.
ANCHORS_PER_SENTENCE = 3
# The window searched in full: the densest stretch of this many times the short
# document's length, plus half its length on each side.
WINDOW_FACTOR = 2.0
# Long-document sentences embedded and scanned at a time (one progress step).
SCAN_CHUNK = 2048
# The first scan samples every k-th long-document sentence, k at most this...
MAX_STRIDE = 8
# ... and no larger than leaves this many short-document sentences' partners in the sample.
MIN_SAMPLED = 16
# The sampled scan is trusted if this share of short-document sentences find a partner
# in its window (else every sentence is scanned).
MIN_MATCHED_SHARE = 0.5


class AnchorScan:
    """Collects the best long-document partners of each short-document sentence.

    Scores are normalised as in :func:`normalise_in_place`, but from running sums, so
    the long document is seen one chunk at a time and never held whole.

    Args:
        short: ``(n, dim) float32`` L2-normalised embeddings of the short document.
    """

    def __init__(self, short: np.ndarray, per_sentence: int = ANCHORS_PER_SENTENCE) -> None:
        self.short = short
        self.per_sentence = per_sentence
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
        scores = scores / np.float32(max(float(np.median(best)), MIN_SCALE))
        rows = np.repeat(np.arange(len(scores)), scores.shape[1])
        return rows, self.cols.ravel(), scores.ravel()


def window(cols: np.ndarray, scores: np.ndarray, short_length: int, long_length: int) -> tuple[int, int]:
    """The stretch of the long document worth aligning in full: the densest run of
    anchors (by score above the match threshold) over ``WINDOW_FACTOR`` times the short
    document's length, widened by half that length on each side.

    Returns:
        ``(start, stop)``, a half-open range of long-document sentences.
    """
    span = max(int(WINDOW_FACTOR * short_length), 1)
    weight = np.maximum(scores - MATCH_THRESHOLD, 0.0)
    order = np.argsort(cols, kind="stable")
    cols, weight = cols[order], weight[order]
    running = np.concatenate([[0.0], np.cumsum(weight, dtype=np.float64)])
    ends = np.searchsorted(cols, cols + span, side="left")
    mass = running[ends] - running[np.arange(len(cols))]
    first = int(cols[int(np.argmax(mass))]) if len(cols) and mass.max() > 0 else 0
    slack = short_length // 2 + REGION_MARGIN
    return max(0, first - slack), min(long_length, first + span + slack)


def sample_stride(short_length: int, long_length: int) -> int:
    """Every how many long-document sentences the first scan looks at: up to
    ``MAX_STRIDE`` when the long document is many times longer than the short one and
    the short one long enough to leave ``MIN_SAMPLED`` of its sentences' partners in the
    sample; 1 (every sentence) otherwise."""
    return int(np.clip(min(long_length // max(8 * short_length, 1), short_length // MIN_SAMPLED), 1, MAX_STRIDE))


def find(short: np.ndarray, embed_rows: Callable[[np.ndarray], np.ndarray], long_length: int) -> tuple[int, int]:
    """The region of the long document that the short one matches.

    A first scan embeds only every ``sample_stride``-th long-document sentence and finds
    the window where the short document's best partners cluster; the window is then
    embedded whole and aligned in full (:func:`locate`). If fewer than
    ``MIN_MATCHED_SHARE`` of the short document's sentences find a partner there, the
    scan is repeated over every sentence (nothing is embedded twice).

    Args:
        short: ``(n, dim) float32`` L2-normalised embeddings of the short document.
        embed_rows: embeddings ``(k, dim) float32`` of the long document's sentences at
            the given indices (called with at most ``SCAN_CHUNK`` at a time).
        long_length: the long document's number of sentences.

    Returns:
        ``(start, stop)`` sentence indices into the long document.

    Memory: the anchors, a float16 copy of the long document's vectors (1 KB per
    sentence at 512 dimensions) and one short x window similarity matrix.
    """
    kept = np.zeros((long_length, short.shape[1]), dtype=np.float16)
    have = np.zeros(long_length, dtype=bool)

    def fetch(rows: np.ndarray) -> None:
        rows = rows[~have[rows]]
        for begin in range(0, len(rows), SCAN_CHUNK):
            chunk = rows[begin : begin + SCAN_CHUNK]
            kept[chunk] = embed_rows(chunk)
            have[chunk] = True
            if len(rows) > SCAN_CHUNK:
                report("locating", begin + len(chunk), len(rows))

    stride = sample_stride(len(short), long_length)
    while True:
        sample = np.arange(0, long_length, stride)
        fetch(sample)
        scan = AnchorScan(short)
        for begin in range(0, len(sample), SCAN_CHUNK):
            cols = sample[begin : begin + SCAN_CHUNK]
            scan.add(cols, kept[cols].astype(np.float32))
        _, cols, scores = scan.anchors()
        first, last = window(cols, scores, len(short), long_length)
        fetch(np.arange(first, last))
        start, stop, matched = _semi_global(short @ kept[first:last].astype(np.float32).T)
        if stride == 1 or matched >= MIN_MATCHED_SHARE * len(short):
            return start + first, stop + first
        logger.info("only %d of %d sentences matched in the sampled scan's window; scanning every sentence",
                    matched, len(short))
        stride = 1


def normalise_in_place(cos: np.ndarray) -> np.ndarray:
    """Turn 1-1 cosines into scores where a typical true pair is ~1 and a random one ~0.

    Subtracts each pair's baseline (the mean of its row and of its column) and divides
    by the median of the rows' best scores. Works in place, so a chapter against a whole
    book needs one ``(n, m) float32`` matrix and no copies.

    Args:
        cos: ``(n, m) float32`` cosine similarities, short document by long document.

    Returns:
        ``cos`` itself, normalised.
    """
    row_mean = cos.mean(axis=1, keepdims=True, dtype=np.float64).astype(np.float32)
    col_mean = cos.mean(axis=0, keepdims=True, dtype=np.float64).astype(np.float32)
    cos -= 0.5 * row_mean
    cos -= 0.5 * col_mean
    best = cos.max(axis=1) if cos.shape[1] else np.zeros(1, dtype=np.float32)
    cos /= np.float32(max(float(np.median(best)), MIN_SCALE))
    return cos


def locate(similarity: np.ndarray) -> tuple[int, int]:
    """The half-open range of long-document sentences that the short document matches.

    Args:
        similarity: ``(n, m) float32`` cosine similarities of the short document's
            sentences (rows) with the long document's (columns); normalised in place.

    Returns:
        ``(start, stop)`` sentence indices into the long document.
    """
    start, stop, _ = _semi_global(similarity)
    return start, stop


def _semi_global(similarity: np.ndarray) -> tuple[int, int, int]:
    """:func:`locate`, plus the number of short-document sentences matched 1-1 with a
    better than typical-random score."""
    n, m = similarity.shape
    gain = normalise_in_place(similarity)
    gain -= MATCH_THRESHOLD
    columns = np.arange(m + 1)
    total = np.zeros(m + 1)  # row 0: free start anywhere in the long document
    moves = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 diagonal, 1 skip short, 2 skip long
    for i in range(1, n + 1):
        diagonal = np.full(m + 1, -np.inf)
        diagonal[1:] = total[:-1] + gain[i - 1]
        up = total + GAP_SCORE
        best = np.maximum(diagonal, up)
        move = np.where(diagonal >= up, 0, 1).astype(np.int8)
        # Compare in the shifted space: running[j] is one of shifted[k] exactly, so a
        # cell is only reached from the left when that is strictly better (no rounding).
        shifted = best - GAP_SCORE * columns
        running = np.maximum.accumulate(shifted)
        left = running > shifted
        total = np.where(left, running + GAP_SCORE * columns, best)
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
