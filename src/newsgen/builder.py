"""`newsgen build`: config -> load -> archive -> plan pages -> render -> publish, in one screen."""

from __future__ import annotations

import dataclasses
import functools
import time
from array import array
from collections.abc import Mapping
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen.cache.stamp import (
    BuildStamp,
    InputStamp,
    file_status,
    forget_stamp,
    is_current,
    read_stamp,
    site_inputs,
    write_stamp,
)
from newsgen.cache.store import BuildCache, open_cache
from newsgen.config.site import SiteConfig
from newsgen.diagnostics import Diagnostic, Level, NewsgenError, has_errors
from newsgen.plan.packed import DamagedPlanError
from newsgen.publish.commit import MANIFEST
from newsgen.publish.writer import Staging
from newsgen.runtime import collector
from newsgen.runtime.cancel import CancelFlag
from newsgen.runtime.interrupts import deferred

if TYPE_CHECKING:
    from newsgen.plan.archive import Archive
    from newsgen.plan.replan import Replanned
    from newsgen.plan.views import Views
    from newsgen.publish.pagefind import SearchUpdate
    from newsgen.render.pages import Reuse

CACHE_FILE = ".newsgen/cache.sqlite"
IMAGE_CACHE = ".newsgen/images"
"""Processed image files, by source hash and settings: an image is processed once."""
WORK = ".newsgen"
"""The site's work folder: the cache, the no-op stamp, the manifest, the staging folder."""


@dataclass(frozen=True)
class BuildOptions:
    """Switches of one build."""

    drafts: bool = False
    future: bool = False
    clean: bool = False
    """Rewrite every output file, even unchanged ones."""
    progress: bool = False
    now: datetime | None = None
    """Articles dated after this are future articles; None: no article is."""
    search: bool = True
    """False: no search index, whatever the config says (`--no-search`)."""
    search_later: bool = False
    """Publish without re-indexing search: a stale index waits for serve's background build."""
    cancel: CancelFlag | None = None
    """Set from another thread, it stops the build before it publishes anything."""
    process_ends: bool = False
    """The process ends with this build: what it keeps is frozen out of the collector's passes."""

    @property
    def flags(self) -> tuple[bool, ...]:
        """What of the options changes the output, for the no-op stamp."""
        return self.drafts, self.future, self.now is None, self.search


@dataclass(frozen=True)
class BuildSummary:
    """What a build did."""

    pages: int
    pages_rendered: int
    """Pages whose inputs changed since the last build (all of them on a cold build)."""
    files_written: int
    files_removed: int
    seconds: float
    output: str
    diagnostics: tuple[Diagnostic, ...]
    """Warnings about the content (errors would have stopped the build)."""
    up_to_date: bool = False
    """True when no input changed since the last build, so nothing was done."""
    search_pending: int = 0
    """Search indexes left stale by a `search_later` build."""
    views: Views | None = field(default=None, repr=False, compare=False)
    """The views of the archive this build published (None when it built nothing), for a
    preview of the next edits (`render.preview`)."""
    replanned: bool = False
    """True when re-planned from the last build's plan, reading only `reread` edited articles."""
    reread: int = 0

    def describe(self) -> str:
        """One line for the terminal."""
        if self.up_to_date:
            return (
                f"nothing changed since the last build: {self.pages} pages up to date "
                f"(checked in {self.seconds:.2f} s) -> {self.output}/"
            )
        later = "; search index updating in the background" if self.search_pending else ""
        return (
            f"built {self.pages} pages ({self.pages_rendered} rendered, "
            f"{self.files_written} files written, {self.files_removed} removed) "
            f"in {self.seconds:.2f} s -> {self.output}/{later}"
        )


def build_site(
    config: SiteConfig, options: BuildOptions, inputs: InputStamp | None = None
) -> BuildSummary:
    """Build the site; on any error raise every problem and leave the output as it was.

    When no input file changed (by path, size and modification time) since the last build
    completed, and the files it wrote are all still there, nothing is read or rendered.
    `inputs`: the site's, stamped for this config before anything was read (else now).
    """
    started = time.perf_counter()
    inputs = inputs or site_inputs(config, options.flags)
    last = None if options.clean else read_stamp(config.root)
    if last is not None and is_current(config, inputs, last, options.now, _manifest(config)):
        return _unchanged(config, last, started)
    forget_stamp(config.root)
    searched = config if options.search else dataclasses.replace(config, search=False)
    try:
        summary, valid_until = _build(searched, options, started, inputs)
    except DamagedPlanError:  # seen once a record was wanted: nothing was published
        from newsgen.plan.stored import forget_plan

        forget_plan(config.root)
        summary, valid_until = _build(searched, options, started, inputs)
    if inputs.settled and not summary.search_pending:
        manifest = file_status(_manifest(config))
        stamp = BuildStamp(
            inputs.key, manifest, valid_until, summary.pages, summary.diagnostics, config
        )
        write_stamp(config.root, stamp)
    return summary


@dataclass(frozen=True)
class LastBuild:
    """The config the last build read, the site's inputs now (stamped for that config), and
    when none changed since, the summary of a build that had nothing to do."""

    config: SiteConfig
    inputs: InputStamp
    unchanged: BuildSummary | None


def check_last_build(root: Path, options: BuildOptions) -> LastBuild | None:
    """Whether an input changed since the last build, told without reading the config (None
    when no build left a stamp). The stamp keeps the config that build read; `newsgen.yaml`
    is an input, so a changed config is seen as any changed file is (the build reads it)."""
    started = time.perf_counter()
    last = None if options.clean else read_stamp(root)
    if last is None or last.config.root != root:
        return None
    inputs = site_inputs(last.config, options.flags)
    if not is_current(last.config, inputs, last, options.now, _manifest(last.config)):
        return LastBuild(last.config, inputs, None)
    return LastBuild(last.config, inputs, _unchanged(last.config, last, started))


def plan_site(config: SiteConfig, options: BuildOptions) -> Views | None:
    """The views of the archive a build with `options` would publish, planned from the cache
    and nothing rendered; None when the content has errors (the next build reports them)."""
    searched = config if options.search else dataclasses.replace(config, search=False)
    now = options.now or datetime.max.replace(tzinfo=config.zone)
    with open_cache(config.root / CACHE_FILE, CACHE_FILE, trusted=True) as cache:
        try:
            return _read_whole(searched, options, cache, now).views
        except NewsgenError:
            return None


@dataclass(frozen=True)
class _Start:
    """The archive a build plans its pages from, read whole or re-planned from the last plan."""

    views: Views
    warnings: tuple[Diagnostic, ...]
    """What reading and indexing the archive found."""
    due: datetime | None
    """When the first article left out as future becomes due."""
    replanned: Replanned | None = None
    """None when the whole archive was read."""


def _build(
    config: SiteConfig, options: BuildOptions, started: float, inputs: InputStamp
) -> tuple[BuildSummary, datetime | None]:
    """The whole pipeline; returns when the first article left out as future becomes due."""
    now = options.now or datetime.max.replace(tzinfo=config.zone)
    with collector.released():
        start, done = _publish(config, options, inputs, now)
    _keep_plan(config, inputs, start, done, now)  # what only publishing needed is gone by now
    summary = BuildSummary(
        pages=len(done.pages),
        pages_rendered=done.rendered,
        files_written=done.written,
        files_removed=done.removed,
        seconds=time.perf_counter() - started,
        output=config.output_dir,
        diagnostics=done.warnings,
        search_pending=done.pending,
        views=start.views,
        replanned=start.replanned is not None,
        reread=start.replanned.edited if start.replanned else 0,
    )
    return summary, start.due


@dataclass(frozen=True)
class _Done:
    """What publishing leaves: counts, warnings, and each page's URL and articles (the plan's)."""

    pages: tuple[str, ...]
    depends: Mapping[str, array[int]]
    rendered: int
    written: int
    removed: int
    pending: int
    warnings: tuple[Diagnostic, ...]


def _publish(
    config: SiteConfig, options: BuildOptions, inputs: InputStamp, now: datetime
) -> tuple[_Start, _Done]:
    """Read or re-plan the archive, then plan, render and publish every page."""
    from newsgen.content.loader import body_text
    from newsgen.plan.media import links_checked
    from newsgen.plan.pages import plan_pages
    from newsgen.plan.redirects import plan_redirects
    from newsgen.publish.bookkeeping import note_published
    from newsgen.publish.history import history_records, read_history
    from newsgen.render.markup import BodyRenderer
    from newsgen.render.pages import render_pages
    from newsgen.render.photos import add_pictures
    from newsgen.render.redirects import REDIRECTS_FILE, redirects_file
    from newsgen.render.syndication import SOURCE, feeds_and_sitemaps

    with open_cache(config.root / CACHE_FILE, CACHE_FILE, trusted=not options.clean) as cache:
        start = _replanned(config, options, inputs, cache, now) or _read_whole(
            config, options, cache, now
        )
        archive = start.views.archive
        keeping = len(start.replanned.plan.pages) if start.replanned else 0  # checked meanwhile
        work = config.root / WORK
        recorded = cache.recorded_commit()
        with Staging(config.output_path, work, options.clean, keeping, recorded) as staging:
            with collector.paused(then_freeze=options.process_ends):  # 20,000 pages, no cycle
                pages = plan_pages(archive, config, start.views)
            _go_on(options)
            history, unread = read_history(work)
            moves = plan_redirects(archive, config, history, pages)
            if has_errors(moves.diagnostics):
                raise NewsgenError(moves.diagnostics)
            every_page = [*pages, *moves.pages]
            linking = links_checked(archive.media, (page.url for page in every_page), config)
            if has_errors(linking):
                raise NewsgenError(d for d in linking if d.level is not Level.NOTE)
            text = functools.partial(body_text, cache=cache, config=config)
            bodies = BodyRenderer(cache, config.markdown_raw_html, text, archive.media.body)
            reuse = _reuse(cache, staging, start, config.search)
            with _search(config, options, archive, reuse, staging) as search:
                rendered = render_pages(
                    config, archive, every_page, bodies, reuse, options.progress, search
                )
                _go_on(options)
                add_pictures(config, archive.media, reuse, config.root / IMAGE_CACHE)
                made = feeds_and_sitemaps(config, archive, pages, bodies, reuse, moves.feeds)
                with closing(made):  # its feed workers end with it, on a failure too
                    for url, data in made:
                        staging.add(url, data, SOURCE)
                        if search:
                            search.poll()
                pending = search.finish() if search else 0
            if moves.redirects:  # last: an alias may not be the address of a file staged
                data = redirects_file(config, moves.redirects, archive, staging.produced)
                staging.add(REDIRECTS_FILE, data, SOURCE)
            _go_on(options)
            records = history_records(archive, history, moves.listings, now, bool(start.replanned))
            # a stop is raised once the cache knows what was published (then it is final)
            with deferred(), staging.commit(records) as (written, removed, token):
                replaced = start.replanned.replaced if start.replanned else None
                cache.record_commit(token)  # committed by note_published
                note_published(cache, archive, reuse, bodies, replaced)
    found = (*start.warnings, *unread, *moves.diagnostics, *linking)
    found += tuple(d for d in cache.warnings if d not in found)  # damage found after loading
    warnings = tuple(d for d in found if d.level is Level.WARNING)
    urls = tuple(page.url for page in every_page)
    return start, _Done(urls, reuse.depends, rendered, written, removed, pending, warnings)


def _search(
    config: SiteConfig, options: BuildOptions, archive: Archive, reuse: Reuse, staging: Staging
) -> AbstractContextManager[SearchUpdate | None]:
    """What indexes the pages for search as they are staged, unless the build makes none."""
    if not config.search:
        return nullcontext()
    from newsgen.publish.pagefind import SearchUpdate  # a build with no search never loads it

    return SearchUpdate(config, archive, reuse, staging, options.search_later, options.cancel)


def _read_whole(
    config: SiteConfig, options: BuildOptions, cache: BuildCache, now: datetime
) -> _Start:
    """Read every file of the site and index the archive."""
    from newsgen.content.loader import load_site
    from newsgen.plan.archive import build_archive
    from newsgen.plan.views import Views

    content = load_site(config, cache)
    cache.commit()
    _go_on(options)
    if has_errors(content.diagnostics):
        raise NewsgenError(d for d in content.diagnostics if d.level is not Level.NOTE)
    archive = build_archive(
        content.articles, config, options.drafts, options.future, now, content.media
    )
    due = [a.date for a in content.articles if a.date > now and not options.future]
    warnings = (*content.diagnostics, *archive.diagnostics)
    return _Start(Views(archive, config), warnings, min(due, default=None))


def _replanned(
    config: SiteConfig, options: BuildOptions, inputs: InputStamp, cache: BuildCache, now: datetime
) -> _Start | None:
    """The last build's plan with the edits made since, when they keep it; else None."""
    from newsgen.plan.replan import replan
    from newsgen.plan.stored import forget_plan, read_plan

    with collector.paused(then_freeze=options.process_ends):  # else a collection walks it next
        plan = None if options.clean or cache.warnings else read_plan(config.root)
    found = None if plan is None else replan(config, plan, inputs, cache, now)
    if found is None:
        forget_plan(config.root)
        return None
    cache.commit()
    return _Start(found.plan.views, found.plan.warnings, found.plan.valid_until, found)


def _reuse(cache: BuildCache, staging: Staging, start: _Start, searched: bool) -> Reuse:
    """What the build may keep of the last one's output, and the page dependencies to note."""
    from newsgen.render.pages import Reuse

    previous = cache.published(searched)
    if (found := start.replanned) is None:
        return Reuse(previous, staging, reads=start.views.reads)
    return Reuse(previous, staging, settled=found.settled, templates=found.templates)


def _keep_plan(
    config: SiteConfig, inputs: InputStamp, start: _Start, done: _Done, now: datetime
) -> None:
    """Leave the plan for the next build to re-plan an edit from (quietly none on failure)."""
    from newsgen.plan.stored import forget_plan, stored_plan, write_edits, write_plan

    try:
        if start.replanned is not None:
            write_edits(config.root, start.replanned.plan)
            return
        warned = frozenset(w.path for w in done.warnings)
        plan = stored_plan(
            inputs, start.views, done.pages, done.depends, start.warnings, warned, now, start.due
        )
        write_plan(config.root, plan)
    except Exception:  # the plan only saves the next build time: this one is done without it
        forget_plan(config.root)


def _go_on(options: BuildOptions) -> None:
    """Raise `BuildCancelledError` once the build was cancelled: it publishes nothing then."""
    if options.cancel is not None:
        options.cancel.check()


def _manifest(config: SiteConfig) -> Path:
    return config.root / WORK / MANIFEST


def _unchanged(config: SiteConfig, stamp: BuildStamp, started: float) -> BuildSummary:
    return BuildSummary(
        pages=stamp.pages,
        pages_rendered=0,
        files_written=0,
        files_removed=0,
        seconds=time.perf_counter() - started,
        output=config.output_dir,
        diagnostics=stamp.warnings,
        up_to_date=True,
    )
