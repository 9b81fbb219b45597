"""End to end with the real default model: accuracy on the gold, locating the chapter,
and the committed main-job outputs being exactly what the README command produces."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.evaluate import score
from aligner.formats.ladder import read_ladder
from aligner.pipeline import align_documents
from aligner.text.read import read_document

from .conftest import DATA, ROOT

pytestmark = pytest.mark.slow


BOOK = "corpora/de/trotzki-moskauer-prozesse.txt"
ARTICLE = "corpora/en/trotsky-zinoviev-and-kamenev.txt"
MAIN_TEI = ROOT / "output_tei" / "zinoviev-kamenev.tei.xml"
MAIN_TSV = ROOT / "output_tei" / "zinoviev-kamenev.tsv"
MAIN_HTML = ROOT / "output_tei" / "zinoviev-kamenev.html"


def test_presegmented_gold_f1(real_encoder):
    src = read_document(DATA / "zk.de.txt", "de", presegmented=True)
    tgt = read_document(DATA / "zk.en.txt", "en", presegmented=True)
    alignment = align_documents(src, tgt, encoder=real_encoder)
    result = score(read_ladder(DATA / "zk.gold.txt"), [(b.src, b.tgt) for b in alignment.beads])
    assert result.strict_f1 >= 0.97, result
    assert result.lax_f1 >= 0.97, result


@pytest.fixture(scope="module")
def main_job(tmp_path_factory, real_encoder):
    """Run the README's main command (same relative paths) into a temporary folder."""
    from aligner import embed

    out = tmp_path_factory.mktemp("main") / "zinoviev-kamenev.tei.xml"
    patch = pytest.MonkeyPatch()
    patch.chdir(ROOT)
    patch.setattr(embed, "load_encoder", lambda model="usem3", threads=None: real_encoder)
    try:
        result = CliRunner().invoke(app, [
            "align", BOOK, ARTICLE, "--src-lang", "de", "--tgt-lang", "en", "--src-author", "L. Trotzki",
            "--tgt-author", "Leon Trotsky", "--src-title", "Stalins Verbrechen", "--tgt-title", "Zinoviev and Kamenev",
            "-o", str(out),
            "--format", "tei", "--format", "tsv", "--format", "html", "-q"])
    finally:
        patch.undo()
    assert result.exit_code == 0, result.output
    return out, out.with_name("zinoviev-kamenev.tsv"), out.with_name("zinoviev-kamenev.html")


def test_committed_outputs_are_what_the_command_regenerates(main_job):
    for made, committed in zip(main_job, (MAIN_TEI, MAIN_TSV, MAIN_HTML), strict=True):
        assert made.read_bytes() == committed.read_bytes(), f"{committed} is stale: rerun the README's main command"


def test_located_region_is_the_chapter(main_job):
    _, tsv, _ = main_job
    book = read_document(ROOT / BOOK, "de")
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    german = [int(i) for row in rows for i in row[0].split(",") if i]
    first, last = book.sentences[min(german)].text, book.sentences[max(german)].text
    assert first in ("Sinowjew und Kamenew", ) or first.startswith("Im Zusammenhang mit der Warnung"), first
    assert last == "Dies zu glauben, ist völlig unmöglich."
    # Every English sentence linked to German is linked inside that region.
    linked = [row for row in rows if row[0] and row[1]]
    assert all(min(german) <= int(i) <= max(german) for row in linked for i in row[0].split(","))
    assert len(linked) > 90


def test_book_offsets_point_at_the_sentences():
    book = read_document(ROOT / BOOK, "de")

    def squash(text: str) -> str:
        return re.sub(r"[\s\-]", "", text)

    for sentence in book.sentences:
        assert squash(book.original[sentence.start : sentence.end]) == squash(sentence.text), sentence


def test_every_link_of_the_committed_main_output_is_a_translation():
    """Each link of the committed main job pairs only characters that the hand-checked
    gold (tests/data, the same passage, segmented with its quotations whole) pairs too:
    character-pair precision 1 whatever the segmentation, and most of the gold's pairs
    found. No link between the article's metadata or editor's note and the book."""
    from aligner.evaluate import char_counts
    from aligner.formats.tei_read import read_tei

    alignment = read_tei(MAIN_TEI)
    german = (DATA / "zk.de.txt").read_text(encoding="utf-8").splitlines()
    english = (DATA / "zk.en.txt").read_text(encoding="utf-8").splitlines()
    predicted = [(bead.ids, alignment.src.joined(bead.src), alignment.tgt.joined(bead.tgt))
                 for bead in alignment.beads]
    counts, _ = char_counts(read_ladder(DATA / "zk.gold.txt"), german, english, predicted)
    assert counts is not None and counts.precision == 1.0 and counts.recall > 0.8, counts
    # And the opening: the date line, the year's line and the editor's note stand alone.
    opening = [bead for bead in alignment.beads
               if any(alignment.tgt.sentences[j].text.startswith("This article") for j in bead.tgt)]
    assert len(opening) == 1 and not opening[0].src


def test_the_first_screen_shows_what_is_aligned_and_no_false_alarm(main_job):
    """The article's heading pair is sure, and its byline and metadata lines (which
    rightly have no counterpart in the book) are not flagged as doubtful."""
    _, tsv, _ = main_job
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    by_text = {row[5] or row[4]: float(row[3]) for row in rows}
    assert by_text["Zinoviev And Kamenev"] >= 0.9
    for line in ("Leon Trotsky", "Written: 1937", "Translated: By The Fourth International",
                 "Transcription/HTML Markup: David Walters"):
        assert by_text[line] >= 0.5, line
