"""Segment: per-language splitting, fix-ups, offsets, pre-segmented input."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.errors import InputError
from aligner.text.language import language_tag as check_lang
from aligner.text.read import document_from_text, read_document
from aligner.text.segment import PARALLEL_MIN_CHARS
from aligner.text.segment.splitters import sentencex_code

from ..conftest import ROOT


def sentences_of(tmp_path, text: str, lang: str, **kwargs) -> list[str]:
    path = tmp_path / f"{lang}.txt"
    path.write_text(text, encoding="utf-8")
    return [s.text for s in read_document(path, lang, **kwargs).sentences]


def test_english_hard_cases(tmp_path):
    text = ("Could they have forgotten the A.B.C. truths of the movement? To believe this, is utterly impossible. "
            "They were expelled from the party-no other charge was brought against them! -and, to top it off, "
            "were exiled.\nFirst Published: The Fourth International, Vol. 2 No. 7, August 1941\n")
    assert sentences_of(tmp_path, text, "en") == [
        "Could they have forgotten the A.B.C. truths of the movement?",
        "To believe this, is utterly impossible.",
        "They were expelled from the party-no other charge was brought against them! -and, to top it off, "
        "were exiled.",
        "First Published: The Fourth International, Vol. 2 No. 7, August 1941",
    ]


def test_offsets_cover_the_sentence_in_the_original(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text("Die  Verschie-\nbungen waren groß.  Das \nist alles.\n", encoding="utf-8")
    document = read_document(path, "de")
    for sentence in document.sentences:
        raw = document.original[sentence.start : sentence.end]
        assert " ".join(raw.replace("-\n", "").split()) == sentence.text


def test_presegmented_keeps_every_line(tmp_path):
    lines = ["Erster Satz. Zweiter Satz im selben.", "", "  Dritter  mit  Spaces  ", "z. B. vierter"]
    texts = sentences_of(tmp_path, "\n".join(lines) + "\n", "de", presegmented=True)
    assert texts == ["Erster Satz. Zweiter Satz im selben.", "", "Dritter mit Spaces", "z. B. vierter"]


def test_other_languages_fall_back(tmp_path):
    assert sentences_of(tmp_path, "Il est venu. Elle est partie.\n", "fr") == ["Il est venu.", "Elle est partie."]


def test_a_language_without_rules_warns_and_still_splits(tmp_path, caplog):
    text = "Tlhingan Hol Dajatlh'a'. Hija'. Ghobe'.\n"
    with caplog.at_level("WARNING", logger="aligner.text.read"):
        assert sentences_of(tmp_path, text, "tlh") == ["Tlhingan Hol Dajatlh'a'.", "Hija'.", "Ghobe'."]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(w.startswith(f"warning: {tmp_path}") and "no sentence segmenter has rules for language 'tlh'" in w
               and "--presegmented" in w for w in warnings), warnings


def test_known_languages_do_not_warn(tmp_path, caplog):
    with caplog.at_level("WARNING", logger="aligner.text.read"):
        sentences_of(tmp_path, "Vino ayer. Se fue hoy.\n", "es")
        sentences_of(tmp_path, "Il est venu. Elle est partie.\n", "fr-ca")
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", ("fr", True)), ("fr-ca", ("fr", True)), ("pt_br", ("pt", True)), ("es", ("es", True)),
    ("lb", ("lb", False)), ("tlh", ("tlh", False)),
])
def test_sentencex_codes(lang, expected):
    assert sentencex_code(lang) == expected


def test_regional_french_gets_french_rules(tmp_path):
    # sentencex alone splits an unknown "fr-ca" with its English rules, which end a
    # sentence at French "env." ("environ") and "av." ("avenue"); its French rules do not.
    text = "Il y avait env. 30 personnes. Il habite av. Victor Hugo.\n"
    expected = ["Il y avait env. 30 personnes.", "Il habite av. Victor Hugo."]
    assert sentences_of(tmp_path, text, "fr-ca") == sentences_of(tmp_path, text, "fr") == expected


@pytest.mark.parametrize("lang", ["german", "d3", "", "en us"])
def test_bad_language_codes(lang):
    with pytest.raises(InputError, match="language"):
        check_lang(lang)


def squash(text: str) -> str:
    """Compare modulo what cleaning changes: whitespace, end-of-line hyphens, control characters."""
    return re.sub(r"[\s\-\x00-\x1f\x7f]", "", text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.sampled_from(list("abcdeäöXYZ .,!?-\n  „\"\x01")), min_size=0, max_size=50),
            st.sampled_from(["z. B. ", "31. Dezember. ", "Vol. 2 ", "-\n", "\n\n"]),
        ),
        min_size=1, max_size=12,
    ),
    st.sampled_from(["de", "en"]),
)
def test_offsets_property(tmp_path, pieces, lang):
    text = "".join(pieces)
    path = tmp_path / f"p-{lang}.txt"
    path.write_text(text, encoding="utf-8")
    try:
        document = read_document(path, lang)
    except InputError:
        assert not text.strip() or not re.search(r"\w", text)
        return
    for sentence in document.sentences:
        assert sentence.text and sentence.start < sentence.end
        assert squash(document.original[sentence.start : sentence.end]) == squash(sentence.text)


@pytest.mark.slow
def test_parallel_segmentation_finds_the_same_sentences(tmp_path):
    """A long German text is split in this process, one worker process or two: same
    sentences, same offsets."""
    book = (ROOT / "corpora" / "de" / "trotzki-moskauer-prozesse.txt").read_text(
        encoding="utf-8")
    path = tmp_path / "part.txt"
    path.write_text(book[:260_000], encoding="utf-8")
    assert len(book[:260_000]) > PARALLEL_MIN_CHARS
    here = read_document(path, "de")
    one = read_document(path, "de", workers=1)
    two = read_document(path, "de", workers=2)
    assert here.sentences == one.sentences == two.sentences and here.paragraphs == one.paragraphs == two.paragraphs
    assert len(one.sentences) > 1000


def test_somajo_without_its_slow_emoji_search_gives_the_same_tokens():
    from somajo import SoMaJo, tokenizer

    from aligner.text.segment.splitters import somajo as _somajo

    fast_somajo = _somajo("de_CMC")
    plain_somajo = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)
    book = (ROOT / "corpora" / "de" / "trotzki-moskauer-prozesse.txt").read_text(
        encoding="utf-8")
    texts = [book[50_000:60_000], "Das ist toll 😀! Und dann ❤️ weiter… 👍🏽 Ende :-) z. B. am 31. Dezember.",
             "Kein Emoji hier, nur Text; dafür ein ©-Zeichen und ein ™."]

    def tokens(somajo):
        return [[(t.text, t.character_offset) for sentence in somajo.tokenize_text([text]) for t in sentence]
                for text in texts]

    fast = tokens(fast_somajo)
    assert "_split_emojis" in vars(fast_somajo._tokenizer)  # patched on the instance...
    assert "_split_emojis" not in vars(plain_somajo._tokenizer)  # ... not on SoMaJo's class
    assert tokenizer.Tokenizer._split_emojis is not fast_somajo._tokenizer._split_emojis
    assert tokens(plain_somajo) == fast
    assert any(text == "😀" for text, _ in fast[1])  # the emoji search still runs where there are emoji


def test_sentence_offsets_found_without_somajo_match_its_own():
    from aligner.text.segment.splitters import find_sentences as _find_sentences
    from aligner.text.segment.splitters import somajo as _somajo
    from aligner.text.segment.splitters import split_somajo as _split_somajo

    texts = ["Er sagte: „Das ist z. B. falsch.\" Dann ging er… Am 31. Dezember 1936 kam er ``heim''.",
             "Siehe http://example.org/a?b=1 oder schreib an x@y.de :-) Danke!!! (Nr. 7) – Ende.",
             "Tabs\tund  doppelte   Leerzeichen.  Zweiter Satz?Dritter Satz!",
             "Das 19. Jh. war lang; die Kap. 3-5 auch. Dr. med. K. Müller kam um 4.45 Uhr."]
    for text in texts:
        expected = [(s[0].character_offset[0], s[-1].character_offset[1])
                    for s in _somajo("de_CMC").tokenize_text([text])]
        assert list(_split_somajo(text, "de")) == expected

    class Token:
        def __init__(self, text, original=None):
            self.text, self.original_spelling = text, original

    assert _find_sentences("Ab cd.", [[Token("Ab"), Token("cd"), Token(".")]]) == [(0, 6)]
    assert _find_sentences("Ab cd.", [[Token("Ab"), Token("CD")]]) is None  # rewritten: SoMaJo's offsets
    assert _find_sentences("Ab x cd.", [[Token("Ab"), Token("cd")]]) is None  # a skipped non-space


def test_chinese_quotations_are_split_and_joined_without_spaces(tmp_path, caplog):
    text = ("又想：“刚才真笨，该当把几碟点心倒在袋里便走。这里又不是丽春院，难道短了什么？”他走了。"
            "她说：“你走吧！”我走了。\n")
    with caplog.at_level("WARNING", logger="aligner.text.read"):
        found = sentences_of(tmp_path, text, "zh")
    assert found == ["又想：“刚才真笨，该当把几碟点心倒在袋里便走。", "这里又不是丽春院，难道短了什么？”", "他走了。",
                     "她说：“你走吧！”", "我走了。"]
    assert not [r for r in caplog.records if r.levelname == "WARNING"]  # Chinese is measured: no warning
    from aligner.datatypes import Document, Paragraph, Sentence

    document = Document("z", "zh", text, (Paragraph(0, 0, 1),), tuple(Sentence(k, t, 0, 1, 0) for k, t in
                                                                         enumerate(found)))
    assert document.joined((1, 2)) == "这里又不是丽春院，难道短了什么？”他走了。"
    assert dataclasses.replace(document, lang="en").joined((1, 2)) == "这里又不是丽春院，难道短了什么？” 他走了。"


def test_a_sentence_over_the_length_limit_is_cut_where_a_sentence_or_clause_ends():
    from pathlib import Path

    from aligner.text.segment import MAX_SENTENCE_CHARS

    # Sentence ends the splitter keeps together (a small letter follows), then commas only.
    first = " ".join(["word"] * 300) + ". then"  # about 1,500 characters
    rest = " ".join(["more, words"] * 200) + "."
    document = document_from_text(first + " " + rest + "\n", "en", path=Path("long.txt"))
    texts = [s.text for s in document.sentences]
    assert texts[0].endswith("word.")  # not "... word. then more, words more" at the limit
    assert all(text.endswith((".", ",")) for text in texts)
    assert all(len(text) <= MAX_SENTENCE_CHARS for text in texts)
    assert "".join(texts).replace(" ", "") == (first + rest).replace(" ", "")
    assert any("longer than" in note for note in document.notes)
