"""Inputs other than plain text: XML (TEI, XCES), HTML, EPUB, DOCX and PDF, read into
paragraphs, headings and sentences; offsets into the extracted text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import InputError
from aligner.text.read import read_document

DATA = Path(__file__).resolve().parents[1] / "data"
runner = CliRunner()


def sentences(document) -> list[tuple[str, bool]]:
    return [(s.text, document.paragraphs[s.paragraph].heading) for s in document.sentences]


def check_offsets(document) -> None:
    """Each sentence's offsets hold it in the extracted text (line breaks as spaces)."""
    for sentence in document.sentences:
        assert " ".join(document.original[sentence.start : sentence.end].split()) == sentence.text


def test_tei_input_keeps_its_sentences_ids_and_headings_and_leaves_out_header_and_notes():
    document = read_document(DATA / "chapter.de.xml", "de")
    assert sentences(document) == [
        ("Erstes Kapitel", True), ("Der Prozess begann im August.", False),
        ("Er dauerte fünf Tage, sagte Dr. Weber.", False), ("Sechzehn Angeklagte standen vor Gericht.", False),
        ("Alle wurden verurteilt.", False)]
    assert document.sentence_ids == ("k1-s1", "k1-s2", "k1-s3", "k1-s4", "k1-s5")
    assert [s.paragraph for s in document.sentences] == [0, 1, 1, 2, 2]
    assert document.source_format == "xml" and "Fußnote" not in document.original
    check_offsets(document)


def test_xces_sentence_files_join_their_tokens():
    document = read_document(DATA / "chapter.en.xces.xml", "en")
    assert [s.text for s in document.sentences] == ["Chapter One", "The trial began in August.", "It lasted five days."]
    assert document.sentence_ids == ("1", "2", "3")
    assert "<w" not in document.original and "id=" not in document.original


def test_xml_without_sentences_is_split_by_paragraph(tmp_path):
    path = tmp_path / "plain.xml"
    path.write_text('<?xml version="1.0"?><doc><head>Kapitel 1</head><p>Ein Satz. Noch ein Satz.</p>'
                    "<p>Der dritte.</p></doc>", encoding="utf-8")
    document = read_document(path, "de")
    assert sentences(document) == [("Kapitel 1", True), ("Ein Satz.", False), ("Noch ein Satz.", False),
                                   ("Der dritte.", False)]
    assert document.sentence_ids == ()


def test_html_blocks_headings_and_nothing_of_scripts_styles_or_navigation():
    document = read_document(DATA / "chapter.en.html", "en")
    assert sentences(document) == [
        ("Chapter One", True), ("The trial began in August.", False), ("It lasted five days, said Dr. Weber.", False),
        ("Sixteen men stood trial.", False), ("All were sentenced.", False), ("Some loose text in a division.", False),
        ("A Long Heading That Is Still a Heading Because The Markup Says So, Whatever Its Length May Be", True),
        ("The world kept silent.", False)]
    assert "not text" not in document.original and "Next chapter" not in document.original
    check_offsets(document)


def make_epub(path: Path) -> None:
    """A minimal EPUB 3 whose manifest lists the chapters in another order than its spine."""
    chapter = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x'
               "</title></head><body><h1>{title}</h1><p>{text}</p></body></html>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:'
                         'names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" '
                         'media-type="application/oebps-package+xml"/></rootfiles></container>')
        archive.writestr("OEBPS/content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                         'version="3.0"><manifest><item id="c2" href="text/two.xhtml" media-type="application/'
                         'xhtml+xml"/><item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>'
                         '</manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>')
        archive.writestr("OEBPS/text/one.xhtml", chapter.format(title="Chapter One", text="It began. It went on."))
        archive.writestr("OEBPS/text/two.xhtml", chapter.format(title="Chapter Two", text="It ended."))


def test_epub_chapters_in_reading_order(tmp_path):
    path = tmp_path / "book.epub"
    make_epub(path)
    document = read_document(path, "en")
    assert sentences(document) == [("Chapter One", True), ("It began.", False), ("It went on.", False),
                                   ("Chapter Two", True), ("It ended.", False)]
    assert document.source_format == "epub"
    check_offsets(document)


def test_docx_paragraphs_and_heading_styles(tmp_path):
    import docx

    word = docx.Document()
    word.add_heading("Chapter One", level=1)
    word.add_paragraph("The trial began in August. It lasted five days.")
    word.add_paragraph("")
    word.add_paragraph("All were sentenced.")
    path = tmp_path / "chapter.docx"
    word.save(str(path))
    document = read_document(path, "en")
    assert sentences(document) == [("Chapter One", True), ("The trial began in August.", False),
                                   ("It lasted five days.", False), ("All were sentenced.", False)]
    assert document.source_format == "docx"


def make_pdf(path: Path, pages: list[list[str]]) -> None:
    """A minimal PDF: each page's lines in Helvetica, one below the other."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        stream = "BT /F1 11 Tf 14 TL 72 720 Td " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects)} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)


def test_pdf_text_is_unwrapped_across_lines_and_pages(tmp_path):
    path = tmp_path / "book.pdf"
    make_pdf(path, [["CHAPTER ONE", "The trial began in August and it lasted for", "five long days. Sixteen men stood"],
                    ["trial before the court. All of them", "were sentenced."]])
    document = read_document(path, "en")
    assert sentences(document) == [
        ("CHAPTER ONE", True), ("The trial began in August and it lasted for five long days.", False),
        ("Sixteen men stood trial before the court.", False), ("All of them were sentenced.", False)]
    assert document.source_format == "pdf"
    check_offsets(document)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("broken.docx", b"PK\x03\x04 not really a zip", "not a valid DOCX file"),
    ("broken.epub", b"PK\x03\x04 not really a zip", "not a valid EPUB file"),
    ("broken.pdf", b"%PDF-1.4\nnothing here", "cannot be read as PDF"),
    ("broken.xml", b"<?xml version='1.0'?><text><p>open", "not well-formed XML"),
    ("old.doc", b"\xd0\xcf\x11\xe0\x00\x00binary", "the inputs read are plain text, XML, HTML, EPUB, DOCX and PDF"),
    ("empty.html", b"<html><body><script>x()</script></body></html>", "no text found in this HTML file"),
])
def test_damaged_or_unsupported_files_get_a_specific_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(path, "en")


def test_an_alignment_is_not_taken_as_a_text():
    with pytest.raises(InputError, match="holds an alignment or texts in several languages"):
        read_document(DATA / "small.tei.xml", "de")


def test_aligning_xml_keeps_the_inputs_sentence_ids_in_the_tei(tmp_path, fake_model):
    out = tmp_path / "pair.tei.xml"
    result = runner.invoke(app, ["align", str(DATA / "chapter.de.xml"), str(DATA / "chapter.en.xces.xml"),
                                 "--src-lang", "de", "--tgt-lang", "en", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    tei = out.read_text(encoding="utf-8")
    assert '<s xml:id="de-s1" n="k1-s2">Der Prozess begann im August.</s>' in tei
    assert '<s xml:id="en-s1" n="2">The trial began in August.</s>' in tei
    assert 'subtype="xml"' in tei and "in the text extracted from the XML file" in tei
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    from aligner.formats.tei import tei_bytes
    from aligner.formats.tei_read import read_tei

    assert tei_bytes(read_tei(out)) == out.read_bytes()
    presegmented = runner.invoke(app, ["align", str(DATA / "chapter.de.xml"), str(DATA / "chapter.en.xces.xml"),
                                       "--src-lang", "de", "--tgt-lang", "en", "--presegmented", "-o",
                                       str(tmp_path / "x.tei.xml")])
    assert presegmented.exit_code == 1 and "--presegmented reads plain text" in presegmented.output
