"""View: the alignment as one self-contained, offline HTML page for reading side by side.

One grid row per bead, so counterparts start at the same height; hovering a sentence
highlights it and its counterparts; rows are coloured by confidence; beads without a
counterpart and doubtful beads are flagged and can be filtered; every row has a stable
anchor (``#b12``); each side carries its ``lang``. No external resources.
"""

from __future__ import annotations

import html
from pathlib import Path

from aligner import __version__
from aligner.datatypes import Alignment, Bead
from aligner.formats.tei import text_ids, xml_safe

# Beads below this confidence are flagged as doubtful.
DOUBTFUL_BELOW = 0.5

STYLE = """
:root { --high: #e6f4ea; --mid: #fff6d6; --low: #fde2e1; --line: #d0d7de; --accent: #0969da; }
* { box-sizing: border-box; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; margin: 0; color: #1f2328; }
header { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line);
         padding: .5rem 1rem; z-index: 1; font-family: system-ui, sans-serif; font-size: 14px; }
header h1 { font-size: 1.1rem; margin: 0 0 .25rem; }
header label { margin-right: 1rem; white-space: nowrap; }
.legend span { padding: 0 .4rem; border-radius: 3px; margin-right: .3rem; }
main { padding: 0 1rem 3rem; }
.row { display: grid; grid-template-columns: 1fr 1fr 5.5rem; gap: 0 1rem; align-items: start;
       border-bottom: 1px solid var(--line); padding: .35rem 0; }
.row.columns { font-family: system-ui, sans-serif; font-weight: bold; border-bottom: 0; padding-bottom: 0;
               font-size: 14px; }
.bead { scroll-margin-top: calc(var(--header, 10rem) + .5rem); }
.tools { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
.tools input[type=search] { width: 14rem; } .tools input[type=number] { width: 5rem; }
#found-count { color: #57606a; }
.bead.found { box-shadow: inset 4px 0 0 var(--accent); }
mark { background: #fff8c5; padding: 0; }
.side { min-width: 0; overflow-wrap: anywhere; }
.high { background: var(--high); } .mid { background: var(--mid); } .low { background: var(--low); }
.meta { font: 12px/1.4 system-ui, sans-serif; color: #57606a; text-align: right; }
.meta a { color: inherit; text-decoration: none; }
.meta a:hover { text-decoration: underline; }
.s { border-radius: 3px; padding: 0 1px; }
.s.hl { background: #fff8c5; outline: 2px solid var(--accent); }
.gap { font: italic 13px system-ui, sans-serif; color: #8c959f; }
.skip .side.empty { border-left: 3px dashed #cf222e; }
.flag { display: inline-block; font-weight: bold; color: #cf222e; }
.manual .meta { color: #1a7f37; }
body.only-doubtful .bead:not(.doubtful) { display: none; }
body.only-skips .bead:not(.skip) { display: none; }
body.hide-skips .bead.skip { display: none; }
:target { outline: 3px solid var(--accent); }
@media (max-width: 640px) {
  .row { grid-template-columns: 1fr; }
  .row.columns { display: none; }
  .tools input[type=search] { width: 9rem; }
  .side.src { border-bottom: 1px dotted var(--line); }
  .meta { text-align: left; }
}
"""

_SCRIPT = """
(function () {
  var active = [];
  function clear() { active.forEach(function (e) { e.classList.remove('hl'); }); active = []; }
  document.addEventListener('mouseover', function (event) {
    var sentence = event.target.closest('.s');
    clear();
    if (!sentence) { return; }
    active = Array.prototype.slice.call(
      document.querySelectorAll('.s[data-bead="' + sentence.dataset.bead + '"]'));
    active.forEach(function (e) { e.classList.add('hl'); });
  });
  ['only-doubtful', 'only-skips', 'hide-skips'].forEach(function (name) {
    var box = document.getElementById(name);
    box.addEventListener('change', function () { document.body.classList.toggle(name, box.checked); });
  });
  // Anchors land below the sticky header: its height is the rows' scroll margin.
  var header = document.querySelector('header');
  function fit() { document.documentElement.style.setProperty('--header', header.offsetHeight + 'px'); }
  fit();
  window.addEventListener('resize', fit);
  function show(row) {
    if (!row) { return; }
    if (location.hash !== '#' + row.id) { history.replaceState(null, '', '#' + row.id); }
    row.scrollIntoView({block: 'start'});
  }
  if (location.hash) { show(document.getElementById(location.hash.slice(1))); }
  // Go to bead N.
  var go = document.getElementById('goto');
  go.addEventListener('change', function () { show(document.getElementById('b' + go.value)); });
  // Find a word on either side: Enter goes to the next bead holding it.
  var find = document.getElementById('find'), count = document.getElementById('found-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('.bead')), hits = [], at = -1;
  function search() {
    var query = find.value.trim().toLowerCase();
    rows.forEach(function (row) { row.classList.remove('found'); });
    hits = query ? rows.filter(function (row) {
      return Array.prototype.some.call(row.querySelectorAll('.s'), function (s) {
        return s.textContent.toLowerCase().indexOf(query) >= 0; });
    }) : [];
    hits.forEach(function (row) { row.classList.add('found'); });
    at = -1;
    count.textContent = query ? hits.length + ' bead' + (hits.length === 1 ? '' : 's') : '';
  }
  find.addEventListener('input', search);
  find.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || !hits.length) { return; }
    at = (at + (event.shiftKey ? hits.length - 1 : 1)) % hits.length;
    count.textContent = (at + 1) + ' of ' + hits.length;
    show(hits[at]);
  });
})();
"""


def _band(confidence: float) -> str:
    return "high" if confidence >= 0.9 else "mid" if confidence >= DOUBTFUL_BELOW else "low"


def _side(alignment: Alignment, bead: Bead, number: int, side: int, ids: tuple[str, str]) -> str:
    document = alignment.src if side == 0 else alignment.tgt
    indices = bead.src if side == 0 else bead.tgt
    role = "src" if side == 0 else "tgt"
    if not indices:
        return f'<div class="side {role} empty" lang="{document.lang}"><span class="gap">no counterpart</span></div>'
    spans = " ".join(
        f'<span class="s" id="{ids[side]}-s{i}" data-bead="b{number}">'
        f"{html.escape(xml_safe(document.sentences[i].text))}</span>"
        for i in indices
    )
    return f'<div class="side {role}" lang="{document.lang}">{spans}</div>'


def to_html(alignment: Alignment) -> bytes:
    """The side-by-side page (UTF-8), deterministic for a given alignment."""
    src, tgt = alignment.src, alignment.tgt
    ids = text_ids(alignment)
    rows = []
    for number, bead in enumerate(alignment.beads):
        skip = not bead.linked
        doubtful = bead.confidence < DOUBTFUL_BELOW
        classes = " ".join(["row", "bead", _band(bead.confidence)] + ["skip"] * skip + ["doubtful"] * doubtful
                           + ["manual"] * bead.manual)
        flag = ' <span class="flag" title="doubtful">?</span>' if doubtful else ""
        if bead.manual:
            flag = f' <span class="checked" title="{html.escape(f"by hand: {bead.resp}", quote=True)}">&#10003;</span>'

        rows.append(
            f'<div class="{classes}" id="b{number}" data-type="{bead.kind}" data-confidence="{bead.confidence:.4f}">'
            f"{_side(alignment, bead, number, 0, ids)}{_side(alignment, bead, number, 1, ids)}"
            f'<div class="meta"><a href="#b{number}">#{number}</a> {bead.kind}<br>{bead.confidence:.2f}{flag}</div>'
            "</div>"
        )
    title = html.escape(f"{src.label} ({src.lang}) ↔ {tgt.label} ({tgt.lang})")
    skips = sum(1 for bead in alignment.beads if not bead.linked)
    doubtful = sum(1 for bead in alignment.beads if bead.confidence < DOUBTFUL_BELOW)
    manual = sum(1 for bead in alignment.beads if bead.manual)
    reviewed = f", {manual} made or confirmed by hand (&#10003;)" if manual else ""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="aligner {__version__}">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<div>{len(alignment.beads)} beads: {skips} without a counterpart, {doubtful} doubtful (confidence below
{DOUBTFUL_BELOW}){reviewed}. Sentences {alignment.src_range[0]}-{alignment.src_range[1] - 1} of {html.escape(src.name)},
{alignment.tgt_range[0]}-{alignment.tgt_range[1] - 1} of {html.escape(tgt.name)}.</div>
<div class="legend">confidence: <span class="high">&ge; 0.9</span><span class="mid">0.5&ndash;0.9</span><span
class="low">&lt; 0.5</span></div>
<div class="tools">
<label><input type="checkbox" id="only-doubtful"> only doubtful</label>
<label><input type="checkbox" id="only-skips"> only without counterpart</label>
<label><input type="checkbox" id="hide-skips"> hide those without counterpart</label>
<label>find <input type="search" id="find" placeholder="a word, either side; Enter: next"></label>
<span id="found-count"></span>
<label>go to bead <input type="number" id="goto" min="0" max="{len(alignment.beads) - 1}"></label>
</div>
<div class="row columns"><div lang="{src.lang}">{html.escape(src.label)}</div>
<div lang="{tgt.lang}">{html.escape(tgt.label)}</div><div></div></div>
</header>
<main>
{chr(10).join(rows)}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""
    return page.encode("utf-8")


def render(alignment: Alignment, path: Path) -> dict[Path, bytes]:
    return {path: to_html(alignment)}
