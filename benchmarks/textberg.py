"""Align every document of a Text+Berg-style benchmark folder and score it.

Usage: python benchmarks/textberg.py PATH [--model NAME_OR_PATH] [--docs 001,002,003]
       [--set merge_bonus=0 ...] [--concatenate]

PATH holds ``de/NNN``, ``fr/NNN`` (one sentence per line) and ``gold/NNN`` (ladder
lines), like ../shared/benchmarks/textberg-de-fr. The data is read in place, never
copied. Prints strict/lax precision, recall, F1 (counts summed over documents, as
Vecalign's score.py), the strict accuracy per confidence band, and the time spent.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from aligner.config import BASE_MODEL, AlignConfig, parse_settings
from aligner.embed import load_encoder
from aligner.errors import InputError
from aligner.evaluate import monotone_ceiling, score_many
from aligner.formats.ladder import read_ladder
from aligner.pipeline import align_documents
from aligner.text.read import read_document

BANDS = ((0.9, 1.01, ">= 0.9"), (0.7, 0.9, "0.7-0.9"), (0.5, 0.7, "0.5-0.7"), (0.0, 0.5, "< 0.5"))


class TimedEncoder:
    """Wraps an encoder and adds up the time spent embedding."""

    def __init__(self, encoder):
        self.encoder = encoder
        self.name = encoder.name
        self.seconds = 0.0

    def encode(self, texts):
        started = time.perf_counter()
        try:
            return self.encoder.encode(texts)
        finally:
            self.seconds += time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--model", default=BASE_MODEL)
    parser.add_argument("--src", default="de")
    parser.add_argument("--tgt", default="fr")
    parser.add_argument("--full-band-cells", type=int, default=AlignConfig().search.full_band_cells,
                        help="search pairs with larger tables coarse-to-fine (a small value tests the band search)")
    parser.add_argument("--concatenate", action="store_true",
                        help="align all documents as one long pair (large enough for the band search)")
    parser.add_argument("--docs", help="comma-separated document names to use (a split), e.g. 001,002,003")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override a setting, e.g. --set scoring.merge_bonus=0 (repeatable)")
    args = parser.parse_args()
    names = sorted(p.name for p in (args.path / "gold").iterdir())
    if args.docs:
        wanted = args.docs.split(",")
        if missing := sorted(set(wanted) - set(names)):
            print(f"no such documents under {args.path / 'gold'}: {', '.join(missing)}", file=sys.stderr)
            return 1
        names = [name for name in names if name in wanted]
    if not names:
        print(f"no gold files under {args.path / 'gold'}", file=sys.stderr)
        return 1
    try:
        overrides = parse_settings(args.set)
        # Benchmark pairs are whole documents: nothing to locate.
        config = AlignConfig(model=args.model).with_settings(
            {"locate.ratio": 1e9, "search.full_band_cells": args.full_band_cells, **overrides})
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    encoder = TimedEncoder(load_encoder(args.model))
    pairs, banded = [], {label: [0, 0] for *_, label in BANDS}
    started = time.perf_counter()
    folder = tempfile.TemporaryDirectory()
    documents = [(args.path / args.src / name, args.path / args.tgt / name, read_ladder(args.path / "gold" / name))
                 for name in names]
    if args.concatenate:
        documents = [_concatenated(documents, Path(folder.name))]
    for src_path, tgt_path, gold in documents:
        src = read_document(src_path, args.src, presegmented=True)
        tgt = read_document(tgt_path, args.tgt, presegmented=True)
        alignment = align_documents(src, tgt, encoder=encoder, config=config)
        predicted = [(b.src, b.tgt) for b in alignment.beads]
        pairs.append((gold, predicted))
        gold_set = set(gold)
        for bead in alignment.beads:
            for low, high, label in BANDS:
                if low <= bead.confidence < high:
                    banded[label][0] += 1
                    banded[label][1] += (bead.src, bead.tgt) in gold_set
    total = time.perf_counter() - started
    folder.cleanup()
    result = score_many(pairs)
    joined = ", concatenated into one pair" if args.concatenate else ""
    print(f"benchmark: {args.path} ({len(names)} documents{joined}: {', '.join(names)}), model: {encoder.name}")
    if overrides:
        print("settings changed: " + ", ".join(f"{key}={value}" for key, value in overrides.items()))
    print(f"{'':8}{'precision':>10}{'recall':>8}{'F1':>8}")
    print(f"{'strict':8}{result.strict_precision:>10.3f}{result.strict_recall:>8.3f}{result.strict_f1:>8.3f}")
    print(f"{'lax':8}{result.lax_precision:>10.3f}{result.lax_recall:>8.3f}{result.lax_f1:>8.3f}")
    reachable, linked = monotone_ceiling([gold for gold, _ in pairs])
    print(f"gold links a monotone aligner can reproduce: {reachable} of {linked} "
          f"(ceiling of strict recall {reachable / max(linked, 1):.3f})")
    print("confidence band   beads   strictly correct")
    for *_, label in BANDS:
        count, right = banded[label]
        share = f"{right / count:.3f}" if count else "-"
        print(f"{label:16}{count:>7}   {share}")
    print(f"time: {total:.1f} s in all, {encoder.seconds:.1f} s embedding, {total - encoder.seconds:.1f} s alignment")
    return 0


def _concatenated(documents: list[tuple[Path, Path, list]], folder: Path) -> tuple[Path, Path, list]:
    """One src file, one tgt file and one gold alignment holding all the documents in turn
    (in a temporary folder; the benchmark's files are only read)."""
    src_lines: list[str] = []
    tgt_lines: list[str] = []
    gold = []
    for src_path, tgt_path, beads in documents:
        gold += [(tuple(i + len(src_lines) for i in s), tuple(j + len(tgt_lines) for j in t)) for s, t in beads]
        src_lines += src_path.read_text(encoding="utf-8").splitlines()
        tgt_lines += tgt_path.read_text(encoding="utf-8").splitlines()
    (folder / "src.txt").write_text("\n".join(src_lines) + "\n", encoding="utf-8")
    (folder / "tgt.txt").write_text("\n".join(tgt_lines) + "\n", encoding="utf-8")
    return folder / "src.txt", folder / "tgt.txt", gold


if __name__ == "__main__":
    sys.exit(main())
