"""Progress: long steps report through logging; the CLI decides how to show it.

A stage calls :func:`report` with how far it is; that logs an INFO record carrying a
``progress`` field. The library never draws anything itself: the CLI's
:class:`ProgressHandler` draws a bar on a terminal, writes a plain line at each quarter
otherwise, and shows nothing at all under ``--quiet``.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

logger = logging.getLogger("aligner.progress")
BAR_WIDTH = 30


def report(step: str, done: int, total: int) -> None:
    """Say that ``step`` has done ``done`` of ``total`` units."""
    logger.info("%s: %d/%d", step, done, total, extra={"progress": (step, done, total)})


class ProgressHandler(logging.Handler):
    """Draws progress records: a bar when ``stream`` is a terminal, plain lines otherwise.
    Other records are formatted as usual (and first end a bar in progress)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__()
        self.stream = stream or sys.stderr
        self.drawing = False
        self.last_quarter: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        progress = getattr(record, "progress", None)
        try:
            if progress is None:
                self._end_bar()
                self.stream.write(self.format(record) + "\n")
            elif self.stream.isatty():
                self._draw(*progress)
            else:
                self._line(*progress)
            self.stream.flush()
        except Exception:  # noqa: BLE001 - logging must never break the run
            self.handleError(record)

    def _draw(self, step: str, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(share * BAR_WIDTH)
        self.stream.write(f"\r{step:<12} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}")
        self.drawing = done < total
        if not self.drawing:
            self.stream.write("\n")

    def _line(self, step: str, done: int, total: int) -> None:
        quarter = 4 * done // total if total else 4
        if self.last_quarter.get(step) == quarter and done < total:
            return
        self.last_quarter[step] = quarter
        if done >= total:
            self.last_quarter.pop(step, None)
        self.stream.write(f"{step}: {done}/{total} ({100 * done // max(total, 1)}%)\n")

    def _end_bar(self) -> None:
        if self.drawing:
            self.stream.write("\n")
            self.drawing = False
