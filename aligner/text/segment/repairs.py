"""Repairs: what the passes after a library's split correct (see ``aligner.text.segment``).

Each repair was found where a library's habit broke a text of the development suite or
the bundled book, and has a language module's example or a test that fails without it:
sentencex never splits inside quotation marks, takes some ordinary words for
abbreviations, ends a sentence after a title, leaves opening quotation marks behind;
every library may end a sentence before a continuation ("... them! -and"); no library
bounds a sentence's length.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from aligner.languages import unspaced
from aligner.scripts import OTHER_CLAUSE_MARKS, QUOTES
from aligner.text.segment.lang import facts, titles
from aligner.text.segment.splitters import Span

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


@functools.lru_cache(maxsize=32)
def _title_end(lang: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(sorted(titles(lang)))})\.$")


@functools.lru_cache(maxsize=32)
def _missed_end(lang: str):  # noqa: ANN202 - a regex pattern
    import regex

    words = facts(lang).not_abbreviations
    if not words:
        return None
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?i:{'|'.join(words.split())})\.\s+(?=[¿¡\"'«“(]*\p{{Lu}})")


def cut_missed_ends(piece: str, lang: str) -> list[str]:
    """``piece`` cut after each ordinary word sentencex took for an abbreviation, and
    between the sentences of a quotation (sentencex never splits inside quotes)."""
    cuts = set(_quoted_ends(piece, lang))
    pattern = _missed_end(lang)
    if pattern is not None:
        cuts.update(match.end() for match in pattern.finditer(piece))
    ordered = sorted(cut for cut in cuts if 0 < cut < len(piece))
    return [piece[a:b] for a, b in zip([0, *ordered], [*ordered, len(piece)], strict=True)]


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
    if unspaced(lang):
        return [match.end() for match in _quoted_end().finditer(piece) if not _stammer(piece, match)]
    if not any(mark in piece for mark in QUOTES + "'"):
        return []
    known = titles(lang)
    cuts = []
    for match in _western_end().finditer(piece):
        word = match.group(1)
        if word is not None and (len(word) == 1 and word.isupper() or word in known):
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


def quotes_to_their_sentences(pieces: list[str], unspaced: bool = False) -> list[str]:
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



def rejoin_false_ends(text: str, pieces: list[str], lang: str) -> list[Span]:
    """The pieces located in ``text`` as spans (surrounding spaces left out), each piece
    glued back to the one before where that one ends in a title ("Nous avons vu M." +
    "Dupont hier.") and it starts with a small letter, or (Chinese, Japanese) where that
    one ends in a Latin initial ("他在D." + "E.Shaw公司任职。")."""
    no_spaces = unspaced(lang)
    title = _title_end(lang)
    spans: list[Span] = []
    position = 0
    for piece in pieces:
        stripped = piece.strip()
        if not stripped:
            continue
        start = text.find(stripped, position)
        if start < 0:  # the splitter normalised something: fall back to its own length
            start = position
        end = start + len(stripped)
        position = end
        if spans and title.search(text[slice(*spans[-1])]) and _STARTS_SMALL.match(stripped):
            spans[-1] = (spans[-1][0], end)
        elif spans and no_spaces and _LATIN_INITIAL.search(text[slice(*spans[-1])]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


# A quotation ending in a question or an exclamation, and a short attribution after it
# that starts with a capital letter (English; in French, Spanish, German and Italian the
# verb comes first and is small): '"Why?" I asked.' and '"Can you print it?" Wang asked.'
# are one sentence each, as the suite's English gold has them; sentencex splits before
# any capital. At most three names before the verb, and four words after it.
_QUOTED_QUESTION = re.compile(r"[?!…][\"'’”»]+$")


@functools.lru_cache(maxsize=32)
def _attribution(lang: str):  # noqa: ANN202 - a regex pattern
    import regex

    verbs = facts(lang).speech_verbs
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
    if previous.rstrip()[-1:] in OTHER_CLAUSE_MARKS:
        return True  # Burmese "လာမလား၊" + "မလာဘူးလား။": a comma ends no sentence
    attribution = _attribution(lang)
    if attribution is not None and _QUOTED_QUESTION.search(previous) and attribution.match(piece):
        return True  # '"Why?"' + 'I asked.'
    return bool(_ABBREVIATION_END.search(previous) and piece[:1].isdigit())  # "Vol." + "2 No. 7"


def glue_continuations(text: str, spans: list[Span], lang: str) -> list[Span]:
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


def cut_long(text: str, span: Span) -> list[Span]:
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


