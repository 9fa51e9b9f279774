"""Tests for feeds and sitemaps: they parse, carry full dates, and respect the limits."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from newsgen.config import SiteConfig
from newsgen.sitemaps import NewsItem, SitemapUrl, news_sitemap, sitemaps
from sitegen import article_text, build, generated_site

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


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


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml", "topics/topic-0/feed.xml"])
def test_feeds_parse_cleanly(built: SiteConfig, name: str) -> None:
    kind = "application/feed+json" if name.endswith(".json") else "application/xml"
    feed = feedparser.parse(
        (built.output_path / name).read_bytes(), response_headers={"content-type": kind}
    )
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == 10
    first = feed.entries[0]
    assert first.title == "Bad <script>alert(1)</script> & title"
    assert first.link == "https://test.example/2025/01/01/bad-script-alert-1-script-title/"
    assert first.id == first.link
    assert first.summary


def test_json_feed_follows_version_1_1(built: SiteConfig) -> None:
    feed = json.loads((built.output_path / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://test.example/feed.json"
    assert len(feed["items"]) == 10
    first = feed["items"][0]
    assert (
        first["id"]
        == first["url"]
        == "https://test.example/2025/01/01/bad-script-alert-1-script-title/"
    )
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


def test_sitemap_lists_every_page_but_404(built: SiteConfig) -> None:
    tree = etree.parse(str(built.output_path / "sitemap.xml"))
    locations = tree.xpath("//s:loc/text()", namespaces=NS)
    pages = [p for p in built.output_path.rglob("index.html")]
    assert len(locations) == len(pages)
    assert "https://test.example/404.html" not in locations
    lastmods = tree.xpath(
        "//s:url[s:loc='https://test.example/2024/01/01/article-0/']/s:lastmod/text()",
        namespaces=NS,
    )
    assert lastmods == ["2024-01-01T09:00:00+00:00"]


def test_sitemap_splits_past_the_limit(tmp_path: Path) -> None:
    config = SiteConfig(root=tmp_path, base_url="https://x.example/")
    entries = [SitemapUrl(f"https://x.example/{n}/") for n in range(25)]
    files = sitemaps(config, entries, limit=10)
    assert sorted(files) == ["/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml", "/sitemap.xml"]
    index = etree.fromstring(files["/sitemap.xml"])
    assert index.xpath("//s:sitemap/s:loc/text()", namespaces=NS) == [
        "https://x.example/sitemap-1.xml",
        "https://x.example/sitemap-2.xml",
        "https://x.example/sitemap-3.xml",
    ]
    counts = [
        len(etree.fromstring(files[f"/sitemap-{n}.xml"]).xpath("//s:url", namespaces=NS))
        for n in (1, 2, 3)
    ]
    assert counts == [10, 10, 5]
    assert list(sitemaps(config, entries)) == ["/sitemap.xml"]


def test_news_sitemap_keeps_two_days_before_the_newest_article_at_most_1000() -> None:
    config = SiteConfig(root=Path("/s"), base_url="https://x.example/", publisher="Daily")
    newest = datetime(2024, 5, 10, 12, tzinfo=UTC)
    items = [
        NewsItem(f"https://x.example/{n}/", f"Story {n}", newest - timedelta(minutes=n))
        for n in range(1500)
    ]
    items.append(NewsItem("https://x.example/old/", "Old", newest - timedelta(days=3)))
    tree = etree.fromstring(news_sitemap(config, items))
    urls = tree.xpath("//s:loc/text()", namespaces=NS)
    assert len(urls) == 1000
    assert "https://x.example/old/" not in urls
    assert urls[0] == "https://x.example/0/"
    assert tree.xpath("//n:name/text()", namespaces=NS)[0] == "Daily"


def test_news_sitemap_window_is_relative_to_the_newest_article() -> None:
    config = SiteConfig(root=Path("/s"), base_url="https://x.example/")
    newest = datetime(2001, 1, 3, tzinfo=UTC)
    items = [
        NewsItem("https://x.example/a/", "A", newest),
        NewsItem("https://x.example/b/", "B", newest - timedelta(days=2)),
        NewsItem("https://x.example/c/", "C", newest - timedelta(days=2, seconds=1)),
    ]
    urls = etree.fromstring(news_sitemap(config, items)).xpath("//s:loc/text()", namespaces=NS)
    assert urls == ["https://x.example/a/", "https://x.example/b/"]


def test_robots_names_both_sitemaps(built: SiteConfig) -> None:
    assert (built.output_path / "robots.txt").read_text(encoding="utf-8").splitlines()[-2:] == [
        "Sitemap: https://test.example/sitemap.xml",
        "Sitemap: https://test.example/news-sitemap.xml",
    ]
