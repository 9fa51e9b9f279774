"""The URL history: which article each URL of the site held, and which listing pages (days,
topics, authors...) were published, kept in .newsgen/ between builds.

It is what lets a build notice that an article moved (same id, new URL) and keep its old URL
answering, and keep a listing page that lists nothing now answering with a redirect. It is
rebuilt from nothing if deleted, which is why every article redirect it makes is reported with
the `aliases:` line that makes the redirect permanent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from newsgen.diagnostics import Diagnostic, warning
from newsgen.plan.archive import Archive, is_published
from newsgen.plan.redirects import History, Published
from newsgen.plan.urls import is_plain
from newsgen.plan.vacated import is_subject_feed, subject_feeds

HISTORY_FILE = "published.json"
FORMAT = 1
"""Raised only for a change an older newsgen would misread: one that adds a key (`listings`,
`feeds`) keeps it, as an older newsgen reads the file without it."""


def read_history(work: Path) -> tuple[History, list[Diagnostic]]:
    """The history kept by the last build; empty, with a warning, when it cannot be read."""
    path = work / HISTORY_FILE
    try:
        return _history(json.loads(path.read_text(encoding="utf-8"))), []
    except FileNotFoundError:
        return History(), []
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        shown = f"{work.name}/{HISTORY_FILE}"
        message = f"the URL history cannot be read ({exc}); it is started afresh"
        hint = "moved articles keep their old URLs only through their `aliases:`"
        return History(), [warning(shown, 0, message, hint)]


def _history(document: dict[str, Any]) -> History:
    """The history in a file's document; ValueError and the like when it is not one."""
    if document.get("format") != FORMAT:
        raise ValueError(f"format {document.get('format')!r}, expected {FORMAT}")
    articles = {
        str(url): Published(str(uid), bool(live)) for url, (uid, live) in document["urls"].items()
    }
    listings = {str(url): bool(live) for url, live in document.get("listings", {}).items()}
    feeds = {str(url): str(name) for url, name in document.get("feeds", {}).items()}
    unsafe = [url for url in (*articles, *listings, *feeds) if not is_plain(url)]
    if unsafe:
        raise ValueError(f"unsafe URL {unsafe[0]!r}")
    unknown = [url for url in feeds if not is_subject_feed(url)]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is no topic's or author's feed")
    return History(articles, listings, feeds)


def _updated_history(
    history: History, archive: Archive, public: Iterable[str], listings: Iterable[str]
) -> History:
    """The history after a build that published the articles `public` (ids) at their URLs,
    and the listing pages at `listings`."""
    now = {archive.urls[uid]: Published(uid, True) for uid in public}
    was = history.articles
    kept = {url: Published(was[url].article, False) for url in was.keys() - now.keys()}
    listed = dict.fromkeys(history.listings, False) | dict.fromkeys(listings, True)
    feeds = dict(sorted({**history.feeds, **subject_feeds(archive)}.items()))
    return History(dict(sorted((kept | now).items())), dict(sorted(listed.items())), feeds)


def _history_file(history: History) -> bytes:
    """The history as the next build reads it (`HISTORY_FILE`): the commit that publishes the
    site writes it, so that a commit undone takes its URLs back along."""
    urls = {url: [was.article, int(was.live)] for url, was in history.articles.items()}
    listings = {url: int(live) for url, live in history.listings.items()}
    document = {"format": FORMAT, "urls": urls, "listings": listings, "feeds": history.feeds}
    return (json.dumps(document, separators=(",", ":")) + "\n").encode()


def history_records(
    archive: Archive, history: History, listings: Iterable[str], now: datetime, replanned: bool
) -> dict[str, bytes]:
    """The URL history a build publishes with its files: after a build that read the whole
    archive, with the articles and `listings` (URLs) it published; a re-planned one publishes
    the same pages, and leaves it as it is."""
    if replanned:
        return {}
    public = (k for k, a in archive.articles.items() if is_published(a, now, False, False))
    updated = _updated_history(history, archive, public, listings)
    return {HISTORY_FILE: _history_file(updated)}
