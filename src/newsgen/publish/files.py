"""The writer's file operations: staged writes, atomic moves, kept copies, cheap checks.

Every byte the writer writes and every rename it makes goes through `stage_file` and
`move_file` here; callers look them up on this module, so tests inject faults in one place.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path


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


def absent_under(path: str, parent: str) -> bool:
    """Nothing is at `path` (not even a dangling link), and `parent` is a real folder."""
    if os.path.lexists(path):  # once per folder: Path objects cost more
        return False
    return os.path.isdir(parent) and not os.path.islink(parent)  # noqa: PTH112, PTH114


def holds(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):  # noqa: PTH116 - once per page, see join
            return False
        with open(path, "rb") as handle:  # noqa: PTH123 - see above
            return handle.read() == data
    except OSError:
        return False


def alike(path: str, other: Path) -> bool:
    """Whether the file at `path` holds the bytes of the file at `other` (False when either is
    not there to read)."""
    try:
        if os.stat(path).st_size != other.stat().st_size:  # noqa: PTH116 - see holds
            return False
        return holds(path, other.read_bytes())
    except OSError:
        return False


def tree(folder: str) -> list[str]:
    """Every file under `folder` ('a/b.js'), sorted; none when it is not a folder. Links
    are neither followed nor listed: newsgen never writes one there."""
    found = []
    for here, folders, names in os.walk(folder):
        folders.sort()
        inside = os.path.relpath(here, folder)
        for name in names:
            path = join(here, name)
            if os.path.isfile(path) and not os.path.islink(path):  # noqa: PTH113, PTH114
                found.append(name if inside == "." else f"{inside}/{name}")
    return sorted(found)


def join(folder: str, name: str) -> str:
    """`folder/name` as a string: at 10,000 articles Path objects cost more than the stats."""
    return os.path.join(folder, name)  # noqa: PTH118


def plain(name: str) -> bool:
    """A relative file name as the manifest records them: 'a/b.html', no '..', '.' or '//'."""
    steps = f"/{name}/"  # each step between slashes: none empty, none '.' or '..'
    return "//" not in steps and "/./" not in steps and "/../" not in steps
