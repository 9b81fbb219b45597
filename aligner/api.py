"""The Python API: ``aligner.align`` and ``aligner.read``, for scripts and notebooks.

They run the same code as the command line (``aligner.jobs.align_sources``), with the
same defaults, model, cache and errors, and return an :class:`~aligner.datatypes.Alignment`
that can be iterated, shown, converted and written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aligner.config import AlignConfig
from aligner.config import preset as named_preset
from aligner.datatypes import Alignment
from aligner.errors import InputError

# Longest string taken for a file name rather than for a text (a path is one short line).
_MAX_PATH_CHARS = 4096
# A string with no space that ends like a file name (".txt") is a path that is not there.
_ENDING = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def _source(value: str | os.PathLike[str] | Sequence[str], lang: str | None, name: str) -> Any:
    """A ``jobs.Source`` for a path, a text or a list of sentences."""
    from aligner.jobs import Source

    if isinstance(value, os.PathLike):
        return Source(Path(value), lang)
    if isinstance(value, str):
        one_line = len(value) < _MAX_PATH_CHARS and "\n" not in value
        if one_line and os.path.isfile(value):
            return Source(Path(value), lang)
        if one_line and not any(c.isspace() for c in value) and (os.sep in value or _ENDING.search(value)):
            raise InputError(f"{value}: no such file (a string is taken for a file name when it names one, "
                             "for a text to align otherwise)")
        return Source(Path(name), lang, text=value)
    if isinstance(value, Sequence) and all(isinstance(item, str) for item in value):
        lines = [" ".join(item.split()) for item in value]
        if not lines or not all(lines):
            raise InputError(f"{name}: a list of sentences must hold at least one, and no empty one")
        return Source(Path(name), lang, text="\n".join(lines) + "\n", presegmented=True)
    raise InputError(f"{name}: expected a path, a text or a list of sentences, got {type(value).__name__}")


def align(
    src: str | os.PathLike[str] | Sequence[str],
    tgt: str | os.PathLike[str] | Sequence[str],
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    *,
    model: str | None = None,
    preset: str = "default",
    config: AlignConfig | None = None,
    cache: bool | str | os.PathLike[str] = True,
    strict: bool = False,
    **settings: Any,
) -> Alignment:
    """Align a text and its translation, as ``aligner align`` does.

    Args:
        src: the source: a path (a ``Path``, or a string naming an existing file), the
            text itself (a string), or its sentences (a list of strings, one sentence
            each, taken as they are).
        tgt: its translation, in any of the same forms.
        src_lang: ISO 639-1 or 639-3 code of ``src`` (``"de"``, ``"fra"``); None: detected.
        tgt_lang: the same for ``tgt``.
        model: a sentence-transformers model name or local path (default: the bundled
            Universal Sentence Encoder multilingual).
        preset: settings to start from (``"default"`` or ``"bertalign"``).
        config: complete settings instead (``AlignConfig``); ``settings`` still apply.
        cache: True for the user's cache folder, a folder, or False for no disk cache.
        strict: raise instead of warning when the texts do not look like translations
            of each other or a text is not in the language given.
        **settings: any setting of ``AlignConfig`` by name, e.g. ``skip_score=-0.2``,
            ``max_bead_total=6`` (see ``aligner/config.py`` for all of them).

    Returns:
        The alignment: iterate over it for the linked texts, ``to_dataframe()``,
        ``to_tei()``, ``write(path)``; in a notebook it shows the side-by-side view.

    Raises:
        InputError: an unusable input, language code or setting (the message says which).
        EncoderError: the model cannot be loaded.
    """
    from aligner.cache import default_cache_dir
    from aligner.jobs import AlignRequest, align_sources

    base = config if config is not None else named_preset(preset)
    if model is not None:
        settings = {**settings, "model": model}
    request = AlignRequest(_source(src, src_lang, "source"), _source(tgt, tgt_lang, "target"), strict=strict,
                           config=base.with_settings(settings))
    folder = None if cache is False else default_cache_dir() if cache is True else Path(cache)
    return align_sources(request, cache=folder)


def read(path: str | os.PathLike[str]) -> Alignment:
    """Read an alignment that aligner wrote as TEI (a single file, or the stand-off file
    of a ``--split`` alignment).

    Raises:
        InputError: unreadable, or not aligner's TEI.
    """
    from aligner.formats.tei_read import read_tei

    return read_tei(Path(path))
