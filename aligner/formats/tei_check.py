"""Check: a TEI alignment against tei_all and the link rules the schema cannot express."""

from __future__ import annotations

import functools
import threading
from importlib import resources
from pathlib import Path

from lxml import etree

from aligner.errors import InputError
from aligner.formats.tei import TEI_NS, XML_NS
from aligner.xmlparse import parse_xml

_COMPILING = threading.Lock()


def tei_schema() -> etree.RelaxNG:
    """The vendored tei_all RELAX NG schema (TEI 4.3.0), compiled once (it takes about 8
    seconds; a second caller waits for the first's compilation rather than starting its own)."""
    with _COMPILING:
        return _compiled()


@functools.lru_cache(maxsize=1)
def _compiled() -> etree.RelaxNG:
    path = resources.files("aligner") / "schemas" / "tei_all.rng"
    with resources.as_file(path) as schema_path:
        return etree.RelaxNG(etree.parse(str(schema_path)))


def _ids(tree: etree._ElementTree) -> tuple[set[str], list[str]]:
    """All ``xml:id``s of a tree, and those of its ``<s>`` elements in order."""
    ids = {element.get(f"{{{XML_NS}}}id") for element in tree.iter()} - {None}
    return ids, [s.get(f"{{{XML_NS}}}id") for s in tree.iter(f"{{{TEI_NS}}}s")]


def check_links(tree: etree._ElementTree, *, folder: Path | None = None) -> list[str]:
    """The rules lxml cannot run: every ``<link>`` has at least two targets, every target
    resolves to an ``xml:id`` (in this file, or for ``file.xml#id`` in that file, found in
    ``folder``), and every ``<s>`` of the files involved is in exactly one link."""
    problems: list[str] = []
    local_ids, sentences = _ids(tree)
    ids_by_file: dict[str, set[str]] = {"": local_ids}
    sentences_by_file: dict[str, list[str]] = {"": sentences}
    linked: dict[tuple[str, str], int] = {}
    for link in tree.iter(f"{{{TEI_NS}}}link"):
        targets = (link.get("target") or "").split()
        if len(targets) < 2:
            problems.append(f"line {link.sourceline}: <link> has {len(targets)} target(s), TEI requires at least 2")
        for target in targets:
            file_name, _, fragment = target.partition("#")
            if file_name not in ids_by_file:
                other = (folder or Path(".")) / file_name
                try:
                    tree_of_file = etree.ElementTree(parse_xml(other.read_bytes(), source=str(other)))
                    ids_by_file[file_name], sentences_by_file[file_name] = _ids(tree_of_file)
                except (OSError, InputError) as exc:
                    problems.append(f"line {link.sourceline}: {file_name!r} cannot be read ({exc})")
                    ids_by_file[file_name], sentences_by_file[file_name] = set(), []
            if not fragment or fragment not in ids_by_file[file_name]:
                problems.append(f"line {link.sourceline}: target {target!r} does not resolve to an xml:id")
            else:
                linked[(file_name, fragment)] = linked.get((file_name, fragment), 0) + 1
    if not linked and not any(True for _ in tree.iter(f"{{{TEI_NS}}}link")):
        return problems  # a text without links (one language of a split alignment): nothing to cover
    for file_name, sentence_ids in sentences_by_file.items():
        for sentence_id in sentence_ids:
            count = linked.get((file_name, sentence_id), 0)
            if count != 1:
                where = f" in {file_name}" if file_name else ""
                problems.append(f"<s xml:id={sentence_id!r}>{where} is in {count} links, expected exactly 1")
    return problems


def validate(tree: etree._ElementTree, *, folder: Path | None = None) -> list[str]:
    """Schema errors (tei_all) plus :func:`check_links` problems; empty when valid."""
    schema = tei_schema()
    problems = [] if schema.validate(tree) else [f"line {e.line}: {e.message}" for e in schema.error_log]
    return problems + check_links(tree, folder=folder)
