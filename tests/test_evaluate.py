"""The ceiling of strict recall for a monotone aligner (evaluate.monotone_reachable)."""

from __future__ import annotations

import pytest

from aligner.evaluate import monotone_reachable, score, score_many
from aligner.formats.ladder import parse_ladder


def test_a_monotone_gold_is_all_reachable():
    gold = parse_ladder("[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[3, 4]\n[4]:[]\n")
    assert monotone_reachable(gold) == 3  # the three links; skips do not count


def test_crossing_beads_keep_the_largest_monotone_set():
    # Sentences 1 and 2 swapped by the translator: only one of the two can be kept.
    gold = parse_ladder("[0]:[0]\n[1]:[2]\n[2]:[1]\n[3]:[3]\n")
    assert monotone_reachable(gold) == 3
    # One bead moved far ahead crosses three: dropping it keeps the other four.
    moved = parse_ladder("[0]:[4]\n[1]:[0]\n[2]:[1]\n[3]:[2]\n[4]:[3]\n")
    assert monotone_reachable(moved) == 4


def test_a_bead_skipping_a_sentence_is_out_of_reach():
    # tgt 1 (a caption) sits between the two halves of the translation of src 1.
    gold = parse_ladder("[0]:[0]\n[1]:[2, 4]\n[]:[3]\n[2]:[5]\n")
    assert monotone_reachable(gold) == 2


def test_beads_starting_at_the_same_sentence_count_once():
    # A malformed gold may list two beads from one src sentence; one alignment holds one.
    gold = parse_ladder("[0]:[0]\n[0]:[1]\n[1]:[2]\n")
    assert monotone_reachable(gold) == 2


def test_strict_and_lax_scores_by_hand():
    gold = parse_ladder("[0]:[0]\n[1]:[1, 2]\n[2, 3]:[3]\n[4]:[]\n")
    predicted = parse_ladder("[0]:[0]\n[1]:[1]\n[2]:[3]\n[3]:[]\n[4]:[]\n")
    result = score(gold, predicted)
    # strict: [0]:[0] and the skip [4]:[] are in the gold; recall counts the 3 linked gold beads
    assert (result.strict_precision, result.strict_recall) == (pytest.approx(2 / 5), pytest.approx(1 / 3))
    # lax: [1]:[1] and [2]:[3] overlap a gold bead on both sides; [3]:[] overlaps nothing
    # (a skip only counts when exact); every linked gold bead is overlapped
    assert (result.lax_precision, result.lax_recall) == (pytest.approx(4 / 5), 1.0)
    assert result.lax_f1 == pytest.approx(2 * 0.8 / 1.8)
    assert score(gold, gold).strict_f1 == score(gold, gold).lax_f1 == 1.0
    assert score(gold, []).strict_f1 == 0.0


def test_counts_are_summed_over_documents():
    one, two = parse_ladder("[0]:[0]\n[1]:[1]\n"), parse_ladder("[0]:[0]\n")
    summed = score_many([(one, one), (two, parse_ladder("[0]:[1]\n"))])
    assert summed.strict_precision == pytest.approx(2 / 3) and summed.strict_recall == pytest.approx(2 / 3)
