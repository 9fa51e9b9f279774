"""Reading XML archives safely: no external entities, no network, no entity expansion, no
huge text nodes; and what the WordPress and feed readers share."""

from __future__ import annotations

import gzip
import html.entities
import io
from pathlib import Path

from lxml import etree

from newsgen.diagnostics import ContentError

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
DAMAGED_HINT = "export the file again: it was cut short or damaged"
XML_ENTITIES = "&amp; &lt; &gt; &quot; &apos;"
ENCODING_HINT = 'name its encoding in its first line: <?xml version="1.0" encoding="windows-1252"?>'
SAFE_PARSING = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}
"""How every archive is parsed, whole or streamed."""


def parse_xml(path: Path, shown: str) -> etree._Element:
    """The root element of an XML file; entities are never expanded or fetched (an item that
    uses one is refused by `check_entities`). Raise ContentError when it is not well-formed."""
    parser = etree.XMLParser(**SAFE_PARSING)
    # fed in chunks, not parsed from the path: libxml2 reports a byte that is not in the
    # file's encoding, read from a path, as an OSError without its line
    etree.clear_error_log()  # lxml's log of this thread: the first error in it is this file's
    try:
        with opened(path) as stream:
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                parser.feed(chunk)
        root = parser.close()
    except etree.XMLSyntaxError as exc:
        raise not_well_formed(shown, exc) from None
    except (OSError, EOFError) as exc:
        raise unreadable(shown, exc) from None
    return with_html_characters(root, defined_entities(root))


def unreadable(shown: str, exc: OSError | EOFError) -> ContentError:
    return ContentError(shown, 0, f"cannot read the file: {exc}")


def not_well_formed(shown: str, exc: etree.XMLSyntaxError) -> ContentError:
    """The first error libxml2 met, where it met it (fed in chunks, the exception itself may
    only say 'no element found', at no line), with its fix."""
    first = next(iter(exc.error_log), None)
    if first is None:
        return ContentError(shown, exc.lineno or 0, f"not well-formed XML: {exc.msg}", DAMAGED_HINT)
    message = f"not well-formed XML: {first.message}, line {first.line}, column {first.column}"
    return ContentError(shown, first.line, message, _fix(first))


def _fix(error: etree._LogEntry) -> str:
    if error.type_name == "ERR_UNDECLARED_ENTITY":
        name = error.message.split("'")[1] if error.message.count("'") == 2 else ""
        code = html.entities.name2codepoint.get(name)
        written = f"&#{code};" if code else "the text it stands for"
        return f"write {written} in place of &{name};: XML itself knows only {XML_ENTITIES}"
    if error.type_name == "ERR_INVALID_CHAR":
        return "remove the control character there: XML cannot hold it, even in CDATA"
    return ENCODING_HINT if "encoding" in error.message else DAMAGED_HINT


def opened(path: Path) -> gzip.GzipFile | io.BufferedReader:
    """The file's bytes, decompressed when it is gzip (by its first bytes, as libxml2 tells)."""
    stream = path.open("rb")
    if stream.read(2) == GZIP_MAGIC:
        stream.close()
        return gzip.open(path)
    stream.seek(0)
    return stream


def defined_entities(root: etree._Element) -> frozenset[str]:
    """The entities the file's DOCTYPE defines itself (known once its root is read)."""
    dtd = root.getroottree().docinfo.internalDTD
    return (
        frozenset(entity.name for entity in dtd.iterentities()) if dtd is not None else frozenset()
    )


def with_html_characters(root: etree._Element, defined: frozenset[str]) -> etree._Element:
    """The tree under `root` with each HTML character entity its DOCTYPE names but does not
    define (RSS 0.91's Netscape DTD, XHTML's: &eacute;, &nbsp;) as its character: that is what
    the DTD says it is, and no file or address is read for it. An entity the file defines
    itself (`defined`) stays, for `check_entities` to refuse."""
    for entity in list(root.iter(etree.Entity)):
        code = html.entities.name2codepoint.get(entity.name)
        parent = entity.getparent()
        if code is None or entity.name in defined or parent is None:
            continue
        text = chr(code) + (entity.tail or "")
        before = entity.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(entity)
    return root


def check_entities(element: etree._Element, shown: str) -> None:
    """Refuse an item that uses an XML entity: expanded, one could read a file of this machine
    or grow to gigabytes, so newsgen never expands them."""
    for entity in element.iter(etree.Entity):
        message = f"the item uses the XML entity {entity.text}, which newsgen never expands"
        hint = "replace it with the text it stands for, or remove the DOCTYPE's <!ENTITY> lines"
        raise ContentError(shown, element.sourceline or 0, message, hint)


def text_of(element: etree._Element, path: str, namespaces: dict[str, str] | None = None) -> str:
    """The text of the first element at `path` under `element`, '' when there is none."""
    found = element.find(path, namespaces)
    return "".join(found.itertext()) if found is not None else ""


def line_of(element: etree._Element) -> int:
    return element.sourceline or 0
