"""``aligner edit`` as a user meets it: the command started, a real alignment (the
Zinoviev-Kamenev chapter, aligned with the real model) edited in headless chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

from ..conftest import headless_chromium

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"
runner = CliRunner()


def strict_f1(path: Path) -> float:
    result = runner.invoke(app, ["evaluate", str(DATA / "zk.gold.txt"), str(path)])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("strict"))
    return float(line.split()[-1])


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """The chapter aligned from its sentence files, then ``aligner edit`` on it, and a
    browser on the address it prints."""
    folder = tmp_path_factory.mktemp("edit")
    tei = folder / "zk.tei.xml"
    result = runner.invoke(app, ["align", str(DATA / "zk.de.txt"), str(DATA / "zk.en.txt"), "--presegmented",
                                 "--src-lang", "de", "--tgt-lang", "en", "-o", str(tei), "-q"])
    assert result.exit_code == 0, result.output
    shutil.copy(tei, folder / "as-aligned.tei.xml")
    server = subprocess.Popen([sys.executable, "-m", "aligner", "edit", str(tei), "--no-browser", "--port", "0",
                               "--editor", "Test Editor"], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().split(" at ")[1].strip()
    driver = headless_chromium(folder)
    driver.get(url)
    yield driver, tei, folder / "as-aligned.tei.xml"
    driver.quit()
    server.send_signal(2)
    server.wait(20)


def wait_for(driver, condition, what: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 20).until(lambda d: condition(d), message=what)


def row(driver, number: int):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, f"b{number}")


def click(driver, element) -> None:
    """Click where a user would see it: scrolled to the middle of the window, clear of
    the sticky header (chromedriver's own scrolling puts it under the header)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def kind(driver, number: int) -> str:
    return row(driver, number).get_attribute("data-type")


def press(driver, *keys: str, ctrl: bool = False) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    chain = ActionChains(driver)
    if ctrl:
        chain = chain.key_down(Keys.CONTROL)
    for key in keys:
        chain = chain.send_keys(key)
    if ctrl:
        chain = chain.key_up(Keys.CONTROL)
    chain.perform()


def text(driver, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id).text


def choose(driver, element_id: str, value: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, element_id)).select_by_value(str(value))


def test_edit_save_reload_and_score(editing):
    from selenium.webdriver.common.by import By

    driver, tei, as_aligned = editing
    wait_for(driver, lambda d: text(d, "counter"), "the alignment loads")
    assert text(driver, "counter") == "0 reviewed · 8 doubtful · 115 beads"
    keys = driver.find_element(By.CSS_SELECTOR, "details.keys").get_attribute("textContent")
    assert "merge the bead with the next one" in keys and "Ctrl+S" in keys
    # The aligner's two wrong beads at the top: "Im Zusammenhang..." left without a
    # counterpart (#10), and the three sentences after it linked alone to its translation (#14).
    assert kind(driver, 10) == "1-0" and kind(driver, 14) == "3-1"

    # Merge the title with the next bead, undo, redo, undo again (keys and buttons).
    click(driver, row(driver, 1).find_element(By.CLASS_NAME, "meta"))
    press(driver, "m")
    assert kind(driver, 1) == "1-2" and text(driver, "counter").endswith("114 beads")
    press(driver, "u")
    assert kind(driver, 1) == "1-1" and kind(driver, 2) == "0-1"
    press(driver, "y", ctrl=True)
    assert kind(driver, 1) == "1-2"
    click(driver, driver.find_element(By.CSS_SELECTOR, "button[data-action=undo]"))
    assert kind(driver, 1) == "1-1" and text(driver, "unsaved") == ""

    # Split a 1-1 bead into a 1-0 and a 0-1 bead (choosing where on each side), join them back.
    click(driver, row(driver, 15).find_element(By.CLASS_NAME, "meta"))
    linked = row(driver, 15).text
    press(driver, "s")
    choose(driver, "split-src", 1)
    choose(driver, "split-tgt", 0)
    driver.find_element(By.ID, "split-apply").click()
    assert (kind(driver, 15), kind(driver, 16)) == ("1-0", "0-1")
    click(driver, row(driver, 16).find_element(By.CLASS_NAME, "meta"))
    press(driver, "x")
    assert kind(driver, 15) == "1-1" and row(driver, 15).text == linked
    assert "manual" not in row(driver, 15).get_attribute("class")  # as the aligner had it: not an edit

    # Confirm it; the counter counts it as reviewed.
    press(driver, "c")
    assert "manual" in row(driver, 15).get_attribute("class")
    assert text(driver, "counter").startswith("1 reviewed")

    # Move the boundary: #10 gives its sentence to the next bead with source sentences.
    click(driver, row(driver, 10).find_element(By.CLASS_NAME, "meta"))
    press(driver, "[")
    assert kind(driver, 13) == "4-1" and "changed" in row(driver, 13).get_attribute("class")
    # Detach the first sentence of that bead as a 1-0 bead, and undo it.
    click(driver, row(driver, 13).find_element(By.CSS_SELECTOR, ".s[data-side=src]"))
    press(driver, "x")
    assert (kind(driver, 13), kind(driver, 14)) == ("1-0", "3-1")
    press(driver, "z", ctrl=True)
    assert kind(driver, 13) == "4-1"

    # Next doubtful goes to the first doubtful bead after the selection (from the top again after the last).
    doubtful = [int(r.get_attribute("data-index")) for r in driver.find_elements(By.CSS_SELECTOR, ".bead.doubtful")]
    press(driver, "n")
    selected = driver.find_element(By.CSS_SELECTOR, ".bead.selected")
    expected = next((n for n in doubtful if n > 13), doubtful[0])
    assert int(selected.get_attribute("data-index")) == expected

    # Save, then reload: the edits are in the file.
    assert text(driver, "unsaved") == "unsaved changes"
    driver.find_element(By.CSS_SELECTOR, "button[data-action=save]").click()
    wait_for(driver, lambda d: text(d, "status").startswith("saved zk.tei.xml"), "the save")
    assert "1 link(s) made, 2 replaced, 1 confirmed" in text(driver, "status")
    driver.refresh()
    wait_for(driver, lambda d: text(d, "counter"), "the alignment loads again")
    assert kind(driver, 13) == "4-1" and "manual" in row(driver, 13).get_attribute("class")
    assert "manual" in row(driver, 14).get_attribute("class")  # the bead confirmed as #15, before #10 went
    assert text(driver, "counter") == "2 reviewed · 7 doubtful · 114 beads"

    # The saved file is valid, and scores higher against the gold than the aligner's.
    result = runner.invoke(app, ["validate", str(tei)])
    assert result.exit_code == 0, result.output
    before, after = strict_f1(as_aligned), strict_f1(tei)
    assert before < 0.99 and after == 1.0, (before, after)


def test_a_refused_save_says_why_on_the_page(editing):
    from selenium.webdriver.common.by import By

    driver, tei, _ = editing
    wait_for(driver, lambda d: text(d, "counter"), "the alignment loads")
    tei.write_bytes(tei.read_bytes() + b"\n")  # someone else changes the file
    click(driver, row(driver, 20).find_element(By.CLASS_NAME, "meta"))
    press(driver, "c")
    press(driver, "s", ctrl=True)
    wait_for(driver, lambda d: "changed on disk" in text(d, "status"), "the refusal")
    assert "error" in driver.find_element(By.ID, "status").get_attribute("class")
