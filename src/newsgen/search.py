"""Full-text search: Pagefind indexes of the article pages, published through the staging writer."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
from collections.abc import Coroutine, Mapping, Sequence
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from newsgen import urls
from newsgen.archive import Archive
from newsgen.cache import digest
from newsgen.config import SiteConfig
from newsgen.diagnostics import ContentError
from newsgen.writer import Staging

SEARCH_ROOT = "/pagefind/"
MAX_SERVICES = 4
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
    large for one index is split in parts of at most `MAX_PER_INDEX` articles.
    """
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
    stale: dict[str, list[str]] = {}
    for group, slugs in sorted(search_groups(archive, config).items()):
        page_urls = [urls.article(config, s, archive.articles[s].date) for s in slugs]
        key = digest("search", *(fingerprints[url] for url in page_urls))
        fingerprints[index_url(group)] = key
        if previous.get(index_url(group)) == key and staging.keep_tree(index_url(group), "search"):
            continue
        stale[group] = page_urls
    if stale:
        work = config.root / ".newsgen" / "search"
        _build_indexes(config, stale, staging, work)


def _build_indexes(
    config: SiteConfig, groups: Mapping[str, Sequence[str]], staging: Staging, work: Path
) -> None:
    """Index each group's pages with one Pagefind service, one index in memory at a time.

    Pagefind reads a folder laid out like the site's URLs; each group gets its own. The index
    files are staged one at a time, never all held in memory.
    """
    shutil.rmtree(work, ignore_errors=True)
    prefix = urls.base_path(config).strip("/")
    folders = {}
    for number, (group, page_urls) in enumerate(groups.items()):
        pages, output = work / f"pages-{number}", work / f"index-{number}"
        for url in page_urls:
            target = pages / prefix / str(urls.output_file(url))
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(staging.current_path(url), target)
        folders[group] = (pages, output)
    try:
        _run_alone(_index_in_parallel(list(folders.values()), config.language))
    except Exception as exc:  # the Pagefind service reports failures in many shapes
        hint = "build with --no-search to publish without search"
        raise ContentError("search", 0, f"Pagefind could not index the site: {exc}", hint) from None
    for group, (_, output) in folders.items():
        for path in sorted(output.rglob("*")):
            if path.is_file():
                url = index_url(group) + path.relative_to(output).as_posix()
                staging.add(url, path.read_bytes(), "search")
    shutil.rmtree(work, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _run_alone(job: Coroutine[Any, Any, None]) -> None:
    """Run `job` on a fresh event loop in its own thread: callers may already have a loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, job).result()


async def _index_in_parallel(folders: Sequence[tuple[Path, Path]], language: str) -> None:
    """One Pagefind service per core (each indexes on one core), the folders dealt among them."""
    services = max(1, min(len(os.sched_getaffinity(0)), MAX_SERVICES, len(folders)))
    shares = [folders[number::services] for number in range(services)]
    await asyncio.gather(*(_index_folders(share, language) for share in shares))


async def _index_folders(folders: Sequence[tuple[Path, Path]], language: str) -> None:
    """Index each (pages, output) folder pair in turn, freeing each index once written."""
    service = await PagefindService().launch()
    try:
        for pages, output in folders:
            config = IndexConfig(output_path=str(output), force_language=language.split("-")[0])
            index = await service.create_index(config)
            await index.add_directory(str(pages))
            await index.write_files()
            await index.delete_index()
    finally:
        await service.close()
