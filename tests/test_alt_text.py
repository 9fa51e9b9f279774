"""Pictures without alt text: told by `check` at their line (web images, raw `<img>` tags),
and a raw `<img>` without `alt` published with an empty one, as HTML requires."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import nh3
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsgen.cli import cli
from newsgen.config.site import RawHtml
from newsgen.content.alt_text import unlabelled_images
from newsgen.model import Article, BodyFormat
from newsgen.render.attributes import with_alt
from newsgen.render.markup import BodyRenderer
from seedutil import make_site

BODY = (
    "Intro.\n"
    "\n"
    "A web picture ![](https://pics.example/flood.jpg) here,\n"
    "and one ![described](https://pics.example/dam.jpg).\n"
    "\n"
    'Raw <img src="https://pics.example/a.jpg"> and <img src="b.jpg" alt="B">.\n'
    "\n"
    "<div>\n"
    '<img src="https://pics.example/c.jpg"\n'
    '  title="c">\n'
    "</div>\n"
    "\n"
    "Code `<img src=x>` and ![](notes.txt).\n"
)


def article(body: str) -> Article:
    date = datetime(2024, 1, 1, tzinfo=UTC)
    return Article("a", "T", date, body, BodyFormat.MARKDOWN, "content/a.md", uid="a", body_line=5)


def told(body: str, raw_html: bool) -> list[str]:
    return [d.format() for d in unlabelled_images(article(body), raw_html)]


def test_web_images_and_raw_tags_without_alt_are_told_at_their_line() -> None:
    assert told(BODY, raw_html=True) == [
        "content/a.md:7: warning: image https://pics.example/flood.jpg has no alt text (write "
        "it between the brackets, ![like this](https://pics.example/flood.jpg), and describe "
        "what the picture shows for readers who cannot see it)",
        "content/a.md:10: warning: image https://pics.example/a.jpg has no alt text (add "
        'alt="..." to the tag and describe what the picture shows for readers who cannot see '
        'it (alt="" for a picture that only decorates))',
        "content/a.md:13: warning: image https://pics.example/c.jpg has no alt text (add "
        'alt="..." to the tag and describe what the picture shows for readers who cannot see '
        'it (alt="" for a picture that only decorates))',
    ]


def test_raw_tags_shown_as_text_are_no_pictures() -> None:
    assert [line.split(": warning")[0] for line in told(BODY, raw_html=False)] == ["content/a.md:7"]


def test_check_tells_them_on_a_site_publishing_raw_html(tmp_path: Path) -> None:
    story = "---\ntitle: Flood\ndate: 2024-01-01 10:00\nslug: flood\n---\n" + BODY
    config = make_site(
        tmp_path,
        "title: Daily\nbase_url: https://news.example/\ntimezone: UTC\nmarkdown_raw_html: true\n",
        {"content/flood.md": story},
    )
    done = CliRunner().invoke(cli, ["--site", str(config.root), "check"])
    lines = [line.split(": warning")[0] for line in done.output.splitlines() if "alt text" in line]
    assert lines == ["content/flood.md:8", "content/flood.md:11", "content/flood.md:14"]


def test_a_raw_img_without_alt_is_published_with_an_empty_one() -> None:
    html = BodyRenderer(raw_html=RawHtml.SANITIZE).render(article(BODY))
    assert '<img src="https://pics.example/a.jpg" alt="">' in html
    assert '<img src="b.jpg" alt="B">' in html
    assert '<img src="https://pics.example/c.jpg" title="c" alt="">' in html


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[list[tuple[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.tags.append(attrs)


def images(html: str) -> list[list[tuple[str, str | None]]]:
    reader = _Images()
    reader.feed(html)
    return reader.tags


VALUES = st.text(alphabet=st.sampled_from("ab <>\"=/'&alt"), max_size=8)
ATTRIBUTE = st.tuples(st.sampled_from(["src", "alt", "title", "width", "ALT"]), VALUES)


@given(st.lists(st.lists(ATTRIBUTE, max_size=4), max_size=3), VALUES)
def test_every_sanitized_img_ends_with_one_alt_and_the_rest_as_it_was(
    tags: list[list[tuple[str, str]]], text: str
) -> None:
    written = text.join(
        "<img " + " ".join(f"{name}='{value.replace(chr(39), '')}'" for name, value in tag) + ">"
        for tag in tags
    )
    clean = nh3.clean(written)
    before, after = images(clean), images(with_alt(clean))
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert [name for name, _ in new].count("alt") == 1
        assert [a for a in new if a[0] != "alt" or a in old] == old
