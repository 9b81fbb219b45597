"""XML in: the one way every XML file the tool reads is parsed, and the name checks.

A file may come from anyone. The parser expands no entity (a ``<!ENTITY>`` could read a
local file or multiply itself), loads no DTD and fetches nothing from the network; by
default it keeps libxml2's limits (no text node over 10 MB, no nesting deeper than 256),
which only a book read as input may lift (``huge``).
"""

from __future__ import annotations

from lxml import etree

from aligner.errors import InputError

_ENTITIES = ("aligner's files never declare any, and entities are not expanded (one can read another file "
             "or multiply itself). Remove the DOCTYPE")


def parse_xml(data: bytes, *, source: str, huge: bool = False, recover: bool = False,
              allow_entities: bool = False) -> etree._Element:
    """The root element of ``data``.

    Args:
        data: the file's bytes.
        source: the file's name, for messages.
        huge: lift libxml2's size limits (a whole book in one element).
        recover: read what can be read of a damaged file.
        allow_entities: accept entity declarations (left unexpanded); otherwise a DOCTYPE
            that declares entities is refused.

    Raises:
        InputError: not well-formed, over the limits, or declaring entities.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=huge,
                             recover=recover, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        if "entity amplification" in str(exc).lower():
            raise InputError(f"{source}: its DOCTYPE declares entities that would multiply themselves ({exc}); "
                             f"{_ENTITIES}") from None
        if "limit" in str(exc).lower() or "huge" in str(exc).lower():
            raise InputError(f"{source}: larger than aligner reads in one element ({exc}); an alignment file holds "
                             "sentences, and none is that long") from None
        raise InputError(f"{source}: not well-formed XML ({exc})") from None
    if root is None:
        raise InputError(f"{source}: holds no XML element")
    dtd = root.getroottree().docinfo.internalDTD
    if not allow_entities and dtd is not None and any(True for _ in dtd.iterentities()):
        names = ", ".join(entity.name for entity in dtd.iterentities())
        raise InputError(f"{source}: its DOCTYPE declares entities ({names}); {_ENTITIES}")
    return root


def is_ncname(value: str) -> bool:
    """True if ``value`` may be an ``xml:id`` (an XML NCName: no colon, space or quote,
    not starting with a digit, ``-`` or ``.``)."""
    if not value or "{" in value or "}" in value:
        return False
    try:
        etree.QName(value)
    except ValueError:
        return False
    return True
