"""Time and peak memory of locating a chapter inside a book, as the book grows.

Usage: python benchmarks/locate_scaling.py [SIZES...]   (default: 10000 40000 100000)

Each size builds a book of that many sentences (random unit vectors of the default
model's dimension, 512) and a 500-sentence chapter copied, with noise, from 60% of the
way in, and times ``locate.find_region`` as the pipeline calls it (embedding excluded: the
book's vectors are handed over in the chunks it asks for). Each size runs in a fresh
child process so that its peak RSS is its own; "book MB" is the child's peak before
the step (the book's vectors, which the benchmark holds whole; the pipeline embeds them
chunk by chunk instead) and "step MB" the most memory the step itself held at once
(numpy allocations, by tracemalloc).
"""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time, tracemalloc
import numpy as np
from aligner.core import locate
from aligner.config import AlignConfig
n = int(sys.argv[1]); dim = 512; size = 500
rng = np.random.default_rng(0)
book = rng.standard_normal(size=(n, dim), dtype=np.float32)
book /= np.linalg.norm(book, axis=1, keepdims=True)
start = int(0.6 * n)
chapter = book[start : start + size] + 0.05 * rng.standard_normal(size=(size, dim), dtype=np.float32)
chapter /= np.linalg.norm(chapter, axis=1, keepdims=True)
book_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
tracemalloc.start()
started = time.perf_counter()
found = locate.find_region(chapter, lambda rows: book[rows], n, AlignConfig())
seconds = time.perf_counter() - started
step_mb = tracemalloc.get_traced_memory()[1] / 2**20
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "book_mb": book_mb, "step_mb": step_mb,
                  "found": list(found) == [start, start + size]}))
"""


def main() -> int:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000, 40_000, 100_000]
    print(f"{'book sentences':>15} {'seconds':>8} {'peak MB':>8} {'book MB':>8} {'step MB':>8} {'found':>6}")
    for n in sizes:
        done = subprocess.run([sys.executable, "-c", CHILD, str(n)], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{n:>15,d} failed: {done.stderr.strip().splitlines()[-1]}")
            continue
        r = json.loads(done.stdout)
        print(f"{n:>15,d} {r['seconds']:8.2f} {r['peak_mb']:8.0f} {r['book_mb']:8.0f} "
              f"{r['step_mb']:8.0f} {'yes' if r['found'] else 'NO':>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
