"""Sitemaps: the sitemap (split past 50,000 URLs), the Google News sitemap, robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsgen.config.site import SiteConfig
from newsgen.content.dates import whole_minute_offset
from newsgen.plan import urls
from newsgen.render.feeds import xml_text

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_URLS = 50_000
NEWS_WINDOW = timedelta(days=2)
MAX_NEWS = 1_000
TRADITIONAL_CHINESE = frozenset({"hant", "tw", "hk", "mo"})
"""Subtags of a Chinese language tag written in traditional characters."""


@dataclass(frozen=True)
class SitemapUrl:
    """One page in the sitemap."""

    url: str
    """Absolute URL."""
    lastmod: str | None = None
    """When the page's article last changed, in ISO 8601 (`Archive.lastmods`)."""


@dataclass(frozen=True)
class NewsItem:
    """One article in the news sitemap."""

    url: str
    title: str
    published: datetime
    language: str = ""
    """The article's language when not the site's."""


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _urlset(entries: Sequence[SitemapUrl]) -> bytes:
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for entry in entries:
        element = ET.SubElement(root, "url")
        ET.SubElement(element, "loc").text = entry.url
        if entry.lastmod is not None:
            ET.SubElement(element, "lastmod").text = entry.lastmod
    return _document(root)


def sitemaps(
    config: SiteConfig, entries: Sequence[SitemapUrl], limit: int = MAX_URLS
) -> dict[str, bytes]:
    """URL -> document: one /sitemap.xml, or an index of /sitemap-N.xml files past `limit`."""
    if len(entries) <= limit:
        return {urls.SITEMAP: _urlset(entries)}
    parts = {
        urls.sitemap_part(number): _urlset(entries[start : start + limit])
        for number, start in enumerate(range(0, len(entries), limit), start=1)
    }
    index = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
    for url in parts:
        ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = urls.absolute(config, url)
    return {urls.SITEMAP: _document(index), **parts}


def news_sitemap(config: SiteConfig, items: Sequence[NewsItem]) -> bytes:
    """Google News sitemap: articles of the 2 days before the newest one, at most 1,000."""
    newest = max((item.published for item in items), default=None)
    recent = [i for i in items if newest is not None and i.published >= newest - NEWS_WINDOW]
    recent.sort(key=lambda i: (-i.published.timestamp(), i.url))
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    root.set("xmlns:news", NEWS_NS)
    for item in recent[:MAX_NEWS]:
        element = ET.SubElement(root, "url")
        ET.SubElement(element, "loc").text = item.url
        news = ET.SubElement(element, "news:news")
        publication = ET.SubElement(news, "news:publication")
        ET.SubElement(publication, "news:name").text = xml_text(config.publisher_name)
        language = news_language(item.language or config.language)
        ET.SubElement(publication, "news:language").text = language
        published = whole_minute_offset(item.published).isoformat()
        ET.SubElement(news, "news:publication_date").text = published
        ET.SubElement(news, "news:title").text = xml_text(item.title)
    return _document(root)


def news_language(language: str) -> str:
    """The language as Google News names it: the ISO 639 code (`pt` for pt-BR), except
    Chinese, `zh-cn` (simplified) or `zh-tw` (traditional: zh-Hant, zh-TW, zh-HK, zh-MO)."""
    parts = language.lower().replace("_", "-").split("-")
    if parts[0] != "zh":
        return parts[0]
    return "zh-tw" if TRADITIONAL_CHINESE & set(parts[1:]) else "zh-cn"


def robots(config: SiteConfig) -> bytes:
    """robots.txt allowing everything and naming both sitemaps."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "",
        f"Sitemap: {urls.absolute(config, urls.SITEMAP)}",
        f"Sitemap: {urls.absolute(config, urls.NEWS_SITEMAP)}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap_names(count: int, limit: int = MAX_URLS) -> list[str]:
    """The URLs `sitemaps` makes for `count` entries."""
    if count <= limit:
        return [urls.SITEMAP]
    parts = -(-count // limit)
    return [urls.SITEMAP, *(urls.sitemap_part(number) for number in range(1, parts + 1))]
