"""Output: files are staged beside the live site and applied only once the whole build succeeded.

Only files newsgen itself wrote are ever removed: each successful build records its output
files in `.newsgen/manifest.json`, and the next build removes those it no longer produces.
Anything else in the output folder (a deployment's `.git`, a file put there by hand, or the
whole site when `output_dir` points at a folder holding other things) is never deleted.

Publishing is all or nothing. Each file is moved into place atomically, and every change to
the live folder is first written to a journal (`.newsgen/commit-<pid>/`) with the file it
replaced kept beside it. A staged folder with no live counterpart yet (all of it on a cold
build) is moved into place whole, with one rename, and journaled with the names of the files
in it, so that undoing it removes exactly those files and then its folders once empty, as
undoing one step per file and folder would. An output folder on a file system of its own (a
mounted volume) cannot take a rename from `.newsgen/`: each file is then copied beside its
target and renamed over it there, and folders go file by file. When any step fails (disk
full, a folder not writable) or the build is told to stop, the journal is played backwards and
the live folder is as it was. A commit cut short by a crash (`kill -9`) is undone
the same way by the next build (its journal is flushed, not synced: a power cut may lose its
last lines). SIGINT and SIGTERM are held back while the journal is
applied, so they stop the build between two steps.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO

from newsgen.diagnostics import ContentError, shown_path
from newsgen.plan import urls
from newsgen.runtime.interrupts import Deferred, deferred

MANIFEST = "manifest.json"
JOURNAL = "journal"
WRITE_HINT = "free some disk space or make the folder writable; the published site was not changed"


class Staging:
    """A build's output: unchanged files are left alone, changed ones staged, then applied."""

    def __init__(self, output: Path, work: Path, rewrite: bool = False) -> None:
        self.output = output
        self.rewrite = rewrite
        """Write every file, even those whose bytes did not change."""
        self.work = work
        self.staging = work / f"staging-{os.getpid()}"
        self.manifest = work / MANIFEST
        self.output_key = os.path.relpath(output, work)
        """Identifies the output folder in the manifest (it can be moved in the config)."""
        self.produced: dict[str, str] = {}
        """Output file ('a/b/index.html') -> what produced it."""
        self.changed: list[str] = []
        self.staged: set[str] = {""}
        """Folders made in the staging folder ('' is the staging folder itself)."""
        self.stray = False
        """A staging write failed: a staged folder may hold a file not in `changed`, so no
        folder is moved in whole."""
        self.folders: dict[str, str] = {}
        """Output folders ('' is the output itself) checked to lie inside it, symlinks resolved.

        Plain strings, not paths: a 10,000-article build looks up tens of thousands of them.
        """

    def __enter__(self) -> Staging:
        with deferred(), self._write_errors():
            undo_unfinished_commits(self.work, self.output)
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir(parents=True)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with deferred():  # a second Ctrl-C must not leave half a staging folder behind
            shutil.rmtree(self.staging, ignore_errors=True)

    @contextlib.contextmanager
    def _write_errors(self) -> Iterator[None]:
        """An OSError (disk full, no permission) becomes one error naming the file."""
        try:
            yield
        except OSError as exc:
            where = Path(os.fsdecode(exc.filename)) if exc.filename else self.output
            problem = exc.strerror or str(exc)
            path = shown_path(where, self.work.parent)
            raise ContentError(path, 0, f"cannot write: {problem}", WRITE_HINT) from None

    def add(self, url: str, data: bytes, source: str) -> None:
        """Stage the file for `url`; `source` names what produced it, for clash reports."""
        relative = urls.output_name(url)
        if relative in self.produced:
            message = f"{url} is produced twice (also by {self.produced[relative]})"
            raise ContentError(source, 0, message, "change a slug or the article_path pattern")
        self.produced[relative] = source
        folder, _, name = relative.rpartition("/")
        live = _join(self._live_folder(folder, url, source), name)
        if not self.rewrite and _holds(live, data):
            return
        with self._write_errors():
            try:
                if folder not in self.staged:
                    self._make_staged(folder)
                stage_file(self.staging / relative, data)
            except OSError:
                self.stray = True
                raise
        self.changed.append(relative)

    def _make_staged(self, folder: str) -> None:
        """Make the staging folder for `folder` ('a/b') and its missing parents, each once."""
        missing = []
        while folder not in self.staged:
            missing.append(folder)
            folder = folder.rpartition("/")[0]
        base = os.fspath(self.staging)
        for name in reversed(missing):
            path = _join(base, name)
            try:
                os.mkdir(path)  # noqa: PTH102 - once per folder; Path objects cost more
            except FileExistsError:
                if not os.path.isdir(path):  # noqa: PTH112 - see above
                    raise
            self.staged.add(name)

    def keep(self, url: str, source: str) -> bool:
        """Count the file for `url` as produced, unchanged; False when it is not there to keep."""
        relative = urls.output_name(url)
        if self.rewrite or relative in self.produced:
            return False
        folder, _, name = relative.rpartition("/")
        live = _join(self._live_folder(folder, url, source), name)
        if not os.path.isfile(live):  # noqa: PTH113 - once per page; Path objects cost more
            return False
        self.produced[relative] = source
        return True

    def current_path(self, url: str) -> Path:
        """The file this build publishes for `url`: staged when changed, else the live one."""
        relative = urls.output_name(url)
        staged = self.staging / relative
        if staged.is_file():
            return staged
        folder, _, name = relative.rpartition("/")
        return Path(self.folders[folder], name)

    def keep_tree(self, url: str, source: str) -> bool:
        """Count every live file under the folder `url` as produced; False when there is none."""
        relative = urls.output_name(url).rpartition("/")[0]
        folder = Path(self._live_folder(relative, url, source))
        prefix = f"{relative}/" if relative else ""
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        names = [prefix + path.relative_to(folder).as_posix() for path in files]
        if self.rewrite or not names or any(name in self.produced for name in names):
            return False
        for name in names:
            self.produced[name] = source
        return True

    def _live_folder(self, folder: str, url: str, source: str) -> str:
        try:
            return self._checked(folder)
        except urls.UnsafePathError:
            message = f"{url} would be written outside the output folder through a link"
            raise ContentError(source, 0, message, "remove the symlink") from None

    def _checked(self, folder: str) -> str:
        """The live folder for `folder` ('a/b'), checked inside the output from its parent.

        Each distinct folder is looked at once per build (an lstat; a resolve only for a link).
        """
        known = self.folders.get(folder)
        if known is not None:
            return known
        if not folder:
            checked = os.fspath(self.output.resolve())
        else:
            parent, _, name = folder.rpartition("/")
            checked = urls.step_inside(Path(self._checked("")), self._checked(parent), name)
        self.folders[folder] = checked
        return checked

    def commit(self) -> tuple[int, int]:
        """Publish: move changed files (new folders whole) into place, remove stale ones.

        Returns (files written, files removed). On any failure, or SIGINT/SIGTERM, every
        change already made is undone before the error is raised.
        """
        with deferred() as held, self._write_errors():
            journal = Journal.begin(self.work)
            try:
                removed = self._apply(journal, held)
                journal.log.close()
            except BaseException as exc:
                if not journal.undo():
                    output = shown_path(self.output, self.work.parent)
                    raise HalfPublishedError(output, exc) from None
                raise
            journal.finish()
        return len(self.changed), removed

    def _apply(self, journal: Journal, held: Deferred) -> int:
        tops = self._new_trees()
        if tops.get("") is None:
            journal.make_folders(self.output.resolve())
        names: dict[str, list[str]] = {}
        for relative in self.changed:
            top = tops[relative.rpartition("/")[0]]
            if top is not None:
                names.setdefault(top, []).append(relative[len(top) + 1 :] if top else relative)
        whole: dict[str, bool] = {}
        made: set[Path] = set()
        for relative in self.changed:
            held.check()
            parent, _, name = relative.rpartition("/")
            top = tops[parent]
            if top is not None:
                if top not in whole:
                    whole[top] = self._move_tree(journal, top, names[top])
                if whole[top]:
                    continue  # moved in with its folder
            folder = Path(self.folders[parent])
            if folder not in made:
                journal.make_folders(folder)
                made.add(folder)
            journal.replace(self.staging / relative, folder / name)
        removed = self._remove_stale(journal, held, self._previous_files() - set(self.produced))
        held.check()
        self._write_manifest(journal)
        return removed

    def _new_trees(self) -> dict[str, str | None]:
        """Staged folder -> the top of the new tree it lies in, None when it is not in one.

        A new tree is a staged folder with nothing at its place in the live site, under a live
        folder that is there (checked as `_checked` did, so not through a link): it can be
        moved in whole. Each staged folder costs one lstat, a missing one an lstat more.
        """
        if not self.changed or self.stray:
            return dict.fromkeys(self.staged)
        tops: dict[str, str | None] = {}

        def top_of(folder: str) -> str | None:
            if folder in tops:
                return tops[folder]
            live = self.folders[folder]
            if not folder:
                top = None if os.path.lexists(live) else ""
            else:
                parent, _, name = folder.rpartition("/")
                top = top_of(parent)
                above = self.folders[parent]
                if top is None and live == _join(above, name) and _absent_under(live, above):
                    top = folder
            tops[folder] = top
            return top

        for folder in self.staged:
            top_of(folder)
        return tops

    def _move_tree(self, journal: Journal, top: str, names: list[str]) -> bool:
        """Move the staged folder `top` into place whole; False when it must go file by file.

        It is checked again: a file moved in one by one since may have made its place.
        """
        target = Path(self.folders[top])
        if not top:
            journal.make_folders(target.parent)
        if not _absent_under(os.fspath(target), os.fspath(target.parent)):
            return False
        if not same_disk(self.staging, target.parent):
            return False  # a folder cannot be renamed onto another file system
        journal.add_tree(self.staging / top if top else self.staging, target, names)
        return True

    def _previous_files(self) -> set[str]:
        """Files the last successful build wrote to this output folder; none when unknown."""
        try:
            recorded = json.loads(self.manifest.read_text(encoding="utf-8"))
            if recorded["output"] != self.output_key:
                return set()
            return {name for name in recorded["files"] if isinstance(name, str) and _plain(name)}
        except (OSError, ValueError, KeyError, TypeError):
            return set()

    def _remove_stale(self, journal: Journal, held: Deferred, stale: set[str]) -> int:
        removed = 0
        root = self.output.resolve()
        folders: set[Path] = set()
        for relative in sorted(stale):
            held.check()
            parent, _, name = relative.rpartition("/")
            try:
                path = Path(self._checked(parent), name)
            except urls.UnsafePathError:
                continue
            if path.is_file() and not path.is_symlink():
                journal.remove(path)
                removed += 1
                folders.update(p for p in path.parents if p.is_relative_to(root) and p != root)
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                journal.remove_folder(folder)
        return removed

    def _write_manifest(self, journal: Journal) -> None:
        files = sorted(self.produced)
        record = {"output": self.output_key, "files": files}
        staged = journal.folder / MANIFEST  # not in staging/, where a site file could be
        stage_file(staged, (json.dumps(record, indent=0) + "\n").encode("utf-8"))
        journal.replace(staged, self.manifest)


class HalfPublishedError(ContentError):
    """Publishing failed and so did undoing it: the output is part old, part new."""

    def __init__(self, output: str, cause: BaseException) -> None:
        message = f"publishing failed ({cause}) and could not be fully undone"
        hint = "the next build restores the previous site first; fix the cause and build again"
        super().__init__(output, 0, message, hint)


class Journal:
    """The changes one commit made to the live folder, logged before each is made, undoable.

    Lines of `journal` are JSON lists: ["new", target], ["replace", target, kept],
    ["remove", target, kept], ["mkdir", folder], ["rmdir", folder], and
    ["newtree", folder, name, ...] for a folder moved in whole where nothing was, holding the
    files `name` ('a/index.html', relative to it) and no others; `kept` is where the file
    that was at `target` is kept (a hard link, so readers never see a missing file).
    """

    def __init__(self, folder: Path, log: IO[str]) -> None:
        self.folder = folder
        self.log = log
        self.steps: list[list[str]] = []

    @classmethod
    def begin(cls, work: Path) -> Journal:
        """A new, empty journal for this process."""
        folder = work / f"commit-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "kept").mkdir(parents=True)
        return cls(folder, (folder / JOURNAL).open("w", encoding="utf-8"))

    def _step(self, *step: str) -> None:
        try:
            self.log.write(json.dumps(step) + "\n")
            self.log.flush()  # on disk before the step is taken: a crash leaves it to be undone
        except OSError as exc:
            exc.filename = exc.filename or str(self.folder / JOURNAL)
            raise
        self.steps.append(list(step))

    def _kept(self) -> Path:
        return self.folder / "kept" / str(len(self.steps))

    def replace(self, staged: Path, target: Path) -> None:
        """Move `staged` over `target`, keeping what was there."""
        if os.path.lexists(target):
            kept = self._kept()
            self._step("replace", str(target), str(kept))
            keep_copy(target, kept)
        else:
            self._step("new", str(target))
        move_file(staged, target)

    def remove(self, target: Path) -> None:
        """Take `target` out of the live folder, keeping it."""
        kept = self._kept()
        self._step("remove", str(target), str(kept))
        move_file(target, kept)

    def add_tree(self, staged: Path, target: Path, names: list[str]) -> None:
        """Move the folder `staged`, holding the files `names`, to `target`, where nothing is."""
        self._step("newtree", str(target), *names)
        move_file(staged, target)

    def make_folders(self, folder: Path) -> None:
        """Create `folder` and any missing parents."""
        missing = []
        while not folder.is_dir() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            self._step("mkdir", str(path))
            path.mkdir()

    def remove_folder(self, folder: Path) -> None:
        """Remove an empty folder."""
        self._step("rmdir", str(folder))
        folder.rmdir()

    def finish(self) -> None:
        """The commit is complete: forget the journal and the files it kept."""
        (self.folder / JOURNAL).unlink()  # from here on, nothing will undo this commit
        shutil.rmtree(self.folder, ignore_errors=True)

    def undo(self) -> bool:
        """Play the steps backwards; True when all were undone (the journal is then removed)."""
        with contextlib.suppress(OSError):  # its last line may not fit on a full disk
            self.log.close()
        if not undo_steps(self.steps):
            return False
        shutil.rmtree(self.folder, ignore_errors=True)
        return True


def undo_steps(steps: list[list[str]]) -> bool:
    """Undo journal steps, last first, going on past failures; True when none failed."""
    failed = False
    for step in reversed(steps):
        try:
            _undo_step(step)
        except (OSError, ValueError, IndexError):
            failed = True
    return not failed


def _undo_step(step: list[str]) -> None:
    kind, target = step[0], Path(step[1])
    if kind in ("replace", "remove"):
        kept = Path(step[2])
        if os.path.lexists(kept):
            rename(kept, target)
    elif kind == "new":
        target.unlink(missing_ok=True)
    elif kind == "mkdir":
        with contextlib.suppress(FileNotFoundError):
            target.rmdir()
    elif kind == "rmdir":
        target.mkdir(exist_ok=True)
    elif kind == "newtree":
        _remove_tree(os.fspath(target), step[2:])
    else:
        raise ValueError(kind)


def _remove_tree(top: str, names: list[str]) -> None:
    """Undo a "newtree" step: remove its files, then its folders (`top` last) once empty.

    Exactly what undoing a "mkdir" step per folder and a "new" step per file would do: what
    is missing is skipped, and a folder holding anything else is left, failing the undo (the
    others are still removed).
    """
    if not all(_plain(name) for name in names):
        raise ValueError(names)
    folders = {""}
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(_join(top, name))  # noqa: PTH108 - once per file; Path objects cost more
        folder = name.rpartition("/")[0]
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    failed: OSError | None = None
    for folder in sorted(folders, key=lambda f: f.count("/") + bool(f), reverse=True):
        try:
            os.rmdir(_join(top, folder) if folder else top)  # noqa: PTH106 - see above
        except FileNotFoundError:
            pass
        except OSError as exc:
            failed = failed or exc
    if failed:
        raise failed


def undo_unfinished_commits(work: Path, output: Path) -> None:
    """Undo the commit of any build that stopped in the middle of one, and drop its staging.

    Only folders of processes that are gone (or of this one) are touched.
    """
    for folder in sorted(work.glob("commit-*")) if work.is_dir() else []:
        if _abandoned(folder):
            steps = _read_journal(folder / JOURNAL, [output.resolve(), work.resolve()])
            if steps is None or undo_steps(steps):
                shutil.rmtree(folder, ignore_errors=True)
    for folder in sorted(work.glob("staging-*")) if work.is_dir() else []:
        if _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _abandoned(folder: Path) -> bool:
    pid = folder.name.partition("-")[2]
    return pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid)))


def _read_journal(path: Path, roots: list[Path]) -> list[list[str]] | None:
    """The journal's complete steps that stay inside `roots`; None when there is no journal."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    steps = []
    for line in lines:
        try:
            step = json.loads(line)
        except ValueError:
            break  # the last line, cut short by the crash
        if isinstance(step, list) and all(isinstance(part, str) for part in step) and step:
            tree = step[0] == "newtree"  # its names are relative to its folder, and plain
            paths = [Path(part) for part in step[1 : 2 if tree else None]]
            inside = all(any(p.is_relative_to(root) for root in roots) for p in paths)
            if inside and (not tree or all(_plain(name) for name in step[2:])):
                steps.append(step)
    return steps


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stage_file(path: Path, data: bytes) -> None:
    """Write a new file (the one place the writer writes bytes; tests inject faults here)."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        exc.filename = exc.filename or str(path)  # a failed write() names no file
        raise


def move_file(source: Path, target: Path) -> None:
    """Rename atomically (the one place the writer renames; tests inject faults here)."""
    rename(source, target)


def rename(source: Path, target: Path) -> None:
    """Move a file or folder to `target` in one step a reader cannot see half done.

    Across two file systems (an output folder that is a mount of its own) a file is copied
    beside its target first, then renamed over it there; a folder cannot be, and the caller
    moves its files one by one instead (`same_disk`).
    """
    try:
        source.replace(target)
    except OSError as exc:
        if exc.errno != errno.EXDEV or source.is_dir():
            raise
        beside = target.with_name(f".{target.name}.newsgen-{os.getpid()}")
        try:
            shutil.copy2(source, beside, follow_symlinks=False)
            beside.replace(target)
        except BaseException:
            beside.unlink(missing_ok=True)
            raise
        source.unlink()


def same_disk(first: Path, second: Path) -> bool:
    """True when both folders are on one file system, so one can be renamed into the other."""
    return first.stat().st_dev == second.stat().st_dev


def keep_copy(source: Path, kept: Path) -> None:
    """Keep the file at `source` (a hard link; a copy where links are not possible)."""
    try:
        os.link(source, kept, follow_symlinks=False)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            raise
        shutil.copy2(source, kept, follow_symlinks=False)


def _absent_under(path: str, parent: str) -> bool:
    """Nothing is at `path` (not even a dangling link), and `parent` is a real folder."""
    if os.path.lexists(path):  # once per folder: Path objects cost more
        return False
    return os.path.isdir(parent) and not os.path.islink(parent)  # noqa: PTH112, PTH114


def _holds(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):  # noqa: PTH116 - once per page, see _join
            return False
        with open(path, "rb") as handle:  # noqa: PTH123 - see above
            return handle.read() == data
    except OSError:
        return False


def _join(folder: str, name: str) -> str:
    """`folder/name` as a string: at 10,000 articles Path objects cost more than the stats."""
    return os.path.join(folder, name)  # noqa: PTH118


def _plain(name: str) -> bool:
    """A relative file name as the manifest records them: 'a/b.html', no '..', '.' or '//'."""
    return not name.startswith("/") and all(p not in ("", ".", "..") for p in name.split("/"))
