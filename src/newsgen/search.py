"""Full-text search: Pagefind indexes of the article pages, published through the staging writer."""

from __future__ import annotations

import asyncio
import concurrent.futures
import shutil
from collections.abc import Coroutine, Mapping, Sequence
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex

from newsgen import urls
from newsgen.archive import Archive
from newsgen.cache import digest
from newsgen.config import SiteConfig
from newsgen.diagnostics import ContentError
from newsgen.writer import Staging

SEARCH_ROOT = "/pagefind/"


def index_url(group: str) -> str:
    """Where one index is published: /pagefind/ for the whole site, /pagefind/2024/ per year."""
    return SEARCH_ROOT if not group else f"{SEARCH_ROOT}{group}/"


def search_groups(archive: Archive, config: SiteConfig) -> dict[str, tuple[str, ...]]:
    """Article slugs of each search index: one for the site, or one per year."""
    if not config.search_per_year:
        return {"": archive.order}
    return {str(year): slugs for year, slugs in archive.years.items()}


def update_search(
    config: SiteConfig,
    archive: Archive,
    fingerprints: dict[str, str],
    previous: Mapping[str, str],
    staging: Staging,
) -> None:
    """Re-index each group whose article pages changed; keep the published index of the others.

    An index's fingerprint (stored beside the pages') is that of all its article pages.
    """
    stale: dict[str, list[tuple[str, str]]] = {}
    for group, slugs in search_groups(archive, config).items():
        page_urls = [urls.article(config, s, archive.articles[s].date) for s in slugs]
        key = digest("search", *(fingerprints[url] for url in page_urls))
        fingerprints[index_url(group)] = key
        if previous.get(index_url(group)) == key and staging.keep_tree(index_url(group), "search"):
            continue
        hrefs = [urls.href(config, url) for url in page_urls]
        stale[group] = [
            (h, staging.current(u).decode("utf-8")) for h, u in zip(hrefs, page_urls, strict=True)
        ]
    for url, data in build_indexes(
        stale, config.root / ".newsgen" / "search", config.language
    ).items():
        staging.add(url, data, "search")


def build_indexes(
    groups: Mapping[str, Sequence[tuple[str, str]]], work: Path, language: str
) -> dict[str, bytes]:
    """Index each group of (URL, page HTML); return every index file by its published URL."""
    files: dict[str, bytes] = {}
    for group, pages in sorted(groups.items()):
        folder = work / (group or "site")
        shutil.rmtree(folder, ignore_errors=True)
        try:
            _run_alone(_index(pages, folder, language))
        except Exception as exc:  # the Pagefind service reports failures in many shapes
            raise ContentError(
                "search",
                0,
                f"Pagefind could not index the site: {exc}",
                "build with --no-search to publish without search",
            ) from None
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            files[index_url(group) + path.relative_to(folder).as_posix()] = path.read_bytes()
        shutil.rmtree(folder, ignore_errors=True)
    return files


def _run_alone(job: Coroutine[Any, Any, None]) -> None:
    """Run `job` on a fresh event loop in its own thread: callers may already have a loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, job).result()


async def _index(pages: Sequence[tuple[str, str]], folder: Path, language: str) -> None:
    config = IndexConfig(output_path=str(folder), force_language=language.split("-")[0])
    async with PagefindIndex(config) as index:
        for url, html in pages:
            await index.add_html_file(content=html, url=url)
