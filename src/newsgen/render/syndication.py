"""Feeds and sitemaps of the archive, each made only when its inputs changed since last time."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from html import escape

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig
from newsgen.content.dates import whole_minute_offset
from newsgen.content.identity import feed_id
from newsgen.plan import urls
from newsgen.plan.archive import Archive
from newsgen.plan.pages import Page
from newsgen.plan.share import speaking_organization
from newsgen.render import feeds, sitemaps
from newsgen.render.feeds import EPOCH, FeedAuthor, FeedEntry, FeedFile, FeedInfo
from newsgen.render.markup import BodyRenderer
from newsgen.render.pages import Reuse
from newsgen.render.sitemaps import NEWS_WINDOW, NewsItem, SitemapUrl
from newsgen.runtime.workers import forked_pool, in_order, pool_workers

SOURCE = "newsgen"
"""What produced these files, as clash reports name it."""


def feeds_and_sitemaps(
    config: SiteConfig,
    archive: Archive,
    pages: Iterable[Page],
    bodies: BodyRenderer,
    reuse: Reuse,
    emptied: Mapping[str, str],
) -> Generator[tuple[str, bytes], None, None]:
    """Every feed and sitemap whose inputs changed, one file at a time (held only until staged);
    the feeds on every core when there are many and the build makes no search index (with
    one, Pagefind has the other cores then). Close it if it is not read to its end.

    A file is made only when its key differs from the last build's (or its file is gone). A
    feed's key is that of its entries' article pages, whose fingerprints (in `reuse`) cover the
    config and everything of an article a feed shows; a sitemap's is that of the URLs and dates
    it lists. The feeds of topics and authors `emptied` (URLs, with their names) are made
    empty.
    """
    settings = repr(config)
    yield from _feeds(config, settings, archive, bodies, reuse, emptied)
    listed = [page for page in pages if page.sitemap and page.url != urls.NOT_FOUND]
    lastmods = archive.lastmods
    written = "\n".join(f"{p.url} {lastmods[p.article] if p.article else ''}" for p in listed)
    key = digest("sitemap", settings, written)  # what each entry says, before it is made
    names = sitemaps.sitemap_names(len(listed))
    kept = {name for name in names if reuse.unchanged(name, key, SOURCE)}
    if len(kept) < len(names):
        made = sitemaps.sitemaps(config, _sitemap_urls(config, archive, listed)).items()
        yield from ((url, data) for url, data in made if url not in kept)
    recent = _recent_articles(archive)
    key = _pages_key(config, settings, archive, reuse, recent, "news sitemap")
    if not reuse.unchanged(urls.NEWS_SITEMAP, key, SOURCE):
        yield urls.NEWS_SITEMAP, sitemaps.news_sitemap(config, _news_items(config, archive, recent))
    yield urls.ROBOTS, sitemaps.robots(config)


FORMAT = "2"
"""How feeds and the news sitemap are written, in their keys: raised when that changes, so that
each is made again once (2: an Atom entry or RSS item in another language says so)."""
POOL_MIN_FEEDS = 32
"""Fewer feeds to make than this are made in this process: workers cost a fork each."""


@dataclass(frozen=True)
class _Due:
    """A feed to make again: where it goes, its format, what it says of itself, and the
    articles it lists (for the corrections feed, the corrected ones, as notices)."""

    url: str
    write: feeds.Writer
    info: FeedInfo
    slugs: Sequence[str]
    corrections: bool = False


def _feeds(
    config: SiteConfig,
    settings: str,
    archive: Archive,
    bodies: BodyRenderer,
    reuse: Reuse,
    emptied: Mapping[str, str],
) -> Iterator[tuple[str, bytes]]:
    """The feeds to make again, each with its entries made only as it is handed out (bodies
    take memory); on every core when there are many and no Pagefind process needs them."""
    due = list(_due_feeds(config, settings, archive, reuse))
    due += _emptied_feeds(config, settings, archive, reuse, emptied)
    files = (FeedFile(d.url, d.write, d.info, _entries(config, archive, bodies, d)) for d in due)
    workers = 0 if config.search else pool_workers(len(due), POOL_MIN_FEEDS)
    if not workers:
        yield from (feeds.make_feed(config, file) for file in files)
        return
    with forked_pool(workers) as pool:
        jobs = ((config, file) for file in files)
        yield from in_order(pool, feeds.make_feed, jobs, workers * 4)


def _entries(
    config: SiteConfig, archive: Archive, bodies: BodyRenderer, due: _Due
) -> tuple[FeedEntry, ...]:
    if due.corrections:
        return tuple(_correction_entry(config, archive, uid) for uid in due.slugs)
    return tuple(_feed_entry(config, archive, slug, bodies) for slug in due.slugs)


def _due_feeds(config: SiteConfig, settings: str, archive: Archive, reuse: Reuse) -> Iterator[_Due]:
    """The site's feeds (Atom, RSS, JSON Feed), then each topic's and each author's Atom feed,
    then the corrections feed: those whose inputs changed since they were last made."""
    latest = _latest_changed(archive, archive.order, config.feed_items, archive.updated)
    key = _pages_key(config, settings, archive, reuse, latest, "feeds")
    for url, write in (
        (urls.ATOM_FEED, feeds.atom),
        (urls.RSS_FEED, feeds.rss),
        (urls.JSON_FEED, feeds.json_feed),
    ):
        if not reuse.unchanged(url, key, SOURCE):
            info = _info(config, config.title, urls.HOME, url, config.description)
            yield _Due(url, write, info, latest)
    for slug in archive.topics:
        yield from _topic_feed(config, settings, archive, reuse, slug)
    for slug in archive.authors:
        yield from _author_feed(config, settings, archive, reuse, slug)
    yield from _corrections_feed(config, settings, archive, reuse)


def _topic_feed(
    config: SiteConfig, settings: str, archive: Archive, reuse: Reuse, slug: str
) -> Iterator[_Due]:
    """A topic's Atom feed: its latest articles by publication date."""
    topic = archive.topics[slug]
    chosen = topic.articles[: config.feed_items]
    key = _pages_key(config, settings, archive, reuse, chosen, "topic feed", slug, topic.name)
    if reuse.unchanged(urls.topic_feed(slug), key, SOURCE):
        return
    title, about = f"{topic.name} - {config.title}", f"Articles about {topic.name}"
    info = _info(config, title, urls.topic(slug), urls.topic_feed(slug), about)
    yield _Due(urls.topic_feed(slug), feeds.atom, info, chosen)


def _author_feed(
    config: SiteConfig, settings: str, archive: Archive, reuse: Reuse, slug: str
) -> Iterator[_Due]:
    """An author's Atom feed: their articles published or updated last, credited to them."""
    author = archive.authors[slug]
    chosen = _latest_changed(archive, author.articles, config.feed_items, archive.updated)
    key = _pages_key(config, settings, archive, reuse, chosen, "author feed", slug, author.name)
    if reuse.unchanged(urls.author_feed(slug), key, SOURCE):
        return
    title, about = f"{author.name} - {config.title}", f"Articles by {author.name}"
    info = _info(config, title, urls.author(slug), urls.author_feed(slug), about)
    info = replace(info, authors=(_person(config, archive, slug),))
    yield _Due(urls.author_feed(slug), feeds.atom, info, chosen)


def _emptied_feeds(
    config: SiteConfig, settings: str, archive: Archive, reuse: Reuse, emptied: Mapping[str, str]
) -> Iterator[_Due]:
    """The feed of each topic or author no article is listed under any more, empty: its
    subscribers' readers find a feed there, which lists again when an article does."""
    since = _last_change(archive)
    for url, name in emptied.items():
        key = _pages_key(config, settings, archive, reuse, (), "emptied", url, name, str(since))
        if reuse.unchanged(url, key, SOURCE):
            continue
        about = f"No article is listed under {name} any more"
        info = _info(config, f"{name} - {config.title}", url.removesuffix("feed.xml"), url, about)
        yield _Due(url, feeds.atom, replace(info, quiet_since=since), ())


def _last_change(archive: Archive) -> datetime:
    """When the article published or updated last was: the date an empty feed gives as its
    last change (the site's), rather than 1970."""
    latest = _latest_changed(archive, archive.order, 1, archive.updated)
    article = archive.articles[latest[0]] if latest else None
    return (article.updated or article.date) if article else EPOCH


def _corrections_feed(
    config: SiteConfig, settings: str, archive: Archive, reuse: Reuse
) -> Iterator[_Due]:
    """The corrected articles, the most recently corrected first (made even when there is
    none yet, so that its address never fails a subscriber)."""
    chosen = archive.corrected[: config.feed_items]
    since = EPOCH if chosen else _last_change(archive)
    key = _pages_key(config, settings, archive, reuse, chosen, "corrections feed", str(since))
    if reuse.unchanged(urls.CORRECTIONS_FEED, key, SOURCE):
        return
    title, about = f"Corrections - {config.title}", f"Corrections to {config.title} articles"
    info = _info(config, title, urls.CORRECTIONS, urls.CORRECTIONS_FEED, about)
    info = replace(info, quiet_since=since)
    yield _Due(urls.CORRECTIONS_FEED, feeds.atom, info, chosen, corrections=True)


def _latest_changed(
    archive: Archive, uids: Sequence[str], count: int, updated: frozenset[str]
) -> tuple[str, ...]:
    """The `count` articles of `uids` (in the archive's order) published or updated last, the
    latest first: an update moves an article up (ties keep the archive's order).

    Only the `updated` articles and the first `count` others can be among them: each other
    article has `count` before it, dated no earlier.
    """

    def newest_first(uid: str) -> tuple[float, int]:
        changed = archive.articles[uid].updated if uid in updated else None
        return -(changed or archive.local_dates[uid]).timestamp(), archive.position[uid]

    others = itertools.islice((uid for uid in uids if uid not in updated), count)
    candidates = [*others, *(uid for uid in uids if uid in updated)]
    return tuple(heapq.nsmallest(count, candidates, key=newest_first))


def _info(config: SiteConfig, title: str, page: str, feed: str, description: str) -> FeedInfo:
    """A feed of the site's, credited to the publisher."""
    page_url, feed_url = urls.absolute(config, page), urls.absolute(config, feed)
    return FeedInfo(title, page_url, feed_url, description, (_publisher(config),))


def _publisher(config: SiteConfig) -> FeedAuthor:
    """The publisher, credited where no person is named."""
    return FeedAuthor(config.publisher_name, config.publisher_url)


def _person(config: SiteConfig, archive: Archive, slug: str) -> FeedAuthor:
    """A person of the archive, with their author page."""
    return FeedAuthor(archive.authors[slug].name, urls.absolute(config, urls.author(slug)))


def _credits(config: SiteConfig, archive: Archive, uid: str) -> tuple[FeedAuthor, ...]:
    """An article's authors; where it names none, its original publisher (agency copy is
    never the site's own), else the site's publisher."""
    people = tuple(_person(config, archive, slug) for slug in archive.article_authors[uid])
    source = archive.articles[uid].source
    return people or (FeedAuthor(*speaking_organization(config, source)),)


def _pages_key(
    config: SiteConfig,
    settings: str,
    archive: Archive,
    reuse: Reuse,
    slugs: Iterable[str],
    *names: str,
) -> str:
    """The key of a file listing the articles `slugs`: the settings (`repr(config)`, made once
    per build) and the data of their pages (not their templates: a feed shows none)."""
    found = reuse.keys.data
    pages = (found.get(archive.urls[key], "") for key in slugs)
    return digest(FORMAT, *names, settings, *pages)


def _feed_entry(config: SiteConfig, archive: Archive, slug: str, bodies: BodyRenderer) -> FeedEntry:
    """The feed entry of one article, with its body HTML as its page shows it."""
    article = archive.articles[slug]
    url = urls.absolute(config, archive.urls[slug])
    body = bodies.cached(article) or bodies.render_once(article)
    return FeedEntry(
        id=feed_id(article.uid),
        url=url,
        title=article.title,
        published=article.date,
        updated=article.updated or article.date,
        summary=article.summary,
        content_html=body,
        authors=_credits(config, archive, slug),
        topics=tuple(archive.topics[t].name for t in archive.article_topics[slug]),
        language=article.language,
    )


def _correction_entry(config: SiteConfig, archive: Archive, uid: str) -> FeedEntry:
    """A corrected article as an entry of the corrections feed: the same id as in the other
    feeds, updated when last corrected, its correction notices as its text."""
    article = archive.articles[uid]
    notices = [
        f'<p><time datetime="{whole_minute_offset(c.date).isoformat()}">'
        f"{c.date.astimezone(config.zone).date().isoformat()}"
        f"</time>: {escape(c.text)}</p>\n"
        for c in article.corrections
    ]
    return FeedEntry(
        id=feed_id(uid),
        url=urls.absolute(config, archive.urls[uid]),
        title=article.title,
        published=article.date,
        updated=article.corrections[-1].date,
        summary=article.corrections[-1].text,
        content_html="".join(notices),
        authors=_credits(config, archive, uid),
        topics=tuple(archive.topics[t].name for t in archive.article_topics[uid]),
    )


def _sitemap_urls(config: SiteConfig, archive: Archive, pages: Iterable[Page]) -> list[SitemapUrl]:
    """The pages' entries, with their article's modification date."""
    found = []
    for page in pages:
        lastmod = archive.lastmods[page.article] if page.article else None
        found.append(SitemapUrl(urls.absolute(config, page.url), lastmod))
    return found


def _recent_articles(archive: Archive) -> tuple[str, ...]:
    """The articles the news sitemap may list: those of its window before the newest one."""
    if not archive.order:
        return ()
    oldest = archive.articles[archive.order[0]].date - NEWS_WINDOW
    for count, slug in enumerate(archive.order):
        if archive.articles[slug].date < oldest:
            return archive.order[:count]
    return archive.order


def _news_items(config: SiteConfig, archive: Archive, slugs: Iterable[str]) -> list[NewsItem]:
    """The news sitemap's entries for the articles `slugs`."""
    articles = ((archive.urls[key], archive.articles[key]) for key in slugs)
    return [
        NewsItem(urls.absolute(config, url), a.title, a.date, a.language) for url, a in articles
    ]
