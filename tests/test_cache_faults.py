"""A build cache damaged or outdated on disk, and its leftover journals."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from newsgen.cache import BuildCache


def old_version(database: Path) -> None:
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute("INSERT INTO meta VALUES ('version', '1:0.0.1')")
        connection.commit()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda path: path.write_bytes(b"not a database at all" * 300), id="damaged"),
        pytest.param(lambda path: old_version(path), id="outdated"),
    ],
)
def test_a_discarded_cache_takes_its_journals_along(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    """SQLite itself drops a -journal or -wal found next to an empty file; newsgen drops all."""
    database = tmp_path / ".newsgen" / "cache.sqlite"
    database.parent.mkdir()
    spoil(database)
    for suffix in ("-journal", "-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        companion.write_bytes(b"a stale journal of the old file" * 100)
    BuildCache(database).close()
    assert sorted(p.name for p in database.parent.iterdir()) == ["cache.sqlite"]
