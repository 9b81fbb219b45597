"""Small helpers shared by the XML exporters."""

from __future__ import annotations

from lxml import etree

from aligner.datatypes import Alignment, Document
from aligner.scripts import xml_safe


def serialise(root: etree._Element, *, doctype: str | None = None) -> bytes:
    tree = etree.ElementTree(root)
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)


def sentence_id(index: int) -> str:
    """Sentence ids in the exported sentence files: ``s`` + the 0-based index (as in TEI and TSV)."""
    return f"s{index}"


def sentence_file(document: Document, span: tuple[int, int]) -> bytes:
    """The aligned sentences of one side as an OPUS-style sentence file (``<s id>`` in ``<p>``)."""
    root = etree.Element("text")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", document.lang)
    paragraph_element = None
    current = None
    for sentence in document.sentences[span[0] : span[1]]:
        if paragraph_element is None or sentence.paragraph != current:
            current = sentence.paragraph
            paragraph_element = etree.SubElement(root, "p", id=f"p{current}")
        element = etree.SubElement(paragraph_element, "s", id=sentence_id(sentence.index))
        element.text = xml_safe(sentence.text)
    return serialise(root)


def side_names(alignment: Alignment, stem: str) -> tuple[str, str]:
    """File names of the two sentence files written beside an alignment file."""
    src, tgt = alignment.src.lang, alignment.tgt.lang
    if src == tgt:
        src, tgt = f"{src}1", f"{tgt}2"
    return f"{stem}.{src}.xml", f"{stem}.{tgt}.xml"


def with_sentence_files(alignment: Alignment, stem: str, main_name: str, main: bytes) -> dict[str, bytes]:
    """``{file name: bytes}``: an alignment file and the two sentence files it names
    (see :func:`side_names`)."""
    from_doc, to_doc = side_names(alignment, stem)
    return {main_name: main, from_doc: sentence_file(alignment.src, alignment.src_range),
            to_doc: sentence_file(alignment.tgt, alignment.tgt_range)}
