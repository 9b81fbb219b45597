"""Band: the dynamic program restricted to a band of cells, so cost grows with length.

A :class:`Band` keeps, for every src prefix length ``i`` (a row, ``0..n``), a window of
tgt prefix lengths ``lo[i] <= j < hi[i]`` (the row's cells). Windows only move right
(``lo`` and ``hi`` never decrease) and overlap from row to row, so the corner ``(n, m)``
is always reachable from the origin. Every table is one flat array over the band's
cells, row after row, with one extra slot at the end (``band.cells``) that stands for
"outside the band" (score ``-inf``).

When the band is every cell (``Band.full``), ``fill`` and ``best_path`` compute exactly
what ``aligner.core.dp`` computes, ties and rounding included, and ``posteriors`` agrees with
it to 1e-9 (its exp/log are compiled with fast math); ``aligner.core.dp`` is kept as the
reference they are tested against. Which band to search is ``aligner.core.search``'s
business. The inner loops are compiled with numba (cached on disk after the first run).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from numba import njit

from aligner.core.dp import walk_back
from aligner.cpus import available_cpus
from aligner.datatypes import BeadIds

# Fast exp/log in the compiled sweeps, but keeping infinities (they mark forbidden beads).
FAST = {"nsz", "arcp", "contract", "afn", "reassoc"}

SKIP_SRC = (1, 0)
SKIP_TGT = (0, 1)


@dataclass(frozen=True)
class Band:
    """Per-row windows of cells: ``lo``, ``hi`` ``(n+1,) int64``; ``m`` the number of tgt sentences."""

    lo: np.ndarray
    hi: np.ndarray
    m: int
    start: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        widths = self.hi - self.lo
        if len(self.lo) == 0 or self.lo[0] != 0 or self.hi[-1] != self.m + 1 or (widths <= 0).any():
            raise ValueError("a band must hold the origin and the corner and one cell in every row")
        if (np.diff(self.lo) < 0).any() or (np.diff(self.hi) < 0).any() or (self.lo[1:] >= self.hi[:-1]).any():
            raise ValueError("band windows must move right and overlap from row to row")
        object.__setattr__(self, "start", np.concatenate([[0], np.cumsum(widths)]).astype(np.int64))

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        """Every cell of the ``(n+1) x (m+1)`` table."""
        return cls(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64), m)

    @classmethod
    def around(cls, rows: np.ndarray, cols: np.ndarray, n: int, m: int, radius: int) -> Band:
        """The smallest valid band holding cells ``(rows[k], cols[k])`` widened by ``radius``
        cells in every direction. The cells must include the origin and the corner."""
        lo = np.full(n + 1, m + 1, dtype=np.int64)
        hi = np.zeros(n + 1, dtype=np.int64)
        np.minimum.at(lo, rows, cols)
        np.maximum.at(hi, rows, cols + 1)
        # Rows without a cell take their neighbours' windows; then windows move right.
        lo = np.minimum.accumulate(lo[::-1])[::-1]
        hi = np.maximum.accumulate(hi)
        # Widen: row i also takes the cells of rows i-radius .. i+radius, +-radius columns.
        index = np.arange(n + 1)
        lo = np.maximum(lo[np.maximum(index - radius, 0)] - radius, 0)
        hi = np.minimum(hi[np.minimum(index + radius, n)] + radius, m + 1)
        lo[1:] = np.minimum(lo[1:], hi[:-1] - 1)  # overlap with the row above
        lo[0], hi[-1] = 0, m + 1
        return cls(lo, hi, m)

    @property
    def n(self) -> int:
        return len(self.lo) - 1

    @property
    def cells(self) -> int:
        return int(self.start[-1])

    def rows(self) -> np.ndarray:
        """``(cells,) int64`` row of every cell."""
        return np.repeat(np.arange(self.n + 1, dtype=np.int64), self.hi - self.lo)

    def cols(self) -> np.ndarray:
        """``(cells,) int64`` column of every cell."""
        rows = self.rows()
        return np.arange(self.cells, dtype=np.int64) - self.start[rows] + self.lo[rows]

    def index(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Flat index of each cell ``(rows[k], cols[k])``; ``cells`` (the outside slot) for
        cells outside the band or the table."""
        inside = (rows >= 0) & (rows <= self.n)
        safe = np.where(inside, rows, 0)
        inside &= (cols >= self.lo[safe]) & (cols < self.hi[safe])
        return np.where(inside, self.start[safe] + cols - self.lo[safe], self.cells)

    def dense(self, flat: np.ndarray) -> np.ndarray:
        """The ``(n+1, m+1)`` table of a flat array (``-inf`` outside the band); for tests."""
        out = np.full((self.n + 1, self.m + 1), -np.inf)
        out[self.rows(), self.cols()] = flat[: self.cells]
        return out


def fill(band: Band, types: list[tuple[int, int]], scores: np.ndarray, *, skip_src: np.ndarray,
         skip_tgt: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Best prefix scores over the band (see ``aligner.core.dp.fill``).

    Args:
        band: the cells searched.
        types: bead types (a, b) with a, b >= 1, in tie-break order.
        scores: ``(T, cells + 1) float64`` score of each type's bead ending at each cell
            (``-inf`` where it is not allowed; the last slot ``-inf``).
        skip_src, skip_tgt: ``(n,)``, ``(m,)`` float64 scores of 1-0 and 0-1 beads.

    Returns:
        ``(total, move, all_types)``: ``(cells + 1,)`` best prefix scores, ``(cells,) int8``
        index into ``all_types`` of the last bead (-1 where unreachable), and the bead
        types with the skips last.
    """
    all_types = [*types, SKIP_SRC, SKIP_TGT]
    sizes = np.array(all_types[:-1], dtype=np.int64).reshape(-1, 2)
    run = np.concatenate([[0.0], np.cumsum(skip_tgt, dtype=np.float64)])
    total, move = _fill_kernel(scores, sizes, np.asarray(skip_src, dtype=np.float64), band.start, band.lo,
                               band.hi, run, len(all_types) - 1)
    return total, move, all_types


def best_path(band: Band, move: np.ndarray, types: list[tuple[int, int]]) -> list[BeadIds]:
    """Walk back from the corner; beads as (src indices, tgt indices), in order."""
    return walk_back(band.n, band.m, lambda i, j: int(move[band.start[i] + j - band.lo[i]]), types)


@njit(cache=True)
def _fill_kernel(scores, sizes, skip_src, start, lo, hi, run, skip_tgt_index):  # pragma: no cover - compiled
    """The max-plus sweep of ``fill``, a row at a time: each bead type over the whole row
    (the scores and the row it comes from read in order), in type order, so that the first
    of equal candidates wins as in the dense DP; then the row's 0-1 skips."""
    cells = start[-1]
    total = np.full(cells + 1, -np.inf)
    move = np.full(cells, -1, dtype=np.int8)
    width = np.max(hi - lo)
    best = np.empty(width)
    choice = np.empty(width, dtype=np.int8)
    types = sizes.shape[0]
    for i in range(len(lo)):
        row_lo, row_hi, row_start = lo[i], hi[i], start[i]
        best[: row_hi - row_lo] = -np.inf
        choice[: row_hi - row_lo] = -1
        if i == 0:
            best[0] = 0.0  # the origin (row 0 starts at column 0)
        for t in range(types):
            a, b = sizes[t, 0], sizes[t, 1]
            before = i - a
            if before < 0:
                continue
            # Cells (i, j) whose bead starts inside the band: (i - a, j - b) in row i - a.
            first = max(row_lo, lo[before] + b)
            last = min(row_hi, hi[before] + b)
            shift = start[before] - lo[before] - b
            if t < scores.shape[0]:
                for j in range(first, last):
                    value = total[shift + j] + scores[t, row_start + j - row_lo]
                    if value > best[j - row_lo]:  # strictly: the first of equal candidates wins
                        best[j - row_lo] = value
                        choice[j - row_lo] = t
            else:  # the 1-0 skip of src sentence i - 1
                gain = skip_src[i - 1]
                for j in range(first, last):
                    value = total[shift + j] + gain
                    if value > best[j - row_lo]:
                        best[j - row_lo] = value
                        choice[j - row_lo] = t
        # 0-1 skips along the row, compared in the shifted space (see aligner.core.dp.fill).
        running = -np.inf
        for j in range(row_lo, row_hi):
            c = row_start + j - row_lo
            shifted = best[j - row_lo] - run[j]
            if j > row_lo and running > shifted:
                total[c] = running + run[j]
                move[c] = skip_tgt_index
            else:
                running = shifted
                total[c] = best[j - row_lo]
                move[c] = choice[j - row_lo]
    return total, move


@njit(cache=True, fastmath=FAST)
def _logaddexp(x, y):  # pragma: no cover - compiled
    if x == -np.inf:
        return y
    if y == -np.inf:
        return x
    top = max(x, y)
    return top + np.log1p(np.exp(-abs(x - y)))


@njit(cache=True, fastmath=FAST, nogil=True)
def _sweep_kernel(scores, sizes, skip_src, start, lo, hi, run, backward):  # pragma: no cover - compiled
    """log of the summed weight of all paths from the origin to each cell (forward) or
    from each cell to the corner (backward), in row order (or reversed). A row at a time:
    each bead type's terms over the whole row first (read in order), then each cell's
    log-sum of them in type order."""
    cells = start[-1]
    n1 = len(lo)
    types = sizes.shape[0]
    out = np.full(cells + 1, -np.inf)
    parts = np.empty((types, np.max(hi - lo)))
    for step in range(n1):
        i = n1 - 1 - step if backward else step
        row_lo, row_hi, row_start = lo[i], hi[i], start[i]
        width = row_hi - row_lo
        parts[:, :width] = -np.inf
        for t in range(types):
            a, b = sizes[t, 0], sizes[t, 1]
            other = i + a if backward else i - a  # the row the bead ends (starts) in
            if other < 0 or other >= n1:
                continue
            if backward:  # cells (i, j) whose bead ends at (i + a, j + b) inside the band
                first, last = max(row_lo, lo[other] - b), min(row_hi, hi[other] - b)
                shift = start[other] - lo[other] + b
            else:  # cells (i, j) whose bead starts at (i - a, j - b) inside the band
                first, last = max(row_lo, lo[other] + b), min(row_hi, hi[other] + b)
                shift = start[other] - lo[other] - b
            for j in range(first, last):
                there = shift + j
                if t < scores.shape[0]:
                    gain = scores[t, there] if backward else scores[t, row_start + j - row_lo]
                else:  # the 1-0 skip of the src sentence between the two rows
                    gain = skip_src[other - 1] if backward else skip_src[i - 1]
                parts[t, j - row_lo] = out[there] + gain
        acc = -np.inf
        for k in range(width):
            offset = width - 1 - k if backward else k
            c = row_start + offset
            j = row_lo + offset
            top = -np.inf
            for t in range(types):
                top = max(top, parts[t, offset])
            direct = -np.inf
            if top > -np.inf:
                total = 0.0
                for t in range(types):
                    if parts[t, offset] > -np.inf:
                        total += np.exp(parts[t, offset] - top)
                direct = top + np.log(total)
            if (backward and c == cells - 1) or (not backward and c == 0):
                direct = 0.0  # the path ends (starts) here
            if backward:  # log sum_k>=j exp(direct[k] + run[k] - run[j])
                acc = _logaddexp(acc, direct + run[j])
                out[c] = acc - run[j]
            else:  # log sum_k<=j exp(direct[k] + run[j] - run[k])
                acc = _logaddexp(acc, direct - run[j])
                out[c] = acc + run[j]
    return out


@dataclass(frozen=True)
class Marginals:
    """Forward-backward over the band at a temperature: ``forward``/``backward``
    ``(cells + 1,)`` log weights of all paths from the origin to each cell and from each
    cell to the corner, ``log_total`` of all paths, the ``temperature``, and
    ``src_skip``/``tgt_skip`` ``(n + 1,)``/``(m + 1,)`` the log weight of all paths
    leaving each sentence unaligned. A bead's log weight is its score divided by the
    temperature (not kept here: at book scale such a table is 100 MB)."""

    forward: np.ndarray
    backward: np.ndarray
    log_total: float
    temperature: float
    src_skip: np.ndarray
    tgt_skip: np.ndarray


def marginals(band: Band, types: list[tuple[int, int]], scores: np.ndarray, *, skip_src: np.ndarray,
              skip_tgt: np.ndarray, temperature: float) -> Marginals:
    """Forward-backward over the lattice ``fill`` searches, every alignment weighted by
    exp(total score / temperature) (see :class:`Marginals`)."""
    sizes = np.array([*types, SKIP_SRC], dtype=np.int64).reshape(-1, 2)
    gain = scores / temperature
    skip_gain = np.asarray(skip_src, dtype=np.float64) / temperature
    run = np.concatenate([[0.0], np.cumsum(skip_tgt, dtype=np.float64)]) / temperature
    # The two sweeps are independent and release the GIL: one thread each when there are two cores.
    with ThreadPoolExecutor(min(2, available_cpus())) as pool:
        forward, backward = pool.map(
            lambda backward: _sweep_kernel(gain, sizes, skip_gain, band.start, band.lo, band.hi, run, backward),
            (False, True))
    log_total = forward[band.cells - 1]
    rows, cols = band.rows(), band.cols()
    # Per sentence, the log weight of all paths leaving it unaligned: a src sentence i
    # wherever the path crosses from row i to row i+1 by a 1-0 bead, a tgt sentence j
    # wherever it crosses from column j to j+1 by a 0-1 bead.
    below = band.index(rows + 1, cols)
    through = forward[:-1] + np.append(skip_gain, -np.inf)[rows] + backward[below]
    src_skip = _group_logsumexp(through, rows, band.n + 1)
    right = np.append(cols[1:] == cols[:-1] + 1, False) & np.append(rows[1:] == rows[:-1], False)
    step = np.append(skip_tgt, 0.0)[cols] / temperature
    along = np.where(right, forward[:-1] + step + np.append(backward[1:-1], -np.inf), -np.inf)
    tgt_skip = _group_logsumexp(along, cols, band.m + 1)
    return Marginals(forward, backward, float(log_total), temperature, src_skip, tgt_skip)


def posteriors(band: Band, types: list[tuple[int, int]], scores: np.ndarray,
               path: list[BeadIds], *, skip_src: np.ndarray,
               skip_tgt: np.ndarray, temperature: float) -> list[float]:
    """Probability of each bead of ``path`` (see ``aligner.core.dp.posteriors``), over the band."""
    found = marginals(band, types, scores, skip_src=skip_src, skip_tgt=skip_tgt, temperature=temperature)
    return path_posteriors(found, band, types, scores, path)


def path_posteriors(found: Marginals, band: Band, types: list[tuple[int, int]], scores: np.ndarray,
                    path: list[BeadIds]) -> list[float]:
    """:func:`posteriors` from the ``scores``' marginals already computed (``found``)."""
    forward, backward, log_total = found.forward, found.backward, found.log_total
    src_skip, tgt_skip = found.src_skip, found.tgt_skip
    if not path:
        return []
    sizes = np.array([(len(src_ids), len(tgt_ids)) for src_ids, tgt_ids in path], dtype=np.int64)
    ends = np.cumsum(sizes, axis=0)
    starts = ends - sizes
    here = band.index(starts[:, 0], starts[:, 1])
    there = band.index(ends[:, 0], ends[:, 1])
    type_index = {size: k for k, size in enumerate(types)}
    kinds = np.array([type_index.get((int(a), int(b)), 0) for a, b in sizes])
    linked = (sizes[:, 0] > 0) & (sizes[:, 1] > 0)
    log_p = np.where(
        linked,
        forward[here] + scores[kinds, there] / found.temperature + backward[there],
        np.where(sizes[:, 0] > 0, src_skip[starts[:, 0]], tgt_skip[starts[:, 1]]),
    ) - log_total
    return [float(p) for p in np.minimum(1.0, np.exp(log_p))]


def _group_logsumexp(values: np.ndarray, groups: np.ndarray, count: int) -> np.ndarray:
    """log sum exp of ``values`` per group id in ``0 .. count-1`` (``-inf`` for none)."""
    top = np.full(count, -np.inf)
    np.maximum.at(top, groups, values)
    safe = np.where(np.isfinite(top), top, 0.0)
    total = np.zeros(count)
    np.add.at(total, groups, np.exp(values - safe[groups]))
    with np.errstate(divide="ignore"):
        return np.where(np.isfinite(top), safe + np.log(total), -np.inf)
