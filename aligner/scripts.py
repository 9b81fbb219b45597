"""Scripts: the characters of the writing systems the tool reads, in one place.

Which marks end a sentence, which end only a clause, which quote, which characters belong
to the scripts written without spaces, and which no file the tool writes can hold.
Cleaning (headings, control characters), segmenting (quotation repairs, clause marks),
scoring (title-like and open-ended sentences) and every writer read them here.
"""

from __future__ import annotations

import re

# Marks that end a sentence: Latin ones (Greek's question mark is ";", or U+037E), those of
# Chinese and Japanese, and of the other scripts: Armenian (։), Devanagari and Bengali
# (। ॥), Ethiopic (። ፧), Myanmar (။), Tibetan (། ༎), Arabic and Urdu (؟ ۔), Khmer (។ ៕).
LATIN_ENDS = ".!?"
CJK_ENDS = "。！？"
OTHER_ENDS = "\u037e\u0589\u0964\u0965\u1362\u1367\u104b\u0f0d\u0f0e\u061f\u06d4\u17d4\u17d5"
SENTENCE_ENDS = LATIN_ENDS + "…" + CJK_ENDS + OTHER_ENDS
# Marks that end a clause but never a sentence: the comma, semicolon and colon of Latin
# and Chinese, Greek's ano teleia (· U+0387), Ethiopic's (፣ ፤ ፥), Myanmar's little
# section (၊), Arabic's (، ؛).
OTHER_CLAUSE_MARKS = "\u0387\u1363\u1364\u1365\u104a\u060c\u061b"
CLAUSE_MARKS = ",;:，、；：" + OTHER_CLAUSE_MARKS
# Quotation marks of the supported languages (opening and closing, straight and curly).
QUOTES = "\"“”„‟«»‘’‚‹›「」『』"
# Marks that may close a sentence after its end: quotation marks and brackets.
CLOSING_MARKS = "\"'»«”“’)]」』）】》〉"
# The characters of the scripts written without spaces (CJK ideographs, kana, their
# punctuation and full-width forms): two lines of them join without a space.
UNSPACED_SCRIPT = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                             r"\uf900-\ufaff\uff00-\uffef]")
# A text that ends a sentence or a clause (then maybe closing marks): not a title.
CLOSED_END = re.compile(f"[{re.escape(SENTENCE_ENDS + CLAUSE_MARKS + CLOSING_MARKS)}]\\s*$")
# A text that ends in a Latin clause mark: the next sentence continues it (measured on the
# development suite with these three only).
OPEN_END = re.compile(r"[:;,]\s*$")
# Characters no file the tool writes holds: those XML 1.0 forbids (C0 controls but tab, LF
# and CR; lone surrogates; U+FFFE, U+FFFF) and DEL. Reading drops them from the text (the
# whitespace ones among them count as spaces); every writer removes them (``xml_safe``).
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters no written file holds (:data:`UNWRITABLE`)."""
    return UNWRITABLE.sub("", text)
