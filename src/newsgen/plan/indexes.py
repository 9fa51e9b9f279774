"""The topics and authors indexes: every topic or person once, A to Z, in pages of
`index_per_page`, each page named by the letters it spans ("A–C")."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from newsgen.plan import urls
from newsgen.plan.context import AuthorRef, IndexRange, PageKind, TopicRef
from newsgen.plan.credits import author_ref
from newsgen.plan.page import Page, Pager, page_context, pagination
from newsgen.plan.views import Views

TOP_TOPICS = 10
"""How many topics the "Most covered" list of a paginated topics index shows."""


@dataclass(frozen=True)
class _Index:
    """One index: where its pages live and what they say about themselves."""

    kind: PageKind
    url_of: Callable[[int], str]
    title: str
    description: str
    """Ends in 'of the archive.'; a later page says which letters it spans."""


def topics_pages(views: Views) -> Iterator[Page]:
    """/topics/ and its pages: every topic A to Z with its count; on one page the theme can
    re-sort them by count, on several page 1 also lists the most covered topics."""
    refs = list(views.topics.values())
    az = sorted(refs, key=lambda r: (r["name"].casefold(), r["slug"]))
    by_size = sorted(refs, key=lambda r: (-r["count"], r["name"].casefold(), r["slug"]))
    index = _Index("topics", urls.topics, "Topics", "Every topic of the archive.")
    for pager, ranges, shown in _split(views, index, az):
        top = by_size  # on one page, the switch re-sorts them all
        if pager.pages > 1:
            top = by_size[:TOP_TOPICS] if pager.page == 1 else []
        context = {"topics_az": shown, "topics_by_size": top}
        yield _page(views, index, pager, ranges, len(az), context)


def authors_pages(views: Views) -> Iterator[Page]:
    """/authors/ and its pages: every person bylined, A to Z, with their article counts."""
    refs = [author_ref(views, slug) for slug in views.archive.authors]
    refs.sort(key=lambda r: (r["name"].casefold(), r["slug"]))
    index = _Index("authors", urls.authors, "Authors", "Every author of the archive.")
    for pager, ranges, shown in _split(views, index, refs):
        yield _page(views, index, pager, ranges, len(refs), {"authors": shown})


Entry = TopicRef | AuthorRef


def _split(
    views: Views, index: _Index, entries: Sequence[Entry]
) -> Iterator[tuple[Pager, list[IndexRange], Sequence[Entry]]]:
    """Each page's pagination, the ranges of every page, and the page's entries."""
    per_page = views.config.index_per_page
    chunks = [entries[at : at + per_page] for at in range(0, len(entries), per_page)] or [[]]
    labels = letter_ranges([[entry["name"] for entry in chunk] for chunk in chunks])
    for pager in pagination(len(entries), per_page, lambda n: views.href(index.url_of(n))):
        number = pager.page
        ranges = [
            IndexRange(label=label, url=views.href(index.url_of(n)), current=n == number)
            for n, label in enumerate(labels, start=1)
        ]
        yield pager, ranges, chunks[number - 1]


def _page(
    views: Views,
    index: _Index,
    pager: Pager,
    ranges: list[IndexRange],
    total: int,
    context: dict[str, Any],
) -> Page:
    number = pager.page
    url = index.url_of(number)
    title, description = index.title, index.description
    if number > 1:
        label = ranges[number - 1]["label"]
        title = f"{title} {label}"
        description = f"{description.removesuffix('.')}, {label}."
    meta = views.meta(index.kind, url, title, description)
    template = f"{index.kind}.html"
    make = functools.partial(
        page_context, views, meta, pagination=pager.links(), ranges=ranges, total=total, **context
    )
    return Page(url, template, make)


def letter_ranges(pages: Sequence[Sequence[str]]) -> list[str]:
    """Each page's label: its first and last names cut where they part ("A–C", "Sa–Sm"),
    or one letter when they never part (a page of a single name)."""
    return [_label(names[0], names[-1]) if names else "" for names in pages]


def _label(first: str, last: str) -> str:
    first, last = first.strip(), last.strip()
    for length in range(1, max(len(first), len(last)) + 1):
        start, end = _prefix(first, length).rstrip(), _prefix(last, length).rstrip()
        if start.casefold() != end.casefold():
            return f"{start}–{end}"
    return _prefix(first, 1)


def _prefix(name: str, length: int) -> str:
    start = name[:length]
    return start[:1].upper() + start[1:]
