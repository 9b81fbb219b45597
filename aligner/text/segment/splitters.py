"""Splitters: the libraries (and one rule) that find a paragraph's sentence ends.

Each is a :class:`Splitter`: ``spans(text, lang)`` gives ``(start, end)`` spans of the
sentences (SoMaJo), or ``pieces(text, lang)`` gives pieces of the text in order, which the
repairs of ``aligner.text.segment.repairs`` then correct (sentencex, PyThaiNLP, the shad
rule). A language's module (``aligner.text.segment.lang``) names its splitter; the rest
go to sentencex, which has rules of its own for about 30 languages and maps about 250
more to a related one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from aligner.languages import primary
from aligner.text.segment.lang import facts

# A cleaned-text span [start, end) of one sentence inside its paragraph.
Span = tuple[int, int]


@dataclass(frozen=True)
class Splitter:
    """A sentence splitter: ``spans`` or ``pieces`` (see the module's docstring);
    ``parallel`` when a long text is worth splitting in worker processes (the splitter is
    slow and starts fast enough)."""

    name: str
    spans: Callable[[str, str], Iterator[Span]] | None = None
    pieces: Callable[[str, str], list[str]] | None = None
    parallel: bool = False


# --- SoMaJo (German) ----------------------------------------------------------------------

# SoMaJo's model per language it splits.
SOMAJO_MODELS = {"de": "de_CMC", "en": "en_PTB"}


@functools.lru_cache(maxsize=4)
def somajo(model: str, offsets: bool = True):  # noqa: ANN201 - SoMaJo has no type stubs
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


def split_somajo(text: str, lang: str) -> Iterator[Span]:
    model = SOMAJO_MODELS.get(primary(lang), "en_PTB")
    spans = find_sentences(text, somajo(model, offsets=False).tokenize_text([text]))
    if spans is None:  # a token SoMaJo rewrote: let it work out the offsets itself
        spans = [(sentence[0].character_offset[0], sentence[-1].character_offset[1])
                 for sentence in somajo(model).tokenize_text([text])]
    yield from spans


def find_sentences(text: str, sentences: Iterator[list[Any]]) -> list[Span] | None:
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


# --- sentencex (every other language) -----------------------------------------------------

# Languages sentencex (1.0) has rules of its own for (its language factory, plus ru and
# uk, which the installed version splits unlike English); any other code goes through
# its fallback table to a related language's rules, or to its English rules. A language
# missing here costs only an unneeded warning.
SENTENCEX_RULES = frozenset(
    "am ar bg bn ca da de el en es fi fr gu hi hy it ja kk kn ml mr my nl pa pl pt ru sk ta te uk".split()
)


def sentencex_code(lang: str) -> tuple[str, bool]:
    """The code to hand sentencex for ``lang``, and whether sentencex has rules of its own
    for it. A regional code it does not list ("fr-ca") is reduced to its language ("fr");
    sentencex itself would split such a code with its English rules."""
    if lang.lower() in SENTENCEX_RULES:
        return lang.lower(), True
    if primary(lang) in SENTENCEX_RULES:
        return primary(lang), True
    return lang, False


def sentencex_pieces(text: str, lang: str) -> list[str]:
    import sentencex

    return list(sentencex.segment(sentencex_code(lang)[0], text))


# --- PyThaiNLP (Thai) ---------------------------------------------------------------------


def thai_pieces(text: str, lang: str) -> list[str]:
    """Thai sentences by PyThaiNLP's CRF model (``crfcut``; its model ships in the package)."""
    from pythainlp.tokenize import sent_tokenize

    # A string in, a list of strings out (a list of words in gives lists of words).
    return cast("list[str]", sent_tokenize(text, engine="crfcut"))


# --- the shad (Tibetan) -------------------------------------------------------------------

_SHAD_END = re.compile(r"(?<=[།༎༏༐༑])[ \u00a0\u0f0b]*\s+")


def shad_pieces(text: str, lang: str) -> list[str]:
    """Pieces of Tibetan text ended by a shad (or a double one) and a space."""
    pieces, start = [], 0
    for match in _SHAD_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    return [*pieces, text[start:]] if start < len(text) else pieces


SOMAJO = Splitter("somajo", spans=split_somajo, parallel=True)
SENTENCEX = Splitter("sentencex", pieces=sentencex_pieces)
# The splitters by the name a language's module gives (aligner.text.segment.lang).
SPLITTERS: dict[str, Splitter] = {
    "somajo": SOMAJO,
    "sentencex": SENTENCEX,
    "thai": Splitter("pythainlp", pieces=thai_pieces),
    "shad": Splitter("shad", pieces=shad_pieces),
}


def splitter_for(lang: str) -> Splitter:
    """The sentence splitter of a language (its module's, or sentencex)."""
    return SPLITTERS[facts(lang).splitter]


def has_rules(lang: str) -> bool:
    """True if ``lang``'s splitter has rules of its own for it (or its generic rules were
    measured good enough), so that no warning is needed."""
    splitter = splitter_for(lang)
    return splitter is not SENTENCEX or sentencex_code(lang)[1] or facts(lang).measured
