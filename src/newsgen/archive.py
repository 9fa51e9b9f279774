"""The archive: every published article indexed by date and topic, built whole on each run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from newsgen.config import SiteConfig
from newsgen.diagnostics import Diagnostic
from newsgen.model import Article
from newsgen.topics import TopicUse, assign_topic_slugs

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
class Archive:
    """Published articles keyed by slug, with every index the pages need."""

    articles: Mapping[str, Article]
    order: tuple[str, ...]
    """Every article slug, newest first (ties by slug)."""
    position: Mapping[str, int]
    """Index of each slug in `order`."""
    local_dates: Mapping[str, datetime]
    """Each article's date in the site timezone."""
    topics: Mapping[str, Topic]
    """Topics keyed by slug, in slug order."""
    article_topics: Mapping[str, tuple[str, ...]]
    """Each article's topic slugs, in the order the article gives them."""
    years: Mapping[int, tuple[str, ...]]
    months: Mapping[Month, tuple[str, ...]]
    days: Mapping[Day, tuple[str, ...]]
    """Periods (oldest first) with their articles (newest first)."""
    related: Mapping[str, tuple[str, ...]]
    """Up to 5 articles sharing the most topics with each article, nearest in time first."""
    diagnostics: tuple[Diagnostic, ...]

    def older(self, slug: str) -> str | None:
        """The article published just before `slug`."""
        index = self.position[slug] + 1
        return self.order[index] if index < len(self.order) else None

    def newer(self, slug: str) -> str | None:
        """The article published just after `slug`."""
        index = self.position[slug] - 1
        return self.order[index] if index >= 0 else None


def is_published(article: Article, now: datetime, drafts: bool, future: bool) -> bool:
    """Whether a build with these switches shows the article."""
    return (drafts or not article.draft) and (future or article.date <= now)


def build_archive(
    articles: Iterable[Article], config: SiteConfig, drafts: bool, future: bool, now: datetime
) -> Archive:
    """Index the published articles by date and topic."""
    shown = sorted(
        (a for a in articles if is_published(a, now, drafts, future)),
        key=lambda a: (-a.date.timestamp(), a.slug),
    )
    local = {a.slug: a.date.astimezone(config.zone) for a in shown}
    names = assign_topic_slugs(TopicUse(n, a.source_path, 1) for a in shown for n in a.topics)
    article_topics = {
        a.slug: tuple(dict.fromkeys(names.slug_of[n] for n in a.topics)) for a in shown
    }
    order = tuple(a.slug for a in shown)
    topics = _topics(order, article_topics, names.name_of)
    position = {slug: index for index, slug in enumerate(order)}
    return Archive(
        articles={a.slug: a for a in shown},
        order=order,
        position=position,
        local_dates=local,
        topics=topics,
        article_topics=article_topics,
        years=_group(order, lambda s: local[s].year),
        months=_group(order, lambda s: (local[s].year, local[s].month)),
        days=_group(order, lambda s: (local[s].year, local[s].month, local[s].day)),
        related=_related(topics, article_topics, position),
        diagnostics=names.diagnostics,
    )


def _topics(
    order: tuple[str, ...], article_topics: Mapping[str, tuple[str, ...]], names: Mapping[str, str]
) -> dict[str, Topic]:
    members: dict[str, list[str]] = {}
    for slug in order:
        for topic in article_topics[slug]:
            members.setdefault(topic, []).append(slug)
    return {s: Topic(s, names[s], tuple(members[s])) for s in sorted(members)}


def _group(order: tuple[str, ...], key: Callable[[str], K]) -> dict[K, tuple[str, ...]]:
    groups: dict[K, list[str]] = {}
    for slug in order:
        groups.setdefault(key(slug), []).append(slug)
    return {k: tuple(groups[k]) for k in sorted(groups)}


def _related(
    topics: Mapping[str, Topic],
    article_topics: Mapping[str, tuple[str, ...]],
    position: Mapping[str, int],
) -> dict[str, tuple[str, ...]]:
    """Neighbours in time within each shared topic, ranked by topics shared, then nearness."""
    shared: dict[str, Counter[str]] = {slug: Counter() for slug in article_topics}
    for topic in topics.values():
        members = topic.articles
        for index, slug in enumerate(members):
            window = members[max(0, index - RELATED_WINDOW) : index + RELATED_WINDOW + 1]
            shared[slug].update(other for other in window if other != slug)
    return {
        slug: tuple(
            sorted(counts, key=lambda s: (-counts[s], abs(position[s] - position[slug]), s))[
                :MAX_RELATED
            ]
        )
        for slug, counts in shared.items()
    }
