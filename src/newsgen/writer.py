"""Output: files are staged beside the live site and applied only once the whole build succeeded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath
from types import TracebackType

from newsgen import urls
from newsgen.diagnostics import ContentError


class Staging:
    """A build's output: unchanged files are left alone, changed ones staged, then applied."""

    def __init__(self, output: Path, work: Path, rewrite: bool = False) -> None:
        self.output = output
        self.rewrite = rewrite
        """Write every file, even those whose bytes did not change."""
        self.staging = work / f"staging-{os.getpid()}"
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
        return len(self.changed), self._remove_stale()

    def _remove_stale(self) -> int:
        removed = 0
        for path in sorted(self.output.rglob("*"), reverse=True):
            relative = PurePosixPath(path.relative_to(self.output).as_posix())
            if any(part.startswith(".") for part in relative.parts):
                continue  # a deployment's own files, such as .git, are not ours
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif relative not in self.produced:
                path.unlink()
                removed += 1
        return removed


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
