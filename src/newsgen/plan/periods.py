"""Year, month and day archive pages: a period's articles in pages of `archive_per_page`.

Planning a period's pages makes only their URLs: what a page shows (its articles under their
sub-periods, its neighbours) is worked out when it is rendered. Every build plans some 6,000
day pages at 10,000 articles, and an edit renders a few of them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsgen.plan import urls
from newsgen.plan.context import PageKind, Period, PeriodWithArticles
from newsgen.plan.page import Page, Pager, numbered, page_context
from newsgen.plan.views import Views

Group = tuple[Period, Sequence[str]]
"""A sub-period (a month of a year, a day of a month) and its articles."""


@dataclass(frozen=True)
class _Periods:
    """The periods of one kind, oldest first, and what their pages are made of."""

    kind: PageKind
    keys: Sequence[Any]
    """(year,), (year, month) or (year, month, day) of each period."""
    url_of: Callable[..., str]
    """The URL of page n of a period: `url_of(*key, n)`."""
    periods: Mapping[Any, Period]
    groups: Callable[[Any], list[Group]]
    """A period's articles, under their sub-periods."""
    on: str
    """How its description says when: 'in' 2024, 'on' 1 March 2024."""


def year_pages(views: Views) -> Iterator[Page]:
    """Each year's pages, its articles under their months."""
    archive = views.archive
    months_of = _children(archive.months, lambda month: month[:1])
    groups = functools.partial(_groups, views.months, archive.months, months_of)
    years = [(year,) for year in archive.years]
    periods = {(year,): period for year, period in views.years.items()}
    yield from _pages(views, _Periods("year", years, urls.year, periods, groups, "in"))


def month_pages(views: Views) -> Iterator[Page]:
    """Each month's pages, its articles under their days."""
    archive = views.archive
    days_of = _children(archive.days, lambda day: day[:2])
    groups = functools.partial(_groups, views.days, archive.days, days_of)
    yield from _pages(
        views, _Periods("month", list(archive.months), urls.month, views.months, groups, "in")
    )


def day_pages(views: Views) -> Iterator[Page]:
    """Each day's pages."""
    archive = views.archive
    groups = functools.partial(_own_group, views.days, archive.days)
    yield from _pages(
        views, _Periods("day", list(archive.days), urls.day, views.days, groups, "on")
    )


def _children(keys: Iterable[Any], parent: Callable[[Any], Hashable]) -> dict[Any, list[Any]]:
    """The sub-periods of each period, in order."""
    children: dict[Any, list[Any]] = {}
    for key in keys:
        children.setdefault(parent(key), []).append(key)
    return children


def _groups(
    periods: Mapping[Any, Period],
    articles: Mapping[Any, Sequence[str]],
    children: Mapping[Any, list[Any]],
    key: tuple[int, ...],
) -> list[Group]:
    """A year's months or a month's days (its `children`), each with its articles."""
    return [(periods[child], articles[child]) for child in children[key]]


def _own_group(
    periods: Mapping[Any, Period], articles: Mapping[Any, Sequence[str]], key: Any
) -> list[Group]:
    """A day's articles, as its one group."""
    return [(periods[key], articles[key])]


def _pages(views: Views, of: _Periods) -> Iterator[Page]:
    """The pages of every period of a kind: one per `archive_per_page` of its articles."""
    per_page, template, url_of = views.config.archive_per_page, f"{of.kind}.html", of.url_of
    for index, key in enumerate(of.keys):
        pages = max(1, math.ceil(of.periods[key]["count"] / per_page))
        for number in range(1, pages + 1):
            make = functools.partial(_context, views, of, index, number, pages)
            yield Page(url_of(*key, number), template, make)


def _context(views: Views, of: _Periods, index: int, page: int, pages: int) -> dict[str, Any]:
    keys, key = of.keys, of.keys[index]
    period, per_page = of.periods[key], views.config.archive_per_page
    description = f"Articles published {of.on} {period['label']}."
    title = numbered(period["label"], page)
    meta = views.meta(of.kind, of.url_of(*key, page), title, numbered(description, page))
    shown = _slice(of.groups(key), (page - 1) * per_page, page * per_page)
    listed = [_with_articles(views, sub_period, slugs) for sub_period, slugs in shown]
    return page_context(
        views,
        meta,
        period=period,
        groups=listed,
        pagination=Pager(page, pages, lambda n: views.href(of.url_of(*key, n))).links(),
        previous=of.periods[keys[index - 1]] if index > 0 else None,
        next=of.periods[keys[index + 1]] if index + 1 < len(keys) else None,
    )


def _slice(groups: Sequence[Group], start: int, stop: int) -> list[Group]:
    """The articles from `start` to `stop` of the groups' articles (in order), under their
    groups (a group with none there is left out): a page of a year of 10,000 articles is
    found without walking every one."""
    shown: list[Group] = []
    first = 0
    for period, slugs in groups:
        if slugs and first + len(slugs) > start and first < stop:
            shown.append((period, slugs[max(start - first, 0) : stop - first]))
        first += len(slugs)
    return shown


def _with_articles(views: Views, period: Period, slugs: Sequence[str]) -> PeriodWithArticles:
    return {**period, "articles": views.summaries_of(slugs)}
