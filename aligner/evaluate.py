"""Evaluate: strict and lax precision, recall and F1 against a gold alignment.

Semantics follow Vecalign's score.py: *strict* counts a predicted bead as right when
the gold has exactly that bead; *lax* when it overlaps a gold bead on both sides.
Precision is over all predicted beads, recall over gold beads whose two sides are
non-empty (skips in the gold are not counted).
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import InputError

# A bead as two tuples of sentence indices.
LadderBead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Scores:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float


def parse_ladder(text: str, *, source: str = "ladder") -> list[LadderBead]:
    """Parse ``[i, j]:[k]`` lines (0-based; ``[]`` for an empty side).

    Raises:
        InputError: a line is not of that form.
    """
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            left, right = line.split(":")
            src, tgt = ast.literal_eval(left.strip()), ast.literal_eval(right.strip())
            if not isinstance(src, list) or not isinstance(tgt, list):
                raise ValueError
            beads.append((tuple(int(i) for i in src), tuple(int(j) for j in tgt)))
        except (ValueError, SyntaxError):
            raise InputError(f"{source}, line {number}: expected '[i, ...]:[j, ...]', found {line.strip()!r}") from None
    return beads


def read_ladder(path: Path) -> list[LadderBead]:
    try:
        return parse_ladder(path.read_text(encoding="utf-8"), source=str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gold: Sequence[LadderBead], predicted: Sequence[LadderBead]) -> Scores:
    """Strict and lax scores of one document (or of documents concatenated)."""
    return score_many([(gold, predicted)])


def _overlaps(bead: LadderBead, by_src: dict[int, int], by_tgt: dict[int, int]) -> bool:
    """True if some bead of the other alignment shares a src and a tgt sentence with ``bead``."""
    return bool({by_src.get(i) for i in bead[0]} & {by_tgt.get(j) for j in bead[1]} - {None})


def _index(beads: Sequence[LadderBead], side: int) -> dict[int, int]:
    return {i: k for k, bead in enumerate(beads) for i in bead[side]}


# Share of one side's sentences that only one of the two alignments mentions above which
# they look like different documents or segmentations. Hand-made golds leave out a few
# sentences (Text+Berg's omit up to 3 of 150 in a document, 2%).
MISMATCH_SHARE = 0.05


def coverage_mismatch(gold: Sequence[LadderBead], predicted: Sequence[LadderBead]) -> str | None:
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


def monotone_reachable(gold: Sequence[LadderBead]) -> int:
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

    linked = [bead for bead in gold if bead[0] and bead[1] and contiguous(bead[0]) and contiguous(bead[1])]
    # Among beads starting at the same src sentence, at most one can be kept: the later
    # tgt start first, so that the increasing run cannot take two of them.
    linked.sort(key=lambda bead: (min(bead[0]), -min(bead[1])))
    tails: list[int] = []  # tails[k]: smallest last tgt start of an increasing run of k + 1 beads
    for bead in linked:
        start = min(bead[1])
        position = bisect.bisect_left(tails, start)
        tails[position : position + 1] = [start]
    return len(tails)


def monotone_ceiling(golds: Sequence[Sequence[LadderBead]]) -> tuple[int, int]:
    """(links a monotone aligner can reproduce, linked beads), summed over the documents'
    golds (see ``monotone_reachable``)."""
    linked = sum(1 for gold in golds for bead in gold if bead[0] and bead[1])
    return sum(monotone_reachable(gold) for gold in golds), linked


def score_many(pairs: Sequence[tuple[Sequence[LadderBead], Sequence[LadderBead]]]) -> Scores:
    """Scores with counts summed over documents, as Vecalign does: ``pairs`` of (gold, predicted)."""
    n_pred = n_gold = strict_p = strict_r = lax_p = lax_r = 0
    for gold, predicted in pairs:
        gold_set, predicted_set = set(gold), set(predicted)
        linked_gold = [bead for bead in gold if bead[0] and bead[1]]
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
