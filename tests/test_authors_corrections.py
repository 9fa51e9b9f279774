"""Credit on the page: author pages and their index, bylines that link to them, the source of
republished text, correction notices and the /corrections/ page, built from real sites."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest

from newsgen.config.site import SiteConfig
from newsgen.content.check import check_site
from newsgen.content.importer import import_seeds
from newsgen.diagnostics import NewsgenError
from newsgen.model import Source
from seedutil import SHIPPED_SEED, make_site
from sitegen import build
from test_html_validity import vnu_errors

EVIL = '<script>alert(1)</script>" onmouseover="x'
CONFIG = """title: Credit Courier
base_url: https://credit.example/news/
timezone: Europe/Kyiv
search: false
per_page: 2
author: Courier desk
"""
PROFILE = """authors:
  - name: Jane Doe
    bio: Covers transport & the city council.
    url: https://jane.example/
    same_as: [https://social.example/@jane, https://other.example/jane]
"""


def story(day: int, title: str, front: str = "", body: str = "Words of the story.") -> str:
    """A front-matter article dated February `day`, 2024, 10:00 Kyiv time."""
    date = f"2024-02-{day:02d}T10:00:00+02:00"
    return f'---\ntitle: "{title}"\ndate: {date}\n{front}---\n{body}\n'


def site_of(root: Path, stories: dict[str, str], config: str = CONFIG) -> SiteConfig:
    return make_site(root, config, {f"content/{name}.md": text for name, text in stories.items()})


def page(config: SiteConfig, url: str) -> lxml.html.HtmlElement:
    """The built page at the site URL `url` (under the base path /news/)."""
    path = config.output_path / url.removeprefix("/news/")
    return lxml.html.parse(str(path / "index.html" if url.endswith("/") else path)).getroot()


def main_text(tree: lxml.html.HtmlElement) -> str:
    return " ".join(tree.get_element_by_id("main").text_content().split())


def links(tree: lxml.html.HtmlElement, xpath: str) -> list[tuple[str, str]]:
    return [(" ".join(a.text_content().split()), a.get("href")) for a in tree.xpath(xpath)]


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    """Five stories by Jane Doe (two with John Roe), one by the desk, one agency story, three
    corrected ones, and a profile for Jane Doe."""
    root = tmp_path_factory.mktemp("newsroom")
    two = "authors: [Jane Doe, John Roe]\n"
    stories = {
        "a1": story(1, "Tram fares rise", "author: Jane Doe\n"),
        "a2": story(2, "Bridge closes", two),
        "a3": story(3, "Bridge reopens", two + "updated: 2024-02-05T08:00:00+02:00\n"),
        "a4": story(4, "Budget passes", "author: Jane Doe\n"),
        "a5": story(
            5,
            "Council votes",
            "author: Jane Doe\ncorrections:\n  - {date: 2024-02-06T09:00:00+02:00, text: A vote "
            "count was wrong.}\n  - {date: 2024-02-09T09:00:00+02:00, text: The mayor's name "
            "was misspelt.}\n",
        ),
        "desk": story(
            6,
            "Weather warning",
            "corrections:\n  - {date: 2024-02-07T12:00:00+02:00, text: The warning is amber.}\n",
        ),
        "wire": story(
            7,
            "Agency story",
            "source: {name: Wire & Co, url: 'https://wire.example/story?id=1&x=2', "
            "byline: By Ann Writer}\ncorrections:\n  - {date: 2024-02-08T09:00:00+02:00, "
            "text: The agency corrected a figure.}\n",
        ),
    }
    config = site_of(root, stories, CONFIG + PROFILE)
    build(config)
    return config


def test_an_author_page_lists_their_articles_paginated_with_profile_and_feed(
    newsroom: SiteConfig,
) -> None:
    first, second, third = (
        page(newsroom, url)
        for url in (
            "/news/authors/jane-doe/",
            "/news/authors/jane-doe/page/2/",
            "/news/authors/jane-doe/page/3/",
        )
    )
    assert not (newsroom.output_path / "authors/jane-doe/page/4").exists()
    titles = [links(p, "//main//h2[@class='card-title']/a") for p in (first, second, third)]
    assert [[t for t, _ in found] for found in titles] == [
        ["Council votes", "Budget passes"],
        ["Bridge reopens", "Bridge closes"],
        ["Tram fares rise"],
    ]
    assert first.findtext(".//h1") == "Jane Doe"
    assert "5 articles" in main_text(first)
    assert first.xpath("//p[@class='author-bio']/text()") == [
        "Covers transport & the city council."
    ]
    assert first.xpath("//ul[@class='author-links']//a/@href") == [
        "https://jane.example/",
        "https://social.example/@jane",
        "https://other.example/jane",
    ]
    feeds = first.xpath("//link[@rel='alternate' and @type='application/atom+xml']/@href")
    assert feeds == ["/news/authors/jane-doe/feed.xml"]
    descriptions = [p.xpath("//meta[@name='description']/@content")[0] for p in (first, second)]
    assert descriptions == [
        "Covers transport & the city council.",
        "Covers transport & the city council (page 2).",
    ]
    assert second.findtext(".//title").startswith("Jane Doe (page 2) – ")


def test_an_author_without_a_profile_gets_a_plain_page(newsroom: SiteConfig) -> None:
    john = page(newsroom, "/news/authors/john-roe/")
    assert john.xpath("//p[@class='author-bio'] | //ul[@class='author-links']") == []
    assert "2 articles" in main_text(john)
    description = john.xpath("//meta[@name='description']/@content")
    assert description == ["Every article by John Roe, newest first."]


def test_the_authors_index_lists_everyone_a_to_z_with_counts(newsroom: SiteConfig) -> None:
    index = page(newsroom, "/news/authors/")
    entries = [" ".join(li.text_content().split()) for li in index.xpath("//main//li")]
    assert entries == ["Courier desk 1 article", "Jane Doe 5 articles", "John Roe 2 articles"]
    assert index.xpath("//main//li/a/@href") == [
        "/news/authors/courier-desk/",
        "/news/authors/jane-doe/",
        "/news/authors/john-roe/",
    ]


def test_bylines_link_every_person_to_their_page(newsroom: SiteConfig) -> None:
    story_page = page(newsroom, "/news/2024/02/02/bridge-closes/")
    (byline,) = story_page.xpath("//header//span[@class='byline']")
    assert " ".join(byline.text_content().split()) == "By Jane Doe and John Roe"
    assert links(byline, ".//a") == [
        ("Jane Doe", "/news/authors/jane-doe/"),
        ("John Roe", "/news/authors/john-roe/"),
    ]
    card = page(newsroom, "/news/topics/").getroottree()  # any page: the footer names both
    assert links(card.getroot(), "//footer//a[.='Authors' or .='Corrections']") == [
        ("Authors", "/news/authors/"),
        ("Corrections", "/news/corrections/"),
    ]
    home = page(newsroom, "/news/page/2/")
    metas = [" ".join(p.text_content().split()) for p in home.xpath("//p[@class='meta']")]
    assert metas[0].startswith("February 5, 2024 · Jane Doe ·")
    assert links(home, "//p[@class='meta']/a")[0] == ("Jane Doe", "/news/authors/jane-doe/")


def test_republished_text_credits_its_source_and_no_one_of_the_site(newsroom: SiteConfig) -> None:
    agency = page(newsroom, "/news/2024/02/07/agency-story/")
    assert agency.xpath("//span[@class='byline']") == []
    (credit,) = agency.xpath("//p[@class='source-credit']")
    assert " ".join(credit.text_content().split()) == (
        "Originally published by Wire & Co, written by Ann Writer"
    )
    assert credit.xpath("a/@href") == ["https://wire.example/story?id=1&x=2"]
    home = page(newsroom, "/news/")
    (meta,) = [p for p in home.xpath("//p[@class='meta']") if "Wire" in p.text_content()]
    assert " · Wire & Co · " in meta.text_content()
    assert "Courier desk" not in main_text(agency)


def test_updated_and_correction_notices_show_on_the_article(newsroom: SiteConfig) -> None:
    updated = page(newsroom, "/news/2024/02/03/bridge-reopens/")
    times = updated.xpath("//header//p[contains(@class, 'byline-row')]//time/@datetime")
    assert times == ["2024-02-03T10:00:00+02:00", "2024-02-05T08:00:00+02:00"]
    assert "Updated February 5, 2024" in main_text(updated)
    assert updated.xpath("//section[@class='corrections']") == []
    council = page(newsroom, "/news/2024/02/05/council-votes/")
    (notice,) = council.xpath("//article[@class='story']/section[@class='corrections']")
    assert notice.findtext("h2") == "Corrections"
    items = [" ".join(li.text_content().split()) for li in notice.xpath(".//li")]
    assert items == [
        "February 6, 2024: A vote count was wrong.",
        "February 9, 2024: The mayor's name was misspelt.",
    ]
    assert notice.xpath(".//time/@datetime") == [
        "2024-02-06T09:00:00+02:00",
        "2024-02-09T09:00:00+02:00",
    ]


def test_the_corrections_page_lists_the_most_recently_corrected_first(
    newsroom: SiteConfig,
) -> None:
    first, second = (
        page(newsroom, "/news/corrections/"),
        page(newsroom, "/news/corrections/page/2/"),
    )
    assert not (newsroom.output_path / "corrections/page/3").exists()
    titles = [t for p in (first, second) for t, _ in links(p, "//main//h2/a")]
    assert titles == ["Council votes", "Agency story", "Weather warning"]
    notices = [" ".join(li.text_content().split()) for li in first.xpath("//main//article[1]//li")]
    assert notices == [
        "February 9, 2024: The mayor's name was misspelt.",
        "February 6, 2024: A vote count was wrong.",
    ]
    feeds = first.xpath("//link[@rel='alternate' and @type='application/atom+xml']/@href")
    assert feeds == ["/news/corrections/feed.xml"]
    description = second.xpath("//meta[@name='description']/@content")[0]
    assert description.endswith("(page 2).")


def test_the_new_pages_are_in_the_sitemap(newsroom: SiteConfig) -> None:
    sitemap = (newsroom.output_path / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("authors/", "authors/jane-doe/", "authors/jane-doe/page/3/", "corrections/"):
        assert f"<loc>https://credit.example/news/{url}</loc>" in sitemap


def test_a_site_without_authors_or_corrections_says_so(tmp_path: Path) -> None:
    config = site_of(tmp_path, {"one": story(1, "Only story")}, CONFIG.replace("author:", "#"))
    build(config)
    assert "No article names an author yet." in main_text(page(config, "/news/authors/"))
    assert "No article has been corrected." in main_text(page(config, "/news/corrections/"))
    assert page(config, "/news/2024/02/01/only-story/").xpath("//span[@class='byline']") == []


def test_an_imported_seed_credits_its_source_never_the_site(tmp_path: Path) -> None:
    config = make_site(tmp_path, CONFIG)
    (tmp_path / "seeds").mkdir()
    shutil.copy(SHIPPED_SEED, tmp_path / "seeds" / SHIPPED_SEED.name)
    source = Source(name="European Pravda", url="https://www.eurointegration.com.ua/eng/")
    assert import_seeds(config, [], force=False, source=source).written
    build(config)
    (article,) = (config.output_path / "2024/02/22").glob("*/index.html")
    tree = lxml.html.parse(str(article)).getroot()
    assert tree.xpath("//span[@class='byline']") == []
    assert "Courier desk" not in main_text(tree)
    credit = tree.xpath("//p[@class='source-credit']")[0]
    assert links(credit, "a") == [("European Pravda", "https://www.eurointegration.com.ua/eng/")]
    assert not (config.output_path / "authors/courier-desk").exists()


@pytest.mark.parametrize("slug", ["authors", "corrections"])
def test_an_article_at_a_credit_page_url_is_refused(tmp_path: Path, slug: str) -> None:
    front = f"slug: {slug}\n"
    config = site_of(
        tmp_path, {"clash": story(1, "Clash", front)}, CONFIG + "article_path: '{slug}/'\n"
    )
    with pytest.raises(NewsgenError, match=rf"/{slug}/ is produced twice: by this file and by"):
        build(config)


def test_hostile_names_are_escaped_and_every_page_is_valid_html(tmp_path: Path) -> None:
    front = (
        f"authors: ['{EVIL}', Jane Doe]\nsource: {{name: '{EVIL}', byline: '{EVIL}'}}\n"
        f"corrections:\n  - {{date: 2024-02-02, text: '{EVIL}'}}\n"
    )
    stories = {"evil": story(1, EVIL.replace('"', "'"), front, body=EVIL)} | {
        f"s{n}": story(n + 2, f"Story {n}", "author: Jane Doe\n") for n in range(3)
    }
    config = site_of(
        tmp_path / "site", stories, CONFIG + PROFILE.replace("Covers", EVIL + " covers")
    )
    build(config)
    written = [p for p in config.output_path.rglob("*.html")]
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, path
        assert '" onmouseover="x' not in text, path
    (evil_page,) = [
        p for p in (config.output_path / "authors").iterdir() if p.name != "jane-doe" and p.is_dir()
    ]
    assert evil_page.name.isascii() and "<" not in evil_page.name
    assert vnu_errors(config.output_path) == []


def test_check_warns_of_an_update_or_a_correction_dated_in_the_future(tmp_path: Path) -> None:
    """`updated: 2042-03-01` for 2024-03-01 passed without a word, and kept the story at the
    top of every feed, with a sitemap lastmod in 2042, until that day."""
    front = (
        "id: tag:credit.example,2024:a\nslug: a\nupdated: 2042-03-01\n"
        "corrections: [{date: 2024-02-03, text: Done.}, {date: 2042-03-02, text: Typo.}]\n"
    )
    config = site_of(tmp_path, {"a": story(1, "Later", front)})
    now = datetime.fromisoformat("2030-01-01T00:00:00+00:00")
    hint = " (it keeps the story at the top of the feeds until then: fix the date)"
    assert [d.format() for d in check_site(config, now)] == [
        "content/a.md:6: warning: `updated` is dated in the future (2042-03-01T00:00:00+02:00)"
        + hint,
        "content/a.md:7: warning: a correction is dated in the future "
        "(2042-03-02T00:00:00+02:00)" + hint,
    ]


def test_check_warns_of_a_field_misspelt_and_leaves_template_fields_alone(tmp_path: Path) -> None:
    """`draf: true` published the draft, `alias:` made no redirect, `Topics:` listed the story
    under no topic: each passed silently as a key of the templates' own."""
    front = (
        "id: tag:credit.example,2024:a\nslug: a\ndraf: true\nalias: [/old/]\nTopics: [Budget]\n"
        "location: Kyiv\nupdated_by: Desk\nrank: 3\n"
    )
    config = site_of(tmp_path, {"a": story(1, "Later", front)})
    now = datetime.fromisoformat("2030-01-01T00:00:00+00:00")
    message = "content/a.md:{}: warning: `{}` is no field of newsgen's: it only reaches templates "
    assert [d.format() for d in check_site(config, now)] == [
        message.format(6, "draf") + "(article.extra) (did you mean `draft`?)",
        message.format(7, "alias") + "(article.extra) (did you mean `aliases`?)",
        message.format(8, "Topics") + "(article.extra) (did you mean `topics`?)",
    ]
