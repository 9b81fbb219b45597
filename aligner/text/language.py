"""Language check: a cheap stop-word guess, to catch a wrongly given language code."""

from __future__ import annotations

import re
from collections import Counter

# Very frequent function words, disjoint across the languages listed.
STOPWORDS = {
    "de": {"der", "die", "und", "das", "nicht", "ist", "ich", "sich", "mit", "dem", "den", "auf", "auch", "es"},
    "en": {"the", "and", "of", "to", "is", "that", "was", "with", "he", "it", "for", "they", "which", "not"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "que", "qui", "dans", "pas", "pour", "sur", "au"},
    "es": {"el", "los", "las", "y", "que", "del", "una", "por", "con", "para", "es", "se", "lo", "como"},
    "it": {"il", "di", "che", "e", "della", "per", "non", "sono", "gli", "una", "del", "con", "si", "nel"},
    "nl": {"het", "een", "en", "van", "ik", "niet", "dat", "zijn", "op", "aan", "met", "voor", "er", "maar"},
}
# A guess counts when it covers at least this many words and twice the runner-up's.
MIN_HITS = 20
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str, *, sample_chars: int = 200_000) -> str | None:
    """The language whose stop words dominate ``text``, or None when unsure or unknown."""
    counts = Counter(word.lower() for word in _WORD.findall(text[:sample_chars]))
    hits = sorted(((sum(counts[w] for w in words), lang) for lang, words in STOPWORDS.items()), reverse=True)
    (best, lang), (second, _) = hits[0], hits[1]
    if best >= MIN_HITS and best >= 2 * second:
        return lang
    return None
