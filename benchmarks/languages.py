"""Languages beyond the default model: every pair of bible-nt-mark and every document of
parice-en-is, aligned with the defaults (the model chosen by language), against the
Gale-Church length aligner and Bertalign's algorithm on the same vectors.

Usage: python benchmarks/languages.py [ROOT] [--sets bible-nt-mark,parice-en-is]
       [--model NAME] [--set FIELD=VALUE ...] [--no-reference] [--cache-dir DIR]

Prints one line per pair (bible-nt-mark) or document (parice-en-is): the model the
defaults chose for it and why, strict F1 of the defaults, of the `galechurch` package and
of the `bertalign` preset on the same vectors, the defaults' seconds (embedding included,
with an empty embedding cache when --cache-dir names a new folder) and characters aligned
per second; then each set's totals (counts summed, as Vecalign's scorer). ROOT defaults to
../shared/benchmarks; the data is read in place.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from suite import Document, documents_of  # noqa: E402

from aligner.config import AlignConfig, parse_settings, preset  # noqa: E402
from aligner.datatypes import BeadIds  # noqa: E402
from aligner.evaluate import score_many  # noqa: E402
from aligner.formats.ladder import parse_ladder  # noqa: E402
from aligner.jobs import make_encoder  # noqa: E402
from aligner.models import choose_model  # noqa: E402
from aligner.pipeline import align_documents  # noqa: E402
from aligner.text.read import read_document  # noqa: E402

SETS = ("bible-nt-mark", "parice-en-is")


def galechurch_beads(src: list[str], tgt: list[str]) -> list[BeadIds]:
    import galechurch

    return parse_ladder("\n".join(galechurch.align(src, tgt).to_pharaoh_lines()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--model", default=None, help="a model for every pair (default: chosen by language)")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    parser.add_argument("--no-reference", action="store_true", help="skip the bertalign preset")
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args()
    from aligner.cache import default_cache_dir

    cache = args.cache_dir or default_cache_dir()
    encoders: dict[str, object] = {}
    settings = {"locate.ratio": 1e9, **parse_settings(args.set)}
    print(f"{'set':14}{'document':10}{'model':7}{'strict F1':>10}{'galechurch':>11}{'bertalign':>10}{'s':>7}"
          f"{'chars/s':>9}  why")
    for name in [name for name in args.sets.split(",") if name]:
        totals: dict[str, list[tuple[list[BeadIds], list[BeadIds]]]] = {"ours": [], "gc": [], "bert": []}
        seconds = chars = 0.0
        for document in documents_of(name, args.root):
            src = read_document(document.src, document.src_lang, presegmented=True)
            tgt = read_document(document.tgt, document.tgt_lang, presegmented=True)
            choice = choose_model(src.lang, tgt.lang, args.model)
            config = AlignConfig(model=choice.model).with_settings(settings)
            if choice.model not in encoders:
                encoders[choice.model] = make_encoder(choice.model, cache)
            encoder = encoders[choice.model]
            started = time.perf_counter()
            ours = align_documents(src, tgt, encoder=encoder, config=config.for_model())
            took = time.perf_counter() - started
            size = sum(len(s.text) for s in src.sentences) + sum(len(s.text) for s in tgt.sentences)
            seconds, chars = seconds + took, chars + size
            gc = galechurch_beads(src.texts(), tgt.texts())
            row = [(document.gold, [bead.ids for bead in ours.beads])]
            totals["ours"] += row
            totals["gc"].append((document.gold, gc))
            bert = "-"
            if not args.no_reference:
                reference = preset("bertalign").with_settings({**settings, "model": choice.model})
                beads = [bead.ids for bead in align_documents(src, tgt, encoder=encoder,
                                                              config=reference.for_model()).beads]
                totals["bert"].append((document.gold, beads))
                bert = f"{score_many([(document.gold, beads)]).strict_f1:.3f}"
            print(f"{name:14}{_label(document):10}{choice.model:7}{score_many(row).strict_f1:10.3f}"
                  f"{score_many([(document.gold, gc)]).strict_f1:11.3f}{bert:>10}{took:7.1f}{size / took:9.0f}"
                  f"  {choice.reason}", flush=True)
        bert_total = f"{score_many(totals['bert']).strict_f1:.3f}" if totals["bert"] else "-"
        print(f"{name:14}{'all':10}{'':7}{score_many(totals['ours']).strict_f1:10.3f}"
              f"{score_many(totals['gc']).strict_f1:11.3f}{bert_total:>10}{seconds:7.1f}{chars / seconds:9.0f}",
              flush=True)
    return 0


def _label(document: Document) -> str:
    return f"{document.src_lang}-{document.tgt_lang}" if document.src.name == "MAR" else document.src.name


if __name__ == "__main__":
    sys.exit(main())
