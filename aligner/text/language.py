"""Languages: codes as users give them, and which language a text is in.

Codes go through ``langcodes`` (IETF BCP 47 / ISO 639-1, -2 and -3: ``fra`` -> ``fr``,
``zho`` and ``chi`` -> ``zh``, ``fr-ca`` -> ``fr-CA``); a code that names no language
is refused, with the code probably meant. Texts are identified by ``py3langid`` (a
maintained fork of langid.py, whose model ships inside the package: nothing is
downloaded), on a sample of the text; an identification is only trusted when it is
sure.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from pathlib import Path

from aligner.errors import InputError

logger = logging.getLogger(__name__)

# Codes people give that are no language code, mostly countries' (ISO 3166), and the
# language they mean.
NOT_LANGUAGES = {"cn": "zh", "jp": "ja", "gr": "el", "cz": "cs", "dk": "da", "se": "sv", "ua": "uk", "kr": "ko",
                 "gb": "en", "us": "en", "at": "de", "ir": "fa", "il": "he", "vn": "vi", "rs": "sr", "si": "sl"}
# An identification is trusted from this probability up (py3langid's normalised
# probability over its 97 languages; a paragraph of prose scores 0.99 or more).
SURE = 0.9
# Characters of a text the identification reads: the start, the middle and the end.
SAMPLE_CHARS = 30_000


def language_tag(code: str) -> str:
    """The standard tag of a language code (``fra`` -> ``fr``, ``de_at`` -> ``de-AT``).

    Raises:
        InputError: not a code of a language (``german``, ``cn``), with the one meant if known.
    """
    import langcodes

    given = code.strip()
    guess = NOT_LANGUAGES.get(given.lower())
    if guess is None:
        try:
            tag = langcodes.standardize_tag(given.replace("_", "-"))
            if langcodes.Language.get(tag).is_valid() and given:
                return tag
        except (ValueError, LookupError):
            pass
    hint = f"; did you mean '{guess}'?" if guess else " such as 'de', 'en', 'fra' or 'zh'"
    raise InputError(f"language {code!r} is not a language code (ISO 639-1 or 639-3){hint}")


@functools.lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - py3langid has no type stubs
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    third = SAMPLE_CHARS // 3
    middle = len(text) // 2
    return " ".join((text[:third], text[middle - third // 2 : middle + third // 2], text[-third:]))


def identify(text: str) -> tuple[str, float]:
    """The language ``text`` is most probably in (a tag; ``zxx`` for no language) and
    the probability py3langid gives it."""
    code, probability = _identifier().classify(_sample(text))
    return str(code), float(probability)


def identified(text: str, folder: Path | None) -> tuple[str, float]:
    """:func:`identify`, remembered in ``folder`` (the cache) by the text's digest, so
    that a second run on the same text loads no identification model."""
    entry = None
    if folder is not None:
        entry = folder / "languages" / hashlib.sha256(text.encode("utf-8")).hexdigest()
        try:
            code, figure = entry.read_text(encoding="utf-8").split()
            return code, float(figure)
        except (OSError, ValueError):
            pass
    code, probability = identify(text)
    if entry is not None:
        from aligner.atomic import write_atomic
        from aligner.errors import OutputError

        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(entry, f"{code} {probability!r}".encode())
        except (OSError, OutputError):
            pass  # only a shortcut
    return code, probability


def guess_language(text: str, folder: Path | None = None) -> str | None:
    """The language ``text`` is in, or None when the identification is not sure."""
    code, probability = identified(text, folder)
    return code if probability >= SURE and code != "zxx" else None


def detect_language(path: Path, text: str, *, folder: Path | None = None) -> str:
    """The language of a file's text, for a user who did not give it.

    Raises:
        InputError: the identification is not sure; the message says to give the language.
    """
    code, probability = identified(text, folder)
    if probability < SURE or code == "zxx":
        raise InputError(f"{path}: cannot tell which language it is in (best guess '{code}', probability "
                         f"{probability:.2f}); give it with --src-lang / --tgt-lang")
    logger.info("%s: language detected: %s (probability %.2f)", path, code, probability)
    return code
