"""Segment: per-language splitting, fix-ups, offsets, pre-segmented input."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.errors import InputError
from aligner.text.segment import PARALLEL_MIN_CHARS, check_lang, document_from_text, read_document, sentencex_code

from ..conftest import ROOT


def sentences_of(tmp_path, text: str, lang: str, **kwargs) -> list[str]:
    path = tmp_path / f"{lang}.txt"
    path.write_text(text, encoding="utf-8")
    return [s.text for s in read_document(path, lang, **kwargs).sentences]


def test_german_hard_cases(tmp_path):
    text = ("Am 31. Dezember 1936 schrieb er z. B. einen Brief. Er sagte: „Das ist falsch.\" "
            "Dann ging er. Im Jahre 1926-1927 waren sie Gegner.\n")
    assert sentences_of(tmp_path, text, "de") == [
        "Am 31. Dezember 1936 schrieb er z. B. einen Brief.",
        "Er sagte: „Das ist falsch.\"",
        "Dann ging er.",
        "Im Jahre 1926-1927 waren sie Gegner.",
    ]


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


def test_french_titles_do_not_end_sentences(tmp_path):
    # sentencex alone: "Nous avons vu M." | "Dupont hier." and "Mme." | "Curie ...".
    text = "Nous avons vu M. Dupont hier. Il allait bien. Mme. Curie est là. Oui. Le Dr. Martin vint.\n"
    assert sentences_of(tmp_path, text, "fr") == [
        "Nous avons vu M. Dupont hier.", "Il allait bien.", "Mme. Curie est là.", "Oui.", "Le Dr. Martin vint."]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("fr", "—Mon cher Mr. Bennet, savez-vous que Netherfield est loué? Mr. Bennet l'ignorait.",
     ["—Mon cher Mr. Bennet, savez-vous que Netherfield est loué?", "Mr. Bennet l'ignorait."]),
    ("fr", "« Mrs. Long sort d'ici. » Mr. Bennet ne répondit pas.",
     ["« Mrs. Long sort d'ici. »", "Mr. Bennet ne répondit pas."]),
    ("es", "—¿Lo sabe usted? —preguntó Mrs. Bennet. Mr. Bennet contestó que no.",
     ["—¿Lo sabe usted? —preguntó Mrs. Bennet.", "Mr. Bennet contestó que no."]),
])
def test_translations_of_english_novels_keep_english_titles(tmp_path, lang, text, expected):
    # sentencex's French and Spanish rules end a sentence at "Mr." and "Mrs.".
    assert sentences_of(tmp_path, text + "\n", lang) == expected


def test_spanish_sentences_ending_in_words_sentencex_takes_for_abbreviations(tmp_path):
    # sentencex's Spanish list holds "bien", "no", "mar": it never splits after them.
    text = "Estaba bien. La Dra. López vino. Dijo que no. ¿Y tú? Miraba el mar. «Ven», dijo. No. 5 es aquí.\n"
    assert sentences_of(tmp_path, text, "es") == [
        "Estaba bien.", "La Dra. López vino.", "Dijo que no.", "¿Y tú?", "Miraba el mar.", "«Ven», dijo.",
        "No. 5 es aquí."]


def test_italian_sentences_ending_in_words_sentencex_takes_for_abbreviations(tmp_path):
    text = "Disse di no. Poi andò via. Venne da me. Il Sig. Rossi rise.\n"
    expected = ["Disse di no.", "Poi andò via.", "Venne da me.", "Il Sig. Rossi rise."]
    assert sentences_of(tmp_path, text, "it") == expected


def test_english_short_answers_stay_sentences(tmp_path):
    text = "We saw Mr. Smith. He said no. Then St. Paul spoke. No. Not now.\n"
    assert sentences_of(tmp_path, text, "en") == [
        "We saw Mr. Smith.", "He said no.", "Then St. Paul spoke.", "No.", "Not now."]


def test_english_words_sentencex_takes_for_abbreviations_before_i(tmp_path):
    # sentencex holds "me", "no", "may" ... for abbreviations and the "I" after them for a
    # Roman numeral ("Art. I"): first-person narration lost a sentence end at every "me. I".
    text = "He saw me. I ran. She said no. I left. Come what may. I stay. See No. 5 and Fig. 3.\n"
    assert sentences_of(tmp_path, text, "en") == [
        "He saw me.", "I ran.", "She said no.", "I left.", "Come what may.", "I stay.", "See No. 5 and Fig. 3."]


def test_a_language_without_rules_warns_and_still_splits(tmp_path, caplog):
    text = "Tlhingan Hol Dajatlh'a'. Hija'. Ghobe'.\n"
    with caplog.at_level("WARNING", logger="aligner.text.segment"):
        assert sentences_of(tmp_path, text, "tlh") == ["Tlhingan Hol Dajatlh'a'.", "Hija'.", "Ghobe'."]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(w.startswith(f"warning: {tmp_path}") and "no sentence segmenter has rules for language 'tlh'" in w
               and "--presegmented" in w for w in warnings), warnings


def test_known_languages_do_not_warn(tmp_path, caplog):
    with caplog.at_level("WARNING", logger="aligner.text.segment"):
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

    from aligner.text.segment import _somajo

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
    from aligner.text.segment import _find_sentences, _somajo, _split_somajo

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
    with caplog.at_level("WARNING", logger="aligner.text.segment"):
        found = sentences_of(tmp_path, text, "zh")
    assert found == ["又想：“刚才真笨，该当把几碟点心倒在袋里便走。", "这里又不是丽春院，难道短了什么？”", "他走了。",
                     "她说：“你走吧！”", "我走了。"]
    assert not [r for r in caplog.records if r.levelname == "WARNING"]  # Chinese is measured: no warning
    from aligner.datatypes import Document, Paragraph, Sentence

    document = Document("z", "zh", text, (Paragraph(0, 0, 1),), tuple(Sentence(k, t, 0, 1, 0) for k, t in
                                                                         enumerate(found)))
    assert document.joined((1, 2)) == "这里又不是丽春院，难道短了什么？”他走了。"
    assert dataclasses.replace(document, lang="en").joined((1, 2)) == "这里又不是丽春院，难道短了什么？” 他走了。"


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("fr", "« Je viens. Tu restes ici. Il fait froid. Nous partirons demain. » Elle sortit.",
     ["« Je viens.", "Tu restes ici.", "Il fait froid.", "Nous partirons demain. »", "Elle sortit."]),
    ("de", "„Ich komme. Du bleibst hier. Es ist kalt. Wir gehen morgen.“ Sie ging hinaus.",
     ["„Ich komme.", "Du bleibst hier.", "Es ist kalt.", "Wir gehen morgen.“", "Sie ging hinaus."]),
    ("en", '"I am coming. You stay here. It is cold." She went out. Mr. Smith and J. Watson stayed.',
     ['"I am coming.', "You stay here.", 'It is cold."', "She went out.", "Mr. Smith and J. Watson stayed."]),
    ("en", "'You're late! I'd waited an hour. Come in,' she said. He didn't move.",
     ["'You're late!", "I'd waited an hour.", "Come in,' she said.", "He didn't move."]),
    ("es", "—Ya voy. Tú te quedas aquí. Hace frío —dijo ella. Salió.",
     ["—Ya voy.", "Tú te quedas aquí.", "Hace frío —dijo ella.", "Salió."]),
    ("it", "«Vengo. Tu resti qui. Partiamo domani.» Uscì.", ["«Vengo.", "Tu resti qui.", "Partiamo domani.»", "Uscì."]),
    # French sets a (narrow no-break, cleaned to plain) space before ! and ?; Spanish opens with ¡ or ¿.
    ("fr", "« Partons ! Le train n'attend pas. Vite\u202f! » — Vraiment ? demanda-t-elle. Ils partirent.",
     ["« Partons !", "Le train n'attend pas.", "Vite ! »", "— Vraiment ? demanda-t-elle.", "Ils partirent."]),
    # An opening mark after a sentence's end goes with the next sentence, also when the
    # speech runs on into the next paragraph (novels close it only where it ends).
    ("en", "He was immobilized. The boy burst out laughing. 'Well? Had enough?",
     ["He was immobilized.", "The boy burst out laughing.", "'Well?", "Had enough?"]),
    ("en", 'She sat down. "I know. You told me.',
     ["She sat down.", '"I know.', "You told me."]),
    # ... and a closing mark sentencex put at the start of the next sentence goes back.
    ("en", "Why would they want to be bothered with the likes of us.' 'I wouldn't say that,' said Grannie "
           "Liu. 'Man proposes, God disposes.",
     ["Why would they want to be bothered with the likes of us.'", "'I wouldn't say that,' said Grannie Liu.",
      "'Man proposes, God disposes."]),
    # A quoted question or exclamation and its short attribution are one sentence in English;
    # an action after it, or anything after a full stop, is a sentence of its own.
    ("en", '"What does Bessie say I have done?" I asked. "Can you print it?" Wang Miao asked him. '
           '"I surrender!" Misty laughed and set him free. "It is late." I said nothing.',
     ['"What does Bessie say I have done?" I asked.', '"Can you print it?" Wang Miao asked him.',
      '"I surrender!"', "Misty laughed and set him free.", '"It is late."', "I said nothing."]),
    # Tokenised text sets a space before a closing mark too: it stays with its sentence.
    ("en", '"I\'ve never been curious about him. My real father is the guy who raised me. " That guy is Mike.',
     ['"I\'ve never been curious about him.', 'My real father is the guy who raised me. "', "That guy is Mike."]),
    # ... also where a speech runs on from the paragraph before.
    ("en", 'Everybody thought I was talking nonsense. " Even now, he says, doctors treat diseases. '
           '"It\'s self-inflicted."',
     ['Everybody thought I was talking nonsense. "', "Even now, he says, doctors treat diseases.",
      '"It\'s self-inflicted."']),
    # An initial ends a sentence when a closing mark follows its full stop.
    ("en", '"It might happen around one o\'clock A.M." "Wow, so precise!" I saw J. Watson.',
     ['"It might happen around one o\'clock A.M."', '"Wow, so precise!"', "I saw J. Watson."]),
    # A speech broken off with a dash ends its sentence when a new one follows.
    ("en", "'Yes, I could have had you, though—' 'Is that right?' protested Trinket. 'I—' she began.",
     ["'Yes, I could have had you, though—'", "'Is that right?' protested Trinket.", "'I—' she began."]),
    # French novels set a whole exchange in one « », each turn opened by a dash; a dash
    # before a small letter is still the same sentence ("? — domandò").
    ("fr", "« Mon cher, savez-vous que Netherfield est loué ? — M. Bennet l'ignorait. — Eh bien, c'est fait. "
           "— Vraiment ? — dit-il. »",
     ["« Mon cher, savez-vous que Netherfield est loué ?", "— M. Bennet l'ignorait.", "— Eh bien, c'est fait.",
      "— Vraiment ? — dit-il. »"]),
    # Tokenised or OCR'd text sets a space before the full stop too (in Text+Berg one stray
    # apostrophe kept 4,000 characters of French in one "sentence").
    ("fr", "Il dit : « Partons . Le train n' attend pas . Vite ! » Elle part .",
     ["Il dit : « Partons .", "Le train n' attend pas .", "Vite ! »", "Elle part ."]),
    ("es", "«¡Vámonos! El tren no espera. ¡Rápido! ¿Vienes?» —¿De verdad? —preguntó ella. Se fueron.",
     ["«¡Vámonos!", "El tren no espera.", "¡Rápido!", "¿Vienes?»", "—¿De verdad? —preguntó ella.", "Se fueron."]),
])
def test_dialogue_is_split_inside_its_quotation_marks(lang, text, expected):
    """Sentencex never splits inside quotes (a French chapter's dialogue became four
    2,000-character "sentences"): the sentences of a quotation are split, the closing
    mark stays with its sentence, titles and initials do not end one."""
    from pathlib import Path

    document = document_from_text(text + "\n", lang, path=Path("dialogue.txt"))
    assert [s.text for s in document.sentences] == expected


def test_a_chinese_speech_broken_off_or_with_nested_quotes_ends_its_sentence():
    from pathlib import Path

    expected = ["袭人笑问道：“你为什么——”", "说到这里，把眼又往四下里瞧了瞧。", "刘老老道：“少不得说了……”",
                "刚说到这里，只听小厮们回说：“叫二奶奶裁夺着就是了。’”", "凤姐听了说道：“怪道。”"]
    document = document_from_text("".join(expected) + "\n", "zh", path=Path("zh.txt"))
    assert [s.text for s in document.sentences] == expected


def test_a_chinese_stammer_is_no_sentence_end_but_an_ellipsis_before_a_new_sentence_is():
    from pathlib import Path

    expected = ["“我……我头痛得很，怕…… 怕得厉害，这个……这个，一言既出，……驷马难追。”", "他走了……", "天黑了。"]
    document = document_from_text("".join(expected) + "\n", "zh", path=Path("zh.txt"))
    assert [s.text for s in document.sentences] == expected


def test_chinese_full_stops_end_sentences_whatever_follows_and_latin_initials_do_not():
    from pathlib import Path

    expected = ["今天，他们已经成为亿万富翁。", "1994年7月4日，杰夫把家搬到西雅图。", "当时，他在D. E. Shaw公司任职。",
                "没有E. T.，更没有恐龙。"]
    document = document_from_text("".join(expected) + "\n", "zh", path=Path("zh.txt"))
    assert [s.text for s in document.sentences] == expected


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
