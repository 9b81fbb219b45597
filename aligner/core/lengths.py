"""Model-free signals: sentence lengths (Gale-Church) and shared numbers (numpy, no I/O).

When the embedding model cannot read a language pair, these still carry evidence: a
sentence and its translation have proportional lengths (Gale & Church 1993), and the
numbers in it (years, pages, quantities) survive translation. Both are tables over the
lattice in log-probability units (nats), added to the bead scores by ``cost.bead_scores``
with the weights of ``ScoringConfig``.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence

import numpy as np

# Variance of a sentence's length in the other language per character, after the pair's
# length ratio is taken out (Gale & Church 1993 estimated 6.8 on the UBS corpus, with a
# ratio of 1). With the heavy tail below, 5 on bible-nt-mark and parice-en-is (strict F1
# of the length-only alignment, benchmarks/languages.py): 0.995 / 0.872, at least the
# galechurch package's on every pair (0.989 / 0.785 overall); 6.8: 0.999 / 0.824;
# 4: one pair below it.
VARIANCE_PER_CHAR = 5.0
# A translation's length is not Gaussian about the ratio: a free translation, a gloss or
# an omission puts a sentence far out. TAIL_WEIGHT of the pairs are taken to vary
# TAIL_SCALE times as much (a two-component mixture), so that one odd sentence is
# left as a 1-1 bead rather than glued to its neighbours. Without it (a Gaussian, as
# Gale & Church): bible-nt-mark 0.990 and parice-en-is 0.853 at best, and never both;
# 0.05-0.15 and scales 3-4 are a plateau.
TAIL_WEIGHT = 0.1
TAIL_SCALE = 3.0
# Their priors of the bead types, as costs (-log probability): 1-1 0.89, 1-0 or 0-1
# 0.0099, 2-1 or 1-2 0.089, 2-2 0.011; larger beads get the 2-2 cost plus that of a 2-1
# per sentence beyond four.
TYPE_COST = {(1, 1): -math.log(0.89), (1, 2): -math.log(0.089 / 2), (2, 1): -math.log(0.089 / 2),
             (2, 2): -math.log(0.011)}
SKIP_COST = -math.log(0.0099 / 2)
# Hashed buckets of the number counts kept per sentence.
NUMBER_BUCKETS = 64
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def type_cost(a: int, b: int) -> float:
    """-log prior of an a-b bead (see ``TYPE_COST``)."""
    if (a, b) in TYPE_COST:
        return TYPE_COST[(a, b)]
    return TYPE_COST[(2, 2)] + max(a + b - 4, 0) * TYPE_COST[(2, 1)]


def _log_tail(z: np.ndarray) -> np.ndarray:
    """log P(|N(0, 1)| >= |z|), exact far into the tail (scipy's log_ndtr)."""
    from scipy.special import log_ndtr

    return math.log(2.0) + log_ndtr(-np.abs(np.asarray(z, dtype=np.float64)))


def length_log_prob(src_len: np.ndarray, tgt_len: np.ndarray, ratio: float) -> np.ndarray:
    """Log probability that ``tgt_len`` characters translate ``src_len``: the target
    length in source characters (divided by ``ratio``) less the source length, over
    ``sqrt(variance * mean length)``, and the log of its two-sided tail under a Gaussian
    with a heavy tail (see ``TAIL_WEIGHT``)."""
    mean = np.maximum((src_len + tgt_len / ratio) / 2.0, 1.0)
    z = (tgt_len / ratio - src_len) / np.sqrt(VARIANCE_PER_CHAR * mean)
    return np.logaddexp(math.log(1.0 - TAIL_WEIGHT) + _log_tail(z), math.log(TAIL_WEIGHT) + _log_tail(z / TAIL_SCALE))


def gale_church_table(src_chars: np.ndarray, tgt_chars: np.ndarray, types: Sequence[tuple[int, int]],
                      rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The length signal, ``(len(types), cells)``: the log probability of each bead's
    lengths and type (Gale-Church), ``-inf`` where the bead does not fit.

    Args:
        src_chars, tgt_chars: ``(n,)``, ``(m,) float64`` sentence lengths.
        types: bead types (a, b), a, b >= 1.
        rows, cols: ``(cells,) int64`` the cells (a bead ends at its cell).
    """
    ratio = float(tgt_chars.sum() / max(src_chars.sum(), 1.0)) or 1.0
    src_sum = np.concatenate([[0.0], np.cumsum(src_chars)])
    tgt_sum = np.concatenate([[0.0], np.cumsum(tgt_chars)])
    out = np.full((len(types), len(rows)), -np.inf)
    for k, (a, b) in enumerate(types):
        fits = (rows >= a) & (cols >= b)
        src_len = src_sum[rows[fits]] - src_sum[rows[fits] - a]
        tgt_len = tgt_sum[cols[fits]] - tgt_sum[cols[fits] - b]
        out[k, fits] = length_log_prob(src_len, tgt_len, ratio) - type_cost(a, b)
    return out


def gale_church_skips(chars: np.ndarray, ratio: float, *, source: bool) -> np.ndarray:
    """The length signal of leaving each sentence unaligned (a 1-0 or 0-1 bead)."""
    zero = np.zeros(len(chars))
    probs = length_log_prob(chars, zero, ratio) if source else length_log_prob(zero, chars, ratio)
    return probs - SKIP_COST


def length_ratio(src_chars: np.ndarray, tgt_chars: np.ndarray) -> float:
    """Target characters per source character over the whole pair (1 if empty)."""
    return float(tgt_chars.sum() / max(src_chars.sum(), 1.0)) or 1.0


def number_counts(texts: Sequence[str]) -> np.ndarray:
    """``(n, NUMBER_BUCKETS) int32``: each text's numbers ("1937", "222-223" gives 222 and
    223), counted in hashed buckets (digits only: "1.000" and "1,000" are the same)."""
    out = np.zeros((len(texts), NUMBER_BUCKETS), dtype=np.int32)
    for row, text in enumerate(texts):
        for number in _NUMBER.findall(text):
            digits = re.sub(r"\D", "", number)
            out[row, zlib.crc32(digits.encode()) % NUMBER_BUCKETS] += 1
    return out


def number_table(src_numbers: np.ndarray, tgt_numbers: np.ndarray, types: Sequence[tuple[int, int]],
                 rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The number signal, ``(len(types), cells)``: per bead, the numbers both sides
    hold minus half those only one side holds (0 for a bead without numbers).

    Args:
        src_numbers, tgt_numbers: ``(n, B)``, ``(m, B)`` counts (see :func:`number_counts`).
        types, rows, cols: as :func:`gale_church_table`.
    """
    src_sum = np.vstack([np.zeros((1, src_numbers.shape[1]), dtype=np.int64), np.cumsum(src_numbers, axis=0)])
    tgt_sum = np.vstack([np.zeros((1, tgt_numbers.shape[1]), dtype=np.int64), np.cumsum(tgt_numbers, axis=0)])
    out = np.zeros((len(types), len(rows)))
    for k, (a, b) in enumerate(types):
        fits = (rows >= a) & (cols >= b)
        src = src_sum[rows[fits]] - src_sum[rows[fits] - a]
        tgt = tgt_sum[cols[fits]] - tgt_sum[cols[fits] - b]
        shared = np.minimum(src, tgt).sum(axis=1)
        only = np.abs(src - tgt).sum(axis=1)
        out[k, fits] = shared - 0.5 * only
    return out
