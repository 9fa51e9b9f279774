"""Full-text search: Pagefind indexes of the article pages, published through the staging writer."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence, Set
from importlib.metadata import version
from pathlib import Path
from subprocess import Popen

from pagefind.service import get_executable

from newsgen import __version__
from newsgen.cache.store import PageKeys, digest
from newsgen.config.site import SiteConfig
from newsgen.diagnostics import ContentError
from newsgen.plan import urls
from newsgen.plan.archive import Archive
from newsgen.plan.search import index_url, search_groups
from newsgen.publish.writer import Staging
from newsgen.runtime.cancel import CancelFlag

MAX_PROCESSES = 4
POLL_SECONDS = 0.01
"""How often running Pagefind processes are checked for their end, and a cancel."""


def update_search(
    config: SiteConfig,
    archive: Archive,
    keys: tuple[PageKeys, PageKeys],
    alike: Set[str],
    staging: Staging,
    later: bool = False,
    cancel: CancelFlag | None = None,
) -> int:
    """Re-index each group whose article pages changed; keep the published index of the others.

    `keys` are this build's and the last build's. An index's fingerprint (stored beside the
    pages') hashes the bytes of its article pages (`PageKeys.contents`). The published index
    is kept when its fingerprint is that of the pages now, or that of the pages the last build
    knew while Pagefind reads every page changed since `alike` its published file (a
    template edit of a header or a footer): judged by the published pages themselves, so that
    a cache left behind the site (a build killed after its commit) keeps no index that is not
    theirs. With `later`, a stale group keeps its published index (if any) and no fingerprint,
    so that the next build re-indexes it. Returns how many groups were left stale.
    """
    mine, earlier = keys
    settings = repr((__version__, version("pagefind"), config.language, urls.base_path(config)))
    stale: dict[str, list[str]] = {}
    for group, slugs in sorted(search_groups(archive, config).items()):
        page_urls = [archive.urls[uid] for uid in slugs]
        key = mine.fingerprints[index_url(group)] = _key(settings, mine, page_urls)
        published = earlier.fingerprints.get(index_url(group))
        if published is None:
            stale[group] = page_urls
            continue
        changed = (url for url in page_urls if mine.contents.get(url) != earlier.contents.get(url))
        held = published == key or (
            published == _key(settings, earlier, page_urls) and all(url in alike for url in changed)
        )
        if not held or not staging.keep_tree(index_url(group), "search"):
            stale[group] = page_urls
    if later:
        for group in stale:
            del mine.fingerprints[index_url(group)]
            staging.keep_tree(index_url(group), "search")
        return len(stale)
    if stale:
        work = config.root / ".newsgen" / "search"
        _build_indexes(config, stale, staging, work, cancel or CancelFlag())
    return 0


def _key(settings: str, keys: PageKeys, page_urls: Sequence[str]) -> str:
    """The fingerprint of an index of these pages, as `keys` know them."""
    return digest("search", settings, *(keys.contents.get(url, "") for url in page_urls))


def _build_indexes(
    config: SiteConfig,
    groups: Mapping[str, Sequence[str]],
    staging: Staging,
    work: Path,
    cancel: CancelFlag,
) -> None:
    """Index each group's pages, each group by a Pagefind process of its own.

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
        _index_all(list(folders.values()), config.language, cancel)
    except BaseException as exc:
        shutil.rmtree(work, ignore_errors=True)
        if not isinstance(exc, OSError | RuntimeError):  # it could not start, or it failed
            raise
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


def _index_all(folders: Sequence[tuple[Path, Path]], language: str, cancel: CancelFlag) -> None:
    """Index each (pages, output) folder pair with a Pagefind process of its own, one per core
    at a time (each indexes on about one core).

    Pagefind's command line, not its Python service: the service's client reads each answer
    only after a 0.1 s pause, so its five requests per index cost half a second of waiting. The
    files written are the same. A cancel ends every process at once and raises
    `BuildCancelledError`.
    """
    binary = get_executable()
    if binary is None:
        raise RuntimeError("its program is not installed (pip install 'pagefind[bin]')")
    waiting = list(folders)
    running: list[tuple[subprocess.Popen[bytes], Path]] = []
    slots = max(1, min(len(os.sched_getaffinity(0)), MAX_PROCESSES))
    try:
        while waiting or running:
            while waiting and len(running) < slots:
                running.append(_start(binary, *waiting.pop(0), language))
            time.sleep(POLL_SECONDS)
            cancel.check()
            for process, log in [job for job in running if job[0].poll() is not None]:
                running.remove((process, log))
                if process.returncode != 0:
                    said = log.read_text(encoding="utf-8", errors="replace").strip()[-500:]
                    raise RuntimeError(f"it stopped with status {process.returncode}: {said}")
    finally:
        for process, _ in running:
            process.kill()
            process.wait()


def _start(binary: Path, pages: Path, output: Path, language: str) -> tuple[Popen[bytes], Path]:
    """A Pagefind process indexing `pages` into `output`; what it says goes to a log beside."""
    log = output.with_name(f"{output.name}.log")
    command = [os.fspath(binary), "--site", os.fspath(pages), "--output-path", os.fspath(output)]
    command += ["--force-language", language.split("-")[0], "--silent"]
    # its settings come from these arguments alone: no pagefind.yml, no PAGEFIND_ variable
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    with log.open("wb") as said:
        process = Popen(
            command,
            cwd=pages,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=said,
            stderr=subprocess.STDOUT,
        )
    return process, log
