"""View: the alignment as one self-contained, offline HTML page for reading side by side.

One grid row per bead, so counterparts start at the same height; hovering a sentence
highlights it and its counterparts; rows are coloured by confidence; beads without a
counterpart and doubtful beads are flagged and can be filtered; every row has a stable
anchor (``#b12``); each side carries its ``lang``. No external resources.

The page is rendered by ``aligner.pages`` (Jinja2, every value escaped) and carries a
Content-Security-Policy that lets only its own script and style run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aligner import __version__, pages
from aligner.datatypes import Alignment, Bead, Document
from aligner.formats.tei import text_ids, xml_safe

# Beads below this confidence are flagged as doubtful.
DOUBTFUL_BELOW = 0.5


def _band(confidence: float) -> str:
    return "high" if confidence >= 0.9 else "mid" if confidence >= DOUBTFUL_BELOW else "low"


def _side(document: Document, indices: tuple[int, ...], role: str, text_id: str) -> dict[str, Any]:
    return {"role": role, "lang": document.lang,
            "sentences": [{"id": f"{text_id}-s{i}", "text": xml_safe(document.sentences[i].text)} for i in indices]}


def _row(alignment: Alignment, bead: Bead, number: int, ids: tuple[str, str]) -> dict[str, Any]:
    doubtful = bead.confidence < DOUBTFUL_BELOW
    classes = ["row", "bead", _band(bead.confidence)] + ["skip"] * (not bead.linked) + ["doubtful"] * doubtful \
        + ["manual"] * bead.manual
    return {"number": number, "classes": " ".join(classes), "kind": bead.kind,
            "confidence": f"{bead.confidence:.4f}", "shown": f"{bead.confidence:.2f}", "doubtful": doubtful,
            "resp": bead.resp,
            "sides": [_side(alignment.src, bead.src, "src", ids[0]), _side(alignment.tgt, bead.tgt, "tgt", ids[1])]}


def to_html(alignment: Alignment) -> bytes:
    """The side-by-side page (UTF-8), deterministic for a given alignment."""
    src, tgt = alignment.src, alignment.tgt
    ids = text_ids(alignment)
    script, style = pages.static("view.js"), pages.static("view.css")
    page = pages.render(
        "view.html",
        policy=pages.inline_policy(script, style), script=script, style=style, version=__version__,
        title=f"{src.label} ({src.lang}) ↔ {tgt.label} ({tgt.lang})", src=src, tgt=tgt,
        rows=[_row(alignment, bead, number, ids) for number, bead in enumerate(alignment.beads)],
        skips=sum(1 for bead in alignment.beads if not bead.linked),
        doubtful=sum(1 for bead in alignment.beads if bead.confidence < DOUBTFUL_BELOW),
        manual=sum(1 for bead in alignment.beads if bead.manual), doubtful_below=DOUBTFUL_BELOW,
        src_first=alignment.src_range[0], src_last=alignment.src_range[1] - 1,
        tgt_first=alignment.tgt_range[0], tgt_last=alignment.tgt_range[1] - 1)
    return page.encode("utf-8")


def in_frame(alignment: Alignment) -> str:
    """The page inside a sandboxed ``<iframe srcdoc>`` (a notebook's output cell): its
    script runs in an opaque origin of its own, away from the notebook's page."""
    return pages.render("frame.html", page=to_html(alignment).decode("utf-8"))


def render(alignment: Alignment, path: Path) -> dict[Path, bytes]:
    return {path: to_html(alignment)}
