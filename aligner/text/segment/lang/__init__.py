"""Languages: what sentence splitting knows of each language, one module per language.

A module ``aligner/text/segment/lang/<code>.py`` holds a language's facts as ``FACTS``
(:class:`LanguageFacts`): which splitter takes it, the titles that precede a name, the
ordinary words the library takes for abbreviations, the verbs of a speech's attribution,
and examples (a text and the sentences it must give), which one test runs for every
language. A language without a module gets the defaults: sentencex, and no repairs of
its own. A new language is one module here.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass

from aligner.languages import base

# English titles are titles in every language: translations of English novels keep them
# ("Mon cher Mr. Bennet", "preguntó Mrs. Bennet"), and sentencex's French and Spanish rules
# end a sentence after them.
ENGLISH_TITLES = "Mr Mrs Ms Messrs"


@dataclass(frozen=True)
class LanguageFacts:
    """What the splitting passes know of one language.

    ``splitter`` names its splitter (``aligner.text.segment.splitters``); ``titles`` the
    words that precede a name with a full stop ("M." in French), after which a capital
    letter does not start a sentence; ``not_abbreviations`` ordinary words that the
    splitter's abbreviation lists hold, after which a capital letter does start one;
    ``speech_verbs`` the verbs of a short attribution that stays with a quoted question
    ('"Why?" I asked.'); ``measured`` when the splitter's generic rules were
    measured good enough for it (no warning); ``examples`` pairs of a paragraph and the
    sentences it must give.
    """

    splitter: str = "sentencex"
    titles: str = ""
    not_abbreviations: str = ""
    speech_verbs: str = ""
    measured: bool = False
    examples: tuple[tuple[str, tuple[str, ...]], ...] = ()


DEFAULT = LanguageFacts()


@functools.lru_cache(maxsize=64)
def facts(lang: str) -> LanguageFacts:
    """The facts of a language tag's primary language (the defaults for one without a module)."""
    code = base(lang)
    if code not in languages():
        return DEFAULT
    return importlib.import_module(f"{__name__}.{code}").FACTS


@functools.lru_cache(maxsize=1)
def languages() -> frozenset[str]:
    """The languages that have a module here."""
    return frozenset(module.name for module in pkgutil.iter_modules(__path__))


@functools.lru_cache(maxsize=64)
def titles(lang: str) -> frozenset[str]:
    """The titles before a name in ``lang``, the English ones among them."""
    return frozenset(f"{facts(lang).titles} {ENGLISH_TITLES}".split())
