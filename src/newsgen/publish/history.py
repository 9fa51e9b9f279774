"""The URL history: which article each URL of the site held, kept in .newsgen/ between builds.

It is what lets a build notice that an article moved (same id, new URL) and keep its old URL
answering. It is rebuilt from nothing if deleted, which is why every redirect it makes is
reported with the `aliases:` line that makes the redirect permanent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from newsgen.diagnostics import Diagnostic, warning
from newsgen.plan.archive import Archive, is_published
from newsgen.plan.redirects import Published

HISTORY_FILE = "published.json"
FORMAT = 1


def read_history(work: Path) -> tuple[dict[str, Published], list[Diagnostic]]:
    """The history kept by the last build; empty, with a warning, when it cannot be read."""
    path = work / HISTORY_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            raise ValueError(f"format {document.get('format')!r}, expected {FORMAT}")
        return {
            str(url): Published(str(uid), bool(live))
            for url, (uid, live) in document["urls"].items()
        }, []
    except FileNotFoundError:
        return {}, []
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        shown = f"{work.name}/{HISTORY_FILE}"
        message = f"the URL history cannot be read ({exc}); it is started afresh"
        hint = "moved articles keep their old URLs only through their `aliases:`"
        return {}, [warning(shown, 0, message, hint)]


def _updated_history(
    history: Mapping[str, Published], archive: Archive, public: Iterable[str]
) -> dict[str, Published]:
    """The history after a build that published the articles `public` (ids) at their URLs."""
    now = {archive.urls[uid]: Published(uid, True) for uid in public}
    kept = {url: Published(was.article, False) for url, was in history.items() if url not in now}
    return dict(sorted((kept | now).items()))


def _history_file(history: Mapping[str, Published]) -> bytes:
    """The history as the next build reads it (`HISTORY_FILE`): the commit that publishes the
    site writes it, so that a commit undone takes its URLs back along."""
    urls = {url: [was.article, int(was.live)] for url, was in history.items()}
    return (json.dumps({"format": FORMAT, "urls": urls}, separators=(",", ":")) + "\n").encode()


def history_records(
    archive: Archive, history: Mapping[str, Published], now: datetime, replanned: bool
) -> dict[str, bytes]:
    """The URL history a build publishes with its files: after a build that read the whole
    archive, with the articles it published; a re-planned one publishes the same articles at
    the same URLs, and leaves it as it is."""
    if replanned:
        return {}
    public = (k for k, a in archive.articles.items() if is_published(a, now, False, False))
    return {HISTORY_FILE: _history_file(_updated_history(history, archive, public))}
