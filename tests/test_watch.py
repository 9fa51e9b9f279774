"""The watcher over real files: every way editors and tools save gives exactly one rebuild."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest

from newsgen.config.site import SiteConfig, load_config
from newsgen.diagnostics import Diagnostic, NewsgenError, error
from newsgen.serve.changes import Change, ChangeKind
from newsgen.serve.watch import (
    Batch,
    BuildResult,
    Debounce,
    Debouncer,
    Rebuilder,
    watch_and_rebuild,
)

TIMEOUT = 20.0


@dataclass(frozen=True)
class Outcome:
    """One build, as the listener heard of it."""

    ok: bool
    changes: Batch
    description: str = ""
    diagnostics: tuple[Diagnostic, ...] = ()
    title: str = ""


class Recorder:
    """A BuildListener that queues every outcome for the test to wait on."""

    def __init__(self) -> None:
        self.outcomes: queue.Queue[Outcome] = queue.Queue()

    def build_succeeded(self, config: SiteConfig, result: BuildResult, changes: Batch) -> None:
        self.outcomes.put(Outcome(True, changes, result.description, title=config.title))

    def build_failed(self, diagnostics: tuple[Diagnostic, ...], changes: Batch) -> None:
        self.outcomes.put(Outcome(False, changes, diagnostics=diagnostics))


class FakeBuild:
    """Counts calls; 'builds' by listing article headlines; fails on an article saying BROKEN."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, config: SiteConfig) -> BuildResult:
        self.calls += 1
        headlines = []
        for path in sorted(config.content_path.rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if "BROKEN" in text:
                relative = path.relative_to(config.root).as_posix()
                raise NewsgenError([error(relative, 1, "broken article")])
            headlines.append(text.splitlines()[0] if text else "")
        return BuildResult((), " | ".join(headlines))


class Session:
    """A running watcher with a fake build; waits for outcomes instead of sleeping."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.build = FakeBuild()
        self.recorder = Recorder()
        self.watcher, self.rebuilder = watch_and_rebuild(
            load_config(root), self.build, self.recorder, Debounce(quiet=0.3, max_wait=8)
        )
        self._markers = count()

    def next(self) -> Outcome:
        return self.recorder.outcomes.get(timeout=TIMEOUT)

    def assert_nothing_pending(self) -> None:
        """Change a marker file and check the next build is for it alone.

        Events arrive in order, so anything seen before the marker would be in this batch or
        an earlier one: a batch holding only the marker proves nothing else was queued.
        """
        marker = f"static/marker-{next(self._markers)}.css"
        (self.root / marker).write_text("/* marker */\n", encoding="utf-8")
        outcome = self.next()
        assert outcome.changes == {Change(ChangeKind.STATIC, marker)}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for folder in ("content", "seeds", "templates", "static"):
        (root / folder).mkdir(parents=True)
    (root / "newsgen.yaml").write_text("title: First\n", encoding="utf-8")
    (root / "content/a.md").write_text("Alpha\n", encoding="utf-8")
    (root / "content/b.md").write_text("Beta\n", encoding="utf-8")
    return root


@pytest.fixture
def session(site: Path) -> Iterator[Session]:
    running = Session(site)
    with running.watcher:
        yield running
    assert running.recorder.outcomes.empty()


def content(path: str) -> Change:
    return Change(ChangeKind.CONTENT, path)


def test_in_place_write(session: Session) -> None:
    with (session.root / "content/a.md").open("r+", encoding="utf-8") as file:
        file.write("Alpha2")
    outcome = session.next()
    assert outcome == Outcome(
        True, frozenset({content("content/a.md")}), "Alpha2 | Beta", title="First"
    )
    session.assert_nothing_pending()
    assert session.build.calls == 2


def test_atomic_save_through_a_hidden_temp_file(session: Session) -> None:
    handle, temp = tempfile.mkstemp(dir=session.root / "content", prefix=".a.md.", suffix=".new")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write("Alpha saved atomically\n")
    Path(temp).replace(session.root / "content/a.md")
    outcome = session.next()
    assert outcome.changes == {content("content/a.md")}
    assert outcome.description == "Alpha saved atomically | Beta"
    session.assert_nothing_pending()


def test_atomic_save_through_a_temp_file_elsewhere(session: Session, tmp_path: Path) -> None:
    temp = tmp_path / "a.md.draft"
    temp.write_text("Alpha from elsewhere\n", encoding="utf-8")
    Path(temp).replace(session.root / "content/a.md")
    outcome = session.next()
    assert outcome.changes == {content("content/a.md")}
    assert outcome.description == "Alpha from elsewhere | Beta"
    session.assert_nothing_pending()


def test_vim_save_with_backup_rename(session: Session) -> None:
    folder = session.root / "content"
    (folder / ".a.md.swp").write_bytes(b"swap")
    (folder / "4913").write_bytes(b"")
    (folder / "4913").unlink()
    (folder / "a.md").rename(folder / "a.md~")
    (folder / "a.md").write_text("Alpha from vim\n", encoding="utf-8")
    (folder / "a.md~").unlink()
    (folder / ".a.md.swp").unlink()
    outcome = session.next()
    assert outcome.changes == {content("content/a.md")}
    assert outcome.description == "Alpha from vim | Beta"
    session.assert_nothing_pending()
    assert session.build.calls == 2


def test_swap_lock_and_backup_files_alone_do_not_rebuild(session: Session) -> None:
    folder = session.root / "content"
    (folder / ".a.md.swp").write_bytes(b"swap")
    (folder / ".a.md.swx").write_bytes(b"swap")
    (folder / "#a.md#").write_text("Alpha autosave\n", encoding="utf-8")
    (folder / ".#a.md").symlink_to("editor@host.1234:1700000000")
    (folder / "a.md~").write_text("Alpha backup\n", encoding="utf-8")
    (folder / ".a.md.swp").unlink()
    session.assert_nothing_pending()
    assert session.build.calls == 1


def test_output_git_and_cache_writes_do_not_rebuild(session: Session) -> None:
    for folder in ("build/2025", ".git/objects", ".newsgen"):
        (session.root / folder).mkdir(parents=True)
        (session.root / folder / "file").write_text("x", encoding="utf-8")
    (session.root / "README.md").write_text("not part of the site\n", encoding="utf-8")
    session.assert_nothing_pending()
    assert session.build.calls == 1


def test_file_moved_in_from_outside(session: Session, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "c.md").write_text("Gamma\n", encoding="utf-8")
    shutil.move(outside / "c.md", session.root / "content/c.md")
    outcome = session.next()
    assert outcome.changes == {content("content/c.md")}
    assert outcome.description == "Alpha | Beta | Gamma"
    session.assert_nothing_pending()


def test_delete(session: Session) -> None:
    (session.root / "content/b.md").unlink()
    outcome = session.next()
    assert outcome.changes == {content("content/b.md")}
    assert outcome.description == "Alpha"
    session.assert_nothing_pending()


def test_rename(session: Session) -> None:
    (session.root / "content/b.md").rename(session.root / "content/c.md")
    outcome = session.next()
    assert outcome.changes == {content("content/b.md"), content("content/c.md")}
    assert outcome.description == "Alpha | Beta"
    session.assert_nothing_pending()


def test_new_folder_with_a_file(session: Session) -> None:
    folder = session.root / "content/2026/01"
    folder.mkdir(parents=True)
    (folder / "c.md").write_text("Gamma\n", encoding="utf-8")
    outcome = session.next()
    assert content("content/2026/01/c.md") in outcome.changes
    assert outcome.description == "Gamma | Alpha | Beta"
    session.assert_nothing_pending()


def test_folder_renamed(session: Session) -> None:
    (session.root / "content/2025").mkdir()
    (session.root / "content/2025/c.md").write_text("Gamma\n", encoding="utf-8")
    assert content("content/2025/c.md") in session.next().changes
    (session.root / "content/2025").rename(session.root / "content/archive")
    outcome = session.next()
    assert outcome.changes == {
        content("content/2025"),
        content("content/archive"),
        content("content/2025/c.md"),
        content("content/archive/c.md"),
    }
    assert outcome.description == "Alpha | Gamma | Beta"  # content/archive/ sorts before b.md
    session.assert_nothing_pending()


def _git(root: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_checkout_of_300_files_rebuilds_once(site: Path) -> None:
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "start")
    _git(site, "checkout", "-q", "-b", "many")
    bulk = site / "content/bulk"
    bulk.mkdir()
    for number in range(300):
        (bulk / f"{number:03d}.md").write_text(f"Bulk {number}\n", encoding="utf-8")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "many")
    _git(site, "checkout", "-q", "main")
    running = Session(site)
    with running.watcher:
        _git(site, "checkout", "-q", "many")
        outcome = running.next()
        assert outcome.changes >= {content(f"content/bulk/{n:03d}.md") for n in range(300)}
        assert outcome.description.count("Bulk") == 300
        assert running.build.calls == 1
        running.assert_nothing_pending()
        assert running.build.calls == 2


def test_config_change_reloads_the_config(session: Session) -> None:
    (session.root / "newsgen.yaml").write_text("title: Second\n", encoding="utf-8")
    outcome = session.next()
    assert outcome.ok
    assert outcome.title == "Second"
    assert outcome.changes == {Change(ChangeKind.CONFIG, "newsgen.yaml")}
    session.assert_nothing_pending()


def test_invalid_config_is_reported_and_the_old_one_kept(session: Session) -> None:
    (session.root / "newsgen.yaml").write_text("title: Second\ntitel: typo\n", encoding="utf-8")
    outcome = session.next()
    assert not outcome.ok
    assert [d.format() for d in outcome.diagnostics] == [
        "newsgen.yaml:2: error: unknown key `titel` (did you mean `title`?)"
    ]
    assert session.rebuilder.config.title == "First"
    assert session.build.calls == 0
    (session.root / "content/a.md").write_text("Alpha2\n", encoding="utf-8")
    assert not session.next().ok  # still broken: the error stays on screen
    assert session.build.calls == 0
    (session.root / "newsgen.yaml").write_text("title: Third\n", encoding="utf-8")
    outcome = session.next()
    assert (outcome.ok, outcome.title) == (True, "Third")
    assert session.build.calls == 1


def test_failed_build_is_reported_then_recovers(session: Session) -> None:
    (session.root / "content/b.md").write_text("BROKEN\n", encoding="utf-8")
    outcome = session.next()
    assert not outcome.ok
    assert [d.format() for d in outcome.diagnostics] == ["content/b.md:1: error: broken article"]
    (session.root / "content/b.md").write_text("Beta again\n", encoding="utf-8")
    outcome = session.next()
    assert (outcome.ok, outcome.description) == (True, "Alpha | Beta again")


def test_a_bug_in_the_build_is_reported_not_raised(site: Path) -> None:
    def crash(config: SiteConfig) -> BuildResult:
        raise KeyError("oops")

    recorder = Recorder()
    assert not Rebuilder(load_config(site), crash, recorder).rebuild()
    outcome = recorder.outcomes.get_nowait()
    assert [d.format() for d in outcome.diagnostics] == [
        "newsgen: error: internal error: KeyError('oops') (please report this bug)"
    ]


def test_stop_joins_every_thread(site: Path) -> None:
    before = set(threading.enumerate())
    running = Session(site)
    running.watcher.start()
    (site / "content/a.md").write_text("Alpha2\n", encoding="utf-8")
    assert running.next().ok
    running.watcher.stop()
    assert set(threading.enumerate()) <= before


def test_max_wait_ends_a_burst_that_never_goes_quiet() -> None:
    batches: queue.Queue[Batch] = queue.Queue()
    debouncer = Debouncer(Debounce(quiet=3600, max_wait=0.1), batches.put)
    debouncer.start()
    try:
        debouncer.add(content("content/a.md"))
        assert batches.get(timeout=TIMEOUT) == {content("content/a.md")}
    finally:
        debouncer.stop()


def test_changes_during_a_build_make_the_next_batch() -> None:
    building = threading.Event()
    release = threading.Event()
    batches: queue.Queue[Batch] = queue.Queue()

    def slow(batch: Batch) -> None:
        building.set()
        release.wait(TIMEOUT)
        batches.put(batch)

    debouncer = Debouncer(Debounce(quiet=0.05, max_wait=1), slow)
    debouncer.start()
    try:
        debouncer.add(content("content/a.md"))
        assert building.wait(TIMEOUT)
        debouncer.add(content("content/b.md"))
        debouncer.add(content("content/c.md"))
        release.set()
        assert batches.get(timeout=TIMEOUT) == {content("content/a.md")}
        assert batches.get(timeout=TIMEOUT) == {content("content/b.md"), content("content/c.md")}
    finally:
        debouncer.stop()


def template(path: str) -> Change:
    return Change(ChangeKind.TEMPLATE, path)


def test_a_source_folder_created_later_is_watched(site: Path) -> None:
    shutil.rmtree(site / "templates")
    running = Session(site)
    with running.watcher:
        (site / "templates").mkdir()
        (site / "templates/base.html").write_text("<p>one</p>\n", encoding="utf-8")
        assert template("templates") in running.next().changes
        (site / "templates/base.html").write_text("<p>two</p>\n", encoding="utf-8")
        assert running.next().changes == {template("templates/base.html")}
        running.assert_nothing_pending()


def test_a_replaced_source_folder_is_watched_anew(session: Session) -> None:
    root = session.root
    (root / "content").rename(root / "old-content")
    (root / "content").mkdir()
    (root / "content/a.md").write_text("New alpha\n", encoding="utf-8")
    assert session.next().description == "New alpha"
    (root / "old-content/b.md").write_text("Not watched any more\n", encoding="utf-8")
    (root / "content/a.md").write_text("Newer alpha\n", encoding="utf-8")
    outcome = session.next()
    assert outcome.changes == {content("content/a.md")}
    assert outcome.description == "Newer alpha"
    session.assert_nothing_pending()


def test_a_deleted_and_recreated_source_folder_is_watched_anew(session: Session) -> None:
    root = session.root
    shutil.rmtree(root / "content")
    assert session.next().description == ""
    (root / "content").mkdir()
    assert content("content") in session.next().changes
    (root / "content/c.md").write_text("Gamma\n", encoding="utf-8")
    outcome = session.next()
    assert outcome.changes == {content("content/c.md")}
    assert outcome.description == "Gamma"


def test_a_content_folder_renamed_in_the_config_is_watched(session: Session) -> None:
    root = session.root
    (root / "articles").mkdir()
    (root / "articles/x.md").write_text("Xenon\n", encoding="utf-8")
    session.assert_nothing_pending()
    (root / "newsgen.yaml").write_text("title: First\ncontent_dir: articles\n", encoding="utf-8")
    assert session.next().description == "Xenon"
    (root / "articles/x.md").write_text("Xenon 2\n", encoding="utf-8")
    outcome = session.next()
    assert outcome.changes == {content("articles/x.md")}
    assert outcome.description == "Xenon 2"
    (root / "content/a.md").write_text("No longer content\n", encoding="utf-8")
    session.assert_nothing_pending()


def test_a_preview_that_fails_does_not_stop_the_build(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_preview(config: SiteConfig, changes: Batch) -> None:
        raise RuntimeError("a bug in the preview")

    recorder = Recorder()
    rebuilder = Rebuilder(load_config(site), FakeBuild(), recorder, preview=broken_preview)
    assert rebuilder.rebuild(frozenset({content("content/a.md")}))
    assert "a bug in the preview" in capsys.readouterr().err
