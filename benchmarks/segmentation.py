"""Sentence splitting measured: the suite's sentence files joined into paragraphs and split again.

Usage: python benchmarks/segmentation.py [ROOT] [--per-paragraph 5]

For each language of the development suite (ROOT, default ../shared/benchmarks), every
document's sentences (one per line, as the gold has them) are joined into paragraphs of
``--per-paragraph`` sentences (with a space; without one for Chinese and Japanese), the
paragraphs written as a plain text with blank lines between them, and that text split by
the aligner's own reader. Prints per language the precision and recall of the sentence
boundaries inside paragraphs (a boundary is the position, counted in non-space
characters, where one sentence ends and the next begins), and the sentence counts.
The gold's own segmentation is the reference, so differences of convention count as errors.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.text.read import read_document  # noqa: E402

# (set folder, language) pairs whose sentence files are read.
SIDES = (("textberg-de-fr", "de"), ("textberg-de-fr", "fr"), ("mac-dev-zh-en", "en"), ("aca-en-zh", "en"),
         ("mag-en-zh", "en"), ("mac-dev-zh-en", "zh"), ("aca-en-zh", "zh"), ("mag-en-zh", "zh"))
NO_SPACE = {"zh", "ja"}


def boundaries(sentences: list[str]) -> tuple[set[int], int]:
    """Positions (in non-space characters) where a sentence ends inside the text, and the total."""
    ends, position = set(), 0
    for sentence in sentences:
        position += sum(1 for c in sentence if not c.isspace())
        ends.add(position)
    return ends - {position}, position


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--per-paragraph", type=int, default=5)
    args = parser.parse_args()
    totals: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, lang in SIDES:
            for path in sorted((args.root / name / lang).iterdir()):
                gold = [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]
                gold = [line for line in gold if line]
                joiner = "" if lang in NO_SPACE else " "
                paragraphs = [gold[k : k + args.per_paragraph] for k in range(0, len(gold), args.per_paragraph)]
                text = "\n\n".join(joiner.join(group) for group in paragraphs) + "\n"
                source = Path(folder) / f"{name}-{lang}-{path.name}.txt"
                source.write_text(text, encoding="utf-8")
                found = [s.text for s in read_document(source, lang).sentences]
                counts = totals.setdefault(lang, [0, 0, 0, 0, 0])
                for group in paragraphs:  # boundaries inside each paragraph, in order
                    expected, size = boundaries(group)
                    counts[1] += len(expected)
                    counts[3] += len(group)
                # Found boundaries, mapped to paragraphs by position.
                offset, cut = 0, 0
                for group in paragraphs:
                    expected, size = boundaries(group)
                    taken, position = [], 0
                    while cut < len(found) and position < size:
                        taken.append(found[cut])
                        position += sum(1 for c in found[cut] if not c.isspace())
                        cut += 1
                    got, _ = boundaries(taken)
                    counts[0] += len(got)
                    counts[2] += len(got & expected)
                    counts[4] += len(taken)
                    offset += size
    print(f"{'language':9}{'precision':>10}{'recall':>8}{'F1':>7}{'sentences gold':>16}{'found':>8}")
    for lang, (found, expected, right, gold_count, found_count) in totals.items():
        precision, recall = right / max(found, 1), right / max(expected, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        print(f"{lang:9}{precision:10.3f}{recall:8.3f}{f1:7.3f}{gold_count:16d}{found_count:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
