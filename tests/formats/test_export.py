"""Exporters, read by real consumers of each format where one installs from the registries."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats import render
from aligner.formats.tei import tei_bytes
from aligner.formats.tei_read import read_tei

from ..conftest import ROOT, SRC_SENTENCES, TGT_SENTENCES, hand_alignment

MAIN_TEI = ROOT / "output_tei" / "zinoviev-kamenev.tei.xml"
runner = CliRunner()


@pytest.fixture(scope="module")
def alignment():
    """Built by hand (see conftest): what these tests check does not move with the aligner."""
    return hand_alignment()


@pytest.fixture
def tei_file(tmp_path, alignment):
    path = tmp_path / "pair.tei.xml"
    path.write_bytes(tei_bytes(alignment))
    return path


def write(files: dict[Path, bytes]) -> None:
    for path, data in files.items():
        path.write_bytes(data)


def test_tei_round_trip_is_byte_identical(alignment, tei_file):
    back = read_tei(tei_file)
    fields = ("beads", "src_range", "tgt_range", "config", "model_name", "credibility")
    assert [getattr(back, name) for name in fields] == [getattr(alignment, name) for name in fields]
    assert [s.text for s in back.src.sentences[2:12]] == SRC_SENTENCES[2:12]
    assert [s.text for s in back.tgt.sentences[1:11]] == TGT_SENTENCES[1:11]
    assert tei_bytes(back) == tei_file.read_bytes()
    assert tei_bytes(read_tei(MAIN_TEI)) == MAIN_TEI.read_bytes()
    assert tei_bytes(read_tei(ROOT / "tests" / "data" / "small.tei.xml")) == (
        ROOT / "tests" / "data" / "small.tei.xml").read_bytes()


def test_convert_to_tsv_matches_align_output(tmp_path):
    out = tmp_path / "zk.tsv"
    result = runner.invoke(app, ["convert", str(MAIN_TEI), "--to", "tsv", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (ROOT / "output_tei" / "zinoviev-kamenev.tsv").read_bytes()


def test_tmx_read_by_translate_toolkit(tmp_path, alignment):
    from translate.storage.tmx import tmxfile

    path = tmp_path / "zk.tmx"
    write(render(alignment, "tmx", path))
    with path.open("rb") as stream:
        store = tmxfile(stream, sourcelanguage="de", targetlanguage="en")
    linked = [bead for bead in alignment.beads if bead.linked]
    assert len(store.units) == len(linked)
    for unit, bead in zip(store.units, linked, strict=True):
        assert unit.source == " ".join(alignment.src.sentences[i].text for i in bead.src)
        assert unit.target == " ".join(alignment.tgt.sentences[j].text for j in bead.tgt)


def test_xces_read_by_opustools(tmp_path, alignment):
    from opustools import OpusRead

    path = tmp_path / "zk.xces.xml"
    files = render(alignment, "xces", path)
    write(files)
    zips = {}
    for side in ("de", "en"):
        zips[side] = tmp_path / f"{side}.zip"
        with zipfile.ZipFile(zips[side], "w") as archive:
            archive.write(tmp_path / f"zk.{side}.xml", arcname=f"zk.{side}.xml")
    out = tmp_path / "pairs.txt"
    OpusRead(alignment_file=str(path), source_zip=str(zips["de"]), target_zip=str(zips["en"]),
             directory="zk", source="de", target="en", preprocess="raw", write_mode="moses",
             write=[str(out)], leave_non_alignments_out=True, suppress_prompts=True).printPairs()
    pairs = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    linked = [bead for bead in alignment.beads if bead.linked]
    assert len(pairs) == len(linked)
    for (src_text, tgt_text), bead in zip(pairs, linked, strict=True):
        assert src_text == " ".join(alignment.src.sentences[i].text for i in bead.src)
        assert tgt_text == " ".join(alignment.tgt.sentences[j].text for j in bead.tgt)


def test_intertext_rules(tmp_path, alignment):
    path = tmp_path / "zk.intertext.xml"
    write(render(alignment, "intertext", path))
    root = etree.parse(str(path)).getroot()
    assert root.tag == "linkGrp" and root.get("fromDoc") == "zk.de.xml" and root.get("toDoc") == "zk.en.xml"
    target_ids = {s.get("id") for s in etree.parse(str(tmp_path / "zk.en.xml")).iter("s")}
    source_ids = {s.get("id") for s in etree.parse(str(tmp_path / "zk.de.xml")).iter("s")}
    links = root.findall("link")
    assert len(links) == len(alignment.beads)
    for link, bead in zip(links, alignment.beads, strict=True):
        first, second = link.get("xtargets").split(";")
        assert set(first.split()) <= target_ids and set(second.split()) <= source_ids  # target ids first
        assert len(first.split()) == len(bead.tgt) and len(second.split()) == len(bead.src)
        assert link.get("type") == f"{len(bead.tgt)}-{len(bead.src)}" and link.get("status") == "auto"


def test_ladder_and_every_format_through_convert(tmp_path, alignment, tei_file):
    out = tmp_path / "out"
    out.mkdir()
    for fmt, name in (("ladder", "a.ladder.txt"), ("html", "a.html"), ("xces", "a.xces.xml")):
        result = runner.invoke(app, ["convert", str(tei_file), "--to", fmt, "-o", str(out / name), "-q"])
        assert result.exit_code == 0, result.output
    assert (out / "a.ladder.txt").read_text().splitlines() == [
        f"{list(bead.src)}:{list(bead.tgt)}" for bead in alignment.beads]
    assert (out / "a.ladder.txt").read_text().splitlines()[:5] == [
        "[2]:[1]", "[3, 4]:[2]", "[5]:[3, 4]", "[6]:[]", "[]:[5]"]
    assert {p.name for p in out.iterdir()} == {"a.ladder.txt", "a.html", "a.xces.xml", "a.de.xml", "a.en.xml"}


def test_convert_refuses_non_tei(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<root/>", encoding="utf-8")
    result = runner.invoke(app, ["convert", str(bad), "--to", "tsv", "-o", str(tmp_path / "x.tsv")])
    assert result.exit_code == 1 and "expected two or more texts" in result.output


def test_split_tei_files_are_valid_and_point_into_each_other(tmp_path, alignment):
    from aligner.formats.tei_check import validate

    path = tmp_path / "zk.tei.xml"
    files = render(alignment, "tei", path, split=True)
    write(files)
    assert {p.name for p in files} == {"zk.tei.xml", "zk.de.tei.xml", "zk.en.tei.xml"}
    for file in files:
        assert validate(etree.parse(str(file)), folder=tmp_path) == [], file
    targets = [t for link in etree.parse(str(path)).iter("{http://www.tei-c.org/ns/1.0}link")
               for t in link.get("target").split()]
    assert all(t.startswith(("zk.de.tei.xml#de-", "zk.en.tei.xml#en-")) for t in targets)
    assert targets[:2] == ["zk.de.tei.xml#de-s2", "zk.en.tei.xml#en-s1"]  # the first bead, 1-1
    assert len(targets) == sum(max(len(b.src), 1) + max(len(b.tgt), 1) for b in alignment.beads)


def test_validate_cli(tmp_path, alignment):
    path = tmp_path / "zk.tei.xml"
    write(render(alignment, "tei", path, split=True))
    ok = runner.invoke(app, ["validate", str(path), str(tmp_path / "zk.de.tei.xml"), str(MAIN_TEI)])
    assert ok.exit_code == 0 and ok.output.count(": valid") == 3, ok.output
    # Point the link of src sentence 8 at sentence 9 instead: 8 is then in no link, 9 in two.
    broken = path.read_text(encoding="utf-8").replace("zk.de.tei.xml#de-s8 ", "zk.de.tei.xml#de-s9 ")
    assert broken != path.read_text(encoding="utf-8")
    path.write_text(broken, encoding="utf-8")
    failed = runner.invoke(app, ["validate", str(path)])
    assert failed.exit_code == 1
    assert "de-s8'> in zk.de.tei.xml is in 0 links" in failed.output
    assert "de-s9'> in zk.de.tei.xml is in 2 links" in failed.output
