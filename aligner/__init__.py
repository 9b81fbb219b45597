"""aligner: sentence alignment of a text and its translation, with TEI output.

    >>> import aligner
    >>> alignment = aligner.align("book.de.txt", "book.en.txt")   # paths, texts or lists of sentences
    >>> for pair in alignment: print(pair.confidence, pair.src_text, "|", pair.tgt_text)
    >>> alignment.write("book.tei.xml")                            # or .tsv, .html, ...
    >>> aligner.read("book.tei.xml").to_dataframe()                # needs pandas

Importing is instant and offline: the names below load their modules on first use, and
the model loads only when an alignment needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it (imported on first use: numba, lxml and the
# model stay out of ``import aligner``).
_EXPORTS = {
    "align": "aligner.api",
    "read": "aligner.api",
    "AlignConfig": "aligner.config",
    "AlignedPair": "aligner.datatypes",
    "Alignment": "aligner.api",
    "Bead": "aligner.datatypes",
    "BeadIds": "aligner.datatypes",
    "Document": "aligner.datatypes",
    "Paragraph": "aligner.datatypes",
    "Sentence": "aligner.datatypes",
    "Row": "aligner.datatypes",
    "Versions": "aligner.api",
    "VersionRow": "aligner.datatypes",
    "AlignerError": "aligner.errors",
    "EncoderError": "aligner.errors",
    "InputError": "aligner.errors",
    "OutputError": "aligner.errors",
    "align_documents": "aligner.api",
    "align_versions": "aligner.api",
    "read_document": "aligner.text.read",
}

if TYPE_CHECKING:
    from aligner.api import Alignment, Versions, align, align_documents, align_versions, read
    from aligner.config import AlignConfig
    from aligner.datatypes import (
        AlignedPair,
        Bead,
        BeadIds,
        Document,
        Paragraph,
        Row,
        Sentence,
        VersionRow,
    )
    from aligner.errors import AlignerError, EncoderError, InputError, OutputError
    from aligner.text.read import read_document

__all__ = [
    "AlignConfig", "AlignedPair", "Alignment", "AlignerError", "Bead", "BeadIds", "Document", "EncoderError",
    "InputError", "OutputError", "Paragraph", "Row", "Sentence", "VersionRow", "Versions", "__version__", "align",
    "align_documents", "align_versions", "read", "read_document",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'aligner' has no attribute {name!r}")
