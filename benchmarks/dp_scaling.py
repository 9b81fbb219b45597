"""Time and peak memory of the alignment step (scores + DP) on synthetic inputs.

Usage: python benchmarks/dp_scaling.py [SIZES...]   (default: 500 1000 2000 4000)

Each size n builds two documents of n sentences whose embeddings are random unit
vectors with a planted diagonal (tgt sentence k = src sentence k plus noise), and times
the cost tables and the DP (embedding excluded), each in a fresh child process so that
its peak RSS is its own. Issue 4's targets: 40k x 40k in <= 4 s and <= 1.5 GB peak,
time(40k) / time(10k) <= 4.5.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys

CHILD = r"""
import json, sys, time
import numpy as np
from aligner import cost, dp
from aligner.config import AlignConfig
n = int(sys.argv[1]); dim = 64
rng = np.random.default_rng(0)
src1 = rng.normal(size=(n, dim)).astype(np.float32)
tgt1 = src1 + 0.5 * rng.normal(size=(n, dim)).astype(np.float32)
def spans(x, k):
    out = np.zeros((k, len(x), x.shape[1]), dtype=np.float32)
    for size in range(1, k + 1):
        run = np.stack([x[i : len(x) - size + 1 + i] for i in range(size)]).sum(axis=0)
        out[size - 1, : len(run)] = run / np.linalg.norm(run, axis=1, keepdims=True)
    return out
config = AlignConfig()
tables = cost.SpanTables(spans(src1, config.max_bead_side), spans(tgt1, config.max_bead_side),
                         np.full(n, 100.0), np.full(n, 100.0))
started = time.perf_counter()
scores = cost.bead_scores(tables, config.bead_types(), margin_weight=config.margin_weight,
                          use_length_penalty=config.length_penalty, min_score=config.min_bead_score)
skips = np.full(n, config.skip_score)
path = dp.best_path(*dp.fill(scores, skip_src=skips, skip_tgt=skips))
seconds = time.perf_counter() - started
right = sum(1 for s, t in path if s == t and len(s) == 1)
print(json.dumps({"seconds": seconds, "diagonal": right / n}))
"""


def main() -> int:
    sizes = [int(arg) for arg in sys.argv[1:]] or [500, 1000, 2000, 4000]
    print(f"{'n x n':>12} {'seconds':>9} {'peak MB':>9} {'diagonal found':>15}")
    previous = None
    for n in sizes:
        done = subprocess.run([sys.executable, "-c", CHILD, str(n)], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{n:>5} x {n:<5} failed: {done.stderr.strip().splitlines()[-1]}")
            continue
        result = json.loads(done.stdout)
        # ru_maxrss of children is the largest so far; sizes grow, so it is this child's.
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        growth = f"  ({result['seconds'] / previous:.1f}x the previous)" if previous else ""
        print(f"{n:>5} x {n:<5} {result['seconds']:9.2f} {peak_mb:9.0f} {result['diagonal']:15.3f}{growth}")
        previous = result["seconds"]
    return 0


if __name__ == "__main__":
    sys.exit(main())
