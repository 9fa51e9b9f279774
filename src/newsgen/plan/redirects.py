"""Redirects: every old address of a published article, from its `aliases:` and from the URLs
earlier builds published it at, and every archive page that lists nothing any more, so that no
link to a story or a listing dies when the story moves."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from newsgen.config.permalinks import article_url
from newsgen.config.site import CONFIG_NAME, SiteConfig
from newsgen.config.site_paths import is_page_address as is_page_address
from newsgen.config.site_paths import unportable_page
from newsgen.content.names import name_line
from newsgen.diagnostics import Diagnostic, error, some_of, warning
from newsgen.model import Article
from newsgen.plan import urls
from newsgen.plan.archive import Archive
from newsgen.plan.context import PageMeta
from newsgen.plan.pages import Page
from newsgen.plan.spellings import Clash, Spellings
from newsgen.plan.vacated import emptied_feeds, listed_urls, vacated
from newsgen.plan.views import site_view

FOLDED = 5
"""More moved (or removed) articles than this are told of in one warning, naming this many."""
UNPORTABLE_HINT = (
    "a host that reads no `_redirects` (object storage) answers 404 there; spell the address "
    "so that Windows can hold it, if you can"
)
INDEX_FILE = "index.html"
"""The file a folder's address is served from: /2024/index.html is the page of /2024/."""


class Published(NamedTuple):
    """What an earlier build published at one URL (a named tuple: a build reads one for each
    article's URL, 10,000 in 4 ms less than frozen dataclasses)."""

    article: str
    """The id of the article that was there."""
    live: bool
    """True when the last build published the article there (not yet found gone)."""


@dataclass(frozen=True)
class History:
    """What earlier builds published, kept between builds (`publish.history`)."""

    articles: Mapping[str, Published] = field(default_factory=dict)
    """The article each article URL held."""
    listings: Mapping[str, bool] = field(default_factory=dict)
    """Each URL of another page (a day, a topic...), True when the last build published it."""
    feeds: Mapping[str, str] = field(default_factory=dict)
    """Each topic's and author's feed published, with the name of its topic or author."""


@dataclass(frozen=True)
class Redirect:
    """An old address that sends readers on to a page still published."""

    old: str
    target: str
    """The URL it leads to."""
    article: str | None = None
    """The id of the article it leads to, if it is an article's old address."""
    moved: Literal["article", "listing", "page"] = "article"
    """Why: an article moved, a listing lists nothing now, or `redirects:` says so."""


@dataclass(frozen=True)
class RedirectPlan:
    """The redirects of a build, the HTML pages that make them, and what to tell the editor."""

    redirects: tuple[Redirect, ...]
    """Sorted by old address."""
    pages: tuple[Page, ...]
    diagnostics: tuple[Diagnostic, ...]
    listings: frozenset[str]
    """The URLs of the build's listing pages (`plan.vacated.listed_urls`), for the history."""
    feeds: Mapping[str, str]
    """The feeds of topics and authors that list nothing now, with their names: each is still
    made, empty (`plan.vacated.emptied_feeds`)."""


def plan_redirects(
    archive: Archive, config: SiteConfig, history: History, pages: Sequence[Page]
) -> RedirectPlan:
    """Redirects for every alias, for every URL an article left since an earlier build, and
    for every listing page an earlier build published that this one does not.

    A URL of one of this build's `pages` is no redirect: an alias there is an error, a URL left
    behind there is simply a page again (reported when another article took it from one still
    published). A URL whose article is no longer published is reported once, by the build that
    removes its page; a listing page that lists nothing now redirects to the nearest listing
    above it (`plan.vacated`).
    """
    taken = {page.url for page in pages}
    claimed: dict[str, str] = {}
    found: list[Diagnostic] = list(_taken_over(archive, history.articles))
    spellings = Spellings(page.url for page in pages)  # in order: the first owner is named
    for uid in archive.order:
        if uid in archive.aliased:
            found += _claim_aliases(archive, uid, taken, claimed, spellings, config.root)
    found += _left(archive, config, history.articles, taken, claimed)
    redirects = [Redirect(old, archive.urls[uid], uid) for old, uid in claimed.items()]
    configured, problems = _configured(archive, config, taken, claimed, spellings)
    listings = listed_urls(pages)
    passed = taken | claimed.keys() | {redirect.old for redirect in configured}
    emptied, told = vacated(config, history.listings, listings, passed)
    redirects += configured
    redirects += (Redirect(old, target, None, "listing") for old, target in emptied.items())
    found += problems + told
    ordered = tuple(sorted(redirects, key=lambda redirect: redirect.old))
    targets = {redirect.target for redirect in redirects if redirect.article is None}
    titled = {page.url: page for page in pages if page.url in targets}
    made = tuple(_pages(archive, config, ordered, titled))
    feeds = emptied_feeds(history.feeds, archive)
    return RedirectPlan(ordered, made, tuple(found), listings, feeds)


def _configured(
    archive: Archive,
    config: SiteConfig,
    taken: Collection[str],
    claimed: Mapping[str, str],
    spellings: Spellings,
) -> tuple[list[Redirect], list[Diagnostic]]:
    """The redirects `redirects:` sets, each from a path no page or article has to a page of
    the build; an error for each other."""
    made, problems = [], []
    for old, target in config.redirects:
        problem, hint = "", "remove it from `redirects:`, or name a page the build publishes"
        clash = spellings.clash(old) if is_page_address(old) else None
        if old in taken:
            problem = f"{old} is the address of a page of the site"
        elif old in claimed:
            problem = f"{old} is an old address of {archive.articles[claimed[old]].source_path}"
        elif target not in taken:
            problem = f"{old} would lead to {target}, which is no page of the site"
        elif clash:
            problem = f"the redirect of {old} {_spelt(clash, archive, None, claimed)}"
            hint = _respell_hint(clash, taken, claimed, "redirects:")
        if problem:
            problems.append(error(CONFIG_NAME, config.redirects_line, problem, hint))
            continue
        made.append(Redirect(old, target, None, "page"))
        spellings.add([old] if is_page_address(old) else [])
        if why := unportable_page(old):
            message = (
                f"the redirect of {old} gets no redirect page, only a `_redirects` line: {why}"
            )
            problems.append(warning(CONFIG_NAME, config.redirects_line, message, UNPORTABLE_HINT))
    return made, problems


def unwritten_moves(
    history: History, config: SiteConfig, articles: Sequence[Article]
) -> dict[str, tuple[str, ...]]:
    """For each article's file, the URLs earlier builds published it at that are neither its
    URL now nor in its `aliases:`: what `check --fix` writes there. A URL another article has
    now is left out: it is that article's page."""
    by_id = {article.uid: article for article in articles}
    now = {article_url(config, article.slug, article.date) for article in articles}
    found: dict[str, list[str]] = {}
    for url, was in sorted(history.articles.items()):
        article = by_id.get(was.article)
        if article is not None and url not in now and url not in article.aliases:
            found.setdefault(article.source_path, []).append(url)
    return {path: tuple(urls) for path, urls in found.items()}


def _left(
    archive: Archive,
    config: SiteConfig,
    history: Mapping[str, Published],
    taken: Collection[str],
    claimed: dict[str, str],
) -> list[Diagnostic]:
    """Claims for the article URLs left since an earlier build, with what to tell: of each, or
    of all at once when many moved or went (a changed `article_path` moves every article)."""
    moved, gone = [], []
    for old, was in sorted((old, was) for old, was in history.items() if old not in taken):
        if old in claimed:
            continue
        if was.article in archive.articles:
            claimed[old] = was.article
            moved.append((old, was.article))
        elif was.live:
            gone.append(old)
    if len(moved) > FOLDED:
        told = [_all_moved(archive, config, moved)]
    else:
        told = [_moved(archive, old, uid) for old, uid in moved]
    if len(gone) > FOLDED:
        return [*told, _all_gone(config, gone)]
    return [*told, *(_gone(config, old) for old in gone)]


def _claim_aliases(
    archive: Archive,
    uid: str,
    taken: Collection[str],
    claimed: dict[str, str],
    spellings: Spellings,
    root: Path,
) -> Iterator[Diagnostic]:
    article = archive.articles[uid]
    path = article.source_path
    for alias in article.aliases:
        clash = spellings.clash(alias) if is_page_address(alias) else None
        other = claimed.setdefault(alias, uid)
        if alias == archive.urls[uid]:
            del claimed[alias]
            message = f"the alias {alias} is the article's own URL"
            yield warning(path, alias_line(root, path, alias), message)
        elif alias in taken or alias.removesuffix(INDEX_FILE) in taken:
            del claimed[alias]
            message = f"the alias {alias} is the address of another page of the site"
            yield error(path, alias_line(root, path, alias), message, "remove it from `aliases:`")
        elif other != uid:
            message = f"the alias {alias} is also an alias of {archive.articles[other].source_path}"
            line = alias_line(root, path, alias)
            yield error(path, line, message, "keep it in one of the two files")
        elif clash:
            del claimed[alias]
            message = f"the alias {alias} {_spelt(clash, archive, uid, claimed)}"
            hint = _respell_hint(clash, taken, claimed, "aliases:")
            yield error(path, alias_line(root, path, alias), message, hint)
        elif why := unportable_page(alias):
            message = f"the alias {alias} gets no redirect page, only a `_redirects` line: {why}"
            yield warning(path, alias_line(root, path, alias), message, UNPORTABLE_HINT)
        elif is_page_address(alias):
            spellings.add([alias])


def _spelt(clash: Clash, archive: Archive, uid: str | None, claimed: Mapping[str, str]) -> str:
    """What a redirect's path spelt as another path of the site is spelt otherwise does."""
    if uid is not None and clash.owner == archive.urls[uid]:
        whose = "this article's address"
    elif clash.owner in claimed:
        whose = f"an alias of {archive.articles[claimed[clash.owner]].source_path}"
    else:
        whose = "a page of the site"
    return (
        f"and {clash.owner} ({whose}) spell one name two ways, `{clash.mine}` and "
        f"`{clash.theirs}`, that differ {clash.how}, so a site built or checked out there "
        "cannot keep both"
    )


def _respell_hint(
    clash: Clash, taken: Collection[str], claimed: Mapping[str, str], key: str
) -> str:
    if clash.respelled in taken or clash.respelled in claimed:
        return f"remove it from `{key}`"
    return f"remove it from `{key}`, or write it as {clash.respelled}"


def alias_line(root: Path, path: str, alias: str) -> int:
    """The line of the article file `path` (under `root`) that gives `alias`, else that of its
    `aliases:`, for a problem with it (the file is read again: only when there is one)."""
    return name_line(root / path, alias, 1, ("aliases",))


def _taken_over(archive: Archive, history: Mapping[str, Published]) -> Iterator[Diagnostic]:
    """A warning for each URL that held an article still published elsewhere, and now shows
    another: the links to the first story lead to the second, and its redirect is gone."""
    holder = {url: uid for uid, url in archive.urls.items()}
    for old, was in sorted(history.items()):
        uid = holder.get(old, was.article)
        if uid != was.article and was.article in archive.articles:
            moved = archive.articles[was.article]
            yield warning(
                archive.articles[uid].source_path,
                1,
                f"{old}, where an earlier build published {moved.source_path}, now shows this "
                "article: old links to that story lead here",
                f"give this article another `slug:` if they should still reach "
                f"{moved.source_path}, now at {archive.urls[was.article]}",
            )


def _moved(archive: Archive, old: str, uid: str) -> Diagnostic:
    article = archive.articles[uid]
    return warning(
        article.source_path,
        1,
        f"{old}, where an earlier build published this article, now redirects to "
        f"{archive.urls[uid]}",
        f"add `aliases: [{old}]` to its front matter, so that the redirect survives a "
        "deleted .newsgen/ folder",
    )


def _all_moved(archive: Archive, config: SiteConfig, moved: list[tuple[str, str]]) -> Diagnostic:
    named = [f"{archive.articles[uid].source_path} (was {old})" for old, uid in moved]
    return warning(
        f"{config.content_dir}/",
        0,
        f"{len(moved)} articles are published at new URLs, and their old URLs redirect to "
        f"them: {some_of(named, FOLDED)}",
        "run `newsgen check --fix` to write each old URL into its article's `aliases:`, so that "
        "the redirects survive a deleted .newsgen/ folder",
    )


def _all_gone(config: SiteConfig, gone: list[str]) -> Diagnostic:
    return warning(
        f"{config.output_dir}/",
        0,
        f"{len(gone)} articles published before are no longer published (deleted, renamed with "
        "a new id, made drafts or dated in the future): their pages are removed: "
        + some_of(gone, FOLDED),
        "restore them, or give the articles that replace them `aliases:` with their addresses",
    )


def _gone(config: SiteConfig, old: str) -> Diagnostic:
    return warning(
        f"{config.output_dir}{old}",
        0,
        "an article published here before is no longer published (deleted, renamed with a "
        "new id, made a draft or dated in the future): its page is removed",
        "restore it, or give the article that replaces it `aliases:` with this address",
    )


def _pages(
    archive: Archive,
    config: SiteConfig,
    redirects: tuple[Redirect, ...],
    targets: Mapping[str, Page],
) -> Iterator[Page]:
    """An HTML page at each old address that a static host serves as HTML: folders, .html.
    `targets` are the pages that redirects other than articles' lead to, by URL (for their
    titles)."""
    site = site_view(config)
    for redirect in redirects:
        if not is_page_address(redirect.old):
            continue  # served as another type by a static host: `_redirects` only
        if redirect.article is None:
            title = functools.partial(_page_title, targets[redirect.target])
        else:
            title = functools.partial(_article_title, archive, redirect.article)
        make = functools.partial(_context, config, site, redirect, title)
        yield Page(redirect.old, "redirect.html", make, sitemap=False)


def _article_title(archive: Archive, uid: str) -> str:
    return archive.articles[uid].title


def _page_title(page: Page) -> str:
    title: str = page.context["page"]["title"]
    return title


def _context(
    config: SiteConfig, site: Any, redirect: Redirect, title: Callable[[], str]
) -> dict[str, Any]:
    target = redirect.target
    meta: PageMeta = {
        "kind": "redirect",
        "url": urls.href(config, redirect.old),
        "canonical": urls.absolute(config, target),
        "title": title(),
        "description": "",
        "og_type": "website",
        "feed_url": site["feed_url"],
        "image": "",
        "noindex": True,
    }
    return {
        "site": site,
        "page": meta,
        "target": urls.href(config, target),
        "moved": redirect.moved,
    }
