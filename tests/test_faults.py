"""Faults injected into real builds: the published site stays whole and the next build succeeds.

Disk full and unwritable folders (OSError raised by the writer's file operations after N of
them, and a real full tmpfs when the tests may mount one), SIGINT and SIGTERM sent to a real
`python -m newsgen build`, a crash (os._exit) in the middle of publishing, two builds at once,
and damaged or outdated cache files. Cold builds, which move whole folders into place, are
faulted the same ways.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsgen.cli import cli
from newsgen.diagnostics import ContentError
from newsgen.publish import commit, writer
from newsgen.publish import files as file_ops
from newsgen.publish import journal as journaling
from newsgen.publish.history import HISTORY_FILE
from newsgen.runtime.interrupts import Interrupted, stop_on_signals
from newsgen.runtime.lock import build_lock
from sitegen import article_text, generated_site, leftovers, published, tree

SEARCH_OFF = "--no-search"


def build_in_process(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--site", str(root), "build", SEARCH_OFF, *args])


def build_process(root: Path, *args: str, new_group: bool = False) -> subprocess.Popen[str]:
    """`newsgen build` in a child process; `new_group`: in a process group of its own."""
    command = [sys.executable, "-m", "newsgen", "--site", str(root), "build", SEARCH_OFF, *args]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_group,
    )


def change(root: Path, count: int) -> None:
    """Edit every article, delete two (stale files to remove) and add one with a new topic."""
    for path in sorted((root / "content").glob("*.md")):
        path.write_text(path.read_text(encoding="utf-8") + "\nA later paragraph.\n", "utf-8")
    (root / "content" / "00001.md").unlink()
    (root / "content" / "00002.md").unlink()
    date = datetime.fromisoformat("2025-06-01T09:00:00+00:00")
    text = article_text("A new one", date, ["Brand New Topic"])
    (root / "content" / f"{count:05d}.md").write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site with changes waiting for the next build."""
    root = tmp_path / "site"
    generated_site(root, 30)
    assert build_in_process(root).exit_code == 0
    change(root, 30)
    return root


def built_copy(site: Path, copy: Path) -> dict[str, bytes]:
    """What a build of a copy of `site`, free of faults, publishes."""
    shutil.copytree(site, copy)
    assert build_in_process(copy).exit_code == 0
    return published(copy)


@pytest.fixture
def expected(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """The output the next build must publish: a copy of the site built without faults."""
    return built_copy(site, tmp_path / "copy")


def count_calls(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    calls = [0]
    real = getattr(file_ops, name)

    def counted(*args: Path) -> None:
        calls[0] += 1
        real(*args)

    monkeypatch.setattr(file_ops, name, counted)
    return calls


def fail_after(
    monkeypatch: pytest.MonkeyPatch, name: str, allowed: int, code: int
) -> Callable[[], int]:
    """Make file_ops.<name> raise OSError(code) from its call number `allowed` + 1 on."""
    calls = [0]
    real = getattr(file_ops, name)

    def failing(*args: object) -> None:
        calls[0] += 1
        if calls[0] > allowed:
            path = [arg for arg in args if isinstance(arg, Path)][-1]
            raise OSError(code, os.strerror(code), str(path))
        real(*args)

    monkeypatch.setattr(file_ops, name, failing)
    return lambda: calls[0]


def assert_refused_cleanly(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert re.search(rf"error: cannot write( \S+)?: {message} \(", lines[0]), lines
    assert lines[0].endswith(f"{message} ({writer.WRITE_HINT})"), lines
    assert lines[1] == "newsgen: 1 error(s); nothing was changed"
    assert result.stdout == ""


def assert_recovers(root: Path, before: dict[str, bytes], expected: dict[str, bytes]) -> None:
    """The published site is as it was, nothing is left behind, the next build succeeds."""
    assert published(root) == before
    assert leftovers(root) == []
    again = build_in_process(root)
    assert again.exit_code == 0, again.output
    assert published(root) == expected
    assert leftovers(root) == []


@pytest.mark.parametrize("allowed", [0, 25])
def test_disk_full_while_staging_leaves_the_site(
    site: Path, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, allowed: int
) -> None:
    before = published(site)
    calls = fail_after(monkeypatch, "stage_file", allowed, errno.ENOSPC)
    result = build_in_process(site)
    assert calls() == allowed + 1  # the build stopped at the first failure
    assert_refused_cleanly(result, "No space left on device")
    assert "staging-" in result.stderr  # names the file that could not be written, and its page
    assert re.search(
        r"index\.html: error: cannot write:|cannot write \S+/index\.html:", result.stderr
    )
    monkeypatch.undo()
    assert_recovers(site, before, expected)


def moves_of_a_good_build(site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    copy = tmp_path / "counting"
    shutil.copytree(site, copy)
    calls = count_calls(monkeypatch, "move_file")
    assert build_in_process(copy).exit_code == 0
    monkeypatch.undo()
    return calls[0]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS])
@pytest.mark.parametrize("where", [0.0, 0.01, 0.5, 0.97, 1.0])
def test_failure_while_publishing_is_undone(
    site: Path,
    expected: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    code: int,
    where: float,
) -> None:
    """Any rename into build/ failing, from the first to the manifest's (the last), rolls back."""
    total = moves_of_a_good_build(site, monkeypatch, tmp_path)
    assert total > 40
    allowed = min(int(total * where), total - 1)
    before = published(site)
    calls = fail_after(monkeypatch, "move_file", allowed, code)
    result = build_in_process(site)
    assert calls() == allowed + 1
    assert_refused_cleanly(result, os.strerror(code))
    monkeypatch.undo()
    assert_recovers(site, before, expected)


def test_a_page_that_cannot_be_moved_in_is_named_by_its_place(
    site: Path, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rename names its source, which for a page of a live folder is a numbered file of
    the staging folder: the error names the page's place in build/ instead."""
    before = published(site)
    real = file_ops.move_file

    def refused(source: Path, target: Path) -> None:
        if source.parent.name == "files":
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(source), None, str(target))
        real(source, target)

    monkeypatch.setattr(file_ops, "move_file", refused)
    result = build_in_process(site)
    assert_refused_cleanly(result, "Permission denied")
    assert re.match(r"build/\S+/index\.html: error", result.stderr), result.stderr
    monkeypatch.undo()
    assert_recovers(site, before, expected)


@pytest.mark.parametrize("allowed", [0, 5])
def test_no_room_to_keep_the_replaced_file_is_undone(
    site: Path, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, allowed: int
) -> None:
    before = published(site)
    fail_after(monkeypatch, "keep_copy", allowed, errno.ENOSPC)
    assert_refused_cleanly(build_in_process(site), "No space left on device")
    monkeypatch.undo()
    assert_recovers(site, before, expected)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_publishing_is_held_then_undoes_it(
    site: Path, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, signum: int, code: int
) -> None:
    """The signal arrives between two renames: the rename finishes, then all are undone."""
    real = file_ops.move_file
    calls = [0]
    finished = []

    def signalled(source: Path, target: Path) -> None:
        calls[0] += 1
        if calls[0] == 20:
            os.kill(os.getpid(), signum)
        real(source, target)
        finished.append(target)

    monkeypatch.setattr(file_ops, "move_file", signalled)
    before = published(site)
    result = build_in_process(site)
    assert calls[0] == len(finished) == 20  # the rename it arrived in was not cut short
    assert result.exit_code == code
    assert result.stderr == "newsgen: interrupted\n"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers are put back
    monkeypatch.undo()
    assert_recovers(site, before, expected)


def test_a_stop_as_publishing_ends_is_raised_once_the_cache_knows_the_site(
    site: Path, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held past the last point where publishing can be undone (the manifest written), the
    stop finds the site published: the cache and the URL history record it before the build
    stops, so that the next build renders nothing and no published URL is forgotten."""
    real = commit._Commit.write_manifest

    def stopped(self: commit._Commit) -> None:
        real(self)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(commit._Commit, "write_manifest", stopped)
    result = build_in_process(site)
    assert (result.exit_code, result.stderr) == (143, "newsgen: interrupted\n")
    monkeypatch.undo()
    assert published(site) == expected
    assert "/a-new-one/" in (site / ".newsgen" / HISTORY_FILE).read_text(encoding="utf-8")
    again = build_in_process(site)
    assert "(0 rendered, 0 files written, 0 removed)" in again.stdout, again.output


def test_publishing_that_cannot_be_undone_is_undone_by_the_next_build(
    site: Path, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = published(site)
    fail_after(monkeypatch, "move_file", 30, errno.EIO)
    real_undo = journaling._undo_step
    undone = [0]

    def flaky_undo(step: list[str]) -> None:
        undone[0] += 1
        if undone[0] == 3:
            raise OSError(errno.EIO, os.strerror(errno.EIO), step[1])
        real_undo(step)

    monkeypatch.setattr(journaling, "_undo_step", flaky_undo)
    result = build_in_process(site)
    assert result.exit_code == 1
    assert "publishing failed" in result.stderr and "could not be fully undone" in result.stderr
    assert result.stderr.endswith(
        "newsgen: 1 error(s); the output is half updated until the next build restores it\n"
    )
    assert published(site) != before
    assert [name[:7] for name in leftovers(site)] == ["commit-"]
    monkeypatch.undo()
    journaling.undo_unfinished_commits(site / ".newsgen", site / "build")
    assert published(site) == before
    assert_recovers(site, before, expected)


def test_a_commit_the_next_build_cannot_undo_either_stops_it(
    site: Path, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next build publishes nothing over a commit it cannot undo: its journal would
    later undo the newer files. It says so, and the one after, the cause fixed, restores the
    site and builds it."""
    fail_after(monkeypatch, "move_file", 30, errno.EIO)
    real_undo = journaling._undo_step

    def stuck(step: list[str]) -> None:
        if step[0] == "replace":
            raise OSError(errno.EIO, os.strerror(errno.EIO), step[1])
        real_undo(step)

    monkeypatch.setattr(journaling, "_undo_step", stuck)
    assert build_in_process(site).exit_code == 1
    half = published(site)
    monkeypatch.setattr(file_ops, "move_file", file_ops.rename)
    result = build_in_process(site)
    assert result.exit_code == 1
    assert "an earlier build's publishing could not be fully undone" in result.stderr
    assert result.stderr.endswith(
        "newsgen: 1 error(s); the output is half updated until the next build restores it\n"
    )
    assert published(site) == half
    assert [name[:7] for name in leftovers(site)] == ["commit-"]
    monkeypatch.undo()
    again = build_in_process(site)
    assert again.exit_code == 0, again.output
    assert published(site) == expected
    assert leftovers(site) == []


CRASH = """
import os, sys
from newsgen.publish import commit
from newsgen.publish import files as file_ops
from newsgen.cli import cli

real, calls = file_ops.move_file, [0]

def crash(source, target):
    calls[0] += 1
    if calls[0] > int(sys.argv[2]):
        os._exit(9)
    real(source, target)

file_ops.move_file = crash
cli(["--site", sys.argv[1], "build", "--no-search"])
"""


def test_a_crash_while_publishing_is_undone_by_the_next_build(
    site: Path, expected: dict[str, bytes]
) -> None:
    before = published(site)
    done = subprocess.Popen([sys.executable, "-c", CRASH, str(site), "40"], stderr=subprocess.PIPE)
    assert done.wait(timeout=120) == 9
    assert published(site) != before  # half published: 40 files moved in, then the crash
    assert leftovers(site) == [f"commit-{done.pid}", f"staging-{done.pid}"]
    journaling.undo_unfinished_commits(site / ".newsgen", site / "build")
    assert published(site) == before
    assert leftovers(site) == []
    assert_recovers(site, before, expected)


def test_the_next_build_itself_undoes_a_crashed_commit(
    site: Path, expected: dict[str, bytes]
) -> None:
    cmd = [sys.executable, "-c", CRASH, str(site), "7"]
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 9
    result = build_in_process(site)
    assert result.exit_code == 0, result.output
    assert published(site) == expected
    assert leftovers(site) == []


KILLED = """
import os, sys
from newsgen.publish import bookkeeping, commit
from newsgen.cli import cli

real = bookkeeping.note_published

def killed_at_the_cache_commit(cache, *args):
    cache.commit = lambda: os._exit(9)
    real(cache, *args)

if sys.argv[2] == "recorded":
    commit.Journal.finish = lambda self: os._exit(9)
else:
    bookkeeping.note_published = killed_at_the_cache_commit
cli(["--site", sys.argv[1], "build", "--no-search"])
"""


@pytest.mark.parametrize("recorded", [False, True])
def test_a_build_killed_once_published_is_settled_by_the_next_build(
    site: Path, expected: dict[str, bytes], recorded: bool
) -> None:
    """Killed once its files are published, before the cache records them, a build is undone
    by the next one: the cache knows the site before it, and would keep its files by keys
    made for others. Killed once the cache recorded them, it is kept as published."""
    before = published(site)
    killed(site, recorded)
    if not recorded:  # what the next build does first
        journaling.undo_unfinished_commits(site / ".newsgen", site / "build", _recorded(site))
        assert published(site) == before
    again = build_in_process(site)
    assert again.exit_code == 0, again.output
    assert published(site) == expected
    assert leftovers(site) == []


def killed(site: Path, recorded: bool) -> None:
    """Build `site` in a process killed once it has published all, before or after its cache
    recorded the commit."""
    point = "recorded" if recorded else "not recorded"
    done = subprocess.Popen([sys.executable, "-c", KILLED, str(site), point])
    assert done.wait(timeout=120) == 9
    assert leftovers(site) == [f"commit-{done.pid}", f"staging-{done.pid}"]


def test_a_killed_build_is_undone_through_a_linked_work_folder(
    site: Path, expected: dict[str, bytes], tmp_path: Path
) -> None:
    """`.newsgen` may be a link (to a folder a CI keeps between runs): the journal's steps in
    it are the site's all the same, and are undone."""
    elsewhere = tmp_path / "kept-by-ci"
    shutil.move(site / ".newsgen", elsewhere)
    (site / ".newsgen").symlink_to(elsewhere)
    before = published(site)
    killed(site, recorded=False)
    journaling.undo_unfinished_commits(site / ".newsgen", site / "build")
    assert published(site) == before
    again = build_in_process(site)
    assert again.exit_code == 0, again.output
    assert published(site) == expected
    assert leftovers(site) == []


def test_a_recorded_commit_stays_published_through_a_failed_clean_build(
    site: Path, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--clean` trusts none of the cache's keys, but they stay until it records its own: a
    `--clean` build that fails must leave the site they describe, not the one before it."""
    killed(site, recorded=True)
    assert published(site) == expected
    fail_after(monkeypatch, "move_file", 3, errno.ENOSPC)
    assert build_in_process(site, "--clean").exit_code == 1
    monkeypatch.undo()
    assert published(site) == expected
    again = build_in_process(site)
    assert again.exit_code == 0, again.output
    assert published(site) == expected
    assert leftovers(site) == []


@pytest.mark.parametrize("step", ["update_published", "prune"])
def test_a_cache_that_cannot_record_what_was_published_has_it_undone(
    site: Path, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """The disk holding the cache full as the build records what it published: the commit is
    undone, the URL history with it, so that the site stays the one the cache knows and no
    URL it never published is redirected later."""
    from newsgen.cache.store import BuildCache

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    before = published(site)
    history = (site / ".newsgen" / HISTORY_FILE).read_bytes()
    monkeypatch.setattr(BuildCache, step, full)
    result = build_in_process(site)
    assert (result.exit_code, result.stderr) == (
        1,
        "newsgen: error: .newsgen/cache.sqlite: database or disk is full\n",
    )
    monkeypatch.undo()
    assert (site / ".newsgen" / HISTORY_FILE).read_bytes() == history
    assert_recovers(site, before, expected)


def _recorded(site: Path) -> str:
    from newsgen.cache.store import BuildCache

    with BuildCache(site / ".newsgen" / "cache.sqlite") as cache:
        return cache.recorded_commit()


def test_a_journal_is_only_followed_inside_the_site(site: Path, tmp_path: Path) -> None:
    """A leftover journal naming files outside build/ and .newsgen/ does not touch them."""
    outside, kept = tmp_path / "outside.txt", tmp_path / "kept.txt"
    outside.write_text("mine", encoding="utf-8")
    kept.write_text("theirs", encoding="utf-8")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    journal = site / ".newsgen" / f"commit-{gone.pid}"
    journal.mkdir()
    steps = [["new", str(outside)], ["replace", str(outside), str(kept)], ["rmdir", str(tmp_path)]]
    (journal / journaling.JOURNAL).write_text("".join(f"{json.dumps(s)}\n" for s in steps), "utf-8")
    before = published(site)
    journaling.undo_unfinished_commits(site / ".newsgen", site / "build")
    assert outside.read_text(encoding="utf-8") == "mine"
    assert kept.read_text(encoding="utf-8") == "theirs"
    assert published(site) == before
    assert leftovers(site) == []


def test_a_journal_is_not_followed_out_of_the_site_through_a_link(
    site: Path, tmp_path: Path
) -> None:
    """A step naming a file inside build/ through a link that leads out of it (placed there
    since) is not taken: undoing it would remove a file outside the site."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.html").write_text("mine", encoding="utf-8")
    (site / "build" / "link").symlink_to(outside)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    journal = site / ".newsgen" / f"commit-{gone.pid}"
    journal.mkdir()
    step = ["new", str(site / "build" / "link" / "x.html")]
    (journal / journaling.JOURNAL).write_text(f"{json.dumps(step)}\n", "utf-8")
    journaling.undo_unfinished_commits(site / ".newsgen", site / "build")
    assert (outside / "x.html").read_text(encoding="utf-8") == "mine"
    assert leftovers(site) == []


def state_of(root: Path) -> dict[str, bytes]:
    """`published`, for a site that may never have been built: what is there of it."""
    state = tree(root / "build") if (root / "build").exists() else {}
    manifest = root / ".newsgen" / "manifest.json"
    if manifest.exists():
        state[".newsgen/manifest.json"] = manifest.read_bytes()
    return state


OTHER_FILES = {".git/HEAD": b"ref: refs/heads/main\n", "CNAME": b"news.example\n"}


@pytest.fixture(params=["no build folder", "a build folder of other files"])
def cold_site(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A site never built: the whole staging folder, or each top folder, is moved in whole."""
    root = tmp_path / "cold"
    generated_site(root, 30)
    if request.param != "no build folder":
        for name, data in OTHER_FILES.items():
            (root / "build" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "build" / name).write_bytes(data)
    return root


@pytest.fixture
def cold_expected(cold_site: Path, tmp_path: Path) -> dict[str, bytes]:
    return built_copy(cold_site, tmp_path / "cold-copy")


def assert_cold_recovers(root: Path, before: dict[str, bytes], expected: dict[str, bytes]) -> None:
    """As `assert_recovers`, for a site that had not been published before."""
    assert state_of(root) == before
    assert (root / "build").exists() == bool(before)  # no build/ is made and left behind
    assert leftovers(root) == []
    again = build_in_process(root)
    assert again.exit_code == 0, again.output
    assert published(root) == expected
    assert leftovers(root) == []


def test_a_cold_build_moves_folders_in_whole_and_publishes_the_same_site(
    cold_site: Path,
    cold_expected: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """One rename per top-level entry (the whole staging folder when there is no build/)."""
    one_by_one = tmp_path / "one-by-one"
    shutil.copytree(cold_site, one_by_one)
    monkeypatch.setattr(file_ops, "absent_under", lambda path, parent: False)
    calls = count_calls(monkeypatch, "move_file")
    assert build_in_process(one_by_one).exit_code == 0
    monkeypatch.undo()
    assert published(one_by_one) == cold_expected
    files = [name for name in cold_expected if name not in OTHER_FILES]
    assert calls[0] == len(files)  # each site file, the manifest and the URL history
    had_build = (cold_site / "build").exists()
    calls = count_calls(monkeypatch, "move_file")
    assert build_in_process(cold_site).exit_code == 0
    assert published(cold_site) == cold_expected
    entries = {path.name for path in (cold_site / "build").iterdir()} - {".git", "CNAME"}
    assert calls[0] == (len(entries) if had_build else 1) + 2  # the manifest, the history
    assert leftovers(cold_site) == []


def moves_of_a_good_cold_build(site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    copy = tmp_path / "counting-cold"
    shutil.copytree(site, copy)
    calls = count_calls(monkeypatch, "move_file")
    assert build_in_process(copy).exit_code == 0
    monkeypatch.undo()
    return calls[0]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES])
@pytest.mark.parametrize("where", [0.0, 0.5, 1.0])
def test_a_failure_while_publishing_a_cold_build_is_undone(
    cold_site: Path,
    cold_expected: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    code: int,
    where: float,
) -> None:
    """The first folder moved in fails, or one after some folders, or the manifest's (last)."""
    total = moves_of_a_good_cold_build(cold_site, monkeypatch, tmp_path)
    allowed = min(int(total * where), total - 1)
    before = state_of(cold_site)
    calls = fail_after(monkeypatch, "move_file", allowed, code)
    result = build_in_process(cold_site)
    assert calls() == allowed + 1
    assert_refused_cleanly(result, os.strerror(code))
    monkeypatch.undo()
    assert_cold_recovers(cold_site, before, cold_expected)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_publishing_a_cold_build_undoes_it(
    cold_site: Path,
    cold_expected: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    signum: int,
    code: int,
) -> None:
    """The signal arrives while a folder is moved in: that move finishes, then all are undone."""
    total = moves_of_a_good_cold_build(cold_site, monkeypatch, tmp_path)
    real, calls, trees = file_ops.move_file, [0], []

    def signalled(source: Path, target: Path) -> None:
        calls[0] += 1
        if calls[0] == max(1, total // 2):
            os.kill(os.getpid(), signum)
        real(source, target)
        trees.append(target.is_dir())

    monkeypatch.setattr(file_ops, "move_file", signalled)
    before = state_of(cold_site)
    result = build_in_process(cold_site)
    assert calls[0] == max(1, total // 2) and any(trees)  # a whole folder was moved in
    assert (result.exit_code, result.stderr) == (code, "newsgen: interrupted\n")
    monkeypatch.undo()
    assert_cold_recovers(cold_site, before, cold_expected)


def test_a_cold_build_that_cannot_be_undone_is_undone_by_the_next_build(
    cold_site: Path,
    cold_expected: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    total = moves_of_a_good_cold_build(cold_site, monkeypatch, tmp_path)
    before = state_of(cold_site)
    fail_after(monkeypatch, "move_file", total - 1, errno.EIO)  # the manifest's
    real_undo, failed = journaling._undo_step, []

    def failing_tree_undo(step: list[str]) -> None:
        if step[0] == "newtree" and not failed:  # the first folder moved in whole to undo
            failed.append(step)
            raise OSError(errno.EIO, os.strerror(errno.EIO), step[1])
        real_undo(step)

    monkeypatch.setattr(journaling, "_undo_step", failing_tree_undo)
    result = build_in_process(cold_site)
    assert result.exit_code == 1
    assert failed and "could not be fully undone" in result.stderr
    assert state_of(cold_site) != before
    monkeypatch.undo()
    journaling.undo_unfinished_commits(cold_site / ".newsgen", cold_site / "build")
    assert_cold_recovers(cold_site, before, cold_expected)


def crash_a_cold_build(site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    """A build killed after half its renames, a folder or more moved in; returns its pid."""
    total = moves_of_a_good_cold_build(site, monkeypatch, tmp_path)
    allowed = max(1, total // 2)
    done = subprocess.Popen([sys.executable, "-c", CRASH, str(site), str(allowed)])
    assert done.wait(timeout=120) == 9
    lines = (site / ".newsgen" / f"commit-{done.pid}" / journaling.JOURNAL).read_text("utf-8")
    steps = [json.loads(line) for line in lines.splitlines()]
    assert [step for step in steps if step[0] == "newtree"]  # folders moved in whole
    assert all(step[0] in ("newtree", "new") for step in steps)  # (no "mkdir": a cold build)
    return done.pid


def test_a_crash_while_publishing_a_cold_build_is_undone_by_the_next_build(
    cold_site: Path,
    cold_expected: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    before = state_of(cold_site)
    pid = crash_a_cold_build(cold_site, monkeypatch, tmp_path)
    assert state_of(cold_site) != before
    assert f"commit-{pid}" in leftovers(cold_site)  # (no staging- when it was all moved in)
    journaling.undo_unfinished_commits(cold_site / ".newsgen", cold_site / "build")
    assert_cold_recovers(cold_site, before, cold_expected)


def test_the_next_build_itself_undoes_a_crashed_cold_build(
    cold_site: Path,
    cold_expected: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    crash_a_cold_build(cold_site, monkeypatch, tmp_path)
    result = build_in_process(cold_site)
    assert result.exit_code == 0, result.output
    assert published(cold_site) == cold_expected
    assert leftovers(cold_site) == []


def test_undoing_a_folder_moved_in_whole_removes_only_newsgen_files(
    cold_site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file put by hand into a half-published folder stays, and so do the folders it is in;
    the undoing is done all the same (its journal is gone, the next build publishes)."""
    before = state_of(cold_site)
    crash_a_cold_build(cold_site, monkeypatch, tmp_path)
    mine = cold_site / "build" / "2024" / "notes.txt"
    assert mine.parent.is_dir() and len(tree(mine.parent)) > 10
    mine.write_bytes(b"mine")
    journaling.undo_unfinished_commits(cold_site / ".newsgen", cold_site / "build")
    assert state_of(cold_site) == before | {"2024/notes.txt": b"mine"}
    assert leftovers(cold_site) == []
    build = cold_site / "build"
    folders = {path.relative_to(build).as_posix() for path in build.rglob("*") if path.is_dir()}
    assert folders == {"2024", *(".git" for _ in before)}  # the empty ones are gone


def test_a_file_half_staged_is_never_moved_in_with_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a caller publish after a failed staging write, only the files staged go out."""
    output, work = tmp_path / "build", tmp_path / ".newsgen"
    real = file_ops.stage_file

    def half_written(path: Path, data: bytes) -> None:
        real(path, data[:3])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    with writer.Staging(output, work) as staging:
        staging.add("/2024/a/", b"first", "test")
        monkeypatch.setattr(file_ops, "stage_file", half_written)
        with pytest.raises(ContentError, match="No space left on device"):
            staging.add("/2024/b/", b"second", "test")
        monkeypatch.undo()
        staging.add("/2024/c/", b"third", "test")
        with staging.commit() as done:
            assert done[:2] == (2, 0)
    assert tree(output) == {"2024/a/index.html": b"first", "2024/c/index.html": b"third"}
    assert sorted(path.name for path in work.iterdir()) == ["manifest.json"]


def test_a_signal_while_the_staging_folder_is_made_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signal held while the staging folder is made is raised as the folder exists, before
    the with-block (and so its __exit__) begins: the folder must go all the same."""
    output, work = tmp_path / "build", tmp_path / ".newsgen"
    real = writer.undo_unfinished_commits

    def signalled(*args: Path) -> None:
        real(*args)
        os.kill(os.getpid(), signal.SIGTERM)  # held by the block that makes the folder

    monkeypatch.setattr(writer, "undo_unfinished_commits", signalled)
    with stop_on_signals(), pytest.raises(Interrupted), writer.Staging(output, work):
        pytest.fail("the staging block must not begin")
    assert list(work.iterdir()) == []


def test_a_journal_moves_no_folder_in_from_outside_the_site(site: Path, tmp_path: Path) -> None:
    """Leftover "newtree" steps naming a folder outside, or files leaving theirs, are ignored."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "mine.txt").write_text("mine", encoding="utf-8")
    (site / "notes.txt").write_text("notes", encoding="utf-8")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    journal = site / ".newsgen" / f"commit-{gone.pid}"
    journal.mkdir()
    build = site / "build"
    steps = [
        ["newtree", str(outside), "mine.txt"],
        ["newtree", str(build), "index.html", "../notes.txt"],
        ["newtree", str(build), "index.html", f"{outside}/mine.txt"],
        ["newtree", str(build / "2024"), "./x.html", "a//b.html"],
    ]
    (journal / journaling.JOURNAL).write_text("".join(f"{json.dumps(s)}\n" for s in steps), "utf-8")
    before = published(site)
    journaling.undo_unfinished_commits(site / ".newsgen", build)
    assert (outside / "mine.txt").read_text(encoding="utf-8") == "mine"
    assert (site / "notes.txt").read_text(encoding="utf-8") == "notes"
    assert published(site) == before
    assert leftovers(site) == []


@pytest.fixture
def big_site(tmp_path: Path) -> Path:
    """A published site large enough that rendering it again takes a while."""
    root = tmp_path / "big"
    generated_site(root, 400)
    assert build_in_process(root).exit_code == 0
    change(root, 400)
    return root


def wait_for_staging(process: subprocess.Popen[str], work: Path) -> None:
    staging = work / f"staging-{process.pid}"
    deadline = time.monotonic() + 120
    while not staging.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)


@pytest.mark.parametrize(
    ("signum", "code", "group"),
    [
        pytest.param(signal.SIGINT, 130, False, id="SIGINT"),
        pytest.param(signal.SIGTERM, 143, False, id="SIGTERM"),
        pytest.param(signal.SIGINT, 130, True, id="Ctrl-C"),  # to every process, workers too
    ],
)
def test_a_real_signal_during_a_build_leaves_the_site(
    big_site: Path, signum: int, code: int, group: bool
) -> None:
    before = published(big_site)
    process = build_process(big_site, new_group=group)
    wait_for_staging(process, big_site / ".newsgen")
    if group:
        time.sleep(0.1)  # the render workers are starting
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    assert (process.returncode, stderr, stdout) == (code, "newsgen: interrupted\n", "")
    assert published(big_site) == before
    assert leftovers(big_site) == []
    again = build_in_process(big_site)
    assert again.exit_code == 0, again.output
    assert "built 8" in again.stdout  # 400 articles, 2 gone, 1 new: 800-odd pages
    assert published(big_site) != before


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(os.urandom(4096)), id="garbage"),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:5000]), id="truncated"),
        pytest.param(lambda path: path.write_bytes(b""), id="empty"),
        pytest.param(
            lambda path: path.write_bytes(
                path.read_bytes()[:20000] + os.urandom(40000) + path.read_bytes()[60000:]
            ),
            id="garbage-inside",
        ),
    ],
)
def test_a_damaged_cache_is_rebuilt(
    site: Path, expected: dict[str, bytes], damage: Callable[[Path], object]
) -> None:
    cache = site / ".newsgen" / "cache.sqlite"
    assert cache.stat().st_size > 60000
    damage(cache)
    result = build_in_process(site)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert published(site) == expected
    assert build_in_process(site).exit_code == 0


def test_a_cache_from_an_older_version_is_emptied_not_trusted(
    site: Path, expected: dict[str, bytes]
) -> None:
    import sqlite3

    cache = site / ".newsgen" / "cache.sqlite"
    with sqlite3.connect(cache) as connection:
        connection.execute("UPDATE meta SET value = '0:0.0.1' WHERE key = 'version'")
        connection.execute("UPDATE bodies SET html = '<p>stale body from an old version</p>'")
    connection.close()
    result = build_in_process(site)
    assert result.exit_code == 0, result.output
    assert published(site) == expected
    assert not any(b"stale body" in data for data in published(site).values())


@pytest.mark.parametrize("name", ["stamp.pickle", "manifest.json"])
def test_damaged_stamp_or_manifest_is_survived(tmp_path: Path, name: str) -> None:
    root = tmp_path / "site"
    generated_site(root, 10)
    assert build_in_process(root).exit_code == 0
    time.sleep(2.1)  # let the inputs settle, so that the build leaves a stamp
    assert build_in_process(root).exit_code == 0
    before = published(root)
    (root / ".newsgen" / name).write_bytes(b"\x80\x04garbage" + os.urandom(64))
    result = build_in_process(root)
    assert result.exit_code == 0, result.output
    assert published(root) == before
    assert leftovers(root) == []


@pytest.mark.parametrize("value", ["nan", "-nan", "-1"])
def test_a_wait_that_is_no_number_of_seconds_is_refused(site: Path, value: str) -> None:
    before = published(site)
    result = CliRunner().invoke(cli, ["--site", str(site), "build", "--wait", value])
    assert result.exit_code == 2
    assert "Error: Invalid value for '--wait': " in result.output
    assert published(site) == before


def test_a_second_build_refuses_at_once_with_wait_0(site: Path) -> None:
    before = published(site)
    with build_lock(site, "newsgen build", 0, print):
        process = build_process(site, "--wait", "0")
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr.splitlines() == [
        f".newsgen/build.lock: error: another build of this site is running "
        f"(pid {os.getpid()}: newsgen build) (wait for it to finish, or let this one wait "
        "with --wait SECONDS)",
        "newsgen: 1 error(s); nothing was changed",
    ]
    assert published(site) == before


def test_a_second_build_waits_then_gives_up(site: Path) -> None:
    with build_lock(site, "newsgen build", 0, print):
        process = build_process(site, "--wait", "0.5")
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    lines = stderr.splitlines()
    assert lines[0] == (
        f"newsgen: waiting for another build of this site to finish (pid {os.getpid()}: "
        "newsgen build)..."
    )
    assert "did not finish within 0.5 s" in lines[1]


def test_a_second_build_waits_for_the_first_then_runs(site: Path) -> None:
    with build_lock(site, "newsgen build", 0, print):
        process = build_process(site, "--wait", "60")
        assert process.stderr is not None
        assert process.stderr.readline().startswith("newsgen: waiting for another build")
        assert process.poll() is None
    stdout, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    assert stdout.startswith("built ")


def test_a_running_session_is_not_waited_for(site: Path) -> None:
    with build_lock(site, "newsgen serve", 0, print):
        process = build_process(site, "--wait", "60")
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "another newsgen is watching this site" in stderr
    assert f"(pid {os.getpid()}: newsgen serve)" in stderr


def test_the_lock_nests_within_one_process_and_is_released(site: Path) -> None:
    with build_lock(site, "newsgen serve", 0, print):
        with build_lock(site, "newsgen build", 0, print):
            pass
        assert build_in_process(site).exit_code == 0  # a build inside a session does not block
    result = build_process(site, "--wait", "0")
    assert result.wait(timeout=60) == 0


def test_two_builds_started_together_both_succeed(site: Path, expected: dict[str, bytes]) -> None:
    first, second = build_process(site), build_process(site)
    outputs = [first.communicate(timeout=120), second.communicate(timeout=120)]
    assert (first.returncode, second.returncode) == (0, 0), outputs
    assert published(site) == expected
    assert leftovers(site) == []


def test_serve_holds_the_lock_and_stops_on_sigterm(site: Path) -> None:
    command = [sys.executable, "-m", "newsgen", "--site", str(site), "serve", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        while not (line := server.stdout.readline()).startswith("serving http://127.0.0.1:"):
            assert line, server.communicate()  # the server is still up, building or serving
        refused = build_process(site, "--wait", "5")
        _, stderr = refused.communicate(timeout=60)
        assert refused.returncode == 1
        assert f"(pid {server.pid}: newsgen serve)" in stderr
    finally:
        server.send_signal(signal.SIGTERM)
        stdout, stderr = server.communicate(timeout=60)
    assert server.returncode == 0, stderr
    assert stdout.endswith("stopped\n")
    assert build_process(site, "--wait", "0").wait(timeout=120) == 0


def resize(mount: Path, size: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(mount)], check=True)


def test_a_really_full_disk_leaves_the_site(small_disk: Path) -> None:
    root = small_disk / "site"
    generated_site(root, 60)
    assert build_in_process(root).exit_code == 0
    config = root / "newsgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("Test Times", "Other Times"))
    status = os.statvfs(small_disk)
    used = (status.f_blocks - status.f_bfree) * status.f_frsize
    resize(small_disk, used + 128 * 1024)  # far less than the 120 pages about to change
    before = published(root)
    result = build_in_process(root)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert published(root) == before
    assert leftovers(root) == []
    resize(small_disk, 64 * 1024 * 1024)
    again = build_in_process(root)
    assert again.exit_code == 0, again.output
    assert b"Other Times" in (root / "build" / "index.html").read_bytes()


def bytes_read() -> int:
    """Bytes this process has read through system calls so far (Linux /proc)."""
    for line in Path("/proc/self/io").read_text(encoding="ascii").splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


BIG = 64 * 1024 * 1024
"""A sparse file this large costs no disk; reading it whole would read 8 times the limit."""


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/self/io")
@pytest.mark.parametrize("folder", ["content/huge.md", "seeds/huge.txt"])
def test_a_huge_source_file_is_never_read_whole(tmp_path: Path, folder: str) -> None:
    from newsgen.builder import BuildOptions, build_site
    from newsgen.config.site import load_config
    from newsgen.content.articles import MAX_FILE_BYTES
    from newsgen.diagnostics import NewsgenError

    root = tmp_path / "site"
    generated_site(root, 3)
    huge = root / folder
    huge.parent.mkdir(exist_ok=True)
    with huge.open("wb") as file:
        file.truncate(BIG)
    before = bytes_read()
    with pytest.raises(NewsgenError, match="larger than 8 MB"):
        build_site(load_config(root), BuildOptions())  # with the cache: loader._read_cached
    assert bytes_read() - before < 3 * MAX_FILE_BYTES


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/self/io")
def test_a_seed_grown_huge_after_its_import_is_not_read_whole(tmp_path: Path) -> None:
    from newsgen.config.site import load_config
    from newsgen.content.articles import MAX_FILE_BYTES
    from newsgen.content.check import check_site

    root = tmp_path / "site"
    generated_site(root, 1)
    seed = root / "seeds" / "old.txt"
    seed.parent.mkdir()
    seed.write_text("A title\n\nMarch 3, 2024\n\nThe story.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--site", str(root), "import"])
    assert result.exit_code == 0, result.output
    with seed.open("r+b") as file:
        file.truncate(BIG)
    before = bytes_read()
    found = [d.format() for d in check_site(load_config(root), datetime.now().astimezone())]
    assert bytes_read() - before < 3 * MAX_FILE_BYTES
    assert any("seeds/old.txt changed since it was imported" in line for line in found), found


@pytest.mark.parametrize(("size", "read"), [(20, True), (BIG, False)])
def test_a_file_that_grows_as_it_is_read_is_read_whole_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, read: bool
) -> None:
    """The file is read as long as its size said when opened, and on (up to the limit and one
    byte) when it grew since: here its size is said to be 10 bytes."""
    from newsgen.content import articles

    path = tmp_path / "grown.md"
    path.write_bytes(b"x" * size)
    real = os.fstat

    def said_smaller(descriptor: int) -> os.stat_result:
        found = list(real(descriptor))
        found[stat.ST_SIZE] = 10
        return os.stat_result(found)

    monkeypatch.setattr(articles.os, "fstat", said_smaller)
    if read:
        assert articles.read_limited(path, "content/grown.md") == b"x" * size
    else:
        with pytest.raises(ContentError, match="larger than 8 MB"):
            articles.read_limited(path, "content/grown.md")


@pytest.mark.parametrize("name", ["content/pipe.md", "seeds/pipe.txt"])
def test_a_pipe_in_the_sources_is_refused_not_waited_on(tmp_path: Path, name: str) -> None:
    root = tmp_path / "site"
    generated_site(root, 3)
    pipe = root / name
    pipe.parent.mkdir(exist_ok=True)
    os.mkfifo(pipe)
    process = build_process(root)
    try:
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 1, (stdout, stderr)
    assert f"{name}: error: this is not a regular file" in stderr
    assert "Traceback" not in stderr


def test_a_folder_never_made_where_a_file_stands_is_undone_and_the_next_build_runs(
    tmp_path: Path,
) -> None:
    """The journal logs a mkdir before it is made: where a file stood (`aliases: [/_redirects]`
    asks for a redirect page in the folder _redirects/, beside the _redirects file), the mkdir
    failed, undoing it failed too (not a folder), and every later build stopped there, --clean
    included, until .newsgen/ was deleted by hand."""
    root = tmp_path / "site"
    generated_site(root, 3)
    article = root / "content" / "00000.md"
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("---\n", "---\naliases: [/old/]\n", 1), "utf-8")
    assert build_in_process(root).exit_code == 0
    before = published(root)
    article.write_text(original.replace("---\n", "---\naliases: [/_redirects]\n", 1), "utf-8")
    assert build_in_process(root).exit_code == 1
    assert published(root) == before
    article.write_text(original, encoding="utf-8")
    again = build_in_process(root)
    assert again.exit_code == 0, again.output
    assert leftovers(root) == []
    cold = tmp_path / "cold"
    shutil.copytree(root / "content", cold / "content")
    shutil.copy(root / "newsgen.yaml", cold / "newsgen.yaml")
    assert build_in_process(cold).exit_code == 0
    assert tree(root / "build") == tree(cold / "build")


def test_undoing_a_mkdir_that_met_a_file_leaves_the_file(tmp_path: Path) -> None:
    target = tmp_path / "_redirects"
    target.write_bytes(b"/old/ /new/ 301\n")
    assert journaling.undo_steps([["mkdir", os.fspath(target)]]) is None
    assert target.read_bytes() == b"/old/ /new/ 301\n"


@pytest.mark.parametrize("make", ["file", "folder"])
def test_a_file_or_folder_in_the_way_is_told_as_such(tmp_path: Path, make: str) -> None:
    """A file left by hand where the site needs a folder (or a folder where it needs a file)
    was told as a full disk or an unwritable folder."""
    root = tmp_path / "site"
    generated_site(root, 1)
    in_the_way = root / "build" / "2024" / "01" / "01"
    if make == "file":
        in_the_way.parent.mkdir(parents=True)
        in_the_way.write_text("notes\n", encoding="utf-8")
    else:
        in_the_way = in_the_way / "article-0" / "index.html"
        in_the_way.mkdir(parents=True)
    done = build_in_process(root)
    assert done.exit_code == 1
    (line,) = [line for line in done.stderr.splitlines() if "error:" in line]
    assert line.startswith(f"{in_the_way.relative_to(root).as_posix()}: error: cannot write: ")
    assert line.endswith(
        "(a file stands where the site needs a folder, or a folder where it needs a file: move "
        "it out of the output folder; the published site was not changed)"
    )
