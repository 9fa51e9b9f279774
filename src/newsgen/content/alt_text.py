"""Pictures of a Markdown body that readers who cannot see them are told nothing of: a web
image written without alt text, and a raw HTML `<img>` without an `alt` attribute."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from newsgen.content.media import ALT_HINT
from newsgen.content.text import is_web_url
from newsgen.diagnostics import Diagnostic, warning
from newsgen.model import Article

EMPTY_ALT = re.compile(r"!\[\s*\]")
"""A Markdown image written with empty brackets: a body without one (and, where raw HTML is
published, without an `<img` tag) is not parsed."""
IMG_TAG = re.compile(r"<img", re.IGNORECASE)
RAW_HINT = f'add alt="..." to the tag and {ALT_HINT} (alt="" for a picture that only decorates)'


class _Unlabelled(NamedTuple):
    """An image without alt text: its address, the text to find its line by, and whether it
    is a raw HTML tag."""

    src: str
    written: str
    raw: bool


def unlabelled_images(article: Article, raw_html: bool) -> list[Diagnostic]:
    """A warning at the line of each web image written without alt text (a local picture's is
    told where the picture is checked) and, when raw HTML is published (`raw_html`), of each
    `<img>` tag with no `alt`."""
    body = article.body
    if not ("![" in body and EMPTY_ALT.search(body)) and not (raw_html and IMG_TAG.search(body)):
        return []
    lines = article.body.split("\n")
    found = []
    for span, image in _unlabelled(_parser(raw_html).parse(article.body)):
        line = article.body_line + _row_of(lines, span, image.written)
        hint = (
            RAW_HINT
            if image.raw
            else f"write it between the brackets, ![like this]({image.src}), and {ALT_HINT}"
        )
        message = f"image {image.src or image.written} has no alt text"
        found.append(warning(article.source_path, line, message, hint))
    return found


@functools.cache
def _parser(raw_html: bool) -> MarkdownIt:
    """Markdown as the renderer reads it, raw HTML as HTML or not; made once (0.5 ms)."""
    return MarkdownIt("commonmark", {"html": raw_html}).enable("table").use(footnote_plugin)


def _unlabelled(tokens: list[Token]) -> Iterator[tuple[list[int] | None, _Unlabelled]]:
    """Each web image with no alt text, and each `<img>` tag with no `alt`, with the lines of
    the block that holds it."""
    for token in tokens:
        if token.type == "html_block":
            yield from ((token.map, image) for image in _tags_without_alt(token.content))
        children = (token.children or []) if token.type == "inline" else []
        for child in children:
            if child.type == "html_inline":
                yield from ((token.map, image) for image in _tags_without_alt(child.content))
            elif child.type == "image" and not child.content.strip():
                src = str(child.attrGet("src") or "")
                if is_web_url(src):
                    yield token.map, _Unlabelled(src, src, raw=False)


def _tags_without_alt(html: str) -> list[_Unlabelled]:
    """The `<img>` tags of `html` with no `alt` attribute."""
    reader = _ImgReader()
    reader.feed(html)
    reader.close()
    return reader.found


class _ImgReader(HTMLParser):
    """Collects the `<img>` start tags that have no `alt`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[_Unlabelled] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and all(name != "alt" for name, _ in attrs):
            src = next((value or "" for name, value in attrs if name == "src"), "")
            written = (self.get_starttag_text() or "<img").split("\n")[0]
            self.found.append(_Unlabelled(src, written, raw=True))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _row_of(lines: list[str], span: list[int] | None, written: str) -> int:
    """The body line (from 0) within `span` that holds `written`, else the span's first."""
    start, end = span or (0, len(lines))
    return next((i for i in range(start, end) if written in lines[i]), start)
