"""Tests for feeds: Atom, RSS and JSON Feed parse, carry full dates and escape hostile text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import pytest

from newsgen.config.site import SiteConfig
from newsgen.content.identity import derived_id
from newsgen.render.feeds import FeedAuthor, FeedEntry, FeedInfo, atom, json_feed, rss
from sitegen import article_text, build, generated_site

EVIL_ID = f"urn:uuid:{derived_id('content/evil.md', seed=False)}"


@pytest.fixture
def built(tmp_path: Path) -> SiteConfig:
    config = generated_site(tmp_path, 30, "feed_items: 10\ntimezone: Europe/Kyiv\n")
    (config.content_path / "evil.md").write_text(
        article_text(
            "Bad <script>alert(1)</script> & \x0b title",
            datetime(2025, 1, 1, 12, tzinfo=UTC),
            ["Topic 0"],
        ),
        encoding="utf-8",
    )
    build(config)
    return config


def shown(detail: Any) -> str:
    """The text a reader shows for a feed text: HTML is rendered, not read as text."""
    if detail.type != "text/html":
        return str(detail.value)
    return str(lxml.html.fragment_fromstring(detail.value, create_parent="div").text_content())


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml", "topics/topic-0/feed.xml"])
def test_feeds_parse_cleanly(built: SiteConfig, name: str) -> None:
    kind = "application/feed+json" if name.endswith(".json") else "application/xml"
    feed = feedparser.parse(
        (built.output_path / name).read_bytes(), response_headers={"content-type": kind}
    )
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == 10
    first = feed.entries[0]
    assert shown(first.title_detail) == "Bad <script>alert(1)</script> & title"
    assert first.link == "https://test.example/2025/01/01/bad-script-alert-1-script-title/"
    assert first.id == EVIL_ID, "the id is the article's, not its URL"
    assert first.summary


def test_json_feed_follows_version_1_1(built: SiteConfig) -> None:
    feed = json.loads((built.output_path / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://test.example/feed.json"
    assert len(feed["items"]) == 10
    first = feed["items"][0]
    assert first["url"] == "https://test.example/2025/01/01/bad-script-alert-1-script-title/"
    assert first["id"] == EVIL_ID
    assert first["date_published"] == "2025-01-01T12:00:00+00:00"
    assert first["content_html"] == "<p>Body text.</p>\n"
    assert first["tags"] == ["Topic 0"]


def test_atom_entries_carry_dates_with_timezone_and_content(built: SiteConfig) -> None:
    text = (built.output_path / "feed.xml").read_text(encoding="utf-8")
    feed = feedparser.parse(text)
    assert "<published>2025-01-01T12:00:00+00:00</published>" in text
    assert feed.feed.updated == "2025-01-01T12:00:00+00:00"
    assert feed.entries[1].content[0].value.strip() == "<p>Body text.</p>"
    assert [t.term for t in feed.entries[1].tags] == ["Topic 2", "Topic 0"]


def test_feed_ids_do_not_change_between_builds(built: SiteConfig) -> None:
    before = (built.output_path / "feed.xml").read_bytes()
    (built.content_path / "new.md").write_text(
        article_text("Newest", datetime(2026, 1, 1, tzinfo=UTC), []), encoding="utf-8"
    )
    build(built)
    old_ids = {e.id for e in feedparser.parse(before).entries}
    new_ids = {
        e.id for e in feedparser.parse((built.output_path / "feed.xml").read_bytes()).entries
    }
    assert len(old_ids & new_ids) == 9


KYIV = timezone(timedelta(hours=2))
SITE = SiteConfig(root=Path("/s"), base_url="https://x.example/", language="uk")
PUBLISHER = FeedAuthor("X Media", "https://x.example/")
INFO = FeedInfo(
    "Site", "https://x.example/", "https://x.example/feed.xml", "All news", (PUBLISHER,)
)
OLENA = FeedAuthor("Olena Koval", "https://x.example/authors/olena-koval/")


def entry(
    slug: str, published: datetime, updated: datetime | None = None, **fields: Any
) -> FeedEntry:
    values: dict[str, Any] = {
        "id": f"tag:x.example,2024:{slug}",
        "url": f"https://x.example/{slug}/",
        "title": slug.title(),
        "published": published,
        "updated": updated or published,
        "summary": f"About {slug}.",
        "content_html": f"<p>{slug} in full.</p>",
        "authors": (OLENA,),
        "topics": ("City", "R&D"),
    }
    return FeedEntry(**(values | fields))


ENTRIES = [
    entry("newest", datetime(2024, 3, 2, 8, tzinfo=KYIV)),
    entry("edited", datetime(2024, 3, 1, 8, tzinfo=KYIV), datetime(2024, 3, 5, 10, tzinfo=KYIV)),
    entry("hostile", datetime(2024, 2, 1, tzinfo=UTC), title="</title><script>x()</script>\x07"),
]


def parsed(data: bytes) -> Any:
    feed = feedparser.parse(data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def test_atom_entries_carry_author_categories_summary_and_content() -> None:
    feed = parsed(atom(SITE, INFO, ENTRIES))
    first = feed.entries[0]
    assert (first.id, first.link) == ("tag:x.example,2024:newest", "https://x.example/newest/")
    assert first.author == "Olena Koval"
    assert first.author_detail.href == "https://x.example/authors/olena-koval/"
    assert feed.feed.author_detail == {"name": "X Media", "href": "https://x.example/"}
    assert [t.term for t in first.tags] == ["City", "R&D"]
    assert first.summary == "About newest."
    assert first.content[0].value == "<p>newest in full.</p>"
    assert first.published == "2024-03-02T08:00:00+02:00"
    assert feed.entries[2].title == "</title><script>x()</script>"
    assert feed.feed.language == "uk"


def test_rss_items_carry_author_categories_and_dates_with_timezone() -> None:
    data = rss(SITE, INFO, ENTRIES)
    feed = parsed(data)
    first = feed.entries[0]
    assert first.author == "Olena Koval"
    assert [t.term for t in first.tags] == ["City", "R&D"]
    assert first.id == "tag:x.example,2024:newest"
    assert b'<guid isPermaLink="false">tag:x.example,2024:newest</guid>' in data
    assert first.content[0].value == "<p>newest in full.</p>"
    assert b"<pubDate>Sat, 02 Mar 2024 08:00:00 +0200</pubDate>" in data
    assert shown(feed.entries[2].title_detail) == "</title><script>x()</script>"
    assert feed.feed.link == "https://x.example/", "the channel links the site, not the feed"


def test_feed_dates_come_from_the_entries_never_the_clock() -> None:
    assert parsed(atom(SITE, INFO, ENTRIES)).feed.updated == "2024-03-05T10:00:00+02:00"
    assert b"<lastBuildDate>Tue, 05 Mar 2024 10:00:00 +0200</lastBuildDate>" in rss(
        SITE, INFO, ENTRIES
    )
    assert atom(SITE, INFO, ENTRIES) == atom(SITE, INFO, ENTRIES)
    empty = parsed(atom(SITE, INFO, []))
    assert empty.entries == []
    assert empty.feed.updated == "1970-01-01T00:00:00+00:00"


def test_json_feed_items_hold_text_as_given_and_html_as_html() -> None:
    document = json.loads(json_feed(SITE, INFO, ENTRIES))
    hostile = document["items"][2]
    assert hostile["title"] == "</title><script>x()</script>\x07"
    assert hostile["authors"] == [
        {"name": "Olena Koval", "url": "https://x.example/authors/olena-koval/"}
    ]
    assert document["authors"] == [{"name": "X Media", "url": "https://x.example/"}]
    assert hostile["tags"] == ["City", "R&D"]
    assert document["items"][1]["date_modified"] == "2024-03-05T10:00:00+02:00"
    assert document["language"] == "uk"


def test_a_topic_feed_holds_only_that_topics_articles(built: SiteConfig) -> None:
    feed = parsed((built.output_path / "topics/topic-1/feed.xml").read_bytes())
    assert feed.feed.title == "Topic 1 - Test Times"
    assert feed.feed.link == "https://test.example/topics/topic-1/"
    titles = [e.title for e in feed.entries]
    assert (
        titles
        == [f"Article {n}" for n in sorted(range(30), reverse=True) if 1 in (n % 3, (n + 1) % 3)][
            :10
        ]
    )
    assert all("Topic 1" in [t.term for t in e.tags] for e in feed.entries)
