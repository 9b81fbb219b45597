"""Progress: a bar on a terminal, quarter lines otherwise, nothing under --quiet."""

from __future__ import annotations

import io
import logging

from aligner.progress import ProgressHandler, report


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def capture(stream: io.StringIO, level: int = logging.INFO) -> logging.Logger:
    logger = logging.getLogger("aligner")
    handler = ProgressHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    return logger


def test_plain_lines_at_quarters():
    stream = io.StringIO()
    capture(stream)
    for done in range(1, 101):
        report("embedding", done, 100)
    assert stream.getvalue().splitlines() == [
        "embedding: 1/100 (1%)", "embedding: 25/100 (25%)", "embedding: 50/100 (50%)",
        "embedding: 75/100 (75%)", "embedding: 100/100 (100%)"]


def test_bar_on_a_terminal_and_other_messages_after_it():
    stream = Terminal()
    logger = capture(stream)
    report("embedding", 5, 10)
    logger.info("a message")
    report("embedding", 10, 10)
    output = stream.getvalue()
    assert "\rembedding    [###############...............] 5/10\n" in output
    assert "a message\n" in output
    assert output.endswith("[##############################] 10/10\n")


def test_quiet_shows_nothing():
    stream = Terminal()
    capture(stream, logging.WARNING)
    report("embedding", 10, 10)
    assert stream.getvalue() == ""


def test_embedding_reports_progress_every_few_hundred_texts(caplog):
    """A chapter-sized run (about 2,000 texts with its spans) reports as it goes, not once
    at the end: at the default model's speed, about a second between reports."""
    from aligner.embed import PROGRESS_CHUNK, embed_unique

    from .conftest import FakeEncoder

    texts = [f"sentence number {k}" for k in range(2000)]
    with caplog.at_level(logging.INFO, logger="aligner.progress"):
        embed_unique(FakeEncoder(), texts)
    steps = [record.progress[1] for record in caplog.records if hasattr(record, "progress")]
    assert PROGRESS_CHUNK <= 512
    assert steps == [512, 1024, 1536, 2000]
