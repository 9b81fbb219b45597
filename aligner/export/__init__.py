"""Export: the formats other tools read, one small module each, over the same Alignment."""

from __future__ import annotations

from pathlib import Path

from aligner.datatypes import Alignment

FORMATS = ("tei", "tsv", "ladder", "xces", "intertext", "tmx", "html")
# File name endings per format.
SUFFIXES = {"tei": ".tei.xml", "tsv": ".tsv", "ladder": ".ladder.txt", "xces": ".xces.xml",
            "intertext": ".intertext.xml", "tmx": ".tmx", "html": ".html"}


def stem_of(path: Path) -> str:
    """The file name without the format ending (``pair.tei.xml`` -> ``pair``)."""
    name = path.name
    return next((name[: -len(s)] for s in SUFFIXES.values() if name.endswith(s)), path.stem)


def render(alignment: Alignment, fmt: str, path: Path, *, split: bool = False) -> dict[Path, bytes]:
    """Files to write for ``fmt`` with main output ``path``: ``{path: bytes}``, plus the
    sentence files that XCES and InterText alignments (and split TEI) point to, beside it."""
    from aligner.export.intertext import to_intertext
    from aligner.export.ladder import to_ladder
    from aligner.export.tmx import to_tmx
    from aligner.export.tsv import to_tsv
    from aligner.export.xces import to_xces
    from aligner.tei import tei_bytes, tei_split_bytes
    from aligner.view import to_html

    if fmt in ("xces", "intertext") or (fmt == "tei" and split):
        makers = {"xces": to_xces, "intertext": to_intertext, "tei": tei_split_bytes}
        files = makers[fmt](alignment, stem_of(path))
        main_name = f"{stem_of(path)}{SUFFIXES[fmt]}"
        return {path if name == main_name else path.with_name(name): data for name, data in files.items()}
    single = {
        "tei": lambda: tei_bytes(alignment),
        "tsv": lambda: to_tsv(alignment).encode("utf-8"),
        "ladder": lambda: to_ladder(alignment).encode("utf-8"),
        "tmx": lambda: to_tmx(alignment),
        "html": lambda: to_html(alignment),
    }
    return {path: single[fmt]()}
