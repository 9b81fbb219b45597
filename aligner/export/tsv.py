"""TSV export: one bead per line, ``src_ids, tgt_ids, score, src_text, tgt_text``."""

from __future__ import annotations

from aligner.datatypes import Alignment

HEADER = ("src_ids", "tgt_ids", "score", "src_text", "tgt_text")


def _cell(text: str) -> str:
    """Tabs and line breaks would break the columns: fold them to spaces."""
    return " ".join(text.split())


def to_tsv(alignment: Alignment) -> str:
    """Ids are 0-based sentence indices of the tool's segmentation, comma-separated, empty
    for the missing side of a 1-0/0-1 bead; score is the bead's score (see aligner.cost)."""
    lines = ["\t".join(HEADER)]
    for bead in alignment.beads:
        lines.append("\t".join((
            ",".join(map(str, bead.src)),
            ",".join(map(str, bead.tgt)),
            f"{bead.score:.4f}",
            _cell(" ".join(alignment.src.sentences[i].text for i in bead.src)),
            _cell(" ".join(alignment.tgt.sentences[j].text for j in bead.tgt)),
        )))
    return "\n".join(lines) + "\n"
