"""TSV: one bead per line, ``src_ids, tgt_ids, score, confidence, src_text, tgt_text``; written and read.
Several versions: one row per line, see :func:`versions_header`."""

from __future__ import annotations

from pathlib import Path

from aligner.datatypes import Alignment, BeadIds, Versions
from aligner.errors import InputError

# The columns, in this order (documented in the README; readers may rely on it).
HEADER = ("src_ids", "tgt_ids", "score", "confidence", "src_text", "tgt_text")


def _cell(text: str) -> str:
    """Tabs and line breaks would break the columns: fold them to spaces."""
    return " ".join(text.split())


def to_tsv(alignment: Alignment) -> str:
    """Ids are 0-based sentence indices of the tool's segmentation, comma-separated, empty
    for the missing side of a 1-0/0-1 bead; score is the bead's score (see aligner.core.scores),
    confidence its probability of being right (see aligner.core.confidence)."""
    lines = ["\t".join(HEADER)]
    for bead in alignment.beads:
        lines.append("\t".join((
            ",".join(map(str, bead.src)),
            ",".join(map(str, bead.tgt)),
            f"{bead.score:.4f}",
            f"{bead.confidence:.4f}",
            _cell(alignment.src.joined(bead.src)),
            _cell(alignment.tgt.joined(bead.tgt)),
        )))
    return "\n".join(lines) + "\n"


def render(alignment: Alignment | Versions, path: Path) -> dict[Path, bytes]:
    text = versions_tsv(alignment) if isinstance(alignment, Versions) else to_tsv(alignment)
    return {path: text.encode("utf-8")}


def parse_tsv(text: str, *, source: str) -> list[BeadIds]:
    """The beads of a TSV file this module wrote (its header line first).

    Raises:
        InputError: a line whose id columns are not comma-separated sentence ids.
    """
    beads = []
    for number, line in enumerate(text.splitlines()[1:], 2):
        cells = line.split("\t")
        try:
            beads.append(BeadIds(tuple(int(i) for i in cells[0].split(",") if i),
                                 tuple(int(j) for j in cells[1].split(",") if j)))
        except (ValueError, IndexError):
            raise InputError(f"{source}, line {number}: expected comma-separated sentence ids") from None
    return beads


def parse_tsv_texts(text: str, *, source: str) -> list[tuple[BeadIds, str, str]]:
    """The beads of a TSV file this module wrote, each with its two texts.

    Raises:
        InputError: a line without the id and text columns.
    """
    beads = parse_tsv(text, source=source)
    rows = text.splitlines()[1:]
    out = []
    for number, (bead, line) in enumerate(zip(beads, rows, strict=True), 2):
        cells = line.split("\t")
        if len(cells) < len(HEADER):
            raise InputError(f"{source}, line {number}: expected {len(HEADER)} tab-separated columns")
        out.append((bead, cells[4], cells[5]))
    return out


def versions_header(ids: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of several versions: each version's ids, the row's confidence, each
    version's confidence, each version's text (a version by its text id)."""
    return (*(f"{i}_ids" for i in ids), "confidence", *(f"{i}_confidence" for i in ids),
            *(f"{i}_text" for i in ids))


def versions_tsv(versions: Versions) -> str:
    """One row per line (see :func:`versions_header`); ids as in the pairwise TSV."""
    ids = versions.ids
    lines = ["\t".join(versions_header(ids))]
    for row in versions.rows:
        lines.append("\t".join((*(",".join(map(str, run)) for run in row.runs), f"{row.confidence:.4f}",
                                *(f"{value:.4f}" for value in row.confidences),
                                *(_cell(document.joined(run)) for document, run in zip(versions.documents, row.runs,
                                                                                        strict=True)))))
    return "\n".join(lines) + "\n"
