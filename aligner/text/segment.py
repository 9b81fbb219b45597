"""Segment: split cleaned paragraphs into sentences, per language, keeping offsets.

Which splitter takes which language is one table, ``SPLITTERS``. German goes through
SoMaJo (best here on ordinals such as "31. Dezember", "z. B." and „…" quotes); English
and every other language through sentencex, which has rules
of its own for about 30 languages, maps about 250 more to a related one (Luxembourgish
to German) and splits anything else with its English rules. A language without rules
of its own gets a warning. Pre-segmented input (one sentence per line) bypasses both.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import multiprocessing
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner.datatypes import Document, Paragraph, Sentence
from aligner.errors import InputError
from aligner.progress import report
from aligner.text.ingest import CleanParagraph, clean_paragraphs, split_lines
from aligner.text.language import language_tag

if TYPE_CHECKING:
    from aligner.text.extract import Extracted

logger = logging.getLogger(__name__)

# A cleaned-text span [start, end) of one sentence inside its paragraph.
Span = tuple[int, int]

_HAS_WORD = re.compile(r"\w", re.UNICODE)
# A piece starting with a small letter, after optional dashes, quotes or brackets.
_STARTS_SMALL = re.compile(r"^[-–—\"'“”„»«(\s]*[^\W\d_]", re.UNICODE)
# A Latin letter and a full stop: in Chinese or Japanese text an initial or an
# abbreviation ("D. E. Shaw", "E. T."), never the end of a sentence (that is 。).
_LATIN_INITIAL = re.compile(r"(?<![A-Za-z])[A-Za-z]\.$")
_ABBREVIATION_END = re.compile(r"\b[A-Z][a-z]{0,3}\.$")
# Longer sentences are cut at the last space before this many characters: a line of
# 200,000 characters with no punctuation would otherwise be one "sentence".
MAX_SENTENCE_CHARS = 2000
# Paragraphs segmented between two progress reports.
PROGRESS_EVERY = 100
# Text (characters) from which German is segmented by several worker processes: SoMaJo
# takes about 10 s per megabyte here, starting a worker about half a second.
PARALLEL_MIN_CHARS = 200_000


def check_lang(lang: str) -> str:
    """The standard tag of a language code (see ``language.language_tag``); raises InputError."""
    return language_tag(lang)


@functools.lru_cache(maxsize=4)
def _somajo(model: str, offsets: bool = True):  # noqa: ANN202 - SoMaJo has no type stubs
    """A SoMaJo tokenizer for one of its models ("de_CMC", "en_PTB"), with the emoji
    search skipped where a token holds no emoji character (see ``_skip_emoji_search``)."""
    from somajo import SoMaJo

    tokenizer = SoMaJo(model, split_camel_case=False, character_offsets=offsets)
    _skip_emoji_search(tokenizer._tokenizer)
    return tokenizer


# Any character SoMaJo's emoji search can match (its two per-grapheme patterns, joined).
_EMOJI_CHARS = r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]"


def _skip_emoji_search(tokenizer) -> None:  # noqa: ANN001 - SoMaJo's Tokenizer
    """Make this SoMaJo tokenizer (only this instance: SoMaJo's class is left alone) skip
    its emoji search in tokens that hold no emoji character.

    SoMaJo 2.x runs one regex call per character of every token to look for emoji,
    about a third of its time on prose. When a token holds no character either of its
    patterns can match, that search finds nothing and splits nothing, so skipping it
    gives the same tokens (tested on the bundled book).
    """
    import regex

    search = getattr(tokenizer, "_split_emojis", None)
    if search is None:
        return
    emoji = regex.compile(_EMOJI_CHARS)

    def split_emojis(node, token_class="emoticon"):  # noqa: ANN001, ANN202 - SoMaJo's signature
        if emoji.search(node.value.text) is not None:
            search(node, token_class)

    tokenizer._split_emojis = split_emojis


def _split_somajo(text: str, lang: str) -> Iterator[Span]:
    model = SOMAJO_MODELS.get(_base(lang), "en_PTB")
    spans = _find_sentences(text, _somajo(model, offsets=False).tokenize_text([text]))
    if spans is None:  # a token SoMaJo rewrote: let it work out the offsets itself
        spans = [(sentence[0].character_offset[0], sentence[-1].character_offset[1])
                 for sentence in _somajo(model).tokenize_text([text])]
    yield from spans


def _find_sentences(text: str, sentences: Iterator[list[Any]]) -> list[Span] | None:
    """Sentence spans from SoMaJo's tokens, found in ``text`` one after the other with
    only whitespace between them; None if a token is not there as written (SoMaJo's
    own offset computation costs about a quarter of its time, and is rarely needed)."""
    spans = []
    position = 0
    for sentence in sentences:
        start = -1
        for token in sentence:
            written = token.original_spelling or token.text
            found = text.find(written, position)
            if found < 0 or (found > position and not text[position:found].isspace()):
                return None
            if start < 0:
                start = found
            position = found + len(written)
        spans.append((start, position))
    return spans


# Languages sentencex (1.0) has rules of its own for (its language factory, plus ru and
# uk, which the installed version splits unlike English); any other code goes through
# its fallback table to a related language's rules, or to its English rules. A language
# missing here costs only an unneeded warning.
SENTENCEX_RULES = frozenset(
    "am ar bg bn ca da de el en es fi fr gu hi hy it ja kk kn ml mr my nl pa pl pt ru sk ta te uk".split()
)


def _base(lang: str) -> str:
    """The primary language subtag: "fr" of "fr-ca"."""
    return re.split(r"[-_]", lang, maxsplit=1)[0].lower()


def sentencex_code(lang: str) -> tuple[str, bool]:
    """The code to hand sentencex for ``lang``, and whether sentencex has rules of its own
    for it. A regional code it does not list ("fr-ca") is reduced to its language ("fr");
    sentencex itself would split such a code with its English rules."""
    if lang.lower() in SENTENCEX_RULES:
        return lang.lower(), True
    if _base(lang) in SENTENCEX_RULES:
        return _base(lang), True
    return lang, False


# Languages sentencex splits with its generic rules that were measured good enough to
# need no warning (benchmarks/segmentation.py: Chinese boundary F1 0.957 with the
# quotation repair below).
MEASURED_GENERIC = frozenset({"zh"})


def generic_rules_note(lang: str) -> str | None:
    """What to tell the user when no splitter has rules of its own for ``lang`` (None
    when one has)."""
    if splitter_for(lang) is not SENTENCEX or sentencex_code(lang)[1] or _base(lang) in MEASURED_GENERIC:
        return None
    return (f"no sentence segmenter has rules for language {lang!r}; it is split with sentencex's rules for "
            "a related language or its generic (English) rules. Check the sentences, or pass the text with one "
            "sentence per line and --presegmented")


# Titles before a name, per language: sentencex (1.0) ends a French sentence at "M.",
# "Mme." or "Dr." ("Nous avons vu M. | Dupont hier."); a piece after one of these that
# starts with a capital letter is the same sentence.
_TITLES = {
    "en": "Mr Mrs Ms Messrs Dr Prof St Jr Sr Rev Hon Gen Col Capt Lt Sgt",
    "fr": "M MM Mme Mmes Mlle Mlles Me Mgr Dr Pr Prof St Ste",
    "es": "Sr Sra Srta Sres Sras D Dña Dr Dra Lic Ing Prof Sto Sta Ud Uds Vd Vds",
    "it": "Sig Sigg Dott Prof Avv Ing On",
    "pt": "Sr Sra Srta Dr Dra Prof",
    "nl": "Dhr Mevr Mr Dr Prof",
}
# English titles are titles in every language: translations of English novels keep them
# ("Mon cher Mr. Bennet", "preguntó Mrs. Bennet"), and sentencex's French and Spanish rules
# end a sentence after them.
_ENGLISH_TITLES = "Mr Mrs Ms Messrs"


@functools.lru_cache(maxsize=32)
def _titles(lang: str) -> frozenset[str]:
    """The titles before a name in ``lang`` (see ``_TITLES``), the English ones among them."""
    return frozenset(f"{_TITLES.get(_base(lang), '')} {_ENGLISH_TITLES}".split())


# Ordinary words that sentencex's abbreviation lists hold (beside real abbreviations and
# prefixes), so it never ends a sentence after them: "Dijo que no. Luego se fue." and
# "Venne da me. Poi uscì." stay one sentence, and in English (where it takes the "I" after
# one for a Roman numeral, as in "Art. I") "He saw me. I ran." does. A piece is split
# after these when a capitalised word follows. The English ones were found by asking
# sentencex about every word of the suite's English texts.
_NOT_ABBREVIATIONS = {
    "en": "me no may art ark ill fed miss mar",
    "es": "bien no mar sobre entre contra para con de en un ante tras ex auto bis",
    "it": "no me te se si mai la le lo li ne ma mar fin ore sa so va vi ve via su re da di con in",
}


@functools.lru_cache(maxsize=32)
def _title_end(lang: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(sorted(_titles(lang)))})\.$")


@functools.lru_cache(maxsize=32)
def _missed_end(lang: str):  # noqa: ANN202 - a regex pattern
    import regex

    words = _NOT_ABBREVIATIONS.get(_base(lang))
    if not words:
        return None
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?i:{'|'.join(words.split())})\.\s+(?=[¿¡\"'«“(]*\p{{Lu}})")


def _resplit(piece: str, lang: str) -> list[str]:
    """``piece`` cut after each ordinary word sentencex took for an abbreviation, and
    between the sentences of a quotation (sentencex never splits inside quotes)."""
    cuts = set(_quoted_ends(piece, lang))
    pattern = _missed_end(lang)
    if pattern is not None:
        cuts.update(match.end() for match in pattern.finditer(piece))
    ordered = sorted(cut for cut in cuts if 0 < cut < len(piece))
    return [piece[a:b] for a, b in zip([0, *ordered], [*ordered, len(piece)], strict=True)]


# Quotation marks of the supported languages.
_QUOTES = "\"“”„‟«»‘’‚‹›「」『』"


@functools.lru_cache(maxsize=1)
def _quoted_end():  # noqa: ANN202 - a regex pattern
    """A sentence end in Chinese or Japanese: 。！？ or ……, or a dash that breaks a speech
    off (——”), with any closing marks after it (which stay with their sentence), unless a
    comma or more closing marks follow. Sentencex never splits inside quotes, nor after
    "……”" or "。’”"."""
    import regex

    closing = r"[」』”’）)\]》〉]"
    return regex.compile(rf"(?:[。！？!?]+|…{{1,2}}|——(?=[」』”’])){closing}*(?!{closing}|[。！？!?…，,、])")


def _stammer(piece: str, match: Any) -> bool:  # noqa: ANN401 - a regex match
    """True if the …… that ``match`` found breaks a word off, not a sentence: the one to
    three characters before it come again after it ("我……我头痛", "这个……这个"), or a
    comma precedes it."""
    if not match.group().startswith("…"):
        return False
    before, after = piece[: match.start()], piece[match.end() :].lstrip()
    return before.endswith(("，", "、", ",")) or any(
        len(before) >= n and before[-n:] == after[:n] and before[-n:].isalnum() for n in (1, 2, 3))


@functools.lru_cache(maxsize=1)
def _western_end():  # noqa: ANN202 - a regex pattern
    """A sentence end inside a quotation in a Western language: . ! ? or … after a word
    (or a space after it: French sets one before ! and ?, tokenised or OCR'd text before
    all of them), or a dash that breaks a speech off ("though—' 'Is that right?'"), and
    any closing marks, then a space, then (any opening marks, Spanish
    ¡ ¿ among them, or a dialogue dash and a space, as in « Vous êtes fou ! — Non. », and)
    a capital letter. Group 1 is the word before the full stop, to tell titles and
    initials apart."""
    import regex

    return regex.compile(r"(?:(\p{L}+)|[\p{N})\]'’”\"»])[\u00a0\u202f ]?(?:[.!?]+|…|[—–]+(?=[\u00a0\u202f ]?['’\"”»]))"
                         r"(?:[\u00a0\u202f ]?['’\"”»)])*\s+"
                         r"(?=(?:['‘\"“«„‚‹(—–¡¿-]|[—–-][\u00a0\u202f ])*\p{Lu})")


def _quoted_ends(piece: str, lang: str) -> list[int]:
    """Where the sentences of a quotation inside ``piece`` end (sentencex never splits
    inside quotes, and takes an apostrophe ("she'd") for one): in Chinese and Japanese
    after 。！？ or …… and any closing marks (see ``_quoted_end``), but not in a stammer
    (``_stammer``); in the other languages at a full stop (or ! ? …, see
    ``_western_end``) followed by a capital letter, but not after a title ("Mr.") or an
    initial ("J.") with no closing mark after it."""
    base = _base(lang)
    if base in ("zh", "ja"):
        return [match.end() for match in _quoted_end().finditer(piece) if not _stammer(piece, match)]
    if not any(mark in piece for mark in _QUOTES + "'"):
        return []
    titles = _titles(lang)
    cuts = []
    for match in _western_end().finditer(piece):
        word = match.group(1)
        if word is not None and (len(word) == 1 and word.isupper() or word in titles):
            # A title or an initial, unless a closing mark follows its full stop ("one
            # o'clock A.M." "Wow!").
            after = piece[match.start(1) + len(word) : match.end()].strip()
            if after.startswith(".") and not after.lstrip("."):
                continue
        cuts.append(match.end())
    return cuts


# A quotation mark after a space at the end of a piece: it opens the next sentence
# ("He laughed. '" + "Well?"), though sentencex, taking ' for a closing mark, leaves it
# behind (a straight one only when no space follows it: "me. \" That" closes a speech in
# tokenised text; French sets a space after «); and a closing mark followed by a space at
# the start of a piece: it closes the sentence before ("us." + "' 'I wouldn't").
_TRAILING_OPENING = re.compile(r"(?<=\s)(['\"]+|[‘“«„‚‹]+\s*)$")
_LEADING_CLOSING = re.compile(r"^(['\"’”»›]+)(?=\s)")
# ... in Chinese and Japanese, with no space after it ("就是了。’" + "”凤姐听了").
_LEADING_CLOSING_UNSPACED = re.compile(r"^([」』”’）》〉]+)")


def _quotes_to_their_sentences(pieces: list[str], unspaced: bool = False) -> list[str]:
    """``pieces`` with each closing quotation mark left at the start of one moved to the
    end of the one before, and each opening mark left at the end of one moved to the start
    of the next (the pieces stay contiguous in the text)."""
    out = list(pieces)
    leading = _LEADING_CLOSING_UNSPACED if unspaced else _LEADING_CLOSING
    for k in range(1, len(out)):
        match = leading.match(out[k])
        if match and out[k - 1].strip() and out[k][match.end() :].strip():
            out[k - 1], out[k] = out[k - 1] + out[k][: match.end()], out[k][match.end() :]
    for k in range(len(out) - 1):
        match = _TRAILING_OPENING.search(out[k])
        # (not one the loop above just moved: a space after it in the text)
        if match and out[k][: match.start()].strip() and not out[k + 1][:1].isspace():
            out[k], out[k + 1] = out[k][: match.start()], out[k][match.start() :] + out[k + 1]
    return out


def _split_sentencex(text: str, lang: str) -> Iterator[Span]:
    import sentencex

    code, _ = sentencex_code(lang)
    unspaced = _base(lang) in ("zh", "ja")
    pieces = _quotes_to_their_sentences([part for piece in sentencex.segment(code, text)
                                         for part in _resplit(piece, lang)], unspaced)
    title = _title_end(lang)
    spans: list[Span] = []
    position = 0
    for piece in pieces:
        stripped = piece.strip()
        if not stripped:
            continue
        start = text.find(stripped, position)
        if start < 0:  # sentencex normalised something: fall back to its own length
            start = position
        end = start + len(stripped)
        position = end
        if spans and title.search(text[slice(*spans[-1])]) and _STARTS_SMALL.match(stripped):
            spans[-1] = (spans[-1][0], end)  # "Nous avons vu M." + "Dupont hier."
        elif spans and unspaced and _LATIN_INITIAL.search(text[slice(*spans[-1])]):
            spans[-1] = (spans[-1][0], end)  # Chinese: "他在D." + "E.Shaw公司任职。"
        else:
            spans.append((start, end))
    yield from spans


@dataclass(frozen=True)
class Splitter:
    """A sentence splitter: ``split(text, lang)`` yields ``(start, end)`` spans of the
    sentences of one paragraph; ``parallel`` when a long text is worth splitting in
    worker processes (the splitter is slow and starts fast enough)."""

    name: str
    split: Callable[[str, str], Iterator[Span]]
    parallel: bool = False


SOMAJO = Splitter("somajo", _split_somajo, parallel=True)
SENTENCEX = Splitter("sentencex", _split_sentencex)
# The splitter of each language (primary subtag); any other language goes to DEFAULT_SPLITTER.
# A new splitter is a function of the same shape and a line here.
SPLITTERS: dict[str, Splitter] = {"de": SOMAJO}
DEFAULT_SPLITTER = SENTENCEX
# SoMaJo's model per language it splits.
SOMAJO_MODELS = {"de": "de_CMC", "en": "en_PTB"}


def splitter_for(lang: str) -> Splitter:
    """The sentence splitter used for a language (see ``SPLITTERS``)."""
    return SPLITTERS.get(_base(lang), DEFAULT_SPLITTER)


# A quotation ending in a question or an exclamation, and a short attribution after it
# that starts with a capital letter (English; in French, Spanish, German and Italian the
# verb comes first and is small): '"Why?" I asked.' and '"Can you print it?" Wang asked.'
# are one sentence each, as the suite's English gold has them; sentencex splits before
# any capital. At most three names before the verb, and four words after it.
_QUOTED_QUESTION = re.compile(r"[?!…][\"'’”»]+$")
_SPEECH_VERBS = {
    "en": "said says asked asks cried cries replied replies answered answers exclaimed shouted whispered "
          "murmured muttered added continued returned inquired enquired demanded repeated called began "
          "observed remarked thought wondered yelled screamed interrupted resumed rejoined "
          "retorted protested urged insisted pleaded explained declared responded echoed snapped growled",
}


@functools.lru_cache(maxsize=32)
def _attribution(lang: str):  # noqa: ANN202 - a regex pattern
    import regex

    verbs = _SPEECH_VERBS.get(_base(lang))
    if not verbs:
        return None
    return regex.compile(rf"^(?:\p{{Lu}}[\p{{L}}’'.-]*\s+){{1,3}}(?:{'|'.join(verbs.split())})"
                         r"(?:[\s,]+[\p{L}’'-]+){0,4}[.!?…]?[\"'’”]*$")


def _continues(previous: str, piece: str, lang: str) -> bool:
    """True if ``piece`` is not a sentence of its own but the rest of ``previous``."""
    if not _HAS_WORD.search(piece):
        return True  # a lone closing quote or ellipsis
    first_letter = _STARTS_SMALL.match(piece)
    if first_letter and first_letter.group(0)[-1].islower():
        return True  # "... brought against them! -and, to top it off, were exiled."
    attribution = _attribution(lang)
    if attribution is not None and _QUOTED_QUESTION.search(previous) and attribution.match(piece):
        return True  # '"Why?"' + 'I asked.'
    return bool(_ABBREVIATION_END.search(previous) and piece[:1].isdigit())  # "Vol." + "2 No. 7"


def _fix_spans(text: str, spans: list[Span], lang: str) -> list[Span]:
    """Small repairs after the library: glue continuations to the sentence before."""
    fixed: list[Span] = []
    for start, end in spans:
        if fixed and _continues(text[fixed[-1][0] : fixed[-1][1]], text[start:end], lang):
            fixed[-1] = (fixed[-1][0], end)
        else:
            fixed.append((start, end))
    return fixed


# Where a span over MAX_SENTENCE_CHARS is cut, best first: after a sentence's end (then
# any closing marks), a clause's end, a comma, a space. Only the second half of the
# allowed length is searched, so that no piece is short.
_CUT_AFTER = (
    re.compile(r"(?:[.!?…]['’\"”»)\]]*(?=\s)|[。！？][」』”’）)\]]*)"),
    re.compile(r"[;:](?=\s)|[；：]"),
    re.compile(r",(?=\s)|[，、]"),
    re.compile(r"(?=\s)"),
)


def _cut_point(text: str, start: int) -> int:
    """Where to end the piece of a too-long span that begins at ``start``: the last place
    in the second half of the allowed length after the best mark found (``_CUT_AFTER``),
    else at the limit itself."""
    low, high = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
    for mark in _CUT_AFTER:
        ends = [match.end() for match in mark.finditer(text, low, high)]
        if ends:
            return ends[-1]
    return high


def _cut_long(text: str, span: Span) -> list[Span]:
    """Cut a span longer than MAX_SENTENCE_CHARS into pieces, each ended where a sentence
    or clause seems to end (see ``_cut_point``), spaces between them left out."""
    start, end = span
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start)
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def _split_chunk(texts: list[str], lang: str) -> list[list[Span]]:
    """Sentence spans of each text (a worker's share of the paragraphs)."""
    split = splitter_for(lang).split
    return [_fix_spans(text, list(split(text, lang)), lang) for text in texts]


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
        spans = [(0, len(text))] if paragraph.heading else next(found)
        cut += [end - start for start, end in spans if end - start > MAX_SENTENCE_CHARS]
        spans = [piece for span in spans for piece in _cut_long(text, span)]
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


def read_document(
    path: Path, lang: str, *, presegmented: bool = False, encoding: str = "utf-8", name: str | None = None,
    workers: int = 0,
) -> Document:
    """Read a file into a :class:`Document`: ingest, then segment.

    Args:
        path: a UTF-8 text file (BOM and CRLF allowed).
        lang: ISO 639 code of the text's language.
        presegmented: the file holds one sentence per line; line k becomes sentence k.
        encoding: codec of the file.
        name: short name for the document (default: the file name).
        workers: worker processes to segment a long text in (for slow splitters; 0: none).

    Raises:
        InputError: the file is unusable, or holds no sentence.
    """
    from aligner.text.extract import FORMAT_NAMES, read_source

    source = read_source(path, encoding=encoding)
    if presegmented and source.kind:
        raise InputError(f"{path}: --presegmented reads plain text, one sentence per line; this is a "
                         f"{FORMAT_NAMES[source.kind]} file (its <s> elements, if any, are kept as sentences anyway)")
    if source.blocks is None:
        document = document_from_text(source.text, lang, path=path, name=name, presegmented=presegmented,
                                      workers=workers)
        return dataclasses.replace(document, source_format=source.kind)
    return document_from_blocks(source, lang, path=path, name=name, workers=workers)


def document_from_blocks(source: Extracted, lang: str, *, path: Path, name: str | None = None,
                         workers: int = 0) -> Document:
    """A :class:`Document` of an extracted structured text: its blocks are the paragraphs
    and headings; their sentences are the ones the input marked (XML ``<s>``, ids kept),
    or else found by splitting.

    Raises:
        InputError: a bad language code.
    """
    lang = check_lang(lang)
    blocks = source.blocks or ()
    notes: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    if blocks and all(block.sentences is not None for block in blocks):
        paragraphs = tuple(Paragraph(k, b.start, b.end, b.heading) for k, b in enumerate(blocks))
        marked = [(start, end, sid, k) for k, b in enumerate(blocks) for start, end, sid in b.sentences or ()]
        sentences = tuple(Sentence(n, source.text[start:end], start, end, k)
                          for n, (start, end, _, k) in enumerate(marked))
        ids = tuple(sid for _, _, sid, _ in marked)
    else:
        cleaned = [CleanParagraph(source.text[b.start : b.end], range(b.start, b.end), b.heading) for b in blocks]
        paragraphs, sentences, notes = segment_paragraphs(cleaned, lang, workers=workers)
    warn_notes(path, notes)
    return Document(name or path.name, lang, source.text, paragraphs, sentences, str(path), notes=notes,
                    sentence_ids=ids, source_format=source.kind)


def document_from_text(original: str, lang: str, *, path: Path, name: str | None = None,
                       presegmented: bool = False, workers: int = 0) -> Document:
    """A :class:`Document` of a text already read (see :func:`read_document`); ``path``
    names it in messages and in the outputs.

    Raises:
        InputError: a bad language code, or no sentence in the text.
    """
    lang = check_lang(lang)
    notes: tuple[str, ...] = ()
    if not original.strip():
        raise InputError(f"{path}: is empty or holds only whitespace")
    if presegmented:
        paragraphs, sentences = _presegmented(original)
    else:
        paragraphs, sentences, notes = segment_paragraphs(clean_paragraphs(original), lang, workers=workers)
    if not sentences:
        raise InputError(f"{path}: no sentence found")
    warn_notes(path, notes)
    return Document(name or path.name, lang, original, paragraphs, sentences, str(path), notes=notes)


def warn_notes(path: Path, notes: tuple[str, ...]) -> None:
    """Log each note about a file as a warning naming the file."""
    for note in notes:
        logger.warning("warning: %s: %s", path, note)


def _presegmented(original: str) -> tuple[tuple[Paragraph, ...], tuple[Sentence, ...]]:
    lines = split_lines(original)
    sentences = []
    for index, line in enumerate(lines):
        lead = len(line.text) - len(line.text.lstrip())
        text = " ".join(line.text.split())
        sentences.append(Sentence(index, text, line.start + lead, line.start + len(line.text.rstrip()), 0))
    paragraph = Paragraph(0, lines[0].start, lines[-1].start + len(lines[-1].text))
    return (paragraph,), tuple(sentences)
