"""Confidence: how sure each bead is, and how credible the whole alignment (numpy, no I/O).

The formula, in one place:

- every bead starts from its **posterior**: its probability among all the alignments
  the DP weighed, each weighted by exp(total score / temperature) (forward-backward,
  ``aligner.align.band.posteriors``);
- a **linked** bead's posterior is multiplied by ``logistic(z)``, ``z`` being how many
  standard deviations the pair's similarity stands above random pairs (``cost.bead_z``);
- a **1-0 or 0-1** bead's posterior is multiplied by ``1 - logistic(z)`` of its
  sentence's best partner nearby (:func:`partner_z`: no partner, sure skip) and by
  ``logistic(credibility)``: a model that cannot pair the two languages finds partners
  nowhere, and its "no counterpart" is not trusted either;
- the **credibility** of an alignment is the median z of its linked beads
  (:func:`credibility`): about 6 for a translation, 2 for unrelated texts.

``logistic(z) = 1 / (1 + exp(-(z - z_midpoint) / z_width))`` (``ConfidenceConfig``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from aligner.align import band as banded
from aligner.align.band import Band
from aligner.config import ConfidenceConfig
from aligner.datatypes import BeadIds

if TYPE_CHECKING:
    from aligner.align.cost import NullModel, SpanTables
    from aligner.align.search import Search

# How the TEI header describes @cert (the formula above, for readers of the output).
CERT_DESCRIPTION = (
    " standard deviations above random pairs (median; a translation scores about 6, "
    "unrelated texts about 2). Each link's @cert is the bead's probability among the "
    "alignments the aligner weighed, times a logistic of that pair's own figure (its interp of "
    "type z); for a 1-0 or 0-1 link, times one minus that logistic of the sentence's best "
    "pair nearby (its z) and times the logistic of the credibility. Its interp of type score "
    "is the score the aligner optimised."
)


@dataclass(frozen=True)
class Assessment:
    """One bead's confidence in [0, 1] and its z (for a skip: its best partner's nearby)."""

    confidence: float
    z: float


def logistic(z: float, config: ConfidenceConfig) -> float:
    """Map a z-score to [0, 1]: 0.5 at ``config.z_midpoint``, steeper for a smaller
    ``config.z_width``.

    >>> round(logistic(3.5, ConfidenceConfig()), 3)
    0.5
    """
    return float(1.0 / (1.0 + np.exp(-(z - config.z_midpoint) / config.z_width)))


def credibility(linked_z: Sequence[float]) -> float:
    """Median z-score of the linked beads: about 6 for a translation, 2 for unrelated
    texts (0 when nothing is linked)."""
    return float(np.median(linked_z)) if len(linked_z) else 0.0


def bead_confidence(posterior: float, z: float, *, linked: bool, credible: float, config: ConfidenceConfig) -> float:
    """The formula of the module docstring for one bead: ``posterior`` its probability,
    ``z`` its pair's (linked) or its best nearby partner's (skip) z-score, ``credible``
    the alignment's credibility."""
    if linked:
        return logistic(z, config) * posterior
    return (1.0 - logistic(z, config)) * logistic(credible, config) * posterior


def assess(found: Search, tables: SpanTables, null: NullModel, config: ConfidenceConfig) -> list[Assessment]:
    """The confidence and z of every bead of a search's path.

    Args:
        found: the search (lattice, scores, skip scores, path, skips' partner z).
        tables: the span embeddings it searched.
        null: the random-pair samples for the linked beads' z-scores.
        config: temperature and logistic.
    """
    from aligner.align.cost import bead_z

    path = found.path
    if config.posterior_temperature > 0:
        posteriors = banded.posteriors(found.lattice.band, list(found.lattice.types), found.scored.scores, path,
                                       skip_src=found.skip_src, skip_tgt=found.skip_tgt,
                                       temperature=config.posterior_temperature)
    else:
        posteriors = [1.0] * len(path)
    z = [bead_z(tables.src_spans[len(bead.src) - 1, bead.src[0]], tables.tgt_spans[len(bead.tgt) - 1, bead.tgt[0]],
                null) if bead.linked else found.skip_z[k] for k, bead in enumerate(path)]
    credible = credibility([value for value, bead in zip(z, path, strict=True) if bead.linked])
    return [Assessment(bead_confidence(p, value, linked=bead.linked, credible=credible, config=config), value)
            for p, value, bead in zip(posteriors, z, path, strict=True)]


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
