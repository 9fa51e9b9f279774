"""Whether Pagefind may read an article page from its indexed element alone: told so (its
`--root-selector`), it skips the rest of the page, a sixth of its time on newsgen's pages."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

ROOT_SELECTOR = "[data-pagefind-body]"
"""The element Pagefind then reads: the one the theme marks as the article's text."""
READ_ANYWHERE = "//@*[starts-with(name(), 'data-pagefind-')]/.. | //h1 | //img"
"""What Pagefind reads wherever it lies when it reads the whole page: elements with one of its
attributes (filters, metadata, sort keys, ignored parts), each h1 (the first one with text is
a result's title) and img (the first one after it, its image)."""


def read_alone(page: bytes) -> bool:
    """Whether Pagefind makes the same of the page from its element marked
    `data-pagefind-body` alone as from the whole page: there is one such element; every
    element Pagefind reads elsewhere (`READ_ANYWHERE`) lies in it; and its first h1 holds text
    alone, so that the page's <title>, outside it, is never the result's title. A page lxml
    reads with any complaint is not judged (libxml2 mends bad nesting otherwise than an HTML5
    parser).
    """
    from lxml import etree  # in the render workers, only with search on

    parser = etree.HTMLParser(collect_ids=False)
    try:
        root = etree.fromstring(page, parser)
    except (etree.LxmlError, ValueError):
        return False
    if root is None or parser.error_log:
        return False
    read = _read_anywhere()(root)
    indexed = [element for element in read if "data-pagefind-body" in element.attrib]
    if len(indexed) != 1:
        return False
    element = indexed[0]
    if not all(_within(found, element) for found in read):
        return False
    first = next(element.iter("h1"), None)
    return first is not None and len(first) == 0 and bool((first.text or "").strip())


def _within(found: etree._Element, element: etree._Element) -> bool:
    return found is element or any(parent is element for parent in found.iterancestors())


@functools.cache
def _read_anywhere() -> etree.XPath:
    """`READ_ANYWHERE` compiled once (`xpath()` compiles its expression at every call)."""
    from lxml import etree

    return etree.XPath(READ_ANYWHERE)
