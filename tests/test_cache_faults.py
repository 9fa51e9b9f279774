"""A build cache damaged on disk while a serve or watch session runs, and its leftover journals.

The session is real: `Rebuilder` with `serve_command.real_build`, as `newsgen serve` and
`newsgen build --watch` use them, rebuilding twice in one process around a corrupted file.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsgen.builder import BuildOptions, build_site
from newsgen.cache import stamp
from newsgen.cache.store import BuildCache
from newsgen.config.site import SiteConfig, load_config
from newsgen.diagnostics import Diagnostic
from newsgen.serve.session import real_build
from newsgen.serve.watch import Batch, BuildResult, Rebuilder
from sitegen import generated_site, tree

WARNING = (
    ".newsgen/cache.sqlite: warning: the build cache was damaged; "
    "it was deleted and the site rebuilt in full"
)


@dataclass(frozen=True)
class Outcome:
    """One rebuild, as the session's listener heard of it."""

    ok: bool
    messages: tuple[str, ...]


class Recorder:
    """A BuildListener keeping every outcome."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []

    def build_succeeded(self, config: SiteConfig, result: BuildResult, changes: Batch) -> None:
        self.outcomes.append(Outcome(True, tuple(d.format() for d in result.diagnostics)))

    def build_failed(self, diagnostics: tuple[Diagnostic, ...], changes: Batch) -> None:
        self.outcomes.append(Outcome(False, tuple(d.format() for d in diagnostics)))


def damage_tables(database: Path, tables: tuple[str, ...]) -> None:
    """Overwrite the root pages of these tables (and their indexes) with garbage, in place."""
    marks = ", ".join("?" for _ in tables)
    with closing(sqlite3.connect(database)) as connection:
        (size,) = connection.execute("PRAGMA page_size").fetchone()
        query = f"SELECT rootpage FROM sqlite_master WHERE tbl_name IN ({marks})"
        roots = [root for (root,) in connection.execute(query, tables) if root > 1]
    assert roots
    with database.open("r+b") as file:
        for root in roots:
            file.seek((root - 1) * size)
            file.write(bytes(range(7, 256, 3)) * (size // 83 + 1))
    with closing(sqlite3.connect(database)) as connection, pytest.raises(sqlite3.DatabaseError):
        for table in tables:
            connection.execute(f"SELECT * FROM {table}").fetchall()


def edit(root: Path) -> None:
    path = root / "content" / "00003.md"
    path.write_text(path.read_text("utf-8") + "\nA later paragraph.\n", "utf-8")


def built_afresh(root: Path, copy: Path) -> dict[str, bytes]:
    """What a build of the site without any cache publishes."""
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".newsgen", "build"))
    build_site(load_config(copy), BuildOptions())
    return tree(copy / "build")


@pytest.fixture
def session(tmp_path: Path) -> tuple[Rebuilder, Recorder, Path]:
    """A serve-like session that has built the site once."""
    root = tmp_path / "site"
    generated_site(root, 30)
    recorder = Recorder()
    rebuilder = Rebuilder(load_config(root), real_build(BuildOptions()), recorder)
    assert rebuilder.rebuild()
    assert recorder.outcomes == [Outcome(True, ())]
    return rebuilder, recorder, root


@pytest.mark.parametrize(
    "tables",
    [
        pytest.param(("records", "stats"), id="parsed-articles"),
        pytest.param(("records", "stats", "bodies", "pages"), id="all-tables"),
        pytest.param(("pages",), id="page-fingerprints"),
        pytest.param(("bodies",), id="bodies"),
        pytest.param(("sources",), id="article-texts"),
        pytest.param(("records", "stats", "bodies", "sources", "pages"), id="every-table"),
    ],
)
def test_a_cache_damaged_during_a_session_is_replaced_by_the_next_rebuild(
    session: tuple[Rebuilder, Recorder, Path], tmp_path: Path, tables: tuple[str, ...]
) -> None:
    rebuilder, recorder, root = session
    database = root / ".newsgen" / "cache.sqlite"
    damage_tables(database, tables)
    edit(root)
    assert rebuilder.rebuild(), recorder.outcomes
    assert recorder.outcomes[1].ok
    assert recorder.outcomes[1].messages == (WARNING,)  # found while loading or after
    assert tree(root / "build") == built_afresh(root, tmp_path / "copy")
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    edit(root)
    assert rebuilder.rebuild(), recorder.outcomes
    assert recorder.outcomes[2] == Outcome(True, ())
    assert tree(root / "build") == built_afresh(root, tmp_path / "copy-2")


def test_a_damaged_cache_is_replaced_only_once_per_build(tmp_path: Path) -> None:
    root = tmp_path / "site"
    generated_site(root, 5)
    cache = BuildCache(root / ".newsgen" / "cache.sqlite")
    cache.store_body("a", "<p>a</p>")
    cache.commit()
    cache.close()
    damage_tables(cache.path, ("bodies",))
    cache = BuildCache(cache.path)
    assert cache.body("a") is None
    assert [d.format() for d in cache.warnings] == [WARNING]
    cache.store_body("b", "<p>b</p>")
    assert cache.body("b") is None  # the replacement is not trusted within the build
    cache.commit()
    cache.close()
    assert BuildCache(cache.path).body("b") == "<p>b</p>"


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


def test_the_damage_warning_is_not_repeated_by_the_no_op_builds_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every input counts as settled (the shared work tree's own sources may be fresh), so each
    # build leaves the stamp that lets the next one find nothing changed.
    monkeypatch.setattr(stamp, "RACY_NS", -3600 * 10**9)
    root = tmp_path / "site"
    config = generated_site(root, 8)
    build_site(config, BuildOptions())
    damage_tables(root / ".newsgen" / "cache.sqlite", ("records", "stats"))
    edit(root)
    repaired = build_site(config, BuildOptions())
    assert [d.format() for d in repaired.diagnostics] == [WARNING]
    again = build_site(config, BuildOptions())
    assert again.up_to_date
    assert again.diagnostics == ()
