"""View: an alignment as one self-contained, offline HTML page for reading side by side.

One grid row per bead (per row, for several versions: one column each, the page
scrolling sideways when they do not fit), so counterparts start at the same height;
hovering a sentence highlights it and its counterparts; rows are coloured by confidence;
rows without a counterpart and doubtful rows are flagged and can be filtered (for several
versions, a version doubtful in its row is underlined); every row has a stable anchor
(``#b12``); each column carries its ``lang``. No external resources.

The page is rendered by ``aligner.pages`` (Jinja2, every value escaped) and carries a
Content-Security-Policy that lets only its own script and style run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aligner import __version__, pages
from aligner.datatypes import Alignment, Document, Versions
from aligner.formats.tei import text_ids, xml_safe

# Beads below this confidence are flagged as doubtful.
DOUBTFUL_BELOW = 0.5


def _band(confidence: float) -> str:
    return "high" if confidence >= 0.9 else "mid" if confidence >= DOUBTFUL_BELOW else "low"


def _side(document: Document, indices: tuple[int, ...], role: str, text_id: str,
          confidence: float | None = None) -> dict[str, Any]:
    return {"role": role, "lang": document.lang,
            "doubtful": confidence is not None and indices and confidence < DOUBTFUL_BELOW,
            "shown": f"{confidence:.2f}" if confidence is not None and indices else "",
            "sentences": [{"id": f"{text_id}-s{i}", "text": xml_safe(document.sentences[i].text)} for i in indices]}


def _row(number: int, sides: list[dict[str, Any]], kind: str, confidence: float, resp: str,
         skip: bool) -> dict[str, Any]:
    doubtful = confidence < DOUBTFUL_BELOW
    classes = ["row", "bead", _band(confidence)] + ["skip"] * skip + ["doubtful"] * doubtful + ["manual"] * bool(resp)
    return {"number": number, "classes": " ".join(classes), "kind": kind, "confidence": f"{confidence:.4f}",
            "shown": f"{confidence:.2f}", "doubtful": doubtful, "resp": resp, "sides": sides}


def _columns(documents: Sequence[Document], ranges: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    return [{"lang": d.lang, "label": d.label, "name": d.name, "first": first, "last": last - 1}
            for d, (first, last) in zip(documents, ranges, strict=True)]


def _page(title: str, unit: str, columns: list[dict[str, Any]], rows: list[dict[str, Any]]) -> bytes:
    script = pages.static("view.js")
    style = f":root {{ --versions: {len(columns)}; }}\n" + pages.static("view.css")
    page = pages.render(
        "view.html", policy=pages.inline_policy(script, style), script=script, style=style, version=__version__,
        title=title, unit=unit, columns=columns, rows=rows, doubtful_below=DOUBTFUL_BELOW,
        skips=sum("skip" in row["classes"].split() for row in rows),
        doubtful=sum(row["doubtful"] for row in rows), manual=sum(bool(row["resp"]) for row in rows))
    return page.encode("utf-8")


def to_html(alignment: Alignment | Versions) -> bytes:
    """The side-by-side page (UTF-8), deterministic for a given alignment."""
    if isinstance(alignment, Versions):
        return _versions_html(alignment)
    src, tgt = alignment.src, alignment.tgt
    ids = text_ids(alignment)
    rows = [_row(number, [_side(src, bead.src, "src", ids[0]), _side(tgt, bead.tgt, "tgt", ids[1])], bead.kind,
                 bead.confidence, bead.resp, not bead.linked)
            for number, bead in enumerate(alignment.beads)]
    return _page(f"{src.label} ({src.lang}) ↔ {tgt.label} ({tgt.lang})", "bead",
                 _columns((src, tgt), (alignment.src_range, alignment.tgt_range)), rows)


def _versions_html(versions: Versions) -> bytes:
    ids = versions.ids
    aligned = [k for k in range(len(ids)) if k not in versions.unaligned]
    rows = [_row(number, [_side(document, run, f"v{k}", ids[k], value) for k, (document, run, value) in
                          enumerate(zip(versions.documents, row.runs, row.confidences, strict=True))],
                 row.kind, row.confidence, row.resp, not all(row.runs[k] for k in aligned))
            for number, row in enumerate(versions.rows)]
    title = ", ".join(f"{d.label} ({d.lang})" for d in versions.documents)
    return _page(title, "row", _columns(versions.documents, versions.ranges()), rows)


def in_frame(alignment: Alignment | Versions) -> str:
    """The page inside a sandboxed ``<iframe srcdoc>`` (a notebook's output cell): its
    script runs in an opaque origin of its own, away from the notebook's page."""
    return pages.render("frame.html", page=to_html(alignment).decode("utf-8"))


def render(alignment: Alignment | Versions, path: Path) -> dict[Path, bytes]:
    return {path: to_html(alignment)}
