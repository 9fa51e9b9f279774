"""Year, month and day archive pages: a period's articles in pages of `archive_per_page`."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsgen.plan import urls
from newsgen.plan.archive import K
from newsgen.plan.context import PageKind, Period, PeriodWithArticles
from newsgen.plan.page import Page, Pager, numbered, page_context, pagination
from newsgen.plan.views import Views

Group = tuple[Period, Sequence[str]]
"""A sub-period (a month of a year, a day of a month) and its articles."""


@dataclass(frozen=True)
class _Listing:
    """One period's pages: where they live, what they say about themselves, what they list."""

    kind: PageKind
    url_of: Callable[[int], str]
    period: Period
    description: str
    groups: Sequence[Group]
    neighbours: dict[str, Period | None]


def year_pages(views: Views) -> Iterator[Page]:
    """Each year's pages, its articles under their months."""
    archive = views.archive
    years = list(archive.years)
    months_of = _children(archive.months, lambda month: month[0])
    for index, year in enumerate(years):
        months = [(views.months[m], archive.months[m]) for m in months_of[year]]
        url_of = functools.partial(urls.year, year)
        description = f"Articles published in {year}."
        neighbours = _neighbours(years, index, views.years)
        yield from _pages(
            views, _Listing("year", url_of, views.years[year], description, months, neighbours)
        )


def month_pages(views: Views) -> Iterator[Page]:
    """Each month's pages, its articles under their days."""
    archive = views.archive
    months = list(archive.months)
    days_of = _children(archive.days, lambda day: day[:2])
    for index, month in enumerate(months):
        days = [(views.days[d], archive.days[d]) for d in days_of[month]]
        period = views.months[month]
        url_of = functools.partial(urls.month, *month)
        description = f"Articles published in {period['label']}."
        neighbours = _neighbours(months, index, views.months)
        yield from _pages(views, _Listing("month", url_of, period, description, days, neighbours))


def day_pages(views: Views) -> Iterator[Page]:
    """Each day's pages."""
    archive = views.archive
    days = list(archive.days)
    for index, day in enumerate(days):
        period = views.days[day]
        url_of = functools.partial(urls.day, *day)
        description = f"Articles published on {period['label']}."
        groups = [(period, archive.days[day])]
        neighbours = _neighbours(days, index, views.days)
        yield from _pages(views, _Listing("day", url_of, period, description, groups, neighbours))


def _children(keys: Iterable[K], parent: Callable[[K], Any]) -> dict[Any, list[K]]:
    """The sub-periods of each period, in order."""
    children: dict[Any, list[K]] = {}
    for key in keys:
        children.setdefault(parent(key), []).append(key)
    return children


def _neighbours(
    keys: Sequence[K], index: int, periods: Mapping[K, Period]
) -> dict[str, Period | None]:
    """The previous and next non-empty periods of the same kind."""
    return {
        "previous": periods[keys[index - 1]] if index > 0 else None,
        "next": periods[keys[index + 1]] if index + 1 < len(keys) else None,
    }


def _pages(views: Views, listing: _Listing) -> Iterator[Page]:
    """The listing's pages; each row is (index of its group, article id)."""
    per_page = views.config.archive_per_page
    rows = [(n, slug) for n, (_, slugs) in enumerate(listing.groups) for slug in slugs]
    for pager in pagination(len(rows), per_page, lambda n: views.href(listing.url_of(n))):
        number = pager.page
        url = listing.url_of(number)
        shown = rows[(number - 1) * per_page : number * per_page]
        make = functools.partial(_context, views, url, listing, shown, pager)
        yield Page(url, f"{listing.kind}.html", make)


def _context(
    views: Views,
    url: str,
    listing: _Listing,
    shown: Sequence[tuple[int, str]],
    pager: Pager,
) -> dict[str, Any]:
    title = numbered(listing.period["label"], pager.page)
    meta = views.meta(listing.kind, url, title, numbered(listing.description, pager.page))
    groups = [
        _with_articles(views, listing.groups[n][0], [slug for _, slug in run])
        for n, run in itertools.groupby(shown, key=lambda row: row[0])
    ]
    pagination = pager.links()
    neighbours = listing.neighbours
    return page_context(
        views, meta, period=listing.period, groups=groups, pagination=pagination, **neighbours
    )


def _with_articles(views: Views, period: Period, slugs: Sequence[str]) -> PeriodWithArticles:
    return {**period, "articles": views.summaries_of(slugs)}
