"""Formats: one registry of every output format, name -> file ending -> writer (-> reader).

Each format lives in one module of this package that defines
``render(alignment, path) -> {path: bytes}`` (the main file at ``path``, plus any file
it points to, beside it). Adding a format means one module and one line in ``REGISTRY``.
Modules are imported when a format is used, so the registry costs nothing to import.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from pathlib import Path

from aligner.datatypes import Alignment, BeadIds, Versions
from aligner.errors import InputError, OutputError

logger = logging.getLogger("aligner.jobs")


@dataclass(frozen=True)
class Format:
    """An output format: its name (``--format``), file ending, the module that renders
    it, and what it is for."""

    name: str
    suffix: str
    module: str
    description: str

    def render(self, alignment: Alignment | Versions, path: Path) -> dict[Path, bytes]:
        """Files to write: ``{path: bytes}`` plus the files the main one points to (a
        :class:`Versions` only to the formats of ``VERSIONS_FORMATS``)."""
        return importlib.import_module(self.module).render(alignment, path)


REGISTRY: dict[str, Format] = {fmt.name: fmt for fmt in (
    Format("tei", ".tei.xml", "aligner.formats.tei", "TEI P5: texts, sentences and a linkGrp of the beads"),
    Format("tsv", ".tsv", "aligner.formats.tsv", "one bead per line: ids, score, confidence, texts"),
    Format("ladder", ".ladder.txt", "aligner.formats.ladder", "Vecalign/Bertalign '[i]:[j, k]' lines"),
    Format("xces", ".xces.xml", "aligner.formats.xces", "OPUS XCES cesAlign plus two sentence files"),
    Format("intertext", ".intertext.xml", "aligner.formats.intertext", "InterText linkGrp plus two sentence files"),
    Format("tmx", ".tmx", "aligner.formats.tmx", "TMX 1.4b translation memory (no 1-0/0-1 beads)"),
    Format("html", ".html", "aligner.formats.html", "the side-by-side reading view, one offline page"),
)}
FORMATS = tuple(REGISTRY)
# File name endings per format.
SUFFIXES = {name: fmt.suffix for name, fmt in REGISTRY.items()}


def stem_of(path: Path) -> str:
    """The file name without the format ending (``pair.tei.xml`` -> ``pair``)."""
    name = path.name
    return next((name[: -len(s)] for s in SUFFIXES.values() if name.endswith(s)), path.stem)


def format_of(path: Path) -> str | None:
    """The format whose ending ``path`` has (the longest ending that fits), or None."""
    fits = [name for name, suffix in SUFFIXES.items() if path.name.endswith(suffix)]
    return max(fits, key=lambda name: len(SUFFIXES[name]), default=None)


def choose_formats(output: Path | None, asked: list[str]) -> list[str]:
    """The formats to write: those asked for (``--format``, the first one at ``output``),
    or, when none were, the one ``output``'s ending names (TEI for no output or another
    ending).

    Raises:
        InputError: ``output``'s ending names another format than the first one asked for.
    """
    named = format_of(output) if output is not None else None
    if not asked:
        return [named or "tei"]
    if output is not None and named is not None and named != asked[0]:
        raise InputError(f"{output}: the ending {SUFFIXES[named]!r} is that of the {named} format, but "
                         f"--format {asked[0]} comes first; name the file {stem_of(output)}{SUFFIXES[asked[0]]} "
                         f"or leave out --format")
    return list(dict.fromkeys(asked))


def beside(path: Path, files: dict[str, bytes], main_name: str) -> dict[Path, bytes]:
    """``{file name: bytes}`` as paths: the file called ``main_name`` at ``path``, the
    others in the same folder."""
    return {path if name == main_name else path.with_name(name): data for name, data in files.items()}


# The formats that hold several versions of a text (the others hold two).
VERSIONS_FORMATS = ("tei", "tsv", "html")


def render(alignment: Alignment | Versions, fmt: str, path: Path, *, split: bool = False) -> dict[Path, bytes]:
    """Files to write for ``fmt`` with main output ``path``: ``{path: bytes}``, plus the
    sentence files that XCES and InterText alignments (and split TEI) point to, beside it.

    Raises:
        InputError: a format that holds two versions, asked for an alignment of more.
    """
    if isinstance(alignment, Versions):
        if fmt not in VERSIONS_FORMATS:
            raise InputError(f"the {fmt} format holds two versions of a text, and this alignment has "
                             f"{len(alignment.documents)}; write {', '.join(VERSIONS_FORMATS)}, or take a pair out "
                             "of it (aligner convert FILE --pair A,B --to FORMAT)")
        if fmt == "tei":
            from aligner.formats.tei_versions import render as render_versions

            return render_versions(alignment, path, split=split)
        return REGISTRY[fmt].render(alignment, path)
    if fmt == "tei" and split:
        from aligner.formats.tei import render_split

        return render_split(alignment, path)
    return REGISTRY[fmt].render(alignment, path)


def read_alignment(path: Path) -> Alignment | Versions:
    """An alignment that aligner wrote as TEI: of two texts (an :class:`Alignment`) or of
    several versions (:class:`Versions`); a single file or the stand-off file of ``--split``.

    Raises:
        InputError: unreadable, or not aligner's TEI.
    """
    from aligner.formats.tei_read import read_tei, tei_parts

    if len(tei_parts(path).texts) == 2:
        return read_tei(path)
    from aligner.formats.tei_versions import read_versions

    return read_versions(path)


def read_pair(path: Path, pair: tuple[str, str] | None = None) -> Alignment:
    """A TEI alignment of two texts, or two versions (``pair``: their names, see
    ``Versions.version``) of an alignment of several.

    Raises:
        InputError: unreadable or not aligner's TEI; several versions and no ``pair``, or a
            pair that names no version.
    """
    alignment = read_alignment(path)
    if isinstance(alignment, Alignment):
        if pair is not None:
            raise InputError(f"{path}: aligns two texts; --pair takes two versions out of an alignment of more")
        return alignment
    if pair is None:
        names = ", ".join(f"{text_id} ({d.name})" for text_id, d in zip(alignment.ids, alignment.documents,
                                                                          strict=True))
        raise InputError(f"{path}: aligns {len(alignment.documents)} versions ({names}); name two with --pair A,B")
    return alignment.pair(*pair)


def parse_pair(text: str | None) -> tuple[str, str] | None:
    """``--pair A,B`` as two names (None when not given).

    Raises:
        InputError: not two names separated by a comma.
    """
    if text is None:
        return None
    names = [name.strip() for name in text.split(",")]
    if len(names) != 2 or not all(names):
        raise InputError(f"--pair {text!r}: expected two versions separated by a comma, e.g. --pair en,uk")
    return names[0], names[1]


def read_beads(path: Path, pair: tuple[str, str] | None = None) -> list[BeadIds]:
    """The beads of an alignment file in any format that holds sentence ids: our TEI, our
    TSV, or a ladder file (told apart by their first line).

    Raises:
        InputError: unreadable, or a line of none of those formats.
    """
    from aligner.formats.ladder import parse_ladder
    from aligner.formats.tsv import HEADER, parse_tsv
    from aligner.text.ingest import read_text

    text = read_text(path)
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if first.startswith("<"):
        return [bead.ids for bead in read_pair(path, pair).beads]
    if first.split("\t")[:2] == list(HEADER[:2]):
        return parse_tsv(text, source=str(path))
    return parse_ladder(text, source=str(path))


def read_bead_texts(path: Path, pair: tuple[str, str] | None = None) -> list[tuple[BeadIds, str, str]] | None:
    """The beads of an alignment file with their texts (our TEI or TSV), in order; None
    for a format that holds no text (a ladder file).

    Raises:
        InputError: unreadable, or a line of none of those formats.
    """
    from aligner.formats.tsv import HEADER, parse_tsv_texts
    from aligner.text.ingest import read_text

    text = read_text(path)
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if first.startswith("<"):
        alignment = read_pair(path, pair)
        return [(bead.ids, alignment.src.joined(bead.src), alignment.tgt.joined(bead.tgt))
                for bead in alignment.beads]
    if first.split("\t")[:2] == list(HEADER[:2]):
        return parse_tsv_texts(text, source=str(path))
    return None


def output_paths(output: Path, formats: list[str]) -> dict[str, Path]:
    """Where each format goes: ``output`` for the first, the same stem with the format's
    own ending beside it for the others."""
    paths = {formats[0]: output}
    for fmt in formats[1:]:
        paths[fmt] = output.with_name(stem_of(output) + SUFFIXES[fmt])
    return paths


def write_outputs(alignment: Alignment | Versions, paths: dict[str, Path], inputs: list[Path], *,
                  split: bool = False) -> None:
    """Render every format first, check every file, then write each atomically."""
    from aligner.atomic import check_output, write_atomic

    files: dict[Path, bytes] = {}
    for fmt, path in paths.items():
        for target, data in render(alignment, fmt, path, split=split).items():
            if target in files:
                raise OutputError(f"{target}: two of the formats asked for would both write this file")
            files[target] = data
    for target in files:
        check_output(target, inputs)
    for target, data in files.items():
        write_atomic(target, data)
        logger.info("wrote %s", target)
