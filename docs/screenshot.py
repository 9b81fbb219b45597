"""Take the picture of the reading view that the README shows (docs/view.png).

Usage: .venv/bin/python docs/screenshot.py   (after `make align`; needs chromium and chromedriver)

Opens the main job's view, output_tei/zinoviev-kamenev.html, in headless Chromium at a
laptop's window size and saves what the first screen shows.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "output_tei" / "zinoviev-kamenev.html"
PICTURE = ROOT / "docs" / "view.png"


def main() -> int:
    if not PAGE.is_file():
        print(f"error: {PAGE} is missing: run `make align` first", file=sys.stderr)
        return 1
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                     "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    try:
        driver.get(PAGE.as_uri())
        driver.find_element("css selector", "#rows .bead")  # drawn by the page's script
        driver.save_screenshot(str(PICTURE))
    finally:
        driver.quit()
    print(f"wrote {PICTURE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
