"""aligner: sentence alignment of a text and its translation, with TEI output.

Importing is instant and offline: the model loads only when an encoder is built.
"""

from __future__ import annotations

__version__ = "0.1.0"

from aligner.config import AlignConfig  # noqa: E402
from aligner.datatypes import Alignment, Bead, Document, Paragraph, Sentence  # noqa: E402
from aligner.errors import AlignerError, EncoderError, InputError, OutputError  # noqa: E402
from aligner.pipeline import align_documents  # noqa: E402
from aligner.text.segment import read_document  # noqa: E402

__all__ = [
    "AlignConfig", "Alignment", "AlignerError", "Bead", "Document", "EncoderError", "InputError", "OutputError",
    "Paragraph", "Sentence", "__version__", "align_documents", "read_document",
]
