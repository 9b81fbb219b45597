"""The editor and the reading view at book scale, in headless Chromium.

Usage: python benchmarks/edit_scale.py [ROOT] [--sizes 5000,all] [--presses 30] [--cache-dir DIR]

Aligns the first N English lines of bible-en-zh with the Chinese lines of the same
verses (N = 5,000, and all 30,000 for ``all``; ROOT defaults to ../shared/benchmarks; the
vectors come from the cache after a first run), then:

- the view (``aligner view``): time until the page is ready (its script has run), and
  each filter and a find, timed from the action to the second animation frame after it
  (the page painted);
- the editor (``aligner edit``): time until the page is ready (alignment fetched, rows
  drawn), then each action pressed ``--presses`` times on beads spread over the whole
  alignment, the median and worst time of each (key to painted frame), and the time of a
  save (click to the page saying it saved).

Targets (issue 28, at the whole Bible): editor ready <= 3 s; every action <= 100 ms,
median < 30 ms; save <= 10 s; view ready <= 3 s; filters and find <= 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Runs ``action`` (JavaScript) and reports, through selenium's async callback, the
# milliseconds until the second animation frame after it (the result painted).
_TIMED = """
const done = arguments[arguments.length - 1];
const started = performance.now();
%s
const script = performance.now() - started;
requestAnimationFrame(() => requestAnimationFrame(() => done([performance.now() - started, script])));
"""
_KEY = "document.body.dispatchEvent(new KeyboardEvent('keydown', {key: %r, ctrlKey: %s, bubbles: true}));"
ACTIONS = (("select next (j)", "j", False), ("select previous (k)", "k", False), ("merge (m)", "m", False),
           ("undo (u)", "u", False), ("redo (r)", "r", False), ("undo again (Ctrl+Z)", "z", True),
           ("boundary ] (take src)", "]", False), ("boundary [ (give src)", "[", False),
           ("boundary } (take tgt)", "}", False), ("boundary { (give tgt)", "{", False),
           ("confirm (c)", "c", False), ("next doubtful (n)", "n", False), ("next 1-0/0-1 (g)", "g", False))
# Actions that are more than one key: split (s, then Enter in its form, then undo), detach
# (a click on the bead's first sentence, x, then undo) and find (a word typed, then Enter).
_SPLIT = (_KEY % ("s", "false") + "const form = document.getElementById('splitter'); if (form) { "
          "form.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true})); }")
_DETACH = ("const row = document.querySelector('.bead.selected'); const s = row && row.querySelector('.s'); "
           "if (s) { s.click(); } " + _KEY % ("x", "false"))
_FIND = ("const box = document.getElementById('find'); box.value = 'thee'; box.dispatchEvent(new Event('input')); "
         "box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));")
MORE = (("split (s, Enter)", _SPLIT), ("detach (click, x)", _DETACH), ("find (type, Enter)", _FIND))


def corpus(root: Path, size: str, work: Path) -> tuple[Path, Path]:
    folder = root / "bible-en-zh"
    english = (folder / "en" / "001").read_text(encoding="utf-8").splitlines()
    chinese = (folder / "zh" / "001").read_text(encoding="utf-8").splitlines()
    if size != "all":
        verses = set((folder / "verse" / "en").read_text(encoding="utf-8").splitlines()[: int(size)])
        english = english[: int(size)]
        chinese = [line for line, verse in zip(chinese, (folder / "verse" / "zh").read_text(
            encoding="utf-8").splitlines(), strict=True) if verse in verses]
    paths = work / f"bible-{size}.en.txt", work / f"bible-{size}.zh.txt"
    for path, lines in zip(paths, (english, chinese), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def timed(driver, script: str) -> float:
    """Milliseconds from the action to the painted frame after it (at least about two
    frames, 17-33 ms, whatever the action)."""
    return float(driver.execute_async_script(_TIMED % script)[0])


def scripted(driver, script: str) -> tuple[float, float]:
    """The action's time to the painted frame, and the time its own script took."""
    painted, own = driver.execute_async_script(_TIMED % script)
    return float(painted), float(own)


def view_figures(driver, page: Path) -> dict[str, float]:
    started = time.perf_counter()
    driver.get(page.as_uri())
    driver.execute_async_script("const done = arguments[0]; requestAnimationFrame(() => done());")
    figures = {"ready": (time.perf_counter() - started) * 1000}
    for name in ("only-doubtful", "only-skips", "hide-skips"):
        figures[f"filter {name}"] = timed(driver, f"document.getElementById('{name}').click();")
        timed(driver, f"document.getElementById('{name}').click();")
    set_find = ("const box = document.getElementById('find'); box.value = %r; "
                "box.dispatchEvent(new Event('input'));")
    figures["find a word"] = timed(driver, set_find % "thee")
    figures["find again (Enter)"] = timed(driver, "document.getElementById('find').dispatchEvent(new KeyboardEvent("
                                                  "'keydown', {key: 'Enter', bubbles: true}));")
    figures["find cleared"] = timed(driver, set_find % "")
    return figures


def edit_figures(driver, url: str, presses: int) -> tuple[float, dict[str, list[tuple[float, float]]], float]:
    started = time.perf_counter()
    driver.get(url)
    while not driver.execute_script("return document.getElementById('counter').textContent"):
        time.sleep(0.02)
    driver.execute_async_script("const done = arguments[0]; requestAnimationFrame(() => done());")
    ready = (time.perf_counter() - started) * 1000
    count = int(driver.execute_script("return document.getElementById('counter').textContent.split(' · ')[2]"
                                      ".split(' ')[0]"))
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in [*(a[0] for a in ACTIONS),
                                                                         *(m[0] for m in MORE)]}
    for press in range(presses):
        target = (press * 7919) % max(count - 2, 1)  # beads spread over the whole alignment
        driver.execute_script("document.getElementById('goto').value = arguments[0]; "
                              "document.getElementById('goto').dispatchEvent(new Event('change'));", target)
        for name, script in MORE:  # first, on the bead gone to (most are 1-1)
            times[name].append(scripted(driver, script))
            if name != "find (type, Enter)":
                scripted(driver, _KEY % ("u", "false"))
        for name, key, ctrl in ACTIONS:
            times[name].append(scripted(driver, _KEY % (key, "true" if ctrl else "false")))
    started = time.perf_counter()
    driver.execute_script("document.querySelector('button[data-action=save]').click();")
    while "saved" not in driver.execute_script("return document.getElementById('status').textContent"):
        if "not saved" in driver.execute_script("return document.getElementById('status').textContent"):
            raise RuntimeError(driver.execute_script("return document.getElementById('status').textContent"))
        time.sleep(0.02)
    return ready, times, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--sizes", default="5000,all")
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args()
    from aligner.cache import default_cache_dir
    from tests.conftest import headless_chromium

    cache = args.cache_dir or default_cache_dir()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        driver = headless_chromium(work)
        driver.set_script_timeout(120)
        try:
            for size in args.sizes.split(","):
                english, chinese = corpus(args.root, size, work)
                tei = work / f"bible-{size}.tei.xml"
                subprocess.run([sys.executable, "-m", "aligner", "align", str(english), str(chinese), "--src-lang",
                                "en", "--tgt-lang", "zh", "--presegmented", "-o", str(tei), "-f", "tei", "-f", "html",
                                "--cache-dir", str(cache), "-q"], check=True, cwd=ROOT)
                links = tei.read_text(encoding="utf-8").count("<link ")
                print(f"== bible-en-zh {size}: {links:,} beads, TEI {tei.stat().st_size / 1e6:.1f} MB", flush=True)
                for name, value in view_figures(driver, tei.with_name(f"bible-{size}.html")).items():
                    print(f"view   {name:26} {value:8.0f} ms", flush=True)
                server = subprocess.Popen([sys.executable, "-m", "aligner", "edit", str(tei), "--no-browser",
                                           "--port", "0"], stdout=subprocess.PIPE, text=True, cwd=ROOT)
                try:
                    url = server.stdout.readline().split(" at ")[1].strip()
                    ready, times, save = edit_figures(driver, url, args.presses)
                finally:
                    server.send_signal(2)
                    server.wait(30)
                print(f"editor ready                      {ready:8.0f} ms")
                for name, values in times.items():
                    painted, own = [v for v, _ in values], [v for _, v in values]
                    print(f"editor {name:26} median {statistics.median(painted):6.1f} ms, worst {max(painted):6.1f} ms "
                          f"(its script: median {statistics.median(own):5.1f}, worst {max(own):5.1f})")
                print(f"editor save                       {save * 1000:8.0f} ms", flush=True)
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
