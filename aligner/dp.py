"""Align: the dynamic-programming core (numpy arrays in, beads out; no I/O, no model).

``fill`` computes the best total score of every prefix pair, ``best_path`` walks back
from the end. A bead of type (a, b) ending at cell (i, j) covers src sentences
``i-a .. i-1`` and tgt sentences ``j-b .. j-1``; skips are (1, 0) and (0, 1) beads with
a score per sentence. Ties go to the bead type listed first in ``sizes``, then to
non-skips over skips; at each cell a bead from the row above (a 1-0 skip included)
wins a tie with a 0-1 skip from the left. So the result is deterministic.

>>> import numpy as np
>>> s = np.array([[-np.inf, -np.inf], [-np.inf, 1.0]])
>>> best_path(*fill({(1, 1): s}, skip_src=np.array([-0.2]), skip_tgt=np.array([-0.2])))
[((0,), (0,))]
"""

from __future__ import annotations

import numpy as np

SKIP_SRC = (1, 0)
SKIP_TGT = (0, 1)


def fill(
    scores: dict[tuple[int, int], np.ndarray], *, skip_src: np.ndarray, skip_tgt: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Fill the DP table.

    Args:
        scores: for each bead type (a, b) with a, b >= 1, an ``(n+1, m+1) float64``
            array of bead scores by end cell (``-inf`` where the bead cannot end).
        skip_src: ``(n,) float64``, score of leaving each src sentence unaligned (1-0).
        skip_tgt: ``(m,) float64``, score of leaving each tgt sentence unaligned (0-1).

    Returns:
        ``(total, move, types)``: ``total`` ``(n+1, m+1) float64`` best prefix scores;
        ``move`` ``(n+1, m+1) int8``, the index into ``types`` of the last bead of the
        best path to each cell (-1 at the origin); ``types`` the bead types, skips last.
    """
    sizes = list(scores)
    n1, m1 = next(iter(scores.values())).shape
    types = [*sizes, SKIP_SRC, SKIP_TGT]
    total = np.full((n1, m1), -np.inf)
    move = np.full((n1, m1), -1, dtype=np.int8)
    # skip_run[j]: score of skipping tgt sentences 0 .. j-1; a run k+1..j costs skip_run[j] - skip_run[k].
    skip_run = np.concatenate([[0.0], np.cumsum(skip_tgt, dtype=np.float64)])
    skip_tgt_index = len(types) - 1
    for i in range(n1):
        best = np.full(m1, -np.inf)
        choice = np.full(m1, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        for k, (a, b) in enumerate(types[:-1]):
            if a > i or b >= m1:
                continue  # the bead does not fit (b >= m1: wider than the whole tgt side)
            candidate = np.full(m1, -np.inf)
            if (a, b) == SKIP_SRC:
                candidate = total[i - 1] + skip_src[i - 1]
            else:
                candidate[b:] = total[i - a, : m1 - b] + scores[(a, b)][i, b:]
            better = candidate > best
            best[better] = candidate[better]
            choice[better] = k
        # 0-1 skips run along the row: total[i, j] = max_k<=j best[k] + skip_run[j] - skip_run[k].
        # Compared in the shifted space, where running[j] equals some shifted[k] exactly,
        # so rounding never makes a skip look better than an equal direct bead.
        shifted = best - skip_run
        running = np.maximum.accumulate(shifted)
        from_left = running > shifted
        choice[from_left] = skip_tgt_index
        total[i] = np.where(from_left, running + skip_run, best)
        move[i] = choice
    return total, move, types


def best_path(
    total: np.ndarray, move: np.ndarray, types: list[tuple[int, int]]
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Walk back from the last cell; returns beads as (src indices, tgt indices), in order."""
    i, j = total.shape[0] - 1, total.shape[1] - 1
    beads = []
    while i > 0 or j > 0:
        k = int(move[i, j])
        if k < 0:
            raise ValueError(f"no path reaches cell ({i}, {j})")
        a, b = types[k]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    beads.reverse()
    return beads
