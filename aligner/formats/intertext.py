"""InterText export: a ``linkGrp`` alignment (target ids first) plus the two sentence files."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from aligner.datatypes import Alignment
from aligner.formats import beside, stem_of
from aligner.formats.xmlutil import sentence_id, serialise, side_names, with_sentence_files

# InterText's status of a link that no person has confirmed yet, and of one a person made or confirmed.
STATUS = "auto"
MANUAL_STATUS = "man"


def to_intertext(alignment: Alignment, stem: str) -> dict[str, bytes]:
    """``{file name: bytes}``: ``stem.intertext.xml`` and the sentence files it names.

    As InterText has it, ``xtargets`` lists the *target* (``toDoc``) document's ids first:
    ``xtargets="s7;s3 s4"``; ``status="auto"`` marks links made by a program, ``"man"``
    those a person made or confirmed (``aligner edit``).
    """
    from_doc, to_doc = side_names(alignment, stem)
    root = etree.Element("linkGrp", toDoc=to_doc, fromDoc=from_doc)
    for bead in alignment.beads:
        etree.SubElement(
            root, "link", type=f"{len(bead.tgt)}-{len(bead.src)}", status=MANUAL_STATUS if bead.manual else STATUS,
            xtargets=" ".join(map(sentence_id, bead.tgt)) + ";" + " ".join(map(sentence_id, bead.src)),
        )
    main = serialise(root, doctype="<!DOCTYPE linkGrp>")
    return with_sentence_files(alignment, stem, f"{stem}.intertext.xml", main)


def render(alignment: Alignment, path: Path) -> dict[Path, bytes]:
    return beside(path, to_intertext(alignment, stem_of(path)), f"{stem_of(path)}.intertext.xml")
