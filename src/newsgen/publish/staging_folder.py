"""Where a build's changed files wait until published: new folders as a tree, the rest loose."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from newsgen.publish import files

MAX_FOLDERS_WALKED = 10
"""Most folders per page a reader of a group of staged pages may walk through, rather than be
given links to them. Pagefind walks some 4 microseconds of CPU per entry (a folder and its
file), against about 0.2 ms per page to make a folder of links and remove it (10,000 of them
on a cold build). A year's articles with its date pages: 4 to 7 folders per page; articles
all in one folder (an article_path of /{slug}/): 90 at 10,000 articles."""


class StagingFolder:
    """`.newsgen/staging-<pid>/`: new folders in `tree/` as they will be published (moved in
    whole when they can), files for live folders that exist in `files/`, one beside the other.
    A rewrite of 10,000 article pages so makes and removes no staged folder (16,000 of each)."""

    def __init__(self, work: Path) -> None:
        self.base = work / f"staging-{os.getpid()}"
        self.tree = self.base / "tree"
        self.loose = self.base / "files"
        self.flat: dict[str, Path] = {}
        """Changed output file ('a/b/index.html') -> its copy in `loose`."""
        self.folders: set[str] = {""}
        """Folders made in `tree` ('' is `tree` itself)."""
        self.below: dict[str, int] = {}
        """How many folders made in `tree` lie under each one, at any depth."""

    def make(self) -> None:
        """Make it empty (what a build of this process left is dropped)."""
        shutil.rmtree(self.base, ignore_errors=True)
        self.tree.mkdir(parents=True)
        self.loose.mkdir()

    def remove(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    def path_for(self, relative: str, live_folder: str) -> Path:
        """Where to stage the output file `relative`: in `loose` when its live folder exists,
        else at its place in `tree` (its folders made)."""
        if os.path.isdir(live_folder):  # noqa: PTH112 - once per changed file; Path costs more
            self.flat[relative] = self.loose / str(len(self.flat))
            return self.flat[relative]
        folder = relative.rpartition("/")[0]
        if folder not in self.folders:
            self._make(folder)
        return self.tree / relative

    def in_tree(self, names: Sequence[str], common: str) -> bool:
        """Whether every output file `names` ('a/b/index.html') is staged at its place in
        `tree`, under the folder `common` ('a', '' for `tree`) holding few other folders: a
        reader of these files in `tree` walks all of `common`."""
        if self.below.get(common, 0) > MAX_FOLDERS_WALKED * len(names):
            return False
        base = os.fspath(self.tree)
        exists = os.path.isfile
        return not any(name in self.flat or not exists(files.join(base, name)) for name in names)

    def can_adopt(self, relative: str, folder: Path) -> bool:
        """Whether `folder` can be moved in whole as the folder `relative` of `tree`: none is
        staged there yet, and both lie on one file system."""
        return relative not in self.folders and files.same_disk(folder, self.tree)

    def adopt(self, relative: str, folder: Path, names: Sequence[str]) -> None:
        """Move `folder`, holding the files `names` ('a.js', 'index/b.pf_index'), in whole as
        the new folder `relative` ('pagefind/2024') of `tree`."""
        parent = relative.rpartition("/")[0]
        if parent not in self.folders:
            self._make(parent)
        files.move_file(folder, self.tree / relative)
        self._made(relative)
        for name in names:
            steps = name.split("/")[:-1]
            for depth in range(1, len(steps) + 1):
                inner = "/".join([relative, *steps[:depth]])
                if inner not in self.folders:
                    self._made(inner)

    def staged(self, relative: str) -> Path:
        """Where the output file `relative` is staged, if it is."""
        return self.flat.get(relative) or self.tree / relative

    def _make(self, folder: str) -> None:
        """Make the folder `folder` ('a/b') in `tree`, and those of its parents not made yet."""
        missing = []
        while folder not in self.folders:
            missing.append(folder)
            folder = folder.rpartition("/")[0]
        base = os.fspath(self.tree)
        for name in reversed(missing):
            path = files.join(base, name)
            try:
                os.mkdir(path)  # noqa: PTH102 - once per folder; Path objects cost more
            except FileExistsError:
                if not os.path.isdir(path):  # noqa: PTH112 - see above
                    raise
            self._made(name)

    def _made(self, name: str) -> None:
        """Note the folder `name`, made in `tree`, and count it under each of its parents."""
        self.folders.add(name)
        parent = name
        while parent:
            parent = parent.rpartition("/")[0]
            self.below[parent] = self.below.get(parent, 0) + 1
