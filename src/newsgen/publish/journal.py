"""The publishing journal: every change to the live folder is logged before it is made, so
that a failed or interrupted commit (or one cut short by a crash) can be played backwards.

The journal is flushed, not synced: a power cut may lose its last lines.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
from pathlib import Path
from typing import IO

from newsgen.diagnostics import ContentError, shown_path
from newsgen.publish import files

JOURNAL = "journal"
TOKEN = "token"
"""Names the commit (a file beside its journal): the cache records it in the same transaction
as the keys of the files published, which makes the commit final (see `Journal.finish`)."""


class HalfPublishedError(ContentError):
    """Publishing failed and so did undoing it: the output is part old, part new."""

    def __init__(self, output: str, message: str) -> None:
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

    def __init__(self, folder: Path, log: IO[str], token: str) -> None:
        self.folder = folder
        self.log = log
        self.token = token
        self.steps: list[list[str]] = []

    @classmethod
    def begin(cls, work: Path) -> Journal:
        """A new, empty journal for this process, with a token of its own."""
        folder = work / f"commit-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "kept").mkdir(parents=True)
        token = secrets.token_hex(16)
        (folder / TOKEN).write_text(token, encoding="utf-8")
        return cls(folder, (folder / JOURNAL).open("w", encoding="utf-8"), token)

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
            files.keep_copy(target, kept)
        else:
            self._step("new", str(target))
        files.move_file(staged, target)

    def remove(self, target: Path) -> None:
        """Take `target` out of the live folder, keeping it."""
        kept = self._kept()
        self._step("remove", str(target), str(kept))
        files.move_file(target, kept)

    def add_tree(self, staged: Path, target: Path, names: list[str]) -> None:
        """Move the folder `staged`, holding the files `names`, to `target`, where nothing is."""
        self._step("newtree", str(target), *names)
        files.move_file(staged, target)

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
        """The commit is complete, and recorded (`token`) with what it published: forget the
        journal and the files it kept."""
        (self.folder / JOURNAL).unlink()  # from here on, nothing will undo this commit
        shutil.rmtree(self.folder, ignore_errors=True)

    def undo(self) -> bool:
        """Play the steps backwards; True when all were undone (the journal is then removed)."""
        with contextlib.suppress(OSError):  # its last line may not fit on a full disk
            self.log.close()
        if undo_steps(self.steps) is not None:
            return False
        shutil.rmtree(self.folder, ignore_errors=True)
        return True


def undo_steps(steps: list[list[str]]) -> Exception | None:
    """Undo journal steps, last first, going on past failures; the first failure, if any."""
    failed: Exception | None = None
    for step in reversed(steps):
        try:
            _undo_step(step)
        except (OSError, ValueError, IndexError) as exc:
            failed = failed or exc
    return failed


def _undo_step(step: list[str]) -> None:
    kind, target = step[0], Path(step[1])
    if kind in ("replace", "remove"):
        kept = Path(step[2])
        if os.path.lexists(kept):
            files.rename(kept, target)
    elif kind == "new":
        target.unlink(missing_ok=True)
    elif kind == "mkdir":
        _remove_folder(os.fspath(target))
    elif kind == "rmdir":
        target.mkdir(exist_ok=True)
    elif kind == "newtree":
        _remove_tree(os.fspath(target), step[2:])
    else:
        raise ValueError(kind)


def _remove_tree(top: str, names: list[str]) -> None:
    """Undo a "newtree" step: remove its files, then its folders (`top` last) once empty.

    Exactly what undoing a "mkdir" step per folder and a "new" step per file would do: what
    is missing is skipped, and a folder holding anything else is left (`_remove_folder`).
    """
    if not all(files.plain(name) for name in names):
        raise ValueError(names)
    folders = {""}
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(files.join(top, name))  # noqa: PTH108 - once per file; Path objects cost more
        folder = name.rpartition("/")[0]
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    failed: OSError | None = None
    for folder in sorted(folders, key=lambda f: f.count("/") + bool(f), reverse=True):
        try:
            _remove_folder(files.join(top, folder) if folder else top)
        except OSError as exc:
            failed = failed or exc
    if failed:
        raise failed


def _remove_folder(path: str) -> None:
    """Remove a folder a commit made, unless something else was put in it since: it is not
    the commit's alone any more, and is left, its undoing done all the same. A file there is
    left too: the step is logged before it is taken, and a mkdir where a file is fails."""
    try:
        os.rmdir(path)  # noqa: PTH106 - once per folder; Path objects cost more
    except FileNotFoundError:
        pass
    except OSError as exc:
        if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
            raise


def undo_unfinished_commits(work: Path, output: Path, recorded: str = "") -> None:
    """Undo the commit of any build that stopped before its commit was final, and drop its
    staging. A build that stopped once the cache had recorded its commit (`recorded`, the
    token the cache holds) published a site the cache knows: its commit is finished instead.

    Only folders of processes that are gone (or of this one) are touched. A commit that
    cannot be fully undone is kept, and stops the build (`HalfPublishedError`): published
    over, its journal would later undo the newer files.
    """
    for folder in sorted(work.glob("commit-*")) if work.is_dir() else []:
        if not _abandoned(folder):
            continue
        if recorded and _token(folder) == recorded:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        steps = _read_journal(folder / JOURNAL, [output.resolve(), work.resolve()])
        failed = None if steps is None else undo_steps(steps)
        if failed is not None:
            message = f"an earlier build's publishing could not be fully undone ({failed})"
            raise HalfPublishedError(shown_path(output, work.parent), message)
        shutil.rmtree(folder, ignore_errors=True)
    for folder in sorted(work.glob("staging-*")) if work.is_dir() else []:
        if _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _token(folder: Path) -> str:
    try:
        return (folder / TOKEN).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _abandoned(folder: Path) -> bool:
    pid = folder.name.partition("-")[2]
    return pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid)))


def _read_journal(path: Path, roots: list[Path]) -> list[list[str]] | None:
    """The journal's complete steps that stay inside `roots` (resolved, as each step's paths
    are: a `.newsgen` reached through a link is still the site's, a path inside the site that
    leads out of it is not); None when there is no journal."""
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
            paths = [Path(os.path.realpath(part)) for part in step[1 : 2 if tree else None]]
            inside = all(any(p.is_relative_to(root) for root in roots) for p in paths)
            if inside and (not tree or all(files.plain(name) for name in step[2:])):
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
