"""Full-text search: Pagefind indexes of the article pages, published through the staging writer."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
from collections.abc import Coroutine, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from newsgen import __version__
from newsgen.cache.store import PageKeys, digest
from newsgen.config.site import SiteConfig
from newsgen.diagnostics import ContentError
from newsgen.plan import urls
from newsgen.plan.archive import Archive
from newsgen.plan.search import index_url, search_groups
from newsgen.publish.writer import Staging
from newsgen.runtime.cancel import BuildCancelledError, CancelFlag

MAX_SERVICES = 4
CANCEL_CHECK_SECONDS = 0.05


def update_search(
    config: SiteConfig,
    archive: Archive,
    keys: PageKeys,
    previous: Mapping[str, str],
    staging: Staging,
    later: bool = False,
    cancel: CancelFlag | None = None,
) -> int:
    """Re-index each group whose article pages changed; keep the published index of the others.

    An index's fingerprint (stored beside the pages') hashes the bytes of all its article
    pages: a template edit that leaves them as they were re-indexes nothing. With `later`, a
    stale group keeps its published index (if any) and no fingerprint, so that the next build
    re-indexes it. Returns how many groups were left stale.
    """
    fingerprints = keys.fingerprints
    settings = repr((__version__, version("pagefind"), config.language, urls.base_path(config)))
    stale: dict[str, list[str]] = {}
    for group, slugs in sorted(search_groups(archive, config).items()):
        page_urls = [archive.urls[uid] for uid in slugs]
        key = digest("search", settings, *(keys.contents.get(url, "") for url in page_urls))
        fingerprints[index_url(group)] = key
        if previous.get(index_url(group)) == key and staging.keep_tree(index_url(group), "search"):
            continue
        stale[group] = page_urls
    if later:
        for group in stale:
            del fingerprints[index_url(group)]
            staging.keep_tree(index_url(group), "search")
        return len(stale)
    if stale:
        work = config.root / ".newsgen" / "search"
        _build_indexes(config, stale, staging, work, cancel or CancelFlag())
    return 0


def _build_indexes(
    config: SiteConfig,
    groups: Mapping[str, Sequence[str]],
    staging: Staging,
    work: Path,
    cancel: CancelFlag,
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
        _run_alone(_index_in_parallel(list(folders.values()), config.language, cancel))
    except BuildCancelledError:
        shutil.rmtree(work, ignore_errors=True)
        raise
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


async def _index_in_parallel(
    folders: Sequence[tuple[Path, Path]], language: str, cancel: CancelFlag
) -> None:
    """One Pagefind service per core (each indexes on one core), the folders dealt among them.

    A cancel stops every service (their processes are ended) and raises `BuildCancelledError`.
    """
    services = max(1, min(len(os.sched_getaffinity(0)), MAX_SERVICES, len(folders)))
    shares = [folders[number::services] for number in range(services)]
    jobs = asyncio.gather(*(_index_folders(share, language) for share in shares))
    while not jobs.done():
        await asyncio.wait([jobs], timeout=CANCEL_CHECK_SECONDS)
        if cancel.is_set and not jobs.done():
            jobs.cancel()
            await asyncio.gather(jobs, return_exceptions=True)
            raise BuildCancelledError
    jobs.result()


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
    except asyncio.CancelledError:
        await _end_at_once(service)
        raise
    finally:
        await service.close()


async def _end_at_once(service: PagefindService) -> None:
    """End a cancelled service's process: `close` would first wait for the answer to the
    cancelled request, and, finding it cancelled, raise before ending the process."""
    backend = service._backend  # the service has no public way to stop mid-request
    backend.terminate()
    await backend.wait()
