"""The archive: every published article indexed by date and topic, built whole on each run."""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

from newsgen.config.permalinks import article_url
from newsgen.config.site import SiteConfig
from newsgen.content.dates import whole_minute_offset
from newsgen.content.media import SiteMedia
from newsgen.content.names import NameKind, Names, NameUse, assign_slugs, name_locator
from newsgen.diagnostics import Diagnostic
from newsgen.model import Article
from newsgen.plan.media import MediaPlan, plan_media
from newsgen.plan.packed import PackedArticles

MAX_RELATED = 5
RELATED_WINDOW = 25
"""Per shared topic, how many articles on each side in time are considered as related."""

Day = tuple[int, int, int]
Month = tuple[int, int]
K = TypeVar("K", int, Month, Day)


@dataclass(frozen=True)
class Topic:
    """A topic and its articles, newest first."""

    slug: str
    name: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Author:
    """A person bylined on the archive's articles, and those articles, newest first."""

    slug: str
    name: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Archive:
    """Published articles keyed by their permanent id, with every index the pages need."""

    articles: Mapping[str, Article]
    urls: Mapping[str, str]
    """Each article's page URL."""
    order: tuple[str, ...]
    """Every article id, newest first (ties by slug, then id)."""
    position: Mapping[str, int]
    """Index of each article id in `order`."""
    local_dates: Mapping[str, datetime]
    """Each article's date in the site timezone."""
    topics: Mapping[str, Topic]
    """Topics keyed by slug, in slug order."""
    article_topics: Mapping[str, tuple[str, ...]]
    """Each article's topic slugs, in the order the article gives them."""
    authors: Mapping[str, Author]
    """People named in bylines, keyed by slug, in slug order."""
    article_authors: Mapping[str, tuple[str, ...]]
    """Each article's author slugs, in byline order (empty: the publisher speaks)."""
    corrected: tuple[str, ...]
    """Articles with correction notices, the most recently corrected first."""
    years: Mapping[int, tuple[str, ...]]
    months: Mapping[Month, tuple[str, ...]]
    days: Mapping[Day, tuple[str, ...]]
    """Periods (oldest first) with their articles (newest first)."""
    related: Mapping[str, tuple[str, ...]]
    """Up to 5 articles sharing the most topics with each article, nearest in time first."""
    diagnostics: tuple[Diagnostic, ...]
    sources: Mapping[str, str]
    """Each article's source file ('content/a.md'). This and the next fields are what the
    passes over every article read of each: a stored plan's articles are read back only as
    pages need them (`plan.packed`)."""
    lastmods: Mapping[str, str]
    """When each article last changed (its update, else its publication) as sitemaps show it
    (ISO 8601): formatted once, not on every build."""
    updated: frozenset[str]
    """The articles with an update."""
    aliased: frozenset[str]
    """The articles with aliases."""
    body_keys: Mapping[str, str]
    """The cache key of each article's body ('' when the article holds it)."""
    media: MediaPlan = field(default_factory=MediaPlan)
    """Pictures and local links of the articles, and every image file to publish."""

    def older(self, slug: str) -> str | None:
        """The article published just before `slug`."""
        index = self.position[slug] + 1
        return self.order[index] if index < len(self.order) else None

    def newer(self, slug: str) -> str | None:
        """The article published just after `slug`."""
        index = self.position[slug] - 1
        return self.order[index] if index >= 0 else None

    def by_source(self) -> dict[str, str]:
        """Each article's id by its source file ('content/a.md')."""
        return {path: uid for uid, path in self.sources.items()}

    def with_articles(self, articles: Mapping[str, Article]) -> Archive:
        """The archive with `articles` (by id) in place of its records of them: for edits that
        keep the plan (`plan.edits`), which leave every index but these as it was."""
        if isinstance(self.articles, PackedArticles):
            merged: Mapping[str, Article] = self.articles.with_articles(articles)
        else:
            merged = {**self.articles, **articles}
        facts = _facts(articles.values())
        return replace(
            self,
            articles=merged,
            sources={**self.sources, **facts.sources},
            lastmods={**self.lastmods, **facts.lastmods},
            updated=self.updated.difference(articles) | facts.updated,
            aliased=self.aliased.difference(articles) | facts.aliased,
            body_keys={**self.body_keys, **facts.body_keys},
        )


def is_published(article: Article, now: datetime, drafts: bool, future: bool) -> bool:
    """Whether a build with these switches shows the article."""
    return (drafts or not article.draft) and (future or article.date <= now)


def build_archive(
    articles: Iterable[Article],
    config: SiteConfig,
    drafts: bool,
    future: bool,
    now: datetime,
    media: SiteMedia | None = None,
) -> Archive:
    """Index the published articles by date and topic, with their pictures (`media`)."""
    every = tuple(articles)
    shown = sorted(
        (a for a in every if is_published(a, now, drafts, future)),
        key=lambda a: (-a.date.timestamp(), a.slug, a.uid),
    )
    local = {a.uid: a.date.astimezone(config.zone) for a in shown}
    names = _names("topic", config, [(a, a.topics) for a in shown])
    article_topics = {
        a.uid: tuple(dict.fromkeys(names.slug_of[n] for n in a.topics)) for a in shown
    }
    order = tuple(a.uid for a in shown)
    topics = _topics(order, article_topics, names.name_of)
    position = {slug: index for index, slug in enumerate(order)}
    bylined = _names("author", config, [(a, a.authors) for a in shown])
    article_authors = {
        a.uid: tuple(dict.fromkeys(bylined.slug_of[n] for n in a.authors)) for a in shown
    }
    published = {a.uid: a for a in shown}
    facts = _facts(shown)
    return Archive(
        articles=published,
        urls={a.uid: article_url(config, a.slug, a.date) for a in shown},
        order=order,
        position=position,
        local_dates=local,
        topics=topics,
        article_topics=article_topics,
        authors=_authors(order, article_authors, bylined.name_of),
        article_authors=article_authors,
        corrected=_corrected(shown),
        years=_group(order, lambda s: local[s].year),
        months=_group(order, lambda s: (local[s].year, local[s].month)),
        days=_group(order, lambda s: (local[s].year, local[s].month, local[s].day)),
        related=_related(order, topics, article_topics),
        diagnostics=names.diagnostics + bylined.diagnostics,
        media=plan_media(published, every, media or SiteMedia(), config),
        sources=facts.sources,
        lastmods=facts.lastmods,
        updated=facts.updated,
        aliased=facts.aliased,
        body_keys=facts.body_keys,
    )


@dataclass(frozen=True)
class _Facts:
    """What the passes over every article read of each (see `Archive.sources`)."""

    sources: dict[str, str]
    lastmods: dict[str, str]
    updated: frozenset[str]
    aliased: frozenset[str]
    body_keys: dict[str, str]


def _facts(articles: Iterable[Article]) -> _Facts:
    sources, lastmods, body_keys, updated, aliased = {}, {}, {}, set(), set()
    for article in articles:
        uid = article.uid
        sources[uid] = article.source_path
        lastmods[uid] = whole_minute_offset(article.updated or article.date).isoformat()
        body_keys[uid] = article.stored.key if article.stored is not None else ""
        if article.updated:
            updated.add(uid)
        if article.aliases:
            aliased.add(uid)
    return _Facts(sources, lastmods, frozenset(updated), frozenset(aliased), body_keys)


def _topics(
    order: tuple[str, ...], article_topics: Mapping[str, tuple[str, ...]], names: Mapping[str, str]
) -> dict[str, Topic]:
    members: dict[str, list[str]] = {}
    for slug in order:
        for topic in article_topics[slug]:
            members.setdefault(topic, []).append(slug)
    return {s: Topic(s, names[s], tuple(members[s])) for s in sorted(members)}


def _names(
    kind: NameKind, config: SiteConfig, named: list[tuple[Article, tuple[str, ...]]]
) -> Names:
    """The slugs of the topic or author names the articles give, with a warning for each
    spelling merged into another ('Jose Nunez' into 'José Núñez')."""
    uses = (NameUse(name, article.source_path, 1) for article, names in named for name in names)
    return assign_slugs(kind, uses, name_locator(config.root, kind))


def _authors(
    order: tuple[str, ...], article_authors: Mapping[str, tuple[str, ...]], names: Mapping[str, str]
) -> dict[str, Author]:
    members: dict[str, list[str]] = {}
    for uid in order:
        for slug in article_authors[uid]:
            members.setdefault(slug, []).append(uid)
    return {s: Author(s, names[s], tuple(members[s])) for s in sorted(members)}


def _corrected(shown: Iterable[Article]) -> tuple[str, ...]:
    """Ids of the articles with corrections, by their latest correction, newest first."""
    corrected = [a for a in shown if a.corrections]
    corrected.sort(key=lambda a: (-a.corrections[-1].date.timestamp(), a.uid))
    return tuple(a.uid for a in corrected)


def _group(order: tuple[str, ...], key: Callable[[str], K]) -> dict[K, tuple[str, ...]]:
    groups: dict[K, list[str]] = {}
    for slug in order:
        groups.setdefault(key(slug), []).append(slug)
    return {k: tuple(groups[k]) for k in sorted(groups)}


def _related(
    order: tuple[str, ...],
    topics: Mapping[str, Topic],
    article_topics: Mapping[str, tuple[str, ...]],
) -> dict[str, tuple[str, ...]]:
    """Neighbours in time within each shared topic, ranked by topics shared, then nearness.

    Only the RELATED_WINDOW nearest articles of each shared topic are candidates, so the work
    per article stays bounded however large its topics grow. Articles are handled by their
    position in `order` (newest first), so at equal distance the newer article comes first.
    """
    position = {slug: index for index, slug in enumerate(order)}
    members = {t: [position[s] for s in topic.articles] for t, topic in topics.items()}
    related = {}
    for here, slug in enumerate(order):
        sides = [
            side for t in article_topics[slug] for side in _window(members[t], here, RELATED_WINDOW)
        ]
        shared = Counter(itertools.chain.from_iterable(sides))
        best = sorted((-n, abs(q - here), q) for q, n in shared.items() if n > 1)[:MAX_RELATED]
        chosen = [q for _, _, q in best]
        if len(chosen) < MAX_RELATED:
            nearest = heapq.merge(*sides, key=lambda q: (abs(q - here), q))
            singles = (q for q in nearest if shared[q] == 1)
            chosen.extend(itertools.islice(singles, MAX_RELATED - len(chosen)))
        related[slug] = tuple(order[q] for q in chosen)
    return related


def _window(positions: list[int], here: int, size: int) -> tuple[list[int], list[int]]:
    """The `size` positions before and after `here` in a sorted list, each side nearest first."""
    index = bisect.bisect_left(positions, here)
    return positions[max(0, index - size) : index][::-1], positions[index + 1 : index + 1 + size]
