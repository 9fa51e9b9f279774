"""`newsgen build`: config -> load -> archive -> plan pages -> render -> write, in one screen."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import click
from markupsafe import Markup

from newsgen import urls
from newsgen.archive import Archive, build_archive
from newsgen.assets import collect_assets
from newsgen.config import SiteConfig
from newsgen.diagnostics import Diagnostic, Level, NewsgenError, has_errors
from newsgen.feeds import FeedEntry, FeedInfo, atom, json_feed, rss
from newsgen.loader import load_site
from newsgen.markup import BodyRenderer
from newsgen.pages import Page, plan_pages
from newsgen.render import make_environment, render_page
from newsgen.sitemaps import NewsItem, SitemapUrl, news_sitemap, robots, sitemaps
from newsgen.writer import Staging

T = TypeVar("T")


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
    files_written: int
    files_removed: int
    seconds: float
    output: str
    diagnostics: tuple[Diagnostic, ...]
    """Warnings about the content (errors would have stopped the build)."""

    def describe(self) -> str:
        """One line for the terminal."""
        return (
            f"built {self.pages} pages ({self.files_written} files written, "
            f"{self.files_removed} removed) in {self.seconds:.2f} s -> {self.output}/"
        )


def build_site(config: SiteConfig, options: BuildOptions) -> BuildSummary:
    """Build the site; on any error raise every problem and leave the output as it was."""
    started = time.perf_counter()
    content = load_site(config)
    if has_errors(content.diagnostics):
        raise NewsgenError(d for d in content.diagnostics if d.level is not Level.NOTE)
    now = options.now or datetime.max.replace(tzinfo=config.zone)
    archive = build_archive(content.articles, config, options.drafts, options.future, now)
    pages = plan_pages(archive, config)
    bodies = BodyRenderer()
    with Staging(config.output_path, config.root / ".newsgen", options.clean) as staging:
        _render_pages(config, archive, pages, bodies, staging, options.progress)
        for url, data in _feeds_and_sitemaps(config, archive, pages, bodies).items():
            staging.add(url, data, "newsgen")
        written, removed = staging.commit()
    warnings = [d for d in (*content.diagnostics, *archive.diagnostics) if d.level is Level.WARNING]
    seconds = time.perf_counter() - started
    return BuildSummary(len(pages), written, removed, seconds, config.output_dir, tuple(warnings))


def _render_pages(
    config: SiteConfig,
    archive: Archive,
    pages: list[Page],
    bodies: BodyRenderer,
    staging: Staging,
    progress: bool,
) -> None:
    assets = collect_assets(config)
    environment = make_environment(config, assets)
    for page in _progress(pages, progress):
        context: dict[str, Any] = page.context
        if page.article is not None:
            body = Markup(
                bodies.render(archive.articles[page.article])
            )  # safe: the renderer escapes
            context = {**context, "article": {**context["article"], "body_html": body}}
        html = render_page(environment, page.template, context, config)
        staging.add(
            page.url,
            html.encode("utf-8"),
            archive.articles[page.article].source_path if page.article else page.template,
        )
    for url, source in assets.outputs():
        staging.add(url, source.read_bytes(), "static")


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
