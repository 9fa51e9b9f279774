"""Committing staged output: changed files moved into the live folder, stale ones removed.

Publishing is all or nothing. Each file is moved into place atomically, and every change to
the live folder is first written to the journal (`.newsgen/commit-<pid>/`) with the file it
replaced kept beside it. A changed file whose live folder exists was staged on its own
(`Staged.flat`). A staged folder with no live counterpart yet (all of it on a cold
build) is moved into place whole, with one rename, and journaled with the names of the files
in it, so that undoing it removes exactly those files and then its folders once empty, as
undoing one step per file and folder would. An output folder on a file system of its own (a
mounted volume) cannot take a rename from `.newsgen/`: each file is then copied beside its
target and renamed over it there, and folders go file by file. When any step fails (disk
full, a folder not writable) or the build is told to stop, the journal is played backwards and
the live folder is as it was.

Only files newsgen itself wrote are ever removed: each successful commit records its output
files in `.newsgen/manifest.json`, and the next one removes those it no longer produces.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from newsgen.diagnostics import shown_path
from newsgen.plan import urls
from newsgen.publish import files
from newsgen.publish.folders import LiveFolders
from newsgen.publish.journal import HalfPublishedError, Journal
from newsgen.runtime.interrupts import Deferred

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Staged:
    """What a build staged, ready to publish."""

    output: Path
    work: Path
    """The `.newsgen` folder: the manifest, the staging folder and the journal live there."""
    staging: Path
    changed: Sequence[str]
    """Output files ('a/b/index.html') staged because their bytes changed."""
    flat: Mapping[str, Path]
    """Changed files staged outside the staged tree, for live folders that exist."""
    produced: Collection[str]
    """Every output file of the build, changed or kept."""
    folders: Collection[str]
    """Folders made in the staging folder ('' is the staging folder itself)."""
    whole: bool
    """False when a staged folder may hold a file not in `changed`: none is moved in whole."""
    live: LiveFolders
    records: Mapping[str, bytes]
    """Files of the `.newsgen` folder that describe what is published (the URL history), by
    name: written with the commit, and undone with it."""
    before: Collection[str] | None
    """The files the last build wrote to this output folder (`previous_files`)."""

    @property
    def output_key(self) -> str:
        """Identifies the output folder in the manifest (it can be moved in the config)."""
        return output_key(self.output, self.work)


def output_key(output: Path, work: Path) -> str:
    """How the manifest in `work` names the `output` folder (it can be moved in the config)."""
    return os.path.relpath(output, work)


class Commit(NamedTuple):
    """A commit made: how many files it wrote and removed, and its journal's token."""

    written: int
    removed: int
    token: str


def publish(staged: Staged, held: Deferred) -> tuple[int, Journal]:
    """Move changed files (new folders whole) into place, remove stale ones; return how many
    were removed, and the journal, to be finished once the cache records the commit (`final`).
    On any failure, or SIGINT/SIGTERM, every change already made is undone."""
    journal = Journal.begin(staged.work)
    try:
        removed = _Commit(staged, journal, held).apply()
        journal.log.close()
    except BaseException as exc:
        _undo(journal, staged, exc)
        raise
    return removed, journal


@contextlib.contextmanager
def final(journal: Journal, staged: Staged) -> Iterator[str]:
    """Yield the commit's token, for the cache to record with what was published; the commit
    is final once the block ends, and undone if it fails (a build killed in between is undone
    by the next: the token is not the cache's)."""
    try:
        yield journal.token
    except BaseException as exc:
        _undo(journal, staged, exc)
        raise
    journal.finish()


def _undo(journal: Journal, staged: Staged, cause: BaseException) -> None:
    """`HalfPublishedError` when some of the commit cannot be undone (the next build undoes
    the rest)."""
    if not journal.undo():
        shown = shown_path(staged.output, staged.work.parent)
        message = f"publishing failed ({cause}) and could not be fully undone"
        raise HalfPublishedError(shown, message) from None


class _Commit:
    """One commit of staged files, every step journaled."""

    def __init__(self, staged: Staged, journal: Journal, held: Deferred) -> None:
        self.staged = staged
        self.journal = journal
        self.held = held
        self.live = staged.live

    def apply(self) -> int:
        staged, journal = self.staged, self.journal
        stale = set(staged.before or ()) - set(staged.produced)
        in_the_way = _in_the_way(stale, staged)
        removed = self.remove_stale(in_the_way)  # first: a folder now stands where they were
        tops = _new_trees(staged)
        if tops.get("") is None:
            journal.make_folders(staged.output.resolve())
        names: dict[str, list[str]] = {}
        for relative in staged.changed:
            top = None if relative in staged.flat else tops[relative.rpartition("/")[0]]
            if top is not None:
                names.setdefault(top, []).append(relative[len(top) + 1 :] if top else relative)
        whole: dict[str, bool] = {}
        made: set[Path] = set()
        for relative in staged.changed:
            self.held.check()
            parent, _, name = relative.rpartition("/")
            flat = staged.flat.get(relative)
            top = None if flat else tops[parent]
            if top is not None:
                if top not in whole:
                    whole[top] = self.move_tree(top, names[top])
                if whole[top]:
                    continue  # moved in with its folder
            folder = Path(self.live[parent])
            if folder not in made:
                journal.make_folders(folder)
                made.add(folder)
            try:
                journal.replace(flat or staged.staging / relative, folder / name)
            except OSError as exc:
                if flat:  # the page, not its numbered copy in files/
                    exc.filename = str(folder / name)
                raise
        removed += self.remove_stale(stale - in_the_way)
        self.held.check()
        self.write_manifest()
        for name, data in sorted(self.staged.records.items()):
            self.write_record(name, data)
        return removed

    def move_tree(self, top: str, names: list[str]) -> bool:
        """Move the staged folder `top` into place whole; False when it must go file by file.

        It is checked again: a file moved in one by one since may have made its place.
        """
        staging = self.staged.staging
        target = Path(self.live[top])
        if not top:
            self.journal.make_folders(target.parent)
        if not files.absent_under(os.fspath(target), os.fspath(target.parent)):
            return False
        if not files.same_disk(staging, target.parent):
            return False  # a folder cannot be renamed onto another file system
        self.journal.add_tree(staging / top if top else staging, target, names)
        return True

    def remove_stale(self, stale: set[str]) -> int:
        removed = 0
        root = self.staged.output.resolve()
        folders: set[Path] = set()
        for relative in sorted(stale):
            self.held.check()
            parent, _, name = relative.rpartition("/")
            try:
                path = Path(self.live.check(parent), name)
            except urls.UnsafePathError:
                continue
            if path.is_file() and not path.is_symlink():
                self.journal.remove(path)
                removed += 1
                folders.update(p for p in path.parents if p.is_relative_to(root) and p != root)
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                self.journal.remove_folder(folder)
        return removed

    def write_manifest(self) -> None:
        """Record the files published, unless the manifest says so already (an edit's build
        publishes the same files: 850 kB not written again at 10,000 articles)."""
        record = {"output": self.staged.output_key, "files": sorted(self.staged.produced)}
        self.write_record(MANIFEST, (json.dumps(record, indent=0) + "\n").encode("utf-8"))

    def write_record(self, name: str, data: bytes) -> None:
        """Write `.newsgen/<name>` as one step of the commit, unless it holds `data` already."""
        target = self.staged.work / name
        if files.holds(os.fspath(target), data):
            return
        staged = self.journal.folder / name  # not in staging/, where a site file could be
        files.stage_file(staged, data)
        self.journal.replace(staged, target)


def _in_the_way(stale: set[str], staged: Staged) -> set[str]:
    """The stale files where the build needs a folder ('a/b.png', now a folder of static files
    staged as one), or inside a folder where it needs a file ('a/b/c.txt' when 'a/b' is now a
    file): removed before anything is moved in."""
    produced = staged.produced
    return {
        name
        for name in stale
        if name in staged.folders
        or any(name[:end] in produced for end, slash in enumerate(name) if slash == "/")
    }


def _new_trees(staged: Staged) -> dict[str, str | None]:
    """Staged folder -> the top of the new tree it lies in, None when it is not in one.

    A new tree is a staged folder with nothing at its place in the live site, under a live
    folder that is there (checked as `LiveFolders.check` did, so not through a link): it can
    be moved in whole. Each staged folder costs one lstat, a missing one an lstat more.
    """
    if not staged.changed or not staged.whole:
        return dict.fromkeys(staged.folders)
    tops: dict[str, str | None] = {}
    live = staged.live

    def top_of(folder: str) -> str | None:
        if folder in tops:
            return tops[folder]
        here = live[folder]
        if not folder:
            top = None if os.path.lexists(here) else ""
        else:
            parent, _, name = folder.rpartition("/")
            top = top_of(parent)
            above = live[parent]
            if top is None and here == files.join(above, name) and files.absent_under(here, above):
                top = folder
        tops[folder] = top
        return top

    for folder in staged.folders:
        top_of(folder)
    return tops


def previous_files(manifest: Path, output_key: str) -> set[str] | None:
    """Files the last successful build wrote to this output folder; None when unknown (no
    manifest, or one of another output folder)."""
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        if recorded["output"] != output_key:
            return None
        return {name for name in recorded["files"] if isinstance(name, str) and files.plain(name)}
    except (OSError, ValueError, KeyError, TypeError):
        return None
