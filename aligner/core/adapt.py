"""Adapt: fit the embedding space of one document pair to itself (numpy, no I/O).

A multilingual model places a sentence and its translation near each other, but each
text pair has its own systematic offsets (a translator's habits, a genre's vocabulary, a
language pair the model knows less well). After a first alignment, the confident 1-1
beads are pairs of vectors that should coincide: the orthogonal map that brings the
source vectors closest to their partners (orthogonal Procrustes) is fitted on them,
blended with the identity, and applied to every source vector before aligning again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from aligner.config import ScoringConfig
from aligner.core.scores import NullModel, SpanTables

# Fewest confident pairs to fit a map on; with fewer the tables are left as they are.
MIN_PAIRS = 8


def procrustes(src: np.ndarray, tgt: np.ndarray, ridge: float = 0.0) -> np.ndarray:
    """The orthogonal ``(dim, dim)`` matrix ``W`` minimising ``||src @ W - tgt||`` for
    paired rows ``src``, ``tgt`` ``(k, dim)``; with ``ridge`` > 0, also
    ``ridge * k * ||W - I||``, which keeps directions the pairs say little about in place.

    >>> rotation = np.array([[0.0, 1.0], [-1.0, 0.0]])
    >>> points = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    >>> bool(np.allclose(procrustes(points, points @ rotation), rotation))
    True
    """
    cross = src.astype(np.float64).T @ tgt.astype(np.float64) + ridge * len(src) * np.eye(src.shape[1])
    u, _, vt = np.linalg.svd(cross)
    return u @ vt


def blended_map(src: np.ndarray, tgt: np.ndarray, weight: float, ridge: float) -> np.ndarray:
    """``(1 - weight) * I + weight * procrustes(src, tgt, ridge)``, as float32."""
    dim = src.shape[1]
    return ((1.0 - weight) * np.eye(dim) + weight * procrustes(src, tgt, ridge)).astype(np.float32)


def adapt_tables(tables: SpanTables, null: NullModel | None, pairs: Sequence[tuple[int, int]],
                 scoring: ScoringConfig) -> tuple[SpanTables, NullModel | None]:
    """The tables (and the null model's source sample) with every source vector mapped by
    the blended Procrustes map fitted on ``pairs`` (src, tgt sentence indices) and
    normalised again (those the model has embedded, see ``SpanTables.src_exact``; the
    others, whose beads the search no longer allows, are zero); unchanged when there are
    fewer than ``MIN_PAIRS`` pairs.

    Args:
        tables: the pair's span embeddings.
        null: random-pair samples (its ``src_sample`` is mapped too, so z-scores compare
            like with like).
        pairs: confident 1-1 pairs.
        scoring: ``adapt_weight``, 0 (no change) to 1 (the fitted map alone), and
            ``adapt_ridge``, how strongly the fit is held to the identity.
    """
    if len(pairs) < MIN_PAIRS or scoring.adapt_weight <= 0:
        return tables, null
    rows = np.array([s for s, _ in pairs])
    cols = np.array([t for _, t in pairs])
    mapping = blended_map(tables.src_spans[0, rows], tables.tgt_spans[0, cols], scoring.adapt_weight,
                          scoring.adapt_ridge)
    if tables.src_exact is None:
        spans = _normalised(tables.src_spans @ mapping)
    else:  # runs the model has not embedded are never scored again: left at zero
        spans = np.zeros(tables.src_spans.shape, dtype=np.float32)  # pages never written cost no memory
        spans[tables.src_exact] = _normalised(tables.src_spans[tables.src_exact] @ mapping)
    adapted_null = None if null is None else NullModel(_normalised(null.src_sample @ mapping), null.tgt_sample)
    return dataclasses.replace(tables, src_spans=spans), adapted_null


def _normalised(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` (a new float32 array, such as a product) scaled to unit length in
    place: a book's source spans are hundreds of MB, so no second or third copy."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    vectors /= np.where(norms > 0, norms, np.float32(1.0))
    return vectors

