"""Hostile alignment files: a TEI file someone sent must never run code in a page the tool
makes (the view, ``convert --to html``, the editor, a notebook's output), and what a valid
alignment cannot hold is refused on reading, with the reason.

Every payload, if it ever ran, would set ``window.__pwned`` (and its parent's); the
browser tests check that it never is set, and that the page's own script still runs.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

import aligner
from aligner.cli import app
from aligner.datatypes import Alignment, Revision
from aligner.formats.html import in_frame, to_html
from aligner.formats.tei import tei_bytes
from aligner.formats.tei_read import read_tei

from .conftest import hand_alignment, headless_chromium

runner = CliRunner()
FLAG = "window.__pwned=1;try{parent.__pwned=1}catch(e){}"
PAYLOADS = (
    f'"><img src=x onerror="{FLAG}">',
    f"'><svg onload='{FLAG}'>",
    f"</script><script>{FLAG}</script>",
    f'</title></style><iframe srcdoc="<script>{FLAG}</script>"></iframe>',
    f"<details open ontoggle={FLAG}>",
)


def hostile_alignment() -> Alignment:
    """The hand-made alignment with a payload in every text the file carries: titles,
    authors, file names, sentences, editor names, revision notes, the model's name."""
    base = hand_alignment()

    def document(doc, k: int):
        sentences = tuple(dataclasses.replace(s, text=f"{s.text} {PAYLOADS[(s.index + k) % len(PAYLOADS)]}")
                          for s in doc.sentences)
        return dataclasses.replace(doc, title=PAYLOADS[k], author=PAYLOADS[k + 1], name=PAYLOADS[k + 2],
                                   path=PAYLOADS[k + 2], sentences=sentences)

    beads = tuple(dataclasses.replace(bead, resp=PAYLOADS[k % len(PAYLOADS)]) if k % 3 == 0 else bead
                  for k, bead in enumerate(base.beads))
    revisions = tuple(Revision("2026-12-06T10:00:00+00:00", who, PAYLOADS[-1]) for who in PAYLOADS)
    return dataclasses.replace(base, src=document(base.src, 0), tgt=document(base.tgt, 1), beads=beads,
                               revisions=revisions, model_name=PAYLOADS[2])


@pytest.fixture(scope="module")
def hostile_tei(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.tei.xml"
    path.write_bytes(tei_bytes(hostile_alignment()))
    return path


def test_the_hostile_file_is_a_valid_alignment_read_back_unchanged(hostile_tei):
    """The payloads are only text: the file reads back as the alignment written."""
    again = read_tei(hostile_tei)
    assert [s.text for s in again.src.sentences[2:]] == [s.text for s in hostile_alignment().src.sentences[2:]]
    assert again.src.title == PAYLOADS[0] and {r.who for r in again.revisions} == set(PAYLOADS)


def test_every_payload_is_escaped_in_the_page(hostile_tei):
    page = to_html(read_tei(hostile_tei)).decode("utf-8")
    for payload in PAYLOADS:
        assert payload not in page
    assert "<img" not in page and "<svg" not in page and "<iframe" not in page
    # One script runs (the page's own); the other script element holds the data (JSON).
    assert page.count("<script>") == 1 and page.count('<script type="application/json"') == 1


def test_the_notebook_frame_is_sandboxed(hostile_tei):
    frame = in_frame(read_tei(hostile_tei))
    root = etree.fromstring(frame, etree.HTMLParser()).find(".//iframe")
    assert root.get("sandbox") == "allow-scripts"  # scripts, but in an opaque origin: no reach into the notebook
    assert frame.count("<iframe") == 1  # the page is one escaped attribute value


def _write_xml(path: Path, tree: etree._Element) -> Path:
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return path


def _edited(tmp_path: Path, change) -> Path:
    """The hand-made alignment's TEI with ``change(root)`` applied."""
    root = etree.fromstring(tei_bytes(hand_alignment()))
    change(root)
    return _write_xml(tmp_path / "bad.tei.xml", root)


TEI = "{http://www.tei-c.org/ns/1.0}"
XML = "{http://www.w3.org/XML/1998/namespace}"


def _set_lang(root):
    root.find(f".//{TEI}group/{TEI}text").set(f"{XML}lang", 'de"><img src=x onerror=alert(1)>')


def _set_text_id(root):
    text = root.find(f".//{TEI}group/{TEI}text")
    old = text.get(f"{XML}id")
    new = 'de"><b>'
    for element in text.iter(f"{TEI}s"):
        element.set(f"{XML}id", element.get(f"{XML}id").replace(old, new, 1))
    text.set(f"{XML}id", new)


def _set_editor_id(root):
    statement = etree.SubElement(root.find(f".//{TEI}titleStmt"), f"{TEI}respStmt")
    statement.set(f"{XML}id", "editor 1'><script>")
    etree.SubElement(statement, f"{TEI}resp").text = "corrected"
    etree.SubElement(statement, f"{TEI}name").text = "Mallory"


@pytest.mark.parametrize(("change", "expected"), [
    (_set_lang, "xml:lang 'de\"><img src=x onerror=alert(1)>' is not a BCP 47 language tag"),
    # libxml2 refuses an xml:id that is no NCName while parsing (aligner checks them again after)
    (_set_text_id, "xml:id : attribute value de\"><b> is not an NCName"),
    (_set_editor_id, "xml:id : attribute value editor 1'><script> is not an NCName"),
])
@pytest.mark.parametrize("command", ["view", "convert", "edit"])
def test_what_an_alignment_cannot_hold_is_refused_by_every_command(tmp_path, change, expected, command):
    path = _edited(tmp_path, change)
    out = tmp_path / "out.html"
    args = {"view": ["view", str(path), "-o", str(out)],
            "convert": ["convert", str(path), "--to", "html", "-o", str(out)],
            "edit": ["edit", str(path), "--no-browser", "--port", "0"]}[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert expected in result.output and str(path) in result.output
    assert not out.exists()


def test_entities_are_refused_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    body = tei_bytes(hand_alignment()).decode("utf-8").split("\n", 1)[1].replace("Chapter One", "&leak;", 1)
    path = tmp_path / "xxe.tei.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n{body}',
                    encoding="utf-8")
    out = tmp_path / "out.html"
    result = runner.invoke(app, ["view", str(path), "-o", str(out)])
    assert result.exit_code == 1 and "declares entities (leak)" in result.output
    assert "SECRET-CONTENT" not in result.output and not out.exists()


def test_an_entity_bomb_is_refused_at_once(tmp_path):
    declarations = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{k} "{f"&a{k - 1};" * 10}">' for k in range(1, 10))
    path = tmp_path / "bomb.tei.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE TEI [{declarations}]>\n<TEI>&a9;</TEI>\n', encoding="utf-8")
    started = time.monotonic()
    result = runner.invoke(app, ["convert", str(path), "--to", "tsv", "-o", str(tmp_path / "out.tsv")])
    assert result.exit_code == 1 and "declares entities" in result.output
    assert time.monotonic() - started < 10


def test_a_100_mb_file_is_refused_with_the_reason(tmp_path):
    """One sentence of 100 MB: over the parser's limit for one element, refused quickly."""
    head, _, tail = tei_bytes(hand_alignment()).partition(b"Chapter One")
    path = tmp_path / "huge.tei.xml"
    with path.open("wb") as out:
        out.write(head)
        block = b"x" * (1 << 20)
        for _ in range(100):
            out.write(block)
        out.write(tail)
    assert path.stat().st_size > 100_000_000
    result = runner.invoke(app, ["view", str(path), "-o", str(tmp_path / "out.html")])
    assert result.exit_code == 1 and "larger than aligner reads in one element" in result.output
    assert not (tmp_path / "out.html").exists()


# --- in the browser -----------------------------------------------------------------


def _not_pwned(driver) -> None:
    time.sleep(0.3)  # let any image error or toggle event fire
    assert driver.execute_script("return window.__pwned === undefined")


def _own_script_ran(driver) -> bool:
    """The view's script sets --header from the header's height once it runs."""
    return bool(driver.execute_script(
        "return getComputedStyle(document.documentElement).getPropertyValue('--header')"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-browser")
    driver = headless_chromium(folder)
    yield driver
    driver.quit()


@pytest.mark.slow
@pytest.mark.parametrize("command", ["view", "convert"])
def test_no_script_of_the_file_runs_in_the_view(browser, hostile_tei, tmp_path, command):
    out = tmp_path / "page.html"
    args = ["view", str(hostile_tei), "-o", str(out)] if command == "view" else \
        ["convert", str(hostile_tei), "--to", "html", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    browser.get(out.as_uri())
    _not_pwned(browser)
    assert _own_script_ran(browser)
    shown = browser.find_element("id", "de-s3").text
    assert PAYLOADS[(3 + 0) % len(PAYLOADS)] in shown  # the payload is shown as the text it is


@pytest.mark.slow
def test_the_policy_stops_script_that_slipped_into_the_view(browser, tmp_path):
    """Were a value ever left unescaped, the page's Content-Security-Policy still runs
    only the page's own script: an inline handler and a foreign script stay inert."""
    page = to_html(hand_alignment()).decode("utf-8")
    slipped = page.replace("<h1>", f'<h1><img src=x onerror="{FLAG}"><script>{FLAG}</script>', 1)
    path = tmp_path / "slipped.html"
    path.write_text(slipped, encoding="utf-8")
    browser.get(path.as_uri())
    _not_pwned(browser)
    assert _own_script_ran(browser)


@pytest.mark.slow
def test_no_script_of_the_file_runs_in_a_notebook(browser, hostile_tei, tmp_path):
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body>{aligner.read(hostile_tei)._repr_html_()}</body></html>",
                    encoding="utf-8")
    browser.get(host.as_uri())
    _not_pwned(browser)
    browser.switch_to.frame(browser.find_element("tag name", "iframe"))
    try:
        _not_pwned(browser)
        assert _own_script_ran(browser)
        assert len(browser.find_elements("css selector", ".bead")) == len(hand_alignment().beads)
    finally:
        browser.switch_to.default_content()


@pytest.mark.slow
def test_no_script_of_the_file_runs_in_the_editor(browser, hostile_tei, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    path = tmp_path / "hostile.tei.xml"
    path.write_bytes(hostile_tei.read_bytes())
    server = subprocess.Popen([sys.executable, "-m", "aligner", "edit", str(path), "--no-browser", "--port", "0",
                               "--editor", PAYLOADS[0]], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split(" at ")[1].strip()
        browser.get(url)
        WebDriverWait(browser, 20).until(lambda d: d.find_elements("css selector", ".bead"))
        _not_pwned(browser)
        assert PAYLOADS[0] in browser.find_element("id", "title").text
        logs = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert not [m for m in logs if "Content Security Policy" in m and "static/" in m], logs
    finally:
        server.send_signal(2)
        server.wait(20)
