"""Bad input, end to end through the CLI: each case has a documented outcome (README)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from aligner import embed, pipeline
from aligner.cli import app
from aligner.datatypes import Document, Paragraph, Sentence
from aligner.formats.tei_check import validate
from aligner.pipeline import align_documents

from .conftest import DATA, ROOT, FakeEncoder

runner = CliRunner()
ARTICLE_DE = DATA / "zk.de.txt"
UNRELATED_EN = ROOT / "corpora" / "en" / "trotsky-secret-alliance-with-germany.txt"


def align(*args: str):
    return runner.invoke(app, ["align", *args])


def test_legacy_encoding_refused_then_accepted(tmp_path, fake_model):
    src = tmp_path / "latin1.txt"
    src.write_bytes("Größe und Maß. Ein zweiter Satz über Sinowjew.\n".encode("cp1252"))
    out = tmp_path / "out.tei.xml"
    refused = align(str(src), str(DATA / "small.en.txt"), "-o", str(out), "-q")
    assert refused.exit_code == 1 and "--encoding cp1252" in refused.output and not out.exists()
    accepted = align(str(src), str(DATA / "small.en.txt"), "-o", str(out), "--encoding", "cp1252", "-q")
    assert accepted.exit_code == 0, accepted.output
    assert "Größe und Maß." in out.read_text(encoding="utf-8")


def test_control_characters_and_markup_characters(tmp_path, fake_model):
    src = tmp_path / "ctrl.txt"
    # Controls, DEL and U+FFFF are dropped (and counted); a form feed (a page break from
    # pdftotext) is whitespace, so the words on either side of it stay apart.
    src.write_text("Sinowjew\x01 und\x07 Kamenew & <Stalin> ]]> 1917.\n\nZweiter\x0cAbsatz\x7f\uffff.\n",
                   encoding="utf-8")
    out = tmp_path / "out.tei.xml"
    result = align(str(src), str(DATA / "small.en.txt"), "-o", str(out), "--src-lang", "de")
    assert result.exit_code == 0, result.output
    assert "4 control character(s) removed" in result.output
    tree = etree.parse(str(out))
    assert validate(tree) == []
    texts = [s.text for s in tree.iter("{http://www.tei-c.org/ns/1.0}s")]
    assert "Sinowjew und Kamenew & <Stalin> ]]> 1917." in texts
    assert "Zweiter Absatz." in texts


def test_one_huge_line_without_punctuation(tmp_path, fake_model):
    src = tmp_path / "huge.txt"
    src.write_text(" ".join(["Sinowjew Kamenew Stalin Opposition"] * 6000) + "\n", encoding="utf-8")
    assert src.stat().st_size > 200_000
    out = tmp_path / "out.tsv"
    cache = tmp_path / "cache"
    result = align(str(src), str(DATA / "small.en.txt"), "-o", str(out), "-f", "tsv", "--cache-dir", str(cache),
                   "--src-lang", "de")
    assert result.exit_code == 0, result.output
    warning = f"warning: {src}: 1 sentence(s) longer than 2000 characters (the longest 209999) were cut into pieces"
    assert warning in result.output
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    assert all(len(row.split("\t")[4]) <= 4 * 2000 + 3 for row in rows)  # src_text: at most 4 pieces a bead
    again = align(str(src), str(DATA / "small.en.txt"), "-o", str(out), "-f", "tsv", "--cache-dir", str(cache),
                  "--src-lang", "de")
    assert again.exit_code == 0 and warning in again.output  # the segmentation from the cache warns too
    every = [line for line in again.output.splitlines() if "warning" in line.lower()]
    assert every and all(line.startswith("warning: ") for line in every)


def test_same_file_twice(tmp_path, fake_model):
    result = align(str(DATA / "small.de.txt"), str(DATA / "small.de.txt"), "-o", str(tmp_path / "o.xml"))
    assert result.exit_code == 1 and "hold the same text" in result.output
    assert not (tmp_path / "o.xml").exists()


def test_same_language_on_both_sides_is_allowed(tmp_path, fake_model):
    result = align(str(DATA / "small.en.txt"), str(DATA / "zk.en.txt"), "--src-lang", "en", "--tgt-lang", "en",
                   "-o", str(tmp_path / "o.xml"), "-q")
    assert result.exit_code == 0, result.output


def test_wrong_language_warns_or_fails_with_strict(tmp_path, fake_model):
    args = [str(DATA / "zk.en.txt"), str(ARTICLE_DE), "--src-lang", "de", "--tgt-lang", "en",
            "-o", str(tmp_path / "o.xml")]
    warned = align(*args)
    assert warned.exit_code == 0 and "looks like 'en' text, but the language given is 'de'" in warned.output
    (tmp_path / "o.xml").unlink()
    failed = align(*args, "--strict")
    assert failed.exit_code == 1 and not (tmp_path / "o.xml").exists()


@pytest.mark.slow
def test_not_a_translation(tmp_path, real_encoder, monkeypatch):
    monkeypatch.setattr(embed, "load_encoder", lambda model="usem3", threads=None: real_encoder)
    out = tmp_path / "o.tei.xml"
    strict = align(str(ARTICLE_DE), str(UNRELATED_EN), "-o", str(out), "--strict")
    assert strict.exit_code == 1, strict.output
    assert "no credible alignment found" in strict.output and not out.exists()
    lenient = align(str(ARTICLE_DE), str(UNRELATED_EN), "-o", str(out), "-f", "tei")
    assert lenient.exit_code == 0 and "no credible alignment found" in lenient.output
    assert "aligned by sentence lengths and shared numbers only" in lenient.output  # the fallback, named
    links = list(etree.parse(str(out)).iter("{http://www.tei-c.org/ns/1.0}link"))
    # Whatever the lengths pair, nothing is sure: neither links nor "no counterpart".
    certs = [float(link.get("cert")) for link in links]
    assert links and max(certs) < 0.1, certs
    assert "scoring.embedding_weight=0.0" in out.read_text(encoding="utf-8")  # the header says how


def test_unwritable_output(fake_model):
    result = align(str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-o", "/proc/aligner-test.tei.xml", "-q")
    assert result.exit_code == 1 and "/proc/aligner-test.tei.xml" in result.output


def test_internal_error_exit_code(tmp_path, fake_model, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "align_documents", broken)
    result = align(str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-o", str(tmp_path / "o.xml"), "-q")
    assert result.exit_code == 2 and "internal error: RuntimeError: boom" in result.output
    assert "--debug" in result.output and not (tmp_path / "o.xml").exists()


def document(texts: list[str], lang: str) -> Document:
    sentences, position = [], 0
    for index, text in enumerate(texts):
        sentences.append(Sentence(index, text, position, position + len(text), 0))
        position += len(text) + 1
    original = "\n".join(texts)
    return Document(lang, lang, original, (Paragraph(0, 0, len(original)),), tuple(sentences))


words = st.sampled_from("Sinowjew Kamenew Stalin 1917 Opposition Prozess Brief und der the of".split())
sentence_lists = st.lists(st.lists(words, min_size=1, max_size=6).map(" ".join), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(sentence_lists, sentence_lists)
def test_alignment_is_monotone_and_covers_everything(src_texts, tgt_texts):
    alignment = align_documents(document(src_texts, "de"), document(tgt_texts, "en"), encoder=FakeEncoder())
    assert [i for bead in alignment.beads for i in bead.src] == list(range(*alignment.src_range))
    assert [j for bead in alignment.beads for j in bead.tgt] == list(range(*alignment.tgt_range))
    assert all(0.0 <= bead.confidence <= 1.0 for bead in alignment.beads)
    assert all(bead.src or bead.tgt for bead in alignment.beads)


def test_languages_are_detected_when_not_given(tmp_path, fake_model):
    french = tmp_path / "fr.txt"
    french.write_text("Le procès commença en août. Les accusés étaient seize, parmi eux Zinoviev et Kamenev. "
                      "Tous furent condamnés et exécutés le lendemain, sans appel possible.\n", encoding="utf-8")
    out = tmp_path / "o.tei.xml"
    result = align(str(DATA / "small.de.txt"), str(french), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"{french}: language detected: fr" in result.output
    assert {t.get("{http://www.w3.org/XML/1998/namespace}lang")
            for t in etree.parse(str(out)).iter("{http://www.tei-c.org/ns/1.0}text") if t.get(
                "{http://www.w3.org/XML/1998/namespace}lang")} == {"de", "fr"}
    unsure = tmp_path / "numbers.txt"
    unsure.write_text("1917. 1936. 1937.\n", encoding="utf-8")
    failed = align(str(unsure), str(french), "-o", str(tmp_path / "p.tei.xml"))
    assert failed.exit_code == 1 and "cannot tell which language it is in" in failed.output
    assert "--src-lang" in failed.output and not (tmp_path / "p.tei.xml").exists()


@pytest.mark.parametrize(("code", "tag"), [("fra", "fr"), ("deu", "de"), ("zho", "zh"), ("chi", "zh"),
                                           ("fr-ca", "fr-CA"), ("pt_br", "pt-BR"), ("EN", "en")])
def test_iso_639_codes(code, tag):
    from aligner.text.language import language_tag

    assert language_tag(code) == tag


@pytest.mark.parametrize(("code", "hint"), [("cn", "did you mean 'zh'"), ("jp", "did you mean 'ja'"),
                                            ("german", "such as 'de'"), ("xx", "such as")])
def test_codes_that_are_no_languages(tmp_path, fake_model, code, hint):
    result = align(str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "--src-lang", code,
                   "-o", str(tmp_path / "o.xml"))
    assert result.exit_code == 1 and f"language {code!r} is not a language code" in result.output
    assert hint in result.output
