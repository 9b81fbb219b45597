"""TMX 1.4b export: one translation unit per bead with sentences on both sides."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from aligner import __version__
from aligner.datatypes import Alignment
from aligner.formats.xmlutil import serialise
from aligner.scripts import xml_safe

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def to_tmx(alignment: Alignment) -> bytes:
    """TMX cannot express a sentence without a counterpart: 1-0 and 0-1 beads are left
    out (the header's note says how many). Each unit carries its bead type and confidence
    as ``x-`` properties; a unit a person made or confirmed (``aligner edit``) names them
    in TMX's ``changeid``."""
    src, tgt = alignment.src, alignment.tgt
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root, "header", creationtool="aligner", creationtoolversion=__version__, segtype="sentence",
        adminlang="en", srclang=src.lang, datatype="plaintext", **{"o-tmf": "aligner"},
    )
    skipped = sum(1 for bead in alignment.beads if not bead.linked)
    note = etree.SubElement(header, "note")
    note.text = f"Aligned {src.name} with {tgt.name}; {skipped} sentences without a counterpart are not included."
    body = etree.SubElement(root, "body")
    for number, bead in enumerate(alignment.beads):
        if not bead.linked:
            continue
        unit = etree.SubElement(body, "tu", tuid=f"b{number}")
        if bead.manual:
            unit.set("changeid", bead.resp)
        for kind, value in (("x-bead-type", bead.kind), ("x-confidence", f"{bead.confidence:.4f}")):
            prop = etree.SubElement(unit, "prop", type=kind)
            prop.text = value
        for document, ids in ((src, bead.src), (tgt, bead.tgt)):
            variant = etree.SubElement(unit, "tuv", {XML_LANG: document.lang})
            segment = etree.SubElement(variant, "seg")
            segment.text = xml_safe(document.joined(ids))
    return serialise(root)


def render(alignment: Alignment, path: Path) -> dict[Path, bytes]:
    return {path: to_tmx(alignment)}
