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
from collections.abc import Callable
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


def align_pair(pair: Pair, *, model: str, cache: Path | None, threads: int | None) -> Outcome:
    """Align one pair (in a worker process); errors become a failed outcome."""
    from aligner.config import AlignConfig
    from aligner.jobs import AlignRequest, Source, align_files

    started = time.perf_counter()
    try:
        request = AlignRequest(Source(pair.src, pair.src_lang), Source(pair.tgt, pair.tgt_lang),
                               {format_of(pair.output): pair.output}, config=AlignConfig(model=model))
        align_files(request, cache=cache, threads=threads)
    except AlignerError as exc:
        return Outcome(pair, "failed", time.perf_counter() - started, str(exc))
    except Exception as exc:  # noqa: BLE001 - one pair's bug must not stop the batch
        return Outcome(pair, "failed", time.perf_counter() - started, f"internal error: {type(exc).__name__}: {exc}")
    return Outcome(pair, "done", time.perf_counter() - started)


def _quiet_worker() -> None:
    logging.getLogger("aligner").setLevel(logging.WARNING)


def run_batch(pairs: list[Pair], *, workers: int, threads: int, model: str, cache: Path | None, force: bool,
              on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Align the pairs not yet done, ``workers`` at a time (1: in this process).

    Returns:
        One outcome per pair, in manifest order.
    """
    outcomes: dict[int, Outcome] = {}
    todo = []
    for pair in pairs:
        if pair.output.exists() and not force:
            outcomes[pair.line] = Outcome(pair, "skipped", message="output exists (use --force to redo)")
        else:
            todo.append(pair)
    for outcome in outcomes.values():
        if on_outcome:
            on_outcome(outcome)
    if workers <= 1 or len(todo) <= 1:
        for pair in todo:
            outcomes[pair.line] = align_pair(pair, model=model, cache=cache, threads=threads)
            if on_outcome:
                on_outcome(outcomes[pair.line])
    else:
        # spawn, not fork: each worker starts clean and loads its own model.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_quiet_worker) as pool:
            futures = {pool.submit(align_pair, pair, model=model, cache=cache, threads=threads): pair for pair in todo}
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[outcome.pair.line] = outcome
                if on_outcome:
                    on_outcome(outcome)
    return [outcomes[pair.line] for pair in pairs]
