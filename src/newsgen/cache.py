"""The build cache: parsed articles, rendered bodies and page fingerprints, kept in SQLite.

It lives in `.newsgen/cache.sqlite` inside the site. Everything in it is derived from the
site's own files, keyed by content hashes, so a stale entry can never be used for changed
input. A cache that cannot be read, or was written by another newsgen version, is deleted
and rebuilt, never trusted. Values are pickled: the file is as trusted as the site's
templates, which also run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from newsgen import __version__
from newsgen.model import Loaded

SCHEMA = 1
TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, fingerprint TEXT NOT NULL)",
)


def digest(*parts: bytes | str) -> str:
    """SHA-256 over the parts, each length-prefixed so that no two lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


class BuildCache:
    """One open cache; changes become visible to later builds only through `commit`."""

    def __init__(self, path: Path, trusted: bool = True) -> None:
        self.path = path
        self.trusted = trusted
        """False: nothing is read from the cache (a full build), but it is filled afresh."""
        self.used: dict[str, set[str]] = {"records": set(), "bodies": set()}
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = self._open_valid()

    def _open_valid(self) -> sqlite3.Connection:
        try:
            return self._open()
        except (sqlite3.DatabaseError, ValueError):
            self.path.unlink(missing_ok=True)
            return self._open()

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level="DEFERRED")
        try:
            for statement in TABLES:
                connection.execute(statement)
            stamp = f"{SCHEMA}:{__version__}"
            row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None or row[0] != stamp:
                for table in ("records", "bodies", "pages"):
                    connection.execute(f"DELETE FROM {table}")
                connection.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (stamp,))
                connection.commit()
        except BaseException:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        """Close without keeping uncommitted changes."""
        self.connection.rollback()
        self.connection.close()

    def commit(self) -> None:
        """Keep what was stored since the cache was opened."""
        self.connection.commit()

    def prune(self) -> None:
        """Forget parsed articles and bodies this build did not use, so the cache stays small."""
        for table, keys in self.used.items():
            self.connection.execute("CREATE TEMP TABLE IF NOT EXISTS live (key TEXT PRIMARY KEY)")
            self.connection.execute("DELETE FROM live")
            self.connection.executemany("INSERT INTO live VALUES (?)", ((k,) for k in keys))
            self.connection.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM live)")

    def record(self, key: str) -> Loaded | None:
        """A parsed article stored under `key`, or None (also for an unreadable entry)."""
        self.used["records"].add(key)
        if not self.trusted:
            return None
        row = self.connection.execute("SELECT value FROM records WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        with contextlib.suppress(Exception):  # any unpickling failure means: parse again
            value = pickle.loads(row[0])
            if isinstance(value, Loaded):
                return value
        return None

    def store_record(self, key: str, loaded: Loaded) -> None:
        """Remember a parsed article."""
        data = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
        self.connection.execute("INSERT OR REPLACE INTO records VALUES (?, ?)", (key, data))

    def body(self, key: str) -> str | None:
        """Rendered body HTML stored under `key`."""
        self.used["bodies"].add(key)
        if not self.trusted:
            return None
        row = self.connection.execute("SELECT html FROM bodies WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def store_body(self, key: str, html: str) -> None:
        """Remember a rendered body."""
        self.connection.execute("INSERT OR REPLACE INTO bodies VALUES (?, ?)", (key, html))

    def fingerprints(self) -> dict[str, str]:
        """URL -> fingerprint of every page the last successful build rendered."""
        if not self.trusted:
            return {}
        return dict(self.connection.execute("SELECT url, fingerprint FROM pages").fetchall())

    def replace_fingerprints(self, pages: Mapping[str, str]) -> None:
        """Forget all page fingerprints but these."""
        self.connection.execute("DELETE FROM pages")
        self.connection.executemany("INSERT INTO pages VALUES (?, ?)", pages.items())
