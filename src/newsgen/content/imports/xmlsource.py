"""Reading XML archives safely: no external entities, no network, no entity expansion, no
huge text nodes; and what the WordPress and feed readers share."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from newsgen.diagnostics import ContentError

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


def parse_xml(path: Path, shown: str) -> etree._Element:
    """The root element of an XML file; entities are never expanded or fetched (an item that
    uses one is refused by `check_entities`). Raise ContentError when it is not well-formed."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        hint = "export the file again: it was cut short or damaged"
        raise ContentError(
            shown, exc.lineno or 0, f"not well-formed XML: {exc.msg}", hint
        ) from None
    except OSError as exc:
        raise ContentError(shown, 0, f"cannot read the file: {exc}") from None


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
