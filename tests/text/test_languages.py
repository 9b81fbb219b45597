"""Every language module's examples (aligner/text/segment/lang/): one test over them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.text.read import document_from_text
from aligner.text.segment.lang import LanguageFacts, facts, languages
from aligner.text.segment.splitters import SPLITTERS

EXAMPLES = [(lang, text, expected) for lang in sorted(languages()) for text, expected in facts(lang).examples]


@pytest.mark.parametrize(("lang", "text", "expected"), EXAMPLES,
                         ids=[f"{lang}-{k}" for k, (lang, _, _) in enumerate(EXAMPLES)])
def test_every_language_gives_its_examples(lang, text, expected, caplog):
    with caplog.at_level("WARNING"):
        document = document_from_text(text + "\n", lang, path=Path(f"{lang}.txt"))
    assert tuple(s.text for s in document.sentences) == expected
    assert not [r for r in caplog.records if r.levelname == "WARNING"]  # every module's language has rules


def test_every_language_module_has_examples_and_a_known_splitter():
    assert {"de", "en", "fr", "zh", "el", "hy", "hi", "am", "my", "bo", "th"} <= languages()
    for lang in languages():
        assert isinstance(facts(lang), LanguageFacts) and facts(lang).examples, lang
        assert facts(lang).splitter in SPLITTERS, lang


def test_a_region_or_script_subtag_finds_its_language():
    assert facts("fr-CA") is facts("fr") and facts("zh-Hant") is facts("zh") and facts("pt_BR") is facts("pt")
    assert facts("tlh").splitter == "sentencex" and not facts("tlh").examples
