"""Time and peak memory of the alignment step (scores + DP) on synthetic inputs.

Usage: python benchmarks/dp_scaling.py [SIZES...]   (default: 1000 10000 40000 100000)

Each size n builds two documents of n sentences whose embeddings are random unit
vectors of the default model's dimension (512) with a planted diagonal (tgt sentence k
= src sentence k plus noise) and span embeddings of up to 4 sentences, and times the
whole alignment step as the pipeline runs it (``search.align_tables``: band search,
bead scores with the z-score floor, DP, posteriors; embedding excluded), each in a
fresh child process so that its peak RSS is its own. "inputs MB" is the child's peak
before the step (the span embeddings themselves, 4 x n x 512 float32 per side).
Issue 4's targets: 40k x 40k in <= 4 s and <= 1.5 GB peak,
time(40k) / time(10k) <= 4.5.
"""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
import numpy as np
from aligner.core import scores, search
from aligner.config import AlignConfig
n = int(sys.argv[1]); dim = 512  # the default model's dimension
rng = np.random.default_rng(0)
src1 = rng.normal(size=(n, dim)).astype(np.float32)
tgt1 = src1 + 0.5 * rng.normal(size=(n, dim)).astype(np.float32)
def spans(x, k):
    out = np.zeros((k, len(x), x.shape[1]), dtype=np.float32)
    for size in range(1, k + 1):
        run = x[: len(x) - size + 1].copy()
        for offset in range(1, size):
            run += x[offset : len(x) - size + 1 + offset]
        out[size - 1, : len(run)] = run / np.linalg.norm(run, axis=1, keepdims=True)
    return out
config = AlignConfig()
tables = scores.SpanTables(spans(src1, config.max_bead_side), spans(tgt1, config.max_bead_side),
                         np.full(n, 100.0), np.full(n, 100.0))
del src1, tgt1
picks = np.linspace(0, n - 1, min(256, n)).astype(int)
null = scores.NullModel(tables.src_spans[0, picks].copy(), tables.tgt_spans[0, picks].copy())
search.align_tables(scores.SpanTables(tables.src_spans[:, :50], tables.tgt_spans[:, :50], tables.src_chars[:50],
                                    tables.tgt_chars[:50]), config, null)  # load the compiled DP
inputs_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
found = search.align_tables(tables, config, null)
seconds = time.perf_counter() - started
right = sum(1 for s, t in found.path if s == t and len(s) == 1)
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "diagonal": right / n, "inputs_mb": inputs_mb, "peak_mb": peak_mb,
                  "cells": found.lattice.band.cells}))
"""


def main() -> int:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000, 10000, 40000, 100000]
    print(f"{'n x n':>15} {'seconds':>9} {'peak MB':>9} {'inputs MB':>10} {'cells searched':>15} "
          f"{'diagonal found':>15}")
    previous = None
    for n in sizes:
        done = subprocess.run([sys.executable, "-c", CHILD, str(n)], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{n:>7} x {n:<7} failed: {done.stderr.strip().splitlines()[-1]}")
            continue
        result = json.loads(done.stdout)
        peak_mb = result["peak_mb"]
        growth = f"  ({result['seconds'] / previous:.1f}x the previous)" if previous else ""
        print(f"{n:>7} x {n:<7} {result['seconds']:9.2f} {peak_mb:9.0f} {result['inputs_mb']:10.0f} "
              f"{result['cells']:15,d} {result['diagonal']:15.3f}{growth}")
        previous = result["seconds"]
    return 0


if __name__ == "__main__":
    sys.exit(main())
