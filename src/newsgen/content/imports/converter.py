"""markdownify's HTML-to-Markdown converter, made to keep an imported story's words as shown."""

from __future__ import annotations

import re
from typing import Any

from bs4.element import NavigableString, Tag
from markdownify import MarkdownConverter

from newsgen.content.text import is_web_url

MARKDOWN_SIGNS = re.compile(r"[\\`*_]")
"""Characters of text that Markdown would read as markup anywhere: escaped with a backslash."""
BLOCK_MARK = re.compile(
    r"^([ \t]*)(#{1,6}(?=[ \t]|$)|-+(?=[ \t]|$)|\+(?=[ \t]|$)|>|=+[ \t]*$)", re.MULTILINE
)
"""A heading, list, quote or rule marker opening a line of text ('- Jane Doe', '# 1')."""
ORDERED = re.compile(r"^([ \t]*\d{1,9})([.)])(?=[ \t]|$)", re.M)
"""A number opening a line as an ordered list would ('1984. A year')."""
BRACKETED = re.compile(r"\[([^\[\]\n]*)\](?=[(\[:])")
"""Text in brackets that Markdown would read as a link or a link's definition."""
LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original")
"""Where a lazy-loading script finds a picture's address, its `src` a placeholder."""
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "hr"}
    | {"blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"}
    | {"figure", "figcaption", "section", "[document]"}
)


class Converter(MarkdownConverter):
    """markdownify's converter, with text that Markdown would read as markup or raw HTML (a
    story quoting "<script>", a paragraph opening "1984. The year") escaped, so the words come
    out as they were shown."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = MARKDOWN_SIGNS.sub(r"\\\g<0>", text)
        if parent_tags & HEADINGS:  # a heading's text: a # ending it would be taken off
            text = text.replace("#", r"\#")
        text = BLOCK_MARK.sub(r"\1\\\2", text)
        text = ORDERED.sub(r"\1\\\2", text)
        if "a" in parent_tags:  # a link's text: any bracket would end or open it
            text = text.replace("[", r"\[").replace("]", r"\]")
        else:
            text = BRACKETED.sub(r"\\[\1\\]", text)
        text = text.replace("~~", r"\~\~")
        if parent_tags & {"td", "th"}:
            text = text.replace("|", r"\|")
        return text.replace("&", "&amp;").replace("<", "&lt;")

    def convert_br(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A line break (a backslash ending the line, as newline_style="backslash" writes it),
        unless it ends its block (`Text<br /></p>`, as WordPress writes), where Markdown would
        show the backslash as a character."""
        if _ends_block(el):
            return ""
        if "_inline" in parent_tags:  # a heading, a table cell: one line
            return text + " " if text else " "
        return "\\\n" + text

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A picture at its address (that of a lazy-loading script first: its `src` is then a
        placeholder), nothing for one without; its alternative text escaped, so that a
        bracket in it does not end it."""
        lazy = (str(el.get(name) or "").strip() for name in LAZY_SOURCES)
        address = next((a for a in lazy if is_web_url(a)), str(el.get("src") or ""))
        if not address:
            return ""
        alt = str(el.get("alt") or "").replace("\\", "\\\\")
        alt = alt.replace("[", r"\[").replace("]", r"\]")
        title = str(el.get("title") or "").replace('"', r"\"")
        if "_inline" in parent_tags and not parent_tags & {"td", "th"}:
            return alt  # a heading's picture: its words
        return f"![{alt}]({address}" + (f' "{title}")' if title else ")")


def _ends_block(element: Any) -> bool:
    """True when nothing but space and line breaks follows `element` up to the end of its
    block or the next block."""
    node = element
    while node is not None:
        for sibling in node.next_siblings:
            if isinstance(sibling, NavigableString):
                if sibling.strip():
                    return False
            elif isinstance(sibling, Tag) and sibling.name != "br":
                return sibling.name in BLOCKS
        parent = node.parent
        if parent is None or parent.name in BLOCKS:
            return True
        node = parent
    return True
