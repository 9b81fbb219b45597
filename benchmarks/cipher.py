"""A language no model knows: Text+Berg with its French side put through a letter cipher.

Usage: python benchmarks/cipher.py [ROOT] [--set FIELD=VALUE ...] [--cache-dir DIR]

Every letter of the French side (ROOT/textberg-de-fr/fr, default ROOT ../shared/benchmarks)
is replaced by another by a fixed substitution (digits, punctuation and spacing kept), so
the text keeps its sentence lengths, numbers and punctuation but no word a model knows.
The pairs are aligned by this aligner's defaults (which notice that the model cannot
pair them and fall back to lengths and numbers) and by the Gale-Church aligner of the
``galechurch`` package, and both are scored against the gold. Nothing is written but a
temporary folder.
"""

from __future__ import annotations

import argparse
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.config import BASE_MODEL, AlignConfig, parse_settings  # noqa: E402
from aligner.evaluate import score_many  # noqa: E402
from aligner.formats.ladder import parse_ladder, read_ladder  # noqa: E402
from aligner.jobs import make_encoder  # noqa: E402
from aligner.pipeline import align_documents  # noqa: E402
from aligner.text.read import read_document  # noqa: E402

LOWER = string.ascii_lowercase + "àâäçéèêëîïôöùûüÿœæ"
# A fixed permutation of the letters (a rotation by 7 within the alphabet above).
CIPHER = str.maketrans(LOWER + LOWER.upper(), LOWER[7:] + LOWER[:7] + (LOWER[7:] + LOWER[:7]).upper())


def cipher(text: str) -> str:
    return text.translate(CIPHER)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args()
    import galechurch

    from aligner.cache import default_cache_dir

    folder = args.root / "textberg-de-fr"
    config = AlignConfig(model=BASE_MODEL).with_settings({"locate.ratio": 1e9, **parse_settings(args.set)})
    encoder = make_encoder(BASE_MODEL, args.cache_dir or default_cache_dir())
    ours, theirs, fallbacks = [], [], 0
    seconds = {"aligner": 0.0, "galechurch": 0.0}
    with tempfile.TemporaryDirectory() as temporary:
        for gold_path in sorted((folder / "gold").iterdir()):
            name = gold_path.name
            secret = Path(temporary) / name
            secret.write_text(cipher((folder / "fr" / name).read_text(encoding="utf-8")), encoding="utf-8")
            gold = read_ladder(gold_path)
            src = read_document(folder / "de" / name, "de", presegmented=True)
            tgt = read_document(secret, "fr", presegmented=True)
            started = time.perf_counter()
            alignment = align_documents(src, tgt, encoder=encoder, config=config)
            seconds["aligner"] += time.perf_counter() - started
            fallbacks += alignment.config.scoring.embedding_weight == 0
            ours.append((gold, [bead.ids for bead in alignment.beads]))
            started = time.perf_counter()
            result = galechurch.align(src.texts(), tgt.texts())
            seconds["galechurch"] += time.perf_counter() - started
            theirs.append((gold, parse_ladder("\n".join(result.to_pharaoh_lines()))))
    print(f"Text+Berg de-fr, French side ciphered ({len(ours)} documents; the aligner fell back to lengths and "
          f"numbers on {fallbacks})")
    print(f"{'system':12}{'strict P':>9}{'R':>7}{'F1':>7}{'lax P':>8}{'R':>7}{'F1':>7}{'s':>7}")
    for label, pairs in (("aligner", ours), ("galechurch", theirs)):
        s = score_many(pairs)
        print(f"{label:12}{s.strict_precision:9.3f}{s.strict_recall:7.3f}{s.strict_f1:7.3f}{s.lax_precision:8.3f}"
              f"{s.lax_recall:7.3f}{s.lax_f1:7.3f}{seconds[label]:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
