"""Jobs: one alignment from files to files, as the align and batch commands run it.

An :class:`AlignRequest` says what to align and where to write it; :func:`align_files`
reads both inputs (through the document cache unless it is off), checks them, aligns,
refuses or warns about an alignment that is not credible, and writes every requested
format atomically. Raises AlignerError subclasses; the CLI turns them into messages.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aligner.config import AlignConfig
from aligner.datatypes import Alignment, Document, Versions
from aligner.embed import ManagedEncoder
from aligner.errors import InputError
from aligner.formats import write_outputs
from aligner.models import choose_model

# The encoder of a model (by its name), as a caller that keeps them provides it.
EncoderSource = Callable[[str], ManagedEncoder]

logger = logging.getLogger("aligner.jobs")


@dataclass(frozen=True)
class Source:
    """One input: the file, its language (None: detected from the text), and how the
    TEI header describes the work (title and author, empty when not given). ``text``,
    when given, is the input itself (then ``path`` only names it); ``presegmented``
    takes each line as a sentence."""

    path: Path
    lang: str | None = None
    title: str = ""
    author: str = ""
    text: str | None = None
    presegmented: bool = False

    def read(self, encoding: str) -> str:
        """The input's text (for XML, HTML, EPUB, DOCX and PDF: the text extracted)."""
        from aligner.text.extract import read_source

        return self.text if self.text is not None else read_source(self.path, encoding=encoding).text


@dataclass(frozen=True)
class AlignRequest:
    """What to align and where to write it.

    ``outputs`` maps each format to its file, the first being the main output (see
    :func:`output_paths`; none for :func:`align_sources`); ``split`` writes TEI as one
    file per language plus a stand-off alignment; ``strict`` turns the credibility and
    language warnings into errors.
    """

    src: Source
    tgt: Source
    outputs: dict[str, Path] = field(default_factory=dict)
    encoding: str = "utf-8"
    strict: bool = False
    split: bool = False
    config: AlignConfig = field(default_factory=AlignConfig)


def make_encoder(model: str, cache: Path | None, *, threads: int | None = None) -> ManagedEncoder:
    """The encoder for ``model``: behind the on-disk cache in folder ``cache``, or behind
    an in-memory one when ``cache`` is None. The model itself loads only when needed."""
    from aligner import embed

    def build() -> embed.Encoder:
        return embed.load_encoder(model, threads=threads)

    if cache is None:
        return embed.MemoEncoder(build, embed.model_label(model))
    from aligner.cache import CachedEncoder, EmbeddingCache, model_identity

    return CachedEncoder(build, embed.model_label(model), EmbeddingCache(cache, model_identity(model)))


def check_language(path: Path, text: str, lang: str, *, strict: bool, cache: Path | None = None) -> None:
    """Warn (or, ``strict``, refuse) when ``text`` is surely in another language than ``lang``."""
    from aligner.languages import primary
    from aligner.text.language import guess_language

    guessed = guess_language(text, cache)
    if guessed and primary(guessed) != primary(lang):
        message = (f"{path}: looks like '{guessed}' text, but the language given is '{lang}'; "
                   "check --src-lang/--tgt-lang (the segmenter follows the language given)")
        if strict:
            raise InputError(message)
        logger.warning("warning: %s", message)


def resolve_language(source: Source, request: AlignRequest | VersionsRequest, cache: Path | None) -> Source:
    """The source with its language: as given (checked against the text, see
    :func:`check_language`), or detected from the text (refused when unsure)."""
    from aligner.text.language import detect_language, language_tag

    text = source.read(request.encoding)
    if source.lang is None:
        return dataclasses.replace(source, lang=detect_language(source.path, text, folder=cache))
    lang = language_tag(source.lang)
    check_language(source.path, text, lang, strict=request.strict, cache=cache)
    return dataclasses.replace(source, lang=lang)


def read_input(source: Source, request: AlignRequest | VersionsRequest, cache: Path | None,
               workers: int) -> Document:
    """One input as a Document (from the document cache in folder ``cache`` when it is
    there), described as the request says; its language must be known."""
    from aligner.text.document_cache import cached_read_document
    from aligner.text.read import document_from_text, read_document

    assert source.lang is not None, "resolve_language first"
    if source.text is not None:
        document = document_from_text(source.text, source.lang, path=source.path, presegmented=source.presegmented,
                                      workers=workers)
    elif cache is None:
        document = read_document(source.path, source.lang, presegmented=source.presegmented,
                                 encoding=request.encoding, workers=workers)
    else:
        document = cached_read_document(source.path, source.lang, folder=cache, presegmented=source.presegmented,
                                        encoding=request.encoding, workers=workers)
    return dataclasses.replace(document, title=source.title, author=source.author)


def align_files(request: AlignRequest, *, cache: Path | None, threads: int | None = None,
                encoders: EncoderSource | None = None) -> Alignment:
    """Run a request: read, check, align (:func:`align_sources`), write every output.
    ``cache`` is the cache folder (None: no disk cache); ``threads`` the CPUs to use
    (default: all available); ``encoders`` gives the encoder of a model (a batch worker
    keeps its own, loaded once), else one is made for this pair.

    Returns:
        The alignment written.
    """
    from aligner.atomic import check_output

    inputs = [source.path for source in (request.src, request.tgt) if source.text is None]
    for path in request.outputs.values():
        check_output(path, inputs)
    alignment = align_sources(request, cache=cache, threads=threads, encoders=encoders)
    write_outputs(alignment, request.outputs, inputs, split=request.split)
    return alignment


def align_sources(request: AlignRequest, *, cache: Path | None, threads: int | None = None,
                  encoders: EncoderSource | None = None) -> Alignment:
    """Read both inputs, check them, align them: what the ``align`` command and
    ``aligner.align`` do, without writing anything.

    Raises:
        AlignerError: an input is unusable, or (``strict``) the alignment is not credible.
    """
    from aligner.cpus import available_cpus
    from aligner.pipeline import align_documents

    src, tgt = (resolve_language(source, request, cache) for source in (request.src, request.tgt))
    assert src.lang is not None and tgt.lang is not None
    choice = choose_model(src.lang, tgt.lang, request.config.model)
    logger.info("model %s", choice.reason)
    if choice.warning:
        logger.warning("warning: %s", choice.warning)
    request = dataclasses.replace(request, src=src, tgt=tgt, config=request.config.for_model(choice.model))
    cpus = threads or available_cpus()
    if encoders is None:
        encoder = make_encoder(choice.model, cache, threads=threads)
        encoder.single_use = True
    else:
        encoder = encoders(choice.model)
    # Segmentation workers: one per CPU, but one CPU is left to the model when it loads
    # meanwhile (on 2 cores, loading beside two SoMaJo processes took 8 s instead of 5).
    workers = cpus
    if cache is None or not _all_cached(request, cache):
        encoder.preload()  # a new input will need the model; load it while segmenting
        workers = max(1, cpus - 1)
    src_doc, tgt_doc = (read_input(source, request, cache, workers) for source in (src, tgt))
    if src_doc.original == tgt_doc.original:
        raise InputError(f"{src.path} and {tgt.path} hold the same text; give a text and its translation")
    logger.info("%s: %d sentences; %s: %d sentences", src.path, len(src_doc.sentences), tgt.path,
                len(tgt_doc.sentences))
    alignment = align_documents(src_doc, tgt_doc, encoder=encoder, config=request.config)
    logger.info("%s", encoder.summary())
    credible_z = request.config.confidence.credible_z
    if alignment.credibility < credible_z:
        message = (f"no credible alignment found: the linked sentences stand only {alignment.credibility:.1f} "
                   f"standard deviations above random pairs (below {credible_z}, the threshold for this model, where "
                   f"translations stand well above it); {src.path} and {tgt.path} are not translations of each "
                   "other, or in languages the model does not know")
        if request.strict:
            raise InputError(message + "; no output written (--strict)")
        shortest = min(len(src_doc.sentences), len(tgt_doc.sentences))
        if shortest < request.config.confidence.min_credible_sentences:
            message += (f" (but with {shortest} sentence(s) on a side this measure is unreliable: nothing was "
                        "changed for it)")
        elif alignment.config.scoring.embedding_weight == 0 < request.config.scoring.embedding_weight:
            message += ("; aligned by sentence lengths and shared numbers only (no model); the output's "
                        "confidences are low accordingly")
        else:
            message += "; the output's confidences are low accordingly"
        logger.warning("warning: %s", message)
    skips = sum(1 for bead in alignment.beads if not bead.linked)
    logger.info("%d beads (%d skips); aligned %s sentences %d-%d with %s sentences %d-%d; credibility %.1f",
                len(alignment.beads), skips, src.path, alignment.src_range[0], alignment.src_range[1] - 1,
                tgt.path, alignment.tgt_range[0], alignment.tgt_range[1] - 1, alignment.credibility)
    return alignment


@dataclass(frozen=True)
class VersionsRequest:
    """Several versions of one text to align into one alignment (see ``pipeline.align_versions``):
    the sources, in order, the pivot's index among them, and as :class:`AlignRequest`."""

    sources: tuple[Source, ...]
    outputs: dict[str, Path] = field(default_factory=dict)
    pivot: int = 0
    encoding: str = "utf-8"
    strict: bool = False
    split: bool = False
    config: AlignConfig = field(default_factory=AlignConfig)


def align_versions_files(request: VersionsRequest, *, cache: Path | None, threads: int | None = None,
                         encoders: EncoderSource | None = None) -> Versions:
    """Run a request of several versions: read, check, align, write every output.

    Raises:
        AlignerError: fewer than two inputs, one given twice, an unusable input, a format
            that holds two versions only, or (``strict``) a version that is not credible.
    """
    from aligner.atomic import check_output
    from aligner.formats import VERSIONS_FORMATS

    inputs = [source.path for source in request.sources if source.text is None]
    if unfit := [fmt for fmt in request.outputs if fmt not in VERSIONS_FORMATS]:
        raise InputError(f"the {', '.join(unfit)} format holds two versions of a text; several versions are "
                         f"written as {', '.join(VERSIONS_FORMATS)} (then: aligner convert FILE --pair A,B)")
    for path in request.outputs.values():
        check_output(path, inputs)
    versions = align_versions_sources(request, cache=cache, threads=threads, encoders=encoders)
    write_outputs(versions, request.outputs, inputs, split=request.split)
    return versions


def align_versions_sources(request: VersionsRequest, *, cache: Path | None, threads: int | None = None,
                           encoders: EncoderSource | None = None) -> Versions:
    """Read the versions, check them, align them (nothing written)."""
    from aligner.models import choose_versions_model
    from aligner.pipeline import NotCredible, align_versions

    if len(request.sources) < 2:
        raise InputError(f"give two or more texts to align, got {len(request.sources)}")
    seen: dict[Path, Path] = {}
    for source in request.sources:
        if source.text is None and source.path.resolve() in seen:
            raise InputError(f"{source.path} is given twice (as {seen[source.path.resolve()]} too); give each "
                             "version once")
        seen[source.path.resolve()] = source.path
    sources = [resolve_language(source, request, cache) for source in request.sources]
    langs = [source.lang or "" for source in sources]
    choice = choose_versions_model(langs, request.config.model)
    logger.info("model %s", choice.reason)
    if choice.warning:
        logger.warning("warning: %s", choice.warning)
    config = request.config.for_model(choice.model)
    if encoders is None:
        encoder = make_encoder(choice.model, cache, threads=threads)
        encoder.single_use = True
    else:
        encoder = encoders(choice.model)
    encoder.preload()
    documents = [read_input(source, request, cache, max(1, (threads or 2) - 1)) for source in sources]
    for k, document in enumerate(documents):
        for j in range(k):
            if document.original and document.original == documents[j].original:
                raise InputError(f"{sources[k].path} and {sources[j].path} hold the same text; give each version once")
    try:
        versions = align_versions(documents, encoder=encoder, config=config, pivot=request.pivot,
                                  strict=request.strict)
    except NotCredible as exc:
        raise InputError(f"{sources[exc.version].path} does not look like a version of the others (credibility "
                         f"{exc.credibility:.1f}, below {config.confidence.credible_z}); nothing written "
                         "(--strict)") from None
    logger.info("%s", encoder.summary())
    for version in versions.unaligned:
        logger.warning("warning: %s does not look like a version of the others (credibility %.1f, below %s); it is "
                       "left unaligned: its sentences are rows of their own, at the end", sources[version].path,
                       versions.credibility[version], config.confidence.credible_z)
    logger.info("%d rows of %d versions (pivot %s)", len(versions.rows), len(documents),
                sources[request.pivot].path)
    return versions


def _all_cached(request: AlignRequest, cache: Path) -> bool:
    """True if both inputs' segmentations are in the document cache (so no model is
    needed to read them, and the run may need none at all)."""
    from aligner.text.document_cache import document_cached

    return all(source.text is None and source.lang is not None
               and document_cached(source.path, source.lang, folder=cache, presegmented=source.presegmented,
                                   encoding=request.encoding)
               for source in (request.src, request.tgt) if source.text is not None or source.path.is_file())
