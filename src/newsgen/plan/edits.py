"""Edits that keep the plan: which changes to an article leave every other page's plan as it was
(its URL, the lists it is on, its neighbours), so that only the pages showing it change."""

from __future__ import annotations

from newsgen.model import Article

PLANNED_FIELDS = (
    "uid",
    "slug",
    "date",
    "draft",
    "authors",
    "topics",
    "candidate_topics",
    "source",
    "image",
    "body_format",
    "provenance",
    "aliases",
    "source_path",
)
"""What pages other than the article's own are planned from: its id, URL, date, lists and
picture. Its links and images (`references`) count too, by target: their lines may move."""

LISTED_FIELDS = ("corrections",)
"""What orders a list of its own (the corrected articles, by latest correction)."""


def keeps_plan(old: Article, new: Article, fields: tuple[str, ...] = PLANNED_FIELDS) -> bool:
    """True when `new`, an edit of `old`, changes none of `fields` nor what it links to."""
    if any(getattr(new, name) != getattr(old, name) for name in fields):
        return False
    return _targets(new) == _targets(old)


def _targets(article: Article) -> list[tuple[str, str, str]]:
    """What the article links to and shows, wherever in it."""
    return [(ref.kind, ref.target, ref.alt) for ref in article.references]
