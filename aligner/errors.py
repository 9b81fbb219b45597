"""Errors: the small hierarchy every stage raises and only the CLI turns into exit codes."""

from __future__ import annotations


class AlignerError(Exception):
    """Base class: a problem the user can fix; the message says what and how."""


class InputError(AlignerError):
    """An input file or argument is unusable (missing, empty, undecodable, ...)."""


class EncoderError(AlignerError):
    """The embedding model could not be loaded or did not produce usable vectors."""


class OutputError(AlignerError):
    """An output file cannot be written where the user asked."""
