"""Output: files are staged beside the live site and applied only once the whole build succeeded.

Only files newsgen itself wrote are ever removed: each successful build records its output
files in `.newsgen/manifest.json`, and the next build removes those it no longer produces.
Anything else in the output folder (a deployment's `.git`, a file put there by hand, or the
whole site when `output_dir` points at a folder holding other things) is never deleted.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath
from types import TracebackType

from newsgen import urls
from newsgen.diagnostics import ContentError

MANIFEST = "manifest.json"


class Staging:
    """A build's output: unchanged files are left alone, changed ones staged, then applied."""

    def __init__(self, output: Path, work: Path, rewrite: bool = False) -> None:
        self.output = output
        self.rewrite = rewrite
        """Write every file, even those whose bytes did not change."""
        self.staging = work / f"staging-{os.getpid()}"
        self.manifest = work / MANIFEST
        self.output_key = os.path.relpath(output, work)
        """Identifies the output folder in the manifest (it can be moved in the config)."""
        self.produced: dict[PurePosixPath, str] = {}
        self.changed: list[PurePosixPath] = []
        self.folders: dict[PurePosixPath, Path] = {}
        """Output folders already checked to lie inside the output (symlinks resolved)."""

    def __enter__(self) -> Staging:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def add(self, url: str, data: bytes, source: str) -> None:
        """Stage the file for `url`; `source` names what produced it, for clash reports."""
        relative = urls.output_file(url)
        if relative in self.produced:
            message = f"{url} is produced twice (also by {self.produced[relative]})"
            raise ContentError(source, 0, message, "change a slug or the article_path pattern")
        self.produced[relative] = source
        live = self._live_folder(relative.parent, url, source) / relative.name
        if not self.rewrite and _holds(live, data):
            return
        staged = self.staging / relative
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        self.changed.append(relative)

    def keep(self, url: str, source: str) -> bool:
        """Count the file for `url` as produced, unchanged; False when it is not there to keep."""
        relative = urls.output_file(url)
        if self.rewrite or relative in self.produced:
            return False
        if not (self._live_folder(relative.parent, url, source) / relative.name).is_file():
            return False
        self.produced[relative] = source
        return True

    def current_path(self, url: str) -> Path:
        """The file this build publishes for `url`: staged when changed, else the live one."""
        relative = urls.output_file(url)
        staged = self.staging / relative
        if staged.is_file():
            return staged
        return self.folders[relative.parent] / relative.name

    def keep_tree(self, url: str, source: str) -> bool:
        """Count every live file under the folder `url` as produced; False when there is none."""
        folder = self._live_folder(urls.output_file(url).parent, url, source)
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        if self.rewrite or not files:
            return False
        for path in files:
            relative = PurePosixPath(path.relative_to(self.output).as_posix())
            if relative in self.produced:
                return False
        for path in files:
            self.produced[PurePosixPath(path.relative_to(self.output).as_posix())] = source
        return True

    def _live_folder(self, folder: PurePosixPath, url: str, source: str) -> Path:
        if folder not in self.folders:
            try:
                self.folders[folder] = urls.inside(self.output, folder)
            except urls.UnsafePathError:
                message = f"{url} would be written outside the output folder through a link"
                raise ContentError(source, 0, message, "remove the symlink") from None
        return self.folders[folder]

    def commit(self) -> tuple[int, int]:
        """Move changed files into place, each atomically; remove stale ones. (written, removed)"""
        self.output.mkdir(parents=True, exist_ok=True)
        made: set[Path] = set()
        for relative in self.changed:
            folder = self.folders[relative.parent]
            if folder not in made:
                folder.mkdir(parents=True, exist_ok=True)
                made.add(folder)
            (self.staging / relative).replace(folder / relative.name)
        removed = self._remove_stale(self._previous_files() - set(self.produced))
        self._write_manifest()
        return len(self.changed), removed

    def _previous_files(self) -> set[PurePosixPath]:
        """Files the last successful build wrote to this output folder; none when unknown."""
        try:
            recorded = json.loads(self.manifest.read_text(encoding="utf-8"))
            if recorded["output"] != self.output_key:
                return set()
            files = {PurePosixPath(name) for name in recorded["files"] if isinstance(name, str)}
        except (OSError, ValueError, KeyError, TypeError):
            return set()
        return {f for f in files if not f.is_absolute() and ".." not in f.parts}

    def _remove_stale(self, stale: set[PurePosixPath]) -> int:
        removed = 0
        root = self.output.resolve()
        folders: set[Path] = set()
        for relative in sorted(stale):
            try:
                path = urls.inside(self.output, relative.parent) / relative.name
            except urls.UnsafePathError:
                continue
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
                folders.update(p for p in path.parents if p.is_relative_to(root) and p != root)
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        return removed

    def _write_manifest(self) -> None:
        files = sorted(str(relative) for relative in self.produced)
        record = {"output": self.output_key, "files": files}
        temporary = self.manifest.with_name(f"{MANIFEST}.{os.getpid()}")
        temporary.write_text(json.dumps(record, indent=0) + "\n", encoding="utf-8")
        temporary.replace(self.manifest)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
