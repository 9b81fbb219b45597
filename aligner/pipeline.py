"""Pipeline: compose the stages into ``align_documents`` (no maths here)."""

from __future__ import annotations

import logging

import numpy as np

from aligner.align import cost, locate, search
from aligner.config import AlignConfig
from aligner.datatypes import Alignment, Bead, Document
from aligner.embed import Encoder, embed_spans, embed_unique

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
    src_range, tgt_range = (0, len(src.sentences)), (0, len(tgt.sentences))
    located = None
    cores = [src_range, tgt_range]
    if len(src.sentences) >= config.locate_ratio * len(tgt.sentences):
        located = "src"
        cores[0] = _locate(encoder, long=src, short=tgt)
        src_range = _widen(cores[0], len(src.sentences))
    elif len(tgt.sentences) >= config.locate_ratio * len(src.sentences):
        located = "tgt"
        cores[1] = _locate(encoder, long=tgt, short=src)
        tgt_range = _widen(cores[1], len(tgt.sentences))
    beads = _align_range(src, tgt, src_range, tgt_range, encoder=encoder, config=config, cores=cores)
    if located == "src":
        beads, src_range = _trim(beads, src_range, side=0)
    elif located == "tgt":
        beads, tgt_range = _trim(beads, tgt_range, side=1)
    return Alignment(src, tgt, tuple(beads), src_range, tgt_range, config, encoder.name,
                     round(credibility(beads), 3))


def _locate(encoder: Encoder, *, long: Document, short: Document) -> tuple[int, int]:
    logger.info("locating %s (%d sentences) inside %s (%d sentences)", short.name, len(short.sentences),
                long.name, len(long.sentences))
    short_vectors = embed_unique(encoder, short.texts())
    long_texts = long.texts()
    start, stop = locate.find(short_vectors, lambda rows: embed_unique(encoder, [long_texts[k] for k in rows]),
                              len(long_texts))
    logger.info("located sentences %d-%d of %s", start, stop - 1, long.name)
    return start, stop


def _widen(core: tuple[int, int], length: int) -> tuple[int, int]:
    """The located region with ``locate.REGION_MARGIN`` sentences more on each side."""
    return max(0, core[0] - locate.REGION_MARGIN), min(length, core[1] + locate.REGION_MARGIN)


def _trim(beads: list[Bead], span: tuple[int, int], *, side: int) -> tuple[list[Bead], tuple[int, int]]:
    """Drop beads at either end that hold only sentences of the located side (its margin)."""
    linked = [k for k, bead in enumerate(beads) if bead.src and bead.tgt]
    if not linked:
        return beads, span

    def only_located(bead: Bead) -> bool:
        return not (bead.tgt if side == 0 else bead.src)

    first, last = linked[0], linked[-1]
    kept = [b for k, b in enumerate(beads) if first <= k <= last or not only_located(b)]
    indices = [i for b in beads[first : last + 1] for i in (b.src if side == 0 else b.tgt)]
    return kept, (min(indices), max(indices) + 1)


# Sentences of each whole document embedded as the random-pair sample of the null model.
NULL_SAMPLE = 256


def _null_model(encoder: Encoder, src: Document, tgt: Document) -> cost.NullModel:
    def sample(document: Document) -> np.ndarray:
        texts = document.texts()
        picks = np.unique(np.linspace(0, len(texts) - 1, min(NULL_SAMPLE, len(texts))).astype(int))
        return embed_unique(encoder, [texts[k] for k in picks])

    return cost.NullModel(sample(src), sample(tgt))


def _align_range(
    src: Document, tgt: Document, src_range: tuple[int, int], tgt_range: tuple[int, int], *,
    encoder: Encoder, config: AlignConfig, cores: list[tuple[int, int]],
) -> list[Bead]:
    """Align the two ranges; sentences outside ``cores`` (the margin added around a
    located region) may be left out at no cost."""
    src_texts = src.texts()[src_range[0] : src_range[1]]
    tgt_texts = tgt.texts()[tgt_range[0] : tgt_range[1]]
    tables = cost.SpanTables(
        embed_spans(encoder, src_texts, config.max_bead_side),
        embed_spans(encoder, tgt_texts, config.max_bead_side),
        np.array([len(t) for t in src_texts], dtype=np.float64),
        np.array([len(t) for t in tgt_texts], dtype=np.float64),
        cost.open_ended(src_texts), cost.open_ended(tgt_texts), cost.title_like(src_texts), cost.title_like(tgt_texts),
    )
    null = _null_model(encoder, src, tgt)
    margins = [np.array([not core[0] <= k < core[1] for k in range(*span)], dtype=bool)
               for span, core in zip((src_range, tgt_range), cores, strict=True)]
    found = search.align_tables(tables, config, null, free_src=margins[0], free_tgt=margins[1])
    path, marginals = found.path, found.posteriors
    z = [_linked_z(tables, null, bead) if bead[0] and bead[1] else found.skip_z[k] for k, bead in enumerate(path)]
    # A skip says "no counterpart": as sure as its sentence has no partner nearby, and as
    # the model finds partners at all (the alignment's credibility). A model that does
    # not know the languages finds no partner anywhere; its skips are not confident.
    skip_trust = cost.confidence(_median_z([value for value, bead in zip(z, path, strict=True) if bead[0] and bead[1]]))
    beads = []
    for k, (src_ids, tgt_ids) in enumerate(path):
        if src_ids and tgt_ids:
            sure = cost.confidence(z[k]) * marginals[k]
        else:
            sure = (1.0 - cost.confidence(z[k])) * skip_trust * marginals[k]
        beads.append(
            Bead(
                tuple(i + src_range[0] for i in src_ids),
                tuple(j + tgt_range[0] for j in tgt_ids),
                round(found.score((src_ids, tgt_ids)), 4),
                round(sure, 4),
                round(z[k], 3),
            )
        )
    return beads


def _linked_z(tables: cost.SpanTables, null: cost.NullModel, bead: tuple[tuple[int, ...], tuple[int, ...]]) -> float:
    src_ids, tgt_ids = bead
    return cost.bead_z(tables.src_spans[len(src_ids) - 1, src_ids[0]], tables.tgt_spans[len(tgt_ids) - 1, tgt_ids[0]],
                       null)


def credibility(beads: tuple[Bead, ...] | list[Bead]) -> float:
    """Median z-score of the linked beads: about 6 for a translation, 2 for unrelated texts."""
    return _median_z([bead.z for bead in beads if bead.src and bead.tgt])


def _median_z(linked: list[float]) -> float:
    return float(np.median(linked)) if linked else 0.0
