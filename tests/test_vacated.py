"""Listing pages that list nothing any more: the day, month, topic, author or page 3 whose last
article moved or went keeps answering, with a redirect to the nearest listing above it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from feedcheck import feed_errors, feed_warnings
from newsgen.config.site import SiteConfig, load_config
from newsgen.plan.vacated import nearest_above
from newsgen.publish.history import HISTORY_FILE
from seedutil import make_site
from sitegen import build, tree

CONFIG = (
    "title: Daily\nbase_url: https://news.example/\ntimezone: UTC\nper_page: 2\nsearch: false\n"
)


def story(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date} 10:00\n{extra}---\nBody of {title}.\n"


def site(root: Path) -> SiteConfig:
    return make_site(
        root,
        CONFIG,
        {
            "content/a.md": story("Storm", "2026-12-04", "topics: [Tornado]\nauthor: Jane Roe\n"),
            "content/b.md": story("Budget", "2026-11-03", "topics: [Politics]\n"),
            "content/c.md": story("Vote", "2026-11-02", "topics: [Politics]\n"),
            "content/d.md": story("Count", "2026-11-01", "topics: [Politics]\n"),
        },
    )


def page(config: SiteConfig, url: str) -> str:
    return (config.output_path / url.strip("/") / "index.html").read_text(encoding="utf-8")


def redirects(config: SiteConfig) -> list[str]:
    path = config.output_path / "_redirects"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def redate(config: SiteConfig, name: str, old: str, new: str) -> None:
    path = config.content_path / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_day_and_month_emptied_by_a_new_date_redirect_to_the_nearest_listing(
    tmp_path: Path,
) -> None:
    config = site(tmp_path / "site")
    build(config)
    redate(config, "a.md", "2026-12-04", "2026-11-05")
    warned = [d.format() for d in build(config).diagnostics][1:]  # after the article's move
    assert warned == [
        "build/: warning: 2 listing pages list no article any more and now redirect to the "
        "nearest listing above: /2026/12/ to /2026/, /2026/12/04/ to /2026/ (each answers "
        "again as soon as an article is listed there)"
    ]
    day = page(config, "/2026/12/04/")
    assert '<meta http-equiv="refresh" content="0; url=/2026/">' in day
    assert '<link rel="canonical" href="https://news.example/2026/">' in day
    assert '<meta name="robots" content="noindex">' in day
    assert "<h1>Nothing is listed here any more</h1>" in day
    assert '<p>See <a href="/2026/">2026</a>.</p>' in day
    assert "/2026/12/04/" not in (config.output_path / "sitemap.xml").read_text(encoding="utf-8")
    assert redirects(config) == [
        "/2026/12/ /2026/ 301",
        "/2026/12/04/ /2026/ 301",
        "/2026/12/04/storm/ /2026/11/05/storm/ 301",
    ]
    kept = tree(config.output_path)
    assert len(build(config).diagnostics) == 1, "the listings are told of once; the move each time"
    assert tree(config.output_path) == kept
    build(config, clean=True)
    assert tree(config.output_path) == kept, "a full rebuild of the same state is byte-identical"


def test_a_listing_with_an_article_again_is_a_listing_again(tmp_path: Path) -> None:
    config = site(tmp_path)
    build(config)
    redate(config, "a.md", "2026-12-04", "2026-11-05")
    build(config)
    (config.content_path / "e.md").write_text(story("Flood", "2026-12-04"), encoding="utf-8")
    assert [d.format() for d in build(config).diagnostics] == [
        "content/a.md:1: warning: /2026/12/04/storm/, where an earlier build published this "
        "article, now redirects to /2026/11/05/storm/ (add `aliases: [/2026/12/04/storm/]` to "
        "its front matter, so that the redirect survives a deleted .newsgen/ folder)"
    ]
    assert "Flood" in page(config, "/2026/12/04/")
    assert "http-equiv" not in page(config, "/2026/12/")
    assert redirects(config) == ["/2026/12/04/storm/ /2026/11/05/storm/ 301"]


def test_an_emptied_topic_author_and_last_page_redirect_up(tmp_path: Path) -> None:
    config = site(tmp_path)
    build(config)
    assert (config.output_path / "topics/politics/page/2/index.html").is_file()
    (config.content_path / "a.md").unlink()
    (config.content_path / "d.md").unlink()
    *gone, told = (d.format() for d in build(config).diagnostics)
    assert [text.split(":")[0] for text in gone] == [
        "build/2026/11/01/count/",
        "build/2026/12/04/storm/",
    ]
    assert told.startswith("build/: warning: 7 listing pages list no article any more and now ")
    assert told.endswith("and 2 more (each answers again as soon as an article is listed there)")
    assert redirects(config) == [
        "/2026/11/01/ /2026/11/ 301",
        "/2026/12/ /2026/ 301",
        "/2026/12/04/ /2026/ 301",
        "/authors/jane-roe/ /authors/ 301",
        "/page/2/ / 301",
        "/topics/politics/page/2/ /topics/politics/ 301",
        "/topics/tornado/ /topics/ 301",
    ]
    assert "url=/topics/politics/" in page(config, "/topics/politics/page/2/")
    assert '<a href="/topics/">Topics</a>' in page(config, "/topics/tornado/")
    assert not (config.output_path / "2026/12/04/storm").exists(), "a removed article stays gone"


def test_an_alias_or_a_moved_article_wins_over_a_listing_redirect(tmp_path: Path) -> None:
    config = site(tmp_path)
    build(config)
    redate(config, "a.md", "2026-12-04", "2026-11-05")
    redate(config, "b.md", "---\nBody", "aliases: [/2026/12/04/]\n---\nBody")
    build(config)
    assert "/2026/12/04/ /2026/11/03/budget/ 301" in redirects(config)
    assert "url=/2026/11/03/budget/" in page(config, "/2026/12/04/")


def test_redirects_follow_a_sub_path_base_url(tmp_path: Path) -> None:
    config = make_site(
        tmp_path,
        CONFIG.replace("news.example/", "example.org/news/"),
        {"content/a.md": story("Storm", "2026-12-04"), "content/b.md": story("Vote", "2026-11-02")},
    )
    build(config)
    (config.content_path / "a.md").unlink()
    build(config)
    assert "/news/2026/12/ /news/2026/ 301" in redirects(config)
    assert '<meta http-equiv="refresh" content="0; url=/news/2026/">' in page(config, "/2026/12/")


def test_a_history_without_listings_is_read_and_gets_them(tmp_path: Path) -> None:
    """A history written before listings were kept still gives its article redirects."""
    config = site(tmp_path)
    build(config)
    history = config.root / ".newsgen" / HISTORY_FILE
    document = json.loads(history.read_text(encoding="utf-8"))
    del document["listings"]
    history.write_text(json.dumps(document), encoding="utf-8")
    redate(config, "a.md", "2026-12-04", "2026-11-05")
    (moved,) = build(config).diagnostics
    assert "/2026/12/04/storm/, where an earlier build published this article" in moved.message
    assert "/2026/12/04/ /2026/ 301" not in redirects(config), "nothing told it was a listing"
    listed = json.loads(history.read_text(encoding="utf-8"))["listings"]
    assert listed["/2026/11/05/"] == 1 and "/2026/12/04/" not in listed


@pytest.mark.parametrize("url", ["/../outside/", "2026/", "/a//b/", "/.hidden/"])
def test_a_history_with_an_unsafe_listing_url_is_started_afresh(tmp_path: Path, url: str) -> None:
    config = site(tmp_path / "site")
    build(config)
    history = config.root / ".newsgen" / HISTORY_FILE
    document = json.loads(history.read_text(encoding="utf-8"))
    history.write_text(json.dumps(document | {"listings": {url: 1}}), encoding="utf-8")
    (warned,) = build(config, clean=True).diagnostics
    assert warned.format().startswith(
        ".newsgen/published.json: warning: the URL history cannot be read (unsafe URL "
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert redirects(config) == []


def test_a_listing_redirect_survives_a_copy_of_the_site_with_its_history(tmp_path: Path) -> None:
    config = site(tmp_path / "site")
    build(config)
    redate(config, "a.md", "2026-12-04", "2026-11-05")
    build(config)
    copy = tmp_path / "copy"
    shutil.copytree(config.root, copy, ignore=shutil.ignore_patterns("build", "cache.sqlite"))
    build(load_config(copy))
    assert tree(copy / "build") == tree(config.output_path)


def feed(config: SiteConfig, url: str) -> bytes:
    return (config.output_path / url.lstrip("/")).read_bytes()


def test_an_emptied_topic_or_author_keeps_its_feed_empty_and_valid(tmp_path: Path) -> None:
    """A feed reader subscribed to a topic or an author finds a feed at its address still."""
    config = site(tmp_path)
    build(config)
    topic, author = (
        feed(config, "/topics/tornado/feed.xml"),
        feed(config, "/authors/jane-roe/feed.xml"),
    )
    redate(config, "a.md", "topics: [Tornado]\nauthor: Jane Roe\n", "")
    build(config)
    for url, before, name in (
        ("/topics/tornado/feed.xml", topic, "Tornado"),
        ("/authors/jane-roe/feed.xml", author, "Jane Roe"),
    ):
        after = feed(config, url)
        assert b"<entry>" in before and b"<entry>" not in after
        assert f"<title>{name} - Daily</title>".encode() in after
        assert f"<subtitle>No article is listed under {name} any more</subtitle>".encode() in after
        assert f"<id>https://news.example{url}</id>".encode() in after, "the subscription's id"
        assert feed_errors(after, f"https://news.example{url}") == []
        assert feed_warnings(after, f"https://news.example{url}") == []
    kept = tree(config.output_path)
    build(config, clean=True)
    assert tree(config.output_path) == kept, "made again alike"


def test_an_emptied_feed_lists_again_when_its_topic_does(tmp_path: Path) -> None:
    config = site(tmp_path)
    build(config)
    redate(config, "a.md", "topics: [Tornado]", "topics: [Weather]")
    build(config)
    assert b"<entry>" not in feed(config, "/topics/tornado/feed.xml")
    redate(config, "b.md", "topics: [Politics]", "topics: [Politics, Tornado]")
    build(config)
    assert b"<title>Budget</title>" in feed(config, "/topics/tornado/feed.xml")


def test_an_emptied_feed_survives_a_copy_of_the_site_with_its_history(tmp_path: Path) -> None:
    config = site(tmp_path / "site")
    build(config)
    redate(config, "a.md", "topics: [Tornado]", "topics: [Weather]")
    build(config)
    copy = tmp_path / "copy"
    shutil.copytree(config.root, copy, ignore=shutil.ignore_patterns("build", "cache.sqlite"))
    build(load_config(copy))
    assert tree(copy / "build") == tree(config.output_path)
    assert (copy / "build/topics/tornado/feed.xml").is_file()


@pytest.mark.parametrize("url", ["/index.html", "/topics/feed.xml", "/2026/x/feed.xml"])
def test_a_history_with_a_feed_of_no_topic_or_author_is_started_afresh(
    tmp_path: Path, url: str
) -> None:
    config = site(tmp_path)
    build(config)
    history = config.root / ".newsgen" / HISTORY_FILE
    document = json.loads(history.read_text(encoding="utf-8"))
    history.write_text(json.dumps(document | {"feeds": {url: "X"}}), encoding="utf-8")
    (warned,) = build(config, clean=True).diagnostics
    assert warned.format() == (
        f".newsgen/published.json: warning: the URL history cannot be read ({url!r} is no "
        "topic's or author's feed); it is started afresh (moved articles keep their old URLs "
        "only through their `aliases:`)"
    )


@pytest.mark.parametrize(
    ("url", "listed", "above"),
    [
        ("/2024/05/06/page/2/", {"/", "/2024/", "/2024/05/06/"}, "/2024/05/06/"),
        ("/2024/05/06/", {"/", "/2024/"}, "/2024/"),
        ("/topics/x/", {"/", "/topics/"}, "/topics/"),
        ("/odd.html", {"/"}, "/"),
    ],
)
def test_the_nearest_listing_above(url: str, listed: set[str], above: str) -> None:
    assert nearest_above(url, listed) == above
