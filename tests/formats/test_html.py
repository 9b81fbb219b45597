"""The side-by-side view in a real headless browser (Debian chromium + chromedriver)."""

from __future__ import annotations

import pytest

from aligner.formats.html import DOUBTFUL_BELOW, to_html

from ..conftest import hand_alignment, headless_chromium

pytestmark = pytest.mark.slow




@pytest.fixture(scope="module")
def page(tmp_path_factory):
    alignment = hand_alignment()  # built by hand: every bead type, confidences in every band
    folder = tmp_path_factory.mktemp("view")
    path = folder / "zk.html"
    path.write_bytes(to_html(alignment))
    driver = headless_chromium(folder)
    driver.get(path.as_uri())
    yield driver, alignment
    driver.quit()


def test_counterparts_start_on_the_same_row(page):
    driver, alignment = page
    rows = driver.find_elements("css selector", ".bead")
    assert len(rows) == len(alignment.beads)
    tops = driver.execute_script(
        "return Array.from(document.querySelectorAll('.bead')).map(function (row) {"
        "  var s = row.querySelector('.side.src'), t = row.querySelector('.side.tgt');"
        "  return [s.getBoundingClientRect().top, t.getBoundingClientRect().top]; });")
    assert all(abs(src - tgt) < 1 for src, tgt in tops)
    assert driver.find_element("css selector", ".side.src").get_attribute("lang") == "de"
    assert driver.find_element("css selector", ".side.tgt").get_attribute("lang") == "en"


def test_hover_highlights_the_counterparts(page):
    from selenium.webdriver.common.action_chains import ActionChains

    driver, alignment = page
    number = next(k for k, bead in enumerate(alignment.beads) if len(bead.src) == 1 and len(bead.tgt) == 2)
    bead = alignment.beads[number]
    sentence = driver.find_element("id", f"de-s{bead.src[0]}")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", sentence)
    ActionChains(driver).move_to_element(sentence).perform()
    highlighted = {e.get_attribute("id") for e in driver.find_elements("css selector", ".s.hl")}
    assert highlighted == {f"de-s{bead.src[0]}", *(f"en-s{j}" for j in bead.tgt)}


def test_filters(page):
    driver, alignment = page
    doubtful = sum(1 for bead in alignment.beads if bead.confidence < DOUBTFUL_BELOW)
    skips = sum(1 for bead in alignment.beads if not bead.linked)
    assert doubtful and skips

    def visible() -> list[str]:
        return [row.get_attribute("class") for row in driver.find_elements("css selector", ".bead")
                if row.is_displayed()]

    for box, expected, marker in (("only-doubtful", doubtful, "doubtful"), ("only-skips", skips, "skip")):
        driver.execute_script("window.scrollTo(0, 0);")
        driver.find_element("id", box).click()
        shown = visible()
        assert len(shown) == expected and all(marker in classes.split() for classes in shown)
        driver.find_element("id", box).click()
    assert len(visible()) == len(alignment.beads)
    driver.find_element("id", "hide-skips").click()
    assert len(visible()) == len(alignment.beads) - skips
    driver.find_element("id", "hide-skips").click()


def test_anchor_and_narrow_screen(page):
    driver, alignment = page
    driver.get(driver.current_url.split("#")[0] + "#b5")
    assert driver.execute_script("return document.querySelector(':target').id") == "b5"
    driver.set_window_size(400, 900)
    try:
        src, tgt = driver.execute_script(
            "var r = document.getElementById('b5'); return [r.querySelector('.side.src').getBoundingClientRect(),"
            " r.querySelector('.side.tgt').getBoundingClientRect()];")
        assert tgt["top"] >= src["bottom"] - 1  # stacked, not squeezed side by side
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 400  # no horizontal scrolling
    finally:
        driver.set_window_size(1280, 900)


def _header_bottom(driver) -> float:
    return driver.execute_script("return document.querySelector('header').getBoundingClientRect().bottom")


def _row_top(driver, number: int) -> float:
    return driver.execute_script(f"return document.getElementById('b{number}').getBoundingClientRect().top")


def test_an_anchor_lands_below_the_header_with_the_column_labels_in_view(page):
    driver, alignment = page
    driver.set_window_size(1280, 400)  # short, so that the row must scroll under the header
    try:
        driver.get(driver.current_url.split("#")[0] + "#b7")
        top, bottom = _row_top(driver, 7), _header_bottom(driver)
        assert top >= bottom - 1, (top, bottom)  # not hidden behind the sticky header
        assert driver.execute_script("return window.scrollY") > 0  # it did scroll
        labels = driver.find_element("css selector", "header .row.columns")
        assert labels.is_displayed() and alignment.tgt.label in labels.text
    finally:
        driver.set_window_size(1280, 900)


def test_find_a_word_and_go_to_a_bead(page):
    from selenium.webdriver.common.keys import Keys

    driver, alignment = page
    driver.set_window_size(1280, 400)
    try:
        driver.get(driver.current_url.split("#")[0])
        word = "sentence"  # in the English of beads 8 and ("sentenced") 7
        expected = [k for k, bead in enumerate(alignment.beads)
                    if any(word in alignment.tgt.sentences[j].text.lower() for j in bead.tgt)]
        assert expected == [6, 7]
        find = driver.find_element("id", "find")
        find.send_keys(word)
        assert driver.find_element("id", "found-count").text == "2 beads"
        found = [row.get_attribute("id") for row in driver.find_elements("css selector", ".bead.found")]
        assert found == [f"b{k}" for k in expected]
        find.send_keys(Keys.ENTER)
        assert driver.current_url.endswith("#b6") and _row_top(driver, 6) >= _header_bottom(driver) - 1
        find.send_keys(Keys.ENTER)
        assert driver.current_url.endswith("#b7") and driver.find_element("id", "found-count").text == "2 of 2"
        go = driver.find_element("id", "goto")
        go.send_keys("9", Keys.ENTER)
        assert driver.current_url.endswith("#b9") and _row_top(driver, 9) >= _header_bottom(driver) - 1
        find.clear()
        find.send_keys("no such word anywhere")
        assert driver.find_element("id", "found-count").text == "0 beads"
    finally:
        driver.set_window_size(1280, 900)
