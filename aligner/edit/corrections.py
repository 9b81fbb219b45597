"""Corrections: the beads a person submits, checked, and turned into a new alignment.

No I/O: the page sends every bead in order (``{"src": [3, 4], "tgt": [7], "confirmed":
false}``); :func:`parse_beads` checks the shape, :func:`coverage_problems` that every
sentence of the aligned ranges is in exactly one bead, in order, and :func:`apply` makes
the alignment, keeping the aligner's figures for the beads it made and marking the others
as made by hand.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from aligner.datatypes import Alignment, Bead, BeadIds, Revision
from aligner.errors import InputError

# Problems listed in one refusal, at most (a broken page could produce thousands).
MAX_PROBLEMS = 5


@dataclass(frozen=True)
class Submitted:
    """One bead as the page sends it: its sentences, and whether the person confirmed it."""

    ids: BeadIds
    confirmed: bool = False


@dataclass(frozen=True)
class Changes:
    """What a round of corrections did, counted against the alignment it started from."""

    made: int
    removed: int
    confirmed: int

    def __bool__(self) -> bool:
        return bool(self.made or self.removed or self.confirmed)

    def describe(self) -> str:
        """The text of the ``<change>`` entry."""
        return (f"Corrected by hand with aligner edit: {self.made} link(s) made, {self.removed} of the previous "
                f"links replaced, {self.confirmed} confirmed.")


def _indices(value: object, where: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        raise InputError(f"{where}: expected a list of sentence indices")
    return tuple(value)


def parse_beads(payload: object) -> list[Submitted]:
    """The beads of a save request's ``beads`` member.

    Raises:
        InputError: not a list of ``{"src": [...], "tgt": [...], "confirmed": bool}``.
    """
    if not isinstance(payload, list) or not payload:
        raise InputError("'beads' must be a non-empty list of beads")
    beads = []
    for number, item in enumerate(payload):
        if not isinstance(item, dict):
            raise InputError(f"bead {number}: expected an object with 'src', 'tgt' and 'confirmed'")
        confirmed = item.get("confirmed", False)
        if not isinstance(confirmed, bool):
            raise InputError(f"bead {number}: 'confirmed' must be true or false")
        ids = BeadIds(_indices(item.get("src"), f"bead {number} 'src'"),
                      _indices(item.get("tgt"), f"bead {number} 'tgt'"))
        if not ids.src and not ids.tgt:
            raise InputError(f"bead {number}: holds no sentence")
        beads.append(Submitted(ids, confirmed))
    return beads


def _side_problems(sides: list[tuple[int, ...]], span: tuple[int, int], name: str) -> list[str]:
    """Every sentence of ``span`` in exactly one bead, and the beads in reading order."""
    counts: dict[int, int] = {}
    for indices in sides:
        for index in indices:
            counts[index] = counts.get(index, 0) + 1
    problems = [f"{name} sentence {i} is outside the aligned sentences {span[0]}-{span[1] - 1}"
                for i in sorted(counts) if not span[0] <= i < span[1]]
    problems += [f"{name} sentence {i} is in no bead" for i in range(*span) if i not in counts]
    problems += [f"{name} sentence {i} is in {n} beads" for i, n in sorted(counts.items())
                 if n > 1 and span[0] <= i < span[1]]
    if not problems:
        order = [i for indices in sides for i in indices]
        wrong = next((k for k in range(1, len(order)) if order[k] != order[k - 1] + 1), None)
        if wrong is not None:
            problems.append(f"{name} sentence {order[wrong]} comes after {order[wrong - 1]}: beads must follow "
                            "the text's order, each holding consecutive sentences")
    return problems


def coverage_problems(beads: list[Submitted], alignment: Alignment) -> list[str]:
    """Why ``beads`` cannot replace ``alignment``'s beads (empty when they can), at most
    :data:`MAX_PROBLEMS` of them."""
    problems = (_side_problems([b.ids.src for b in beads], alignment.src_range, "source")
                + _side_problems([b.ids.tgt for b in beads], alignment.tgt_range, "target"))
    return problems[:MAX_PROBLEMS]


def apply(alignment: Alignment, beads: list[Submitted], editor: str, when: str) -> tuple[Alignment, Changes]:
    """The alignment with ``beads`` in place of its own, and what changed.

    A bead the alignment already has keeps its figures (and who made it), unless the
    person confirmed it: then it is theirs, with confidence 1. A bead it does not have is
    theirs, with confidence 1 and no score. When anything changed, a revision by
    ``editor`` at ``when`` records the counts. ``beads`` must have passed
    :func:`coverage_problems`.
    """
    before = {bead.ids: bead for bead in alignment.beads}
    result = []
    made = confirmed = 0
    for item in beads:
        known = before.get(item.ids)
        if known is None:
            result.append(Bead(item.ids.src, item.ids.tgt, math.nan, 1.0, math.nan, editor))
            made += 1
        elif item.confirmed and known.resp != editor:
            result.append(dataclasses.replace(known, confidence=1.0, resp=editor))
            confirmed += 1
        else:
            result.append(known)
    kept = {bead.ids for bead in result}
    changes = Changes(made, sum(1 for ids in before if ids not in kept), confirmed)
    if not changes:
        return alignment, changes
    revisions = (*alignment.revisions, Revision(when, editor, changes.describe()))
    return dataclasses.replace(alignment, beads=tuple(result), revisions=revisions), changes
