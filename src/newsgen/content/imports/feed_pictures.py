"""A feed item's lead picture: its Media RSS image (`media:content`, else `media:thumbnail`,
in a `media:group` too), else an image enclosure (RSS `<enclosure>`, Atom
`<link rel="enclosure">`), with the title, description and credit Media RSS gives it."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from newsgen.content.imports.html import html_text
from newsgen.content.references import LeadImage
from newsgen.content.text import is_web_url

MEDIA = "http://search.yahoo.com/mrss/"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"media": MEDIA, "atom": ATOM}
NO_PICTURE = LeadImage()


def feed_picture(element: etree._Element, base_url: str) -> LeadImage:
    """The item's (or entry's) first picture on the web, described as the feed describes it;
    a relative address is read against `base_url`."""
    for found in (*_media(element), *_enclosures(element)):
        url = urljoin(base_url, (found.get("url") or found.get("href") or "").strip())
        if is_web_url(url):
            return _described(url, found, element)
    return NO_PICTURE


def _media(element: etree._Element) -> list[etree._Element]:
    contents = element.xpath(".//media:content", namespaces=NS)
    images = [c for c in contents if _is_image(c.get("medium"), c.get("type"))]
    return [*images, *element.xpath(".//media:thumbnail", namespaces=NS)]


def _enclosures(element: etree._Element) -> list[etree._Element]:
    found = [*element.iterfind("enclosure"), *element.iterfind("atom:link[@rel='enclosure']", NS)]
    return [e for e in found if _is_image(None, e.get("type"))]


def _is_image(medium: str | None, kind: str | None) -> bool:
    return medium == "image" or (kind or "").strip().lower().startswith("image/")


def _described(url: str, found: etree._Element, item: etree._Element) -> LeadImage:
    """The picture at `url`: Media RSS's title, description and credit of the element found,
    else of its group or item."""
    around = [found, found.getparent(), item]
    alt, caption, credit = (
        _text(around, f"media:{name}") for name in ("title", "description", "credit")
    )
    return LeadImage(url, alt, caption, credit)


def _text(elements: list[etree._Element | None], path: str) -> str:
    for element in elements:
        if element is not None:
            value = element.findtext(path, None, NS)
            if value and value.strip():
                return " ".join(html_text(value).split())
    return ""
