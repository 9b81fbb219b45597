"""Headings: what counts as a heading or a title, in one place.

Two readers ask, with different evidence. Cleaning sees a whole line of the file and
decides whether it is a heading paragraph (:func:`looks_like_heading`: short, capitalised,
no sentence end inside or at its end, no speech, or a chapter heading). Scoring sees a
sentence already cut from its paragraph, and asks only whether it ends without closing
punctuation (:func:`title_like`: "They Lacked Sufficient Character"), which makes leaving
it unaligned cheap. The line rule is the stricter one: a line it calls a heading that ends
in no mark is also title-like.
"""

from __future__ import annotations

import re

from aligner.scripts import CLOSED_END, LATIN_ENDS, OTHER_ENDS, QUOTES

# A heading is one short line, with at most this many characters and words.
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12
# A word of three letters or more, a sentence end and a space: a sentence ends inside.
_SENTENCE_INSIDE = re.compile(rf"\w{{3,}}[{LATIN_ENDS}{OTHER_ENDS}][\"”»]?\s")
# A chapter or part heading, whatever its closing punctuation: "CHAPTER III.", "Chapitre 3",
# "Kapitel IV", "BOOK II. THE ESCAPE", "Part 2", "XII.", "第三章".
_CHAPTER = re.compile(
    r"^(?:(?:chapter|chapitre|kapitel|capítulo|capitulo|capitolo|hoofdstuk|book|livre|buch|part|partie|teil|"
    r"parte|section|letter|lettre)\s+(?:[ivxlcdm]+|\d+|[a-z]+)\b.*|[ivxlcdm]+\.?|\d{1,3}\.?|第.{1,6}[章回节卷部])$",
    re.IGNORECASE)
# Quotation marks and dialogue dashes: a line holding one is speech, not a heading.
_SPEECH = re.compile(f"[{re.escape(QUOTES)}]|^[-–—]")
# How a heading line may not end; a line all in capitals may end in a full stop.
_NOT_A_HEADING_END = (".", ",", ";", ":", "-", "–", "…", *OTHER_ENDS)
_NOT_A_SHOUTED_HEADING_END = (",", ";", ":", "-", "–", "…")


def looks_like_heading(line: str) -> bool:
    """One short line: a chapter heading ("CHAPTER III.", "Chapitre 3", "XII."), or a
    capitalised line with no sentence end inside or at its end, no speech (quotes, a
    dialogue dash) and no colon; a line all in capitals may end in a full stop."""
    stripped = line.strip()
    words = stripped.split()
    if not 0 < len(stripped) <= HEADING_MAX_CHARS or len(words) > HEADING_MAX_WORDS:
        return False
    if _CHAPTER.match(stripped):
        return True
    letters = [c for c in stripped if c.isalpha()]
    shouting = len(letters) >= 2 and all(c.isupper() for c in letters)
    return (
        (stripped[0].isupper() or stripped[0].isdigit())
        and not stripped.endswith(_NOT_A_SHOUTED_HEADING_END if shouting else _NOT_A_HEADING_END)
        and ":" not in stripped
        and not _SPEECH.search(stripped)
        and not _SENTENCE_INSIDE.search(stripped.rstrip(".") + " " if shouting else stripped + " ")
    )


def title_like(sentence: str) -> bool:
    """Whether a sentence ends without punctuation, as a title does ("Zinoviev and Kamenev")."""
    return not CLOSED_END.search(sentence)
