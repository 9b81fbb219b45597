"""Batch: align many pairs listed in a manifest, in parallel worker processes.

The manifest is a TSV file, one pair per line: ``src``, ``tgt``, ``output`` and,
optionally, ``src_lang`` and ``tgt_lang`` (detected from the texts when not given); any
further columns are further versions of the same text (``PATH`` or ``LANG:PATH``), which
make the line one alignment of several versions (see ``jobs.align_versions_files``). A
first line naming those columns, blank lines and lines starting with ``#`` are skipped;
relative paths are taken from the manifest's folder. The output's ending chooses the format (``.tei.xml``,
``.tsv``, ...), or further formats are written beside it (``BatchSettings.formats``);
missing output folders are created. A pair whose outputs all exist is skipped unless
``force`` is set, so an interrupted batch resumes where it stopped; a pair that fails is
reported and the others go on. An interrupt (Ctrl-C, SIGTERM) stops handing out pairs,
stops the workers, and reports what was written (:class:`Interrupted`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.atomic import remove_temporaries
from aligner.config import DEFAULT_MODEL
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
    src_lang: str | None = None
    tgt_lang: str | None = None
    more: tuple[tuple[Path, str | None], ...] = ()


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
        if len(cells) < 3 or not all(cells[:3]):
            raise InputError(f"{path}, line {number}: expected src, tgt, output [, src_lang, tgt_lang [, more "
                             f"versions]] separated by tabs, found {len(cells)} field(s)")
        src_lang, tgt_lang = [cell or None for cell in (cells[3:5] + ["", ""])[:2]]
        more = tuple(_version(folder, cell) for cell in cells[5:] if cell)
        pairs.append(Pair(number, folder / cells[0], folder / cells[1], folder / cells[2], src_lang, tgt_lang, more))
    if not pairs:
        raise InputError(f"{path}: lists no pairs")
    return pairs


# A further version of a manifest line: LANG:PATH (a language code, then the path).
_WITH_LANG = re.compile(r"^([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*):(.+)$")


def _version(folder: Path, cell: str) -> tuple[Path, str | None]:
    """A further version of a manifest line: its path, and its language if given."""
    match = _WITH_LANG.match(cell)
    return (folder / match.group(2), match.group(1)) if match else (folder / cell, None)


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
    the model, the cache folder (None: no disk cache), whether pairs whose outputs exist
    are done again, the formats to write beyond the one the output's ending names
    (empty: that one only), and a Dask scheduler's address (or ``local``; empty: no Dask)."""

    workers: int = 1
    threads: int = 1
    model: str = DEFAULT_MODEL
    cache: Path | None = None
    force: bool = False
    formats: tuple[str, ...] = ()
    scheduler: str = ""


class Interrupted(Exception):  # noqa: N818 - it is an event, reported as such
    """The batch was interrupted; ``outcomes`` holds the pairs finished before (in
    manifest order, the rest absent)."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        super().__init__("interrupted")
        self.outcomes = outcomes


def output_paths_of(pair: Pair, settings: BatchSettings) -> dict[str, Path]:
    """Every file a pair writes: its output in the format its ending names (or the first
    of ``settings.formats``), the other formats beside it.

    Raises:
        InputError: the ending names no format and none was given, or contradicts them.
    """
    from aligner.formats import choose_formats, output_paths

    if not settings.formats:
        return output_paths(pair.output, [format_of(pair.output)])
    return output_paths(pair.output, choose_formats(pair.output, list(settings.formats)))


def align_pair(pair: Pair, settings: BatchSettings) -> Outcome:
    """Align one pair (in whichever process the backend runs it); errors become a failed
    outcome, so one pair cannot stop the others."""
    from aligner.config import AlignConfig
    from aligner.jobs import AlignRequest, Source, VersionsRequest, align_files, align_versions_files

    started = time.perf_counter()
    try:
        outputs = output_paths_of(pair, settings)
        for path in outputs.values():
            path.parent.mkdir(parents=True, exist_ok=True)
        config = AlignConfig(model=settings.model)
        src, tgt = Source(pair.src, pair.src_lang), Source(pair.tgt, pair.tgt_lang)
        if pair.more:
            sources = (src, tgt, *(Source(path, lang) for path, lang in pair.more))
            align_versions_files(VersionsRequest(sources, outputs, config=config), cache=settings.cache,
                                 threads=settings.threads, encoders=lambda model: _encoder(settings, model))
        else:
            align_files(AlignRequest(src, tgt, outputs, config=config), cache=settings.cache,
                        threads=settings.threads, encoders=lambda model: _encoder(settings, model))
    except OSError as exc:
        return Outcome(pair, "failed", time.perf_counter() - started, f"{pair.output}: cannot be written ({exc})")
    except AlignerError as exc:
        return Outcome(pair, "failed", time.perf_counter() - started, str(exc))
    except Exception as exc:  # noqa: BLE001 - one pair's bug must not stop the batch
        return Outcome(pair, "failed", time.perf_counter() - started, f"internal error: {type(exc).__name__}: {exc}")
    return Outcome(pair, "done", time.perf_counter() - started)


def _encoder(settings: BatchSettings, model: str) -> Any:
    """This process's encoder of ``model`` for the batch: made once, so that a worker
    loads each model once and aligns all its pairs with it."""
    from aligner.jobs import make_encoder

    key = (model, settings.cache, settings.threads)
    if key not in _ENCODERS:
        _ENCODERS[key] = make_encoder(model, settings.cache, threads=settings.threads)
    return _ENCODERS[key]


_ENCODERS: dict[tuple[str, Path | None, int], Any] = {}


# A backend runs the pairs to do and yields each outcome as it comes (in any order).
Backend = Callable[[list[Pair], BatchSettings], Iterator[Outcome]]


def in_process(todo: list[Pair], settings: BatchSettings) -> Iterator[Outcome]:
    """One pair after the other, in this process."""
    for pair in todo:
        yield align_pair(pair, settings)


def _worker_start() -> None:
    """In each worker: log warnings only, leave interrupts to the main process (a Ctrl-C
    reaches the whole process group; the main process stops the workers), and when the
    main process stops this one (SIGTERM), exit through Python, so that an output being
    written removes its temporary file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    logging.getLogger("aligner").setLevel(logging.WARNING)


def _exit_on_terminate(signum: int, frame: Any) -> None:  # noqa: ANN401, ARG001 - a signal handler
    raise SystemExit(128 + signum)


_QUIET_TRACKER = "ignore:resource_tracker:UserWarning"


def process_pool(todo: list[Pair], settings: BatchSettings) -> Iterator[Outcome]:
    """``settings.workers`` worker processes on this machine, one pair to a worker at a
    time; on an interrupt the workers are stopped at once and the pairs not started are
    dropped (a pair being aligned writes nothing: outputs are atomic)."""
    # spawn, not fork: each worker starts clean and loads its own model.
    context = multiprocessing.get_context("spawn")
    # A worker stopped mid-pair leaves the semaphore of its progress bars' lock for
    # multiprocessing's resource tracker to release, which it does, with a warning about
    # "leaked semaphore objects" that would only alarm the user. The tracker process,
    # started by the pool below, takes its warning filters from this list.
    if _QUIET_TRACKER not in sys.warnoptions:
        sys.warnoptions.append(_QUIET_TRACKER)
    with _signals_as_flag() as stop:
        pool = context.Pool(settings.workers, initializer=_worker_start)
        try:
            results = pool.imap_unordered(functools.partial(align_pair, settings=settings), todo, chunksize=1)
            while True:
                if stop.is_set():
                    raise KeyboardInterrupt
                try:
                    outcome = results.next(timeout=_POLL_SECONDS)
                except multiprocessing.TimeoutError:
                    continue
                except StopIteration:
                    break
                yield outcome
        except BaseException:
            pool.terminate()
            pool.join()
            # A worker stopped in the instant between creating an output's temporary file and
            # handling the signal leaves it behind: no worker writes now.
            _remove_temporaries(todo, settings)
            raise
        pool.close()
        pool.join()


# How often the pool's caller looks whether it was interrupted.
_POLL_SECONDS = 0.2


@contextlib.contextmanager
def _signals_as_flag() -> Iterator[threading.Event]:
    """Within: an interrupt (SIGINT) or a stop (SIGTERM) sets the event that is yielded,
    and the caller raises KeyboardInterrupt at a point of its own choosing. Raised where
    the signal lands, it can land inside the pool's own locking (between a lock's
    acquisition and the block that releases it) and leave the lock held; the pool's
    shutdown then waits forever (a batch that never stopped after SIGTERM was seen once
    in a full test run). Outside the main thread, where no handler can be set, the
    event is never set and interrupts behave as before."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {signum: signal.signal(signum, lambda _signum, _frame: stop.set())
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _remove_temporaries(todo: list[Pair], settings: BatchSettings) -> None:
    """Remove the temporary files that workers killed while writing left of these pairs'
    outputs (see ``output.remove_temporaries``); only once no worker writes them."""
    for pair in todo:
        with contextlib.suppress(InputError):
            for path in output_paths_of(pair, settings).values():
                remove_temporaries(path)


def dask_cluster(todo: list[Pair], settings: BatchSettings) -> Iterator[Outcome]:
    """The pairs as tasks on a Dask distributed cluster: the one at ``settings.scheduler``
    (``tcp://host:port``), or ``local``: a cluster of ``settings.workers`` worker
    processes on this machine, listening on 127.0.0.1 only. Each worker loads the model
    once (:func:`_encoder`) and writes its outputs itself, atomically (the cluster's
    workers must see the manifest's paths: a shared filesystem). A worker that dies in
    the middle of a pair has the pair run again elsewhere by the scheduler; an interrupt
    cancels what is left."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InputError("--scheduler needs Dask: pip install 'aligner[dask]'") from None
    cluster = None
    try:
        if settings.scheduler == "local":
            cluster = LocalCluster(n_workers=settings.workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(settings.scheduler, timeout=30)
    except OSError as exc:
        raise InputError(f"--scheduler {settings.scheduler}: cannot reach the Dask scheduler ({exc})") from None
    futures = [client.submit(align_pair, pair, settings, pure=False, key=f"aligner-pair-{pair.line}-{k}")
               for k, pair in enumerate(todo)]
    pairs = dict(zip((future.key for future in futures), todo, strict=True))
    try:
        for future in as_completed(futures):
            if future.status == "finished":
                yield future.result()
            else:  # e.g. the pair killed every worker that tried it
                yield Outcome(pairs[future.key], "failed", 0.0, f"the cluster lost this pair: {future.exception()!r}")
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        # A worker that died while writing (the scheduler ran its pair again elsewhere)
        # left its temporary file. (After an interrupt, a cancelled pair still running on
        # a remote worker may then fail to write its output; it is redone on resuming.)
        _remove_temporaries(todo, settings)


def choose_backend(settings: BatchSettings, todo: list[Pair]) -> Backend:
    """The backend for a batch: a Dask cluster when a scheduler is given, worker
    processes when there are several workers and pairs, else this process. Another
    backend is a function of the ``Backend`` shape, chosen here."""
    if settings.scheduler:
        return dask_cluster
    return process_pool if settings.workers > 1 and len(todo) > 1 else in_process


def run_batch(pairs: list[Pair], settings: BatchSettings,
              on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Align the pairs not yet done (all of them with ``settings.force``).

    Returns:
        One outcome per pair, in manifest order.
    """
    outcomes: dict[int, Outcome] = {}
    todo = []
    began = time.time()
    for pair in pairs:
        try:
            done = all(path.exists() for path in output_paths_of(pair, settings).values())
        except InputError as exc:
            outcomes[pair.line] = Outcome(pair, "failed", message=str(exc))
            continue
        if done and not settings.force:
            outcomes[pair.line] = Outcome(pair, "skipped", message="output exists (use --force to redo)")
        else:
            todo.append(pair)
    for outcome in outcomes.values():
        if on_outcome:
            on_outcome(outcome)
    try:
        for outcome in choose_backend(settings, todo)(todo, settings):
            outcomes[outcome.pair.line] = outcome
            if on_outcome:
                on_outcome(outcome)
    except KeyboardInterrupt:
        # A worker may have written a pair's outputs just before it was stopped, its
        # outcome still on the way: count what is on disk.
        for pair in todo:
            paths = output_paths_of(pair, settings).values()
            if pair.line not in outcomes and all(path.exists() and path.stat().st_mtime >= began for path in paths):
                outcomes[pair.line] = Outcome(pair, "done", message="written as the batch stopped")
        raise Interrupted([outcomes[pair.line] for pair in pairs if pair.line in outcomes]) from None
    return [outcomes[pair.line] for pair in pairs]
