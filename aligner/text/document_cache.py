"""The document cache: segmented documents on disk, keyed by everything that decides them.

Whole books take seconds to segment and milliseconds to load. An entry is keyed by the
file's bytes, the language, the reading options and the source of every module of the
text stage (``aligner/text/`` and its folders), so a cached segmentation is only used where segmenting
again would give the same one.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from aligner.atomic import write_atomic
from aligner.datatypes import Document, Paragraph, Sentence
from aligner.errors import OutputError
from aligner.text.extract import read_source

logger = logging.getLogger(__name__)


# The modules outside the text stage whose content decides a segmentation (the characters,
# the heading rule, the language facts, how XML is parsed); tests/test_layers.py checks
# that the text stage imports no other module that could.
SEGMENTATION_INPUTS = ("scripts.py", "headings.py", "languages.py", "xmlparse.py")


def _segmentation_code() -> bytes:
    """The source of every module of the text stage and of the modules it reads its rules
    from (all of them can change a segmentation): a change to any of them invalidates the cache."""
    folder = Path(__file__).resolve().parent
    paths = [*sorted(folder.rglob("*.py")), *(folder.parent / name for name in SEGMENTATION_INPUTS)]
    return b"".join(str(path.relative_to(folder.parent)).encode() + b"\0" + path.read_bytes() for path in paths)


def _document_entry(path: Path, lang: str, *, folder: Path, presegmented: bool, encoding: str) -> Path | None:
    """Where the segmentation of ``path`` is (or would be) cached; None if the file is unreadable.

    The key is the file's bytes, the language, the options and the segmentation code, so a
    cached result is only used where segmenting again would give the same one.
    """
    try:
        data = path.read_bytes() if path.is_file() else None
    except OSError:
        data = None
    if data is None:
        return None
    digest = hashlib.sha256(b"\0".join([
        data, lang.encode(), str(presegmented).encode(), encoding.encode(), _segmentation_code(),
    ])).hexdigest()
    return folder / "documents" / f"{digest}.json"


def document_cached(path: Path, lang: str, *, folder: Path, presegmented: bool = False,
                    encoding: str = "utf-8") -> bool:
    """True if :func:`cached_read_document` would find this document in ``folder``."""
    from aligner.text.language import language_tag

    entry = _document_entry(path, language_tag(lang), folder=folder, presegmented=presegmented, encoding=encoding)
    return entry is not None and entry.is_file()


def cached_read_document(path: Path, lang: str, *, folder: Path, presegmented: bool = False,
                         encoding: str = "utf-8", workers: int = 0) -> Document:
    """:func:`aligner.text.read.read_document`, remembering its result in ``folder``
    (see ``_document_entry`` for the key). Whole books take seconds to segment and
    milliseconds to load.
    """
    from aligner.text.language import language_tag
    from aligner.text.read import read_document, warn_notes

    lang = language_tag(lang)
    entry = _document_entry(path, lang, folder=folder, presegmented=presegmented, encoding=encoding)
    if entry is None:  # let read_document raise its specific error
        return read_document(path, lang, presegmented=presegmented, encoding=encoding)
    if entry.is_file():
        try:
            stored = json.loads(entry.read_text(encoding="utf-8"))
            original = read_source(path, encoding=encoding).text
            notes = tuple(stored.get("notes", ()))
            warn_notes(path, notes)  # a cached segmentation warns as a fresh one does
            return Document(path.name, lang, original, tuple(Paragraph(*p) for p in stored["paragraphs"]),
                            tuple(Sentence(*s) for s in stored["sentences"]), str(path), notes=notes,
                            sentence_ids=tuple(stored.get("ids", ())), source_format=stored.get("format", ""))
        except (OSError, ValueError, KeyError, TypeError):
            logger.warning("warning: %s: ignoring an unreadable cache entry %s", path, entry)
    document = read_document(path, lang, presegmented=presegmented, encoding=encoding, workers=workers)
    payload = json.dumps({
        "paragraphs": [[p.index, p.start, p.end, p.heading] for p in document.paragraphs],
        "sentences": [[s.index, s.text, s.start, s.end, s.paragraph] for s in document.sentences],
        "notes": list(document.notes),
        "ids": list(document.sentence_ids),
        "format": document.source_format,
    }, ensure_ascii=False).encode("utf-8")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, payload)
    except (OSError, OutputError) as exc:
        logger.warning("warning: %s: could not store the segmentation in the cache (%s)", path, exc)
    return document
