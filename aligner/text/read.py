"""Read: a file or a text as a :class:`~aligner.datatypes.Document`, the text stage in
one way through: extract (a file's format to text and blocks) -> ingest (clean, find the
paragraphs) -> segment (sentences per language) -> the Document. The document cache
(``aligner.text.document_cache``) wraps this one path.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from aligner.datatypes import Document, Paragraph, Sentence
from aligner.errors import InputError
from aligner.text.ingest import CleanParagraph, clean_paragraphs, split_lines
from aligner.text.language import language_tag
from aligner.text.segment import segment_paragraphs

if TYPE_CHECKING:
    from aligner.text.extract import Extracted

logger = logging.getLogger(__name__)


def read_document(
    path: Path, lang: str, *, presegmented: bool = False, encoding: str = "utf-8", name: str | None = None,
    workers: int = 0,
) -> Document:
    """Read a file into a :class:`Document`: ingest, then segment.

    Args:
        path: a UTF-8 text file (BOM and CRLF allowed).
        lang: ISO 639 code of the text's language.
        presegmented: the file holds one sentence per line; line k becomes sentence k.
        encoding: codec of the file.
        name: short name for the document (default: the file name).
        workers: worker processes to segment a long text in (for slow splitters; 0: none).

    Raises:
        InputError: the file is unusable, or holds no sentence.
    """
    from aligner.text.extract import FORMAT_NAMES, read_source

    source = read_source(path, encoding=encoding)
    if presegmented and source.kind:
        raise InputError(f"{path}: --presegmented reads plain text, one sentence per line; this is a "
                         f"{FORMAT_NAMES[source.kind]} file (its <s> elements, if any, are kept as sentences anyway)")
    if source.blocks is None:
        document = document_from_text(source.text, lang, path=path, name=name, presegmented=presegmented,
                                      workers=workers)
        return dataclasses.replace(document, source_format=source.kind)
    return document_from_blocks(source, lang, path=path, name=name, workers=workers)


def document_from_blocks(source: Extracted, lang: str, *, path: Path, name: str | None = None,
                         workers: int = 0) -> Document:
    """A :class:`Document` of an extracted structured text: its blocks are the paragraphs
    and headings; their sentences are the ones the input marked (XML ``<s>``, ids kept),
    or else found by splitting.

    Raises:
        InputError: a bad language code.
    """
    lang = language_tag(lang)
    blocks = source.blocks or ()
    notes: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    if blocks and all(block.sentences is not None for block in blocks):
        paragraphs = tuple(Paragraph(k, b.start, b.end, b.heading) for k, b in enumerate(blocks))
        marked = [(start, end, sid, k) for k, b in enumerate(blocks) for start, end, sid in b.sentences or ()]
        sentences = tuple(Sentence(n, source.text[start:end], start, end, k)
                          for n, (start, end, _, k) in enumerate(marked))
        ids = tuple(sid for _, _, sid, _ in marked)
    else:
        cleaned = [CleanParagraph(source.text[b.start : b.end], range(b.start, b.end), b.heading) for b in blocks]
        paragraphs, sentences, notes = segment_paragraphs(cleaned, lang, workers=workers)
    warn_notes(path, notes)
    return Document(name or path.name, lang, source.text, paragraphs, sentences, str(path), notes=notes,
                    sentence_ids=ids, source_format=source.kind)


def document_from_text(original: str, lang: str, *, path: Path, name: str | None = None,
                       presegmented: bool = False, workers: int = 0) -> Document:
    """A :class:`Document` of a text already read (see :func:`read_document`); ``path``
    names it in messages and in the outputs.

    Raises:
        InputError: a bad language code, or no sentence in the text.
    """
    lang = language_tag(lang)
    notes: tuple[str, ...] = ()
    if not original.strip():
        raise InputError(f"{path}: is empty or holds only whitespace")
    if presegmented:
        paragraphs, sentences = _presegmented(original)
    else:
        paragraphs, sentences, notes = segment_paragraphs(clean_paragraphs(original), lang, workers=workers)
    if not sentences:
        raise InputError(f"{path}: no sentence found")
    warn_notes(path, notes)
    return Document(name or path.name, lang, original, paragraphs, sentences, str(path), notes=notes)


def warn_notes(path: Path, notes: tuple[str, ...]) -> None:
    """Log each note about a file as a warning naming the file."""
    for note in notes:
        logger.warning("warning: %s: %s", path, note)


def _presegmented(original: str) -> tuple[tuple[Paragraph, ...], tuple[Sentence, ...]]:
    lines = split_lines(original)
    sentences = []
    for index, line in enumerate(lines):
        lead = len(line.text) - len(line.text.lstrip())
        text = " ".join(line.text.split())
        sentences.append(Sentence(index, text, line.start + lead, line.start + len(line.text.rstrip()), 0))
    paragraph = Paragraph(0, lines[0].start, lines[-1].start + len(lines[-1].text))
    return (paragraph,), tuple(sentences)
