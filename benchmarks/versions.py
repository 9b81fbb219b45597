"""Several versions of one text: the joint alignment of bible-nt-mark's five versions of
Mark, projected on every pair, against the pairwise alignment of the same two files,
with each version as the pivot in turn.

Usage: python benchmarks/versions.py [ROOT] [--pivots en,uk,...] [--cache-dir DIR]

For each pivot, prints per pair the strict F1 of the joint alignment's projection and of
the pairwise alignment (the defaults: the model its languages get), their difference
(target: >= -0.005 for every pair and pivot; the pair whose pairwise F1 is lowest must
gain), and the time of the joint alignment against the sum of the pivot's N-1 pairwise
alignments (target: at most 1.1 times; vectors are cached, so both measure the search;
each time the least of three runs).
Then, for the first pivot, the time of the joint alignment of 2, 3, 4 and 5 versions
(linear in N). ROOT defaults to ../shared/benchmarks.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.config import AlignConfig  # noqa: E402
from aligner.evaluate import score_many  # noqa: E402
from aligner.formats.ladder import read_ladder  # noqa: E402
from aligner.jobs import make_encoder  # noqa: E402
from aligner.models import choose_model  # noqa: E402
from aligner.pipeline import align_documents, align_versions  # noqa: E402
from aligner.text.read import read_document  # noqa: E402

LANGS = ("en", "uk", "sw", "eu", "qu")
T = TypeVar("T")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--pivots", default=",".join(LANGS))
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args()
    from aligner.cache import default_cache_dir

    folder = args.root / "bible-nt-mark"
    documents = {lang: read_document(folder / lang / "MAR", lang, presegmented=True) for lang in LANGS}
    golds = {tuple(path.name.split("-")): read_ladder(path) for path in (folder / "gold").iterdir()}
    cache = args.cache_dir or default_cache_dir()
    encoders: dict[str, object] = {}

    def encoder_of(model: str) -> object:
        if model not in encoders:
            encoders[model] = make_encoder(model, cache)
        return encoders[model]

    def config_of(*langs: str) -> tuple[AlignConfig, object]:
        model = choose_model(*langs).model if len(langs) == 2 else _one_model(langs)
        return AlignConfig(model=model).with_settings({"locate.ratio": 1e9}).for_model(), encoder_of(model)

    pairwise: dict[tuple[str, str], tuple[float, float]] = {}
    for a, b in golds:
        config, encoder = config_of(a, b)
        align_documents(documents[a], documents[b], encoder=encoder, config=config)  # warm the vectors
        seconds, alignment = best_of(lambda a=a, b=b, config=config, encoder=encoder: align_documents(
            documents[a], documents[b], encoder=encoder, config=config))
        pairwise[(a, b)] = (score_many([(golds[(a, b)], [bead.ids for bead in alignment.beads])]).strict_f1, seconds)
    hardest = min(pairwise, key=lambda pair: pairwise[pair][0])
    print(f"pairwise alignments: {', '.join(f'{a}-{b} {f1:.3f}' for (a, b), (f1, _) in sorted(pairwise.items()))}; "
          f"hardest pair {hardest[0]}-{hardest[1]}")
    print(f"{'pivot':6}{'pair':7}{'joint':>7}{'pairwise':>9}{'diff':>8}")
    worst, gains = 0.0, []
    for pivot in args.pivots.split(","):
        config, encoder = config_of(*LANGS)
        order = list(LANGS)
        align_versions([documents[lang] for lang in order], encoder=encoder, config=config,
                       pivot=order.index(pivot))  # warm (runs the versions need that no pair did)
        seconds, joint = best_of(lambda order=order, pivot=pivot, config=config, encoder=encoder: align_versions(
            [documents[lang] for lang in order], encoder=encoder, config=config, pivot=order.index(pivot)))
        for a, b in sorted(golds):
            projected = [bead.ids for bead in joint.pair(order.index(a), order.index(b)).beads]
            f1 = score_many([(golds[(a, b)], projected)]).strict_f1
            difference = f1 - pairwise[(a, b)][0]
            worst = min(worst, difference)
            if (a, b) == hardest:
                gains.append(difference)
            print(f"{pivot:6}{a + '-' + b:7}{f1:7.3f}{pairwise[(a, b)][0]:9.3f}{difference:+8.3f}", flush=True)
        against = sum(pairwise[pair][1] for pair in golds if pivot in pair)
        print(f"{pivot:6}time {seconds:.2f} s, the pivot's {len(LANGS) - 1} pairwise alignments {against:.2f} s: "
              f"{seconds / against:.2f} times", flush=True)
    print(f"worst difference {worst:+.3f} (target >= -0.005); the hardest pair ({hardest[0]}-{hardest[1]}) gains "
          f"{', '.join(f'{gain:+.3f}' for gain in gains)} by pivot")
    pivot = args.pivots.split(",")[0]
    config, encoder = config_of(*LANGS)
    for count in range(2, len(LANGS) + 1):
        chosen = [pivot] + [lang for lang in LANGS if lang != pivot][: count - 1]
        seconds, _ = best_of(lambda chosen=chosen: align_versions([documents[lang] for lang in chosen], encoder=encoder,
                                                                  config=config))
        print(f"{count} versions ({', '.join(chosen)}): {seconds:.2f} s")
    return 0


def best_of(run: Callable[[], T], times: int = 3) -> tuple[float, T]:
    """The least of ``times`` timings of ``run`` (sub-second runs vary with the machine's
    load), and its result."""
    best, result = math.inf, None
    for _ in range(times):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result  # type: ignore[return-value]


def _one_model(langs: tuple[str, ...]) -> str:
    from aligner.models import choose_versions_model

    return choose_versions_model(list(langs)).model


if __name__ == "__main__":
    sys.exit(main())
