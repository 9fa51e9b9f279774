"""Feeds: Atom, RSS 2.0 and JSON Feed of the latest articles, and an Atom feed per topic."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from newsgen.config.site import SiteConfig

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedEntry:
    """One article as a feed entry: plain data, absolute URLs."""

    id: str
    """The entry's permanent id (a URI): it never follows the URL."""
    url: str
    title: str
    published: datetime
    updated: datetime
    summary: str
    content_html: str
    author: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class FeedInfo:
    """What a feed says about itself."""

    title: str
    page_url: str
    """Absolute URL of the HTML page the feed follows."""
    feed_url: str
    """Absolute URL of the feed itself."""
    description: str


def xml_text(text: str) -> str:
    """`text` without the control characters XML cannot carry."""
    return NOT_XML.sub("", text)


def _generator(config: SiteConfig, info: FeedInfo, entries: Sequence[FeedEntry]) -> FeedGenerator:
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)  # RSS names an author only by e-mail
    feed.id(info.feed_url)
    feed.title(xml_text(info.title))
    feed.subtitle(xml_text(info.description) or xml_text(info.title))
    feed.link(href=info.feed_url, rel="self")
    feed.link(href=info.page_url, rel="alternate")  # last: RSS takes its <link> from it
    feed.language(config.language)
    newest = max((e.updated for e in entries), default=EPOCH)
    feed.updated(newest)
    feed.lastBuildDate(newest)
    feed.generator("newsgen")
    for entry in entries:
        _add_entry(feed, entry)
    return feed


def _add_entry(feed: FeedGenerator, entry: FeedEntry) -> None:
    item = feed.add_entry(order="append")
    item.id(entry.id)
    item.guid(entry.id, permalink=False)
    item.title(xml_text(entry.title))
    item.link(href=entry.url)
    item.published(entry.published)
    item.updated(entry.updated)
    if entry.summary:
        item.summary(xml_text(entry.summary))
    item.content(xml_text(entry.content_html), type="html")
    if entry.author:
        item.author(name=xml_text(entry.author))
        item.dc.dc_creator(xml_text(entry.author))
    for topic in entry.topics:
        item.category(term=xml_text(topic))


def atom(config: SiteConfig, info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """Atom 1.0 document."""
    data: bytes = _generator(config, info, entries).atom_str(pretty=True)
    return data


def rss(config: SiteConfig, info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """RSS 2.0 document."""
    data: bytes = _generator(config, info, entries).rss_str(pretty=True)
    return data


def json_feed(config: SiteConfig, info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """JSON Feed 1.1 document."""
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": info.page_url,
        "feed_url": info.feed_url,
        "description": info.description,
        "language": config.language,
        "items": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "summary": e.summary,
                "content_html": e.content_html,
                "date_published": e.published.isoformat(),
                "date_modified": e.updated.isoformat(),
                "authors": [{"name": e.author}] if e.author else [],
                "tags": list(e.topics),
            }
            for e in entries
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
