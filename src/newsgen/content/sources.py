"""The original publisher of a seed: what the seed says, the command line, or its folder."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsgen.config.site import SiteConfig
from newsgen.model import Article, Source

WHOLE_FOLDER = "."
"""The `seed_sources:` key naming the seeds folder itself."""


def folder_source(config: SiteConfig, seed: Path) -> Source | None:
    """The `seed_sources:` entry of the deepest folder holding `seed` (`.`: the seeds folder
    itself), as a Source."""
    if not config.seed_sources:
        return None
    try:
        parts = seed.resolve().relative_to(config.seeds_path.resolve()).parent.parts
    except ValueError:
        return None
    by_folder = {entry.folder: entry for entry in config.seed_sources}
    for depth in range(len(parts), -1, -1):
        entry = by_folder.get("/".join(parts[:depth]) or WHOLE_FOLDER)
        if entry is not None:
            return Source(name=entry.name, url=entry.url)
    return None


def with_source(article: Article, given: Source | None) -> Article:
    """`article` credited to the publisher `given` where the seed itself names none.

    A publisher the seed names (a byline's agency, a site name in the title) stays, with its
    own address only: another publisher's address is never borrowed for it.
    """
    own = article.source
    if given is None or (own is not None and own.name and not _same(own.name, given.name)):
        return article
    if own is None:
        return dataclasses.replace(article, source=given)
    merged = Source(name=own.name or given.name, url=own.url or given.url, byline=own.byline)
    return dataclasses.replace(article, source=merged)


def _same(first: str, second: str) -> bool:
    return first.casefold() == second.casefold()
