"""Tests for page planning: URLs, pagination, periods, topics and the template contract."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newsgen.config.site import Publisher, SiteConfig
from newsgen.diagnostics import NewsgenError
from newsgen.model import Article, BodyFormat, Correction, Source
from newsgen.plan import context
from newsgen.plan.archive import build_archive
from newsgen.plan.pages import Page, plan_pages

CONFIG = SiteConfig(
    root=Path("/site"),
    title="Plan Post",
    base_url="https://plan.example/news/",
    per_page=20,
    search=False,
    publisher=Publisher(name="Plan Media"),
)
NOW = datetime(2030, 1, 1, tzinfo=UTC)
START = datetime(2024, 1, 1, 9, tzinfo=UTC)


def story(number: int, topics: tuple[str, ...] = (), **fields: Any) -> Article:
    values: dict[str, Any] = {
        "slug": f"story-{number}",
        "uid": f"story-{number}",
        "title": f"Story {number}",
        "date": START + timedelta(days=number),
        "body": "Some words here.",
        "body_format": BodyFormat.MARKDOWN,
        "source_path": f"content/{number}.md",
        "summary": f"Summary {number}.",
        "topics": topics,
    }
    return Article(**(values | fields))


def plan(*articles: Article, config: SiteConfig = CONFIG) -> dict[str, Page]:
    archive = build_archive(articles, config, False, False, NOW)
    pages = plan_pages(archive, config)
    return {page.url: page for page in pages}


def test_45_articles_at_20_per_page_make_3_home_and_3_topic_pages() -> None:
    pages = plan(*(story(n, ("Only",)) for n in range(45)))
    home = [pages["/"], pages["/page/2/"], pages["/page/3/"]]
    assert "/page/4/" not in pages
    assert [p.context["page"]["canonical"] for p in home] == [
        "https://plan.example/news/",
        "https://plan.example/news/page/2/",
        "https://plan.example/news/page/3/",
    ]
    assert [len(p.context["articles"]) for p in home] == [20, 20, 5]
    assert home[0].context["articles"][0]["slug"] == "story-44", "newest first"
    assert home[2].context["articles"][-1]["slug"] == "story-0"
    assert home[1].context["pagination"] == {
        "page": 2,
        "pages": 3,
        "previous_url": "/news/",
        "next_url": "/news/page/3/",
        "first_url": "/news/",
        "last_url": "/news/page/3/",
    }
    assert [p.context["page"]["title"] for p in home] == [
        "Latest news",
        "Latest news (page 2)",
        "Latest news (page 3)",
    ]
    topic = [pages["/topics/only/"], pages["/topics/only/page/2/"], pages["/topics/only/page/3/"]]
    assert "/topics/only/page/4/" not in pages
    assert [p.context["page"]["canonical"] for p in topic] == [
        "https://plan.example/news/topics/only/",
        "https://plan.example/news/topics/only/page/2/",
        "https://plan.example/news/topics/only/page/3/",
    ]
    assert [len(p.context["articles"]) for p in topic] == [20, 20, 5]
    assert topic[0].template == "topic.html" and home[0].template == "home.html"
    assert topic[2].context["pagination"]["next_url"] is None
    assert topic[0].context["page"]["feed_url"] == "/news/topics/only/feed.xml"


def test_an_empty_site_still_has_one_home_page() -> None:
    pages = plan()
    assert sorted(pages) == [
        "/",
        "/404.html",
        "/archive/",
        "/authors/",
        "/corrections/",
        "/topics/",
    ]
    assert pages["/"].context["pagination"]["pages"] == 1
    assert pages["/"].context["articles"] == []


def test_article_pages_follow_the_pattern_in_the_site_timezone() -> None:
    kyiv = SiteConfig(root=Path("/s"), timezone="Europe/Kyiv", article_path="{year}/{slug}/")
    late = story(1, date=datetime(2024, 12, 31, 23, tzinfo=UTC))
    pages = plan(late, config=kyiv)
    assert pages["/2025/story-1/"].article == "story-1"
    assert pages["/2025/story-1/"].context["article"]["day_url"] == "/2025/01/01/"
    assert "/2025/01/01/" in pages


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 1), (1, 1), (220, 1), (221, 2), (440, 2), (441, 3)]
)
def test_reading_minutes_are_words_over_220_rounded_up_at_least_1(words: int, minutes: int) -> None:
    pages = plan(story(1, body=" ".join(["word"] * words)))
    assert pages["/2024/01/02/story-1/"].context["article"]["reading_minutes"] == minutes


def test_article_context_links_neighbours_related_and_metadata() -> None:
    pages = plan(
        story(1, ("Rail",)),
        story(
            2,
            ("Rail", "City"),
            image="https://cdn.example/tram.jpg",
            updated=START + timedelta(days=9),
        ),
        story(3, ("City",)),
    )
    page = pages["/2024/01/03/story-2/"]
    article = page.context["article"]
    assert page.template == "article.html"
    assert article["previous"]["slug"] == "story-1"
    assert article["next"]["slug"] == "story-3"
    assert [a["slug"] for a in article["related"]] == ["story-3", "story-1"], "newer first"
    assert article["topics"] == [
        {"name": "Rail", "slug": "rail", "url": "/news/topics/rail/"},
        {"name": "City", "slug": "city", "url": "/news/topics/city/"},
    ]
    assert article["url"] == "/news/2024/01/03/story-2/"
    assert article["image"] is not None
    assert article["image"]["src"] == "https://cdn.example/tram.jpg", "a web image as it is"
    assert article["updated"] == START + timedelta(days=9)
    assert article["body_html"] == "", "the builder fills in the rendered body"
    meta = page.context["page"]
    assert meta["canonical"] == "https://plan.example/news/2024/01/03/story-2/"
    assert meta["image"] == "https://cdn.example/tram.jpg"
    assert (meta["og_type"], meta["description"], meta["title"]) == (
        "article",
        "Summary 2.",
        "Story 2",
    )
    assert pages["/2024/01/02/story-1/"].context["article"]["previous"] is None


def test_article_json_ld_carries_the_required_fields() -> None:
    pages = plan(
        story(
            1,
            ("Rail", "City"),
            title="Trams </script><!-- back",
            authors=("Desk",),
            image="https://cdn.example/t.jpg",
            date=datetime(2024, 2, 22, 7, 30, tzinfo=UTC),
            uid="tag:plan.example,2024:story-1",
        )
    )
    text = pages["/2024/02/22/story-1/"].context["article"]["jsonld"]
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": "tag:plan.example,2024:story-1",
        "headline": "Trams </script><!-- back",
        "image": ["https://cdn.example/t.jpg"],
        "datePublished": "2024-02-22T07:30:00+00:00",
        "dateModified": "2024-02-22T07:30:00+00:00",
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": "https://plan.example/news/2024/02/22/story-1/",
        },
        "url": "https://plan.example/news/2024/02/22/story-1/",
        "inLanguage": "en",
        "author": [
            {"@type": "Person", "name": "Desk", "url": "https://plan.example/news/authors/desk/"}
        ],
        "publisher": {
            "@type": "Organization",
            "name": "Plan Media",
            "url": "https://plan.example/news/",
            "logo": {"@type": "ImageObject", "url": "https://plan.example/news/static/logo.png"},
        },
        "description": "Summary 1.",
        "keywords": ["Rail", "City"],
    }


@pytest.mark.parametrize(
    ("logo", "expected"),
    [
        ("static/logo.png", "https://plan.example/news/static/logo.png"),
        ("/static/logo.png", "https://plan.example/news/static/logo.png"),
        ("https://cdn.example/logo.png", "https://cdn.example/logo.png"),
    ],
)
def test_json_ld_publisher_logo_is_an_absolute_url(logo: str, expected: str) -> None:
    config = SiteConfig(root=Path("/s"), base_url="https://plan.example/news/", publisher_logo=logo)
    pages = plan(story(1), config=config)
    data = json.loads(pages["/2024/01/02/story-1/"].context["article"]["jsonld"])
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "newsgen site",
        "url": "https://plan.example/news/",
        "logo": {"@type": "ImageObject", "url": expected},
    }
    assert data["author"] == [
        {"@type": "Organization", "name": "newsgen site", "url": "https://plan.example/news/"}
    ]
    assert data["image"] == ["https://plan.example/news/static/share.png"]
    assert "keywords" not in data


def test_periods_link_the_previous_and_next_non_empty_period() -> None:
    pages = plan(
        story(0, date=datetime(2021, 3, 5, tzinfo=UTC)),
        story(1, date=datetime(2023, 3, 5, tzinfo=UTC)),
        story(2, date=datetime(2023, 7, 1, tzinfo=UTC)),
        story(3, date=datetime(2023, 7, 9, 12, tzinfo=UTC)),
        story(4, date=datetime(2023, 7, 9, 8, tzinfo=UTC)),
    )
    assert "/2022/" not in pages
    year = pages["/2023/"].context
    assert year["period"] == {"label": "2023", "url": "/news/2023/", "count": 4}
    assert year["previous"] == {"label": "2021", "url": "/news/2021/", "count": 1}
    assert year["next"] is None
    assert [(g["label"], g["count"]) for g in year["groups"]] == [
        ("March 2023", 1),
        ("July 2023", 3),
    ]
    month = pages["/2023/07/"].context
    assert month["previous"]["url"] == "/news/2023/03/"
    assert month["next"] is None
    assert [g["label"] for g in month["groups"]] == ["July 1, 2023", "July 9, 2023"]
    day = pages["/2023/07/09/"].context
    assert [a["slug"] for a in day["groups"][0]["articles"]] == ["story-3", "story-4"]
    assert day["previous"]["url"] == "/news/2023/07/01/"
    assert pages["/2021/03/05/"].context["previous"] is None
    assert pages["/2021/03/05/"].context["next"]["url"] == "/news/2023/03/05/"
    archive = pages["/archive/"].context["years"]
    assert [(y["label"], [m["label"] for m in y["months"]]) for y in archive] == [
        ("2023", ["March 2023", "July 2023"]),
        ("2021", ["March 2021"]),
    ]


def test_period_labels_follow_the_site_language() -> None:
    german = SiteConfig(root=Path("/s"), language="de")
    pages = plan(story(0, date=datetime(2024, 3, 5, tzinfo=UTC)), config=german)
    assert pages["/2024/03/"].context["period"]["label"] == "März 2024"
    assert pages["/2024/03/05/"].context["period"]["label"] == "5. März 2024"


def test_topics_are_listed_a_to_z_and_by_size() -> None:
    pages = plan(
        story(1, ("beta", "Alpha")),
        story(2, ("Gamma", "Alpha")),
        story(3, ("Gamma", "Alpha")),
    )
    topics = pages["/topics/"].context
    assert [t["name"] for t in topics["topics_az"]] == ["Alpha", "beta", "Gamma"]
    assert [(t["name"], t["count"]) for t in topics["topics_by_size"]] == [
        ("Alpha", 3),
        ("Gamma", 2),
        ("beta", 1),
    ]
    topic = pages["/topics/gamma/"].context
    assert topic["topic"] == {
        "name": "Gamma",
        "slug": "gamma",
        "url": "/news/topics/gamma/",
        "count": 2,
    }
    assert [a["slug"] for a in topic["articles"]] == ["story-3", "story-2"]


def test_every_page_has_an_absolute_canonical_and_a_description() -> None:
    pages = plan(*(story(n, (f"T{n % 2}",)) for n in range(5)))
    for url, page in pages.items():
        meta = page.context["page"]
        assert meta["canonical"] == "https://plan.example/news" + url
        assert meta["url"] == "/news" + url
        assert meta["description"].strip(), url
    assert pages["/404.html"].context["page"]["noindex"] is True
    assert sum(p.context["page"]["noindex"] for p in pages.values()) == 1


CONTEXTS: dict[str, type] = {
    "article.html": context.ArticleContext,
    "home.html": context.ListContext,
    "topic.html": context.ListContext,
    "topics.html": context.TopicsContext,
    "year.html": context.PeriodContext,
    "month.html": context.PeriodContext,
    "day.html": context.PeriodContext,
    "archive.html": context.ArchiveContext,
    "search.html": context.SearchContext,
    "author.html": context.AuthorContext,
    "authors.html": context.AuthorsContext,
    "corrections.html": context.CorrectionsContext,
}


def keys(kind: type) -> set[str]:
    return set(kind.__annotations__)


def test_every_context_has_exactly_the_keys_of_the_contract() -> None:
    config = SiteConfig(root=Path("/s"), search=True)
    fixed = (Correction(START + timedelta(days=9), "A name was misspelt."),)
    stories = [story(n, ("A", "B"), authors=("Jane Doe",)) for n in range(3)]
    stories[0] = dataclasses.replace(stories[0], corrections=fixed, source=Source("Wire"))
    pages = plan(*stories, config=config)
    assert Counter(p.template for p in pages.values()) == {
        "article.html": 3,
        "home.html": 1,
        "topic.html": 2,
        "topics.html": 1,
        "year.html": 1,
        "month.html": 1,
        "day.html": 3,
        "archive.html": 1,
        "search.html": 1,
        "404.html": 1,
        "author.html": 1,
        "authors.html": 1,
        "corrections.html": 1,
    }
    for page in pages.values():
        extra = keys(CONTEXTS[page.template]) if page.template in CONTEXTS else set()
        assert set(page.context) == {"site", "page"} | extra, page.url
        assert set(page.context["site"]) == keys(context.SiteView)
        assert set(page.context["page"]) == keys(context.PageMeta)
    article = pages["/2024/01/02/story-1/"].context["article"]
    assert set(article) == keys(context.ArticleView)
    assert set(article["previous"]) == keys(context.ArticleSummary)
    assert set(article["topics"][0]) == keys(context.TopicLink)
    assert set(pages["/"].context["pagination"]) == keys(context.Pagination)
    assert set(pages["/topics/"].context["topics_az"][0]) == keys(context.TopicRef)
    assert set(pages["/2024/"].context["groups"][0]) == keys(context.PeriodWithArticles)
    assert set(pages["/archive/"].context["years"][0]) == keys(context.YearEntry)
    assert set(article["authors"][0]) == keys(context.AuthorLink)
    assert set(pages["/2024/01/01/story-0/"].context["article"]["source"]) == keys(
        context.SourceView
    )
    assert set(pages["/authors/"].context["authors"][0]) == keys(context.AuthorRef)
    assert set(pages["/authors/jane-doe/"].context["author"]) == keys(context.AuthorView)
    (corrected,) = pages["/corrections/"].context["articles"]
    assert set(corrected) == keys(context.CorrectedArticle)
    assert set(corrected["corrections"][0]) == keys(context.CorrectionView)
    assert {p.context["page"]["kind"] for p in pages.values()} == {
        "article",
        "home",
        "topic",
        "topics",
        "year",
        "month",
        "day",
        "archive",
        "search",
        "404",
        "author",
        "authors",
        "corrections",
    }


def test_a_page_claimed_twice_is_an_error_naming_the_article() -> None:
    flat = SiteConfig(root=Path("/s"), article_path="{slug}/")
    clash = story(1, slug="archive", source_path="content/archive.md")
    with pytest.raises(NewsgenError) as caught:
        plan(clash, story(2, slug="topics"), config=flat)
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/archive.md: error: /archive/ is produced twice: by this file and by the page"
        " of templates/archive.html (change the slug or the article_path pattern)",
        "content/2.md: error: /topics/ is produced twice: by this file and by the page"
        " of templates/topics.html (change the slug or the article_path pattern)",
    ]


def test_a_month_pattern_clash_is_caught_too() -> None:
    dated = SiteConfig(root=Path("/s"), article_path="{year}/{slug}/")
    assert "/2024/01/02/01/" in plan(story(1, slug="01"))
    with pytest.raises(NewsgenError, match=r"/2024/01/ is produced twice"):
        plan(story(1, slug="01"), config=dated)


def test_period_pages_split_by_archive_per_page_and_keep_their_neighbours() -> None:
    """Five stories in March 2023 (two on the 9th) and one in 2021, three to a page."""
    config = dataclasses.replace(CONFIG, archive_per_page=3)
    dates = [(2023, 3, d) for d in (1, 2, 9, 9, 20)] + [(2021, 5, 5)]
    pages = plan(
        *(story(n, date=datetime(*ymd, 8 + n, tzinfo=UTC)) for n, ymd in enumerate(dates)),
        config=config,
    )
    year = [pages["/2023/"], pages["/2023/page/2/"]]
    assert "/2023/page/3/" not in pages and "/2021/page/2/" not in pages
    assert [p.template for p in year] == ["year.html", "year.html"]
    assert [p.context["page"]["title"] for p in year] == ["2023", "2023 (page 2)"]
    assert [p.context["page"]["description"] for p in year] == [
        "Articles published in 2023.",
        "Articles published in 2023 (page 2).",
    ]
    assert year[1].context["page"]["canonical"] == "https://plan.example/news/2023/page/2/"
    assert year[1].context["pagination"] == {
        "page": 2,
        "pages": 2,
        "previous_url": "/news/2023/",
        "next_url": None,
        "first_url": "/news/2023/",
        "last_url": "/news/2023/page/2/",
    }
    for page in year:
        assert page.context["period"] == {"label": "2023", "url": "/news/2023/", "count": 5}
        assert page.context["previous"]["url"] == "/news/2021/"
        assert page.context["next"] is None
    month = [pages["/2023/03/"], pages["/2023/03/page/2/"]]
    shown = [
        [(g["label"], [a["slug"] for a in g["articles"]]) for g in p.context["groups"]]
        for p in month
    ]
    assert shown == [
        [
            ("March 1, 2023", ["story-0"]),
            ("March 2, 2023", ["story-1"]),
            ("March 9, 2023", ["story-3"]),
        ],
        [("March 9, 2023", ["story-2"]), ("March 20, 2023", ["story-4"])],
    ], "a day split between two pages is a group on both, newest first within the day"
    assert [g["count"] for g in month[1].context["groups"]] == [2, 1], "the whole day's count"
    day = pages["/2023/03/09/"].context
    assert day["pagination"]["pages"] == 1
    assert [a["slug"] for a in day["groups"][0]["articles"]] == ["story-3", "story-2"]
