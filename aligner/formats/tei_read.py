"""Read: an Alignment back from the TEI that ``aligner.formats.tei`` writes.

The TEI holds the aligned part of each text (headings, paragraphs, sentences with their
indices), both sources' names, paths and sizes, the settings, and every bead with its
confidence, score and z-score. That is all ``to_tei`` needs, so TEI -> Alignment -> TEI
gives the same bytes. What it does not hold is the original text and the offsets of
each sentence, so documents read back have ``original=""`` and sentence offsets of -1
(except the first and last aligned sentence, whose offsets the header gives). Corrections
by hand (``@resp`` on links, ``<revisionDesc>``) are read back too.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

import langcodes
from lxml import etree

from aligner.config import AlignConfig, resolve_setting
from aligner.datatypes import Alignment, Bead, Document, Paragraph, Revision, Sentence
from aligner.errors import InputError
from aligner.formats.tei import TEI_NS, XML_NS
from aligner.text.ingest import read_text
from aligner.xmlparse import is_ncname, parse_xml

NS = {"t": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def parse_tei(data: bytes, *, source: str) -> etree._ElementTree:
    """Parse TEI bytes (no entities, no DTD, no network: ``aligner.xmlparse``).

    Raises:
        InputError: not well-formed XML, over the parser's limits, or declaring entities.
    """
    return etree.ElementTree(parse_xml(data, source=source))


def _checked_lang(element: etree._Element, source: str) -> str:
    """The ``xml:lang`` of a ``<text>``: a BCP 47 tag, or a refusal naming the value."""
    lang = element.get(XML_LANG, "")
    if not langcodes.tag_is_valid(lang):
        raise InputError(f"{source}, line {element.sourceline}: xml:lang {lang!r} is not a BCP 47 language tag "
                         "(such as de, en-GB or zh-Hant); an aligner alignment cannot hold it")
    return lang


def _checked_id(value: str, what: str, element: etree._Element, source: str) -> str:
    """An ``xml:id`` the file gives, or a refusal naming it: it must be an XML NCName."""
    if not is_ncname(value):
        raise InputError(f"{source}, line {element.sourceline}: {what} {value!r} is not a valid xml:id (an XML "
                         "name: letters, digits, '-', '_', '.', not starting with a digit)")
    return value


def _one(parent: etree._Element, path: str, source: str) -> etree._Element:
    found = parent.find(path, NS)
    if found is None:
        raise InputError(f"{source}: not an aligner TEI file (no {path.replace('t:', '')})")
    return found


def _known(name: str) -> bool:
    """True for a setting this version has (older files may name retired ones)."""
    try:
        resolve_setting(name)
    except InputError:
        return False
    return True


def _config(description: str, source: str) -> tuple[AlignConfig, str]:
    """Settings from the application's ``key=value; ...`` description, and the model's
    label (settings the description does not name keep their defaults)."""
    values = dict(part.split("=", 1) for part in description.split("; ") if "=" in part)
    model = values.pop("model", "")
    try:
        return AlignConfig().with_settings({name: value for name, value in values.items() if _known(name)}), model
    except InputError as exc:
        raise InputError(f"{source}: the settings in the header are not valid ({exc})") from None


def _document(text: etree._Element, bibl: etree._Element, source: str) -> tuple[Document, tuple[int, int]]:
    lang = _checked_lang(text, source)
    text_id = _checked_id(text.get(XML_ID, ""), "the text's xml:id", text, source)
    sentences: list[Sentence] = []
    paragraphs: list[Paragraph] = []
    given_ids: list[str] = []
    for block in text.iter(f"{{{TEI_NS}}}head", f"{{{TEI_NS}}}p"):
        members = block.findall("t:s", NS)
        if not members:
            continue  # the empty <p/> the writer adds after a division's headings
        index = len(paragraphs)
        paragraphs.append(Paragraph(index, -1, -1, block.tag == f"{{{TEI_NS}}}head"))
        for element in members:
            sentence_id = element.get(XML_ID, "")
            prefix = f"{text_id}-s"
            if not sentence_id.startswith(prefix) or not sentence_id[len(prefix):].isdigit():
                raise InputError(f"{source}: sentence id {sentence_id!r} is not of the form {prefix}N")
            sentences.append(Sentence(int(sentence_id[len(prefix):]), element.text or "", -1, -1, index))
            given_ids.append(element.get("n", ""))
    scopes = {scope.get("unit"): scope for scope in bibl.findall("t:biblScope", NS)}
    measures = {m.get("unit"): int(m.get("quantity", "0")) for m in bibl.findall("t:extent/t:measure", NS)}
    try:
        first_sentence, last_sentence = int(scopes["sentence"].get("from")), int(scopes["sentence"].get("to"))
        first_char, last_char = int(scopes["char"].get("from")), int(scopes["char"].get("to"))
        total_sentences, total_chars = measures["sentences"], measures["characters"]
    except (KeyError, TypeError, ValueError):
        raise InputError(f"{source}: the header lacks the aligned range or the size of {text_id!r}") from None
    if [s.index for s in sentences] != list(range(first_sentence, last_sentence + 1)):
        raise InputError(f"{source}: the sentences of {text_id!r} are not numbered {first_sentence}-{last_sentence}")
    if sentences:
        sentences[0] = dataclasses.replace(sentences[0], start=first_char)
        sentences[-1] = dataclasses.replace(sentences[-1], end=last_char)
    # Sentence k must sit at position k: pad the unaligned rest of the document.
    padded = [Sentence(k, "", -1, -1, -1) for k in range(first_sentence)] + sentences + [
        Sentence(k, "", -1, -1, -1) for k in range(last_sentence + 1, total_sentences)]
    title = _one(bibl, "t:title", source).text or ""
    idno = _one(bibl, "t:idno", source)
    path = idno.text or ""
    ids = () if not any(given_ids) else (("",) * first_sentence + tuple(given_ids)
                                         + ("",) * (total_sentences - last_sentence - 1))
    author = bibl.find("t:author", NS)
    name = Path(path).name or title
    document = Document(name, lang, "", tuple(paragraphs), tuple(padded), path, total_chars,
                        "" if title == name else title, author.text or "" if author is not None else "",
                        sentence_ids=ids, source_format=idno.get("subtype", ""))
    return document, (first_sentence, last_sentence + 1)


@dataclass(frozen=True)
class Parts:
    """The parts of an aligner TEI file: its root, its texts (from its language files, for
    a ``--split`` alignment), their sources' ``<bibl>`` and the element holding the links."""

    source: str
    root: etree._Element
    texts: list[etree._Element]
    bibls: list[etree._Element]
    links: etree._Element


def tei_parts(path: Path) -> Parts:
    """Read a TEI alignment written by aligner into its parts: a single file, or the
    stand-off file of a ``--split`` alignment (its language files read from the same folder).

    Raises:
        InputError: a file is unreadable, not well-formed, or not in aligner's shape.
    """
    source = str(path)
    root = parse_tei(read_text(path).encode("utf-8"), source=source).getroot()
    bibls = root.findall("t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl", NS)
    texts = root.findall("t:text/t:group/t:text", NS)
    links = root.find("t:text", NS)
    stand_off = root.find("t:standOff", NS)
    if not texts and stand_off is not None:
        texts, links = _split_texts(stand_off, path), stand_off
    if len(texts) < 2 or len(bibls) != len(texts) or links is None:
        raise InputError(f"{source}: expected two or more texts and as many sources, found {len(texts)} and "
                         f"{len(bibls)}; is it an aligner TEI alignment (single file, or the stand-off file of "
                         "--split)?")
    return Parts(source, root, texts, bibls, links)


def read_tei(path: Path) -> Alignment:
    """Read a TEI alignment of two texts written by aligner: a single file, or the
    stand-off file of a ``--split`` alignment (its two language files are read from the
    same folder).

    Raises:
        InputError: a file is unreadable, not well-formed, not in aligner's shape, or an
            alignment of more than two versions (``formats.read_alignment`` reads any).
    """
    parts = tei_parts(path)
    source, root, texts, bibls, links = parts.source, parts.root, parts.texts, parts.bibls, parts.links
    if len(texts) != 2:
        raise InputError(f"{source}: aligns {len(texts)} versions of a text, and this reads two; take a pair out "
                         "of it with: aligner convert FILE --pair A,B --to tei")
    (src, src_range), (tgt, tgt_range) = (_document(t, b, source) for t, b in zip(texts, bibls, strict=True))
    ids = texts[0].get(XML_ID), texts[1].get(XML_ID)
    description = _one(root, "t:teiHeader/t:encodingDesc/t:appInfo/t:application/t:desc", source).text or ""
    config, model = _config(description, source)
    credibility = root.find("t:teiHeader/t:encodingDesc/t:p/t:num[@type='credibility']", NS)
    figures = {i.get(XML_ID): i for i in links.iterfind("t:interpGrp/t:interp", NS)}
    editors = {_checked_id(statement.get(XML_ID, ""), "the editor's xml:id", statement, source):
               statement.findtext("t:name", "", NS)
               for statement in root.iterfind("t:teiHeader/t:fileDesc/t:titleStmt/t:respStmt", NS)}
    beads = [_bead(link, ids, figures, editors, source) for link in links.iterfind("t:linkGrp/t:link", NS)]
    revisions = tuple(Revision(change.get("when", ""), _person(change.get("who", ""), editors, change, source),
                               change.text or "")
                      for change in root.iterfind("t:teiHeader/t:revisionDesc/t:change", NS))
    return Alignment(src, tgt, tuple(beads), src_range, tgt_range, config, model,
                     float(credibility.get("value", "0")) if credibility is not None else 0.0, revisions)


def _person(reference: str, editors: dict[str, str], element: etree._Element, source: str) -> str:
    """The name of the ``<respStmt>`` that ``reference`` (``#editor-1``) points to."""
    name = editors.get(reference.lstrip("#"))
    if not name:
        raise InputError(f"{source}, line {element.sourceline}: {reference!r} names no <respStmt> with a <name>")
    return name


def _bead(link: etree._Element, ids: tuple[str | None, str | None], figures: dict[str, etree._Element],
          editors: dict[str, str], source: str) -> Bead:
    """One link as a bead: its sentences (targets ``#de-s12`` or ``file#de-s12``), its
    confidence (``@cert``), its score and z from the interps its ``@ana`` names (NaN for
    a link made by hand, which has none), and who made it by hand (``@resp``)."""
    sides: tuple[list[int], list[int]] = ([], [])
    for target in (link.get("target") or "").split():
        fragment = target.partition("#")[2]
        for side, text_id in enumerate(ids):
            prefix = f"{text_id}-s"
            if fragment.startswith(prefix) and fragment[len(prefix):].isdigit():
                sides[side].append(int(fragment[len(prefix):]))
    values = {"score": math.nan, "z": math.nan}
    for reference in (link.get("ana") or "").split():
        interp = figures.get(reference.lstrip("#"))
        if interp is None:
            raise InputError(f"{source}, line {link.sourceline}: @ana names {reference!r}, which is no interp here")
        try:
            values[interp.get("type", "")] = float(interp.text or "")
        except ValueError:
            raise InputError(f"{source}, line {interp.sourceline}: {interp.text!r} is not a number") from None
    resp = link.get("resp")
    try:
        confidence = float(link.get("cert", "0"))
    except ValueError:
        raise InputError(f"{source}, line {link.sourceline}: @cert {link.get('cert')!r} is not a number") from None
    return Bead(tuple(sides[0]), tuple(sides[1]), values["score"], confidence, values["z"],
                _person(resp, editors, link, source) if resp else "")


def _split_references(stand_off: etree._Element, path: Path) -> list[tuple[Path, str]]:
    """The ``(file, text id)`` of each text a stand-off alignment points to: its
    ``linkGrp``'s ``@corresp`` names ``file#id`` for each, files in the stand-off file's folder."""
    group = stand_off.find("t:linkGrp", NS)
    references = (group.get("corresp") or "").split() if group is not None else []
    found = []
    for reference in references:
        name, _, text_id = reference.partition("#")
        if not name or Path(name).name != name:
            raise InputError(f"{path}: the alignment points to {name!r}; expected a file in the same folder")
        found.append((path.parent / name, text_id))
    return found


def tei_files(path: Path) -> tuple[Path, ...]:
    """The files a TEI alignment consists of: ``path``, and for the stand-off file of a
    ``--split`` alignment, the language files it points to.

    Raises:
        InputError: unreadable or not well-formed.
    """
    root = parse_tei(read_text(path).encode("utf-8"), source=str(path)).getroot()
    stand_off = root.find("t:standOff", NS)
    if root.find("t:text", NS) is not None or stand_off is None:
        return (path,)
    return (path, *(other for other, _ in _split_references(stand_off, path)))


def _split_texts(stand_off: etree._Element, path: Path) -> list[etree._Element]:
    """The ``<text>`` elements a stand-off alignment points to."""
    texts = []
    for other, text_id in _split_references(stand_off, path):
        if not other.is_file():
            raise InputError(f"{path}: the alignment points to {other}, which does not exist (a --split alignment "
                             "needs its language files beside it)")
        tree = parse_tei(read_text(other).encode("utf-8"), source=str(other))
        found = [text for text in tree.iter(f"{{{TEI_NS}}}text") if text.get(XML_ID) == text_id]
        if len(found) != 1:
            raise InputError(f"{other}: no <text xml:id={text_id!r}> for the alignment {path}")
        texts.append(found[0])
    return texts
