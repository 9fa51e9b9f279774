"""The build cache: parsed articles, rendered bodies and page fingerprints, kept in SQLite.

It lives in `.newsgen/cache.sqlite` inside the site. Everything in it is derived from the
site's own files, keyed by content hashes, so a stale entry can never be used for changed
input (the file itself, and what becomes of a damaged one: `cache.database`). Values are
pickled: the file is as trusted as the site's templates, which also run code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import pickle
import sqlite3
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.cache.database import CacheDatabase
from newsgen.diagnostics import ContentError
from newsgen.model import ImageFile, Loaded

OPEN_HINT = "delete the .newsgen folder; it only holds what newsgen can rebuild"


def digest(*parts: bytes | str) -> str:
    """SHA-256 over the parts, each length-prefixed so that no two lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def open_cache(path: Path, shown: str, trusted: bool) -> BuildCache:
    """The cache at `path`; one that cannot be opened at all is an error naming `shown`."""
    try:
        return BuildCache(path, trusted)
    except (sqlite3.Error, OSError) as exc:
        raise ContentError(shown, 0, f"cannot open the build cache: {exc}", OPEN_HINT) from None


@dataclass(frozen=True)
class PageKeys:
    """What a build knows of the files it published, by URL (see `render.pages.Reuse`)."""

    fingerprints: dict[str, str] = field(default_factory=dict)
    """All of a file's inputs, hashed: while they are the same, the file is kept."""
    data: dict[str, str] = field(default_factory=dict)
    """An article page's inputs but its templates, hashed: what the feeds listing it show."""
    contents: dict[str, str] = field(default_factory=dict)
    """An article page's bytes, hashed: what a search index of it holds."""
    read: dict[str, str] = field(default_factory=dict)
    """The search key (`render.search_keys`) of an article page's bytes, as `contents` hashes
    them, when a build compared the page with its published file: the next template edit
    reads the published file's key here instead of parsing it."""

    def as_read(self, url: str) -> tuple[str, str]:
        """The hash of the article page's bytes at `url` and their search key ('' for what is
        not known): what `render.search_keys.reads_alike` compares a page with."""
        return self.contents.get(url, ""), self.read.get(url, "")

    def row(self, url: str) -> tuple[str, str, str, str, str]:
        """The keys of `url` as the cache keeps them ('' for what is not known)."""
        fingerprint, read = self.fingerprints.get(url, ""), self.read.get(url, "")
        return url, fingerprint, self.data.get(url, ""), self.contents.get(url, ""), read


class PageFingerprints(CacheDatabase):
    """The keys of every file the last build published (see `render.pages.Reuse`)."""

    def published(self, searched: bool = True) -> PageKeys:
        """What the last successful build published (nothing when the cache is not trusted).
        Unless `searched`, the keys only search reads (`contents`, `read`) are left out: a
        build without search reads none of them, and writes none it did not make."""
        if not self.trusted:
            return PageKeys()
        query = f"SELECT url, fingerprint, data{', content, read' if searched else ''} FROM pages"
        rows = self._guarded(lambda connection: connection.execute(query).fetchall())
        if not self.trusted:
            return PageKeys()
        keys = PageKeys({row[0]: row[1] for row in rows})
        keys.data.update((row[0], row[2]) for row in rows if row[2])
        if searched:
            keys.contents.update((row[0], row[3]) for row in rows if row[3])
            keys.read.update((row[0], row[4]) for row in rows if row[4])
        return keys

    def record_commit(self, token: str) -> None:
        """Note that the published site is that of the commit `token`, with the keys kept
        here (see `publish.journal.undo_unfinished_commits`)."""
        self._write("INSERT OR REPLACE INTO meta VALUES ('commit', ?)", (token,))

    def recorded_commit(self) -> str:
        """The token of the commit whose files the keys here describe ('' when not known): read
        even from a cache not trusted (`--clean`), whose keys stay until the build records its
        own, so that the commit they describe stays published meanwhile."""
        found = self._value("SELECT value FROM meta WHERE key = ?", "commit")
        return found if isinstance(found, str) else ""

    def update_published(
        self, keys: PageKeys, previous: PageKeys, carried: Container[str] = frozenset()
    ) -> None:
        """Keep these keys and no other, `previous` being those kept now (as `published` read
        them: a build that did not trust the cache rewrites them all); the keys of the URLs
        `carried` are known to be the previous ones."""
        whole = not self.trusted or not previous.fingerprints
        gone = [(url,) for url in previous.fingerprints if url not in keys.fingerprints]
        rows = [keys.row(url) for url in keys.fingerprints if whole or url not in carried]
        changed = [row for row in rows if whole or row != previous.row(row[0])]

        def update(connection: sqlite3.Connection) -> None:
            if whole:
                connection.execute("DELETE FROM pages")
            connection.executemany("DELETE FROM pages WHERE url = ?", gone)
            connection.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)", changed)

        self._guarded(update)


class BuildCache(PageFingerprints):
    """What earlier builds parsed and rendered, and what this one used of it (kept by `prune`)."""

    def __init__(self, path: Path, trusted: bool = True) -> None:
        self.used: dict[str, set[str]] = {
            "records": set(),
            "stats": set(),
            "bodies": set(),
            "sources": set(),
            "images": set(),
        }
        self.stored_sources: set[str] = set()
        """Keys of the article texts stored by this build: readable even when not `trusted`."""
        super().__init__(path, trusted)

    def _replace_damaged(self) -> None:
        super()._replace_damaged()
        self.stored_sources.clear()  # gone with the file: readers fall back to the sources

    def prune(self) -> None:
        """Forget parsed articles and bodies this build did not use, so the cache stays small."""
        for table, keys in self.used.items():
            self._guarded(functools.partial(_keep_only, table=table, keys=keys))

    def record(self, key: str) -> Loaded | None:
        """A parsed article stored under `key`, or None (also for an unreadable entry)."""
        self.used["records"].add(key)
        if not self.trusted:
            return None
        data = self._value("SELECT value FROM records WHERE key = ?", key)
        return None if data is None else _unpickled(data)

    def records_by_stat(self, stat_keys: Iterable[str]) -> dict[str, Loaded]:
        """The parsed articles of files last seen with the same path, size and mtime.

        One query for all of them: a 10,000-article build asks for every file at once.
        """
        if not self.trusted:
            return {}
        rows = self._guarded(functools.partial(_records_by_stat, keys=set(stat_keys)))
        found = {}
        for stat_key, record_key, data in rows:
            value = _unpickled(data)
            if value is not None:
                found[stat_key] = value
                self.used["stats"].add(stat_key)
                self.used["records"].add(record_key)
        return found

    def store_stat(self, stat_key: str, key: str) -> None:
        """Remember that the file seen as `stat_key` parses to the record `key`."""
        self.used["stats"].add(stat_key)
        self._write("INSERT OR REPLACE INTO stats VALUES (?, ?)", (stat_key, key))

    def holds_records(self) -> bool:
        """Whether a record may be found here: False for a cache not trusted, or empty (a
        first build need not read every file before parsing it, to look its record up)."""
        query = "SELECT EXISTS (SELECT 1 FROM records)"
        return self.trusted and bool(self._guarded(lambda c: c.execute(query).fetchone()[0]))

    def store_record(self, key: str, loaded: Loaded) -> None:
        """Remember a parsed article."""
        self.used["records"].add(key)
        data = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
        self._write("INSERT OR REPLACE INTO records VALUES (?, ?)", (key, data))

    def body(self, key: str) -> str | None:
        """Rendered body HTML stored under `key`."""
        self.used["bodies"].add(key)
        return self._text("SELECT html FROM bodies WHERE key = ?", key, self.trusted)

    def retain_body(self, key: str) -> None:
        """Keep the body under `key` when the cache is pruned, though it was not read."""
        self.used["bodies"].add(key)

    def store_body(self, key: str, html: str) -> None:
        """Remember a rendered body."""
        self._write("INSERT OR REPLACE INTO bodies VALUES (?, ?)", (key, html))

    def forget_body(self, body: str, source: str) -> None:
        """Drop a body replaced by an edit: its HTML (under `body`) and its text (`source`)."""
        self._write("DELETE FROM bodies WHERE key = ?", (body,))
        self._write("DELETE FROM sources WHERE key = ?", (source,))

    def source(self, key: str) -> str | None:
        """The article body text (Markdown or plain) stored under `key`."""
        self.used["sources"].add(key)
        readable = self.trusted or key in self.stored_sources
        return self._text("SELECT text FROM sources WHERE key = ?", key, readable)

    def retain_source(self, key: str) -> None:
        """Keep the text under `key` when the cache is pruned, though it was not read."""
        self.used["sources"].add(key)

    def store_source(self, key: str, text: str) -> None:
        """Keep an article's body text, so the build need not hold it in memory."""
        self.used["sources"].add(key)
        self.stored_sources.add(key)
        self._write("INSERT OR IGNORE INTO sources VALUES (?, ?)", (key, text))

    def image(self, key: str) -> ImageFile | None:
        """An image file as inspected before, stored under `key` (its path, size and mtime)."""
        self.used["images"].add(key)
        return _image_of(self._text("SELECT value FROM images WHERE key = ?", key, self.trusted))

    def store_image(self, key: str, image: ImageFile) -> None:
        """Remember what inspecting an image file found."""
        value = json.dumps(dataclasses.asdict(image), sort_keys=True)
        self._write("INSERT OR REPLACE INTO images VALUES (?, ?)", (key, value))

    def _text(self, query: str, key: str, readable: bool) -> str | None:
        value = self._value(query, key) if readable else None
        return None if value is None else str(value)


def source_key(body_format: str, text: str) -> str:
    """Where the cache keeps an article body: a hash of its format and text."""
    return digest("source", body_format, text)


def _image_of(value: str | None) -> ImageFile | None:
    try:
        return None if value is None else ImageFile(**json.loads(value))
    except (ValueError, TypeError):
        return None  # an unreadable entry: the image is inspected afresh


def _unpickled(data: object) -> Loaded | None:
    """The parsed article pickled as `data`; None for anything else (parse the file again)."""
    with contextlib.suppress(Exception):  # any unpickling failure means the same
        value = pickle.loads(data) if isinstance(data, bytes) else None
        if isinstance(value, Loaded):
            return value
    return None


def _records_by_stat(
    connection: sqlite3.Connection, *, keys: set[str]
) -> list[tuple[str, str, bytes]]:
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
    connection.execute("DELETE FROM wanted")
    connection.executemany("INSERT INTO wanted VALUES (?)", ((k,) for k in keys))
    query = (
        "SELECT s.key, s.record, r.value FROM wanted w"
        " JOIN stats s ON s.key = w.key JOIN records r ON r.key = s.record"
    )
    return connection.execute(query).fetchall()


def _keep_only(connection: sqlite3.Connection, *, table: str, keys: set[str]) -> None:
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS live (key TEXT PRIMARY KEY)")
    connection.execute("DELETE FROM live")
    connection.executemany("INSERT INTO live VALUES (?)", ((k,) for k in keys))
    connection.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM live)")
