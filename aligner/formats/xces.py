"""OPUS XCES export: a ``cesAlign`` file (source ids first) plus the two sentence files."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from aligner.datatypes import Alignment
from aligner.formats import beside, stem_of
from aligner.formats.xmlutil import sentence_id, serialise, side_names, with_sentence_files

DOCTYPE = '<!DOCTYPE cesAlign PUBLIC "-//CES//DTD XML cesAlign//EN" "">'


def to_xces(alignment: Alignment, stem: str) -> dict[str, bytes]:
    """``{file name: bytes}``: ``stem.xces.xml`` and the sentence files its ``fromDoc`` and
    ``toDoc`` name (``stem.de.xml``, ``stem.en.xml``), all in the same folder.

    ``xtargets="s3 s4;s7"``: source ids, a semicolon, target ids; a side is empty for a
    1-0 / 0-1 bead. ``certainty`` is the bead's confidence.
    """
    from_doc, to_doc = side_names(alignment, stem)
    root = etree.Element("cesAlign", version="1.0")
    group = etree.SubElement(root, "linkGrp", targType="s", fromDoc=from_doc, toDoc=to_doc)
    for number, bead in enumerate(alignment.beads):
        etree.SubElement(
            group, "link", id=f"SL{number}", certainty=f"{bead.confidence:.4f}",
            xtargets=" ".join(map(sentence_id, bead.src)) + ";" + " ".join(map(sentence_id, bead.tgt)),
        )
    return with_sentence_files(alignment, stem, f"{stem}.xces.xml", serialise(root, doctype=DOCTYPE))


def render(alignment: Alignment, path: Path) -> dict[Path, bytes]:
    return beside(path, to_xces(alignment, stem_of(path)), f"{stem_of(path)}.xces.xml")
