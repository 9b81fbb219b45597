"""DP core: hand-worked tables, degenerate cases, and a brute-force oracle."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.core import dp

NEG = -np.inf


def one_to_one(matrix: list[list[float]]) -> dict[tuple[int, int], np.ndarray]:
    values = np.array(matrix, dtype=np.float64)
    table = np.full((values.shape[0] + 1, values.shape[1] + 1), NEG)
    table[1:, 1:] = values
    return {(1, 1): table}


def run(scores, n, m, skip=-0.2):
    total, move, types = dp.fill(scores, skip_src=np.full(n, skip), skip_tgt=np.full(m, skip))
    return dp.best_path(total, move, types)


@pytest.mark.parametrize(
    ("matrix", "expected"),
    [
        # 2x2 diagonal: two 1-1 beads.
        ([[1.0, 0.0], [0.0, 1.0]], [((0,), (0,)), ((1,), (1,))]),
        # 2x2 crossing is impossible (monotone): the best is one 1-1 plus skips.
        ([[0.0, 1.0], [NEG, 0.0]], [((), (0,)), ((0,), (1,)), ((1,), ())]),
        # 3x3 where the middle pair is worse than skipping both (-0.4 < -0.2 * 2).
        ([[1.0, NEG, NEG], [NEG, -1.0, NEG], [NEG, NEG, 1.0]], [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))]),
    ],
)
def test_hand_tables(matrix, expected):
    n, m = len(matrix), len(matrix[0])
    assert run(one_to_one(matrix), n, m) == expected


def test_merge_beats_one_to_one_plus_skip():
    scores = one_to_one([[0.5], [0.1]])
    merged = np.full((3, 2), NEG)
    merged[2, 1] = 0.9  # 2-1 bead covering both src sentences
    scores[(2, 1)] = merged
    assert run(scores, 2, 1) == [((0, 1), (0,))]


def test_empty_sides():
    assert run({(1, 1): np.full((1, 3), NEG)}, 0, 2) == [((), (0,)), ((), (1,))]
    assert run({(1, 1): np.full((3, 1), NEG)}, 2, 0) == [((0,), ()), ((1,), ())]
    assert run({(1, 1): np.full((1, 1), NEG)}, 0, 0) == []


def test_all_skips_when_nothing_scores():
    assert run(one_to_one([[NEG, NEG], [NEG, NEG]]), 2, 2) == [((), (0,)), ((0,), ()), ((), (1,)), ((1,), ())]


def brute_force(scores, n, m, skip):
    """Enumerate every monotone bead sequence; return the best total."""
    types = [*scores, (1, 0), (0, 1)]
    best = NEG

    def walk(i, j, total):
        nonlocal best
        if i == n and j == m:
            best = max(best, total)
            return
        for a, b in types:
            if i + a > n or j + b > m:
                continue
            value = skip * (a + b) if (a == 0 or b == 0) else scores[(a, b)][i + a, j + b]
            if value == NEG:
                continue
            walk(i + a, j + b, total + value)

    walk(0, 0, 0.0)
    return best


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 4), st.integers(0, 4), st.integers(0, 10_000), st.floats(-0.5, 0.0),
)
def test_matches_brute_force(n, m, seed, skip):
    rng = np.random.default_rng(seed)
    sizes = [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1)]
    scores = {size: np.where(rng.random((n + 1, m + 1)) < 0.2, NEG, rng.normal(0, 1, (n + 1, m + 1)))
              for size in sizes}
    for (a, b), table in scores.items():
        table[:a, :] = NEG
        table[:, :b] = NEG
    total, move, types = dp.fill(scores, skip_src=np.full(n, skip), skip_tgt=np.full(m, skip))
    beads = dp.best_path(total, move, types)
    # Beads cover every index exactly once, in order.
    assert [i for s, _ in beads for i in s] == list(range(n))
    assert [j for _, t in beads for j in t] == list(range(m))
    # And the path's value is the brute-force optimum.
    value = sum(skip * (len(s) + len(t)) if not (s and t) else scores[(len(s), len(t))][s[-1] + 1, t[-1] + 1]
                for s, t in beads)
    assert value == pytest.approx(total[n, m])
    assert total[n, m] == pytest.approx(brute_force(scores, n, m, skip))


def test_identical_documents_align_on_the_diagonal():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(6, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sims = vectors @ vectors.T
    assert run(one_to_one(sims.tolist()), 6, 6) == [((k,), (k,)) for k in range(6)]


def test_types_listed_with_skips_last():
    _, _, types = dp.fill(one_to_one([[1.0]]), skip_src=np.zeros(1), skip_tgt=np.zeros(1))
    assert types[-2:] == [(1, 0), (0, 1)]
    assert all(itertools.starmap(lambda a, b: a >= 1 and b >= 1, types[:-2]))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(0, 10_000), st.floats(0.2, 2.0))
def test_posteriors_match_enumeration(n, m, seed, temperature):
    rng = np.random.default_rng(seed)
    sizes = [(1, 1), (1, 2), (2, 1)]
    scores = {size: rng.normal(0, 1, (n + 1, m + 1)) for size in sizes}
    for (a, b), table in scores.items():
        table[:a, :] = NEG
        table[:, :b] = NEG
    skip_src, skip_tgt = rng.uniform(-1, 0, n), rng.uniform(-1, 0, m)
    # Enumerate every path with its weight.
    paths = []

    def walk(i, j, beads, total):
        if i == n and j == m:
            paths.append((tuple(beads), total))
            return
        for a, b in [*sizes, (1, 0), (0, 1)]:
            if i + a > n or j + b > m:
                continue
            if a and b:
                value = scores[(a, b)][i + a, j + b]
            else:
                value = skip_src[i] if a else skip_tgt[j]
            walk(i + a, j + b, [*beads, (tuple(range(i, i + a)), tuple(range(j, j + b)))], total + value)

    walk(0, 0, [], 0.0)
    weights = np.exp(np.array([total for _, total in paths]) / temperature)
    best = max(paths, key=lambda p: p[1])[0]
    expected = [weights[[bead in beads for beads, _ in paths]].sum() / weights.sum() for bead in best]
    got = dp.posteriors(scores, list(best), skip_src=skip_src, skip_tgt=skip_tgt, temperature=temperature)
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-9)
