"""The SQLite file under the build cache: opened valid, and replaced when found damaged.

A file that cannot be read, or was written by another newsgen version, is deleted and
created afresh, never trusted; so is one found damaged in the middle of a build, by every
caller (build, serve, watch) alike.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar

from newsgen import __version__
from newsgen.diagnostics import Diagnostic, warning

T = TypeVar("T")
SCHEMA = 9
"""The cache's format and the parser its records came from: raised when either changes (the
tables, or what reading an article makes of it), so that a site's cache is read afresh once
(8: invisible and noncharacter text, web URLs encoded, seeds' mixed encodings; 9: authors
written as news agencies or bylines warned of, and dates read anew: zone names such as IST,
-0000 and JST, ordinal days, offsets with seconds, times the clocks skip or repeat)."""
TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS stats (key TEXT PRIMARY KEY, record TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sources (key TEXT PRIMARY KEY, text TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY,"
    " fingerprint TEXT NOT NULL, data TEXT NOT NULL, content TEXT NOT NULL, read TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS images (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
DAMAGE_MESSAGE = "the build cache was damaged; it was deleted and the site rebuilt in full"
"""Said by the build that found it; not repeated by the no-op builds after it (`write_stamp`)."""


class CacheDatabase:
    """One open cache file; changes become visible to later builds only through `commit`.

    A file found damaged part-way through a build (SQLite reports it corrupt) is deleted with
    its journals and replaced by an empty one, once per build: what was not read yet is
    computed afresh, and `warnings` says so.
    """

    def __init__(self, path: Path, trusted: bool = True) -> None:
        self.path = path
        self.trusted = trusted
        """False: nothing is read from the cache (a full build), but it is filled afresh."""
        self.warnings: list[Diagnostic] = []
        """Set when the cache was found damaged and replaced during this build."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = self._open_valid()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _open_valid(self) -> sqlite3.Connection:
        try:
            return self._open()
        except (sqlite3.DatabaseError, ValueError, _OutdatedError):
            discard(self.path)
            return self._open()

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level="DEFERRED")
        try:
            for statement in TABLES:
                connection.execute(statement)
            stamp = f"{SCHEMA}:{__version__}"
            row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is not None and row[0] != stamp:
                raise _OutdatedError
            if row is None:
                for table in ("records", "stats", "bodies", "sources", "pages"):
                    connection.execute(f"DELETE FROM {table}")
                connection.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (stamp,))
                connection.commit()
        except BaseException:
            connection.close()
            raise
        return connection

    def _guarded(self, action: Callable[[sqlite3.Connection], T]) -> T:
        """Run `action`; if the file proves damaged, replace it and run `action` on the new one."""
        try:
            return action(self.connection)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc) or self.warnings:
                raise
        self._replace_damaged()
        return action(self.connection)

    def _replace_damaged(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.connection.close()
        discard(self.path)
        self.connection = self._open()
        self.trusted = False
        shown = f"{self.path.parent.name}/{self.path.name}"
        self.warnings.append(warning(shown, 0, DAMAGE_MESSAGE))

    def _value(self, query: str, key: str) -> object:
        """The one column `query` selects for `key`; None when there is no such row."""
        row = self._guarded(lambda connection: connection.execute(query, (key,)).fetchone())
        return None if row is None else row[0]

    def _write(self, statement: str, values: tuple[str | bytes, ...]) -> None:
        self._guarded(lambda connection: connection.execute(statement, values))

    def close(self) -> None:
        """Close without keeping uncommitted changes."""
        try:
            self.connection.rollback()
        except sqlite3.Error:  # a damaged file: closing drops the changes all the same
            pass
        finally:
            self.connection.close()

    def commit(self) -> None:
        """Keep what was stored since the cache was opened."""
        self._guarded(lambda connection: connection.commit())


class _OutdatedError(Exception):
    """The cache was written by another newsgen version or schema."""


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """True when SQLite says the database file itself is corrupt or not a database."""
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def discard(path: Path) -> None:
    """Delete a cache file and, first, its journals.

    A journal or write-ahead log left beside a new database of the same name could be taken
    for its own and replayed into it.
    """
    for suffix in ("-journal", "-wal", "-shm", ""):
        path.with_name(f"{path.name}{suffix}").unlink(missing_ok=True)
