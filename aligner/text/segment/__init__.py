"""Segment: split cleaned paragraphs into sentences, per language, keeping offsets.

Each paragraph goes through these passes, in this order (:func:`split_paragraph`):

1. **the splitter** of its language (``splitters.py``; a language's module in ``lang/``
   names it: SoMaJo for German, PyThaiNLP for Thai, the shad rule for Tibetan, sentencex
   for every other language), which gives the sentences' spans, or pieces of the text;
2. for pieces: **ends the library missed** are cut (after an ordinary word it took for an
   abbreviation, between the sentences of a quotation: ``repairs.cut_missed_ends``);
3. **quotation marks** left at the wrong side of a cut are moved to their sentence
   (``repairs.quotes_to_their_sentences``);
4. the pieces are located in the text, and **false ends** undone (after a title before a
   name, a Latin initial in Chinese: ``repairs.rejoin_false_ends``);
5. **continuations** are glued to the sentence before (a piece starting small, a lone
   closing mark, an attribution after a quoted question: ``repairs.glue_continuations``);
6. a sentence over ``MAX_SENTENCE_CHARS`` is **cut** where a sentence or clause seems to
   end (``repairs.cut_long``).

A language whose splitter has no rules of its own for it gets a warning. Pre-segmented
input (one sentence per line) bypasses all of them (``aligner.text.read``).
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from aligner.datatypes import Paragraph, Sentence
from aligner.languages import unspaced
from aligner.progress import report
from aligner.text.ingest import CleanParagraph
from aligner.text.segment import repairs
from aligner.text.segment.repairs import MAX_SENTENCE_CHARS
from aligner.text.segment.splitters import Span, has_rules, splitter_for

logger = logging.getLogger(__name__)

__all__ = ["MAX_SENTENCE_CHARS", "PARALLEL_MIN_CHARS", "Span", "generic_rules_note", "segment_paragraphs",
           "split_paragraph"]

# Paragraphs segmented between two progress reports.
PROGRESS_EVERY = 100
# Text (characters) from which German is segmented by several worker processes: SoMaJo
# takes about 10 s per megabyte here, starting a worker about half a second.
PARALLEL_MIN_CHARS = 200_000


def split_paragraph(text: str, lang: str) -> list[Span]:
    """The sentences of one cleaned paragraph, as ``(start, end)`` spans: the passes of
    the module's docstring, in that order, but the length cut (see :func:`cut_spans`)."""
    splitter = splitter_for(lang)
    if splitter.pieces is not None:
        pieces = [part for piece in splitter.pieces(text, lang) for part in repairs.cut_missed_ends(piece, lang)]
        pieces = repairs.quotes_to_their_sentences(pieces, unspaced(lang))
        spans = repairs.rejoin_false_ends(text, pieces, lang)
    else:
        assert splitter.spans is not None
        spans = list(splitter.spans(text, lang))
    return repairs.glue_continuations(text, spans, lang)


def cut_spans(text: str, spans: list[Span]) -> tuple[list[Span], list[int]]:
    """The last pass: spans over ``MAX_SENTENCE_CHARS`` cut into pieces; and the lengths
    of those that were cut (for the note)."""
    cut = [end - start for start, end in spans if end - start > MAX_SENTENCE_CHARS]
    return [piece for span in spans for piece in repairs.cut_long(text, span)], cut


def generic_rules_note(lang: str) -> str | None:
    """What to tell the user when no splitter has rules of its own for ``lang`` (None
    when one has)."""
    if has_rules(lang):
        return None
    return (f"no sentence segmenter has rules for language {lang!r}; it is split with sentencex's rules for "
            "a related language or its generic (English) rules. Check the sentences, or pass the text with one "
            "sentence per line and --presegmented")


def _split_chunk(texts: list[str], lang: str) -> list[list[Span]]:
    """Sentence spans of each text (a worker's share of the paragraphs)."""
    return [split_paragraph(text, lang) for text in texts]


def _split_all(texts: list[str], lang: str, workers: int) -> list[list[Span]]:
    """Sentence spans of every text, in order; for a long text whose splitter is slow, in
    ``workers`` processes (0: in this one; the same spans either way)."""
    total = sum(len(text) for text in texts)
    if workers < 1 or not splitter_for(lang).parallel or total < PARALLEL_MIN_CHARS:
        spans = []
        for k, text in enumerate(texts):
            if len(texts) > PROGRESS_EVERY and (k + 1) % PROGRESS_EVERY == 0:
                report("segmenting", k + 1, len(texts))
            spans.extend(_split_chunk([text], lang))
        return spans
    # Contiguous shares of about equal length, a few per worker so that none idles long.
    bounds, share, filled = [0], total / (4 * workers), 0
    for k, text in enumerate(texts):
        filled += len(text)
        if filled >= share * len(bounds) and k + 1 < len(texts):
            bounds.append(k + 1)
    bounds.append(len(texts))
    chunks = [texts[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
    spans, done = [], 0
    logger.info("segmenting %d characters in %d worker process%s", total, workers, "es" if workers > 1 else "")
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for chunk, result in zip(chunks, pool.map(_split_chunk, chunks, [lang] * len(chunks)), strict=True):
            spans.extend(result)
            done += len(chunk)
            report("segmenting", done, len(texts))
    return spans


def segment_paragraphs(
    paragraphs: list[CleanParagraph], lang: str, *, workers: int = 0
) -> tuple[tuple[Paragraph, ...], tuple[Sentence, ...], tuple[str, ...]]:
    """Split cleaned paragraphs into sentences whose offsets point into the original text.

    Args:
        paragraphs: output of :func:`aligner.text.ingest.clean_paragraphs`.
        lang: ISO 639 language code.
        workers: worker processes to segment a long text in (for slow splitters; 0: none).

    Returns:
        The paragraphs and the sentences, both numbered from 0 in document order, and
        notes for the user (sentences cut at the length limit, a language without rules).
    """
    body = [paragraph.text for paragraph in paragraphs if not paragraph.heading]
    found = iter(_split_all(body, lang, workers))
    out_paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    cut: list[int] = []
    for p_index, paragraph in enumerate(paragraphs):
        text, offsets = paragraph.text, paragraph.offsets
        spans, too_long = cut_spans(text, [(0, len(text))] if paragraph.heading else next(found))
        cut += too_long
        for start, end in spans:
            sentences.append(
                Sentence(len(sentences), text[start:end], offsets[start], offsets[end - 1] + 1, p_index)
            )
        out_paragraphs.append(Paragraph(p_index, offsets[0], offsets[-1] + 1, paragraph.heading))
    notes = [note] if (note := generic_rules_note(lang)) else []
    if cut:
        notes.append(f"{len(cut)} sentence(s) longer than {MAX_SENTENCE_CHARS} characters (the longest "
                     f"{max(cut)}) were cut into pieces (after a full stop, a semicolon or a comma where there was "
                     "one); a text without sentence punctuation, or a splitter that missed its sentence ends?")
    return tuple(out_paragraphs), tuple(sentences), tuple(notes)
