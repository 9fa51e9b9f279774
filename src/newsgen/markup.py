"""Article bodies to HTML: Markdown through markdown-it-py, plain text as escaped paragraphs."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from newsgen.cache import BuildCache, digest
from newsgen.model import Article, BodyFormat


class BodyRenderer:
    """Renders article bodies, each once per build (pages and feeds share the result)."""

    def __init__(self, cache: BuildCache | None = None) -> None:
        self._cache = cache
        self._rendered: dict[str, str] = {}
        self._markdown = (
            MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
            .enable(["table", "strikethrough"])
            .use(footnote_plugin)
            .use(anchors_plugin, min_level=2, max_level=4)
        )

    def render(self, article: Article) -> str:
        """Safe HTML for the body: raw HTML in Markdown is escaped, unsafe links dropped."""
        if article.slug not in self._rendered:
            self._rendered[article.slug] = self._cached(article)
        return self._rendered[article.slug]

    def _cached(self, article: Article) -> str:
        if self._cache is None:
            return self._render(article)
        key = body_key(article)
        html = self._cache.body(key)
        if html is None:
            html = self._render(article)
            self._cache.store_body(key, html)
        return html

    def _render(self, article: Article) -> str:
        if article.body_format is BodyFormat.TEXT:
            return text_to_html(article.body)
        html: str = self._markdown.render(article.body)
        return html


def body_key(article: Article) -> str:
    """What a rendered body depends on: its format and its text."""
    return digest("body", article.body_format.value, article.body)


def text_to_html(text: str) -> str:
    """Plain paragraphs (split by blank lines) as escaped <p> elements: never read as markup."""
    paragraphs = (" ".join(block.split()) for block in text.split("\n\n"))
    return "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in paragraphs if p)
