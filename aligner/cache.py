"""Cache: embeddings on disk, so no text is embedded twice.

One SQLite database per model identity in the cache folder; each row holds the float32
vector of one text, keyed by the SHA-256 of the text. SQLite's write-ahead log and a
busy timeout make it safe for several runs to share the folder. The model behind a
:class:`CachedEncoder` is only built when some text is missing, so a run whose texts
are all cached loads no model at all.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

from aligner.embed import Encoder, ManagedEncoder
from aligner.errors import OutputError

logger = logging.getLogger(__name__)

CACHE_ENV = "ALIGNER_CACHE_DIR"
# Seconds a run waits for another run's write to finish.
BUSY_TIMEOUT = 60.0
# Rows per SQL statement (SQLite's default limit on parameters is 999 or more).
QUERY_CHUNK = 500


def default_cache_dir() -> Path:
    """``$ALIGNER_CACHE_DIR``, else ``$XDG_CACHE_HOME/aligner``, else ``~/.cache/aligner``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aligner"


def model_identity(model: str) -> str:
    """What the vectors depend on: the model and the version of the code or files behind it."""
    from aligner.models import BUNDLED

    if model in BUNDLED:
        package, runtime = BUNDLED[model].package, BUNDLED[model].runtime
        try:
            return f"{model}/{package}=={metadata.version(package)}" + (f"/{runtime}" if runtime else "")
        except metadata.PackageNotFoundError:
            return f"{model}/{package} (not installed)"
    path = Path(model)
    if path.is_dir():
        stamps = sorted(
            f"{p.relative_to(path)}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in path.rglob("*") if p.is_file()
        )
        return f"{path.resolve()}|{hashlib.sha256(';'.join(stamps).encode()).hexdigest()[:16]}"
    return model


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """The vectors of one model identity in ``folder``."""

    def __init__(self, folder: Path, identity: str) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:24] + ".sqlite"
            self.path = folder / name
            self.connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT)
            self._initialise(identity)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"embedding cache {folder}: cannot be used ({exc}); pass --cache-dir or --no-cache") \
                from None

    def _initialise(self, identity: str) -> None:
        """Switch to WAL and create the tables. Switching the journal mode does not wait
        for other connections (SQLite's busy handler is not used there), so two runs that
        create the same cache at once retry for up to BUSY_TIMEOUT seconds."""
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                self.connection.execute("PRAGMA journal_mode=WAL")
                with self.connection:
                    self.connection.execute(
                        "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
                    self.connection.execute("CREATE TABLE IF NOT EXISTS about (identity TEXT)")
                    if not self.connection.execute("SELECT 1 FROM about").fetchone():
                        self.connection.execute("INSERT INTO about VALUES (?)", (identity,))
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors of the texts that are cached."""
        keys = {_key(text): text for text in texts}
        found: dict[str, np.ndarray] = {}
        key_list = list(keys)
        for start in range(0, len(key_list), QUERY_CHUNK):
            chunk = key_list[start : start + QUERY_CHUNK]
            rows = self.connection.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, blob in rows:
                found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [(_key(text), np.ascontiguousarray(vector, dtype=np.float32).tobytes())
                for text, vector in zip(texts, vectors, strict=True)]
        with self.connection:
            self.connection.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)", rows)

    def close(self) -> None:
        self.connection.close()


class CachedEncoder(ManagedEncoder):
    """A :class:`~aligner.embed.ManagedEncoder` that answers from the disk cache and builds
    the model only for misses (or ahead of them, from ``preload``)."""

    reuse = "embedding cache"

    def __init__(self, build: Callable[[], Encoder], name: str, cache: EmbeddingCache) -> None:
        super().__init__(build, name)
        self.cache = cache

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        found = self.cache.get(texts)
        missing = list(dict.fromkeys(text for text in texts if text not in found))
        self.hits += len(texts) - len(missing)
        if missing:
            if not self.model.started:
                logger.info("loading the model (%d texts are not in the cache)", len(missing))
            vectors = self._embed(missing)
            self.cache.put(missing, vectors)
            found.update(zip(missing, vectors, strict=True))
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([found[text] for text in texts])
