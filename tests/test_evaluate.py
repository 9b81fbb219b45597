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


def evaluate_tsv(folder, src, tgt, gold, predicted):
    """``aligner evaluate`` of a TSV prediction (beads with their texts) against a ladder
    gold and its sentence files, all written in ``folder``; the command's result."""
    from typer.testing import CliRunner

    from aligner.cli import app

    (folder / "src.txt").write_text("\n".join(src) + "\n", encoding="utf-8")
    (folder / "tgt.txt").write_text("\n".join(tgt) + "\n", encoding="utf-8")
    (folder / "gold.txt").write_text(gold, encoding="utf-8")
    rows = ["src_ids\ttgt_ids\tscore\tconfidence\tsrc_text\ttgt_text"] + [
        f"{','.join(map(str, b.src))}\t{','.join(map(str, b.tgt))}\t0\t1\t{s}\t{t}" for b, s, t in predicted]
    (folder / "pred.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(folder / "gold.txt"), str(folder / "pred.tsv"),
                                      "--gold-src", str(folder / "src.txt"), "--gold-tgt", str(folder / "tgt.txt")])
    assert result.exit_code == 0, result.output
    return result


def test_character_pairs_survive_a_different_segmentation(tmp_path):
    from typer.testing import CliRunner

    from aligner.cli import app
    from aligner.datatypes import BeadIds
    from aligner.evaluate import char_counts

    src = ["Er kam.", "Er sah.", "Er siegte."]
    tgt = ["He came.", "He saw.", "He won."]
    gold = [BeadIds((0,), (0,)), BeadIds((1,), (1,)), BeadIds((2,), (2,))]
    # The same links, but the prediction split its source as "Er kam. Er sah." + "Er siegte."
    resegmented = [(BeadIds((0,), (0, 1)), "Er kam. Er sah.", "He came. He saw."),
                   (BeadIds((1,), (2,)), "Er siegte.", "He won.")]
    counts, warnings = char_counts(gold, src, tgt, resegmented)
    # Letters without spaces: Erkam. 6, Ersah. 6, Ersiegte. 9; Hecame. 7, Hesaw. 6, Hewon. 6.
    assert counts.recall == 1.0 and counts.precision == (6 * 7 + 6 * 6 + 9 * 6) / (12 * 13 + 9 * 6)
    assert "the two segmentations differ" in warnings[0]
    right = [(bead, " ".join(src[i] for i in bead.src), " ".join(tgt[j] for j in bead.tgt)) for bead in gold]
    counts, warnings = char_counts(gold, src, tgt, right)
    assert (counts.precision, counts.recall, warnings) == (1.0, 1.0, [])
    # One wrong link: its pairs count against precision and recall.
    wrong = [right[0], (BeadIds((1,), ()), "Er sah.", ""), (BeadIds((), (1,)), "", "He saw."), right[2]]
    counts, _ = char_counts(gold, src, tgt, wrong)
    assert counts.precision == 1.0 and counts.recall == (6 * 7 + 9 * 6) / (6 * 7 + 6 * 6 + 9 * 6)
    # A prediction of another text gets no character scores, and says why.
    assert char_counts(gold, src, tgt, [(BeadIds((0,), (0,)), "Sie kam.", "She came.")])[0] is None

    # Through the command: TSV prediction, the gold's sentence files.
    result = evaluate_tsv(tmp_path, src, tgt, "[0]:[0]\n[1]:[1]\n[2]:[2]\n", resegmented)
    assert "chars" in result.output and "1.000" in result.output.split("chars")[1].split("\n")[0]
    assert "the two segmentations differ" in result.output
    half = CliRunner().invoke(app, ["evaluate", str(tmp_path / "gold.txt"), str(tmp_path / "pred.tsv"),
                                    "--gold-src", str(tmp_path / "src.txt")])
    assert half.exit_code == 1 and "give both --gold-src and --gold-tgt" in half.output


def test_strict_and_lax_are_counted_on_the_gold_sentences_found_by_their_text(tmp_path):

    from aligner.datatypes import BeadIds
    from aligner.evaluate import on_gold_sentences

    src = ["Er kam.", "Er sah.", "Er siegte.", "Dann ging er."]
    tgt = ["He came.", "He saw.", "He won.", "Then he left."]
    gold = [BeadIds((0,), (0,)), BeadIds((1, 2), (1, 2)), BeadIds((3,), (3,))]
    # A region located in a whole book: the same sentences, numbered from 100 and 200.
    located = [(BeadIds((100,), (200,)), src[0], tgt[0]),
               (BeadIds((101, 102), (201, 202)), "Er sah. Er siegte.", "He saw. He won."),
               (BeadIds((103,), (203,)), src[3], tgt[3])]
    renumbered, differ = on_gold_sentences(src, tgt, located)
    assert (renumbered, differ) == (gold, 0)
    assert score(gold, renumbered).strict_f1 == 1.0
    # Segmented otherwise: "Er sah. Er siegte." as one sentence still links the gold bead's
    # text (strictly right); a side cut inside a gold sentence never is, but laxly it is.
    resegmented = [(BeadIds((0,), (0,)), src[0], tgt[0]), (BeadIds((1,), (1, 2)), "Er sah. Er siegte.",
                                                           "He saw. He won."),
                   (BeadIds((2,), (3,)), "Dann ging", "Then he left."), (BeadIds((3,), ()), "er.", "")]
    renumbered, differ = on_gold_sentences(src, tgt, resegmented)
    assert renumbered[:2] == gold[:2] and differ == 3
    assert renumbered[2].src == (-3, 3) and renumbered[3].src == (-4, 3)
    scores = score(gold, renumbered)
    assert (scores.strict_precision, scores.strict_recall) == (pytest.approx(2 / 4), pytest.approx(2 / 3))
    assert scores.lax_recall == 1.0
    assert on_gold_sentences(src, tgt, [(BeadIds((0,), (0,)), "Sie kam.", "She came.")]) == (None, 0)

    # Through the command: a TSV numbered from 100 scores as its text says.
    result = evaluate_tsv(tmp_path, src, tgt, "[0]:[0]\n[1, 2]:[1, 2]\n[3]:[3]\n", located)
    assert result.output.split("strict")[1].split("\n")[0].split() == ["1.000"] * 3
    assert "warning" not in result.output
