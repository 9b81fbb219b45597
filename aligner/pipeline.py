"""Pipeline: compose the stages into ``align_documents`` (no maths here).

Locate (when one text is much longer), embed the aligned range's spans and a random
sample of each text, search, assess confidence, and wrap the beads in an Alignment.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

import numpy as np

from aligner.config import FALLBACK, AlignConfig
from aligner.core import confidence, lengths, locate, scores, search, versions
from aligner.datatypes import Alignment, Bead, Document, Row, Versions
from aligner.embed import Encoder, ManagedEncoder, embed_runs, embed_spans, embed_unique

logger = logging.getLogger(__name__)


def align_documents(
    src: Document, tgt: Document, *, encoder: Encoder, config: AlignConfig | None = None
) -> Alignment:
    """Align two documents: locate the shared region if one is much longer, then run the DP.

    Args:
        src: source-language document.
        tgt: target-language document.
        encoder: sentence encoder (see ``aligner.embed.load_encoder``).
        config: settings (defaults: ``AlignConfig()``).

    Returns:
        The alignment of the located region (the whole documents if neither is much longer).
    """
    config = config or AlignConfig()
    documents = (src, tgt)
    ranges = [(0, len(src.sentences)), (0, len(tgt.sentences))]
    cores = list(ranges)
    side = locate.long_side(len(src.sentences), len(tgt.sentences), config)
    if side is not None:
        cores[side] = _locate(encoder, documents[side], documents[1 - side], config)
        ranges[side] = locate.widen(cores[side], len(documents[side].sentences), config)
    beads, used, model_credibility = _align_range(documents, ranges, cores, encoder=encoder, config=config)
    if side is not None:
        beads, ranges[side] = locate.trim(beads, ranges[side], side)
    credible = confidence.credibility([bead.z for bead in beads if bead.linked])
    if used is not config:  # the fallback: its beads' z say nothing; report the model's alignment's
        credible = model_credibility
    return Alignment(src, tgt, tuple(beads), ranges[0], ranges[1], used, encoder.name, round(credible, 3))


def _locate(encoder: Encoder, long: Document, short: Document, config: AlignConfig) -> tuple[int, int]:
    logger.info("locating %s (%d sentences) inside %s (%d sentences)", short.name, len(short.sentences),
                long.name, len(long.sentences))
    short_vectors = embed_unique(encoder, short.texts())
    long_texts = long.texts()
    start, stop = locate.find_region(
        short_vectors, lambda rows: embed_unique(encoder, [long_texts[k] for k in rows]), len(long_texts), config)
    logger.info("located sentences %d-%d of %s", start, stop - 1, long.name)
    return start, stop


def _null_model(encoder: Encoder, documents: tuple[Document, Document], config: AlignConfig) -> scores.NullModel:
    def sample(document: Document) -> list[str]:
        texts = document.texts()
        return [texts[k] for k in scores.null_sample_rows(len(texts), config.scoring.null_sample)]

    return scores.NullModel(*(embed_unique(encoder, sample(document)) for document in documents))


# Sentences of a pair (both sides) from which its search needs the memory more than an
# idle model does (the model is about 600 MB; such a pair's span vectors 200 MB or more):
# the model is let go as soon as the search has the runs it needs.
BOOK_SENTENCES = 25_000


def _embedded_all(encoder: Encoder) -> None:
    if isinstance(encoder, ManagedEncoder):
        encoder.embedded_all()  # a book's search needs the memory more than an idle model does


def _span_tables(encoder: Encoder, texts: list[list[str]], sentences: list, config: AlignConfig,
                 ) -> tuple[scores.SpanTables, search.RunEmbedder]:
    """The two sides' span tables: every run embedded (``config.search.span_posterior``
    0), or the sentences embedded and the longer runs approximated by their sums, to be
    embedded as the search finds it needs them (with the returned embedder)."""
    def runs(side: int, sizes: np.ndarray, starts: np.ndarray) -> np.ndarray:
        vectors = embed_runs(encoder, texts[side], sizes, starts)
        if side == 1 and sum(len(run) for run in texts) >= BOOK_SENTENCES:
            # The search asks for the source's runs, then the target's, once (only a
            # fallback may ask again, and then loads the model again).
            _embedded_all(encoder)
        return vectors

    size = config.max_bead_side
    if config.search.span_posterior == 0:
        src_spans, tgt_spans = (embed_spans(encoder, side, size) for side in texts)
        return scores.span_tables(src_spans, tgt_spans, sentences[0], sentences[1]), runs
    src_spans, tgt_spans = (search.approximate_runs(embed_unique(encoder, side), size) for side in texts)
    exact = (search.sentences_only(len(texts[0]), size), search.sentences_only(len(texts[1]), size))
    return scores.span_tables(src_spans, tgt_spans, sentences[0], sentences[1], exact=exact), runs


def _search(tables: scores.SpanTables, runs: search.RunEmbedder, null: scores.NullModel, config: AlignConfig,
            free: Sequence[np.ndarray | None], *, trusted: bool,
            fallback: bool = True) -> tuple[search.Search, list[confidence.Assessment], AlignConfig, float]:
    """Search the tables and assess the beads; when the model pairs the texts no better
    than chance (and ``fallback``), search again by lengths and numbers. Returns the
    search, its beads' assessments, the settings it was found with (the fallback's, when
    it took over) and the credibility of the model's alignment."""
    found = search.align_tables(tables, config, null, free_src=free[0], free_tgt=free[1], embed_runs=runs)
    assessed = confidence.assess(found, config.confidence, trusted=trusted)
    credible = confidence.credibility([a.z for a, bead in zip(assessed, found.path, strict=True) if bead.linked])
    if (fallback and config.scoring.fallback and config.scoring.embedding_weight > 0 and trusted
            and credible < config.confidence.credible_z):
        logger.info("the model pairs these texts no better than chance (credibility %.1f): aligning them again "
                    "by sentence lengths and numbers", credible)
        config = config.with_settings(FALLBACK)
        found = search.align_tables(tables, config, null, free_src=free[0], free_tgt=free[1])
        # Its beads' z-scores are reported: from the model's own vectors of their runs.
        search.fill_runs(found.tables, search.path_runs(found), runs)
        assessed = confidence.assess(found, config.confidence)
    else:
        # Which links to unlink is decided on the posteriors min_link was chosen on (without
        # the evidence floor, under which a wrong link between two lines of the main job's
        # editorial block, "31. Dezember." / "Copyleft: ...", would have climbed over it).
        decided = assessed if config.confidence.evidence_floor == -np.inf else confidence.assess(
            found, dataclasses.replace(config.confidence, evidence_floor=-np.inf), trusted=trusted)
        unlinked = confidence.unlink_doubtful(found, decided, config.confidence, config.scoring.partner_context)
        if unlinked is not found:
            found, assessed = unlinked, confidence.assess(unlinked, config.confidence, trusted=trusted)
    return found, assessed, config, credible


def _align_range(documents: tuple[Document, Document], ranges: list[tuple[int, int]],
                 cores: list[tuple[int, int]], *, encoder: Encoder,
                 config: AlignConfig) -> tuple[list[Bead], AlignConfig, float]:
    """Align the two ranges; sentences outside ``cores`` (the margin added around a
    located region) may be left out at no cost. Returns the beads, the settings they were
    found with (the fallback's, when the model could not pair the texts) and the
    credibility of the model's alignment."""
    sentences = [document.sentences[span[0] : span[1]] for document, span in zip(documents, ranges, strict=True)]
    texts = [[sentence.text for sentence in side] for side in sentences]
    tables, runs = _span_tables(encoder, texts, sentences, config)
    null = _null_model(encoder, documents, config)
    free = [locate.margin_mask(span, core) for span, core in zip(ranges, cores, strict=True)]
    if tables.src_exact is None:
        _embedded_all(encoder)
    trusted = min(len(side) for side in sentences) >= config.confidence.min_credible_sentences
    found, assessed, config, credible = _search(tables, runs, null, config, free, trusted=trusted)
    _embedded_all(encoder)
    beads = [Bead.rounded(tuple(i + ranges[0][0] for i in ids.src), tuple(j + ranges[1][0] for j in ids.tgt),
                          score, figures.confidence, figures.z)
             for ids, score, figures in zip(found.path, found.path_scores(found.path), assessed, strict=True)]
    return beads, config, credible


class NotCredible(Exception):
    """A version whose alignment with the others is not credible (``version``: its index)."""

    def __init__(self, version: int, credibility: float) -> None:
        super().__init__(version, credibility)
        self.version = version
        self.credibility = credibility


def align_versions(documents: Sequence[Document], *, encoder: Encoder, config: AlignConfig | None = None,
                   pivot: int = 0, strict: bool = False) -> Versions:
    """Align several versions of a text into rows (see ``aligner.core.versions``): the
    pivot's sentences first, then each other version in the order given, aligned with the
    rows so far, the versions already in them helping.

    Args:
        documents: the versions (two or more), whole.
        encoder: the sentence encoder (one model for every version).
        config: settings (defaults: ``AlignConfig()``).
        pivot: the index of the version the others are aligned through.
        strict: raise :class:`NotCredible` for a version that is not credible (else it is
            left unaligned: its sentences are rows of their own at the end).
    """
    config = config or AlignConfig()
    order = [pivot] + [k for k in range(len(documents)) if k != pivot]
    texts = [documents[k].texts() for k in order]
    vectors = [embed_unique(encoder, side) for side in texts]
    chars = [np.array([len(text) for text in side], dtype=np.float64) for side in texts]
    built = versions.start(len(texts[0]))
    kept = [0]  # positions in ``order`` of the versions in the rows
    credibility = {order[0]: 0.0}
    unaligned = []
    size = config.max_bead_side
    for position in range(1, len(order)):
        version = order[position]
        profile = versions.row_vectors(built, [vectors[p] for p in kept])
        sentences = documents[version].sentences
        runs = search.approximate_runs(vectors[position], size)
        tables = scores.SpanTables(
            search.approximate_runs(profile, size), runs, versions.row_lengths(built, [chars[p] for p in kept]),
            chars[position], tgt_open=scores.open_ended(texts[position]), tgt_title=scores.title_like(texts[position]),
            tgt_numbers=lengths.number_counts(texts[position]), tgt_exact=search.sentences_only(len(sentences), size))

        def embed_target(side: int, sizes: np.ndarray, starts: np.ndarray, position: int = position) -> np.ndarray:
            return embed_runs(encoder, texts[position], sizes, starts)

        null = scores.NullModel(profile[scores.null_sample_rows(len(profile), config.scoring.null_sample)],
                              vectors[position][scores.null_sample_rows(len(sentences), config.scoring.null_sample)])
        trusted = min(len(built.rows), len(sentences)) >= config.confidence.min_credible_sentences
        found, assessed, _, credible = _search(tables, embed_target, null, config, [None, None], trusted=trusted,
                                               fallback=False)
        credibility[version] = round(credible, 3)
        if trusted and credible < config.confidence.credible_z:
            if strict:
                raise NotCredible(version, credible)
            unaligned.append(version)
            continue
        built = versions.add_version(built, found.path, [a.confidence for a in assessed])
        kept.append(position)
    _embedded_all(encoder)
    rows = _rows_in_version_order(built, [order[p] for p in kept], len(documents), unaligned, documents)
    return Versions(tuple(documents), rows, config, encoder.name, pivot,
                    tuple(credibility[k] for k in range(len(documents))), tuple(sorted(unaligned)))


def _rows_in_version_order(built: versions.Built, placed: list[int], count: int, unaligned: list[int],
                           documents: Sequence[Document]) -> tuple[Row, ...]:
    """The built rows with their runs in the documents' order (``placed`` gives the
    version of each run as built), then each unaligned version's sentences as rows of
    their own."""
    rows = []
    for runs, confidences in zip(built.rows, built.confidence, strict=True):
        by_version: list[tuple[int, ...]] = [()] * count
        figures = [1.0] * count
        for k, version in enumerate(placed):
            by_version[version], figures[version] = runs[k], round(confidences[k], 4)
        rows.append(Row(tuple(by_version), tuple(figures)))
    for version in unaligned:
        for k in range(len(documents[version].sentences)):
            runs = tuple((k,) if v == version else () for v in range(count))
            rows.append(Row(runs, tuple(0.0 if v == version else 1.0 for v in range(count))))
    return tuple(rows)
