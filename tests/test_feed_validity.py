"""Every feed of the golden site and of 925 Reuters stories passes the W3C Feed Validator."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from feedcheck import feed_errors, feed_warnings
from newsgen.cli import cli
from newsgen.config.site import SiteConfig, load_config
from newsgen.render.feeds import FeedAuthor, FeedEntry, FeedInfo, atom, rss
from seedutil import make_site, needs_reuters, reuters_stories, story_seed
from sitegen import build

GOLDEN = Path(__file__).parent / "golden" / "site"
TEXT_AS_MARKUP = ("ContainsHTML", "CharacterData", "NotHtml", "ContainsRelRef")
"""Warnings of text that readers would take as markup, and of relative links: none is left."""
URL = "https://x.example/"
SITE = SiteConfig(root=Path("/s"), base_url=URL)


def feed_files(config: SiteConfig) -> dict[str, bytes]:
    """Every XML feed of a built site (sitemaps aside), by its absolute URL."""
    out = config.output_path
    found = sorted(p for p in out.rglob("*.xml") if "sitemap" not in p.name)
    return {config.base_url + p.relative_to(out).as_posix(): p.read_bytes() for p in found}


def problems(feeds: dict[str, bytes]) -> list[str]:
    """The validator's errors, and its warnings of text shown as markup, in every feed."""
    found = []
    for url, data in feeds.items():
        warnings = [w for w in feed_warnings(data, url) if w.startswith(TEXT_AS_MARKUP)]
        found += [f"{url}: {problem}" for problem in [*feed_errors(data, url), *warnings]]
    return found


def test_the_validator_finds_an_entry_without_author() -> None:
    """The check can fail: the same feed, once with no one credited."""
    published = datetime(2024, 1, 1, tzinfo=UTC)
    entry = FeedEntry(
        "urn:uuid:c66d3c68-8155-5faa-ba80-f5cc5f8c8ac3",
        URL,
        "T",
        published,
        published,
        "S",
        "<p>B</p>",
        (),
        (),
    )
    info = FeedInfo("F", URL, URL + "feed.xml", "D", ())
    assert feed_errors(atom(SITE, info, [entry]), info.feed_url) == [
        "MissingElement line 18: {'parent': 'entry', 'element': 'author'}"
    ]
    credited = replace(entry, authors=(FeedAuthor("Desk", URL),))
    assert feed_errors(atom(SITE, info, [credited]), info.feed_url) == []


def test_every_feed_of_the_golden_site_is_valid(tmp_path: Path) -> None:
    shutil.copytree(GOLDEN, tmp_path / "site")
    config = load_config(tmp_path / "site")
    build(config)
    feeds = feed_files(config)
    assert problems(feeds) == []
    base = config.base_url
    assert {f"{base}authors/olena-koval/feed.xml", f"{base}corrections/feed.xml"} < set(feeds)
    assert b"they run every eight." in feeds[f"{base}corrections/feed.xml"]


@pytest.fixture(scope="module")
def reuters(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    """925 Reuters stories imported from raw seeds and built, as an editor would."""
    config = make_site(
        tmp_path_factory.mktemp("reuters"),
        "title: Daily\nbase_url: https://news.example/\ntimezone: UTC\ndate_order: DMY\n"
        "min_topic_articles: 1\n",  # every name a story repeats: hundreds of topic feeds to check
    )
    config.seeds_path.mkdir()
    for story in reuters_stories():
        path = config.seeds_path / f"{story.number:04d}.txt"
        path.write_text(story_seed(story), encoding="utf-8")
    done = CliRunner().invoke(cli, ["--site", str(config.root), "import"])
    assert done.exit_code == 0, done.output
    build(config, search=False)
    return config


@needs_reuters
@pytest.mark.slow
def test_every_feed_of_925_reuters_stories_is_valid(reuters: SiteConfig) -> None:
    feeds = feed_files(reuters)
    topics = list((reuters.output_path / "topics").glob("*/feed.xml"))
    authors = list((reuters.output_path / "authors").glob("*/feed.xml"))
    assert len(feeds) == 3 + len(topics) + len(authors) > 700  # with rss.xml and corrections
    assert problems(feeds) == []


@needs_reuters
@pytest.mark.slow
def test_reuters_rss_shows_a_company_in_angle_brackets_as_text(reuters: SiteConfig) -> None:
    rss = (reuters.output_path / "rss.xml").read_bytes()
    assert b"&#x26;lt;National Amusements Inc&#x26;gt;" in rss


def test_rss_categories_and_creators_in_angle_brackets_are_text_to_the_validator() -> None:
    """RSS categories are text: a `<` or `&` in a topic is spelled `&#x3C;` and `&#x26;`, the
    RSS Profile's sign that it is no markup (as `&lt;` it is flagged as CharacterData)."""
    published = datetime(2024, 1, 1, tzinfo=UTC)
    author = FeedAuthor("Jane <Doe> & Co", URL)
    entry = FeedEntry("urn:x:1", URL, "T", published, published, "S", "<p>B</p>", (author,), ())
    entry = replace(entry, topics=("<Topic>", "A&B"))
    info = FeedInfo("F", URL, URL + "rss.xml", "D", (author,))
    data = rss(SITE, info, [entry])
    assert problems({info.feed_url: data}) == []
    assert b"<category>&#x3C;Topic&gt;</category>" in data
    assert b"<category>A&#x26;B</category>" in data


@pytest.mark.parametrize("year", [1, 999, 1000])
def test_rss_dates_of_years_before_1000_have_four_digits(year: int) -> None:
    """strftime writes the year 1 as `1`: RFC 822, and the validator, want `0001`."""
    published = datetime(year, 1, 1, tzinfo=UTC)
    author = FeedAuthor("Desk", URL)
    entry = FeedEntry("urn:x:1", URL, "T", published, published, "S", "<p>B</p>", (author,), ())
    info = FeedInfo("F", URL, URL + "rss.xml", "D", (author,))
    data = rss(SITE, info, [entry])
    day = published.strftime("%a")
    assert f"<pubDate>{day}, 01 Jan {year:04d} 00:00:00 +0000</pubDate>".encode() in data
    assert problems({info.feed_url: data}) == []


def test_the_corrections_feed_with_no_correction_dates_itself_by_the_last_article(
    tmp_path: Path,
) -> None:
    """An empty feed is dated by the site's last change: 1970 was flagged as implausible."""
    config = make_site(
        tmp_path,
        "title: Daily\nbase_url: https://news.example/\ntimezone: UTC\n",
        {
            "content/a.md": "---\ntitle: A\ndate: 2026-05-01 10:00\n---\nA.\n",
            "content/b.md": "---\ntitle: B\ndate: 2026-04-01 10:00\nupdated: 2026-06-02 08:00\n"
            "---\nB.\n",
        },
    )
    build(config, search=False)
    url = f"{config.base_url}corrections/feed.xml"
    data = (config.output_path / "corrections/feed.xml").read_bytes()
    assert b"<entry>" not in data
    assert b"<updated>2026-06-02T08:00:00+00:00</updated>" in data
    assert feed_errors(data, url) == feed_warnings(data, url) == []
