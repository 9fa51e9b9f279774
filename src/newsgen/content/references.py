"""What an article points at by paths of its own: its lead image, body images and local links."""

from __future__ import annotations

import dataclasses
import functools
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from newsgen.content.text import encoded_url, is_web_url, url_hint
from newsgen.model import BodyFormat, Reference, ReferenceKind

SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
"""A URL's scheme (https:, mailto:, data:): such a target is not a path of the site."""
TARGET_START = re.compile(r"\][(:][ \t\r\n]*<?")
"""Where a link's or an image's target may start (see `_may_name_a_path`)."""
LEAD_KEYS = ("image_alt", "image_caption", "image_credit")


class FieldReader(Protocol):
    """What reading the lead image needs of the front-matter reader."""

    def optional(self, key: str, read: Any) -> Any: ...
    def text(self, key: str, value: Any) -> str | None: ...
    def fail(self, key: str, message: str, hint: str = "") -> None: ...
    def line_of(self, key: str) -> int: ...


@dataclass(frozen=True)
class LeadImage:
    """The front matter's `image:` with its alt text, caption and credit."""

    image: str = ""
    alt: str = ""
    caption: str = ""
    credit: str = ""
    references: tuple[Reference, ...] = ()
    """The lead image's reference when it is a local file (a URL is shown as it is)."""


def lead_image(fields: FieldReader) -> LeadImage:
    """The article's `image:`, `image_alt:`, `image_caption:` and `image_credit:`."""
    image, alt, caption, credit = (
        fields.optional(key, fields.text) or "" for key in ("image", *LEAD_KEYS)
    )
    if is_web_url(image):
        return LeadImage(encoded_url(image), alt, caption, credit)
    lead = LeadImage(image, alt, caption, credit)
    if not image:
        return lead
    if SCHEME.match(image) or image.startswith("//"):
        hint = url_hint(image) or (
            "give an https URL, a file beside the article (photo.jpg) or of static/ (/a.jpg)"
        )
        fields.fail("image", f"`image` must be a URL or a path, got {image!r}", hint)
        return lead
    reference = Reference(ReferenceKind.LEAD, image, fields.line_of("image"), alt)
    return dataclasses.replace(lead, references=(reference,))


def body_references(body: str, body_format: BodyFormat, body_line: int) -> tuple[Reference, ...]:
    """The local images and links of a Markdown body, in the order written, each with its line.

    Targets with a URL scheme, protocol-relative ones and bare fragments are the web's, not
    the site's, and are left out.
    """
    if body_format is not BodyFormat.MARKDOWN or not _may_name_a_path(body):
        return ()
    lines = body.split("\n")
    found: list[Reference] = []
    for block in _parser().parse(body):
        if block.type != "inline" or block.map is None or not block.children:
            continue
        for token in _flat(block.children):
            reference = _reference(token)
            if reference is not None:
                kind, target, alt = reference
                line = body_line + _line_in(lines, block.map, target)
                found.append(Reference(kind, target, line, alt))
    return tuple(found)


def _may_name_a_path(body: str) -> bool:
    """Whether a link or image of `body` may have a target without a scheme, told without
    parsing: most bodies link to the web alone, and parsing them was most of the loader's time.

    A target is written after `](` (a link or an image) or `]:` (a definition), and the white
    space and `<` markdown-it skips there. A target starting with a scheme keeps it, as no
    escape or entity can be part of one.
    """
    return any(SCHEME.match(body, start.end()) is None for start in TARGET_START.finditer(body))


@functools.cache
def _parser() -> MarkdownIt:
    """Markdown as the renderer reads links (footnotes too: `[^1]: notes.md` is a footnote, not
    a link), its inline rules run only on text with a `[`."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    parser.core.ruler.at("inline", _inline_with_brackets)
    return parser


def _inline_with_brackets(state: StateCore) -> None:
    """markdown-it's inline stage for the blocks that can hold a local link or image: one
    written in the block itself (`_may_name_a_path`), or by reference to a definition when
    the body has any (a footnote's too: its text is kept only where a block refers to it). An
    autolink always has a scheme, so is the web's. Most paragraphs link to the web alone, if
    at all, and their inline parse was most of the loader's time."""
    defined = bool(state.env.get("references") or state.env.get("footnotes"))
    for token in state.tokens:
        if token.type == "inline":
            token.children = []
            if "[" in token.content and (defined or _may_name_a_path(token.content)):
                state.md.inline.parse(token.content, state.md, state.env, token.children)


def _flat(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _flat(token.children)


def _reference(token: Token) -> tuple[ReferenceKind, str, str] | None:
    if token.type == "image":
        kind, target, alt = ReferenceKind.IMAGE, str(token.attrGet("src") or ""), token.content
    elif token.type == "link_open":
        kind, target, alt = ReferenceKind.LINK, str(token.attrGet("href") or ""), ""
    else:
        return None
    if not target or target.startswith(("#", "//")) or SCHEME.match(target):
        return None
    return kind, target, alt


def _line_in(lines: list[str], span: list[int], target: str) -> int:
    """Offset from the body's first line of the line (within the block) that holds `target`."""
    start, end = span
    return next((i for i in range(start, end) if target in lines[i]), start)


def linked_file(article_path: str, target: str) -> str | None:
    """The site-relative file a relative link to an article's file names
    ('../03/story.md#quote' from content/2024/02/a.md: content/2024/03/story.md); None for a
    link to anything else."""
    path = target.partition("#")[0].split("?", 1)[0]
    if target.startswith("/") or not path.endswith(".md"):
        return None
    folder = posixpath.dirname(article_path)
    return posixpath.normpath(posixpath.join(folder, unquote(path)))
