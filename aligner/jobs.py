"""Jobs: one alignment from files to files, as the align and batch commands run it.

Reads both inputs (through the cache unless it is off), checks them, aligns, refuses or
warns about an alignment that is not credible, and writes every requested format
atomically. Raises AlignerError subclasses; the CLI turns them into messages.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from aligner.config import CREDIBLE_Z, AlignConfig
from aligner.errors import InputError, OutputError
from aligner.formats import SUFFIXES, stem_of

logger = logging.getLogger("aligner.jobs")


def output_paths(output: Path, formats: list[str]) -> dict[str, Path]:
    """Where each format goes: ``output`` for the first, the same stem with the format's
    own ending beside it for the others."""
    paths = {formats[0]: output}
    for fmt in formats[1:]:
        paths[fmt] = output.with_name(stem_of(output) + SUFFIXES[fmt])
    return paths


def write_outputs(alignment: Any, paths: dict[str, Path], inputs: list[Path], *, split: bool = False) -> None:
    """Render every format first, check every file, then write each atomically."""
    from aligner.formats import render
    from aligner.output import check_output, write_atomic

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


def make_encoder(model: str, cache: Path | None, *, threads: int | None = None) -> Any:
    """The encoder for ``model``: behind the on-disk cache unless ``cache`` is None
    (``Path()`` means the default folder). The model itself loads only when needed."""
    from aligner import embed

    def build() -> Any:
        return embed.load_encoder(model, threads=threads)

    if cache is None:
        return embed.MemoEncoder(embed.LazyEncoder(build, embed.model_label(model)))
    from aligner.cache import CachedEncoder, EmbeddingCache, default_cache_dir, model_identity

    folder = cache if cache != Path() else default_cache_dir()
    return CachedEncoder(build, embed.model_label(model), EmbeddingCache(folder, model_identity(model)))


def check_language(path: Path, text: str, lang: str, *, strict: bool) -> None:
    from aligner.text.language import guess_language

    guessed = guess_language(text)
    if guessed and guessed != lang.split("-")[0]:
        message = (f"{path}: looks like '{guessed}' text, but the language given is '{lang}'; "
                   "check --src-lang/--tgt-lang (the segmenter follows the language given)")
        if strict:
            raise InputError(message)
        logger.warning("warning: %s", message)


def align_files(src: Path, tgt: Path, src_lang: str, tgt_lang: str, paths: dict[str, Path], *,
           presegmented: bool, model: str, encoding: str, strict: bool,
           described: dict[str, tuple[str, str]], split: bool, cache: Path | None,
           threads: int | None = None) -> None:
    from aligner.embed import available_cpus
    from aligner.output import check_output
    from aligner.pipeline import align_documents
    from aligner.text.segment import read_document

    for path in paths.values():
        check_output(path, [src, tgt])
    cpus = threads or available_cpus()
    encoder = make_encoder(model, cache, threads=threads)
    # Segmentation workers: one per CPU, but one CPU is left to the model when it loads
    # meanwhile (on 2 cores, loading beside two SoMaJo processes took 8 s instead of 5).
    workers = cpus
    if cache is None:
        encoder.preload()  # loads while the inputs are read and segmented
        workers = max(1, cpus - 1)

        def read(path: Path, lang: str) -> Any:
            return read_document(path, lang, presegmented=presegmented, encoding=encoding, workers=workers)
    else:
        from aligner.cache import default_cache_dir
        from aligner.text.documents import cached_read_document, document_cached

        folder = cache if cache != Path() else default_cache_dir()
        if not all(document_cached(path, lang, folder=folder, presegmented=presegmented, encoding=encoding)
                   for path, lang in ((src, src_lang), (tgt, tgt_lang)) if path.is_file()):
            encoder.preload()  # a new input will need the model; load it while segmenting
            workers = max(1, cpus - 1)

        def read(path: Path, lang: str) -> Any:
            return cached_read_document(path, lang, folder=folder, presegmented=presegmented, encoding=encoding,
                                        workers=workers)

    src_doc = dataclasses.replace(read(src, src_lang), title=described["src"][0], author=described["src"][1])
    tgt_doc = dataclasses.replace(read(tgt, tgt_lang), title=described["tgt"][0], author=described["tgt"][1])
    if src_doc.original == tgt_doc.original:
        raise InputError(f"{src} and {tgt} hold the same text; give a text and its translation")
    check_language(src, src_doc.original, src_doc.lang, strict=strict)
    check_language(tgt, tgt_doc.original, tgt_doc.lang, strict=strict)
    logger.info("%s: %d sentences; %s: %d sentences", src, len(src_doc.sentences), tgt, len(tgt_doc.sentences))
    config = AlignConfig(model=model)
    alignment = align_documents(src_doc, tgt_doc, encoder=encoder, config=config)
    if hasattr(encoder, "hits"):
        logger.info("embedding cache: %d texts found, %d embedded (%.1f s in the model)", encoder.hits,
                    encoder.misses, encoder.seconds)
    if alignment.credibility < CREDIBLE_Z:
        message = (f"no credible alignment found: the linked sentences stand only {alignment.credibility:.1f} "
                   f"standard deviations above random pairs (a translation scores about 6, the threshold is "
                   f"{CREDIBLE_Z}); {src} and {tgt} do not look like translations of each other")
        if strict:
            raise InputError(message + "; no output written (--strict)")
        logger.warning("warning: %s; the output's confidences are low accordingly", message)
    write_outputs(alignment, paths, [src, tgt], split=split)
    skips = sum(1 for bead in alignment.beads if not (bead.src and bead.tgt))
    logger.info("%d beads (%d skips); aligned %s sentences %d-%d with %s sentences %d-%d; credibility %.1f",
                len(alignment.beads), skips, src, alignment.src_range[0], alignment.src_range[1] - 1,
                tgt, alignment.tgt_range[0], alignment.tgt_range[1] - 1, alignment.credibility)
