"""Ingest: read a text file and undo what PDF extraction did, keeping offsets into it.

The result of :func:`clean_paragraphs` is a list of :class:`CleanParagraph`: the
cleaned text of each paragraph (hard-wrapped lines joined, end-of-line hyphenation
undone, runs of spaces collapsed) and, for every character of it, the offset of the
character of the original text it came from.
"""

from __future__ import annotations

import logging
import re
import statistics
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import InputError
from aligner.headings import looks_like_heading
from aligner.scripts import CLOSING_MARKS, SENTENCE_ENDS, UNSPACED_SCRIPT, UNWRITABLE

logger = logging.getLogger(__name__)

# A document counts as hard-wrapped (PDF extraction) when most of its non-blank lines
# sit in blocks of several lines and those lines are short, as printed lines are.
WRAPPED_MAX_MEDIAN_LINE = 150
# In a hard-wrapped text, if at least this share of the lines inside paragraphs end
# with a space, a line that does not is a paragraph end (pdftotext and similar tools
# keep the space before a soft line break but not after the last line of a paragraph).
TRAILING_SPACE_REGIME = 0.6
# Longest text accepted, in characters (offsets are kept as 4-byte unsigned integers).
MAX_TEXT_CHARS = 2**32 - 1
# In hard-wrapped text a heading is at most this share of a typical (90th percentile) line.
HEADING_SHARE_OF_LINE = 0.7
# Blank lines are paragraph breaks, never page breaks, when at least this share of the
# blank-line blocks (of at least BLANK_BREAK_MIN_BLOCKS) end with a sentence or are
# headings: e-books hard-wrapped at about 72 columns, where blocks are paragraphs.
BLANK_BREAK_SHARE = 0.9
BLANK_BREAK_MIN_BLOCKS = 5
# Words that follow a suspended hyphen ("Luft- und Dampfsirene", "pre- and post-war").
SUSPENSION_WORDS = frozenset({"und", "oder", "bzw.", "sowie", "bis", "and", "or", "to", "et", "ou"})

# Runs of whitespace (any of it, form feeds and other control whitespace included, becomes
# one space) or of anything else (where unwritable characters are dropped).
_RUNS = re.compile(r"\s+|\S+")
_TERMINAL = tuple(SENTENCE_ENDS + ":;；：" + CLOSING_MARKS)
# Scripts written without spaces between words (Chinese, Japanese; not Korean): a line
# break between two of their characters joins the lines without a space.
_WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Line:
    """One line of the original text: ``text`` without its line end, from offset ``start``."""

    start: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class CleanParagraph:
    """A cleaned paragraph: ``text[k]`` came from ``original[offsets[k]]``.

    ``offsets`` is an ``array('I')`` (4 bytes a character, not a tuple of int objects),
    which keeps a 50 MB book within a few hundred MB while it is cleaned; texts are
    limited to ``MAX_TEXT_CHARS`` characters accordingly.
    """

    text: str
    offsets: Sequence[int]
    heading: bool


def read_text(path: Path, *, encoding: str = "utf-8") -> str:
    """Read and decode a text file, refusing what is not usable text.

    Args:
        path: the file.
        encoding: codec to decode with; a UTF-8 byte-order mark is dropped either way.

    Returns:
        The decoded text with line ends as in the file.

    Raises:
        InputError: missing, a directory, unreadable, binary, undecodable, or empty.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected a text file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if b"\x00" in data[:65536]:
        raise InputError(f"{path}: looks like a binary file (it contains NUL bytes); the inputs read are plain "
                         "text, XML, HTML, EPUB, DOCX and PDF (by their ending or content)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}: not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line}); "
            "convert it to UTF-8, or for Latin-1 / Windows-1252 text pass --encoding cp1252"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    if not text.strip():
        raise InputError(f"{path}: is empty or holds only whitespace")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"{path}: holds {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,} "
                         "(split the text into parts)")
    controls = [match.start() for match in UNWRITABLE.finditer(text) if not match.group().isspace()]
    if controls:
        line = text.count("\n", 0, controls[0]) + 1
        logger.warning("warning: %s: %d control character(s) removed from the text (first on line %d); offsets "
                       "still point into the file", path, len(controls), line)
    return text


def split_lines(text: str) -> list[Line]:
    """Split into lines (LF, CRLF or CR), keeping each line's start offset."""
    lines: list[Line] = []
    for match in re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", text):
        if match.start() == len(text) and not match.group(1):
            break
        lines.append(Line(match.start(), match.group(1)))
    return lines


def _is_hard_wrapped(lines: list[Line]) -> bool:
    """True when the text reads like printed lines (PDF extraction) rather than one line a paragraph."""
    in_blocks = [
        line.text
        for k, line in enumerate(lines)
        if not line.blank
        and ((k > 0 and not lines[k - 1].blank) or (k + 1 < len(lines) and not lines[k + 1].blank))
    ]
    non_blank = sum(1 for line in lines if not line.blank)
    if not in_blocks or len(in_blocks) <= 0.5 * non_blank:
        return False
    return statistics.median(len(t.strip()) for t in in_blocks) <= WRAPPED_MAX_MEDIAN_LINE


def _blank_lines_break(lines: list[Line]) -> bool:
    """True when blank lines separate paragraphs (a Project-Gutenberg-style e-book: nearly
    every blank-line block ends a sentence), not pages (PDF extraction, where a page break
    falls anywhere in a sentence)."""
    ends = [lines[k].text for k in range(len(lines))
            if not lines[k].blank and (k + 1 == len(lines) or lines[k + 1].blank)]
    if len(ends) < BLANK_BREAK_MIN_BLOCKS:
        return False
    closed = sum(1 for text in ends if text.rstrip().endswith(_TERMINAL) or looks_like_heading(text))
    return closed >= BLANK_BREAK_SHARE * len(ends)


def _vocabulary(text: str) -> Counter[str]:
    return Counter(match.group(0).lower() for match in _WORD_RE.finditer(text))


def _hyphen_join(left: str, right: str, vocabulary: Counter[str]) -> str:
    """How to join a line ending in a hyphen to the next: "" (drop the hyphen), "-" or "- ".

    ``left`` is the line (trailing whitespace removed, ending in "-"), ``right`` the
    next line (leading whitespace removed).
    """
    head = _WORD_RE.findall(left[:-1])
    tail = _WORD_RE.match(right)
    if not head or not tail or not left[-2:-1].isalpha():
        return "-"
    first, second = head[-1], tail.group(0)
    if second.lower() in SUSPENSION_WORDS or right.split()[0] in SUSPENSION_WORDS:
        return "- "
    if not second[0].islower():
        return "-"  # "Entente-" + "Länder", "Sinowjew-" + "Kamenew": a real hyphen
    if vocabulary[(first + second).lower()]:
        return ""  # the joined word occurs elsewhere: the hyphen was a line-break hyphen
    if vocabulary[first.lower()] > 1 and vocabulary[second.lower()] > 1:
        return "-"  # both halves are words of their own: "deutsch-japanischer"
    return ""  # "Verschie-" + "bungen"


class _Builder:
    """Accumulates one cleaned paragraph and its offset map."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: array[int] = array("I")

    def add(self, text: str, start: int) -> None:
        """Append ``text`` (which starts at original offset ``start``), collapsing whitespace
        and dropping the characters no written file can hold (reported by read_text)."""
        for run in _RUNS.finditer(text):
            at = start + run.start()
            piece = run.group()
            if piece[0].isspace():
                kept = [(0, " ")]
            elif UNWRITABLE.search(piece):
                kept = [(k, char) for k, char in enumerate(piece) if not UNWRITABLE.match(char)]
            else:  # the common case: a word, taken whole
                self.chars.extend(piece)
                self.offsets.extend(range(at, at + len(piece)))
                continue
            for k, char in kept:
                if char.isspace():
                    if not self.chars or self.chars[-1] == " ":
                        continue
                    char = " "
                self.chars.append(char)
                self.offsets.append(at + k)

    def space(self, offset: int) -> None:
        if self.chars and self.chars[-1] != " ":
            self.chars.append(" ")
            self.offsets.append(offset)

    def drop_last(self) -> None:
        self.chars.pop()
        self.offsets.pop()

    def finish(self, heading: bool) -> CleanParagraph | None:
        while self.chars and self.chars[-1] == " ":
            self.drop_last()
        if not self.chars:
            return None
        return CleanParagraph("".join(self.chars), self.offsets, heading)


def clean_paragraphs(text: str) -> list[CleanParagraph]:
    """Find the paragraphs and headings of a text and clean each one.

    Args:
        text: the decoded file content.

    Returns:
        The non-empty paragraphs in order, each with offsets into ``text``.
    """
    lines = split_lines(text)
    if not _is_hard_wrapped(lines):
        # One line, one paragraph (web archives, already unwrapped text).
        result = []
        for line in lines:
            builder = _Builder()
            builder.add(line.text, line.start)
            paragraph = builder.finish(looks_like_heading(line.text))
            if paragraph:
                result.append(paragraph)
        return result
    return _clean_wrapped(lines, _vocabulary(text))


def _indent(line: Line) -> int:
    """How far a line is indented: its leading spaces, a tab counting as four."""
    return len(line.text.expandtabs(4)) - len(line.text.expandtabs(4).lstrip())


def _clean_wrapped(lines: list[Line], vocabulary: Counter[str]) -> list[CleanParagraph]:
    non_blank = [k for k, line in enumerate(lines) if not line.blank]
    # Lines ending in a hyphen keep no space in any extraction tool: leave them out.
    inner = [lines[k].text for k in non_blank[:-1] if not lines[k].text.endswith("-")]
    trailing_share = sum(1 for t in inner if t != t.rstrip()) / max(1, len(inner))
    space_regime = trailing_share >= TRAILING_SPACE_REGIME
    blank_breaks = _blank_lines_break(lines)
    typical = statistics.quantiles([len(lines[k].text.strip()) for k in non_blank], n=10)[-1] if len(
        non_blank
    ) > 1 else 80.0

    def heading_line(line: Line) -> bool:
        # In the trailing-space regime a heading is a line that ends a paragraph itself.
        # A heading is also clearly shorter than a full printed line.
        return (
            looks_like_heading(line.text)
            and len(line.text.strip()) <= HEADING_SHARE_OF_LINE * typical
            and not (space_regime and line.text != line.text.rstrip())
        )

    def ends_paragraph(line: Line, following: Line | None) -> bool:
        stripped = line.text.rstrip()
        if stripped.endswith("-") and stripped[-2:-1].isalpha():
            return False
        if following is not None and following.text.lstrip()[:1].islower():
            return False  # a paragraph does not start with a small letter
        if following is not None and _indent(following) > _indent(line) and stripped.endswith(_TERMINAL):
            return True  # an indented first line opens a paragraph (e-books that mark them so)
        if following is not None and following.text.startswith("\u3000"):
            return True  # so does an ideographic space (Chinese and Japanese: "　　" before each paragraph)
        if following is not None and heading_line(following) and stripped.endswith(_TERMINAL):
            if space_regime and line.text != stripped:
                return False
            return True
        if space_regime:
            return line.text == stripped
        return stripped.endswith(_TERMINAL) and len(stripped) < 0.8 * typical

    result: list[CleanParagraph] = []
    builder = _Builder()
    lines_in_paragraph = 0
    previous: Line | None = None
    pending_break = False  # blank lines seen since ``previous``

    def close() -> None:
        nonlocal builder, lines_in_paragraph
        first_line_heading = lines_in_paragraph == 1 and previous is not None and heading_line(previous)
        paragraph = builder.finish(first_line_heading)
        if paragraph:
            result.append(paragraph)
        builder = _Builder()
        lines_in_paragraph = 0

    for line in lines:
        if line.blank:
            pending_break = previous is not None
            continue
        if previous is not None:
            # Blank lines inside a paragraph are page breaks: the paragraph goes on if
            # the line before them did not end one.
            if ends_paragraph(previous, line) or (pending_break and blank_breaks) or (
                pending_break and (heading_line(previous) or heading_line(line))
            ) or (pending_break and not space_regime and previous.text.rstrip().endswith(_TERMINAL)):
                close()
            elif lines_in_paragraph == 1 and heading_line(previous) and not space_regime:
                close()
            else:
                _join(builder, previous, line, vocabulary)
        builder.add(line.text, line.start)
        lines_in_paragraph += 1
        previous = line
        pending_break = False
    close()
    return result


def _join(builder: _Builder, previous: Line, line: Line, vocabulary: Counter[str]) -> None:
    """Join ``line`` to the paragraph that ``previous`` ended, across a line break."""
    left = previous.text.rstrip()
    right = line.text.lstrip()
    line_break = previous.start + len(previous.text)
    if left.endswith("-") and right:
        how = _hyphen_join(left, right, vocabulary)
        while builder.chars and builder.chars[-1] == " ":
            builder.drop_last()
        if how == "":
            builder.drop_last()  # the hyphen
        elif how == "- ":
            builder.space(line_break)
        return
    if UNSPACED_SCRIPT.match(left[-1:]) and UNSPACED_SCRIPT.match(right[:1]):
        return  # "何事何" + "人？": Chinese and Japanese lines join without a space
    builder.space(line_break)
