"""Article bodies to HTML: Markdown through markdown-it-py, plain text as escaped paragraphs."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from html import escape

import markdown_it
import mdit_py_plugins
import nh3
from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.footnote import footnote_plugin

from newsgen.cache.store import BuildCache, digest, source_key
from newsgen.config.site import RawHtml
from newsgen.content.text import without_forbidden
from newsgen.model import Article, BodyFormat
from newsgen.plan.media import NO_MEDIA, BodyMedia
from newsgen.render.attributes import AttributeFilter, with_alt
from newsgen.render.pictures import MEDIA, pictures_plugin

NH3_VERSION: str = nh3.__version__  # type: ignore[attr-defined]  # (its stub leaves it out)
RENDERER = f"newsgen-markup-11 markdown-it-py-{markdown_it.__version__} " + (
    f"mdit-py-plugins-{mdit_py_plugins.__version__} nh3-{NH3_VERSION}"
)
"""Part of every cached body's key: a change in how bodies render invalidates the cache."""
THEME_IDS = re.compile(r"main|site-search|corrections-heading|related-heading|fn(ref)?\d+(:\d+)?")
"""Ids the theme's article page (and the footnotes) use; a heading must not take them."""
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\U0010ffff]")
"""Control characters HTML forbids (tab, newline, form feed and return are whitespace), and
where a noncharacter may be (see `without_forbidden`)."""
OBSOLETE_TAGS = frozenset({"acronym", "center", "strike", "tt", "bdo", "map", "area", "time"})
"""Tags nh3 allows that HTML forbids, or that are valid only with an attribute the sanitizer
drops (a `bdo` without `dir`, a `map` without `name`, a `time` without `datetime`): their
text is kept, the tags are not."""
OBSOLETE_ATTRIBUTES = frozenset({"char", "charoff", "headers"})
"""Attributes nh3 allows that HTML forbids (`char`), or that cannot be valid here: `headers`
names the ids of header cells, and a cell never keeps an id."""
CREDENTIALS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@")
"""A URL with a user name or password (https://me:secret@host/): no page may link to one."""
BLANK_LINES = re.compile(r"\n[ \t\f\r]*\n")
MAX_NESTING = 100
"""markdown-it's nesting limit (its 'default' preset): deeper structure is cut, and a list cut
there swallows the rest of the body; such a body is shown as plain text instead."""


def heading_id(title: str) -> str:
    """A heading's id: GitHub-style slug, never empty, never one of the theme's own ids."""
    slug = slugify(title).strip("-") or "section"
    return f"{slug}-section" if THEME_IDS.fullmatch(slug) else slug


def markdown_parser(raw_html: bool = False) -> MarkdownIt:
    """CommonMark + tables, strikethrough, footnotes, h2-h4 ids; linkify off; MAX_NESTING.

    Raw HTML is shown as escaped text unless `raw_html`.
    Links whose URL is javascript:, vbscript:, file: or data: (other than images), or holds a
    user name or password, are not turned into links: `_safe_link` refuses them.
    """
    parser = MarkdownIt(
        "commonmark",
        {"html": raw_html, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING},
    )
    parser.validateLink = _safe_link  # type: ignore[method-assign]
    return (
        parser.enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(anchors_plugin, min_level=2, max_level=4, slug_func=heading_id)
        .use(pictures_plugin)
    )


def _safe_link(url: str) -> bool:
    """markdown-it's check (no javascript: ...), and no user name or password in the URL."""
    return normalize_url.validateLink(url) and not CREDENTIALS.match(url)


def html_sanitizer(attribute_filter: AttributeFilter) -> nh3.Cleaner:
    """nh3's allow-list, plus what the Markdown renderer itself writes (ids, footnotes, tables),
    less what HTML forbids (obsolete tags; invalid values, by `attribute_filter`).

    Scripts, styles, frames, forms, event handlers and javascript: URLs never pass.
    """
    attributes = {
        tag: set(names) - OBSOLETE_ATTRIBUTES for tag, names in nh3.ALLOWED_ATTRIBUTES.items()
    }
    for tag in ("h2", "h3", "h4", "li", "a"):
        attributes.setdefault(tag, set()).add("id")
    for tag in ("th", "td"):
        attributes.setdefault(tag, set()).add("style")
    attributes.setdefault("img", set()).update({"srcset", "sizes", "loading", "decoding"})
    attributes["source"] = {"type", "srcset", "sizes"}  # a picture's WebP files
    footnotes = {
        "sup": {"footnote-ref"},
        "hr": {"footnotes-sep"},
        "section": {"footnotes"},
        "ol": {"footnotes-list"},
        "li": {"footnote-item"},
        "a": {"footnote-backref"},
    }
    return nh3.Cleaner(
        tags=(nh3.ALLOWED_TAGS - OBSOLETE_TAGS) | {"section", "picture", "source"},
        attributes=attributes,
        attribute_filter=attribute_filter,
        allowed_classes=footnotes,
        filter_style_properties={"text-align"},
        link_rel=None,
    )


class BodyRenderer:
    """Renders article bodies, each once per build (pages and feeds share the result).

    `source` gives an article's body text; by default the one the article holds.
    """

    def __init__(
        self,
        cache: BuildCache | None = None,
        raw_html: RawHtml = RawHtml.ESCAPE,
        source: Callable[[Article], str] = operator.attrgetter("body"),
        media: Callable[[Article], BodyMedia] = lambda _: NO_MEDIA,
    ) -> None:
        self._cache = cache
        self._raw_html = raw_html
        self._source = source
        self._media = media
        self._rendered: dict[str, str] = {}
        self._keys: dict[str, tuple[Article, str]] = {}
        """Each article's body key, by uid, with the very record it was made of."""
        self._markdown = markdown_parser(raw_html is not RawHtml.ESCAPE)
        self._attributes = AttributeFilter()
        self._sanitizer = html_sanitizer(self._attributes) if raw_html is RawHtml.SANITIZE else None

    def render(self, article: Article) -> str:
        """The body's HTML: raw HTML escaped (unless allowed), unsafe links dropped."""
        if article.uid not in self._rendered:
            self._rendered[article.uid] = self._cached(article)
        return self._rendered[article.uid]

    def retain(self, article: Article) -> str:
        """The body's cache key, kept in the cache though this build may not render it."""
        key = self._key(article)
        if self._cache is not None:
            self._cache.retain_body(key)
        return key

    def render_once(self, article: Article) -> str:
        """Like `render`, keeping nothing: for a worker that renders each body once."""
        return self.render_text(article, self._source(article))

    def source(self, article: Article) -> str:
        """The article's body text (Markdown or plain)."""
        return self._source(article)

    def cached(self, article: Article) -> str | None:
        """The body HTML already rendered (this build or, by content hash, an earlier one)."""
        if article.uid in self._rendered:
            return self._rendered[article.uid]
        if self._cache is None:
            return None
        return self._cache.body(self._key(article))

    def remember(self, article: Article, html: str) -> None:
        """Keep body HTML rendered elsewhere (a worker process) in the cache."""
        if self._cache is not None:
            self._cache.store_body(self._key(article), html)

    def forget(self, article: Article) -> None:
        """Drop the body of `article`, an edit replaced it (and no other article has it)."""
        if self._cache is not None and article.stored is not None:
            self._cache.forget_body(self._key(article), article.stored.key)

    def _cached(self, article: Article) -> str:
        if self._cache is None:
            return self.render_once(article)
        key = self._key(article)
        html = self._cache.body(key)
        if html is None:
            html = self.render_once(article)
            self._cache.store_body(key, html)
        return html

    def _key(self, article: Article) -> str:
        """The body key of `article` (see `body_key`), made once per record: a build asks for
        it when it plans the page, when it keeps the body rendered, and for each feed."""
        found = self._keys.get(article.uid)
        if found is not None and found[0] is article:
            return found[1]
        key = body_key(article, self._raw_html, self._media(article))
        self._keys[article.uid] = (article, key)
        return key

    def render_text(self, article: Article, text: str) -> str:
        """The HTML of `text`, the body of `article` (which may be held without it)."""
        body = without_forbidden(text, FORBIDDEN_CHARACTERS)
        if article.body_format is BodyFormat.TEXT:
            return text_to_html(body)
        env: dict[str, object] = {MEDIA: self._media(article)}
        tokens = self._markdown.parse(body, env)
        if any(token.level >= MAX_NESTING - 1 for token in tokens):
            return text_to_html(body)
        html: str = self._markdown.renderer.render(tokens, self._markdown.options, env)
        if self._sanitizer is None:
            return html
        self._attributes.reset()
        return with_alt(self._sanitizer.clean(html))


def body_key(
    article: Article, raw_html: RawHtml = RawHtml.ESCAPE, media: BodyMedia = NO_MEDIA
) -> str:
    """What a rendered body depends on: the renderer, raw HTML policy, format, text, and the
    pictures and article URLs its paths lead to."""
    stored = article.stored
    text = stored.key if stored else source_key(article.body_format.value, article.body)
    return digest("body", RENDERER, raw_html.value, text, media.key)


def text_to_html(text: str) -> str:
    """Plain paragraphs (split by blank lines) as escaped <p> elements: never read as markup."""
    blocks = BLANK_LINES.split(text.replace("\r\n", "\n"))
    paragraphs = (" ".join(block.split()) for block in blocks)
    return "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in paragraphs if p)
