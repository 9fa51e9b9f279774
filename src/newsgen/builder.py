"""`newsgen build`: config -> load -> archive -> plan pages -> render -> write, in one screen."""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import click
from markupsafe import Markup

from newsgen import __version__, urls
from newsgen.archive import Archive, build_archive
from newsgen.assets import AssetMap, collect_assets, theme_folder
from newsgen.cache import BuildCache, digest
from newsgen.config import SiteConfig
from newsgen.diagnostics import ContentError, Diagnostic, Level, NewsgenError, has_errors
from newsgen.feeds import FeedEntry, FeedInfo, atom, json_feed, rss
from newsgen.loader import load_site
from newsgen.markup import BodyRenderer, body_key
from newsgen.model import Article
from newsgen.pages import Page, plan_pages
from newsgen.render import make_environment, render_page
from newsgen.search import update_search
from newsgen.sitemaps import NewsItem, SitemapUrl, news_sitemap, robots, sitemaps
from newsgen.writer import Staging

T = TypeVar("T")
CACHE_FILE = ".newsgen/cache.sqlite"


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

    def describe(self) -> str:
        """One line for the terminal."""
        return (
            f"built {self.pages} pages ({self.pages_rendered} rendered, "
            f"{self.files_written} files written, {self.files_removed} removed) "
            f"in {self.seconds:.2f} s -> {self.output}/"
        )


def build_site(config: SiteConfig, options: BuildOptions) -> BuildSummary:
    """Build the site; on any error raise every problem and leave the output as it was."""
    started = time.perf_counter()
    cache = _open_cache(config, trusted=not options.clean)
    try:
        content = load_site(config, cache)
        cache.commit()
        if has_errors(content.diagnostics):
            raise NewsgenError(d for d in content.diagnostics if d.level is not Level.NOTE)
        now = options.now or datetime.max.replace(tzinfo=config.zone)
        archive = build_archive(content.articles, config, options.drafts, options.future, now)
        pages = plan_pages(archive, config)
        bodies = BodyRenderer(cache)
        with Staging(config.output_path, config.root / ".newsgen", options.clean) as staging:
            previous = cache.fingerprints()
            fingerprints, rendered = _render_pages(
                config, archive, pages, bodies, staging, previous, options
            )
            if config.search:
                update_search(config, archive, fingerprints, previous, staging)
            for url, data in _feeds_and_sitemaps(config, archive, pages, bodies).items():
                staging.add(url, data, "newsgen")
            written, removed = staging.commit()
        cache.replace_fingerprints(fingerprints)
        cache.prune()
        cache.commit()
    finally:
        cache.close()
    warnings = [d for d in (*content.diagnostics, *archive.diagnostics) if d.level is Level.WARNING]
    return BuildSummary(
        pages=len(pages),
        pages_rendered=rendered,
        files_written=written,
        files_removed=removed,
        seconds=time.perf_counter() - started,
        output=config.output_dir,
        diagnostics=tuple(warnings),
    )


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
    assets = collect_assets(config)
    environment = make_environment(config, assets)
    common = _common_inputs(config, assets)
    fingerprints: dict[str, str] = {}
    rendered = 0
    for page in _progress(pages, options.progress):
        source = archive.articles[page.article].source_path if page.article else page.template
        article = archive.articles[page.article] if page.article else None
        fingerprint = _fingerprint(common, page, article)
        fingerprints[page.url] = fingerprint
        if previous.get(page.url) == fingerprint and staging.keep(page.url, source):
            continue
        context = page.context
        if article is not None:
            body = Markup(bodies.render(article))  # safe: the renderer escapes
            context = {**context, "article": {**context["article"], "body_html": body}}
        html = render_page(environment, page.template, context, config)
        staging.add(page.url, html.encode("utf-8"), source)
        rendered += 1
    for url, path in assets.outputs():
        staging.add(url, path.read_bytes(), "static")
    return fingerprints, rendered


def _common_inputs(config: SiteConfig, assets: AssetMap) -> str:
    """What every page depends on: newsgen itself, the config, templates and asset URLs."""
    templates = [
        (folder.name, path.relative_to(folder).as_posix(), path.read_bytes())
        for folder in (config.templates_path, theme_folder("templates"))
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]
    asset_urls = sorted((name, asset.url) for name, asset in assets.assets.items())
    return digest(__version__, repr(config), repr(templates), repr(asset_urls))


def _fingerprint(common: str, page: Page, article: Article | None) -> str:
    context = json.dumps(page.context, sort_keys=True, default=str, ensure_ascii=False)
    body = body_key(article) if article is not None else ""
    return digest(common, page.template, context, body)


def _progress(items: list[T], shown: bool) -> Iterator[T]:
    if not shown:
        yield from items
        return
    with click.progressbar(items, label="rendering", file=sys.stderr) as bar:
        yield from bar


def _feeds_and_sitemaps(
    config: SiteConfig, archive: Archive, pages: Iterable[Page], bodies: BodyRenderer
) -> dict[str, bytes]:
    latest = archive.order[: config.feed_items]
    entries = {slug: _entry(config, archive, slug, bodies) for slug in latest}
    site = FeedInfo(
        config.title, config.base_url, urls.absolute(config, urls.ATOM_FEED), config.description
    )
    files = {
        urls.ATOM_FEED: atom(config, site, list(entries.values())),
        urls.RSS_FEED: rss(config, _with_feed(site, config, urls.RSS_FEED), list(entries.values())),
        urls.JSON_FEED: json_feed(
            config, _with_feed(site, config, urls.JSON_FEED), list(entries.values())
        ),
    }
    for slug, topic in archive.topics.items():
        chosen = topic.articles[: config.feed_items]
        topic_entries = [entries.get(s) or _entry(config, archive, s, bodies) for s in chosen]
        info = FeedInfo(
            f"{topic.name} - {config.title}",
            urls.absolute(config, urls.topic(slug)),
            urls.absolute(config, urls.topic_feed(slug)),
            f"Articles about {topic.name}",
        )
        files[urls.topic_feed(slug)] = atom(config, info, topic_entries)
    files.update(sitemaps(config, _sitemap_urls(config, archive, pages)))
    files[urls.NEWS_SITEMAP] = news_sitemap(config, _news_items(config, archive))
    files[urls.ROBOTS] = robots(config)
    return files


def _with_feed(info: FeedInfo, config: SiteConfig, url: str) -> FeedInfo:
    return FeedInfo(info.title, info.page_url, urls.absolute(config, url), info.description)


def _entry(config: SiteConfig, archive: Archive, slug: str, bodies: BodyRenderer) -> FeedEntry:
    article = archive.articles[slug]
    return FeedEntry(
        url=urls.absolute(config, urls.article(config, slug, article.date)),
        title=article.title,
        published=article.date,
        updated=article.updated or article.date,
        summary=article.summary,
        content_html=bodies.render(article),
        author=article.author,
        topics=tuple(archive.topics[t].name for t in archive.article_topics[slug]),
    )


def _sitemap_urls(config: SiteConfig, archive: Archive, pages: Iterable[Page]) -> list[SitemapUrl]:
    found = []
    for page in pages:
        if page.url == urls.NOT_FOUND:
            continue
        article = archive.articles[page.article] if page.article else None
        lastmod = (article.updated or article.date) if article else None
        found.append(SitemapUrl(urls.absolute(config, page.url), lastmod))
    return found


def _news_items(config: SiteConfig, archive: Archive) -> list[NewsItem]:
    return [
        NewsItem(urls.absolute(config, urls.article(config, s, a.date)), a.title, a.date)
        for s, a in archive.articles.items()
    ]
