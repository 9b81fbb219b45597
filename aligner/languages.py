"""Languages: what every stage knows of a language tag, in one place.

A tag is BCP 47 as ``aligner.text.language.language_tag`` makes it (``fr``, ``fr-CA``,
``zh-Hant``, ``grc``). Its *primary* language is the first subtag; its *base* language the
one it is read as (a macrolanguage's member or another code for the same language:
``cmn`` and ``yue`` are read as Chinese, ``nb`` and ``nn`` as Norwegian), which is what
models and splitters are chosen by.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

# Languages written without a space between sentences (or words): Chinese (and its
# varieties, classical Chinese among them) and Japanese.
UNSPACED = frozenset({"zh", "ja", "yue", "wuu", "lzh", "cmn"})
# Languages that read as another: a macrolanguage's members, other codes for one language,
# and varieties a language identifier names (py3langid: ary, arz, uzs, sdh).
READ_AS = {"nb": "no", "nn": "no", "fil": "tl", "iw": "he", "in": "id", "ji": "yi", "zsm": "ms", "cmn": "zh",
           "yue": "zh", "wuu": "zh", "hbs": "sr", "sh": "sr", "arb": "ar", "ary": "ar", "arz": "ar", "pes": "fa",
           "prs": "fa", "ekk": "et", "lvs": "lv", "khk": "mn", "uzn": "uz", "uzs": "uz", "azj": "az", "swh": "sw",
           "npi": "ne", "ory": "or", "pbt": "ps", "kmr": "ku", "ckb": "ku", "sdh": "ku", "ydd": "yi"}


def primary(tag: str) -> str:
    """The language of a tag without its region or script: ``fr`` of ``fr-CA`` (``_``
    taken for ``-``)."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


def base(tag: str) -> str:
    """The language a tag is read as: its primary subtag, or the one that reads for it."""
    code = primary(tag)
    return READ_AS.get(code, code)


def unspaced(tag: str) -> bool:
    """True for a language written without spaces between sentences."""
    return primary(tag) in UNSPACED or base(tag) in UNSPACED


def joiner(tag: str) -> str:
    """What joins two sentences of the language: a space, or nothing (Chinese, Japanese)."""
    return "" if unspaced(tag) else " "


@functools.lru_cache(maxsize=256)
def name(tag: str) -> str:
    """The English name of a tag (``qu`` -> ``Quechua``, ``fr-CA`` -> ``French (Canada)``),
    from langcodes' data; the tag itself when it has none."""
    import langcodes

    try:
        found = langcodes.Language.get(tag).display_name()
    except (ValueError, LookupError, ImportError):
        return tag
    return tag if not found or found.lower().startswith("unknown") else found


def text_ids(langs: Sequence[str]) -> tuple[str, ...]:
    """The ``xml:id`` of each version's text: its language tag, or, for a language that
    several versions share, the tag and the version's number among them (``en1``, ``en2``).

    >>> text_ids(["de", "en", "en"])
    ('de', 'en1', 'en2')
    """
    ids = []
    for k, lang in enumerate(langs):
        same = [j for j, other in enumerate(langs) if other == lang]
        ids.append(lang if len(same) == 1 else f"{lang}{same.index(k) + 1}")
    return tuple(ids)
