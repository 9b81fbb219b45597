"""Checker: the validation a save waits for, in a process of its own.

Compiling the tei_all schema takes about 8 seconds and holds Python's lock the while; in
the server's process it would stall the page being served. A worker process compiles it
as soon as the editor starts (on the other core) and then checks each save's files
(tei_all and the link rules) while the server goes on answering.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path


def _compile() -> None:
    from aligner.formats.tei_check import tei_schema

    tei_schema()


def problems_of(files: dict[str, bytes]) -> list[str]:
    """tei_all and link problems of the files about to be written (``{name: bytes}``),
    checked in a temporary folder (a stand-off file's links point into its language files)."""
    from aligner.formats.tei_check import validate
    from aligner.formats.tei_read import parse_tei

    problems = []
    with tempfile.TemporaryDirectory(prefix="aligner-edit-") as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        for name, data in files.items():
            tree = parse_tei(data, source=name)
            problems += [f"{name}: {problem}" for problem in validate(tree, folder=Path(folder))]
    return problems


class Checker:
    """The worker process, started (and its schema compiled) by :meth:`start`."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._ready: Future[None] | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
                self._ready = self._pool.submit(_compile)

    def problems(self, files: dict[Path, bytes]) -> list[str]:
        """The problems of the files (see :func:`problems_of`), checked in the worker."""
        self.start()
        assert self._pool is not None
        return self._pool.submit(problems_of, {path.name: data for path, data in files.items()}).result()

    def stop(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


# One worker for the process, shared by every editing session (the server has one; tests
# open many).
CHECKER = Checker()
