"""Ladder: Vecalign/Bertalign ``[i, j]:[k]`` lines used by evaluation scripts; written and read."""

from __future__ import annotations

import ast
from pathlib import Path

from aligner.datatypes import Alignment, BeadIds
from aligner.errors import InputError


def to_ladder(alignment: Alignment) -> str:
    """One bead per line, 0-based sentence indices, ``[]`` for an empty side."""
    return "".join(f"{list(bead.src)}:{list(bead.tgt)}\n" for bead in alignment.beads)


def render(alignment: Alignment, path: Path) -> dict[Path, bytes]:
    return {path: to_ladder(alignment).encode("utf-8")}


def parse_ladder(text: str, *, source: str = "ladder") -> list[BeadIds]:
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
            beads.append(BeadIds(tuple(int(i) for i in src), tuple(int(j) for j in tgt)))
        except (ValueError, SyntaxError):
            raise InputError(f"{source}, line {number}: expected '[i, ...]:[j, ...]', found {line.strip()!r}") from None
    return beads


def read_ladder(path: Path) -> list[BeadIds]:
    try:
        return parse_ladder(path.read_text(encoding="utf-8"), source=str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
