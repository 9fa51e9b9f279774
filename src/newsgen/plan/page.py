"""One planned page (URL, template, context maker) and the helpers every page planner shares."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from newsgen.plan.context import PageKind, PageMeta, Pagination
from newsgen.plan.views import Views


class Page(NamedTuple):
    """One HTML page to render (a named tuple, immutable: a build of 10,000 articles makes
    19,000 of them, in 8 ms less than as frozen dataclasses)."""

    url: str
    template: str
    make: Callable[[], dict[str, Any]]
    """Makes the page's context when it is needed: no page holds its context all the build."""
    article: str | None = None
    """Id of the article whose rendered body the page shows, if any."""
    sitemap: bool = True
    """False for a page search engines are not to be sent to (a redirect)."""

    @property
    def context(self) -> dict[str, Any]:
        """The template context (plain data), made afresh on each call."""
        return self.make()


def make_page(views: Views, url: str, template: str, meta: PageMeta, **context: Any) -> Page:
    """A page whose context is `site`, `page` and the keys given."""
    return Page(url, template, functools.partial(page_context, views, meta, **context))


def page_context(views: Views, meta: PageMeta, **context: Any) -> dict[str, Any]:
    """Every template's `site` and `page`, with the keys of its kind."""
    return {"site": views.site, "page": meta, **context}


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a paginated list; the links to the others are made with its context only
    (6,000 day pages need no 24,000 links to be planned)."""

    page: int
    pages: int
    url_of: Callable[[int], str]

    def links(self) -> Pagination:
        """The page's number and links, as templates get them."""
        page, pages, url_of = self.page, self.pages, self.url_of
        return {
            "page": page,
            "pages": pages,
            "previous_url": url_of(page - 1) if page > 1 else None,
            "next_url": url_of(page + 1) if page < pages else None,
            "first_url": url_of(1),
            "last_url": url_of(pages),
        }


def pagination(count: int, per_page: int, url_of: Callable[[int], str]) -> Iterator[Pager]:
    """One Pager per page of a list of `count` items."""
    pages = max(1, math.ceil(count / per_page))
    for page in range(1, pages + 1):
        yield Pager(page, pages, url_of)


def numbered(text: str, number: int) -> str:
    """A title or description told apart from page 1's (search engines flag pages that share
    one): 'Latest news (page 2)', 'Every article about NATO (page 2).'"""
    if number == 1:
        return text
    text = text.rstrip()
    if not text:
        return f"Page {number}"
    stop = text[-1] if text[-1] in ".!?" else ""
    return f"{text.removesuffix(stop)} (page {number}){stop}"


@dataclass(frozen=True)
class Listing:
    """A paginated list of articles: where its pages live and what they say about themselves."""

    kind: PageKind
    template: str
    url_of: Callable[[int], str]
    title: str
    description: str
    feed_url: str
    entries: Callable[[Views, Sequence[str]], list[Any]] = Views.summaries_of
    """What the template gets for the articles of one page (summaries unless told)."""


def list_pages(
    views: Views, slugs: Sequence[str], listing: Listing, **context: Any
) -> Iterator[Page]:
    """The pages of `listing`, `per_page` articles each, newest first; each page's context has
    `articles`, `pagination` and the keys given."""
    per_page = views.config.per_page
    for pager in pagination(len(slugs), per_page, lambda n: views.href(listing.url_of(n))):
        number = pager.page
        shown = slugs[(number - 1) * per_page : number * per_page]
        url = listing.url_of(number)
        make = functools.partial(_list_context, views, url, listing, shown, pager, context)
        yield Page(url, listing.template, make)


def _list_context(
    views: Views,
    url: str,
    listing: Listing,
    shown: Sequence[str],
    pager: Pager,
    context: dict[str, Any],
) -> dict[str, Any]:
    number = pager.page
    title, description = numbered(listing.title, number), numbered(listing.description, number)
    meta = views.meta(listing.kind, url, title, description, feed_url=listing.feed_url)
    articles = listing.entries(views, shown)
    return page_context(views, meta, articles=articles, pagination=pager.links(), **context)
