"""Views of the archive as plain data (summaries, topic links, periods), each made once and
shared by every page that shows it."""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar, cast

from babel import Locale
from babel.dates import format_date

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig
from newsgen.model import Article, Source
from newsgen.plan import urls
from newsgen.plan.archive import Archive, Day, K
from newsgen.plan.context import (
    ArticleSummary,
    AuthorLink,
    CorrectionView,
    PageKind,
    PageMeta,
    Period,
    PictureView,
    SiteView,
    SourceView,
    TopicLink,
    TopicRef,
)
from newsgen.plan.media import Picture

WORDS_PER_MINUTE = 220
V = TypeVar("V")


class Shared(dict[str, Any]):
    """A plain-data view that many pages share (an article summary, a topic link, a period).

    It is a dict to templates; its repr, which page fingerprints hash, is a digest of its
    items made once, so that a page's fingerprint does not serialise it again for every page
    that shows it. Like every context value, it is never changed once made.
    """

    __slots__ = ("_key",)
    _key: str

    def __repr__(self) -> str:
        try:
            return self._key
        except AttributeError:
            self._key = f"<{digest(dict.__repr__(self))}>"
            return self._key

    def __reduce__(self) -> tuple[type[Shared], tuple[dict[str, Any]]]:
        """Pickled as its items: a stored plan read back makes the key of the few it wants
        (kept, the keys of 10,000 articles' periods more than doubled their size)."""
        return Shared, (dict(self),)


class Recorded(dict[str, V]):
    """A dict that notes each key read with `[]` in `reads`: which articles a page's context
    was made from, for the next build to tell which pages an edit of them touches."""

    __slots__ = ("reads",)
    reads: set[str]

    def __init__(self, items: Mapping[str, V], reads: set[str]) -> None:
        super().__init__(items)
        self.reads = reads

    def __getitem__(self, key: str) -> V:
        self.reads.add(key)
        return dict.__getitem__(self, key)


class Summaries(Recorded["ArticleSummary"]):
    """The articles' summaries, each made when first read: a page made from 20 articles makes
    at most 20, and a stored plan keeps none (`__reduce__`)."""

    __slots__ = ("views",)
    views: Views

    def __init__(self, views: Views, reads: set[str]) -> None:
        super().__init__({}, reads)
        self.views = views

    def __missing__(self, uid: str) -> ArticleSummary:
        summary = self.views.summary_of(uid)
        self[uid] = summary
        return summary

    def __reduce__(self) -> tuple[type[Summaries], tuple[Views, set[str]]]:
        return Summaries, (self.views, self.reads)


def picture_view(picture: Picture, article: Article) -> PictureView:
    """The article's lead image with its alt text, caption and credit, for templates."""
    return PictureView(
        src=picture.src,
        width=picture.width,
        height=picture.height,
        srcset=picture.srcset,
        webp_srcset=picture.webp_srcset,
        alt=article.image_alt,
        caption=article.image_caption,
        credit=article.image_credit,
    )


def shared(view: V) -> V:
    """`view` (a dict) as a `Shared` dict."""
    return cast(V, Shared(cast(dict[str, Any], view)))


class Views:
    """Plain-data views of the archive, each built once and shared by every page."""

    def __init__(self, archive: Archive, config: SiteConfig) -> None:
        self.reads: set[str] = set()
        """Ids of the articles whose record or summary was read since this was last cleared."""
        self.archive = dataclasses.replace(archive, articles=Recorded(archive.articles, self.reads))
        self.config = config
        self.locale = config.language.replace("-", "_")
        self.site = shared(site_view(config))
        self.topics = {s: self._topic_ref(s) for s in archive.topics}
        self.topic_links = {s: self._topic_link(s) for s in archive.topics}
        self.author_links = {s: self._author_link(s) for s in archive.authors}
        self.article_urls = archive.urls
        self.summaries: dict[str, ArticleSummary] = Summaries(self, self.reads)
        self.years = {y: self._period(str(y), urls.year(y), n) for y, n in _sizes(archive.years)}
        self.months = {
            m: self._period(self.month_label(*m), urls.month(*m), n)
            for m, n in _sizes(archive.months)
        }
        self.days = {
            d: self._period(self.day_label(d), urls.day(*d), n) for d, n in _sizes(archive.days)
        }

    def href(self, url: str) -> str:
        return urls.href(self.config, url)

    def _period(self, label: str, url: str, count: int) -> Period:
        return shared(Period(label=label, url=self.href(url), count=count))

    def share_images(self, uid: str) -> tuple[str, ...]:
        """Absolute URLs of the article's image for og:image and JSON-LD (none: empty)."""
        picture = self.archive.media.leads.get(uid)
        return picture.share if picture else ()

    def _picture(self, article: Article) -> PictureView | None:
        picture = self.archive.media.leads.get(article.uid)
        return None if picture is None else shared(picture_view(picture, article))

    def _topic_link(self, slug: str) -> TopicLink:
        topic = self.archive.topics[slug]
        return shared(TopicLink(name=topic.name, slug=slug, url=self.href(urls.topic(slug))))

    def _source(self, source: Source | None) -> SourceView | None:
        if source is None:
            return None
        return shared(SourceView(name=source.name, url=source.url, byline=source.byline))

    def _author_link(self, slug: str) -> AuthorLink:
        name = self.archive.authors[slug].name
        return shared(AuthorLink(name=name, slug=slug, url=self.href(urls.author(slug))))

    def _topic_ref(self, slug: str) -> TopicRef:
        count = len(self.archive.topics[slug].articles)
        return shared(TopicRef(**self._topic_link(slug), count=count))

    def _summary(self, article: Article) -> ArticleSummary:
        updated = article.updated.astimezone(self.config.zone) if article.updated else None
        summary: ArticleSummary = {
            "slug": article.slug,
            "title": article.title,
            "url": self.href(self.article_urls[article.uid]),
            "date": self.archive.local_dates[article.uid],
            "updated": updated,
            "summary": article.summary,
            "author": byline_text(article.authors),
            "authors": [self.author_links[a] for a in self.archive.article_authors[article.uid]],
            "source": self._source(article.source),
            "topics": [self.topic_links[t] for t in self.archive.article_topics[article.uid]],
            "reading_minutes": max(1, math.ceil(article.word_count() / WORDS_PER_MINUTE)),
            "image": self._picture(article),
            "language": article.language,
        }
        return shared(summary)

    def summary_of(self, uid: str) -> ArticleSummary:
        """The article's summary, made afresh (`summaries` keeps each one made)."""
        return self._summary(self.archive.articles[uid])

    def summaries_of(self, slugs: Sequence[str]) -> list[ArticleSummary]:
        return [self.summaries[s] for s in slugs]

    def corrections_of(self, uid: str) -> list[CorrectionView]:
        """The article's correction notices, oldest first, dated in the site timezone."""
        return [
            CorrectionView(date=c.date.astimezone(self.config.zone), text=c.text)
            for c in self.archive.articles[uid].corrections
        ]

    def meta(
        self, kind: PageKind, url: str, title: str, description: str, **extra: Any
    ) -> PageMeta:
        meta: PageMeta = {
            "kind": kind,
            "url": self.href(url),
            "canonical": urls.absolute(self.config, url),
            "title": title,
            "description": description,
            "og_type": "website",
            "feed_url": self.site["feed_url"],
            "image": "",
            "noindex": False,
        }
        meta.update(extra)  # type: ignore[typeddict-item]
        return meta

    def month_label(self, year: int, month: int) -> str:
        return format_date(date(year, month, 1), "LLLL y", locale=self.babel_locale)

    def day_label(self, day: Day) -> str:
        return format_date(date(*day), "long", locale=self.babel_locale)

    @functools.cached_property
    def babel_locale(self) -> Locale:
        """The site language, parsed once (not once per label)."""
        return Locale.parse(self.locale)

    def __getstate__(self) -> dict[str, Any]:
        """A stored plan's: without Babel's parsed language (185 kB), parsed again on demand."""
        return {name: value for name, value in vars(self).items() if name != "babel_locale"}


def with_articles(views: Views, articles: Mapping[str, Article]) -> Views:
    """`views` with `articles` (by id) in place of the archive's records of them.

    Only their own summaries are made again: for a preview of edits that change no article's
    id, URL, date, topics or authors (see `render.preview`).
    """
    changed = with_archive(views, views.archive.with_articles(articles))
    changed.summaries.update(views.summaries)  # those made so far; the edited ones on demand
    for uid in articles:
        changed.summaries.pop(uid, None)
    return changed


def with_archive(views: Views, archive: Archive) -> Views:
    """`views` of `archive`, which has the same indexes as theirs (and no summary made yet)."""
    changed = copy.copy(views)
    changed.archive = archive
    changed.summaries = Summaries(changed, changed.reads)
    return changed


def site_view(config: SiteConfig) -> SiteView:
    """What every template knows about the site."""
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": config.base_url,
        "home_url": urls.href(config, urls.HOME),
        "archive_url": urls.href(config, urls.ARCHIVE),
        "topics_url": urls.href(config, urls.TOPICS),
        "authors_url": urls.href(config, urls.AUTHORS),
        "corrections_url": urls.href(config, urls.CORRECTIONS),
        "search_url": urls.href(config, urls.SEARCH),
        "search": config.search,
        "feed_url": urls.href(config, urls.ATOM_FEED),
        "rss_url": urls.href(config, urls.RSS_FEED),
        "json_feed_url": urls.href(config, urls.JSON_FEED),
        "publisher": config.publisher_name,
        "publisher_logo": config.publisher_logo,
        "params": dict(config.extra),
    }


def byline_text(names: Sequence[str]) -> str:
    """'Jane Doe', 'Jane Doe and John Roe', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _sizes(groups: Mapping[K, Sequence[str]]) -> Iterator[tuple[K, int]]:
    return ((key, len(slugs)) for key, slugs in groups.items())
