"""The build cache: parsed articles, rendered bodies and page fingerprints, kept in SQLite.

It lives in `.newsgen/cache.sqlite` inside the site. Everything in it is derived from the
site's own files, keyed by content hashes, so a stale entry can never be used for changed
input. A cache that cannot be read, or was written by another newsgen version, is deleted
and rebuilt, never trusted; so is one found damaged in the middle of a build, by every caller
(build, serve, watch) alike. Values are pickled: the file is as trusted as the site's
templates, which also run code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import pickle
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from newsgen import __version__
from newsgen.config.site import SiteConfig
from newsgen.diagnostics import Diagnostic, warning
from newsgen.model import Loaded

T = TypeVar("T")
SCHEMA = 3
TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS stats (key TEXT PRIMARY KEY, record TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sources (key TEXT PRIMARY KEY, text TEXT NOT NULL)",
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
    """One open cache; changes become visible to later builds only through `commit`.

    A cache found damaged part-way through a build (SQLite reports its file corrupt) is
    deleted with its journals and replaced by an empty one, once per build: what was not read
    yet is computed afresh, and `warnings` says so.
    """

    def __init__(self, path: Path, trusted: bool = True) -> None:
        self.path = path
        self.trusted = trusted
        """False: nothing is read from the cache (a full build), but it is filled afresh."""
        self.used: dict[str, set[str]] = {
            "records": set(),
            "stats": set(),
            "bodies": set(),
            "sources": set(),
        }
        self.stored_sources: set[str] = set()
        """Keys of the article texts stored by this build: readable even when not `trusted`."""
        self.warnings: list[Diagnostic] = []
        """Set when the cache was found damaged and replaced during this build."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = self._open_valid()

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
        self.stored_sources.clear()  # gone with the file: readers fall back to the sources
        shown = f"{self.path.parent.name}/{self.path.name}"
        self.warnings.append(warning(shown, 0, DAMAGE_MESSAGE))

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

    def prune(self) -> None:
        """Forget parsed articles and bodies this build did not use, so the cache stays small."""
        for table, keys in self.used.items():
            self._guarded(functools.partial(_keep_only, table=table, keys=keys))

    def record(self, key: str) -> Loaded | None:
        """A parsed article stored under `key`, or None (also for an unreadable entry)."""
        self.used["records"].add(key)
        if not self.trusted:
            return None
        query = "SELECT value FROM records WHERE key = ?"
        row = self._guarded(lambda connection: connection.execute(query, (key,)).fetchone())
        if row is None:
            return None
        with contextlib.suppress(Exception):  # any unpickling failure means: parse again
            value = pickle.loads(row[0])
            if isinstance(value, Loaded):
                return value
        return None

    def records_by_stat(self, stat_keys: Iterable[str]) -> dict[str, Loaded]:
        """The parsed articles of files last seen with the same path, size and mtime.

        One query for all of them: a 10,000-article build asks for every file at once.
        """
        if not self.trusted:
            return {}
        rows = self._guarded(functools.partial(_records_by_stat, keys=set(stat_keys)))
        found = {}
        for stat_key, record_key, data in rows:
            with contextlib.suppress(Exception):  # any unpickling failure means: read the file
                value = pickle.loads(data)
                if isinstance(value, Loaded):
                    found[stat_key] = value
                    self.used["stats"].add(stat_key)
                    self.used["records"].add(record_key)
        return found

    def store_stat(self, stat_key: str, key: str) -> None:
        """Remember that the file seen as `stat_key` parses to the record `key`."""
        self.used["stats"].add(stat_key)
        self._write("INSERT OR REPLACE INTO stats VALUES (?, ?)", (stat_key, key))

    def store_record(self, key: str, loaded: Loaded) -> None:
        """Remember a parsed article."""
        data = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
        self._write("INSERT OR REPLACE INTO records VALUES (?, ?)", (key, data))

    def body(self, key: str) -> str | None:
        """Rendered body HTML stored under `key`."""
        self.used["bodies"].add(key)
        if not self.trusted:
            return None
        query = "SELECT html FROM bodies WHERE key = ?"
        row = self._guarded(lambda connection: connection.execute(query, (key,)).fetchone())
        return None if row is None else str(row[0])

    def retain_body(self, key: str) -> None:
        """Keep the body under `key` when the cache is pruned, though it was not read."""
        self.used["bodies"].add(key)

    def store_body(self, key: str, html: str) -> None:
        """Remember a rendered body."""
        self._write("INSERT OR REPLACE INTO bodies VALUES (?, ?)", (key, html))

    def source(self, key: str) -> str | None:
        """The article body text (Markdown or plain) stored under `key`."""
        self.used["sources"].add(key)
        if not self.trusted and key not in self.stored_sources:
            return None
        query = "SELECT text FROM sources WHERE key = ?"
        row = self._guarded(lambda connection: connection.execute(query, (key,)).fetchone())
        return None if row is None else str(row[0])

    def retain_source(self, key: str) -> None:
        """Keep the text under `key` when the cache is pruned, though it was not read."""
        self.used["sources"].add(key)

    def store_source(self, key: str, text: str) -> None:
        """Keep an article's body text, so the build need not hold it in memory."""
        self.used["sources"].add(key)
        self.stored_sources.add(key)
        self._write("INSERT OR IGNORE INTO sources VALUES (?, ?)", (key, text))

    def fingerprints(self) -> dict[str, str]:
        """URL -> fingerprint of every page the last successful build rendered."""
        if not self.trusted:
            return {}
        query = "SELECT url, fingerprint FROM pages"
        rows = self._guarded(lambda connection: connection.execute(query).fetchall())
        return {} if not self.trusted else dict(rows)

    def replace_fingerprints(self, pages: Mapping[str, str]) -> None:
        """Forget all page fingerprints but these."""

        def replace(connection: sqlite3.Connection) -> None:
            connection.execute("DELETE FROM pages")
            connection.executemany("INSERT INTO pages VALUES (?, ?)", pages.items())

        self._guarded(replace)

    def _write(self, statement: str, values: tuple[str | bytes, ...]) -> None:
        self._guarded(lambda connection: connection.execute(statement, values))


class _OutdatedError(Exception):
    """The cache was written by another newsgen version or schema."""


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """True when SQLite says the database file itself is corrupt or not a database."""
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def source_key(body_format: str, text: str) -> str:
    """Where the cache keeps an article body: a hash of its format and text."""
    return digest("source", body_format, text)


def discard(path: Path) -> None:
    """Delete a cache file and, first, its journals.

    A journal or write-ahead log left beside a new database of the same name could be taken
    for its own and replayed into it.
    """
    for suffix in ("-journal", "-wal", "-shm", ""):
        path.with_name(f"{path.name}{suffix}").unlink(missing_ok=True)


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


DAMAGE_MESSAGE = "the build cache was damaged; it was deleted and the site rebuilt in full"
"""Said by the build that found it; not repeated by the no-op builds after it (`write_stamp`)."""
RACY_NS = 2_000_000_000
"""An input changed this recently may change again within the same mtime tick, unseen."""


@dataclass(frozen=True)
class InputStamp:
    """Every input file's (path, size, mtime_ns) and the build's settings, hashed."""

    key: str
    settled: bool
    """False when some input changed too recently for its mtime to vouch for its bytes."""


@dataclass(frozen=True)
class BuildStamp:
    """What a completed build leaves for the next one to tell that nothing changed."""

    inputs: str
    """The `InputStamp.key` taken before the build read anything."""
    manifest: tuple[int, int]
    """(size, mtime_ns) of the output manifest the build wrote."""
    valid_until: datetime | None
    """When the first article left out as future becomes due; None if there is none."""
    pages: int
    warnings: tuple[Diagnostic, ...]
    config: SiteConfig
    """The config that build read: a no-op build need not read it again."""


def stamp_inputs(roots: Iterable[Path], settings: Iterable[str]) -> InputStamp:
    """Stat every file under `roots` (files or folders, missing ones too); read none of them."""
    found: list[tuple[str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for root in roots:
        _stat_tree(os.fspath(root), found, seen)
    newest = max((mtime for _, _, mtime in found), default=0)
    key = digest(*settings, repr(found))
    return InputStamp(key, settled=newest < time.time_ns() - RACY_NS)


def _stat_tree(path: str, found: list[tuple[str, int, int]], seen: set[tuple[int, int]]) -> None:
    try:
        status = os.stat(path)  # noqa: PTH116 - thousands of calls; Path objects cost more
    except OSError:
        found.append((path, -1, -1))
        return
    if not stat.S_ISDIR(status.st_mode):
        found.append((path, status.st_size, status.st_mtime_ns))
        return
    if (status.st_dev, status.st_ino) in seen:  # a folder reached again through a link
        return
    seen.add((status.st_dev, status.st_ino))
    with os.scandir(path) as scan:
        entries = sorted((e for e in scan if e.name != "__pycache__"), key=lambda e: e.name)
    for entry in entries:
        try:
            if entry.is_dir():
                _stat_tree(entry.path, found, seen)
                continue
            status = entry.stat()
        except OSError:  # a link to nothing
            found.append((entry.path, -1, -1))
            continue
        found.append((entry.path, status.st_size, status.st_mtime_ns))


def read_stamp(path: Path) -> BuildStamp | None:
    """The stamp of the last completed build, or None (also for an unreadable one)."""
    with contextlib.suppress(Exception):  # any failure means: build normally
        value = pickle.loads(path.read_bytes())
        if isinstance(value, BuildStamp) and isinstance(value.config, SiteConfig):
            return value  # (a stamp of another newsgen version may lack fields)
    return None


def write_stamp(path: Path, stamp: BuildStamp) -> None:
    """Keep the stamp, atomically; without the warning of a cache found damaged (that is over)."""
    warnings = tuple(w for w in stamp.warnings if w.message != DAMAGE_MESSAGE)
    stamp = dataclasses.replace(stamp, warnings=warnings)
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    temporary.write_bytes(pickle.dumps(stamp, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)


def file_status(path: Path) -> tuple[int, int]:
    """(size, mtime_ns) of a file; (-1, -1) when it cannot be read."""
    try:
        status = path.stat()
    except OSError:
        return -1, -1
    return status.st_size, status.st_mtime_ns


def outputs_present(output: Path, manifest: Path, expected: tuple[int, int]) -> bool:
    """True when the output manifest is the one recorded and every file it lists exists."""
    if file_status(manifest) != expected:
        return False
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    prefix = f"{os.fspath(output)}/"
    try:
        modes = [os.stat(prefix + name).st_mode for name in files]  # noqa: PTH116 - see above
    except (OSError, TypeError):
        return False
    return all(map(stat.S_ISREG, modes))
