"""Write: the alignment as one TEI P5 document, and the checks the schema cannot make.

Shape (docs/tei.md): a ``<teiHeader>`` naming both sources, the aligned part of each,
the application with its version, model and settings, and the languages; the two texts
as ``<text xml:lang xml:id>`` inside ``<group>``, headings as ``<head>``, paragraphs as
``<p>``, sentences as ``<s xml:id="de-s12">`` (0-based indices in the tool's own
segmentation, as in the TSV); the beads as ``<link>`` in ``<linkGrp type="alignment">``.
A 1-0 or 0-1 bead links the sentence to an ``<anchor>`` placed at the gap in the other
text, because TEI requires a ``<link>`` to have at least two targets.

Corrections by hand (``aligner edit``): each person is a ``<respStmt xml:id="editor-1">``
in the title statement, a link they made or confirmed has ``@resp="#editor-1"`` and
``@cert="1"`` (and no ``@ana`` when the aligner never scored it), and each round of
corrections is a ``<change>`` in ``<revisionDesc>``.
"""

from __future__ import annotations

import math
from pathlib import Path

from lxml import etree

from aligner import __version__, languages
from aligner.config import AlignConfig
from aligner.datatypes import Alignment, Document, Paragraph, Sentence
from aligner.scripts import xml_safe
from aligner.text.extract import FORMAT_NAMES

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def cert_description(credible_z: float) -> str:
    """How the header describes the credibility and @cert (the formula of
    aligner.core.confidence, told here so that reading and converting TEI loads no numeric
    code), after the credibility figure; ``credible_z`` is the setting at which the
    model's figures turn from unrelated texts to a translation."""
    return (" standard deviations above random pairs (median; with this model a credibility above "
            f"{credible_z:g}, the setting confidence.credible_z, marks a translation, one below it unrelated "
            "texts). Each link's @cert is the bead's probability among the alignments the aligner weighed (for a "
            "1-0 or 0-1 link: the probability that its sentence has no counterpart), times a logistic of the "
            "credibility. Its interp of type z is the pair's own figure (for a 1-0 or 0-1 link, that of the "
            "sentence's best pair nearby); its interp of type score is the score the aligner optimised.")


def _tag(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def _el(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _tag(name))
    for key, value in attributes.items():
        element.set(f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml_") else key, value)
    if text is not None:
        element.text = xml_safe(text)
    return element


def text_ids(alignment: Alignment) -> tuple[str, str]:
    """The ``xml:id`` of each side's ``<text>``: its language, made unique if both are the
    same (``aligner.languages.text_ids``)."""
    src, tgt = languages.text_ids([alignment.src.lang, alignment.tgt.lang])
    return src, tgt


def to_tei(alignment: Alignment) -> etree._ElementTree:
    """Build the TEI document of an alignment (deterministic: same input, same bytes)."""
    src_id, tgt_id = text_ids(alignment)
    root = etree.Element(_tag("TEI"), nsmap={None: TEI_NS})
    _header(root, alignment, (src_id, tgt_id))
    outer = _el(root, "text")
    group = _el(outer, "group")
    src_gaps, tgt_gaps = _gap_anchors(alignment, (src_id, tgt_id))
    _text(group, alignment.src, alignment.src_range, src_id, src_gaps)
    _text(group, alignment.tgt, alignment.tgt_range, tgt_id, tgt_gaps)
    _links(outer, alignment, ("", ""))
    return etree.ElementTree(root)


def editor_ids(alignment: Alignment) -> dict[str, str]:
    """``{person: xml:id}`` for everyone who corrected the alignment by hand, in the order
    they first appear (revisions, then links)."""
    names = [revision.who for revision in alignment.revisions] + [bead.resp for bead in alignment.beads]
    return {name: f"editor-{k}" for k, name in enumerate(dict.fromkeys(n for n in names if n), 1)}


def _links(parent: etree._Element, alignment: Alignment, files: tuple[str, str]) -> None:
    """The ``<linkGrp>`` (targets prefixed by ``files``, empty for this file) and the
    ``<interpGrp>`` with each bead's score and z-score (those it has: a link made by hand
    has none)."""
    src_id, tgt_id = text_ids(alignment)
    editors = editor_ids(alignment)
    src_ref, tgt_ref = f"{files[0]}#{src_id}", f"{files[1]}#{tgt_id}"
    links = _el(parent, "linkGrp", type="alignment")
    links.set("corresp", f"{src_ref} {tgt_ref}")
    interps = _el(parent, "interpGrp", type="bead-figures")
    for number, bead in enumerate(alignment.beads):
        targets = [f"{src_ref}-s{i}" for i in bead.src] + [f"{tgt_ref}-s{j}" for j in bead.tgt]
        if not bead.tgt:
            targets.append(f"{tgt_ref}-gap{number}")
        if not bead.src:
            targets.insert(0, f"{src_ref}-gap{number}")
        figures = [(name, text) for name, value, text in (("score", bead.score, f"{bead.score:.4f}"),
                                                           ("z", bead.z, f"{bead.z:.3f}")) if math.isfinite(value)]
        link = _el(links, "link", target=" ".join(targets), type=bead.kind,
                   cert="1" if bead.manual else f"{bead.confidence:.4f}")
        if figures:
            link.set("ana", " ".join(f"#b{number}-{name}" for name, _ in figures))
        if bead.manual:
            link.set("resp", f"#{editors[bead.resp]}")
        link.set(f"{{{XML_NS}}}id", f"b{number}")
        for name, text in figures:
            _el(interps, "interp", text, type=name, xml_id=f"b{number}-{name}")


def split_names(alignment: Alignment, stem: str) -> tuple[str, str]:
    """File names of the two language files of a split TEI alignment."""
    src_id, tgt_id = text_ids(alignment)
    return f"{stem}.{src_id}.tei.xml", f"{stem}.{tgt_id}.tei.xml"


def tei_split_bytes(alignment: Alignment, stem: str) -> dict[str, bytes]:
    """Split TEI: ``{file name: bytes}`` for one TEI file per language (``stem.de.tei.xml``,
    ``stem.en.tei.xml``) and the stand-off alignment (``stem.tei.xml``) whose link targets
    point into them (``stem.de.tei.xml#de-s12``)."""
    ids = text_ids(alignment)
    names = split_names(alignment, stem)
    gaps = _gap_anchors(alignment, ids)
    files = {}
    for side, (document, span) in enumerate(((alignment.src, alignment.src_range),
                                             (alignment.tgt, alignment.tgt_range))):
        root = etree.Element(_tag("TEI"), nsmap={None: TEI_NS})
        _header(root, alignment, ids, sides=(side,))
        _text(root, document, span, ids[side], gaps[side])
        files[names[side]] = _serialise(etree.ElementTree(root))
    root = etree.Element(_tag("TEI"), nsmap={None: TEI_NS})
    _header(root, alignment, ids)
    _links(_el(root, "standOff"), alignment, names)
    files[f"{stem}.tei.xml"] = _serialise(etree.ElementTree(root))
    return files


def _header(root: etree._Element, alignment: Alignment, ids: tuple[str, str],
            sides: tuple[int, ...] = (0, 1)) -> None:
    src, tgt = alignment.src, alignment.tgt
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    if sides == (0, 1):
        _el(title_stmt, "title", f"Sentence alignment of {src.label} ({src.lang}) and {tgt.label} ({tgt.lang})")
        for name, editor_id in editor_ids(alignment).items():
            statement = _el(title_stmt, "respStmt", xml_id=editor_id)
            _el(statement, "resp", "corrected the alignment by hand (aligner edit)")
            _el(statement, "name", name)
    else:
        document = src if sides == (0,) else tgt
        _el(title_stmt, "title", f"{document.label} ({document.lang}), aligned part, segmented into sentences")
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "p", f"Generated by aligner {__version__}; not published.")
    source_desc = _el(file_desc, "sourceDesc")
    sources = ((src, alignment.src_range, ids[0]), (tgt, alignment.tgt_range, ids[1]))
    for document, span, text_id in (sources[side] for side in sides):
        bibl(source_desc, document, span, text_id)
    encoding = application(header, alignment.config, alignment.model_name)
    paragraph = _el(encoding, "p", "Credibility: the linked sentence pairs stand ")
    _el(paragraph, "num", f"{alignment.credibility:.3f}", type="credibility", value=f"{alignment.credibility:.3f}")
    paragraph[-1].tail = cert_description(alignment.config.confidence.credible_z)
    language_usage(header, [(src.lang, tgt.lang)[side] for side in sides])
    if alignment.revisions and sides == (0, 1):
        editors = editor_ids(alignment)
        revisions = _el(header, "revisionDesc")
        for revision in alignment.revisions:
            _el(revisions, "change", revision.description, when=revision.when, who=f"#{editors[revision.who]}")


def bibl(source_desc: etree._Element, document: Document, span: tuple[int, int], text_id: str) -> None:
    """The ``<bibl>`` of one source: its file, title, author, language, the part aligned."""
    element = _el(source_desc, "bibl", xml_id=f"source-{text_id}")
    element.set("corresp", f"#{text_id}")
    if document.author:
        _el(element, "author", document.author)
    _el(element, "title", document.title or document.name)
    idno = _el(element, "idno", document.path or document.name, type="file")
    if document.source_format:
        idno.set("subtype", document.source_format)
    _el(element, "textLang", _language_name(document.lang), mainLang=document.lang)
    first, last = document.sentences[span[0]], document.sentences[span[1] - 1]
    _el(element, "biblScope", unit="sentence", **{"from": str(span[0]), "to": str(span[1] - 1)})
    _el(element, "biblScope", unit="char", **{"from": str(first.start), "to": str(last.end)})
    extent = _el(element, "extent")
    _el(extent, "measure", unit="sentences", quantity=str(len(document.sentences)))
    _el(extent, "measure", unit="characters", quantity=str(document.length))
    where = (f"in the text extracted from the {FORMAT_NAMES[document.source_format]} file (its blocks "
             "separated by blank lines)" if document.source_format else "in the file")
    _el(element, "note", f"Aligned: sentences {span[0]}-{span[1] - 1} of {len(document.sentences)} "
        f"(0-based), characters {first.start}-{last.end} of {document.length} {where}.")
    if document.sentence_ids:
        _el(element, "note", "Each sentence's @n is the id the input gave it.", type="sentence-ids")


def application(header: etree._Element, config: AlignConfig, model_name: str) -> etree._Element:
    """The ``<encodingDesc>`` naming aligner, its version, the model and every setting."""
    encoding = _el(header, "encodingDesc")
    app_info = _el(encoding, "appInfo")
    element = _el(app_info, "application", ident="aligner", version=__version__)
    _el(element, "label", "aligner")
    settings = config.as_dict()
    settings["model"] = model_name or config.model
    _el(element, "desc", "; ".join(f"{key}={value}" for key, value in settings.items()))
    return encoding


def language_usage(header: etree._Element, langs: list[str]) -> None:
    """The ``<profileDesc>`` listing the languages, each once."""
    usage = _el(_el(header, "profileDesc"), "langUsage")
    for lang in dict.fromkeys(langs):
        _el(usage, "language", _language_name(lang), ident=lang)


def _language_name(lang: str) -> str:
    from aligner.languages import name

    return name(lang)


def _gap_anchors(alignment: Alignment, ids: tuple[str, str]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Where each skip's anchor goes in the other text (see :func:`gap_anchors`)."""
    src_gaps, tgt_gaps = gap_anchors([(bead.src, bead.tgt) for bead in alignment.beads],
                                     [alignment.src_range[0], alignment.tgt_range[0]], ids)
    return src_gaps, tgt_gaps


def gap_anchors(rows: list[tuple[tuple[int, ...], ...]], starts: list[int],
                ids: tuple[str, ...]) -> list[dict[int, list[str]]]:
    """For each version, where the anchor of each row it has no sentence in goes:
    sentence index -> anchor ids placed after that sentence (key ``start - 1``: before the
    first sentence of the range); row ``k``'s anchor in version ``v`` is ``{ids[v]}-gap{k}``."""
    gaps: list[dict[int, list[str]]] = [{} for _ in ids]
    last = [start - 1 for start in starts]
    for number, runs in enumerate(rows):
        for version, run in enumerate(runs):
            if not run:
                gaps[version].setdefault(last[version], []).append(f"{ids[version]}-gap{number}")
            else:
                last[version] = run[-1]
    return gaps


def _text(parent: etree._Element, document: Document, span: tuple[int, int], text_id: str,
          gaps: dict[int, list[str]]) -> None:
    text = _el(parent, "text", xml_lang=document.lang, xml_id=text_id)
    body = _el(text, "body")
    sentences = document.sentences[span[0] : span[1]]
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    div = None
    div_has_body = False
    first = True
    for p_index, members in by_paragraph.items():
        paragraph: Paragraph = document.paragraphs[p_index]
        if div is None or (paragraph.heading and div_has_body):
            div = _el(body, "div")
            div_has_body = False
        container = _el(div, "head" if paragraph.heading else "p")
        div_has_body = div_has_body or not paragraph.heading
        if first:
            for anchor in gaps.get(span[0] - 1, []):
                _el(container, "anchor", xml_id=anchor)
            first = False
        for sentence in members:
            element = _el(container, "s", sentence.text, xml_id=f"{text_id}-s{sentence.index}")
            if document.sentence_ids and document.sentence_ids[sentence.index]:
                element.set("n", document.sentence_ids[sentence.index])
            for anchor in gaps.get(sentence.index, []):
                _el(container, "anchor", xml_id=anchor)
    for div in body.iter(_tag("div")):
        if all(child.tag == _tag("head") for child in div):
            _el(div, "p")  # a division needs content after its headings


def _serialise(tree: etree._ElementTree) -> bytes:
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def tei_bytes(alignment: Alignment) -> bytes:
    """Serialised single-file TEI (UTF-8, XML declaration, indented)."""
    return _serialise(to_tei(alignment))


def render(alignment: Alignment, path: Path) -> dict[Path, bytes]:
    return {path: tei_bytes(alignment)}


def render_split(alignment: Alignment, path: Path) -> dict[Path, bytes]:
    """Split TEI (see :func:`tei_split_bytes`) with the stand-off file at ``path``."""
    from aligner.formats import beside, stem_of

    return beside(path, tei_split_bytes(alignment, stem_of(path)), f"{stem_of(path)}.tei.xml")
