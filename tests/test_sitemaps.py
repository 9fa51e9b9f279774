"""Tests for sitemaps: they parse, list every page, split past the limit; news window; robots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import etree

from newsgen.config.site import Publisher, SiteConfig
from newsgen.render.sitemaps import NewsItem, SitemapUrl, news_sitemap, sitemaps
from sitegen import build, generated_site

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture
def built(tmp_path: Path) -> SiteConfig:
    config = generated_site(tmp_path, 30)
    build(config)
    return config


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
    config = SiteConfig(
        root=Path("/s"), base_url="https://x.example/", publisher=Publisher(name="Daily")
    )
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


def test_sitemap_urls_and_dates_are_escaped_and_kept_whole(tmp_path: Path) -> None:
    config = SiteConfig(root=tmp_path, base_url="https://x.example/")
    lastmod = datetime(2024, 2, 23, 9, tzinfo=timezone(timedelta(hours=2)))
    entries = [
        SitemapUrl("https://x.example/?a=1&b=<2>", lastmod.isoformat()),
        SitemapUrl("https://x.example/"),
    ]
    data = sitemaps(config, entries)["/sitemap.xml"]
    assert b"&amp;b=&lt;2&gt;" in data
    tree = etree.fromstring(data)
    assert tree.xpath("//s:loc/text()", namespaces=NS) == [e.url for e in entries]
    assert tree.xpath("//s:lastmod/text()", namespaces=NS) == ["2024-02-23T09:00:00+02:00"]


def test_news_sitemap_entries_name_the_publication_and_escape_titles() -> None:
    config = SiteConfig(
        root=Path("/s"), base_url="https://x.example/", language="pt-BR", title="Diário"
    )
    published = datetime(2024, 5, 10, 12, tzinfo=timezone(timedelta(hours=-3)))
    title = "Chefs & </news:title> <script>x()</script>\x0c"
    tree = etree.fromstring(
        news_sitemap(config, [NewsItem("https://x.example/a/", title, published)])
    )
    (news,) = tree.xpath("//s:url/n:news", namespaces=NS)
    assert news.xpath("n:publication/n:name/text()", namespaces=NS) == ["Diário"]
    assert news.xpath("n:publication/n:language/text()", namespaces=NS) == ["pt"]
    assert news.xpath("n:publication_date/text()", namespaces=NS) == ["2024-05-10T12:00:00-03:00"]
    assert news.xpath("n:title/text()", namespaces=NS) == [
        "Chefs & </news:title> <script>x()</script>"
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        *(("en", "en"), ("pt-BR", "pt"), ("sr-Latn", "sr"), ("zh", "zh-cn"), ("zh-Hans", "zh-cn")),
        *(("zh-Hant", "zh-tw"), ("zh-TW", "zh-tw"), ("zh-Hant-HK", "zh-tw"), ("zh-HK", "zh-tw")),
    ],
)
def test_news_sitemap_names_chinese_as_google_news_does(language: str, expected: str) -> None:
    """Google News takes zh-cn and zh-tw for Chinese: `zh` alone does not say which script."""
    config = SiteConfig(root=Path("/s"), base_url="https://x.example/", language=language)
    published = datetime(2024, 5, 10, 12, tzinfo=UTC)
    tree = etree.fromstring(
        news_sitemap(config, [NewsItem("https://x.example/a/", "T", published)])
    )
    assert tree.xpath("//n:language/text()", namespaces=NS) == [expected]


def test_an_empty_news_sitemap_is_a_valid_empty_urlset() -> None:
    tree = etree.fromstring(news_sitemap(SiteConfig(root=Path("/s")), []))
    assert tree.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert len(tree) == 0


def test_the_built_news_sitemap_holds_the_two_days_before_the_newest_article(
    built: SiteConfig,
) -> None:
    tree = etree.parse(str(built.output_path / "news-sitemap.xml"))
    assert tree.xpath("//s:loc/text()", namespaces=NS) == [
        "https://test.example/2024/01/30/article-29/",
        "https://test.example/2024/01/29/article-28/",
        "https://test.example/2024/01/28/article-27/",
    ]
    assert tree.xpath("//n:title/text()", namespaces=NS)[0] == "Article 29"
    assert tree.xpath("//n:name/text()", namespaces=NS)[0] == "Test Times"
