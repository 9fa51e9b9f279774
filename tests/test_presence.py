"""The check, in another process, of which published files are still there: its answer is the
files' own (a stat of each), and when it cannot answer, nothing is taken for granted."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsgen.publish import presence
from newsgen.publish.commit import MANIFEST
from newsgen.publish.presence import MIN_CHECKED, PresenceCheck
from newsgen.publish.writer import Staging
from newsgen.runtime import workers


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "worker_count", lambda: 2)


def output_with(root: Path, names: list[str]) -> Path:
    """An output folder holding `names` (files; a name ending in '/' a folder)."""
    output = root / "build"
    for name in names:
        path = output / name.rstrip("/")
        if name.endswith("/"):
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(name, encoding="utf-8")
    return output


def manifest(root: Path, names: list[str]) -> Path:
    path = root / "manifest.json"
    path.write_text(json.dumps({"output": "x", "files": names}), encoding="utf-8")
    return path


@pytest.mark.usefixtures("two_cores")
def test_the_checker_answers_with_the_files_that_are_there(tmp_path: Path) -> None:
    output = output_with(tmp_path, ["a/index.html", "é/ü index.html", "folder.html/", "t.xml"])
    (output / "link.html").symlink_to(output / "t.xml")
    (output / "dangling.html").symlink_to(output / "nowhere")
    listed = ["a/index.html", "é/ü index.html", "folder.html", "gone/index.html", "link.html"]
    listed += ["dangling.html", "t.xml", 7]  # type: ignore[list-item] # a damaged entry
    check = PresenceCheck(str(output), manifest(tmp_path, listed), MIN_CHECKED)
    check.start()
    assert check.present() == {"a/index.html", "é/ü index.html", "link.html", "t.xml"}
    check.close()  # once answered, nothing is left to stop


@pytest.mark.usefixtures("two_cores")
@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_text("{not json", encoding="utf-8"),
        lambda path: path.unlink(),
        lambda path: path.write_text('{"files": 3}', encoding="utf-8"),
    ],
    ids=["not JSON", "no manifest", "no list"],
)
def test_a_checker_that_fails_vouches_for_no_file(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    output = output_with(tmp_path, ["a/index.html"])
    listing = manifest(tmp_path, ["a/index.html"])
    damage(listing)
    check = PresenceCheck(str(output), listing, MIN_CHECKED)
    check.start()
    assert check.present() == frozenset()


@pytest.mark.parametrize(
    ("files", "cores", "frozen"),
    [(MIN_CHECKED - 1, 2, False), (MIN_CHECKED, 1, False), (MIN_CHECKED, 2, True)],
    ids=["few files", "one core", "a frozen application"],
)
def test_the_build_stats_the_files_itself_without_a_python_and_a_core_to_spare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int, cores: int, frozen: bool
) -> None:
    monkeypatch.setattr(workers, "worker_count", lambda: cores)
    monkeypatch.setattr(sys, "frozen", frozen, raising=False)
    output = output_with(tmp_path, ["a/index.html"])
    check = PresenceCheck(str(output), manifest(tmp_path, ["a/index.html"]), files)
    check.start()
    assert check.present() == frozenset()
    assert check.are_files(["a/index.html", "b/index.html"]) == [True, False]


def checker_script(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "checker.py"
    script.write_text(f"import sys, time\n{body}\n", encoding="utf-8")
    return script


@pytest.mark.usefixtures("two_cores")
def test_an_answer_cut_short_vouches_for_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = 'sys.stdout.buffer.write(b"a/index.html\\0")'  # then exits 0, without DONE
    monkeypatch.setattr(presence, "SCRIPT", checker_script(tmp_path, written))
    output = output_with(tmp_path, ["a/index.html"])
    check = PresenceCheck(str(output), manifest(tmp_path, ["a/index.html"]), MIN_CHECKED)
    check.start()
    assert check._checker is not None  # it ran, and said what it found, but not `done`
    assert check.present() == frozenset()


@pytest.mark.usefixtures("two_cores")
def test_close_kills_a_checker_not_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[subprocess.Popen[bytes]] = []
    start = subprocess.Popen

    def popen(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(start(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(presence, "SCRIPT", checker_script(tmp_path, "time.sleep(60)"))
    check = PresenceCheck(str(tmp_path), manifest(tmp_path, []), MIN_CHECKED)
    check.start()
    check.close()
    assert started[0].returncode == -signal.SIGKILL  # killed, and collected: no zombie
    assert started[0].stdout is not None and started[0].stdout.closed
    check.close()  # twice is harmless


@pytest.mark.usefixtures("two_cores")
def test_a_build_stopped_while_it_waits_stops_the_checker_and_its_staging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(presence, "SCRIPT", checker_script(tmp_path, "time.sleep(60)"))
    output, work = output_with(tmp_path, ["a/index.html"]), tmp_path / ".newsgen"
    work.mkdir()
    manifest(tmp_path, ["a/index.html"]).rename(work / MANIFEST)
    staging = Staging(output, work, keeping=MIN_CHECKED)
    with pytest.raises(KeyboardInterrupt), staging:
        checker = staging.presence._checker
        assert checker is not None and checker.stdout is not None
        monkeypatch.setattr(checker.stdout, "read", stop_here)  # Ctrl-C while it waits
        staging.keep_published(["/a/"], ["a.md"])
    assert checker.returncode == -signal.SIGKILL
    assert not staging.folder.base.exists()


def stop_here(*args: object) -> bytes:
    raise KeyboardInterrupt
