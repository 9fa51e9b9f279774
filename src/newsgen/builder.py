"""`newsgen build`: config -> load -> archive -> plan pages -> render -> write, in one screen."""

from __future__ import annotations

import dataclasses
import itertools
import sqlite3
import sys
import sysconfig
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from newsgen import __version__
from newsgen.cache.store import (
    BuildCache,
    BuildStamp,
    InputStamp,
    digest,
    file_status,
    outputs_present,
    read_stamp,
    stamp_inputs,
    write_stamp,
)
from newsgen.config.site import CONFIG_NAME, SiteConfig
from newsgen.diagnostics import ContentError, Diagnostic, Level, NewsgenError, has_errors
from newsgen.plan import urls
from newsgen.publish.commit import MANIFEST
from newsgen.publish.writer import Staging

if TYPE_CHECKING:
    import jinja2

    from newsgen.plan.archive import Archive
    from newsgen.plan.pages import Page
    from newsgen.render.assets import AssetMap
    from newsgen.render.feeds import FeedEntry, FeedInfo
    from newsgen.render.markup import BodyRenderer
    from newsgen.render.sitemaps import NewsItem, SitemapUrl
T = TypeVar("T")
CACHE_FILE = ".newsgen/cache.sqlite"
STAMP_FILE = ".newsgen/stamp.pickle"
POOL_MIN_PAGES = 200
"""Fewer pages to render than this are rendered in this process: workers cost a fork each."""
CHUNK = 32


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

    def describe(self) -> str:
        """One line for the terminal."""
        if self.up_to_date:
            return (
                f"nothing changed since the last build: {self.pages} pages up to date "
                f"(checked in {self.seconds:.2f} s) -> {self.output}/"
            )
        return (
            f"built {self.pages} pages ({self.pages_rendered} rendered, "
            f"{self.files_written} files written, {self.files_removed} removed) "
            f"in {self.seconds:.2f} s -> {self.output}/"
        )


def build_site(config: SiteConfig, options: BuildOptions) -> BuildSummary:
    """Build the site; on any error raise every problem and leave the output as it was.

    When no input file changed (by path, size and modification time) since the last build
    completed, and the files it wrote are all still there, nothing is read or rendered.
    """
    started = time.perf_counter()
    inputs = _stamp_inputs(config, options)
    stamp_path = config.root / STAMP_FILE
    last = None if options.clean else read_stamp(stamp_path)
    if last is not None and _up_to_date(config, options, inputs, last):
        return _unchanged(config, last, started)
    stamp_path.unlink(missing_ok=True)
    searched = config if options.search else dataclasses.replace(config, search=False)
    summary, valid_until = _build(searched, options, started)
    if inputs.settled:
        manifest = file_status(config.root / ".newsgen" / MANIFEST)
        warnings = summary.diagnostics
        stamp = BuildStamp(inputs.key, manifest, valid_until, summary.pages, warnings, config)
        write_stamp(stamp_path, stamp)
    return summary


def unchanged_since_last_build(root: Path, options: BuildOptions) -> BuildSummary | None:
    """The last build's summary when no input changed since, told without reading the config.

    The stamp keeps the config that build read; `newsgen.yaml` is one of the inputs compared,
    so a changed config is seen as any changed file is (and the build then reads it).
    """
    started = time.perf_counter()
    last = None if options.clean else read_stamp(root / STAMP_FILE)
    if last is None or last.config.root != root:
        return None
    inputs = _stamp_inputs(last.config, options)
    if not _up_to_date(last.config, options, inputs, last):
        return None
    return _unchanged(last.config, last, started)


def _stamp_inputs(config: SiteConfig, options: BuildOptions) -> InputStamp:
    """Everything a build reads: the site's files, newsgen itself, its settings and flags."""
    package = Path(__file__).parent
    roots = (
        config.root / CONFIG_NAME,
        config.content_path,
        config.seeds_path,
        config.templates_path,
        config.static_path,
        package,
    )
    flags = (options.drafts, options.future, options.now is None, options.search)
    packages = file_status(Path(sysconfig.get_paths()["purelib"]))  # changes with any install
    settings = (__version__, sys.version, repr(config), repr(flags), repr(packages))
    return stamp_inputs(roots, settings)


def _up_to_date(
    config: SiteConfig, options: BuildOptions, inputs: InputStamp, stamp: BuildStamp
) -> bool:
    if stamp.inputs != inputs.key:
        return False
    due = stamp.valid_until
    if due is not None and options.now is not None and options.now >= due:
        return False  # an article left out as future has become due
    work = config.root / ".newsgen"
    return outputs_present(config.output_path, work / MANIFEST, stamp.manifest)


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


def _build(
    config: SiteConfig, options: BuildOptions, started: float
) -> tuple[BuildSummary, datetime | None]:
    """The whole pipeline; returns when the first article left out as future becomes due."""
    from newsgen.content.loader import body_text, load_site
    from newsgen.plan.archive import build_archive
    from newsgen.plan.pages import plan_pages
    from newsgen.publish.pagefind import update_search
    from newsgen.render.markup import BodyRenderer

    cache = _open_cache(config, trusted=not options.clean)
    try:
        content = load_site(config, cache)
        cache.commit()
        if has_errors(content.diagnostics):
            raise NewsgenError(d for d in content.diagnostics if d.level is not Level.NOTE)
        now = options.now or datetime.max.replace(tzinfo=config.zone)
        archive = build_archive(content.articles, config, options.drafts, options.future, now)
        pages = plan_pages(archive, config)
        bodies = BodyRenderer(
            cache, config.markdown_raw_html, lambda article: body_text(article, cache, config)
        )
        with Staging(config.output_path, config.root / ".newsgen", options.clean) as staging:
            previous = cache.fingerprints()
            fingerprints, rendered = _render_pages(
                config, archive, pages, bodies, staging, previous, options
            )
            if config.search:
                update_search(config, archive, fingerprints, previous, staging)

            def unchanged(url: str, key: str) -> bool:
                fingerprints[url] = key
                return previous.get(url) == key and staging.keep(url, "newsgen")

            made = _feeds_and_sitemaps(config, archive, pages, bodies, fingerprints, unchanged)
            for url, data in made:
                staging.add(url, data, "newsgen")
            written, removed = staging.commit()
        cache.replace_fingerprints(fingerprints)
        cache.prune()
        cache.commit()
    finally:
        cache.close()
    found = (*content.diagnostics, *archive.diagnostics)
    found += tuple(d for d in cache.warnings if d not in found)  # damage found after loading
    warnings = [d for d in found if d.level is Level.WARNING]
    due = [a.date for a in content.articles if a.date > now and not options.future]
    summary = BuildSummary(
        pages=len(pages),
        pages_rendered=rendered,
        files_written=written,
        files_removed=removed,
        seconds=time.perf_counter() - started,
        output=config.output_dir,
        diagnostics=tuple(warnings),
    )
    return summary, min(due, default=None)


def _open_cache(config: SiteConfig, trusted: bool) -> BuildCache:
    path = config.root / CACHE_FILE
    try:
        return BuildCache(path, trusted)
    except (sqlite3.Error, OSError) as exc:
        hint = "delete the .newsgen folder; it only holds what newsgen can rebuild"
        raise ContentError(CACHE_FILE, 0, f"cannot open the build cache: {exc}", hint) from None


def _render_pages(
    config: SiteConfig,
    archive: Archive,
    pages: list[Page],
    bodies: BodyRenderer,
    staging: Staging,
    previous: Mapping[str, str],
    options: BuildOptions,
) -> tuple[dict[str, str], int]:
    """Render every page whose inputs changed since the last build; keep the others.

    Returns every page's fingerprint (URL -> hash of all its inputs) and how many were rendered.
    """
    from newsgen.render.assets import collect_assets
    from newsgen.render.templates import make_environment

    assets = collect_assets(config)
    common = _common_inputs(config, assets)
    fingerprints: dict[str, str] = {}
    todo: list[int] = []
    for number, page in enumerate(pages):
        article = archive.articles[page.article] if page.article else None
        body = bodies.retain(article) if article is not None else ""
        fingerprint = _fingerprint(common, page, body)
        fingerprints[page.url] = fingerprint
        if previous.get(page.url) == fingerprint and staging.keep(page.url, _source(archive, page)):
            continue
        todo.append(number)

    def known(number: int) -> Body:
        """The page's article body HTML from the cache, else the text to render it from."""
        slug = pages[number].article
        if not slug:
            return None, ""
        article = archive.articles[slug]
        html = bodies.cached(article)
        return (html, "") if html is not None else (None, bodies.source(article))

    job = _RenderJob(config, make_environment(config, assets), archive, pages)
    results = zip(todo, _render_all(job, todo, known), strict=True)
    for number, (html, fresh) in _progress(results, len(todo), options.progress):
        page = pages[number]
        if fresh is not None and page.article:
            bodies.remember(archive.articles[page.article], fresh)
        staging.add(page.url, html, _source(archive, page))
    for url, path in assets.outputs():
        staging.add(url, path.read_bytes(), "static")
    return fingerprints, len(todo)


def _source(archive: Archive, page: Page) -> str:
    return archive.articles[page.article].source_path if page.article else page.template


@dataclass(frozen=True)
class _RenderJob:
    """What rendering a page needs; worker processes inherit it when they are forked."""

    config: SiteConfig
    environment: jinja2.Environment
    archive: Archive
    pages: list[Page]


Rendered = tuple[bytes, str | None]
"""A page's HTML, and its article's body HTML when this render made it (else None)."""
Body = tuple[str | None, str]
"""A page's article body: its HTML when known, else (None, the text to render it from)."""


def _render_all(
    job: _RenderJob, todo: list[int], known: Callable[[int], Body]
) -> Iterator[Rendered]:
    """Render the pages numbered `todo`, in order; on every core when there are many.

    Workers are forked, so they share the job without copying it; each gets chunks of page
    numbers, with the body HTML (or text) `known` gives, and returns bytes. Bodies are looked up
    only for the chunks in flight, never all held at once. The first failing page (in page
    order) fails the build.
    """
    from newsgen.runtime.workers import can_fork, forked_pool, worker_count

    workers = worker_count()
    if len(todo) < POOL_MIN_PAGES or workers < 2 or not can_fork():
        bodies = _new_body_renderer(job.config)
        for number in todo:
            yield _raise_failure(_render_one(job, bodies, number, known(number)))
        return
    chunks = iter([todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)])
    with forked_pool(workers, _start_worker, (job,)) as pool:
        # A bounded window of chunks in flight: finished pages wait in memory only until
        # written, however much faster the workers render than this process writes.
        window = deque(
            pool.apply_async(_render_chunk, (chunk, [known(n) for n in chunk]))
            for chunk in itertools.islice(chunks, workers * 4)
        )
        while window:
            done = window.popleft().get()
            for chunk in itertools.islice(chunks, 1):
                window.append(pool.apply_async(_render_chunk, (chunk, [known(n) for n in chunk])))
            yield from map(_raise_failure, done)


def _raise_failure(outcome: Rendered | NewsgenError) -> Rendered:
    if isinstance(outcome, NewsgenError):
        raise NewsgenError(outcome.diagnostics)
    return outcome


_WORKER: list[tuple[_RenderJob, BodyRenderer]] = []
"""The job of this worker process (set once when it starts; the parent never sets it)."""


def _start_worker(job: _RenderJob) -> None:
    _WORKER.append((job, _new_body_renderer(job.config)))


def _render_chunk(numbers: list[int], known: list[Body]) -> list[Rendered | NewsgenError]:
    job, bodies = _WORKER[0]
    return [_render_one(job, bodies, n, body) for n, body in zip(numbers, known, strict=True)]


def _render_one(
    job: _RenderJob, bodies: BodyRenderer, number: int, known: Body
) -> Rendered | NewsgenError:
    """One page's HTML; a template problem is returned (exceptions may not pickle).

    `known` is the page's article body from the cache, or the text to render it from here.
    """
    from markupsafe import Markup

    from newsgen.render.templates import render_page

    page = job.pages[number]
    context = page.context
    fresh = None
    if page.article:
        body, text = known
        if body is None:
            body = fresh = bodies.render_text(job.archive.articles[page.article], text)
        html = Markup(body)  # safe: the renderer escapes
        context = {**context, "article": {**context["article"], "body_html": html}}
    try:
        text = render_page(job.environment, page.template, context, job.config)
    except NewsgenError as exc:
        return NewsgenError(exc.diagnostics)
    return text.encode("utf-8"), fresh


def _new_body_renderer(config: SiteConfig) -> BodyRenderer:
    from newsgen.render.markup import BodyRenderer

    return BodyRenderer(raw_html=config.markdown_raw_html)


def _common_inputs(config: SiteConfig, assets: AssetMap) -> str:
    """What every page depends on: newsgen itself, the config, templates and asset URLs."""
    from newsgen.render.assets import theme_folder

    templates = [
        (folder.name, path.relative_to(folder).as_posix(), path.read_bytes())
        for folder in (config.templates_path, theme_folder("templates"))
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]
    asset_urls = sorted((name, asset.url) for name, asset in assets.assets.items())
    return digest(__version__, repr(config), repr(templates), repr(asset_urls))


def _fingerprint(common: str, page: Page, body: str) -> str:
    """All a page's inputs, hashed; `body` is its article's body key (empty for other pages)."""
    context = repr(page.context)  # plain data built in a fixed order: repr is stable, and cheap
    return digest(common, page.template, context, body)


def _progress(items: Iterable[T], length: int, shown: bool) -> Iterator[T]:
    if not shown:
        yield from items
        return
    import click

    with click.progressbar(items, length=length, label="rendering", file=sys.stderr) as bar:
        yield from bar


def _feeds_and_sitemaps(
    config: SiteConfig,
    archive: Archive,
    pages: Iterable[Page],
    bodies: BodyRenderer,
    fingerprints: Mapping[str, str],
    unchanged: Callable[[str, str], bool],
) -> Iterator[tuple[str, bytes]]:
    """Every feed and sitemap whose inputs changed, one file at a time (held only until staged).

    A file is made only when `unchanged(url, key)` says its key differs from the last build's
    (or its file is gone). A feed's key is that of its entries' article pages, whose
    fingerprints cover the config and everything of an article a feed shows; a sitemap's is
    that of the URLs and dates it lists.
    """
    from newsgen.render.feeds import FeedInfo, atom, json_feed, rss
    from newsgen.render.sitemaps import news_sitemap, robots, sitemap_names, sitemaps

    latest = archive.order[: config.feed_items]
    entries: dict[str, FeedEntry] = {}  # of the latest articles only: bodies take memory

    def entries_of(slugs: Sequence[str]) -> list[FeedEntry]:
        made = [entries.get(s) or _entry(config, archive, s, bodies) for s in slugs]
        entries.update((s, e) for s, e in zip(slugs, made, strict=True) if s in latest)
        return made

    settings = repr(config)

    def page_keys(slugs: Iterable[str]) -> Iterator[str]:
        yield settings
        yield from (fingerprints[urls.article(config, s, archive.articles[s].date)] for s in slugs)

    key = digest("feeds", *page_keys(latest))
    site = FeedInfo(
        config.title, config.base_url, urls.absolute(config, urls.ATOM_FEED), config.description
    )
    if not unchanged(urls.ATOM_FEED, key):
        yield urls.ATOM_FEED, atom(config, site, entries_of(latest))
    if not unchanged(urls.RSS_FEED, key):
        yield (
            urls.RSS_FEED,
            rss(config, _with_feed(site, config, urls.RSS_FEED), entries_of(latest)),
        )
    if not unchanged(urls.JSON_FEED, key):
        json_info = _with_feed(site, config, urls.JSON_FEED)
        yield urls.JSON_FEED, json_feed(config, json_info, entries_of(latest))
    for slug, topic in archive.topics.items():
        chosen = topic.articles[: config.feed_items]
        key = digest("topic feed", slug, topic.name, *page_keys(chosen))
        if unchanged(urls.topic_feed(slug), key):
            continue
        info = FeedInfo(
            f"{topic.name} - {config.title}",
            urls.absolute(config, urls.topic(slug)),
            urls.absolute(config, urls.topic_feed(slug)),
            f"Articles about {topic.name}",
        )
        yield urls.topic_feed(slug), atom(config, info, entries_of(chosen))
    listed = _sitemap_urls(config, archive, pages)
    key = digest("sitemap", settings, repr([(e.url, e.lastmod) for e in listed]))
    kept = {name for name in sitemap_names(len(listed)) if unchanged(name, key)}
    if len(kept) < len(sitemap_names(len(listed))):
        yield from ((u, data) for u, data in sitemaps(config, listed).items() if u not in kept)
    recent = _recent(archive)
    if not unchanged(urls.NEWS_SITEMAP, digest("news sitemap", *page_keys(recent))):
        yield urls.NEWS_SITEMAP, news_sitemap(config, _news_items(config, archive, recent))
    yield urls.ROBOTS, robots(config)


def _with_feed(info: FeedInfo, config: SiteConfig, url: str) -> FeedInfo:
    from newsgen.render.feeds import FeedInfo

    return FeedInfo(info.title, info.page_url, urls.absolute(config, url), info.description)


def _entry(config: SiteConfig, archive: Archive, slug: str, bodies: BodyRenderer) -> FeedEntry:
    from newsgen.render.feeds import FeedEntry

    article = archive.articles[slug]
    return FeedEntry(
        url=urls.absolute(config, urls.article(config, slug, article.date)),
        title=article.title,
        published=article.date,
        updated=article.updated or article.date,
        summary=article.summary,
        content_html=bodies.cached(article) or bodies.render_once(article),
        author=article.author,
        topics=tuple(archive.topics[t].name for t in archive.article_topics[slug]),
    )


def _sitemap_urls(config: SiteConfig, archive: Archive, pages: Iterable[Page]) -> list[SitemapUrl]:
    from newsgen.render.sitemaps import SitemapUrl

    found = []
    for page in pages:
        if page.url == urls.NOT_FOUND:
            continue
        article = archive.articles[page.article] if page.article else None
        lastmod = (article.updated or article.date) if article else None
        found.append(SitemapUrl(urls.absolute(config, page.url), lastmod))
    return found


def _recent(archive: Archive) -> tuple[str, ...]:
    """The articles the news sitemap may list: those of its window before the newest one."""
    from newsgen.render.sitemaps import NEWS_WINDOW

    if not archive.order:
        return ()
    oldest = archive.articles[archive.order[0]].date - NEWS_WINDOW
    for count, slug in enumerate(archive.order):
        if archive.articles[slug].date < oldest:
            return archive.order[:count]
    return archive.order


def _news_items(config: SiteConfig, archive: Archive, slugs: Iterable[str]) -> list[NewsItem]:
    from newsgen.render.sitemaps import NewsItem

    articles = ((s, archive.articles[s]) for s in slugs)
    return [
        NewsItem(urls.absolute(config, urls.article(config, s, a.date)), a.title, a.date)
        for s, a in articles
    ]
