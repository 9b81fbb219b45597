"""Book scale: the Bible (English and Chinese, verse gold), aligned from cold by the CLI.

Usage: python benchmarks/bible.py [ROOT] [--english N]

Takes the first N English sentences (default: all 30,000) of ROOT/bible-en-zh (default
../shared/benchmarks) and the Chinese sentences of the same verses, writes them to a
temporary folder, and runs ``aligner align --presegmented`` on them with an empty cache.
Prints the wall time and peak memory of the run; the time the model alone needs to embed
what the run embedded (the texts its cache holds afterwards) and to embed what
Bertalign's pipeline embeds (every run of 1-4 consecutive sentences of both sides), both
measured here, in this process; the alignment step (everything ``align_documents`` does
but produce vectors, timed again from the filled cache); and lax F1 and strict F1
(predicted beads merged within a verse first) against the verse gold.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.cache import EmbeddingCache, model_identity  # noqa: E402
from aligner.config import BASE_MODEL  # noqa: E402
from aligner.datatypes import BeadIds  # noqa: E402
from aligner.embed import embed_unique, load_encoder, span_texts  # noqa: E402
from aligner.evaluate import score  # noqa: E402
from aligner.formats import read_beads  # noqa: E402
from aligner.formats.ladder import read_ladder  # noqa: E402


def merged_by_verse(beads: list[BeadIds], src_verse: list[str], tgt_verse: list[str]) -> list[BeadIds]:
    """Consecutive beads whose sentences all belong to one verse, merged into one bead."""
    out: list[BeadIds] = []
    verse_of = None
    for bead in beads:
        verses = {src_verse[i] for i in bead.src} | {tgt_verse[j] for j in bead.tgt}
        if out and len(verses) == 1 and verses == {verse_of}:
            last = out.pop()
            out.append(BeadIds(last.src + bead.src, last.tgt + bead.tgt))
        else:
            out.append(bead)
            verse_of = next(iter(verses)) if len(verses) == 1 else None
    return out


def model_time(encoder: object, texts: list[str]) -> float:
    """Seconds the model alone takes to embed ``texts``."""
    started = time.perf_counter()
    embed_unique(encoder, texts)
    return time.perf_counter() - started


def alignment_step(work: Path, english: int, chinese: int) -> float:
    """Seconds ``align_documents`` takes on the run's texts with every vector in the run's
    cache, less the time spent fetching vectors: the alignment step alone."""
    from aligner.jobs import make_encoder
    from aligner.pipeline import align_documents
    from aligner.text.read import read_document

    encoder = make_encoder(BASE_MODEL, work / "cache")
    fetching = [0.0]
    encode = encoder.encode

    def timed(texts: list[str]) -> object:
        started = time.perf_counter()
        vectors = encode(texts)
        fetching[0] += time.perf_counter() - started
        return vectors

    encoder.encode = timed  # type: ignore[method-assign]
    src = read_document(work / "en.txt", "en", presegmented=True)
    tgt = read_document(work / "zh.txt", "zh", presegmented=True)
    assert (len(src.sentences), len(tgt.sentences)) == (english, chinese)
    started = time.perf_counter()
    align_documents(src, tgt, encoder=encoder)
    if encoder.misses:
        raise SystemExit(f"the warm run embedded {encoder.misses} texts the cold run had not")
    return time.perf_counter() - started - fetching[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--english", type=int, default=0, help="first N English sentences (0: all)")
    parser.add_argument("--no-model-time", action="store_true", help="skip timing the model alone")
    args = parser.parse_args()
    folder = args.root / "bible-en-zh"
    english = (folder / "en" / "001").read_text(encoding="utf-8").splitlines()
    chinese = (folder / "zh" / "001").read_text(encoding="utf-8").splitlines()
    en_verse = (folder / "verse" / "en").read_text(encoding="utf-8").splitlines()
    zh_verse = (folder / "verse" / "zh").read_text(encoding="utf-8").splitlines()
    gold = read_ladder(folder / "gold" / "001")
    if args.english:
        english, en_verse = english[: args.english], en_verse[: args.english]
        verses = set(en_verse)
        keep = [k for k, verse in enumerate(zh_verse) if verse in verses]
        chinese, zh_verse = [chinese[k] for k in keep], [zh_verse[k] for k in keep]
        gold = [bead for bead in gold if bead.src and max(bead.src) < len(english) and bead.tgt
                and max(bead.tgt) < len(chinese)]
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        (work / "en.txt").write_text("\n".join(english) + "\n", encoding="utf-8")
        (work / "zh.txt").write_text("\n".join(chinese) + "\n", encoding="utf-8")
        out = work / "bible.tsv"
        command = [sys.executable, "-m", "aligner", "align", str(work / "en.txt"), str(work / "zh.txt"),
                   "--src-lang", "en", "--tgt-lang", "zh", "--presegmented", "-o", str(out),
                   "--cache-dir", str(work / "cache"), "-q"]
        started = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return 1
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        predicted = read_beads(out)
        # What the run embedded: the texts its cache holds (every one a run of 1-4 sentences).
        every_run = list(dict.fromkeys(text for side in (english, chinese) for runs in span_texts(side, 4)
                                       for text in runs))
        embedded = list(EmbeddingCache(work / "cache", model_identity(BASE_MODEL)).get(every_run))
        step = alignment_step(work, len(english), len(chinese))
    lax = score(gold, predicted)
    strict = score(gold, merged_by_verse(predicted, en_verse, zh_verse))
    print(f"Bible en-zh: {len(english)} English, {len(chinese)} Chinese sentences, {len(gold)} verse beads")
    print(f"wall time (cold, CLI): {wall:.1f} s; peak memory {peak_mb:.0f} MB")
    print(f"the run embedded {len(embedded)} texts of the {len(every_run)} runs of 1-4 sentences")
    if not args.no_model_time:
        encoder = load_encoder()
        embed_unique(encoder, ["warm-up"])
        own, bertalign = (model_time(encoder, texts) for texts in (embedded, every_run))
        print(f"model alone on what the run embedded: {own:.1f} s; wall / that = {wall / own:.2f} (target <= 1.3)")
        print(f"model alone on every run of 1-4 sentences (Bertalign's embedding): {bertalign:.1f} s; "
              f"wall / that = {wall / bertalign:.2f} (target <= 0.6)")
    print(f"alignment step (align_documents from the filled cache, the encoder's time taken out): {step:.1f} s "
          f"(target < 10 s)")
    print(f"lax F1 {lax.lax_f1:.4f} (P {lax.lax_precision:.4f}, R {lax.lax_recall:.4f}); strict F1 after merging "
          f"within verses {strict.strict_f1:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
