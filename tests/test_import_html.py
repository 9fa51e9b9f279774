"""HTML bodies of imported items into Markdown: the words a reader saw come out as they were,
whatever in them Markdown would read as markup (hypothesis over text in every kind of block)."""

from __future__ import annotations

import html
import re
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.content.imports.html import PLAYERS, html_to_markdown
from newsgen.render.markup import markdown_parser

PIECES = st.sampled_from(
    [
        *"ab1984#->+=.)|[]()~*_`\\!: \n<&\t",
        "~~", "[1]: http://x.example", "1. ", "2) ", "- ", "+ ", "> ", "## ", "===", "---",
        "&amp;", "<b>", "http://x.example", "<https://x.example>", "[^1]", "***", "    ",
        "```", "&#42;", "&copy;", "[sic]", "[a](b)",
    ]
)  # fmt: skip
BLOCKS = st.sampled_from(
    [
        "<p>{}</p>", "<ul><li>{}</li></ul>", "<table><tr><td>{}</td><td>x</td></tr></table>",
        "<h2>{}</h2>", "<blockquote><p>{}</p></blockquote>", "<p><b>{}</b></p>",
        "<p>x <a href='https://l.example/'>{}</a></p>", "{}",
    ]
)  # fmt: skip


def shown(rendered: str) -> str:
    """The words a page shows, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=20), BLOCKS)
def test_the_words_of_any_block_are_shown_as_they_were(parts: list[str], block: str) -> None:
    text = html.escape("".join(parts)).replace("\n", "<br>")
    source = block.format(text)
    markdown = html_to_markdown(source, "https://base.example/").markdown
    assert shown(markdown_parser().render(markdown)) == shown(source), markdown


@pytest.mark.parametrize(
    ("source", "markdown"),
    [
        ("<p>1984. The year the mine closed.</p>", "1984\\. The year the mine closed."),
        ("<p>Bread rose.<br>- Jane Doe</p>", "Bread rose.\\\n\\- Jane Doe"),
        ("<p>Vote today<br /></p><p>Polls close at 8.</p>", "Vote today\n\nPolls close at 8."),
        ("Vote today<br />\n\nPolls close at 8.", "Vote today\n\nPolls close at 8."),
        ("<p>a<br><br>b<br><br></p>", "a\\\n\\\nb"),
        ("<p>See [1]: the notes</p>", "See \\[1\\]: the notes"),
        (
            "<table><tr><th>Odds</th></tr><tr><td>3|1</td></tr></table>",
            "| Odds |\n| --- |\n| 3\\|1 |",
        ),
        ('<a href="https://x.example/a (1))">t</a>', "[t](https://x.example/a%20%281%29%29)"),
        (
            '<p>A<img src="data:image/gif;base64,R0lGOD" data-src="/up/pier.jpg" alt="Pier">.</p>',
            "A![Pier](https://base.example/up/pier.jpg).",
        ),
        (
            '<img src="/lazy.gif" data-lazy-src="https://cdn.example/mill.jpg" alt="Mill">',
            "![Mill](https://cdn.example/mill.jpg)",
        ),
        (
            '<img data-src="javascript:alert(1)" src="https://x.example/ok.jpg">',
            "![](https://x.example/ok.jpg)",
        ),
        ('<p>Before<img alt="a placeholder without address">after</p>', "Beforeafter"),
        (
            '<img src="https://x.example/a.jpg" alt="Left ] right">',
            "![Left \\] right](https://x.example/a.jpg)",
        ),
        (
            '<table><tr><th>Map</th></tr><tr><td><img src="https://x.example/m.png" alt="m"></td></tr></table>',
            "| Map |\n| --- |\n| ![m](https://x.example/m.png) |",
        ),
    ],
)
def test_text_markdown_would_read_as_markup_is_kept_as_text(source: str, markdown: str) -> None:
    assert html_to_markdown(source, "https://base.example/").markdown == markdown


@pytest.mark.parametrize(
    "body", ["https://x.example/watch", "photo.jpg", "<p>https://x.example</p>"]
)
def test_a_body_that_looks_like_an_address_converts_without_a_warning(body: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert html_to_markdown(body, "https://base.example/").markdown == body.removeprefix(
            "<p>"
        ).removesuffix("</p>")


PLAYER_PARTS = (
    *("<IFRAME src='https://a.example/v'>", "<Video>", "<audio src=x.mp3>", "</iframe>"),
    *("<embed src=e.swf>", "<object data=o.swf>", "<p>", "text", "<!-- <iframe -->"),
    *("<script>'<iframe src=s>'</script>", "<videos>", "<objection>", " "),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(PLAYER_PARTS),
        max_size=8,
    )
)
def test_a_player_written_any_way_is_named_as_a_full_parse_finds_it(parts: list[str]) -> None:
    from bs4 import BeautifulSoup

    body = "".join(parts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        players = BeautifulSoup(body, "html.parser").find_all(PLAYERS)
    named = html_to_markdown(body).players
    assert bool(named) == any(not p.find_parent(PLAYERS) for p in players)
