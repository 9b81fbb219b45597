"""Ingest: decoding, PDF clean-up, paragraphs, headings, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.errors import InputError
from aligner.text.ingest import clean_paragraphs, read_text

WRAPPED = (
    "Vorwort\n"
    "In der Periode des Aufstiegs mochte die Revolution rau und grausam gewesen \n"
    "sein, aber sie war ehrlich. Die Verschie- \n"
    "bungen waren groß, die Entente-\n"
    "Länder wussten es, der Prozess Sinowjew-\n"
    "Kamenew auch. Mir wurden Hand- \n"
    "und Fußfesseln angelegt, und die Verschiebungen gingen weiter. \n"
    "\n"
    "\n"
    "Nach dem Seitenumbruch geht derselbe Absatz weiter, ohne Unterbrechung. \n"
    "Dies ist die letzte Zeile des Absatzes.\n"
    "Ein neuer Absatz beginnt hier und läuft über zwei Zeilen des Drucks \n"
    "hinweg bis zu seinem Ende.\n"
    "\n"
    "Sinowjew und Kamenew\n"
    "31. Dezember. Ein Jahr geht zu Ende, das in die Geschichte eingehen wird als \n"
    "das Kainsjahr …\n"
)


def test_pdf_text_is_unwrapped_and_dehyphenated():
    paragraphs = clean_paragraphs(WRAPPED)
    texts = [p.text for p in paragraphs]
    assert texts[0] == "Vorwort" and paragraphs[0].heading
    body = texts[1]
    assert "Verschiebungen waren groß" in body  # line-break hyphen removed
    assert "Entente-Länder" in body  # real hyphen kept
    assert "Sinowjew-Kamenew" in body
    assert "Hand- und Fußfesseln" in body  # suspended hyphen kept with its space
    assert "  " not in body
    assert "Nach dem Seitenumbruch" in body  # blank lines at a page break do not end the paragraph
    assert texts[2].startswith("Ein neuer Absatz")
    assert texts[3] == "Sinowjew und Kamenew" and paragraphs[3].heading
    assert texts[4].startswith("31. Dezember.") and not paragraphs[4].heading


def test_an_ebook_wrapped_at_72_columns_reads_as_its_unwrapped_text():
    """Project-Gutenberg style: blank lines are paragraph breaks (even after a line ending
    in a comma), chapter headings are headings, and wrapping changes no sentence."""
    from pathlib import Path

    from aligner.text.read import document_from_text

    wrapped = (Path(__file__).resolve().parents[1] / "data" / "ebook-wrapped.en.txt").read_text(encoding="utf-8")
    unwrapped = "\n\n".join(" ".join(block.split("\n")) for block in wrapped.strip().split("\n\n")) + "\n"
    assert unwrapped.count("\n") < wrapped.count("\n") - 10  # it was wrapped
    documents = [document_from_text(text, "en", path=Path("ebook.txt")) for text in (wrapped, unwrapped)]
    (wrapped_sentences, unwrapped_sentences) = ([(s.text, d.paragraphs[s.paragraph].heading) for s in d.sentences]
                                                for d in documents)
    assert wrapped_sentences == unwrapped_sentences
    assert wrapped_sentences[:2] == [("CHAPTER V.", True), ("FAMINE", True)]
    assert ("It was a strange sight, and one I shall not soon forget, for the whole bay was white with foam,",
            False) in wrapped_sentences
    assert ("CHAPTER VI.", True) in wrapped_sentences and ("THE CAVE", True) in wrapped_sentences


def test_an_ebook_that_indents_its_paragraphs_instead_of_blank_lines():
    """Each paragraph's first line indented, no blank lines: every indented line after a
    sentence's end opens a paragraph; lines indented alike mark nothing."""
    import textwrap

    paragraphs = ['"I am glad you are come, Jane," said Elizabeth. "We have missed you very much. Mr. Darcy was '
                  'here; he asked for you and waited an hour."',
                  '"Did he?" said Jane. "How kind! I never thought he would come, after all that was said."',
                  "Mr. Bennet was among the earliest of those who waited on Mr. Bingley. He had always intended "
                  "to visit him."]
    indented = "\n".join("    " + textwrap.fill(p, 70) for p in paragraphs) + "\n"
    assert [p.text for p in clean_paragraphs(indented)] == [p.replace("  ", " ") for p in paragraphs]
    # Lines all indented alike: the indentation marks nothing, the text reads as without it.
    uniform = "\n".join(textwrap.fill(p, 70, initial_indent="  ", subsequent_indent="  ") for p in paragraphs)
    flush = "\n".join(textwrap.fill(p, 70) for p in paragraphs)
    assert [p.text for p in clean_paragraphs(uniform + "\n")] == [p.text for p in clean_paragraphs(flush + "\n")]


def test_hard_wrapped_chinese_joins_its_lines_without_spaces_and_keeps_its_paragraphs():
    """A line break inside a Chinese sentence is no space; a blank line after 。！？ ends a
    paragraph; so does an ideographic-space indent, with or without blank lines."""
    wrapped = ("此开卷第一回也。作者自云：曾历过一番梦幻之后，故将真事隐去，而借通灵之说，撰此石头记一书也。"
               "但书中所记何事何\n人？自又云：今风尘碌碌，一事无成，忽念及当日所有之女子，一一细考较去，"
               "觉其行止见识，皆出于我之上。何我堂堂须眉，诚不若\n彼裙钗哉？实愧则有余，悔又无益之大无可如何之日也！\n\n"
               "列位看官：你道此书从何而来？说起根由虽近荒唐，细按则深有趣味。\n")
    paragraphs = clean_paragraphs(wrapped)
    assert [p.text[-5:] for p in paragraphs] == ["何之日也！", "深有趣味。"]
    assert "何事何人？" in paragraphs[0].text and "诚不若彼裙钗哉？" in paragraphs[0].text
    lines = ["　　甄士隐梦幻识通灵，贾雨村风尘怀闺秀。",
             "　　此开卷第一回也。作者自云：“曾历过一番梦幻之后，故将真事隐去。”",
             "　　列位看官：你道此书从何而来？"]
    assert [p.text for p in clean_paragraphs("\n".join(lines) + "\n")] == [line.strip() for line in lines]


def test_offsets_point_into_the_original():
    for paragraph in clean_paragraphs(WRAPPED):
        for char, offset in zip(paragraph.text, paragraph.offsets, strict=True):
            assert char == WRAPPED[offset] or (char == " " and WRAPPED[offset].isspace())


def test_one_line_per_paragraph_text():
    text = "Zinoviev And Kamenev\n\nWritten: 1937\nFirst line of text. Second sentence.\n\nThey Lacked Character\n"
    paragraphs = clean_paragraphs(text)
    assert [p.text for p in paragraphs] == [
        "Zinoviev And Kamenev", "Written: 1937", "First line of text. Second sentence.", "They Lacked Character"]
    assert [p.heading for p in paragraphs] == [True, False, False, True]


def test_bom_and_crlf(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst paragraph.\r\n\r\nSecond one.\r\n")
    text = read_text(path)
    assert not text.startswith("\ufeff")
    assert [p.text for p in clean_paragraphs(text)] == ["First paragraph.", "Second one."]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"  \n\t\n", "empty"), (b"caf\xe9 au lait\n", "not valid utf-8"), (b"ab\x00cd", "binary")],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_text(path)
    assert str(path) in str(info.value)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("abcXY -.\n  äß"), min_size=0, max_size=60), max_size=20))
def test_offsets_property(lines):
    text = "\n".join(lines)
    for paragraph in clean_paragraphs(text):
        assert paragraph.text == paragraph.text.strip() and paragraph.text
        assert list(paragraph.offsets) == sorted(paragraph.offsets)
        for char, offset in zip(paragraph.text, paragraph.offsets, strict=True):
            original = text[offset]
            assert char == original or (char == " " and original.isspace())


@pytest.mark.parametrize(("line", "heading"), [
    ("CHAPTER III.", True), ("Chapter 12", True), ("Chapitre 3", True), ("KAPITEL IV.", True),
    ("BOOK II. THE ESCAPE", True), ("XII.", True), ("IV", True), ("第三章", True), ("THE END.", True),
    ("Sinowjew und Kamenew", True), ("Who Killed Kirov?", False),  # a question may be speech
    ("“My comment on this was that it would not do!”", False), ("“What now?” he asked.", False),
    ("— Et alors ?", False), ("« Non ! »", False), ("31. Dezember.", False), ("He went home.", False),
    ("Chapter and verse were quoted at length by the prosecutor, who read them all.", False),
])
def test_headings(line, heading):
    from aligner.headings import looks_like_heading

    assert looks_like_heading(line) is heading
