"""An article page's search key changes with what Pagefind reads of it, and only with that."""

from __future__ import annotations

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
