"""Versions: one alignment of several versions of a text, built one version at a time
(numpy, no I/O).

The alignment is a list of *rows*; a row holds, for each version, a run of consecutive
sentences (possibly empty), and the rows cover every sentence of every version once, in
order. It starts as the pivot's sentences, one row each. Each further version is aligned
with the rows so far as with a text (``aligner.pipeline`` runs the search): a row stands
for the sentences of every version in it, its vector the mean of theirs, so the versions
already aligned help place the next one (two translations that link one sentence to the
same pivot sentence reinforce each other). A bead of that alignment joins rows (a merge on
the rows' side) and the version's run; a version's run that no row matches becomes a row
of its own. This is progressive multiple alignment, linear in the number of versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aligner.datatypes import BeadIds

# A row: the sentence indices of each version in it, by version.
RowIds = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Built:
    """Rows as they are built: ``rows`` (each a tuple of runs, one per version so far),
    and ``confidence[k][v]``, version ``v``'s confidence in row ``k`` (1 for the pivot:
    the reference of the others)."""

    rows: tuple[RowIds, ...]
    confidence: tuple[tuple[float, ...], ...]


def start(count: int) -> Built:
    """The pivot alone: one row per sentence."""
    return Built(tuple(((k,),) for k in range(count)), tuple((1.0,) for _ in range(count)))


def add_version(built: Built, beads: Sequence[BeadIds], confidences: Sequence[float]) -> Built:
    """The rows after a new version was aligned with them: ``beads`` join runs of rows
    (their ``src``, indices into ``built.rows``) to runs of the new version's sentences
    (``tgt``), with ``confidences``, one per bead.

    Rows a bead joins become one row (each earlier version's runs concatenated, in order;
    its confidence the least of theirs); a row no bead links keeps an empty run for the new
    version; a run of the new version that no row matches is a row of its own.

    >>> built = add_version(start(3), [BeadIds((0,), (0,)), BeadIds((1, 2), (1,))], [0.9, 0.8])
    >>> built.rows
    (((0,), (0,)), ((1, 2), (1,)))
    """
    versions = len(built.rows[0]) if built.rows else 1
    rows: list[RowIds] = []
    figures: list[tuple[float, ...]] = []
    for bead, confidence in zip(beads, confidences, strict=True):
        if not bead.src:
            rows.append(((),) * versions + (tuple(bead.tgt),))
            figures.append((1.0,) * versions + (confidence,))
            continue
        joined = tuple(tuple(i for k in bead.src for i in built.rows[k][v]) for v in range(versions))
        earlier = tuple(min(built.confidence[k][v] for k in bead.src) for v in range(versions))
        rows.append(joined + (tuple(bead.tgt),))
        figures.append(earlier + (confidence,))
    return Built(tuple(rows), tuple(figures))


def row_vectors(built: Built, vectors: Sequence[np.ndarray]) -> np.ndarray:
    """Each row's vector: the mean of the normalised sum of each version's sentences in
    it (a version counts once, whatever its run's length), normalised.

    Args:
        vectors: per version, ``(n_v, dim) float32`` L2-normalised sentence vectors.

    Returns:
        ``(rows, dim) float32``, rows L2-normalised.
    """
    dim = vectors[0].shape[1]
    out = np.zeros((len(built.rows), dim), dtype=np.float32)
    for k, row in enumerate(built.rows):
        for version, run in enumerate(row):
            if run:
                total = vectors[version][list(run)].sum(axis=0)
                out[k] += total / max(float(np.linalg.norm(total)), 1e-12)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def row_lengths(built: Built, lengths: Sequence[np.ndarray]) -> np.ndarray:
    """Each row's length in pivot characters: the mean over the versions in it of their
    run's characters, each version's scaled by the pivot's total over its own.

    Args:
        lengths: per version, ``(n_v,) float64`` sentence lengths in characters.
    """
    scale = [float(lengths[0].sum()) / max(float(side.sum()), 1.0) for side in lengths]
    out = np.zeros(len(built.rows))
    for k, row in enumerate(built.rows):
        present = [scale[v] * float(lengths[v][list(run)].sum()) for v, run in enumerate(row) if run]
        out[k] = sum(present) / len(present) if present else 0.0
    return out


def project(rows: Sequence[RowIds], a: int, b: int) -> list[BeadIds]:
    """The alignment of versions ``a`` and ``b`` that the rows give: each row's runs of
    the two, rows holding neither left out."""
    return [BeadIds(row[a], row[b]) for row in rows if row[a] or row[b]]
