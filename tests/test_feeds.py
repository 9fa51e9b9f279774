"""Tests for feeds: Atom, RSS and JSON Feed parse, carry full dates and escape hostile text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import feedparser
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig
from newsgen.content.identity import derived_id
from newsgen.render.feeds import (
    FeedAuthor,
    FeedEntry,
    FeedInfo,
    absolute_links,
    atom,
    json_feed,
    rss,
    xml_text,
)
from sitegen import article_text, build, generated_site

DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
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


# -- credit: every entry names an author, a person with their page or else the publisher --------

MEDIA = "publisher: {name: Test Media, url: 'https://media.example/'}\n"
PUBLISHER_CREDIT = {"name": "Test Media", "href": "https://media.example/"}


def uid_of(name: str) -> str:
    return f"urn:uuid:{derived_id(f'content/{name}', seed=False)}"


def write_article(config: SiteConfig, name: str, title: str, day: int, extra: str = "") -> None:
    date = datetime(2025, 1, day, 9, tzinfo=UTC)
    text = article_text(
        title, date, ["Topic 0"], body="Body text.[^1]\n\n[^1]: A note.", extra=extra
    )
    config.content_path.mkdir(exist_ok=True)
    (config.content_path / name).write_text(text, encoding="utf-8")


def rss_items(data: bytes) -> list[ElementTree.Element]:
    return ElementTree.fromstring(data).findall("channel/item")


def test_an_article_naming_no_one_is_credited_to_the_publisher_in_every_feed(
    tmp_path: Path,
) -> None:
    config = generated_site(tmp_path, 3, MEDIA)
    build(config)
    out = config.output_path
    for name in ("feed.xml", "topics/topic-0/feed.xml", "corrections/feed.xml"):
        feed = parsed((out / name).read_bytes())
        assert feed.feed.author_detail == PUBLISHER_CREDIT, name
        assert [e.author_detail for e in feed.entries] == [PUBLISHER_CREDIT] * len(feed.entries)
    creators = [i.findall(f"{{{DC}}}creator") for i in rss_items((out / "rss.xml").read_bytes())]
    assert [[c.text for c in found] for found in creators] == [["Test Media"]] * 3
    document = json.loads((out / "feed.json").read_bytes())
    credit = [{"name": "Test Media", "url": "https://media.example/"}]
    assert document["authors"] == credit
    assert [item["authors"] for item in document["items"]] == [credit] * 3


def test_without_a_publisher_the_site_title_and_address_are_credited(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 1)
    build(config)
    entry = parsed((config.output_path / "feed.xml").read_bytes()).entries[0]
    assert entry.author_detail == {"name": "Test Times", "href": "https://test.example/"}


def test_people_are_credited_with_their_author_pages_in_every_feed(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 0, MEDIA + "base_url: https://test.example/news/\n")
    write_article(config, "a.md", "Two bylines", 1, "authors: [Olena Koval, Ivan Petrenko]\n")
    build(config)
    out = config.output_path
    pages = "https://test.example/news/authors/"
    people = [
        {"name": "Olena Koval", "href": pages + "olena-koval/"},
        {"name": "Ivan Petrenko", "href": pages + "ivan-petrenko/"},
    ]
    assert parsed((out / "feed.xml").read_bytes()).entries[0].authors == people
    (item,) = rss_items((out / "rss.xml").read_bytes())
    assert [c.text for c in item.findall(f"{{{DC}}}creator")] == ["Olena Koval", "Ivan Petrenko"]
    (entry,) = json.loads((out / "feed.json").read_bytes())["items"]
    assert entry["authors"] == [{"name": p["name"], "url": p["href"]} for p in people]


# -- RSS text stays text; links in bodies are absolute ------------------------------------------


def test_rss_titles_and_descriptions_read_as_html_show_the_text() -> None:
    """RSS readers take a title or description as HTML: `<National Amusements Inc>` would be
    read as a tag and dropped, unless escaped for HTML as well as for XML."""
    text = "Viacom says <National Amusements Inc> & R&D bid"
    data = rss(SITE, INFO, [entry("viacom", ENTRIES[0].published, title=text, summary=text)])
    (item,) = rss_items(data)
    for name in ("title", "description"):
        value = item.findtext(name) or ""
        assert lxml.html.fragment_fromstring(value, create_parent="div").text_content() == text
    assert b"&#x26;lt;National Amusements Inc&#x26;gt; &#x26;amp; R&#x26;amp;D" in data
    atom_title = parsed(atom(SITE, INFO, [entry("v", ENTRIES[0].published, title=text)]))
    assert atom_title.entries[0].title == text, "Atom says its titles are text: left as they are"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<p><a href="#fn1" id="fnref1">[1]</a></p>',
            '<p><a href="https://x.example/news/a/#fn1" id="fnref1">[1]</a></p>',
        ),
        (
            '<p><a href="/x/">x</a> <img src="/i.png" alt="i"></p>',
            '<p><a href="https://x.example/x/">x</a> <img src="https://x.example/i.png" alt="i"></p>',
        ),
        (
            'Text <a href="b/">b</a> &amp; more',
            'Text <a href="https://x.example/news/a/b/">b</a> &amp; more',
        ),
        (
            '<a href="//cdn.example/c">c</a><a href="mailto:a@x.example">m</a>',
            '<a href="https://cdn.example/c">c</a><a href="mailto:a@x.example">m</a>',
        ),
        (
            '<a href="http://[::1">broken</a><a href="#n">n</a>',
            '<a href="http://[::1">broken</a><a href="https://x.example/news/a/#n">n</a>',
        ),
    ],
)
def test_relative_links_in_bodies_are_resolved_as_the_page_resolves_them(
    body: str, expected: str
) -> None:
    assert absolute_links(body, "https://x.example/news/a/") == expected


@pytest.mark.parametrize(
    "body",
    ["<p>No links &amp; a break<br /></p>\n", '<p><a href="https://y.example/">y</a><hr /></p>\n'],
)
def test_bodies_without_relative_links_are_left_byte_for_byte(body: str) -> None:
    assert absolute_links(body, "https://x.example/news/a/") == body


def test_footnote_links_are_absolute_in_every_feed(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 0)
    write_article(config, "a.md", "Noted", 1)
    build(config)
    out = config.output_path
    page = "https://test.example/2025/01/01/noted/"
    atom_body = parsed((out / "feed.xml").read_bytes()).entries[0].content[0].value
    (item,) = rss_items((out / "rss.xml").read_bytes())
    rss_body = item.findtext(f"{{{CONTENT}}}encoded") or ""
    json_body = json.loads((out / "feed.json").read_bytes())["items"][0]["content_html"]
    for body in (atom_body, rss_body, json_body):
        links = [
            link
            for _, _, link, _ in lxml.html.fragment_fromstring(
                body, create_parent="div"
            ).iterlinks()
        ]
        assert links == [page + "#fn1", page + "#fnref1"], body


# -- updates, author feeds, the corrections feed --------------------------------------------------


def test_an_update_moves_an_article_up_the_site_feeds_under_its_own_id(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 30, "feed_items: 10\n")
    build(config)
    article = config.content_path / "00002.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("topics:", "updated: 2025-06-01T10:00:00Z\ntopics:"), "utf-8")
    build(config)
    out = config.output_path
    atom_feed = parsed((out / "feed.xml").read_bytes())
    first = atom_feed.entries[0]
    assert (first.id, first.title) == (uid_of("00002.md"), "Article 2")
    assert (first.updated, first.published) == (
        "2025-06-01T10:00:00+00:00",
        "2024-01-03T09:00:00+00:00",
    )
    assert [e.title for e in atom_feed.entries[1:]] == [f"Article {n}" for n in range(29, 20, -1)]
    assert rss_items((out / "rss.xml").read_bytes())[0].findtext("guid") == uid_of("00002.md")
    assert json.loads((out / "feed.json").read_bytes())["items"][0]["id"] == uid_of("00002.md")
    topic = parsed((out / "topics/topic-2/feed.xml").read_bytes())
    assert "Article 2" not in [e.title for e in topic.entries], "topic feeds keep publication order"


def test_each_author_has_an_atom_feed_of_their_articles(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 0, MEDIA)
    write_article(config, "a.md", "First by Olena", 1, "author: Olena Koval\n")
    write_article(config, "b.md", "By Ivan", 2, "author: Ivan Petrenko\n")
    write_article(config, "c.md", "Second by Olena", 3, "authors: [Olena Koval, Ivan Petrenko]\n")
    write_article(config, "d.md", "Nobody's", 4)
    build(config)
    feed = parsed((config.output_path / "authors/olena-koval/feed.xml").read_bytes())
    assert feed.feed.title == "Olena Koval - Test Times"
    assert feed.feed.link == "https://test.example/authors/olena-koval/"
    assert feed.feed.author_detail == {
        "name": "Olena Koval",
        "href": "https://test.example/authors/olena-koval/",
    }
    assert [e.title for e in feed.entries] == ["Second by Olena", "First by Olena"]
    ivan = parsed((config.output_path / "authors/ivan-petrenko/feed.xml").read_bytes())
    assert [e.title for e in ivan.entries] == ["Second by Olena", "By Ivan"]
    assert sorted(p.name for p in (config.output_path / "authors").iterdir() if p.is_dir()) == [
        "ivan-petrenko",
        "olena-koval",
    ]


def test_the_corrections_feed_lists_corrected_articles_latest_correction_first(
    tmp_path: Path,
) -> None:
    config = generated_site(tmp_path, 5)
    build(config)
    empty = parsed((config.output_path / "corrections/feed.xml").read_bytes())
    assert (empty.feed.title, empty.entries) == ("Corrections - Test Times", [])
    fixes = {
        "00001.md": "corrections:\n- {date: 2024-03-01T08:00:00Z, text: First fix.}\n"
        "- {date: 2024-05-01T08:00:00Z, text: A <b>second</b> fix.}\n",
        "00003.md": "corrections:\n- {date: 2024-04-01T08:00:00Z, text: Name misspelt.}\n",
    }
    for name, extra in fixes.items():
        path = config.content_path / name
        path.write_text(path.read_text("utf-8").replace("topics:", extra + "topics:"), "utf-8")
    build(config)
    feed = parsed((config.output_path / "corrections/feed.xml").read_bytes())
    assert feed.feed.link == "https://test.example/corrections/"
    assert [(e.id, e.title) for e in feed.entries] == [
        (uid_of("00001.md"), "Article 1"),
        (uid_of("00003.md"), "Article 3"),
    ]
    latest = feed.entries[0]
    assert (latest.updated, latest.summary) == ("2024-05-01T08:00:00+00:00", "A <b>second</b> fix.")
    assert latest.content[0].value == (
        '<p><time datetime="2024-03-01T08:00:00+00:00">2024-03-01</time>: First fix.</p>\n'
        '<p><time datetime="2024-05-01T08:00:00+00:00">2024-05-01</time>: A &lt;b&gt;second&lt;/b&gt; fix.</p>'
    )
    assert feed.feed.updated == "2024-05-01T08:00:00+00:00"


def test_a_correction_before_the_year_1000_is_dated_with_four_digits(tmp_path: Path) -> None:
    """strftime's %Y wrote the year 999 as `999-06-02`, which is no ISO date."""
    config = generated_site(tmp_path, 1)
    path = config.content_path / "00000.md"
    fix = "corrections:\n- {date: 0999-06-02T08:00:00Z, text: Fixed.}\n"
    text = path.read_text("utf-8").replace("topics:", fix + "topics:")
    path.write_text(text.replace("2024-01-01T09:00:00", "0999-06-01T09:00:00"), "utf-8")
    build(config)
    feed = parsed((config.output_path / "corrections/feed.xml").read_bytes())
    assert feed.entries[0].content[0].value == (
        '<p><time datetime="0999-06-02T08:00:00+00:00">0999-06-02</time>: Fixed.</p>'
    )


def is_xml_char(character: str) -> bool:
    """XML 1.0's Char production."""
    code = ord(character)
    return (
        character in "\t\n\r"
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


ANY_CHARACTER = st.one_of(
    st.characters(),
    st.integers(0, 0x20).map(chr),
    st.integers(0xD800, 0xDFFF).map(chr),  # surrogates, which st.characters never makes
    st.integers(0xFFF0, 0x10000).map(chr),
)


@given(st.text(ANY_CHARACTER))
def test_feed_text_keeps_every_xml_character_and_nothing_else(text: str) -> None:
    assert xml_text(text) == "".join(c for c in text if is_xml_char(c))


@pytest.mark.parametrize("code", [0, 8, 0xB, 0xC, 0x1F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF])
def test_feed_text_drops_each_kind_of_character_xml_cannot_carry(code: int) -> None:
    assert xml_text(f"a{chr(code)}b") == "ab"
