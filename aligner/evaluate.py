"""Evaluate: strict and lax precision, recall and F1 against a gold alignment.

Semantics follow Vecalign's score.py: *strict* counts a predicted bead as right when
the gold has exactly that bead; *lax* when it overlaps a gold bead on both sides.
Precision is over all predicted beads, recall over gold beads whose two sides are
non-empty (skips in the gold are not counted).

*Character pairs* measure what survives a different segmentation: every link aligns all
pairs of its characters (whitespace left out), and precision and recall are over those
pairs. They need the texts: the gold's sentence files (or a TEI gold) and a prediction
that carries its text (our TSV or TEI).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.datatypes import BeadIds
from aligner.errors import InputError
from aligner.formats.ladder import read_ladder


@dataclass(frozen=True)
class Scores:
    """Strict and lax precision, recall and F1."""

    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gold: Sequence[BeadIds], predicted: Sequence[BeadIds]) -> Scores:
    """Strict and lax scores of one document (or of documents concatenated)."""
    return score_many([(gold, predicted)])


def _overlaps(bead: BeadIds, by_src: dict[int, set[int]], by_tgt: dict[int, set[int]]) -> bool:
    """True if some bead of the other alignment shares a src and a tgt sentence with ``bead``."""
    return bool(set().union(*(by_src.get(i, ()) for i in bead[0])) & set().union(*(by_tgt.get(j, ()) for j in bead[1])))


def _index(beads: Sequence[BeadIds], side: int) -> dict[int, set[int]]:
    """The beads that hold each sentence of one side (one, unless a prediction cut a gold
    sentence in two: see ``on_gold_sentences``)."""
    index: dict[int, set[int]] = {}
    for k, bead in enumerate(beads):
        for i in bead[side]:
            index.setdefault(i, set()).add(k)
    return index


# Share of one side's sentences that only one of the two alignments mentions above which
# they look like different documents or segmentations. Hand-made golds leave out a few
# sentences (Text+Berg's omit up to 3 of 150 in a document, 2%).
MISMATCH_SHARE = 0.05


def coverage_mismatch(gold: Sequence[BeadIds], predicted: Sequence[BeadIds]) -> str | None:
    """Why the two alignments look like different documents or segmentations: more than
    ``MISMATCH_SHARE`` of one side's sentences are mentioned by only one of them (``None``
    if not).

    A located region scored against a gold for the whole text, or a prediction on another
    segmentation, scores low for that reason alone; the user should be told."""
    differences = []
    for side, name in ((0, "source"), (1, "target")):
        in_gold = {i for bead in gold for i in bead[side]}
        # (numbers below 0 mark a side whose boundaries are not the gold's: see on_gold_sentences)
        in_predicted = {i for bead in predicted for i in bead[side] if i >= 0}
        only_gold, only_predicted = in_gold - in_predicted, in_predicted - in_gold
        if len(only_either := only_gold | only_predicted) > MISMATCH_SHARE * len(in_gold | in_predicted):
            differences.append(f"{name}: {len(only_gold)} sentence(s) only in the gold, {len(only_predicted)} only "
                               f"in the prediction, the first {min(only_either)}")
    return "; ".join(differences) or None


def monotone_reachable(gold: Sequence[BeadIds]) -> int:
    """How many of the gold's linked beads (both sides non-empty) one monotone alignment of
    contiguous beads can hold: the ceiling of strict recall for any aligner of that kind
    (Bertalign's, Vecalign's, this one's).

    A gold bead is out of reach when one of its sides skips a sentence (a photo caption
    between the two halves of a sentence) or when it crosses another (a sentence the
    translator moved); of beads that cross, the largest set that does not is kept. The
    beads of a ladder file share no sentence, so ordered by their first src sentence
    they fit one monotone alignment exactly when their first tgt sentences increase.
    """
    def contiguous(side: tuple[int, ...]) -> bool:
        return sorted(side) == list(range(min(side), max(side) + 1))

    linked = [bead for bead in map(BeadIds._make, gold) if bead.linked and contiguous(bead.src)
              and contiguous(bead.tgt)]
    # Among beads starting at the same src sentence, at most one can be kept: the later
    # tgt start first, so that the increasing run cannot take two of them.
    linked.sort(key=lambda bead: (min(bead.src), -min(bead.tgt)))
    tails: list[int] = []  # tails[k]: smallest last tgt start of an increasing run of k + 1 beads
    for bead in linked:
        start = min(bead.tgt)
        position = bisect.bisect_left(tails, start)
        tails[position : position + 1] = [start]
    return len(tails)


def monotone_ceiling(golds: Sequence[Sequence[BeadIds]]) -> tuple[int, int]:
    """(links a monotone aligner can reproduce, linked beads), summed over the documents'
    golds (see ``monotone_reachable``)."""
    linked = sum(1 for gold in golds for bead in map(BeadIds._make, gold) if bead.linked)
    return sum(monotone_reachable(gold) for gold in golds), linked


def score_many(pairs: Sequence[tuple[Sequence[BeadIds], Sequence[BeadIds]]]) -> Scores:
    """Scores with counts summed over documents, as Vecalign does: ``pairs`` of (gold, predicted)."""
    n_pred = n_gold = strict_p = strict_r = lax_p = lax_r = 0
    for gold, predicted in pairs:
        gold_set, predicted_set = set(gold), set(predicted)
        linked_gold = [bead for bead in map(BeadIds._make, gold) if bead.linked]
        n_pred += len(predicted)
        n_gold += len(linked_gold)
        strict_p += sum(1 for bead in predicted if bead in gold_set)
        strict_r += sum(1 for bead in linked_gold if bead in predicted_set)
        gold_src, gold_tgt = _index(gold, 0), _index(gold, 1)
        pred_src, pred_tgt = _index(predicted, 0), _index(predicted, 1)
        # An exact match is a lax hit too (skips can only match exactly).
        lax_p += sum(1 for bead in predicted if bead in gold_set or _overlaps(bead, gold_src, gold_tgt))
        lax_r += sum(1 for bead in linked_gold if _overlaps(bead, pred_src, pred_tgt))
    sp, sr = (strict_p / n_pred if n_pred else 0.0), (strict_r / n_gold if n_gold else 0.0)
    lp, lr = (lax_p / n_pred if n_pred else 0.0), (lax_r / n_gold if n_gold else 0.0)
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr))


@dataclass(frozen=True)
class CharCounts:
    """Character pairs: of the prediction, of the gold, and of both (summable over documents)."""

    predicted: int = 0
    gold: int = 0
    both: int = 0

    def __add__(self, other: CharCounts) -> CharCounts:
        return CharCounts(self.predicted + other.predicted, self.gold + other.gold, self.both + other.both)

    @property
    def precision(self) -> float:
        return self.both / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.both / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


Rect = tuple[int, int, int, int]  # src chars [a, b) x tgt chars [c, d)


def _letters(text: str) -> str:
    return "".join(text.split())


def _ranges(indices: Sequence[int], spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The character ranges of some sentences, neighbours merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans[i] for i in indices):
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end)
        elif end > start:
            out.append((start, end))
    return out


def _spans(texts: Sequence[str], first: int = 0) -> list[tuple[int, int]]:
    spans, at = [], first
    for text in texts:
        spans.append((at, at + len(_letters(text))))
        at = spans[-1][1]
    return spans


def _area(rects: Sequence[Rect]) -> int:
    return sum((b - a) * (d - c) for a, b, c, d in rects)


def _overlap(predicted: Sequence[Rect], gold: Sequence[Rect]) -> int:
    """Pairs in both: the rectangles of one alignment do not overlap each other, so the
    overlaps of every predicted rectangle with the gold ones it meets add up."""
    ordered = sorted(gold)
    starts = [rect[0] for rect in ordered]
    total = 0
    for a, b, c, d in predicted:
        k = max(0, bisect.bisect_right(starts, a) - 1)
        while k < len(ordered) and ordered[k][0] < b:
            ga, gb, gc, gd = ordered[k]
            width, height = min(b, gb) - max(a, ga), min(d, gd) - max(c, gc)
            if width > 0 and height > 0:
                total += width * height
            k += 1
    return total


Range = tuple[int, int]  # characters [a, b) of one side's text, whitespace left out


def _placed(gold_src: Sequence[str], gold_tgt: Sequence[str], predicted: Sequence[tuple[BeadIds, str, str]]
            ) -> tuple[list[tuple[Range, Range]] | None, str | None]:
    """Where each predicted bead's two sides lie in the gold's text (its sentences joined,
    whitespace left out), found by the prediction's text; None and why, when that text is
    not in the gold's."""
    streams = "".join(map(_letters, gold_src)), "".join(map(_letters, gold_tgt))
    at = []
    for side, name in ((1, "source"), (2, "target")):
        text = "".join(_letters(bead[1] if side == 1 else bead[2]) for bead in predicted)
        offset = streams[side - 1].find(text) if text else 0
        if offset < 0:
            return None, (f"the prediction's {name} text is not in the gold's {name} sentences (a different text or "
                          "clean-up); no character-pair scores")
        at.append(offset)
    placed = []
    for _, src_text, tgt_text in predicted:
        lengths = len(_letters(src_text)), len(_letters(tgt_text))
        placed.append(((at[0], at[0] + lengths[0]), (at[1], at[1] + lengths[1])))
        at = [at[0] + lengths[0], at[1] + lengths[1]]
    return placed, None


def _sentences_of(span: Range, spans: Sequence[Range], starts: Sequence[int]) -> tuple[tuple[int, ...], bool]:
    """The sentences (of ``spans``, with their ``starts``) that a range of characters
    overlaps, and whether it starts and ends where sentences do."""
    a, b = span
    if a == b:
        return (), True
    first = max(0, bisect.bisect_right(starts, a) - 1)
    ids = []
    k = first
    while k < len(spans) and spans[k][0] < b:
        if spans[k][1] > a:
            ids.append(k)
        k += 1
    exact = bool(ids) and spans[ids[0]][0] == a and spans[ids[-1]][1] == b
    return tuple(ids), exact


def on_gold_sentences(gold_src: Sequence[str], gold_tgt: Sequence[str],
                      predicted: Sequence[tuple[BeadIds, str, str]]) -> tuple[list[BeadIds] | None, int]:
    """The predicted beads numbered by the gold's sentences, found by their text (so that
    a prediction numbered otherwise, such as a region located in a whole book, is scored
    all the same), and how many beads have a side cut otherwise than the gold's (its
    boundaries are not the gold's, or it holds another number of sentences). A side whose
    boundaries are not the gold's holds the gold sentences it overlaps and a number below
    0 that no gold bead has: it can be right laxly, never strictly. None when the texts
    differ."""
    placed, _ = _placed(gold_src, gold_tgt, predicted)
    if placed is None:
        return None, 0
    return _renumbered(gold_src, gold_tgt, predicted, placed)


def _renumbered(gold_src: Sequence[str], gold_tgt: Sequence[str], predicted: Sequence[tuple[BeadIds, str, str]],
                placed: Sequence[tuple[Range, Range]]) -> tuple[list[BeadIds], int]:
    """:func:`on_gold_sentences` of beads already placed in the gold's text (``_placed``)."""
    spans = _spans(gold_src), _spans(gold_tgt)
    starts = [span[0] for span in spans[0]], [span[0] for span in spans[1]]
    out, off = [], 0
    for k, ((bead, _, _), ranges) in enumerate(zip(predicted, placed, strict=True)):
        sides, same_cut = [], True
        for side in (0, 1):
            ids, exact = _sentences_of(ranges[side], spans[side], starts[side])
            sides.append(ids if exact else (-1 - k, *ids))
            same_cut = same_cut and exact and len(ids) == len(bead[side])
        off += not same_cut
        out.append(BeadIds(*sides))
    return out, off


def char_counts(gold: Sequence[BeadIds], gold_src: Sequence[str], gold_tgt: Sequence[str],
                predicted: Sequence[tuple[BeadIds, str, str]]) -> tuple[CharCounts | None, list[str]]:
    """Character pairs of a prediction (its beads, in order, with their texts) against a
    gold (beads over the sentences ``gold_src``/``gold_tgt``), and warnings: when the two
    segmentations differ at all, or when the prediction's text is not the gold's (then
    no counts)."""
    placed, problem = _placed(gold_src, gold_tgt, predicted)
    if placed is None:
        return None, [str(problem)]
    warnings = []
    _, differ = _renumbered(gold_src, gold_tgt, predicted, placed)
    if differ:
        warnings.append(f"{differ} of the prediction's {len(predicted)} beads hold sentences cut otherwise than the "
                        "gold's: the two segmentations differ. Strict and lax scores are counted on the gold's "
                        "sentences, found by their text: a bead whose boundaries are not the gold's is never "
                        "strictly right; the character pairs do not depend on the segmentation")
    predicted_rects = [(a, b, c, d) for (a, b), (c, d) in placed if b > a and d > c]
    gold_spans = _spans(gold_src), _spans(gold_tgt)
    gold_rects = [(a, b, c, d) for bead in map(BeadIds._make, gold) if bead.linked
                  for a, b in _ranges(bead.src, gold_spans[0]) for c, d in _ranges(bead.tgt, gold_spans[1])]
    return CharCounts(_area(predicted_rects), _area(gold_rects), _overlap(predicted_rects, gold_rects)), warnings


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate_paths`: the scores (counts summed over documents),
    how many documents, a warning per prediction that covers other sentences than its
    gold (see ``coverage_mismatch``), how many gold links a monotone aligner can
    reproduce of all the linked ones (see ``monotone_ceiling``), and the character pairs
    (None without the texts)."""

    scores: Scores
    documents: int
    warnings: tuple[str, ...]
    reachable: int
    linked: int
    chars: CharCounts | None = None


def match_gold_files(gold: Path, predicted: Path) -> list[tuple[Path, Path]]:
    """(gold file, prediction file) pairs: one, or one per gold file of a folder, the
    prediction named as the gold file, with or without an ending (``001``, ``001.tsv``).

    Raises:
        InputError: a folder against a file, a gold file without a prediction, or an empty folder.
    """
    if not gold.is_dir():
        return [(gold, predicted)]
    if not predicted.is_dir():
        raise InputError(f"{gold} is a folder, so {predicted} must be a folder of predictions too")
    pairs = []
    for gold_file in sorted(p for p in gold.iterdir() if p.is_file()):
        matches = sorted(p for p in predicted.iterdir() if p.is_file() and (
            p.name == gold_file.name or p.name.startswith(gold_file.name + ".")))
        if not matches:
            raise InputError(f"no prediction for {gold_file.name} in {predicted} (expected {gold_file.name} "
                             f"or {gold_file.name}.<ending>)")
        pairs.append((gold_file, matches[0]))
    if not pairs:
        raise InputError(f"{gold}: no gold files in the folder")
    return pairs


def _gold_file(folder_or_file: Path, gold_file: Path, gold: Path) -> Path:
    """The file of ``folder_or_file`` for ``gold_file``: itself, or the file of the same name in the folder."""
    if gold.is_dir():
        if not folder_or_file.is_dir():
            raise InputError(f"{gold} is a folder, so {folder_or_file} must be a folder of sentence files too")
        return folder_or_file / gold_file.name
    return folder_or_file


def _sentence_lines(path: Path) -> list[str]:
    from aligner.text.ingest import read_text

    return read_text(path).splitlines()


def evaluate_paths(gold: Path, predicted: Path, *, gold_src: Path | None = None,
                   gold_tgt: Path | None = None, pair: tuple[str, str] | None = None) -> Evaluation:
    """Score a prediction file (ladder, our TSV or TEI) against a gold ladder file (or
    our TEI), or a folder of predictions against a folder of gold files (counts summed).
    With the gold's sentence files (``gold_src``/``gold_tgt``, one sentence per line;
    folders of them for a gold folder) or a TEI gold, and a prediction that carries its
    text, character pairs are scored too. ``pair`` names two versions of a prediction
    that aligns several (the pair's projection is scored).

    Raises:
        InputError: a file is missing, unreadable or not of those formats.
    """
    from aligner.formats import read_bead_texts, read_beads
    from aligner.text.ingest import read_text

    if (gold_src is None) != (gold_tgt is None):
        raise InputError("give both --gold-src and --gold-tgt (the gold's sentence files), or neither")
    documents = []
    warnings = []
    chars: CharCounts | None = CharCounts()
    for gold_file, predicted_file in match_gold_files(gold, predicted):
        first = read_text(gold_file).lstrip()[:1]  # same checks as any input: exists, is a file, is text
        gold_texts: tuple[list[str], list[str]] | None = None
        if first == "<":
            from aligner.formats.tei_read import read_tei

            reference = read_tei(gold_file)
            gold_beads = [bead.ids for bead in reference.beads]
            gold_texts = reference.src.texts(), reference.tgt.texts()
        else:
            gold_beads = read_ladder(gold_file)
        if gold_src is not None and gold_tgt is not None:
            gold_texts = (_sentence_lines(_gold_file(gold_src, gold_file, gold)),
                          _sentence_lines(_gold_file(gold_tgt, gold_file, gold)))
        predicted_beads = read_beads(predicted_file, pair)
        with_texts = read_bead_texts(predicted_file, pair) if gold_texts is not None else None
        if with_texts is not None and gold_texts is not None:
            # Numbered by the gold's sentences, found by their text (a region located in a
            # whole book is numbered from where it starts there).
            renumbered, _ = on_gold_sentences(*gold_texts, with_texts)
            predicted_beads = renumbered if renumbered is not None else predicted_beads
        documents.append((gold_beads, predicted_beads))
        if mismatch := coverage_mismatch(*documents[-1]):
            warnings.append(f"{predicted_file} and {gold_file} do not cover the same sentences ({mismatch}); "
                            "are they the same document, segmented the same way?")
        if with_texts is None or gold_texts is None or chars is None:
            chars = None
            continue
        counts, notes = char_counts(gold_beads, *gold_texts, with_texts)
        warnings += [f"{predicted_file}: {note}" for note in notes]
        chars = chars + counts if counts is not None else None
    reachable, linked = monotone_ceiling([gold_beads for gold_beads, _ in documents])
    return Evaluation(score_many(documents), len(documents), tuple(warnings), reachable, linked, chars)
