"""Extract: the text of structured inputs, with their paragraphs, headings and sentences.

Plain text goes to :mod:`aligner.text.ingest` as it is. Other inputs are recognised by
their ending or their first bytes and read with maintained parsers:

- XML (TEI, XCES and InterText sentence files, other XML with ``<p>``/``<s>``): lxml. An
  ``<s>`` is a sentence whatever splitting would say, and keeps its id; ``<w>`` tokens
  are joined with spaces (none before closing punctuation); ``<note>`` and the header
  are left out; markup is never read as text.
- HTML: lxml.html; EPUB: its spine's XHTML documents, in order (zipfile + lxml);
  headings are ``<h1>``-``<h6>``, paragraphs the other text blocks.
- DOCX: python-docx; headings are paragraphs in a Heading or Title style.
- PDF: pypdf's text, page after page, which then goes through the clean-up of printed
  lines (unwrapping, hyphens, headings) like text extracted by any other tool.

The extracted text, blocks separated by blank lines, is the text every offset points into
(the TEI header says so for these formats).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from aligner.errors import InputError
from aligner.xmlparse import parse_xml

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# Text blocks of HTML/XHTML: a paragraph each (headings apart); nested ones count once.
_HTML_BLOCKS = frozenset({"p", "li", "blockquote", "pre", "dd", "dt", "td", "th", "caption", "figcaption",
                          "address", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6"})
_HTML_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HTML_SKIPPED = frozenset({"head", "script", "style", "noscript", "template", "svg", "math", "nav"})
# Paragraph-like elements of TEI and other XML.
_XML_BLOCKS = frozenset({"p", "head", "l", "ab", "item", "quote", "title", "h1", "h2", "h3", "h4", "h5", "h6"})
_XML_HEADINGS = frozenset({"head", "title", "h1", "h2", "h3", "h4", "h5", "h6"})
_XML_SKIPPED = frozenset({"teiHeader", "note", "fw", "header", "cesHeader", "script", "style"})
_TOKENS = frozenset({"w", "c", "pc"})
_SPACE = re.compile(r"\s+")
# A token of closing punctuation, written without a space before it.
_CLOSING = re.compile(r"^[.,;:!?)\]}»”’…%]+$")


@dataclass(frozen=True)
class Block:
    """A paragraph or heading of the extracted text: ``text[start:end]``, and for XML
    with ``<s>`` elements its sentences as ``(start, end, id)``."""

    start: int
    end: int
    heading: bool
    sentences: tuple[tuple[int, int, str], ...] | None = None


@dataclass(frozen=True)
class Extracted:
    """What a file holds: the text offsets point into, its blocks (None for plain text
    and PDF, which ingest cleans itself), and its format (a key of ``FORMAT_NAMES``;
    "" for plain text)."""

    text: str
    blocks: tuple[Block, ...] | None
    kind: str = ""


def _local(element: etree._Element) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Writer:
    """Builds the extracted text block by block, one blank line between blocks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []

    def _put(self, text: str) -> tuple[int, int]:
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def block(self, text: str, heading: bool) -> None:
        text = _clean(text)
        if text:
            start, end = self._put(text)
            self.blocks.append(Block(start, end, heading))

    def sentences(self, sentences: list[tuple[str, str]], heading: bool) -> None:
        """A block of given sentences (text, id), joined by single spaces."""
        kept = [(_clean(text), sid) for text, sid in sentences if _clean(text)]
        if not kept:
            return
        start, _ = self._put(" ".join(text for text, _ in kept))
        spans, at = [], start
        for text, sid in kept:
            spans.append((at, at + len(text), sid))
            at += len(text) + 1
        self.blocks.append(Block(start, at - 1, heading, tuple(spans)))

    def result(self, kind: str, source: Path) -> Extracted:
        if not self.blocks:
            raise InputError(f"{source}: no text found in this {FORMAT_NAMES[kind]} file")
        return Extracted("".join(self.parts) + "\n", tuple(self.blocks), kind)


def kind_of(path: Path, head: bytes) -> str:
    """The format of a file, by its ending or else its first bytes: ``xml``, ``html``,
    ``epub``, ``docx``, ``pdf``, or ``text``."""
    suffix = path.suffix.lower()
    by_suffix = {".xml": "xml", ".tei": "xml", ".html": "html", ".htm": "html", ".xhtml": "html", ".epub": "epub",
                 ".docx": "docx", ".pdf": "pdf"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "epub" if b"application/epub+zip" in head[:100] else "docx"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if start.startswith(b"<?xml") or start.startswith(b"<tei"):
        return "xml"
    return "text"


# The formats' names as messages and the TEI header give them.
FORMAT_NAMES = {"xml": "XML", "html": "HTML", "epub": "EPUB", "docx": "DOCX", "pdf": "PDF"}


def read_source(path: Path, *, encoding: str = "utf-8") -> Extracted:
    """Read any supported input: plain text as :func:`aligner.text.ingest.read_text`
    reads it, the other formats through :func:`extract`.

    Raises:
        InputError: missing, unreadable, damaged, or holding no text.
    """
    from aligner.text.ingest import read_text

    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        head = b""  # read_text says what is wrong
    kind = kind_of(path, head) if path.is_file() else "text"
    if kind == "text":
        return Extracted(read_text(path, encoding=encoding), None, "")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    return extract(path, data, kind)


def extract(path: Path, data: bytes, kind: str) -> Extracted:
    """The text of ``data``, a file of format ``kind`` (not ``text``).

    Raises:
        InputError: the file is damaged, not of that format, or holds no text.
    """
    readers = {"xml": _xml, "html": _html_file, "epub": _epub, "docx": _docx, "pdf": _pdf}
    return readers[kind](path, data)


def _xml_tree(data: bytes, source: str) -> etree._Element:
    # A book may hold long elements and (older TEI) entities; they are kept unexpanded.
    return parse_xml(data, source=source, huge=True, allow_entities=True)


def _sentence_text(sentence: etree._Element) -> str:
    """The words of an ``<s>``: its ``<w>``/``<c>`` tokens joined with spaces, or its text."""
    tokens = [_clean("".join(t.itertext())) for t in sentence.iter() if _local(t) in _TOKENS]
    if tokens:
        joined = ""
        for token in filter(None, tokens):
            glued = not joined or _CLOSING.match(token)
            joined += token if glued else " " + token
        return joined
    return "".join(_texts(sentence, _XML_SKIPPED))


def _texts(element: etree._Element, skipped: frozenset[str]) -> Iterator[str]:
    """The text under ``element``, leaving out the subtrees of ``skipped`` elements."""
    if _local(element) in skipped:
        return
    if element.text:
        yield element.text
    for child in element:
        yield from _texts(child, skipped)
        if child.tail:
            yield child.tail


def _xml(path: Path, data: bytes) -> Extracted:
    root = _xml_tree(data, str(path))
    languages = {text.get("{http://www.w3.org/XML/1998/namespace}lang") for text in root.iter()
                 if _local(text) == "text"} - {None}
    if len(languages) > 1 or any(_local(e) == "linkGrp" for e in root.iter()):
        raise InputError(f"{path}: holds an alignment or texts in several languages ({', '.join(sorted(languages))});"
                         " give one text per language (aligner align --split writes them)")
    body = next((e for e in root.iter() if _local(e) in ("text", "body")), root)
    writer = _Writer()
    sentences = [s for s in body.iter() if _local(s) == "s"]
    if sentences:
        group: list[tuple[str, str]] = []
        parent = None
        for sentence in sentences:
            container = _container(sentence)
            if container is not parent and group:
                writer.sentences(group, parent is not None and _local(parent) in _XML_HEADINGS)
                group = []
            parent = container
            group.append((_sentence_text(sentence), sentence.get(XML_ID) or sentence.get("id") or ""))
        writer.sentences(group, parent is not None and _local(parent) in _XML_HEADINGS)
        return writer.result("xml", path)
    blocks = [e for e in body.iter() if _local(e) in _XML_BLOCKS and not _inside(e, _XML_BLOCKS | _XML_SKIPPED)]
    for block in blocks:
        writer.block("".join(_texts(block, _XML_SKIPPED)), _local(block) in _XML_HEADINGS)
    if not blocks:
        writer.block("".join(_texts(body, _XML_SKIPPED)), False)
    return writer.result("xml", path)


def _container(sentence: etree._Element) -> etree._Element | None:
    """The paragraph (or heading) an ``<s>`` belongs to: its nearest block ancestor, or its parent."""
    for ancestor in sentence.iterancestors():
        if _local(ancestor) in _XML_BLOCKS:
            return ancestor
    return sentence.getparent()


def _inside(element: etree._Element, names: frozenset[str]) -> bool:
    return any(_local(ancestor) in names for ancestor in element.iterancestors())


def _html_blocks(root: etree._Element, writer: _Writer) -> None:
    """Leaf text blocks of an (X)HTML tree, in order: a block holding other blocks gives
    only its own loose text."""
    def walk(element: etree._Element) -> None:
        name = _local(element).lower()
        if name in _HTML_SKIPPED:
            return
        children = [child for child in element if _local(child)]
        has_blocks = any(_local(child).lower() in _HTML_BLOCKS or _has_block(child) for child in children)
        if name in _HTML_BLOCKS and not has_blocks:
            writer.block("".join(_texts(element, _HTML_SKIPPED)), name in _HTML_HEADINGS)
            return
        loose = [element.text or ""]
        for child in element:
            child_name = _local(child).lower()
            if child_name in _HTML_BLOCKS or _has_block(child):
                writer.block("".join(loose), False)
                loose = []
                walk(child)
            elif child_name and child_name not in _HTML_SKIPPED:
                loose.append("".join(_texts(child, _HTML_SKIPPED)))
            loose.append(child.tail or "")
        writer.block("".join(loose), False)

    body = next((e for e in root.iter() if _local(e).lower() == "body"), root)
    walk(body)


def _has_block(element: etree._Element) -> bool:
    return any(_local(e).lower() in _HTML_BLOCKS for e in element.iterdescendants())


def _html_file(path: Path, data: bytes) -> Extracted:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{path}: cannot be read as HTML ({exc})") from None
    writer = _Writer()
    _html_blocks(root, writer)
    return writer.result("html", path)


def _zip(path: Path, data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{path}: not a valid {kind} file (not a ZIP archive)") from None


def _epub(path: Path, data: bytes) -> Extracted:
    archive = _zip(path, data, "EPUB")
    try:
        container = _xml_tree(archive.read("META-INF/container.xml"), f"{path}: META-INF/container.xml")
        rootfile = next(e.get("full-path") for e in container.iter() if _local(e) == "rootfile")
        package = _xml_tree(archive.read(rootfile), f"{path}: {rootfile}")
    except (KeyError, StopIteration):
        raise InputError(f"{path}: not a valid EPUB file (no container.xml or package document)") from None
    folder = posixpath.dirname(rootfile)
    manifest = {item.get("id"): item.get("href") for item in package.iter() if _local(item) == "item"}
    spine = [manifest.get(ref.get("idref")) for ref in package.iter() if _local(ref) == "itemref"]
    writer = _Writer()
    for href in filter(None, spine):
        name = str(PurePosixPath(folder, href.split("#")[0])) if folder else href.split("#")[0]
        try:
            document = archive.read(name)
        except KeyError:
            raise InputError(f"{path}: the EPUB's reading order names {name}, which it does not hold") from None
        try:
            root = parse_xml(document, source=f"{path}: {name}", huge=True, recover=True, allow_entities=True)
        except InputError:
            continue  # a document of the reading order with no element left holds no text
        _html_blocks(root, writer)
    return writer.result("epub", path)


def _docx(path: Path, data: bytes) -> Extracted:
    import docx

    _zip(path, data, "DOCX").close()
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a valid DOCX file ({exc}); old .doc files must be saved as DOCX first") from None
    writer = _Writer()
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        writer.block(paragraph.text, style.startswith(("Heading", "Title")))
    return writer.result("docx", path)


def _pdf(path: Path, data: bytes) -> Extracted:
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (pypdf.errors.PdfReadError, ValueError, KeyError) as exc:
        raise InputError(f"{path}: cannot be read as PDF ({exc})") from None
    text = "\n\n".join(page.strip("\n") for page in pages).strip()
    if not text:
        raise InputError(f"{path}: no text found in this PDF (a scanned book needs OCR first)")
    return Extracted(text + "\n", None, "pdf")
