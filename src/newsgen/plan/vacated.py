"""Listing pages that list nothing any more (the last article of a day, a topic or an author
moved or went): each leads on to the nearest listing page above it that is still published,
and a topic's or an author's feed stays, empty, for its subscribers."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from newsgen.config.site import SiteConfig
from newsgen.diagnostics import Diagnostic, some_of, warning
from newsgen.plan import urls
from newsgen.plan.archive import Archive
from newsgen.plan.page import Page

SHOWN = 5
"""How many of the pages a build starts redirecting its warning names."""


NOT_LISTINGS = frozenset({urls.NOT_FOUND, urls.SEARCH})
"""Pages that are no listing: the 404 page, which every build makes, and the search page,
which is there as long as search is built (`--no-search` is no reason to redirect it)."""


def listed_urls(pages: Iterable[Page]) -> frozenset[str]:
    """The URLs of a build's pages that the URL history keeps as listings: every page but the
    articles' and `NOT_LISTINGS`."""
    return frozenset(
        page.url for page in pages if page.article is None and page.url not in NOT_LISTINGS
    )


def vacated(
    config: SiteConfig,
    history: Mapping[str, bool],
    listings: Collection[str],
    taken: Collection[str],
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Each listing URL an earlier build published that is neither a page nor a redirect now,
    with the listing page it leads to; and one warning naming the URLs this build is the first
    to redirect (those the last build published, `True` in `history`)."""
    emptied = {old: nearest_above(old, listings) for old in history if old not in taken}
    first = sorted(old for old in emptied if history[old])
    return emptied, [_told(config, first, emptied)] if first else []


def nearest_above(url: str, listings: Collection[str]) -> str:
    """The nearest listing page above `url`: for /2024/05/06/page/2/, /2024/05/06/ when it is
    still published, else /2024/05/, /2024/ or the home page."""
    path = url
    while path != urls.HOME:
        path = path[: path.rstrip("/").rfind("/") + 1]
        if path in listings:
            return path
    return urls.HOME


def _told(config: SiteConfig, first: list[str], emptied: Mapping[str, str]) -> Diagnostic:
    pairs = [f"{old} to {emptied[old]}" for old in first]
    count = "a listing page lists" if len(first) == 1 else f"{len(first)} listing pages list"
    return warning(
        f"{config.output_dir}/",
        0,
        f"{count} no article any more and now redirect{'s' if len(first) == 1 else ''} to the "
        f"nearest listing above: {some_of(pairs, SHOWN)}",
        "each answers again as soon as an article is listed there",
    )


def subject_feeds(archive: Archive) -> dict[str, str]:
    """The feed URL of each topic and each author of the archive, with its name."""
    topics = {urls.topic_feed(slug): topic.name for slug, topic in archive.topics.items()}
    authors = {urls.author_feed(slug): person.name for slug, person in archive.authors.items()}
    return topics | authors


def emptied_feeds(published: Mapping[str, str], archive: Archive) -> dict[str, str]:
    """The topic and author feeds of `published` (URLs, with the names they were of) that
    this archive makes no more: a feed reader is never to find its address gone."""
    now = subject_feeds(archive)
    return {url: name for url, name in published.items() if url not in now}


def is_subject_feed(url: str) -> bool:
    """Whether `url` is the address of a topic's or an author's feed."""
    folder, _, name = url.rpartition("/")
    section, _, slug = folder.rpartition("/")
    return name == "feed.xml" and f"{section}/" in (urls.TOPICS, urls.AUTHORS) and bool(slug)
