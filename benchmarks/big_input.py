"""Peak memory and time of the main job on a 50 MB input.

Usage: python benchmarks/big_input.py [--megabytes 50]

Builds a German text of the requested size by repeating the bundled book (in a
temporary folder; nothing is written into the project), aligns the bundled English
article against it with the CLI in a child process, and prints the input size, the
wall time and the peak resident memory of the largest child process (ru_maxrss). The
cache starts empty; the repeated copies of the book find their sentences in it once the
first copy is embedded, so the embedding costs about one book, and the figures measure
reading, segmenting, locating and memory on a 50 MB input.
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
BOOK = ROOT / "corpora" / "de" / "trotzki-moskauer-prozesse.txt"
ARTICLE = ROOT / "corpora" / "en" / "trotsky-zinoviev-and-kamenev.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50.0)
    args = parser.parse_args()
    book = BOOK.read_bytes()
    copies = max(1, round(args.megabytes * 1_000_000 / len(book)))
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.de.txt"
        with big.open("wb") as stream:
            for _ in range(copies):
                stream.write(book)
                stream.write(b"\n\n")
        out = Path(folder) / "out.tsv"
        started = time.perf_counter()
        done = subprocess.run(  # a new, empty cache: nothing is known in advance
            [sys.executable, "-m", "aligner", "align", str(big), str(ARTICLE), "-o", str(out), "-f", "tsv",
             "--cache-dir", str(Path(folder) / "cache")],
            capture_output=True, text=True,
        )
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"input: {big.stat().st_size / 1e6:.1f} MB ({copies} copies of the book)")
        print(f"exit code: {done.returncode}")
        for line in done.stderr.splitlines():
            if "sentences" in line or "error" in line:
                print(f"  {line}")
        print(f"wall time: {seconds:.0f} s")
        print(f"peak RSS of the aligner process: {peak_mb:.0f} MB")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
