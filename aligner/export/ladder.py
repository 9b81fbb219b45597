"""Ladder export: Vecalign/Bertalign ``[i, j]:[k]`` lines used by evaluation scripts."""

from __future__ import annotations

from aligner.datatypes import Alignment


def to_ladder(alignment: Alignment) -> str:
    """One bead per line, 0-based sentence indices, ``[]`` for an empty side."""
    return "".join(f"{list(bead.src)}:{list(bead.tgt)}\n" for bead in alignment.beads)
