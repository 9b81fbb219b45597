"""TEI writer: schema validity, link rules, golden bytes, hostile text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from aligner.datatypes import Alignment, Bead, Document, Paragraph, Sentence
from aligner.formats.tei import tei_bytes
from aligner.formats.tei_check import check_links, validate
from aligner.pipeline import align_documents
from aligner.text.read import read_document

from ..conftest import DATA, hand_alignment


@pytest.fixture(scope="module")
def small_alignment():
    from ..conftest import ROOT, FakeEncoder

    # Relative paths, as a user would type them: the TEI header records the path given.
    patch = pytest.MonkeyPatch()
    patch.chdir(ROOT)
    try:
        src = read_document(Path("tests/data/small.de.txt"), "de")
        tgt = read_document(Path("tests/data/small.en.txt"), "en")
    finally:
        patch.undo()
    return align_documents(src, tgt, encoder=FakeEncoder())


def test_valid_against_tei_all_and_link_rules(small_alignment):
    tree = etree.ElementTree(etree.fromstring(tei_bytes(small_alignment)))
    assert validate(tree) == []


def test_golden_tei(small_alignment):
    golden = DATA / "small.tei.xml"
    data = tei_bytes(small_alignment)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_bytes(data)
    assert data == golden.read_bytes(), "TEI output changed; regenerate with UPDATE_GOLDEN=1 if on purpose"


@pytest.mark.parametrize("which", ["small", "hand"])
def test_every_sentence_in_one_link_and_skips_use_anchors(small_alignment, which):
    alignment = small_alignment if which == "small" else hand_alignment()
    root = etree.fromstring(tei_bytes(alignment))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    links = root.findall(".//t:linkGrp/t:link", ns)
    assert len(links) == len(alignment.beads)
    targets = [target for link in links for target in link.get("target").split()]
    sentence_ids = [s.get(xml_id) for s in root.iter("{http://www.tei-c.org/ns/1.0}s")]
    assert sentence_ids and sorted(sentence_ids) == sorted(t[1:] for t in targets if "-s" in t)  # once each
    anchors = {a.get(xml_id) for a in root.iter("{http://www.tei-c.org/ns/1.0}anchor")}
    for link, bead in zip(links, alignment.beads, strict=True):
        assert link.get("type") == f"{len(bead.src)}-{len(bead.tgt)}"
        assert 0.0 <= float(link.get("cert")) <= 1.0
        link_targets = link.get("target").split()
        assert len(link_targets) >= 2
        gaps = [t[1:] for t in link_targets if "-gap" in t]
        assert len(gaps) == (not bead.linked) and set(gaps) <= anchors  # a skip points at an anchor
    assert root.find(".//t:text[@{http://www.w3.org/XML/1998/namespace}lang='de']", ns) is not None
    if which == "hand":
        assert any(b.kind in ("1-0", "0-1") for b in alignment.beads) and anchors
        assert "treason &amp; murder &lt;sic&gt;" in tei_bytes(alignment).decode()
    else:
        assert "&amp; laut &lt;sagt man&gt;" in tei_bytes(alignment).decode()


def test_checks_catch_broken_links():
    xml = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p><s xml:id="a-s0">x</s><s xml:id="a-s1">y</s>'
           b'</p></body></text><linkGrp><link target="#a-s0"/><link target="#a-s0 #nowhere"/></linkGrp></TEI>')
    problems = check_links(etree.ElementTree(etree.fromstring(xml)))
    assert any("1 target" in p for p in problems)
    assert any("'#nowhere' does not resolve" in p for p in problems)
    assert any("'a-s1'> is in 0 links" in p for p in problems)
    assert any("'a-s0'> is in 2 links" in p for p in problems)


def one_sentence_document(text: str, lang: str) -> Document:
    return Document("t", lang, text, (Paragraph(0, 0, len(text)),), (Sentence(0, text, 0, len(text), 0),))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_arbitrary_unicode_stays_valid(left, right):
    alignment = Alignment(
        one_sentence_document(left, "de"), one_sentence_document(right, "en"),
        (Bead((0,), (0,), 0.5, 0.5),), (0, 1), (0, 1),
    )
    tree = etree.ElementTree(etree.fromstring(tei_bytes(alignment)))
    assert validate(tree) == []
