"""aligner: sentence alignment of a text and its translation, with TEI output.

Importing is instant and offline: the names below load their modules on first use, and
the model loads only when an encoder is built.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it (imported on first use: numba, lxml and the
# model stay out of ``import aligner``).
_EXPORTS = {
    "AlignConfig": "aligner.config",
    "Alignment": "aligner.datatypes",
    "Bead": "aligner.datatypes",
    "BeadIds": "aligner.datatypes",
    "Document": "aligner.datatypes",
    "Paragraph": "aligner.datatypes",
    "Sentence": "aligner.datatypes",
    "AlignerError": "aligner.errors",
    "EncoderError": "aligner.errors",
    "InputError": "aligner.errors",
    "OutputError": "aligner.errors",
    "align_documents": "aligner.pipeline",
    "read_document": "aligner.text.segment",
}

if TYPE_CHECKING:
    from aligner.config import AlignConfig
    from aligner.datatypes import Alignment, Bead, BeadIds, Document, Paragraph, Sentence
    from aligner.errors import AlignerError, EncoderError, InputError, OutputError
    from aligner.pipeline import align_documents
    from aligner.text.segment import read_document

__all__ = [
    "AlignConfig", "Alignment", "AlignerError", "Bead", "BeadIds", "Document", "EncoderError", "InputError",
    "OutputError", "Paragraph", "Sentence", "__version__", "align_documents", "read_document",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'aligner' has no attribute {name!r}")
