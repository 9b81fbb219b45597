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
from aligner.formats.tei import text_ids
from aligner.scripts import xml_safe

# Beads below this confidence are flagged as doubtful.
DOUBTFUL_BELOW = 0.5


def _band(confidence: float) -> str:
    return "high" if confidence >= 0.9 else "mid" if confidence >= DOUBTFUL_BELOW else "low"


def _row(runs: Sequence[tuple[int, ...]], kind: str, confidence: float, resp: str, skip: bool,
         confidences: Sequence[float] | None = None) -> dict[str, Any]:
    """One row as the page's data holds it (its script draws it; see ``static/view.js``)."""
    doubtful = confidence < DOUBTFUL_BELOW
    classes = ["row", "bead", _band(confidence)] + ["skip"] * skip + ["doubtful"] * doubtful + ["manual"] * bool(resp)
    weak = [bool(confidences and run and value < DOUBTFUL_BELOW) for run, value in
            zip(runs, confidences or [1.0] * len(runs), strict=True)]
    shown = [f"{value:.2f}" if confidences and run else "" for run, value in
             zip(runs, confidences or [1.0] * len(runs), strict=True)]
    return {"runs": [list(run) for run in runs], "classes": " ".join(classes), "kind": kind,
            "confidence": f"{confidence:.4f}", "doubtful": doubtful, "skip": skip, "resp": resp, "weak": weak,
            "shown": shown}


def _columns(documents: Sequence[Document], ranges: Sequence[tuple[int, int]], ids: Sequence[str],
             roles: Sequence[str]) -> list[dict[str, Any]]:
    """Each column: its language, label and name, its aligned range, and its sentences."""
    return [{"lang": d.lang, "label": d.label, "name": d.name, "first": first, "last": last - 1, "id": text_id,
             "role": role, "sentences": [xml_safe(s.text) for s in d.sentences[first:last]]}
            for d, (first, last), text_id, role in zip(documents, ranges, ids, roles, strict=True)]


def _page(title: str, unit: str, columns: list[dict[str, Any]], rows: list[dict[str, Any]]) -> bytes:
    script = pages.static("rows.js") + pages.static("view.js")
    style = f":root {{ --versions: {len(columns)}; }}\n" + pages.static("view.css")
    page = pages.render(
        "view.html", policy=pages.inline_policy(script, style), script=script, style=style, version=__version__,
        title=title, unit=unit, columns=columns, rows=rows, doubtful_below=DOUBTFUL_BELOW,
        skips=sum(row["skip"] for row in rows), doubtful=sum(row["doubtful"] for row in rows),
        manual=sum(bool(row["resp"]) for row in rows),
        data={"columns": columns, "rows": rows, "unit": unit})
    return page.encode("utf-8")


def to_html(alignment: Alignment | Versions) -> bytes:
    """The side-by-side page (UTF-8), deterministic for a given alignment."""
    if isinstance(alignment, Versions):
        return _versions_html(alignment)
    src, tgt = alignment.src, alignment.tgt
    rows = [_row((bead.src, bead.tgt), bead.kind, bead.confidence, bead.resp, not bead.linked)
            for bead in alignment.beads]
    return _page(f"{src.label} ({src.lang}) ↔ {tgt.label} ({tgt.lang})", "bead",
                 _columns((src, tgt), (alignment.src_range, alignment.tgt_range), text_ids(alignment),
                          ("src", "tgt")), rows)


def _versions_html(versions: Versions) -> bytes:
    ids = versions.ids
    aligned = [k for k in range(len(ids)) if k not in versions.unaligned]
    rows = [_row(row.runs, row.kind, row.confidence, row.resp, not all(row.runs[k] for k in aligned), row.confidences)
            for row in versions.rows]
    title = ", ".join(f"{d.label} ({d.lang})" for d in versions.documents)
    return _page(title, "row", _columns(versions.documents, versions.ranges(), ids,
                                        [f"v{k}" for k in range(len(ids))]), rows)


def in_frame(alignment: Alignment | Versions) -> str:
    """The page inside a sandboxed ``<iframe srcdoc>`` (a notebook's output cell): its
    script runs in an opaque origin of its own, away from the notebook's page."""
    return pages.render("frame.html", page=to_html(alignment).decode("utf-8"))


def render(alignment: Alignment | Versions, path: Path) -> dict[Path, bytes]:
    return {path: to_html(alignment)}
