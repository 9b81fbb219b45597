"""The dense dynamic program: the reference the banded DP (``aligner.core.band``) is tested
against. It fills the whole ``(n+1) x (m+1)`` table, so it is for tests and small
tables only; the aligner itself runs ``aligner.core.band``.

``fill`` computes the best total score of every prefix pair, ``best_path`` walks back
from the end. A bead of type (a, b) ending at cell (i, j) covers src sentences
``i-a .. i-1`` and tgt sentences ``j-b .. j-1``; skips are (1, 0) and (0, 1) beads with
a score per sentence. Ties go to the bead type listed first in ``sizes``, then to
non-skips over skips; at each cell a bead from the row above (a 1-0 skip included)
wins a tie with a 0-1 skip from the left. So the result is deterministic.

>>> import numpy as np
>>> s = np.array([[-np.inf, -np.inf], [-np.inf, 1.0]])
>>> best_path(*fill({(1, 1): s}, skip_src=np.array([-0.2]), skip_tgt=np.array([-0.2])))
[BeadIds(src=(0,), tgt=(0,))]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from aligner.datatypes import BeadIds

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
) -> list[BeadIds]:
    """Walk back from the last cell; returns beads as (src indices, tgt indices), in order."""
    return walk_back(total.shape[0] - 1, total.shape[1] - 1, lambda i, j: int(move[i, j]), types)


def walk_back(n: int, m: int, move_at: Callable[[int, int], int],
              types: list[tuple[int, int]]) -> list[BeadIds]:
    """The beads of the best path ending at cell (n, m), in order, where ``move_at(i, j)``
    is the index into ``types`` of the last bead of the best path to cell (i, j)."""
    i, j = n, m
    beads = []
    while i > 0 or j > 0:
        k = move_at(i, j)
        if k < 0:
            raise ValueError(f"no path reaches cell ({i}, {j})")
        a, b = types[k]
        beads.append(BeadIds(tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _logsumexp_row(parts: list[np.ndarray]) -> np.ndarray:
    stacked = np.stack(parts)
    top = stacked.max(axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = safe + np.log(np.exp(stacked - safe).sum(axis=0))
    return np.where(np.isfinite(top), total, -np.inf)


def _forward(scores: dict[tuple[int, int], np.ndarray], skip_src: np.ndarray, skip_tgt: np.ndarray,
             temperature: float) -> np.ndarray:
    """log of the summed weight of all paths from (0, 0) to each cell."""
    n1, m1 = next(iter(scores.values())).shape
    skip_run = np.concatenate([[0.0], np.cumsum(skip_tgt, dtype=np.float64)]) / temperature
    forward = np.full((n1, m1), -np.inf)
    for i in range(n1):
        parts = [np.where(np.arange(m1) == 0, 0.0, -np.inf)] if i == 0 else []
        if i > 0:
            parts.append(forward[i - 1] + skip_src[i - 1] / temperature)
        for (a, b), table in scores.items():
            if a > i or b >= m1:
                continue
            candidate = np.full(m1, -np.inf)
            candidate[b:] = forward[i - a, : m1 - b] + table[i, b:] / temperature
            parts.append(candidate)
        direct = _logsumexp_row(parts)
        # Runs of 0-1 skips along the row: log sum_k<=j exp(direct[k] + run[j] - run[k]).
        forward[i] = np.logaddexp.accumulate(direct - skip_run) + skip_run
    return forward


def posteriors(
    scores: dict[tuple[int, int], np.ndarray], path: list[BeadIds], *,
    skip_src: np.ndarray, skip_tgt: np.ndarray, temperature: float,
) -> list[float]:
    """Probability of each bead of ``path`` when every alignment is weighted by
    exp(total score / temperature): forward-backward over the lattice ``fill`` searches.
    For a 1-0 or 0-1 bead: the probability that its sentence is left unaligned at all.

    Args: as :func:`fill`, plus the best path and a temperature (> 0).

    Returns:
        One probability in [0, 1] per bead of ``path``.
    """
    forward = _forward(scores, skip_src, skip_tgt, temperature)
    # Backward weights are forward weights of the reversed problem.
    reversed_scores = {}
    for (a, b), table in scores.items():
        flipped = np.full_like(table, -np.inf)
        # A bead ending at (i, j) of the reversed lattice is the original bead of the same
        # size ending at (n - i + a, m - j + b).
        flipped[a:, b:] = table[a:, b:][::-1, ::-1]
        reversed_scores[(a, b)] = flipped
    backward = _forward(reversed_scores, skip_src[::-1], skip_tgt[::-1], temperature)[::-1, ::-1]
    log_total = forward[-1, -1]
    out = []
    i = j = 0
    for src_ids, tgt_ids in path:
        a, b = len(src_ids), len(tgt_ids)
        if a and b:
            log_p = forward[i, j] + scores[(a, b)][i + a, j + b] / temperature + backward[i + a, j + b] - log_total
        elif a:  # src sentence i unaligned, wherever on the tgt side that happens
            log_p = float(np.logaddexp.reduce(forward[i, :] + skip_src[i] / temperature + backward[i + 1, :]))
            log_p -= log_total
        else:  # tgt sentence j unaligned, wherever on the src side
            log_p = float(np.logaddexp.reduce(forward[:, j] + skip_tgt[j] / temperature + backward[:, j + 1]))
            log_p -= log_total
        out.append(float(min(1.0, np.exp(log_p))))
        i, j = i + a, j + b
    return out
