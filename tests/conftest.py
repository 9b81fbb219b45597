"""Shared fixtures: the real default model (loaded once) and a deterministic fake encoder."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


class FakeEncoder:
    """Bag-of-words hashing encoder: texts sharing words get similar vectors. Deterministic."""

    name = "fake-bow"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                digest = hashlib.sha1(word.strip(".,;:!?").encode()).digest()
                out[row, int.from_bytes(digest[:4], "little") % self.dim] += 1.0
            out[row, -1] += 0.1  # never all zero
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own embedding cache folder (never the user's)."""
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture(scope="session")
def real_encoder():
    from aligner.embed import load_encoder

    return load_encoder()
