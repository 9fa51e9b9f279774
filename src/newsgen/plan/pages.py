"""Page planning: every HTML page of the site as (URL, template, context), from the archive."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from newsgen.config.site import SiteConfig
from newsgen.diagnostics import NewsgenError, error
from newsgen.plan import urls
from newsgen.plan.archive import Archive
from newsgen.plan.context import ArticleView, YearEntry
from newsgen.plan.credits import author_pages, corrections_pages
from newsgen.plan.indexes import authors_pages, topics_pages
from newsgen.plan.jsonld import news_article
from newsgen.plan.page import Listing, list_pages, make_page, page_context
from newsgen.plan.page import Page as Page  # where the other stages have always found it
from newsgen.plan.periods import day_pages, month_pages, year_pages
from newsgen.plan.search import index_url, newest_first, search_groups
from newsgen.plan.views import Views


def plan_pages(archive: Archive, config: SiteConfig, views: Views | None = None) -> list[Page]:
    """Every HTML page: articles, home, date archives, topics, authors, corrections, the
    archive page, search and 404; `views` are the archive's, when already made."""
    views = views or Views(archive, config)
    planners: list[Callable[[Views], Iterator[Page]]] = [
        _article_pages,
        _home_pages,
        year_pages,
        month_pages,
        day_pages,
        _archive_page,
        topics_pages,
        _topic_pages,
        authors_pages,
        author_pages,
        corrections_pages,
        _search_page,
        _not_found_page,
    ]
    pages = [page for planner in planners for page in planner(views)]
    _refuse_clashes(pages, archive)
    return pages


def _refuse_clashes(pages: Sequence[Page], archive: Archive) -> None:
    """Two pages with one URL are an error (say an article slugged `archive`).

    Page URLs are folders or .html files, so distinct URLs always make distinct output files.
    """
    if len({page.url for page in pages}) == len(pages):
        return  # (told by a set: a third of the time of finding the pages that clash)
    owners: dict[str, Page] = {}
    problems = []
    for page in pages:
        first = owners.setdefault(page.url, page)
        if first is not page:
            article, other = (first, page) if first.article else (page, first)
            problems.append(
                error(
                    _made_by(article, archive),
                    0,
                    f"{page.url} is produced twice: by this file and by {_made_by(other, archive)}",
                    "change the slug or the article_path pattern",
                )
            )
    if problems:
        raise NewsgenError(problems)


def _made_by(page: Page, archive: Archive) -> str:
    if page.article:
        return archive.articles[page.article].source_path
    return f"the page of templates/{page.template}"


def _article_pages(views: Views) -> Iterator[Page]:
    for slug in views.archive.order:
        make = functools.partial(article_context, views, slug)
        yield Page(views.article_urls[slug], "article.html", make, article=slug)


def article_context(views: Views, slug: str) -> dict[str, Any]:
    """The context of the article's page (its body HTML left empty, for the renderer)."""
    archive, config = views.archive, views.config
    article = archive.articles[slug]
    summary = views.summaries[slug]
    url = views.article_urls[slug]
    images = views.share_images(slug)
    meta = views.meta(
        "article",
        url,
        article.title,
        article.summary,
        og_type="article",
        image=images[0] if images else "",
    )
    local = archive.local_dates[slug]
    older, newer = archive.older(slug), archive.newer(slug)
    view: ArticleView = {
        **summary,
        "body_html": "",
        "previous": views.summaries[older] if older else None,
        "next": views.summaries[newer] if newer else None,
        "related": views.summaries_of(archive.related[slug]),
        "day_url": views.href(urls.day(local.year, local.month, local.day)),
        "source_url": article.source.url if article.source else "",
        "corrections": views.corrections_of(slug),
        "jsonld": news_article(
            article,
            config,
            meta["canonical"],
            images,
            [t["name"] for t in summary["topics"]],
            [(a, archive.authors[a].name) for a in archive.article_authors[slug]],
        ),
        "extra": dict(article.extra),
    }
    return page_context(views, meta, article=view)


def _home_pages(views: Views) -> Iterator[Page]:
    feed = views.site["feed_url"]
    listing = Listing("home", "home.html", urls.home, "Latest news", views.config.description, feed)
    yield from list_pages(views, views.archive.order, listing, topic=None)


def _topic_pages(views: Views) -> Iterator[Page]:
    for slug, topic in views.archive.topics.items():
        listing = Listing(
            "topic",
            "topic.html",
            functools.partial(urls.topic, slug),
            topic.name,
            f"Every article about {topic.name}, newest first.",
            views.href(urls.topic_feed(slug)),
        )
        yield from list_pages(views, topic.articles, listing, topic=views.topics[slug])


def _archive_page(views: Views) -> Iterator[Page]:
    archive = views.archive
    years: list[YearEntry] = []
    for year in reversed(list(archive.years)):
        months = [views.months[m] for m in archive.months if m[0] == year]
        years.append({**views.years[year], "months": months})
    meta = views.meta("archive", urls.ARCHIVE, "Archive", "Every year and month of the archive.")
    yield make_page(views, urls.ARCHIVE, "archive.html", meta, years=years)


def _search_page(views: Views) -> Iterator[Page]:
    if not views.config.search:
        return
    groups = search_groups(views.archive, views.config)
    indexes = [views.href(index_url(group)) for group in sorted(groups, key=newest_first)]
    meta = views.meta("search", urls.SEARCH, "Search", "Search every article of the archive.")
    yield make_page(views, urls.SEARCH, "search.html", meta, indexes=indexes)


def _not_found_page(views: Views) -> Iterator[Page]:
    meta = views.meta(
        "404", urls.NOT_FOUND, "Page not found", "The page you asked for is not here.", noindex=True
    )
    yield make_page(views, urls.NOT_FOUND, "404.html", meta)
