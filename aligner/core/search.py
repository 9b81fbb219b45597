"""Search: score the beads inside a band and find the best path (numpy in, beads out).

Small document pairs are searched in full. Larger ones go coarse-to-fine (as Vecalign
does): both documents are halved, by merging each two neighbouring sentences into one,
until the table is small enough to search in full; the best path at each level, widened
by ``config.search.band_radius`` sentences, is the band searched at the next finer level. Each
level costs time and memory linear in its length, so the whole search does too.

Runs of two or more sentences need not all be embedded (``config.search.span_posterior``):
a first pass scores each such run by the normalised sum of its sentences' vectors
(:func:`approximate_runs`); only the runs of beads whose posterior in that pass reaches
the threshold are then embedded (by the caller's ``embed_runs``), and the passes after it
allow no bead that joins a run the model has not embedded. Most of a translation's
beads are plainly 1-1, so most runs are never needed.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from aligner.config import AlignConfig
from aligner.core import adapt, scores
from aligner.core import band as banded
from aligner.core.band import Band
from aligner.datatypes import BeadIds

logger = logging.getLogger(__name__)

# Bead types searched at the coarse levels, where a sentence stands for two.
COARSE_TYPES = ((1, 1), (1, 2), (2, 1))

# Embeds runs of sentences of one side (0 source, 1 target): ``(side, sizes, starts)``,
# ``(k,) int64`` each, to ``(k, dim) float32`` L2-normalised vectors.
RunEmbedder = Callable[[int, np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Search:
    """The result of :func:`align_tables`: the tables and null model scored (adapted, see
    ``aligner.core.adapt``), the lattice searched, the bead scores in it,
    the skip scores (``(n,)``, ``(m,)`` float64, after the second pass), the best path
    and, for each 1-0 or 0-1 bead of it, the best z-score of its sentence against the
    nearby beads (see :func:`partner_z`; NaN for other beads, and for all beads
    without a null model)."""

    tables: scores.SpanTables
    null: scores.NullModel | None
    lattice: scores.Lattice
    scored: scores.BeadScores
    skip_src: np.ndarray
    skip_tgt: np.ndarray
    path: list[BeadIds]
    skip_z: list[float]
    # Marginals by temperature, computed on first need; shared by the copies
    # ``dataclasses.replace`` makes with another path (the scores are the same).
    memo: dict[tuple, banded.Marginals] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    def marginals(self, temperature: float, floor: float = -np.inf) -> banded.Marginals:
        """Forward-backward over this search's scores at ``temperature`` (see
        ``band.marginals``); with a ``floor``, over :meth:`floored` scores."""
        key = (temperature,) if floor == -np.inf else (temperature, floor, tuple(self.path))
        if key not in self.memo:
            self.memo[key] = banded.marginals(self.lattice.band, list(self.lattice.types), self.floored(floor),
                                              skip_src=self.skip_src, skip_tgt=self.skip_tgt,
                                              temperature=temperature)
        return self.memo[key]

    def floored(self, floor: float) -> np.ndarray:
        """The bead scores, with every link that holds a sentence free to leave out (in a
        located region's margin, or title-like) and scores below ``floor`` forbidden,
        except the path's own: in a stretch where leaving sentences out costs nothing,
        a link no better than a random pair is not an alternative worth weighing."""
        scores = self.scored.scores
        if floor == -np.inf:
            return scores
        band = self.lattice.band
        rows, cols = band.rows(), band.cols()
        free_src = np.concatenate([[0], np.cumsum(np.asarray(self.skip_src) >= 0)])
        free_tgt = np.concatenate([[0], np.cumsum(np.asarray(self.skip_tgt) >= 0)])
        out = scores.copy()
        for k, (a, b) in enumerate(self.lattice.types):
            free = ((free_src[rows] > free_src[np.maximum(rows - a, 0)])
                    | (free_tgt[cols] > free_tgt[np.maximum(cols - b, 0)]))
            out[k, : band.cells][free & (scores[k, : band.cells] < floor)] = -np.inf
        kinds, ends = self._path_cells()
        out[kinds, ends] = scores[kinds, ends]
        return out

    def _path_cells(self) -> tuple[np.ndarray, np.ndarray]:
        """The bead type and end cell of each linked bead of the path."""
        linked = [bead for bead in self.path if bead.linked]
        if not linked:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        type_index = {size: k for k, size in enumerate(self.lattice.types)}
        kinds = np.array([type_index[len(bead.src), len(bead.tgt)] for bead in linked], dtype=np.int64)
        ends = self.lattice.band.index(np.array([bead.src[-1] + 1 for bead in linked]),
                                       np.array([bead.tgt[-1] + 1 for bead in linked]))
        return kinds, ends

    def score(self, bead: BeadIds) -> float:
        """The score of a bead of the path (the skip score for a 1-0 or 0-1 bead)."""
        return self.path_scores([bead])[0]

    def path_scores(self, path: list[BeadIds]) -> list[float]:
        """:meth:`score` of each bead of ``path``."""
        if not path:
            return []
        sizes = np.array([(len(src_ids), len(tgt_ids)) for src_ids, tgt_ids in path], dtype=np.int64)
        ends = np.array([(src_ids[-1] + 1 if src_ids else 0, tgt_ids[-1] + 1 if tgt_ids else 0)
                         for src_ids, tgt_ids in path], dtype=np.int64)
        firsts = np.array([(src_ids[0] if src_ids else 0, tgt_ids[0] if tgt_ids else 0) for src_ids, tgt_ids in path],
                          dtype=np.int64)
        linked = (sizes > 0).all(axis=1)
        kinds = {size: k for k, size in enumerate(self.lattice.types)}
        types = np.array([kinds.get((int(a), int(b)), 0) for a, b in sizes], dtype=np.int64)
        cells = self.lattice.band.index(ends[:, 0], ends[:, 1])
        skip_src = np.append(self.skip_src, np.nan)[np.where(sizes[:, 0] > 0, firsts[:, 0], len(self.skip_src))]
        skip_tgt = np.append(self.skip_tgt, np.nan)[np.where(sizes[:, 1] > 0, firsts[:, 1], len(self.skip_tgt))]
        values = np.where(linked, self.scored.scores[types, cells], np.where(sizes[:, 0] > 0, skip_src, skip_tgt))
        return [float(value) for value in values]


def align_tables(tables: scores.SpanTables, config: AlignConfig, null: scores.NullModel | None = None, *,
                 free_src: np.ndarray | None = None, free_tgt: np.ndarray | None = None,
                 embed_runs: RunEmbedder | None = None) -> Search:
    """Find the best alignment of two documents given their span embeddings.

    Args:
        tables: span embeddings and sentence lengths (see ``scores.SpanTables``); where
            ``tables.src_exact``/``tgt_exact`` mark runs whose vectors are approximations,
            the runs the search needs are embedded with ``embed_runs`` and written into
            the tables' arrays in place.
        config: settings (bead types, scoring, band).
        null: random-pair model for the z-score floor and the skips' second pass (none:
            neither).
        free_src, free_tgt: ``(n,)``, ``(m,)`` bool, sentences that may be left out at
            no cost (the margin around a located region).
        embed_runs: embeds runs of sentences (needed when some runs are approximations).
    """
    n, m = tables.src_spans.shape[1], tables.tgt_spans.shape[1]
    band = find_band(tables.src_spans[0], tables.tgt_spans[0], tables.src_chars, tables.tgt_chars, config)
    if band.cells < (n + 1) * (m + 1):
        logger.debug("searching %d of %d cells", band.cells, (n + 1) * (m + 1))
    lattice = scores.Lattice(band, config.bead_types())
    free = (free_src, free_tgt)
    pending = config.scoring.embedding_weight > 0 and not all(
        exact is None or exact.all() for exact in (tables.src_exact, tables.tgt_exact))
    if pending:
        # A rough pass, each run scored by its sentences' summed vectors (and no z-scores),
        # to find the runs worth embedding; beads joining any other run are then not allowed.
        if embed_runs is None:
            raise ValueError("some runs' vectors are approximations and no embed_runs was given")
        rough = _search(tables, None, lattice, config, free)
        fill_runs(tables, likely_runs(rough, config), embed_runs)
        del rough
    forbid = scores.inexact_beads(tables, lattice) if pending else None
    found = _search(tables, null, lattice, config, free, forbid)
    if config.scoring.adapt_weight > 0 and found.scored.one_to_one_z is not None:
        # Per-document adaptation: fit the source space to the confident 1-1 pairs, align again.
        pairs = _confident_pairs(found)
        adapted, adapted_null = adapt.adapt_tables(tables, null, pairs, config.scoring)
        if adapted is not tables:
            del found  # its score tables are as large as the second pass's: not both at once
            found = _search(adapted, adapted_null, lattice, config, free, forbid)
    return found


def approximate_runs(vectors: np.ndarray, max_size: int) -> np.ndarray:
    """``(max_size, n, dim)`` normalised sums of runs of 1 .. max_size sentences by start
    (zero rows where a run does not fit), the shape of ``SpanTables`` spans: what a run
    of sentences' vector is taken to be before (or instead of) embedding its text."""
    out = np.zeros((max_size, *vectors.shape), dtype=np.float32)
    for size in range(1, max_size + 1):
        count = len(vectors) - size + 1
        if count <= 0:
            continue
        run = out[size - 1, :count]
        for k in range(size):
            run += vectors[k : k + count]
        norms = np.sqrt(np.einsum("ij,ij->i", run, run))
        run /= np.maximum(norms, np.float32(1e-12))[:, None]
    return out


def sentences_only(count: int, max_size: int) -> np.ndarray:
    """``(max_size, count) bool``, the ``SpanTables.src_exact`` of :func:`approximate_runs`'
    output: single sentences are the model's own, and so (trivially) are the zero rows of
    runs that do not fit; every longer run is an approximation."""
    exact = np.arange(count) > count - np.arange(1, max_size + 1)[:, None]
    exact[0] = True
    return exact


def likely_runs(found: Search, config: AlignConfig) -> tuple[np.ndarray, np.ndarray]:
    """The runs of two or more sentences that some bead with a posterior of at least
    ``config.search.span_posterior`` joins, in the search ``found`` (at
    ``config.search.span_temperature``): ``(max_side, n)``, ``(max_side, m)`` bool by run
    size and start, like ``SpanTables.src_exact``."""
    lattice = found.lattice
    band = lattice.band
    marginals = found.marginals(config.search.span_temperature)
    least = marginals.log_total + np.log(config.search.span_posterior)
    src = np.zeros(found.tables.src_spans.shape[:2], dtype=bool)
    tgt = np.zeros(found.tables.tgt_spans.shape[:2], dtype=bool)
    for k, (a, b) in enumerate(lattice.types):
        if a == b == 1:
            continue
        starts = band.index(lattice.rows - a, lattice.cols - b)
        gain = found.scored.scores[k, :-1] / marginals.temperature
        likely = marginals.forward[starts] + gain + marginals.backward[:-1] >= least
        src[a - 1, lattice.rows[likely] - a] = True
        tgt[b - 1, lattice.cols[likely] - b] = True
    src[0] = tgt[0] = False  # single sentences: embedded already
    return src, tgt


def path_runs(found: Search) -> tuple[np.ndarray, np.ndarray]:
    """The runs the beads of ``found``'s path join, as :func:`likely_runs` gives them."""
    src = np.zeros(found.tables.src_spans.shape[:2], dtype=bool)
    tgt = np.zeros(found.tables.tgt_spans.shape[:2], dtype=bool)
    for src_ids, tgt_ids in found.path:
        if src_ids and tgt_ids:
            src[len(src_ids) - 1, src_ids[0]] = tgt[len(tgt_ids) - 1, tgt_ids[0]] = True
    return src, tgt


def fill_runs(tables: scores.SpanTables, wanted: tuple[np.ndarray, np.ndarray], embed_runs: RunEmbedder) -> None:
    """Embed the ``wanted`` runs (``(max_side, n)``, ``(max_side, m)`` bool) not yet
    exact, writing their vectors into ``tables``' span arrays and marking them exact, in
    place (a book's span arrays are hundreds of MB)."""
    for side, (spans, exact, want) in enumerate(((tables.src_spans, tables.src_exact, wanted[0]),
                                                 (tables.tgt_spans, tables.tgt_exact, wanted[1]))):
        if exact is None:
            continue
        sizes, starts = np.nonzero(want & ~exact)
        logger.debug("embedding %d of %d runs of side %d", len(sizes), int((~exact).sum()), side)
        if len(sizes):
            spans[sizes, starts] = embed_runs(side, sizes + 1, starts)
            exact[sizes, starts] = True


def _search(tables: scores.SpanTables, null: scores.NullModel | None, lattice: scores.Lattice, config: AlignConfig,
            free: tuple[np.ndarray | None, np.ndarray | None], forbid: np.ndarray | None = None) -> Search:
    """Score the lattice and find the best path, with the skips' second pass; ``forbid``,
    ``(len(types), cells) bool``, beads not allowed."""
    scoring = config.scoring
    band = lattice.band
    scored = scores.bead_scores(tables, lattice, scoring, null)
    if forbid is not None:
        scored.scores[:, :-1][forbid] = -np.inf
    skip_src, skip_tgt = scores.skip_tables(tables, scoring)
    if free[0] is not None:
        skip_src = np.where(free[0], 0.0, skip_src)
    if free[1] is not None:
        skip_tgt = np.where(free[1], 0.0, skip_tgt)
    path = _best_path(lattice, scored.scores, skip_src, skip_tgt)
    skip_z = partner_z(path, band, scored.one_to_one_z, scoring.partner_context)
    if scored.one_to_one_z is not None and np.isfinite(scoring.skip_partner_z):
        # Second pass: a skipped sentence with a partner next to it pays the full skip score.
        src_partnered, tgt_partnered = _partnered(path, skip_z, band, scoring.skip_partner_z)
        if src_partnered.any() or tgt_partnered.any():
            skip_src = np.where(src_partnered & (skip_src < 0), scoring.skip_score, skip_src)
            skip_tgt = np.where(tgt_partnered & (skip_tgt < 0), scoring.skip_score, skip_tgt)
            path = _best_path(lattice, scored.scores, skip_src, skip_tgt)
            skip_z = partner_z(path, band, scored.one_to_one_z, scoring.partner_context)
    return Search(tables, null, lattice, scored, skip_src, skip_tgt, path, skip_z)


def _confident_pairs(found: Search) -> list[tuple[int, int]]:
    """The 1-1 beads of the path whose z-score is at least the median of its 1-1 beads'."""
    band = found.lattice.band
    ones = [(bead.src[0], bead.tgt[0]) for bead in found.path if len(bead.src) == len(bead.tgt) == 1]
    if not ones or found.scored.one_to_one_z is None:
        return []
    cells = band.index(np.array([s + 1 for s, _ in ones]), np.array([t + 1 for _, t in ones]))
    z = found.scored.one_to_one_z[cells]
    median = np.median(z)  # once: inside the loop it cost 4 s of the whole Bible's 16
    return [pair for pair, value in zip(ones, z, strict=True) if value >= median]


def _best_path(lattice: scores.Lattice, values: np.ndarray, skip_src: np.ndarray,
               skip_tgt: np.ndarray) -> list[BeadIds]:
    """The best path through the lattice (``aligner.core.band``: fill, then walk back)."""
    _, move, all_types = banded.fill(lattice.band, list(lattice.types), values, skip_src=skip_src, skip_tgt=skip_tgt)
    return banded.best_path(lattice.band, move, all_types)


def _partnered(path: list[BeadIds], skip_z: list[float], band: Band,
               threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Which skipped sentences have a partner (``skip_z`` at least ``threshold``): a short
    piece of a merge, left out because it was cheap to skip; ``(n,)``, ``(m,)`` bool."""
    src = np.zeros(band.n, dtype=bool)
    tgt = np.zeros(band.m, dtype=bool)
    for (src_ids, tgt_ids), z in zip(path, skip_z, strict=True):
        if src_ids and not tgt_ids:
            src[src_ids[0]] = z >= threshold
        elif tgt_ids and not src_ids:
            tgt[tgt_ids[0]] = z >= threshold
    return src, tgt


def find_band(src: np.ndarray, tgt: np.ndarray, src_chars: np.ndarray, tgt_chars: np.ndarray,
              config: AlignConfig) -> Band:
    """The cells worth searching: all of them for a small pair, else a band around the
    path found at half the resolution (recursively).

    Args:
        src, tgt: ``(n, dim)``, ``(m, dim) float32`` L2-normalised sentence embeddings.
        src_chars, tgt_chars: ``(n,)``, ``(m,) float64`` sentence lengths.
        config: the search and scoring settings.
    """
    n, m = len(src), len(tgt)
    if (n + 1) * (m + 1) <= config.search.full_band_cells or n <= 1 or m <= 1:
        return Band.full(n, m)
    coarse_src, coarse_tgt = _halve(src), _halve(tgt)
    coarse_src_chars, coarse_tgt_chars = _halve_chars(src_chars), _halve_chars(tgt_chars)
    coarse_band = find_band(coarse_src, coarse_tgt, coarse_src_chars, coarse_tgt_chars, config)
    tables = scores.SpanTables(approximate_runs(coarse_src, 2), approximate_runs(coarse_tgt, 2), coarse_src_chars,
                             coarse_tgt_chars)
    lattice = scores.Lattice(coarse_band, COARSE_TYPES)
    # A coarse sentence stands for two: no merge bonus, no z floor (no null model).
    scoring = dataclasses.replace(config.scoring, merge_bonus=0.0)
    values = scores.bead_scores(tables, lattice, scoring).scores
    # The skips score as at the finest level (lengths' signal included: without it a
    # length-only search found skipping cheaper than any bead, and the band missed the path).
    path = _best_path(lattice, values, *scores.skip_tables(tables, scoring))
    # Each coarse bead covers a rectangle of the finer table; keep its four corners.
    ends = np.cumsum([(len(s), len(t)) for s, t in path], axis=0)
    starts = np.vstack([[0, 0], ends[:-1]])
    rows = np.minimum(2 * np.concatenate([starts[:, 0], starts[:, 0], ends[:, 0], ends[:, 0]]), n)
    cols = np.minimum(2 * np.concatenate([starts[:, 1], ends[:, 1], starts[:, 1], ends[:, 1]]), m)
    return Band.around(rows, cols, n, m, config.search.band_radius)


def _halve(vectors: np.ndarray) -> np.ndarray:
    """Merge sentences 2k and 2k+1 into one normalised vector (the last may stay alone)."""
    pairs = np.zeros(((len(vectors) + 1) // 2, vectors.shape[1]), dtype=np.float32)
    pairs += vectors[0::2]
    pairs[: len(vectors) // 2] += vectors[1::2]
    return pairs / np.maximum(np.linalg.norm(pairs, axis=1, keepdims=True), 1e-12)


def _halve_chars(chars: np.ndarray) -> np.ndarray:
    pairs = chars[0::2].astype(np.float64)
    pairs[: len(chars) // 2] += chars[1::2]
    return pairs


def partner_z(path: Sequence[BeadIds], band: Band, one_to_one_z: np.ndarray | None, context: int) -> list[float]:
    """For each 1-0 or 0-1 bead of ``path``: the best 1-1 z-score of its sentence against
    the other side's sentences of the ``context`` beads on either side (where its
    counterpart would be, if it had one; 0 if there are none, -inf outside the band).
    NaN for the other beads, and for every bead when ``one_to_one_z`` is None.

    Args:
        path: the beads, in order.
        band: the cells ``one_to_one_z`` covers.
        one_to_one_z: ``(band.cells + 1,) float64``, the z of the 1-1 bead ending at each cell.
        context: beads on either side to search.
    """
    out = [np.nan] * len(path)
    if one_to_one_z is None:
        return out
    z = np.append(one_to_one_z[: band.cells], -np.inf)  # the last slot: outside the band
    for k, (src_ids, tgt_ids) in enumerate(path):
        if src_ids and tgt_ids:  # linked (the path may hold plain pairs of tuples)
            continue
        nearby = path[max(0, k - context) : k + context + 1]
        side = 1 if src_ids else 0  # the side to search
        others = np.array(sorted({i for bead in nearby for i in bead[side]}), dtype=np.int64)
        if len(others) == 0:
            out[k] = 0.0
        elif src_ids:  # the 1-1 bead src i / tgt j ends at cell (i+1, j+1)
            out[k] = float(z[band.index(np.full(len(others), src_ids[0] + 1), others + 1)].max())
        else:
            out[k] = float(z[band.index(others + 1, np.full(len(others), tgt_ids[0] + 1))].max())
    return out
