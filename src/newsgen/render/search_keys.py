"""What of an article page its search index is made of, as a key: a template edit elsewhere on
the page (its header, its footer) leaves the key as it was, and so the published index."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from newsgen.cache.store import digest

Compared = tuple[bool, str]
"""Whether Pagefind reads a page alike its published file, and the page's search key ('' when
it was not needed)."""

if TYPE_CHECKING:
    from lxml import etree

INDEXED = "data-pagefind-body"
"""The attribute of the elements Pagefind indexes (they are among those `READ` finds)."""
READ = "//@*[starts-with(name(), 'data-pagefind-')]/.. | //h1 | //img | //title"
"""What Pagefind may read of a page that marks what it indexes: the marked elements, every
element with another of its attributes (filters, metadata, sort keys, weights) wherever it is,
and any heading or image (the first ones are a result's default title and image), once each
in document order. The elements are found through their attributes: a fifth faster than
testing each element's attributes (`//*[@*[...]]`) on newsgen's article pages."""
HTML_TAG = re.compile(rb"<html[\s>]", re.IGNORECASE)
"""Pagefind leaves out a page without one (lxml makes one up)."""


def search_key(html: bytes) -> str:
    """The key of what Pagefind can read of the page: every element with a `data-pagefind-`
    attribute whole (the indexed ones, marked `data-pagefind-body`, among them), every h1, img
    and title, and the root element (is it there, its language). A page with no indexed
    element is indexed whole by Pagefind, so its key is then that of all its bytes; so is a
    page lxml reads with any complaint: libxml2 mends bad nesting otherwise than an HTML5
    parser (it closes a `<p>` at a `<div>`, which Pagefind keeps inside), and stops reading at
    a depth of 256 elements.

    More is kept than Pagefind reads (a comment in the indexed element, an h1 outside it): such
    an edit re-indexes for nothing, while an edit of anything Pagefind reads never goes unseen.
    """
    from lxml import etree  # only once a template edit is checked against the search index

    parser = etree.HTMLParser(collect_ids=False)
    try:
        root = etree.fromstring(html, parser)
    except (etree.LxmlError, ValueError):
        root = None
    if root is None or parser.error_log:
        return digest("page", html)
    read = _read()(root)
    if not any(INDEXED in element.attrib for element in read):
        return digest("page", html)
    parts = [etree.tostring(element, with_tail=False) for element in read]
    root_tag = repr((HTML_TAG.search(html) is not None, sorted(root.attrib.items())))
    return digest("read", root_tag, *parts)


@functools.cache
def _read() -> etree.XPath:
    """`READ` compiled once (`xpath()` compiles its expression at every call)."""
    from lxml import etree

    return etree.XPath(READ)


def reads_alike(html: bytes, live: str, earlier: tuple[str, str]) -> Compared:
    """Whether Pagefind reads of an article page what it read of the `live` file published for
    it (a template edit elsewhere on the page: its index may stay as it is), and the page's key.

    `earlier` is what the last build knew of the published file: the hash of its bytes and
    their key (each '' when not known). The key is taken only when the hash is that of the
    file's bytes: the published pages judge, never a cache that may be behind them.
    """
    try:
        with open(live, "rb") as published:  # noqa: PTH123 - a path as plain str
            before = published.read()
    except OSError:
        return False, ""
    hashed, key = earlier
    known = key if key and digest(before) == hashed else ""
    if before == html:
        return True, known
    made = search_key(html)
    return (known or search_key(before)) == made, made
