"""Locate: a planted region inside random sentences is found."""

from __future__ import annotations

import numpy as np

from aligner.locate import locate


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_finds_planted_region():
    rng = np.random.default_rng(1)
    long = unit(rng.normal(size=(2000, 32)))
    start, size = 1234, 60
    # The short text: noisy copies of the region, one sentence dropped, two extra at the start.
    region = long[start : start + size]
    short = unit(np.vstack([rng.normal(size=(2, 32)), np.delete(region, 30, axis=0) + 0.3 * rng.normal(size=(59, 32))]))
    assert locate(short @ long.T) == (start, start + size)
