"""Page weight at newsroom scale: no page of a 100,000-article archive passes 100 KB."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsgen.config.site import SiteConfig
from newsgen.model import Article, BodyFormat
from newsgen.plan import urls
from newsgen.plan.archive import build_archive
from newsgen.plan.pages import Page, plan_pages
from newsgen.render.assets import collect_assets
from newsgen.render.templates import make_environment, render_page

pytestmark = pytest.mark.slow
LIMIT = 100 * 1024
COUNT = 100_000
TOPICS = 5_000
PEOPLE = 1_000
START = datetime(2023, 1, 1, tzinfo=UTC)


def words(number: int, length: int) -> str:
    """Text of exactly `length` characters, different for each number."""
    text = f"Word{number} " * (length // 5 + 1)
    return text[:length].strip().ljust(length, "x")


def articles() -> Iterator[Article]:
    """An article every 10 minutes (144 a day, about two years), each as heavy as a real one
    gets: a 110-character title, a 300-character summary, 8 topics and 2 authors."""
    for number in range(COUNT):
        yield Article(
            slug=f"a-{number}-" + "-".join(["slug"] * 12),
            uid=f"a{number}",
            title=words(number, 110),
            date=START + timedelta(minutes=10 * number),
            body="",
            body_format=BodyFormat.MARKDOWN,
            source_path=f"content/{number}.md",
            summary=words(number, 300),
            topics=tuple(f"Topic of the world {(number + 37 * k) % TOPICS}" for k in range(8)),
            authors=tuple(f"Reporter Name {(number + k) % PEOPLE}" for k in range(2)),
        )


Biggest = dict[str, tuple[Page, str]]


@pytest.fixture(scope="module")
def biggest(tmp_path_factory: pytest.TempPathFactory) -> Biggest:
    """The biggest page of every kind, rendered: page 1 of the largest year, month, day, topic
    and author, the home page, the biggest page of each index, the other indexes, and an
    article (without its body)."""
    config = SiteConfig(root=tmp_path_factory.mktemp("site"), base_url="https://news.example/")
    archive = build_archive(articles(), config, False, False, START + timedelta(days=3650))
    pages = {page.url: page for page in plan_pages(archive, config)}
    largest = {
        "year": urls.year(max(archive.years, key=lambda k: len(archive.years[k]))),
        "month": urls.month(*max(archive.months, key=lambda k: len(archive.months[k]))),
        "day": urls.day(*max(archive.days, key=lambda k: len(archive.days[k]))),
        "topic": max(archive.topics.values(), key=lambda t: len(t.articles)).slug,
        "author": max(archive.authors.values(), key=lambda a: len(a.articles)).slug,
    }
    chosen = {
        **{kind: largest[kind] for kind in ("year", "month", "day")},
        "topic": urls.topic(largest["topic"]),
        "author": urls.author(largest["author"]),
        "home": urls.HOME,
        "article": urls.article(config, "a-0-" + "-".join(["slug"] * 12), START),
        "archive": urls.ARCHIVE,
        "search": urls.SEARCH,
        "corrections": urls.CORRECTIONS,
        "404": urls.NOT_FOUND,
    }
    environment = make_environment(config, collect_assets(config))

    def render(page: Page) -> tuple[Page, str]:
        return page, render_page(environment, page.template, page.context, config)

    rendered = {kind: render(pages[url]) for kind, url in chosen.items()}
    for kind in ("topics", "authors"):
        index = [render(page) for page in pages.values() if page.template == f"{kind}.html"]
        rendered[kind] = max(index, key=lambda pair: len(pair[1].encode("utf-8")))
    return rendered


@pytest.mark.parametrize(
    "kind",
    [
        "year",
        "month",
        "day",
        "home",
        "topic",
        "author",
        "article",
        "topics",
        "authors",
        "archive",
        "search",
        "corrections",
        "404",
    ],
)
def test_the_biggest_page_of_each_kind_stays_under_100_kb(biggest: Biggest, kind: str) -> None:
    page, html = biggest[kind]
    assert f'data-kind="{kind}"' in html
    assert len(html.encode("utf-8")) <= LIMIT, f"{page.url}: {len(html.encode()) // 1024} KB"


@pytest.mark.parametrize("kind", ["year", "month", "day"])
def test_the_biggest_date_pages_are_full_pages_of_a_long_list(biggest: Biggest, kind: str) -> None:
    """The bound holds because the list is cut into pages, not because the page is short."""
    page, html = biggest[kind]
    pager = page.context["pagination"]
    assert pager["pages"] > 1 and pager["page"] == 1
    per_page = SiteConfig(root=Path()).archive_per_page
    assert html.count('<li class="row">') == per_page
    assert html.count("<time ") == per_page
    assert '<p class="summary">' not in html


@pytest.mark.parametrize(("kind", "count"), [("topics", TOPICS), ("authors", PEOPLE)])
def test_the_indexes_are_cut_into_pages_of_the_setting(
    biggest: Biggest, kind: str, count: int
) -> None:
    """Thousands of topics and a thousand authors stay under the bound by pagination."""
    per_page = SiteConfig(root=Path()).index_per_page
    page, html = biggest[kind]
    assert page.context["pagination"]["pages"] == -(-count // per_page) > 1
    assert html.count('class="count"') >= per_page
