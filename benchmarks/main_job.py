"""The main job (English article vs the whole German book), cold and warm, against the floor.

Usage: python benchmarks/main_job.py

The floor is the time the default model alone needs to embed the book's non-empty lines
once (model already loaded). Then the README's main command runs twice with a new, empty
cache folder: cold (nothing cached) and warm (everything cached). Prints the times, the
ratios the targets are stated in, and the model's throughput.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "corpora" / "de" / "trotzki-moskauer-prozesse.txt"
ARTICLE = ROOT / "corpora" / "en" / "trotsky-zinoviev-and-kamenev.txt"


def floor_seconds() -> tuple[float, int, int]:
    from aligner.embed import load_encoder

    lines = [line.strip() for line in BOOK.read_text(encoding="utf-8").splitlines() if line.strip()]
    encoder = load_encoder()
    encoder.encode(lines[:64])  # warm up
    started = time.perf_counter()
    encoder.encode(lines)
    return time.perf_counter() - started, len(lines), sum(len(line) for line in lines)


def run(cache: Path, out: Path) -> tuple[float, str]:
    """Seconds the README's main command takes, and its closing log lines."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "aligner", "align", str(BOOK), str(ARTICLE), "-o", str(out),
                           "--cache-dir", str(cache)], check=True, capture_output=True, text=True)
    return time.perf_counter() - started, done.stderr


def main() -> int:
    floor, lines, chars = floor_seconds()
    with tempfile.TemporaryDirectory() as folder:
        cache, out = Path(folder) / "cache", Path(folder) / "out.tei.xml"
        cold, log = run(cache, out)
        warm, _ = run(cache, out)
    print(f"floor (embed the book's {lines} non-empty lines once): {floor:.1f} s "
          f"= {lines / floor:.0f} sentences/s, {chars / floor:.0f} characters/s")
    print(f"cold run: {cold:.1f} s = {cold / floor:.2f} x floor (target <= 1.5)")
    model = re.search(r"(\d+) embedded \(([\d.]+) s in the model\)", log)
    if model:
        seconds = float(model.group(2))
        print(f"  of it in the model: {seconds:.1f} s ({seconds / cold:.0%}; {model.group(1)} texts embedded, "
              f"waiting for the model to load included)")
    print(f"warm run: {warm:.2f} s = {warm / cold:.3f} x cold (target <= 0.25 and <= 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
