"""Clashes between articles: one permanent id, or one URL, claimed by two files."""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import datetime

from newsgen.config.permalinks import article_url
from newsgen.config.site import SiteConfig
from newsgen.content.slugs import MAX_SLUG_LENGTH
from newsgen.diagnostics import Diagnostic, error
from newsgen.model import Article


def clashes(articles: Sequence[Article], config: SiteConfig) -> list[Diagnostic]:
    """An error for each article whose id or URL an earlier file (by path) already has."""
    in_order = sorted(articles, key=lambda a: a.source_path)
    return _same_id(in_order) + _same_url(in_order, config)


def _same_id(articles: list[Article]) -> list[Diagnostic]:
    first: dict[str, Article] = {}
    found = []
    for article in articles:
        other = first.setdefault(article.uid, article)
        if other is not article:
            message = f"id {article.uid} is also the id of {other.source_path}"
            hint = (
                "each article keeps an id of its own: if one file is a copy of the other, "
                "delete the copy's `id:` line and run `newsgen check --fix`"
            )
            found.append(error(article.source_path, 1, message, hint))
    return found


def _same_url(articles: list[Article], config: SiteConfig) -> list[Diagnostic]:
    first: dict[str, Article] = {}
    found = []
    for article in articles:
        url = article_url(config, article.slug, article.date)
        other = first.setdefault(url, article)
        if other is not article:
            free = free_slug(config, article, first.keys())
            message = f"{url} is also the address of {other.source_path} (same slug and date)"
            hint = f"give one of them another slug, such as `slug: {free}`"
            found.append(error(article.source_path, 1, message, hint))
    return found


def free_slug(config: SiteConfig, article: Article, taken: Container[str]) -> str:
    """`slug-2`, `slug-3`...: the first that gives `article` a URL not in `taken`."""
    return free_slug_on(config, article.slug, article.date, taken)


def free_slug_on(config: SiteConfig, slug: str, date: datetime, taken: Container[str]) -> str:
    """`slug-2`, `slug-3`...: the first that gives an article of `date` a URL not in `taken`."""
    number = 2
    while True:
        suffix = f"-{number}"
        numbered = slug[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        if article_url(config, numbered, date) not in taken:
            return numbered
        number += 1
