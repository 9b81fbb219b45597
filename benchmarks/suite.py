"""Align every gold set of the development suite and score it, for the defaults and a reference preset.

Usage: python benchmarks/suite.py [ROOT] [--sets textberg-de-fr,mac-dev-zh-en,...]
       [--set FIELD=VALUE ...] [--preset NAME] [--against bertalign] [--model NAME_OR_PATH]
       [--cache-dir DIR] [--quiet]

ROOT (default ../shared/benchmarks) holds one folder per set, ``<name>-<src>-<tgt>``, with
``<src>/NNN``, ``<tgt>/NNN`` (one sentence per line) and ``gold/NNN`` (ladder lines); the
project's own Zinoviev-Kamenev gold (tests/data) is the set ``zk-de-en``. The data is read
in place, never copied. Every vector goes through the on-disk embedding cache, so after a
first run a sweep over settings costs seconds.

Prints, per set and per configuration (the one under test, from --preset and --set, and
the reference, --against): strict and lax precision/recall/F1 (counts summed over a set's
documents, as Vecalign's score.py), the share of strictly right beads in each confidence
band and the confidences' Brier score, and the mean over the sets that the project's targets name.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.config import AlignConfig, parse_settings, preset  # noqa: E402
from aligner.datatypes import BeadIds  # noqa: E402
from aligner.errors import AlignerError  # noqa: E402
from aligner.evaluate import Scores, score_many  # noqa: E402
from aligner.formats.ladder import read_ladder  # noqa: E402
from aligner.jobs import make_encoder  # noqa: E402
from aligner.models import AUTO, choose_model  # noqa: E402
from aligner.pipeline import align_documents  # noqa: E402
from aligner.text.read import read_document  # noqa: E402

# The sets whose mean the targets name (the Bible is a scale set: benchmarks/bible.py).
MEAN_SETS = ("textberg-de-fr", "mac-dev-zh-en", "aca-en-zh", "mag-en-zh")
DEFAULT_SETS = (*MEAN_SETS, "zk-de-en", "parice-en-is", "bible-nt-mark")
BANDS = ((0.9, 1.01, ">=0.9"), (0.7, 0.9, "0.7-0.9"), (0.5, 0.7, "0.5-0.7"), (0.0, 0.5, "<0.5"))


@dataclass(frozen=True)
class Document:
    """One gold document: its two sentence files, their languages, and the gold beads."""

    src: Path
    tgt: Path
    src_lang: str
    tgt_lang: str
    gold: list[BeadIds]


@dataclass(frozen=True)
class Result:
    """One configuration on one set: scores, per-band (beads, strictly right), the Brier
    score of the confidences (mean squared gap to 1 for a right bead, 0 for a wrong one), seconds."""

    scores: Scores
    bands: dict[str, tuple[int, int]]
    brier: float
    seconds: float


def documents_of(name: str, root: Path) -> list[Document]:
    """The documents of a set, by folder name (``zk-de-en``: the project's own gold)."""
    if name == "zk-de-en":
        data = ROOT / "tests" / "data"
        return [Document(data / "zk.de.txt", data / "zk.en.txt", "de", "en", read_ladder(data / "zk.gold.txt"))]
    folder = root / name
    if name == "bible-nt-mark":  # one book in five versions: each gold pair a document
        return [Document(folder / a / "MAR", folder / b / "MAR", a, b, read_ladder(gold))
                for gold in sorted((folder / "gold").iterdir()) for a, b in [gold.name.split("-")]]
    *_, src_lang, tgt_lang = name.split("-")
    if not (folder / "gold").is_dir():
        raise SystemExit(f"{folder}: no gold folder (is ROOT the benchmarks folder?)")
    return [Document(folder / src_lang / gold.name, folder / tgt_lang / gold.name, src_lang, tgt_lang,
                     read_ladder(gold)) for gold in sorted((folder / "gold").iterdir())]


def run(documents: list[Document], config: AlignConfig, encoder_of: Callable[[str], object]) -> Result:
    """Align every document of a set with ``config`` (the model chosen by the languages
    unless the configuration names one, and its settings) and score it."""
    started = time.perf_counter()
    pairs = []
    bands = {label: [0, 0] for *_, label in BANDS}
    squared: list[float] = []
    for document in documents:
        src = read_document(document.src, document.src_lang, presegmented=True)
        tgt = read_document(document.tgt, document.tgt_lang, presegmented=True)
        model = choose_model(src.lang, tgt.lang, config.model).model
        alignment = align_documents(src, tgt, encoder=encoder_of(model), config=config.for_model(model))
        pairs.append((document.gold, [bead.ids for bead in alignment.beads]))
        gold = set(document.gold)
        for bead in alignment.beads:
            label = next(label for low, high, label in BANDS if low <= bead.confidence < high)
            bands[label][0] += 1
            bands[label][1] += bead.ids in gold
            squared.append((bead.confidence - (bead.ids in gold)) ** 2)
    return Result(score_many(pairs), {label: (count, right) for label, (count, right) in bands.items()},
                  sum(squared) / max(1, len(squared)), time.perf_counter() - started)


def band_text(bands: dict[str, tuple[int, int]]) -> str:
    return "  ".join(f"{label} {right / count:.3f}/{count}" if count else f"{label} -/0"
                     for label, (count, right) in bands.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS), help="comma-separated set names")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="change a setting of the configuration under test (repeatable)")
    parser.add_argument("--preset", default="default", help="the configuration under test starts from this preset")
    parser.add_argument("--against", default="bertalign", help="reference preset ('' for none)")
    parser.add_argument("--model", default=AUTO, help="a model for every set (default: chosen by the languages)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="embedding cache (default: the user's)")
    args = parser.parse_args()
    try:
        # Gold pairs are whole documents: nothing to locate.
        whole = {"model": args.model, "locate.ratio": 1e9}
        tested = preset(args.preset).with_settings({**whole, **parse_settings(args.set)})
        configs = {"tested": tested}
        if args.against:
            configs[args.against] = preset(args.against).with_settings(whole)
    except AlignerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    from aligner.cache import default_cache_dir

    encoders: dict[str, object] = {}

    def encoder_of(model: str) -> object:
        if model not in encoders:
            encoders[model] = make_encoder(model, args.cache_dir or default_cache_dir())
        return encoders[model]

    names = [name for name in args.sets.split(",") if name]
    changed = f" {args.preset}" + "".join(f" --set {s}" for s in args.set)
    print(f"model {args.model}; tested:{changed}; reference: {args.against or '-'}")
    print(f"{'set':16}{'config':11}{'strict P':>9}{'R':>7}{'F1':>7}{'lax P':>8}{'R':>7}{'F1':>7}{'s':>6}  "
          "confidence bands (share strictly right/beads)")
    means: dict[str, list[float]] = {label: [] for label in configs}
    for name in names:
        documents = documents_of(name, args.root)
        for label, config in configs.items():
            result = run(documents, config, encoder_of)
            s = result.scores
            print(f"{name:16}{label:11}{s.strict_precision:9.3f}{s.strict_recall:7.3f}{s.strict_f1:7.3f}"
                  f"{s.lax_precision:8.3f}{s.lax_recall:7.3f}{s.lax_f1:7.3f}{result.seconds:6.1f}  "
                  f"{band_text(result.bands)}  Brier {result.brier:.4f}", flush=True)
            if name in MEAN_SETS:
                means[label].append(s.strict_f1)
    for label, values in means.items():
        if len(values) == len(MEAN_SETS):
            print(f"mean strict F1 over {', '.join(MEAN_SETS)} ({label}): {sum(values) / len(values):.4f}")
    for encoder in encoders.values():
        print(f"embedding ({encoder.name}): {encoder.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
