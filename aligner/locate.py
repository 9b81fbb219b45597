"""Locate: find the region of a long document that corresponds to a short one.

A semi-global alignment over 1-1 sentence similarities: the path must consume the whole
short document but may start and end anywhere in the long one (free end gaps), and
pays a gap penalty for sentences skipped on either side inside the region. Rows are
filled with numpy, the in-row gaps with a running maximum, so a row costs O(long).
"""

from __future__ import annotations

import numpy as np

from aligner.cost import MIN_SCALE

# A matched pair earns (normalised similarity - MATCH_THRESHOLD): about +0.5 for a true
# pair (normalised ~1) and -0.5 for a random one (~0).
MATCH_THRESHOLD = 0.5
# Cost of leaving a sentence unmatched inside the region (either side); small, because
# translations merge and split sentences and the 1-1 pass sees those as gaps.
GAP_SCORE = -0.1
# Extra sentences kept on each side of the located region before the full alignment,
# which then trims what it leaves unaligned at the edges.
REGION_MARGIN = 5


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
    while i > 0:
        step = moves[i, j]
        if step == 0:
            matched.append(j - 1)
            i, j = i - 1, j - 1
        elif step == 1:
            i -= 1
        else:
            j -= 1
    if not matched:
        return 0, m
    return min(matched), max(matched) + 1
