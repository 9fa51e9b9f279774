"""Re-planning an edit from the last build's stored plan: when every input that changed is a
published article edited in a way that keeps the plan (`plan.edits`), or a site template, only
those articles are read again, and only the pages made from them, or of those templates, are
checked again.

Anything else (a new, moved or deleted file, a static file, the config, a draft, an article
the last build warned about, an edit that moves an article) returns None: the build then
reads everything, as a first build does.

A build that reads everything removes the plan first, and leaves a new one only once it has
published: the plan on disk is always that of the output on disk.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsgen.cache.stamp import RACY, FileStatus, InputStamp
from newsgen.cache.store import BuildCache
from newsgen.config.site import SiteConfig
from newsgen.content.loader import load_files
from newsgen.diagnostics import Level
from newsgen.model import Article
from newsgen.plan.edits import LISTED_FIELDS, PLANNED_FIELDS, keeps_plan
from newsgen.plan.stored import StoredPlan
from newsgen.plan.views import with_articles


@dataclass(frozen=True)
class Replanned:
    """The stored plan with the edits applied, and the pages they may have changed."""

    plan: StoredPlan
    """The plan to store for the next build (its views have the edits)."""
    touched: frozenset[str]
    """URLs of the pages made from an edited article: their fingerprints are computed again."""
    replaced: tuple[Article, ...]
    """The records the edited articles had in the plan."""
    templates: frozenset[str] = frozenset()
    """The site templates edited since ('article.html'): the pages made of them are checked."""

    @property
    def settled(self) -> frozenset[str]:
        """URLs of the pages known unchanged: those with dependencies recorded, less those an
        edit touched."""
        return frozenset(self.plan.pages) - self.touched

    @property
    def edited(self) -> int:
        """How many articles were read again."""
        return len(self.replaced)


def replan(
    config: SiteConfig, plan: StoredPlan, inputs: InputStamp, cache: BuildCache, now: datetime
) -> Replanned | None:
    """The plan after the edits made since `plan`; None when the whole archive is to be read."""
    if plan.settings != inputs.settings or now < plan.now:
        return None
    if plan.valid_until is not None and now >= plan.valid_until:
        return None  # an article left out as future has become due
    seen = _changed(plan.files, inputs.files)
    if seen is None:
        return None
    folder = f"{os.fspath(config.templates_path).rstrip('/')}/"
    templates = frozenset(path[len(folder) :] for path in seen if path.startswith(folder))
    changed = [path for path in seen if not path.startswith(folder)]
    by_path = plan.views.archive.by_source()
    shown = [_shown(config.root, path) for path in changed]
    if any(path not in by_path or path in plan.warned for path in shown):
        return None
    articles, diagnostics = load_files([config.root / path for path in shown], config, cache)
    if any(d.level is not Level.NOTE for d in diagnostics) or len(articles) != len(shown):
        return None  # the whole build reports what is wrong
    edited = _plan_keeping(plan.views.archive.articles, by_path, articles)
    if edited is None:
        return None
    touched = {plan.pages[number] for uid in edited for number in plan.depends.get(uid, ())}
    views = with_articles(plan.views, edited)
    stored = dataclasses.replace(
        plan,
        views=views,
        files=inputs.files,
        edited={**plan.edited, **edited},
        refiled={**plan.refiled, **{path: inputs.files[path] for path in seen}},
    )
    replaced = tuple(plan.views.archive.articles[uid] for uid in edited)
    return Replanned(stored, frozenset(touched), replaced, templates)


def _changed(before: Mapping[str, FileStatus], now: Mapping[str, FileStatus]) -> list[str] | None:
    """The input files whose status changed, or that changed too recently to tell (`RACY`,
    then or now); None when a file came or went."""
    if before.keys() != now.keys():
        return None
    return [
        path
        for path, status in now.items()
        if RACY in (status, before[path]) or before[path] != status
    ]


def _shown(root: Path, path: str) -> str:
    """'content/a.md' for an input file path; any other path when it lies elsewhere."""
    prefix = f"{os.fspath(root).rstrip('/')}/"
    return path[len(prefix) :] if path.startswith(prefix) and path.endswith(".md") else path


def _plan_keeping(
    last: Mapping[str, Article], by_path: Mapping[str, str], articles: list[Article]
) -> dict[str, Article] | None:
    """The edited articles by id, if every edit keeps the plan; else None."""
    edited = {}
    for article in articles:
        uid = by_path[article.source_path]
        if not keeps_plan(last[uid], article, PLANNED_FIELDS + LISTED_FIELDS):
            return None
        edited[uid] = article
    return edited
