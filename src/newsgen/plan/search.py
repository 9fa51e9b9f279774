"""Search planning: which articles go into which Pagefind index, and where each is published."""

from __future__ import annotations

from newsgen.config.site import SiteConfig
from newsgen.plan.archive import Archive

SEARCH_ROOT = "/pagefind/"
SPLIT_ABOVE = 1000
"""An archive of more articles than this is indexed per year: Pagefind holds a whole index in
memory (about 0.3 MB per article), so one index of 10,000 articles needs some 3 GB."""
MAX_PER_INDEX = 1000
"""A year of more articles is indexed in parts ("2024", "2024-2", ...), oldest first, so that
new articles change only the last part."""


def index_url(group: str) -> str:
    """Where one index is published: /pagefind/ for the whole site, /pagefind/2024/ per year."""
    return SEARCH_ROOT if not group else f"{SEARCH_ROOT}{group}/"


def search_groups(archive: Archive, config: SiteConfig) -> dict[str, tuple[str, ...]]:
    """Article slugs of each search index: one for the site, or one per year.

    Per year when the config asks for it, and always once the archive is large; a year too
    large for one index is split in parts of at most `MAX_PER_INDEX` articles. An archive with
    no article has no index (Pagefind makes none of no page).
    """
    if not archive.order:
        return {}
    if not config.search_per_year and len(archive.order) <= SPLIT_ABOVE:
        return {"": archive.order}
    groups: dict[str, tuple[str, ...]] = {}
    for year, slugs in archive.years.items():
        oldest_first = slugs[::-1]
        for start in range(0, len(slugs), MAX_PER_INDEX):
            part = start // MAX_PER_INDEX + 1
            name = str(year) if part == 1 else f"{year}-{part}"
            groups[name] = oldest_first[start : start + MAX_PER_INDEX][::-1]
    return groups
