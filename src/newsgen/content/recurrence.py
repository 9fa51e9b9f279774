"""Topics across the archive: a name outside the vocabulary is kept where articles share it."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence

from newsgen.config.site import SiteConfig
from newsgen.model import Article

ADJECTIVE_ENDINGS = ("i", "an", "ese", "ish")
"""How the words for a place's people end in English ('Iraqi', 'Indian', 'Chinese', 'Polish')."""
MIN_STEM = 4


def settle_topics(
    articles: Sequence[Article], config: SiteConfig, counted: Iterable[Article] = ()
) -> tuple[Article, ...]:
    """The articles with their candidate topics settled: a candidate becomes a topic when at
    least `min_topic_articles` articles (these and `counted`) have it as a topic or candidate.

    Topics already given (the vocabulary's, or an editor's in front matter) are never taken
    away. Each article's result depends on the set of articles alone, not on their order.
    """
    shared: Counter[str] = Counter()
    for article in (*articles, *counted):
        shared.update({*article.topics, *article.candidate_topics})
    by_stem: dict[str, set[str]] = {}
    for name in shared:
        by_stem.setdefault(name[:MIN_STEM], set()).add(name)
    kept = {
        name
        for name, count in shared.items()
        if count >= config.min_topic_articles and not _adjective(name, by_stem)
    }
    return tuple(_settled(article, kept, config) for article in articles)


def _adjective(name: str, by_stem: dict[str, set[str]]) -> bool:
    """A word naming the people of a place that is a name of the archive too: 'Israeli' beside
    'Israel', 'Lebanese' beside 'Lebanon', 'Italian' beside 'Italy'."""
    if " " in name or not name.endswith(ADJECTIVE_ENDINGS):
        return False
    return any(
        len(other) < len(name) and _common_prefix(name, other) >= max(MIN_STEM, len(other) - 2)
        for other in by_stem.get(name[:MIN_STEM], ())
    )


def _common_prefix(longer: str, shorter: str) -> int:
    pairs = enumerate(zip(longer, shorter, strict=False))
    return next((i for i, (a, b) in pairs if a != b), len(shorter))


def _settled(article: Article, kept: set[str], config: SiteConfig) -> Article:
    if not article.candidate_topics:
        return article
    shared = [name for name in article.candidate_topics if name in kept]
    topics = tuple(dict.fromkeys((*article.topics, *shared)))[: config.max_topics]
    return dataclasses.replace(article, topics=topics, candidate_topics=())
