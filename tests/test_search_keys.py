"""An article page's search key changes with what Pagefind reads of it, and only with that."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsgen.render.search_keys import search_key

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
