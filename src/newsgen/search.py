"""Full-text search: Pagefind indexes of the article pages, published through the staging writer."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
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
    work = config.root / ".newsgen" / "search"
    for group, slugs in sorted(search_groups(archive, config).items()):
        page_urls = [urls.article(config, s, archive.articles[s].date) for s in slugs]
        key = digest("search", *(fingerprints[url] for url in page_urls))
        fingerprints[index_url(group)] = key
        if previous.get(index_url(group)) == key and staging.keep_tree(index_url(group), "search"):
            continue
        for url, data in _build_index(config, page_urls, staging, work).items():
            staging.add(index_url(group) + url, data, "search")


def _build_index(
    config: SiteConfig, page_urls: Sequence[str], staging: Staging, work: Path
) -> dict[str, bytes]:
    """Index the pages in one request: Pagefind reads a folder laid out like the site's URLs."""
    shutil.rmtree(work, ignore_errors=True)
    pages, output = work / "pages", work / "index"
    prefix = urls.base_path(config).strip("/")
    for url in page_urls:
        target = pages / prefix / str(urls.output_file(url))
        target.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(staging.current_path(url), target)
    try:
        _run_alone(_index_folder(pages, output, config.language))
    except Exception as exc:  # the Pagefind service reports failures in many shapes
        hint = "build with --no-search to publish without search"
        raise ContentError("search", 0, f"Pagefind could not index the site: {exc}", hint) from None
    files = {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }
    shutil.rmtree(work, ignore_errors=True)
    return files


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _run_alone(job: Coroutine[Any, Any, None]) -> None:
    """Run `job` on a fresh event loop in its own thread: callers may already have a loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, job).result()


async def _index_folder(pages: Path, output: Path, language: str) -> None:
    config = IndexConfig(output_path=str(output), force_language=language.split("-")[0])
    async with PagefindIndex(config) as index:
        await index.add_directory(str(pages))
