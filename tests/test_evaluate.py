"""The ceiling of strict recall for a monotone aligner (evaluate.monotone_reachable)."""

from __future__ import annotations

from aligner.evaluate import monotone_reachable
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
