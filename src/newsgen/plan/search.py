"""Search planning: which articles go into which Pagefind index, and where each is published."""

from __future__ import annotations

from newsgen.config.site import SiteConfig
from newsgen.plan.archive import Archive

SEARCH_ROOT = "/pagefind/"
SPLIT_ABOVE = 200
"""An archive of more articles than this is indexed per year: an edit re-indexes only its
year's part, and Pagefind's time grows with the pages it indexes (about 1.7 ms each)."""
PART_SIZES = (200, 500)
"""A year is indexed in parts of the first of these sizes that makes at most `MAX_PARTS` of
them, else of `LARGEST_PART`: small parts make an edit quick to re-index, few parts keep the
indexes a full search merges in the browser few."""
MAX_PARTS = 5
LARGEST_PART = 1000
"""Pagefind holds a whole index in memory (about 0.3 MB per article): 1,000 is some 300 MB."""


def index_url(group: str) -> str:
    """Where one index is published: /pagefind/ for the whole site, /pagefind/2024/ per year."""
    return SEARCH_ROOT if not group else f"{SEARCH_ROOT}{group}/"


def search_groups(archive: Archive, config: SiteConfig) -> dict[str, tuple[str, ...]]:
    """Article slugs of each search index: one for the site, or one per year or year's part.

    Per year when the config asks for it, and always once the archive is large. A year of
    more articles than the smallest part is split in parts ("2024", "2024-2", ...), oldest
    articles first, so that new articles change only the last part. An archive with no
    article has no index (Pagefind makes none of no page).
    """
    if not archive.order:
        return {}
    if not config.search_per_year and len(archive.order) <= SPLIT_ABOVE:
        return {"": archive.order}
    groups: dict[str, tuple[str, ...]] = {}
    for year, slugs in archive.years.items():
        oldest_first, size = slugs[::-1], part_size(len(slugs))
        for start in range(0, len(slugs), size):
            part = start // size + 1
            name = str(year) if part == 1 else f"{year}-{part}"
            groups[name] = oldest_first[start : start + size][::-1]
    return groups


def newest_first(group: str) -> tuple[int, int]:
    """Sort key of an index, reversed: the newest year first, and its newest part first
    ("2024-10" before "2024-9")."""
    year, _, part = group.partition("-")
    return -int(year or 0), -int(part or 1)


def part_size(articles: int) -> int:
    """How many articles each part of a year of `articles` holds (the last part fewer)."""
    fitting = (size for size in PART_SIZES if articles <= size * MAX_PARTS)
    return next(fitting, LARGEST_PART)
