"""Several versions of one text: rows built on the pairwise engine, their outputs, the
command, the Python API and the batch manifest."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

import aligner
from aligner.cli import app
from aligner.core import versions as rows
from aligner.datatypes import BeadIds, Versions
from aligner.formats import read_alignment
from aligner.formats.tei_check import validate
from aligner.pipeline import NotCredible, align_versions
from aligner.text.read import document_from_text

from .conftest import FakeEncoder, headless_chromium

runner = CliRunner()
SUBJECTS = ["The miller", "His daughter", "The old king", "A young soldier", "The river", "The stranger",
            "Her brother", "The village priest", "A grey wolf", "The baker"]
ACTIONS = ["walked to the market", "sang by the window", "counted the golden coins", "crossed the northern bridge",
           "slept under the oak tree", "wrote a long letter", "lost the silver key", "opened the heavy door"]


def story(count: int = 30) -> list[str]:
    """Sentences with words of their own (the fake encoder pairs texts by shared words)."""
    return [f"{SUBJECTS[k % len(SUBJECTS)]} {ACTIONS[(3 * k) % len(ACTIONS)]} on day {k} of the {k % 7}th month."
            for k in range(count)]


def write_versions(folder: Path) -> list[Path]:
    """Three versions: the original, a close one, and one that joins sentences 5+6 and
    20+21 and adds a sentence of its own after sentence 10."""
    first = story()
    second = [sentence.replace(" on day ", " upon day ") for sentence in first]
    third = []
    for k, sentence in enumerate(first):
        if k in (6, 21):
            third[-1] = third[-1][:-1] + " and " + sentence[0].lower() + sentence[1:]
        else:
            third.append(sentence.replace("the", "that"))
        if k == 10:
            third.append("Nobody in the whole valley had ever seen such zebras quarrelling.")
    paths = []
    for name, sentences in (("one.txt", first), ("two.txt", second), ("three.txt", third)):
        path = folder / name
        path.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def documents(paths: list[Path]):
    return [document_from_text(path.read_text(encoding="utf-8"), "en", path=path, presegmented=True)
            for path in paths]


def covered(result: Versions) -> None:
    """Every sentence of every version is in exactly one row, in order."""
    for version, document in enumerate(result.documents):
        order = [i for row in result.rows for i in row.runs[version]]
        assert order == list(range(len(document.sentences)))


def test_rows_grow_one_version_at_a_time():
    built = rows.add_version(rows.start(3), [BeadIds((0,), (0, 1)), BeadIds((), (2,)), BeadIds((1, 2), (3,))],
                             [0.9, 0.4, 0.8])
    assert built.rows == (((0,), (0, 1)), ((), (2,)), ((1, 2), (3,)))
    assert built.confidence == ((1.0, 0.9), (1.0, 0.4), (1.0, 0.8))
    built = rows.add_version(built, [BeadIds((0, 1), (0,)), BeadIds((2,), ())], [0.7, 0.6])
    assert built.rows == (((0,), (0, 1, 2), (0,)), ((1, 2), (3,), ()))
    assert built.confidence == ((1.0, 0.4, 0.7), (1.0, 0.8, 0.6))
    assert rows.project(built.rows, 1, 2) == [BeadIds((0, 1, 2), (0,)), BeadIds((3,), ())]


def test_versions_are_aligned_into_rows(tmp_path):
    paths = write_versions(tmp_path)
    result = align_versions(documents(paths), encoder=FakeEncoder())
    covered(result)
    assert len(result.rows) == 29  # 30 sentences, two joined in the third version, and its own sentence
    joined = [row for row in result.rows if len(row.runs[0]) == 2]
    assert [row.runs for row in joined] == [((5, 6), (5, 6), (5,)), ((20, 21), (20, 21), (20,))]
    own = [row for row in result.rows if not row.runs[0]]
    assert [row.runs for row in own] == [((), (), (10,))]
    assert result.pair(0, 1).beads[0].src == (0,) and len(result.pair("one.txt", "two.txt").beads) == 28
    assert all(0 <= row.confidence <= 1 for row in result.rows)


def test_the_pivot_can_be_any_version(tmp_path):
    paths = write_versions(tmp_path)
    by_first = align_versions(documents(paths), encoder=FakeEncoder())
    by_third = align_versions(documents(paths), encoder=FakeEncoder(), pivot=2)
    covered(by_third)
    assert by_third.pivot == 2 and [r.runs for r in by_third.rows] == [r.runs for r in by_first.rows]


def test_a_version_that_is_no_translation_is_left_unaligned_or_refused(tmp_path):
    paths = write_versions(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text("\n".join(f"Quantum {w} zebras {v} fluoresce." for w in ["purple", "lemon", "copper",
                                                                                "velvet", "granite", "amber"]
                               for v in ["loudly", "rarely", "gently", "oddly", "twice"]) + "\n", encoding="utf-8")
    texts = documents([*paths[:2], other])
    result = align_versions(texts, encoder=FakeEncoder())
    covered(result)
    assert result.unaligned == (2,) and all(not row.runs[2] for row in result.rows[:30])
    with pytest.raises(NotCredible) as refused:
        align_versions(texts, encoder=FakeEncoder(), strict=True)
    assert refused.value.version == 2


def test_tei_of_several_versions_is_valid_and_reads_back_the_same(tmp_path):
    from aligner.formats.tei_versions import tei_bytes, tei_split_bytes

    result = align_versions(documents(write_versions(tmp_path)), encoder=FakeEncoder())
    data = tei_bytes(result)
    tree = etree.ElementTree(etree.fromstring(data))
    assert validate(tree) == []
    texts = tree.findall(".//{http://www.tei-c.org/ns/1.0}group/{http://www.tei-c.org/ns/1.0}text")
    assert [t.get("{http://www.w3.org/XML/1998/namespace}id") for t in texts] == ["en1", "en2", "en3"]
    path = tmp_path / "three.tei.xml"
    path.write_bytes(data)
    again = read_alignment(path)
    assert isinstance(again, Versions) and tei_bytes(again) == data
    split = tei_split_bytes(result, "mark")
    assert sorted(split) == ["mark.en1.tei.xml", "mark.en2.tei.xml", "mark.en3.tei.xml", "mark.tei.xml"]
    for name, content in split.items():
        (tmp_path / name).write_bytes(content)
    assert validate(etree.parse(str(tmp_path / "mark.tei.xml")), folder=tmp_path) == []
    assert [r.runs for r in read_alignment(tmp_path / "mark.tei.xml").rows] == [r.runs for r in result.rows]


def test_the_command_aligns_three_versions_and_every_command_reads_them(tmp_path, fake_model):
    paths = write_versions(tmp_path)
    out = tmp_path / "story.tei.xml"
    result = runner.invoke(app, ["align", *map(str, paths), "--lang", "en", "--lang", "en", "--lang", "en",
                                 "--presegmented", "--pivot", str(paths[1]), "-o", str(out), "-f", "tei", "-f", "tsv",
                                 "-f", "html"])
    assert result.exit_code == 0, result.output
    header = out.with_suffix("").with_suffix(".tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == ["en1_ids", "en2_ids", "en3_ids", "confidence", "en1_confidence", "en2_confidence",
                      "en3_confidence", "en1_text", "en2_text", "en3_text"]
    assert read_alignment(out).pivot == 1
    gold = tmp_path / "gold.txt"
    # The rows join what any version joins: the third version's two joined pairs.
    ladder = [f"[{k}]:[{k}]" for k in range(30) if k not in (5, 6, 20, 21)] + ["[5, 6]:[5, 6]", "[20, 21]:[20, 21]"]
    gold.write_text("\n".join(sorted(ladder, key=lambda line: int(line[1:].split("]")[0].split(",")[0]))) + "\n",
                    encoding="utf-8")
    scored = runner.invoke(app, ["evaluate", str(gold), str(out), "--pair", "en1,en2"])
    assert scored.exit_code == 0 and "strict       1.000   1.000   1.000" in scored.output
    unnamed = runner.invoke(app, ["evaluate", str(gold), str(out)])
    assert unnamed.exit_code == 1 and "aligns 3 versions" in unnamed.output and "--pair" in unnamed.output
    pair = runner.invoke(app, ["convert", str(out), "--pair", "one.txt,three.txt", "--to", "ladder",
                               "-o", str(tmp_path / "pair.ladder.txt")])
    assert pair.exit_code == 0 and "[5, 6]:[5]" in (tmp_path / "pair.ladder.txt").read_text(encoding="utf-8")
    refused = runner.invoke(app, ["convert", str(out), "--to", "tmx", "-o", str(tmp_path / "x.tmx")])
    assert refused.exit_code == 1 and "holds two versions" in refused.output and not (tmp_path / "x.tmx").exists()
    edit = runner.invoke(app, ["edit", str(out), "--no-browser"])
    assert edit.exit_code == 1 and "aligns 3 versions" in edit.output and "--pair" in edit.output


ENGLISH = ["--lang", "en"] * 3


@pytest.mark.parametrize(("args", "message"), [
    (["one.txt", "--src-lang", "en"], "got 1 input"),
    (["one.txt", "two.txt", "one.txt", *ENGLISH], "one.txt is given twice"),
    (["one.txt", "two.txt", "three.txt", *ENGLISH, "--pivot", "four.txt"], "--pivot four.txt: not one of the inputs"),
    (["one.txt", "two.txt", "three.txt", "--lang", "en"], "--lang given 1 times for 3 inputs"),
    (["one.txt", "two.txt", "three.txt", *ENGLISH, "-f", "tei", "-f", "ladder"], "the ladder format holds two"),
    (["one.txt", "two.txt", "empty.txt", *ENGLISH], "empty.txt: is empty"),
])
def test_bad_versions_are_refused_and_nothing_is_written(tmp_path, fake_model, monkeypatch, args, message):
    write_versions(tmp_path)
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.tei.xml"
    result = runner.invoke(app, ["align", *args, "--presegmented", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert message in result.output and not out.exists()


def test_the_python_api_aligns_versions(tmp_path, fake_model):
    paths = write_versions(tmp_path)
    result = aligner.align_versions(paths, ["en", "en", "en"], cache=False)
    assert isinstance(result, aligner.Versions) and len(result) == 29
    frame = result.to_dataframe()
    assert list(frame.columns) == ["en1_ids", "en2_ids", "en3_ids", "en1_text", "en2_text", "en3_text", "kind",
                                   "confidence"]
    first = next(iter(result))
    assert first.texts[0] == story()[0] and first.kind == "1-1-1"
    result.write(tmp_path / "api.tsv")
    assert (tmp_path / "api.tsv").read_text(encoding="utf-8").startswith("en1_ids\ten2_ids\ten3_ids")
    with pytest.raises(aligner.InputError, match="two or more versions"):
        aligner.align_versions([paths[0]])


def test_a_batch_line_may_name_more_versions(tmp_path, fake_model):
    write_versions(tmp_path)
    manifest = tmp_path / "batch.tsv"
    manifest.write_text("one.txt\ttwo.txt\tout/story.tsv\ten\ten\ten:three.txt\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(manifest), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out" / "story.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("en1_ids\ten2_ids\ten3_ids") and len(lines) > 20


@pytest.mark.slow
def test_the_view_shows_one_column_per_version(tmp_path):
    from aligner.formats.html import to_html

    result = align_versions(documents(write_versions(tmp_path)), encoder=FakeEncoder())
    page = tmp_path / "versions.html"
    page.write_bytes(to_html(result))
    driver = headless_chromium(tmp_path)
    try:
        driver.set_window_size(700, 900)  # too narrow for three columns: the page scrolls sideways
        driver.get(page.as_uri())
        titles = [e.text for e in driver.find_elements("css selector", "header .row.columns > div")][:3]
        assert titles == ["one.txt", "two.txt", "three.txt"]
        tops = driver.execute_script(
            "return Array.from(document.querySelectorAll('.bead')).map(r => Array.from(r.querySelectorAll('.side'))"
            ".map(s => s.getBoundingClientRect().top));")
        assert all(len(row) == 3 and max(row) - min(row) < 1 for row in tops)
        assert driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
        driver.find_element("id", "only-skips").click()
        shown = driver.execute_script("return Array.from(document.querySelectorAll('.bead'))"
                                      ".filter(r => r.offsetParent !== null).map(r => r.dataset.type)")
        assert shown and all("0" in kind.split("-") for kind in shown)
    finally:
        driver.quit()
