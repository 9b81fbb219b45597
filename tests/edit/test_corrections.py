"""Corrections by hand, without a server: what a save may hold, and what it makes."""

from __future__ import annotations

import math

import pytest

from aligner.datatypes import BeadIds
from aligner.edit.corrections import Submitted, apply, coverage_problems, parse_beads
from aligner.errors import InputError
from aligner.formats.tei import tei_bytes
from aligner.formats.tei_read import read_tei

from ..conftest import hand_alignment


def submitted(alignment) -> list[Submitted]:
    return [Submitted(bead.ids) for bead in alignment.beads]


@pytest.mark.parametrize(("payload", "message"), [
    ("beads", "non-empty list"),
    ([], "non-empty list"),
    ([5], "bead 0: expected an object"),
    ([{"src": [1], "tgt": "2"}], "bead 0 'tgt': expected a list of sentence indices"),
    ([{"src": [1.5], "tgt": []}], "bead 0 'src'"),
    ([{"src": [True], "tgt": []}], "bead 0 'src'"),
    ([{"src": [], "tgt": []}], "bead 0: holds no sentence"),
    ([{"src": [1], "tgt": [], "confirmed": "yes"}], "'confirmed' must be true or false"),
])
def test_malformed_beads_are_refused_with_what_is_wrong(payload, message):
    with pytest.raises(InputError, match=message):
        parse_beads(payload)


def test_every_sentence_in_exactly_one_bead_in_order():
    alignment = hand_alignment()  # source 2-11, target 1-10
    beads = submitted(alignment)
    assert coverage_problems(beads, alignment) == []
    unlinked = [b for b in beads if b.ids != BeadIds((6,), ())]
    assert coverage_problems(unlinked, alignment) == ["source sentence 6 is in no bead"]
    twice = [*beads, Submitted(BeadIds((), (5,)))]
    assert coverage_problems(twice, alignment) == ["target sentence 5 is in 2 beads"]
    outside = [*beads, Submitted(BeadIds((12,), ()))]
    assert coverage_problems(outside, alignment) == ["source sentence 12 is outside the aligned sentences 2-11"]
    swapped = [beads[1], beads[0], *beads[2:]]
    assert coverage_problems(swapped, alignment) == [
        "source sentence 2 comes after 4: beads must follow the text's order, each holding consecutive sentences",
        "target sentence 1 comes after 2: beads must follow the text's order, each holding consecutive sentences"]
    gapped = [Submitted(BeadIds((2, 4), (1,))), Submitted(BeadIds((3,), (2,))), *beads[2:]]
    assert "source sentence 4 comes after 2" in coverage_problems(gapped, alignment)[0]


def test_apply_keeps_the_aligners_figures_and_marks_what_a_person_did():
    alignment = hand_alignment()
    beads = submitted(alignment)
    # Merge the 1-0 and 0-1 beads (3, 4) into a 1-1; confirm the first bead.
    beads[3:5] = [Submitted(BeadIds((6,), (5,)))]
    beads[0] = Submitted(beads[0].ids, confirmed=True)
    edited, changes = apply(alignment, beads, "Ada", "2026-12-01T10:00:00+00:00")
    assert (changes.made, changes.removed, changes.confirmed) == (1, 2, 1)
    made = edited.beads[3]
    assert made.ids == BeadIds((6,), (5,)) and made.resp == "Ada" and made.confidence == 1.0
    assert math.isnan(made.score) and math.isnan(made.z)
    first = edited.beads[0]
    assert first.resp == "Ada" and first.confidence == 1.0 and first.score == alignment.beads[0].score
    assert edited.beads[1:3] == alignment.beads[1:3] and edited.beads[4:] == alignment.beads[5:]
    assert [(r.who, r.when) for r in edited.revisions] == [("Ada", "2026-12-01T10:00:00+00:00")]
    assert "1 link(s) made, 2 of the previous links replaced, 1 confirmed" in edited.revisions[0].description
    # Nothing changed: no revision.
    same, none = apply(alignment, submitted(alignment), "Ada", "2026-12-01T10:00:00+00:00")
    assert not none and same is alignment


def test_corrections_survive_the_tei_round_trip(tmp_path):
    alignment = hand_alignment()
    beads = submitted(alignment)
    beads[3:5] = [Submitted(BeadIds((6,), (5,)))]
    beads[0] = Submitted(beads[0].ids, confirmed=True)
    edited, _ = apply(alignment, beads, "Ada", "2026-12-01T10:00:00+00:00")
    second, _ = apply(edited, [Submitted(b.ids, confirmed=k == 1) for k, b in enumerate(edited.beads)], "Grace",
                      "2026-12-02T10:00:00+00:00")
    data = tei_bytes(second)
    path = tmp_path / "edited.tei.xml"
    path.write_bytes(data)
    back = read_tei(path)
    assert tei_bytes(back) == data
    assert [b.resp for b in back.beads][:4] == ["Ada", "Grace", "", "Ada"]
    assert [(r.who, r.when) for r in back.revisions] == [("Ada", "2026-12-01T10:00:00+00:00"),
                                                          ("Grace", "2026-12-02T10:00:00+00:00")]
    text = data.decode()
    assert '<respStmt xml:id="editor-1">' in text and "<name>Grace</name>" in text
    assert 'type="1-1" cert="1" resp="#editor-1" xml:id="b3"' in text  # made by hand: no @ana
    assert '<change when="2026-12-02T10:00:00+00:00" who="#editor-2">' in text
