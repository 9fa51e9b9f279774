"""An article page's search key changes with what Pagefind reads of it, and only with that."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from newsgen.render.search_keys import READ, search_key

PAGE = """<!doctype html>
<html lang="en"><head><title>Flood</title>
<meta data-pagefind-meta="image[content]" content="/a.jpg"></head>
<body><nav>Home</nav>
<article data-pagefind-body><h1>Flood</h1><p>The river rose.</p>
<footer data-pagefind-ignore>Share</footer></article>
<aside>More stories</aside><!-- built --></body></html>"""


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("<nav>Home</nav>", "<nav>Home | World</nav>", id="the navigation"),
        pytest.param("<aside>More stories</aside>", "<aside>Most read</aside>", id="an aside"),
        pytest.param("<!-- built -->", "<script>go()</script>", id="a script after"),
    ],
)
def test_what_pagefind_does_not_read_leaves_the_key(old: str, new: str) -> None:
    assert search_key(PAGE.replace(old, new).encode()) == search_key(PAGE.encode())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("The river rose.", "The river fell.", id="the indexed text"),
        pytest.param("Share", "Share it", id="an ignored part (Pagefind's to leave out)"),
        pytest.param('content="/a.jpg"', 'content="/b.jpg"', id="metadata in the head"),
        pytest.param('lang="en"', 'lang="fr"', id="the language"),
        pytest.param(
            "<nav>Home</nav>", '<nav data-pagefind-filter="desk:x">Home</nav>', id="a filter"
        ),
        pytest.param("<title>Flood</title>", "<title>Floods</title>", id="the title"),
        pytest.param("<aside>", "<aside><img src=/x.png alt=x>", id="an image outside"),
    ],
)
def test_what_pagefind_may_read_changes_the_key(old: str, new: str) -> None:
    assert search_key(PAGE.replace(old, new).encode()) != search_key(PAGE.encode())


def test_a_page_without_an_indexed_element_is_keyed_by_all_its_bytes() -> None:
    whole = PAGE.replace(" data-pagefind-body", "")
    assert search_key(whole.replace("Home", "Start").encode()) != search_key(whole.encode())


@pytest.mark.parametrize("html", [b"", b"\x00\xff", b"<!-- nothing -->"])
def test_a_page_lxml_cannot_read_has_a_key_all_the_same(html: bytes) -> None:
    assert search_key(html) == search_key(html)
    assert search_key(html) != search_key(html + b" ")


def _page(body: str) -> bytes:
    return f"<!doctype html><html lang=en><body>{body}</body></html>".encode()


@pytest.mark.parametrize(
    "made",
    [
        pytest.param(
            lambda word: "<article data-pagefind-body>" + "<b>" * 300 + word + "</b>" * 300,
            id="nested deeper than libxml2 reads",
        ),
        pytest.param(
            lambda word: f"<h1>Daily<p>tagline {word}</p></h1><article data-pagefind-body>",
            id="a paragraph in the heading (libxml2 closes the h1 at it)",
        ),
        pytest.param(
            lambda word: (
                f'<p data-pagefind-filter="desk">World<div>{word}</div></p>'
                "<article data-pagefind-body>"
            ),
            id="a block in a filter's paragraph (libxml2 closes the p at it)",
        ),
    ],
)
def test_a_page_lxml_mends_is_keyed_by_all_its_bytes(made: Callable[[str], str]) -> None:
    """Pagefind, reading as HTML5 does, finds these words inside the element: lxml would not."""
    assert search_key(_page(made("alpha"))) != search_key(_page(made("bravo")))


def test_a_page_that_loses_its_html_element_changes_its_key() -> None:
    """Pagefind leaves such a page out of the index; lxml would make the element up."""
    bare = PAGE.replace('<html lang="en">', "<html>")
    assert search_key(bare.replace("<html>", "").encode()) != search_key(bare.encode())


def test_elements_are_keyed_in_document_order() -> None:
    """Two filters swapped are another page to Pagefind (its first values come first)."""
    filters = '<span data-pagefind-filter="desk">World</span><span data-pagefind-sort="a">B</span>'
    swapped = '<span data-pagefind-sort="a">B</span><span data-pagefind-filter="desk">World</span>'
    page = PAGE.replace("<nav>Home</nav>", filters)
    assert search_key(page.replace(filters, swapped).encode()) != search_key(page.encode())


ATTRIBUTES = st.sampled_from(["data-pagefind-body", "data-pagefind-filter", "data-x", "class"])
ELEMENTS = st.recursive(
    st.tuples(st.sampled_from(["p", "h1", "img", "span", "title"]), st.lists(ATTRIBUTES)).map(
        lambda made: f"<{made[0]} {' '.join(made[1])}>"
    ),
    lambda inner: st.lists(inner, max_size=4).map("".join),
    max_leaves=12,
)


@given(ELEMENTS)
def test_read_finds_each_element_testing_its_attributes_would(body: str) -> None:
    """`READ` reaches the elements through their attributes: the same elements, in the same
    order, as testing every element's attributes."""
    root = etree.fromstring(_page(body), etree.HTMLParser())
    by_element = "//*[@*[starts-with(name(), 'data-pagefind-')]] | //h1 | //img | //title"
    assert etree.XPath(READ)(root) == etree.XPath(by_element)(root)
