"""Raw text in: the development suite's documents as raw chapters, aligned from raw text
and scored by character pairs, next to the same documents aligned pre-segmented.

Usage: python benchmarks/raw_books.py [ROOT] [--sets mac-dev-zh-en,textberg-de-fr,...]
       [--paragraph N] [--cache-dir DIR]

Each gold document becomes two raw texts: its sentences joined into paragraphs (without
spaces in Chinese), a paragraph break every N gold beads (default 4) where the gold can be
cut on both sides at once, so that paragraphs correspond as in a published translation;
a line that ends without a full stop, ! ? ... or a closing quotation mark (a title, an
author's name, a caption) stands on a line of its own, as in the source.
Both are aligned from that raw text (sentence splitting, paragraphs, everything) and, for
reference, from the sentence files (pre-segmented); each alignment is scored by
character pairs against the gold (every link aligns all pairs of its characters; spaces
left out), which does not depend on the segmentation. Prints, per set, the character-pair
F1 of both, their difference (target: raw within 0.02 of pre-segmented), the raw F1 of the
worst document (the hidden novels' target: every chapter >= 0.93), and how many sentences
the splitter found against the gold's.

A set name ending in "+sentences" (by default textberg-de-fr+sentences) scores the same
set against its gold re-cut into sentences: Text+Berg's gold units are cut at every colon
and semicolon as well, so each unit ending in ':' or ';' is joined to the next one, in the
sentence files and in the gold (beads that a join crosses become one bead); the
pre-segmented run then reads the joined units.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from suite import MEAN_SETS, documents_of  # noqa: E402

from aligner.config import BASE_MODEL, AlignConfig  # noqa: E402
from aligner.datatypes import Alignment, BeadIds  # noqa: E402
from aligner.evaluate import CharCounts, char_counts  # noqa: E402
from aligner.jobs import make_encoder  # noqa: E402
from aligner.languages import joiner  # noqa: E402
from aligner.pipeline import align_documents  # noqa: E402
from aligner.text.read import document_from_text  # noqa: E402

# How a sentence of running text ends (else the line is a title, a name or a caption).
ENDS = tuple(".!?…;:\"'»”’)。！？；：」』）")


def cuts(gold: list[BeadIds], every: int) -> list[tuple[int, int]]:
    """(src, tgt) sentence indices before which both texts may start a paragraph: no gold
    bead has sentences on both sides of the cut; one every ``every`` beads, or the next
    place after that where the gold allows it."""
    linked = sorted((bead for bead in gold if bead.src or bead.tgt),
                    key=lambda bead: (min(bead.src) if bead.src else -1, min(bead.tgt) if bead.tgt else -1))
    out, since, high_src, high_tgt = [], 0, -1, -1
    for k, bead in enumerate(linked[:-1]):
        high_src = max([high_src, *bead.src])
        high_tgt = max([high_tgt, *bead.tgt])
        since += 1
        rest = linked[k + 1 :]
        if since >= every and all(min(b.src, default=high_src + 1) > high_src and
                                  min(b.tgt, default=high_tgt + 1) > high_tgt for b in rest[:50]):
            out.append((high_src + 1, high_tgt + 1))
            since = 0
    return out


def raw_text(sentences: list[str], breaks: list[int], lang: str) -> str:
    """The sentences as paragraphs, a blank line before each index in ``breaks``."""
    glue = joiner(lang)
    paragraphs, current = [], []
    starts = set(breaks)
    for index, sentence in enumerate(sentences):
        line = sentence.strip()
        alone = not line.endswith(ENDS)
        if (index in starts or alone) and current:
            paragraphs.append(glue.join(current))
            current = []
        current.append(line)
        if alone:
            paragraphs.append(glue.join(current))
            current = []
    if current:
        paragraphs.append(glue.join(current))
    return "\n\n".join(paragraphs) + "\n"


# A set name with this ending: the set against its gold re-cut into sentences.
SENTENCE_GOLD = "+sentences"
# How a gold unit that is not a whole sentence ends (Text+Berg cuts at these too).
CLAUSE_ENDS = (":", ";")


def joined_units(lines: list[str]) -> list[list[int]]:
    """The lines grouped into sentences: a line ending in ':' or ';' with the lines after it."""
    units: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        units[-1].append(index)
        if not line.rstrip().endswith(CLAUSE_ENDS):
            units.append([])
    return [unit for unit in units if unit]


def sentence_gold(gold: list[BeadIds], src_lines: list[str], tgt_lines: list[str]) -> list[BeadIds]:
    """``gold`` (over the lines) with the beads that hold parts of one sentence (see
    ``joined_units``, on either side) joined into one bead."""
    parent = list(range(len(gold)))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for side, lines in ((0, src_lines), (1, tgt_lines)):
        owner = {index: k for k, bead in enumerate(gold) for index in bead[side]}
        for unit in joined_units(lines):
            beads = [owner[index] for index in unit if index in owner]
            for k in beads[1:]:
                parent[root(k)] = root(beads[0])
    groups: dict[int, list[BeadIds]] = {}
    for k, bead in enumerate(gold):
        groups.setdefault(root(k), []).append(bead)
    return [BeadIds(tuple(sorted({i for bead in group for i in bead.src})),
                    tuple(sorted({i for bead in group for i in bead.tgt}))) for group in groups.values()]


def with_texts(alignment: Alignment) -> list[tuple[BeadIds, str, str]]:
    return [(bead.ids, alignment.src.joined(bead.src), alignment.tgt.joined(bead.tgt)) for bead in alignment.beads]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--sets", default=",".join((*MEAN_SETS, MEAN_SETS[0] + SENTENCE_GOLD)))
    parser.add_argument("--paragraph", type=int, default=4, help="gold beads per paragraph")
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args()
    from aligner.cache import default_cache_dir

    config = AlignConfig(model=BASE_MODEL).with_settings({"locate.ratio": 1e9})
    encoder = make_encoder(BASE_MODEL, args.cache_dir or default_cache_dir())
    print(f"{'set':26}{'pre-seg F1':>11}{'raw F1':>8}{'diff':>8}{'raw P':>7}{'raw R':>7}{'worst doc':>15}"
          f"{'sentences raw/gold (src, tgt)':>32}{'s':>6}")
    for name in (n for n in args.sets.split(",") if n):
        started = time.perf_counter()
        presegmented, raw = CharCounts(), CharCounts()
        found = [0, 0]
        gold_count = [0, 0]
        worst = (2.0, "")
        for document in documents_of(name.removesuffix(SENTENCE_GOLD), args.root):
            src_lines = document.src.read_text(encoding="utf-8").splitlines()
            tgt_lines = document.tgt.read_text(encoding="utf-8").splitlines()
            gold = document.gold
            units = [[[index] for index in range(len(src_lines))], [[index] for index in range(len(tgt_lines))]]
            if name.endswith(SENTENCE_GOLD):
                gold = sentence_gold(gold, src_lines, tgt_lines)
                units = [joined_units(src_lines), joined_units(tgt_lines)]
            breaks = cuts(gold, args.paragraph)
            src = document_from_text(raw_text(src_lines, [c[0] for c in breaks], document.src_lang),
                                     document.src_lang, path=document.src)
            tgt = document_from_text(raw_text(tgt_lines, [c[1] for c in breaks], document.tgt_lang),
                                     document.tgt_lang, path=document.tgt)
            counts, _ = char_counts(gold, src_lines, tgt_lines,
                                    with_texts(align_documents(src, tgt, encoder=encoder, config=config)))
            if counts is None:
                print(f"{document.src}: the raw alignment's text is not the gold's", file=sys.stderr)
                return 1
            raw += counts
            worst = min(worst, (counts.f1, document.src.name))
            found = [found[0] + len(src.sentences), found[1] + len(tgt.sentences)]
            gold_count = [gold_count[0] + len(units[0]), gold_count[1] + len(units[1])]
            sides = [document_from_text("".join(" ".join(lines[i].strip() for i in unit) + "\n" for unit in side_units),
                                        lang, path=path, presegmented=True)
                     for lines, side_units, lang, path in ((src_lines, units[0], document.src_lang, document.src),
                                                           (tgt_lines, units[1], document.tgt_lang, document.tgt))]
            segmented = align_documents(*sides, encoder=encoder, config=config)
            counts, _ = char_counts(gold, src_lines, tgt_lines, with_texts(segmented))
            presegmented += counts or CharCounts()
        sentences = f"{found[0]}/{gold_count[0]}, {found[1]}/{gold_count[1]}"
        worst_doc = f"{worst[0]:.3f} ({worst[1]})"
        print(f"{name:26}{presegmented.f1:11.3f}{raw.f1:8.3f}{raw.f1 - presegmented.f1:+8.3f}{raw.precision:7.3f}"
              f"{raw.recall:7.3f}{worst_doc:>15}{sentences:>32}{time.perf_counter() - started:6.1f}", flush=True)
    print(f"embedding: {encoder.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
