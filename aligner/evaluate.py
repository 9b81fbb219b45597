"""Evaluate: strict and lax precision, recall and F1 against a gold alignment.

Semantics follow Vecalign's score.py: *strict* counts a predicted bead as right when
the gold has exactly that bead; *lax* when it overlaps a gold bead on both sides.
Precision is over all predicted beads, recall over gold beads whose two sides are
non-empty (skips in the gold are not counted).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.datatypes import BeadIds
from aligner.errors import InputError
from aligner.formats.ladder import read_ladder


@dataclass(frozen=True)
class Scores:
    """Strict and lax precision, recall and F1."""

    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gold: Sequence[BeadIds], predicted: Sequence[BeadIds]) -> Scores:
    """Strict and lax scores of one document (or of documents concatenated)."""
    return score_many([(gold, predicted)])


def _overlaps(bead: BeadIds, by_src: dict[int, int], by_tgt: dict[int, int]) -> bool:
    """True if some bead of the other alignment shares a src and a tgt sentence with ``bead``."""
    return bool({by_src.get(i) for i in bead[0]} & {by_tgt.get(j) for j in bead[1]} - {None})


def _index(beads: Sequence[BeadIds], side: int) -> dict[int, int]:
    return {i: k for k, bead in enumerate(beads) for i in bead[side]}


# Share of one side's sentences that only one of the two alignments mentions above which
# they look like different documents or segmentations. Hand-made golds leave out a few
# sentences (Text+Berg's omit up to 3 of 150 in a document, 2%).
MISMATCH_SHARE = 0.05


def coverage_mismatch(gold: Sequence[BeadIds], predicted: Sequence[BeadIds]) -> str | None:
    """Why the two alignments look like different documents or segmentations: more than
    ``MISMATCH_SHARE`` of one side's sentences are mentioned by only one of them (``None``
    if not).

    A located region scored against a gold for the whole text, or a prediction on another
    segmentation, scores low for that reason alone; the user should be told."""
    differences = []
    for side, name in ((0, "source"), (1, "target")):
        in_gold = {i for bead in gold for i in bead[side]}
        in_predicted = {i for bead in predicted for i in bead[side]}
        only_gold, only_predicted = in_gold - in_predicted, in_predicted - in_gold
        if len(only_either := only_gold | only_predicted) > MISMATCH_SHARE * len(in_gold | in_predicted):
            differences.append(f"{name}: {len(only_gold)} sentence(s) only in the gold, {len(only_predicted)} only "
                               f"in the prediction, the first {min(only_either)}")
    return "; ".join(differences) or None


def monotone_reachable(gold: Sequence[BeadIds]) -> int:
    """How many of the gold's linked beads (both sides non-empty) one monotone alignment of
    contiguous beads can hold: the ceiling of strict recall for any aligner of that kind
    (Bertalign's, Vecalign's, this one's).

    A gold bead is out of reach when one of its sides skips a sentence (a photo caption
    between the two halves of a sentence) or when it crosses another (a sentence the
    translator moved); of beads that cross, the largest set that does not is kept. The
    beads of a ladder file share no sentence, so ordered by their first src sentence
    they fit one monotone alignment exactly when their first tgt sentences increase.
    """
    def contiguous(side: tuple[int, ...]) -> bool:
        return sorted(side) == list(range(min(side), max(side) + 1))

    linked = [bead for bead in map(BeadIds._make, gold) if bead.linked and contiguous(bead.src)
              and contiguous(bead.tgt)]
    # Among beads starting at the same src sentence, at most one can be kept: the later
    # tgt start first, so that the increasing run cannot take two of them.
    linked.sort(key=lambda bead: (min(bead.src), -min(bead.tgt)))
    tails: list[int] = []  # tails[k]: smallest last tgt start of an increasing run of k + 1 beads
    for bead in linked:
        start = min(bead.tgt)
        position = bisect.bisect_left(tails, start)
        tails[position : position + 1] = [start]
    return len(tails)


def monotone_ceiling(golds: Sequence[Sequence[BeadIds]]) -> tuple[int, int]:
    """(links a monotone aligner can reproduce, linked beads), summed over the documents'
    golds (see ``monotone_reachable``)."""
    linked = sum(1 for gold in golds for bead in map(BeadIds._make, gold) if bead.linked)
    return sum(monotone_reachable(gold) for gold in golds), linked


def score_many(pairs: Sequence[tuple[Sequence[BeadIds], Sequence[BeadIds]]]) -> Scores:
    """Scores with counts summed over documents, as Vecalign does: ``pairs`` of (gold, predicted)."""
    n_pred = n_gold = strict_p = strict_r = lax_p = lax_r = 0
    for gold, predicted in pairs:
        gold_set, predicted_set = set(gold), set(predicted)
        linked_gold = [bead for bead in map(BeadIds._make, gold) if bead.linked]
        n_pred += len(predicted)
        n_gold += len(linked_gold)
        strict_p += sum(1 for bead in predicted if bead in gold_set)
        strict_r += sum(1 for bead in linked_gold if bead in predicted_set)
        gold_src, gold_tgt = _index(gold, 0), _index(gold, 1)
        pred_src, pred_tgt = _index(predicted, 0), _index(predicted, 1)
        # An exact match is a lax hit too (skips can only match exactly).
        lax_p += sum(1 for bead in predicted if bead in gold_set or _overlaps(bead, gold_src, gold_tgt))
        lax_r += sum(1 for bead in linked_gold if _overlaps(bead, pred_src, pred_tgt))
    sp, sr = (strict_p / n_pred if n_pred else 0.0), (strict_r / n_gold if n_gold else 0.0)
    lp, lr = (lax_p / n_pred if n_pred else 0.0), (lax_r / n_gold if n_gold else 0.0)
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr))


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate_paths`: the scores (counts summed over documents),
    how many documents, a warning per prediction that covers other sentences than its
    gold (see ``coverage_mismatch``), and how many gold links a monotone aligner can
    reproduce of all the linked ones (see ``monotone_ceiling``)."""

    scores: Scores
    documents: int
    warnings: tuple[str, ...]
    reachable: int
    linked: int


def match_gold_files(gold: Path, predicted: Path) -> list[tuple[Path, Path]]:
    """(gold file, prediction file) pairs: one, or one per gold file of a folder, the
    prediction named as the gold file, with or without an ending (``001``, ``001.tsv``).

    Raises:
        InputError: a folder against a file, a gold file without a prediction, or an empty folder.
    """
    if not gold.is_dir():
        return [(gold, predicted)]
    if not predicted.is_dir():
        raise InputError(f"{gold} is a folder, so {predicted} must be a folder of predictions too")
    pairs = []
    for gold_file in sorted(p for p in gold.iterdir() if p.is_file()):
        matches = sorted(p for p in predicted.iterdir() if p.is_file() and (
            p.name == gold_file.name or p.name.startswith(gold_file.name + ".")))
        if not matches:
            raise InputError(f"no prediction for {gold_file.name} in {predicted} (expected {gold_file.name} "
                             f"or {gold_file.name}.<ending>)")
        pairs.append((gold_file, matches[0]))
    if not pairs:
        raise InputError(f"{gold}: no gold files in the folder")
    return pairs


def evaluate_paths(gold: Path, predicted: Path) -> Evaluation:
    """Score a prediction file (ladder, our TSV or TEI) against a gold ladder file, or a
    folder of predictions against a folder of gold files (counts summed).

    Raises:
        InputError: a file is missing, unreadable or not of those formats.
    """
    from aligner.formats import read_beads
    from aligner.text.ingest import read_text

    documents = []
    warnings = []
    for gold_file, predicted_file in match_gold_files(gold, predicted):
        read_text(gold_file)  # same checks as any input: exists, is a file, is text
        documents.append((read_ladder(gold_file), read_beads(predicted_file)))
        if mismatch := coverage_mismatch(*documents[-1]):
            warnings.append(f"{predicted_file} and {gold_file} do not cover the same sentences ({mismatch}); "
                            "are they the same document, segmented the same way?")
    reachable, linked = monotone_ceiling([gold_beads for gold_beads, _ in documents])
    return Evaluation(score_many(documents), len(documents), tuple(warnings), reachable, linked)
