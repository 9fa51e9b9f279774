"""Rendering pages: each page whose inputs changed since the last build, on every core when
there are many; the others are kept as they are published."""

from __future__ import annotations

import functools
import itertools
import os
import sys
from array import array
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Protocol, TypeVar

from newsgen import __version__
from newsgen.cache.store import PageKeys, digest
from newsgen.config.site import SiteConfig
from newsgen.plan.archive import Archive
from newsgen.plan.pages import Page
from newsgen.render.assets import AssetMap, collect_assets
from newsgen.render.chains import TemplateChains
from newsgen.render.markup import BodyRenderer
from newsgen.render.rendering import Body, Made, RenderJob, data_key, render_all
from newsgen.render.search_keys import Compared
from newsgen.render.templates import compiled_folder, make_environment

T = TypeVar("T")
Source = Callable[[Page], str]
"""What made a page: its article's file, else its template (for clash reports)."""
GIVE_UP = 64
"""Pages found read otherwise by Pagefind, none alike, after which a build compares no more
(two lxml reads a page): a template edit in the story, whose index is made again anyway."""
TEMPLATE_NAMES = "names.json"
"""What each template names, by its source's hash (`TemplateChains`)."""
SEARCH_CORES = 1
"""Cores the render workers leave to the Pagefind processes that index a first build's pages
as they are staged, Pagefind keeping to them until every page is rendered: each side on cores
of its own, no process contends with another, and the memory of a render worker is spared (its
copy of what it reads of the archive: at 10,000 articles, 90 MB of a first build's 390)."""


class Output(Protocol):
    """Where rendered files go: the publishing stage's staging folder."""

    def add(self, url: str, data: bytes, source: str) -> None:
        """Publish `data` at `url`; `source` names what made it."""

    def keep(self, url: str, source: str) -> bool:
        """Publish the file at `url` as it is; False when there is none to keep."""

    def keep_published(self, published: Sequence[str], sources: Sequence[str]) -> list[bool]:
        """`keep` for many URLs an earlier build published: whether each was kept."""

    def current_path(self, url: str) -> Path:
        """The file published for `url` (before this build stages one)."""


class Watcher(Protocol):
    """Told as pages are staged: the search indexes are made of them meanwhile."""

    def rendering(self, page_urls: Iterable[str], cores: int) -> None:
        """The URLs of the pages to render (the others are published as they are), and how
        many cores the render leaves to search while it runs (0: it leaves none)."""

    def rendered(self, url: str) -> None:
        """The page at `url` is staged."""

    def all_rendered(self) -> None:
        """Every page is rendered: search may use every core."""


class Reuse:
    """The fingerprint (hash of all inputs) of every output file, and which files are kept:
    those whose fingerprint is the last build's and whose published file is still there."""

    def __init__(
        self,
        previous: PageKeys,
        output: Output,
        reads: set[str] | None = None,
        settled: frozenset[str] = frozenset(),
        templates: frozenset[str] = frozenset(),
    ) -> None:
        self.earlier = previous
        self.previous = previous.fingerprints
        self.output = output
        self.keys = PageKeys()
        """What this build publishes: kept from `earlier`, or made afresh."""
        self.fingerprints = self.keys.fingerprints
        self.reads = reads
        """The ids of the articles read as a page's context is made (`Views.reads`), if
        they are to be recorded in `depends`."""
        self.depends: dict[str, array[int]] = {}
        """Article id -> numbers of the pages made from it (2 million at 100,000 articles)."""
        self.settled = settled
        """URLs of pages whose inputs are known not to have changed since the last build
        (see `plan.replan`): their keys are carried over, not computed..."""
        self.templates = templates
        """... unless their template is made of one of these, edited since (by name)."""
        self.carried: set[str] = set()
        """URLs of the settled pages kept, their keys the last build's."""
        self.read_alike: set[str] = set()
        """URLs of article pages made afresh that Pagefind reads as it read their published
        files: their search index need not be made again (see `publish.pagefind`)."""
        self.read_otherwise = 0
        """How many pages compared so were found read otherwise."""

    def carry(self, pages: Sequence[Page], edited: Container[str], source: Source) -> list[int]:
        """Keep the published file of every `settled` page not made of an `edited` template,
        its keys carried over, in one pass; returns the numbers of the other pages."""
        previous, settled = self.previous, self.settled
        if not settled:
            return list(range(len(pages)))
        carried = [
            number
            for number, page in enumerate(pages)
            if page.url in settled and page.url in previous and page.template not in edited
        ]
        urls = [pages[number].url for number in carried]
        sources = [source(pages[number]) for number in carried]
        kept = self.output.keep_published(urls, sources)
        kept_urls = list(itertools.compress(urls, kept))
        self.fingerprints.update(zip(kept_urls, map(previous.__getitem__, kept_urls), strict=True))
        for mine, earlier in self._carried_keys():
            known = list(filter(earlier.__contains__, kept_urls))
            mine.update(zip(known, map(earlier.__getitem__, known), strict=True))
        self.carried.update(kept_urls)
        done = set(itertools.compress(carried, kept))
        return [number for number in range(len(pages)) if number not in done]

    def fingerprint(self, number: int, url: str, make: Callable[[], str]) -> str:
        """The data key of page `number` at `url` by `make`, noting the articles it read (if
        asked to); a settled page's is the last build's (only its templates were edited)."""
        if url in self.settled and url in self.earlier.data:
            return self.earlier.data[url]
        if self.reads is None:
            return make()
        self.reads.clear()
        key = make()
        for uid in self.reads:
            self.depends.setdefault(uid, array("I")).append(number)
        return key

    def unchanged(self, url: str, key: str, source: str, data: str = "") -> bool:
        """Record `key` (and an article page's `data` key) for `url`; True when the published
        file is kept as it is."""
        self.fingerprints[url] = key
        if data:
            self.keys.data[url] = data
        if self.previous.get(url) == key and self.output.keep(url, source):
            self._kept(url)
            return True
        return False

    def worth_comparing(self, url: str) -> bool:
        """Whether an article page made again is to be compared with its published file for
        search (`reads_alike`): when it is made from the data the last build made it from (so
        of other templates, or other files they name), unless `GIVE_UP` pages so compared
        were all found read otherwise (the edit is in the story: its index is made again)."""
        earlier = self.earlier.data.get(url)
        same_data = earlier is not None and earlier == self.keys.data.get(url)
        return same_data and (bool(self.read_alike) or self.read_otherwise < GIVE_UP)

    def published(self, url: str, contents: str, compared: Compared | None) -> None:
        """Note the `contents` key of an article page made afresh, and whether Pagefind reads
        it alike its published file, with its search key (None: not compared; see
        `reads_alike`)."""
        self.keys.contents[url] = contents
        if compared is None:
            return
        alike, key = compared
        if key:
            self.keys.read[url] = key
        if alike:
            self.read_alike.add(url)
        else:
            self.read_otherwise += 1

    def _kept(self, url: str) -> None:
        for mine, earlier in self._carried_keys():
            if url in earlier:
                mine.setdefault(url, earlier[url])

    def _carried_keys(self) -> tuple[tuple[dict[str, str], dict[str, str]], ...]:
        """(this build's, the last build's) keys a kept page keeps."""
        mine, earlier = self.keys, self.earlier
        return (
            (mine.data, earlier.data),
            (mine.contents, earlier.contents),
            (mine.read, earlier.read),
        )


def render_pages(
    config: SiteConfig,
    archive: Archive,
    pages: list[Page],
    bodies: BodyRenderer,
    reuse: Reuse,
    progress: bool,
    watcher: Watcher | None = None,
) -> int:
    """Render every page whose inputs changed since the last build; keep the others.

    Records every page's fingerprint in `reuse`, tells the `watcher` of each page staged;
    returns how many pages were rendered.
    """
    assets = collect_assets(config)
    common = _common_inputs(config, assets)
    chains = TemplateChains(config, compiled_folder(config) / TEMPLATE_NAMES)
    todo: list[int] = []
    edited = reuse.templates and {
        template
        for template in {page.template for page in pages}
        if not reuse.templates.isdisjoint(chains.names(template))
    }
    source = _sources(archive)
    later: dict[int, str] = {}
    for number in reuse.carry(pages, edited, source):
        page = pages[number]
        article = archive.articles[page.article] if page.article else None
        body = bodies.retain(article) if article is not None else ""
        if not reuse.previous:  # none to keep: its renderer makes its context once, for both
            later[number] = body
            todo.append(number)
            continue
        data = reuse.fingerprint(number, page.url, functools.partial(_data, common, page, body))
        key = digest(data, chains.key(page.template), page.template)
        if not reuse.unchanged(page.url, key, source(page), data if page.article else ""):
            todo.append(number)

    known = functools.partial(_known, pages, archive, bodies, reuse, config.search, later)
    environment = make_environment(config, assets)
    job = RenderJob(config, environment, archive, pages, common, reuse.reads)
    spare = SEARCH_CORES if watcher is not None and not reuse.previous else 0
    if watcher is not None:
        watcher.rendering((pages[number].url for number in todo), spare)
    rendered = render_all(job, todo, known, spare)
    with closing(rendered):  # its workers end with it, on a failure too
        results = _progress(zip(todo, rendered, strict=True), len(todo), progress)
        for number, (html, fresh, contents, compared, made) in results:
            page = pages[number]
            if made is not None:
                key = chains.key(page.template)
                _fingerprinted(reuse, archive, number, page, made, key, source)
            if fresh is not None and page.article:
                bodies.remember(archive.articles[page.article], fresh)
            if contents:
                reuse.published(page.url, contents, compared)
            reuse.output.add(page.url, html, source(page))
            if watcher is not None:
                watcher.rendered(page.url)
    if watcher is not None:
        watcher.all_rendered()
    for url, copied in assets.contents(config.root):
        reuse.output.add(url, copied, "static")
    chains.keep()
    return len(todo)


def _known(
    pages: list[Page],
    archive: Archive,
    bodies: BodyRenderer,
    reuse: Reuse,
    search: bool,
    later: Mapping[int, str],
    number: int,
) -> Body:
    """What rendering page `number` takes besides its context (see `Body`); `later` holds the
    body keys of the pages their renderer fingerprints, by number."""
    page = pages[number]
    if not page.article:
        return None, "", None, later.get(number)
    article = archive.articles[page.article]
    live = None
    if search and reuse.worth_comparing(page.url):
        path = os.fspath(reuse.output.current_path(page.url))
        live = path, reuse.earlier.as_read(page.url)
    html = bodies.cached(article)
    body = (html, "") if html is not None else (None, bodies.source(article))
    return *body, live, later.get(number)


def _fingerprinted(
    reuse: Reuse, archive: Archive, number: int, page: Page, made: Made, chain: str, source: Source
) -> None:
    """Record the fingerprint of page `number` from what its renderer `made` (see `Made`) and
    the key of its templates' `chain`, with the articles it read. (No published file is kept:
    no earlier build's fingerprints are known.)"""
    data, read = made
    for position in read:
        reuse.depends.setdefault(archive.order[position], array("I")).append(number)
    key = digest(data, chain, page.template)
    reuse.unchanged(page.url, key, source(page), data if page.article else "")


def _sources(archive: Archive) -> Callable[[Page], str]:
    """What produced each page, for clash reports: its article's file, else its template (the
    articles' paths looked up once, not noted as read)."""
    paths = archive.sources

    def source(page: Page) -> str:
        return paths[page.article] if page.article else page.template

    return source


def _common_inputs(config: SiteConfig, assets: AssetMap) -> str:
    """What every page depends on: newsgen itself, the config and the asset URLs."""
    asset_urls = sorted((name, asset.url) for name, asset in assets.assets.items())
    return digest(__version__, repr(config), repr(asset_urls))


def _data(common: str, page: Page, body: str) -> str:
    """The page's data key (see `data_key`), its context made here."""
    return data_key(common, page.context, body)


def _progress(items: Iterable[T], length: int, shown: bool) -> Iterator[T]:
    if not shown:
        yield from items
        return
    import click

    with click.progressbar(items, length=length, label="rendering", file=sys.stderr) as bar:
        yield from bar
