"""Output: files are staged beside the live site and applied only once the whole build succeeded.

Only files newsgen itself wrote are ever removed (see `publish.commit`): anything else in the
output folder (a deployment's `.git`, a file put there by hand, or the whole site when
`output_dir` points at a folder holding other things) is never deleted. A commit cut short by a
crash (`kill -9`) is undone by the next build before it stages anything (`publish.journal`).
SIGINT and SIGTERM are held back while the journal is applied, so they stop the build between
two steps.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from newsgen.diagnostics import ContentError, shown_path
from newsgen.plan import urls
from newsgen.publish import files
from newsgen.publish.commit import (
    MANIFEST,
    Commit,
    Staged,
    final,
    output_key,
    previous_files,
    publish,
)
from newsgen.publish.folders import LiveFolders
from newsgen.publish.foreign import refuse_overwrites
from newsgen.publish.journal import undo_unfinished_commits
from newsgen.publish.presence import PresenceCheck
from newsgen.publish.staging_folder import StagingFolder
from newsgen.runtime.interrupts import deferred

WRITE_HINT = "free some disk space or make the folder writable; the published site was not changed"
IN_THE_WAY = (errno.EEXIST, errno.ENOTDIR, errno.EISDIR)
"""What a file or folder where the other is needed makes an OSError say."""
IN_THE_WAY_HINT = (
    "a file stands where the site needs a folder, or a folder where it needs a file: move it "
    "out of the output folder; the published site was not changed"
)


class Staging:
    """A build's output: unchanged files are left alone, changed ones staged, then applied."""

    def __init__(
        self, output: Path, work: Path, rewrite: bool = False, keeping: int = 0, recorded: str = ""
    ) -> None:
        self.output = output
        self.rewrite = rewrite
        """Write every file, even those whose bytes did not change."""
        self.work = work
        self.folder = StagingFolder(work)
        self.produced: dict[str, str] = {}
        """Output file ('a/b/index.html') -> what produced it."""
        self.changed: list[str] = []
        self.stray = False
        """A staging write failed: a staged folder may hold a file not in `changed`, so no
        folder is moved in whole."""
        self.live = LiveFolders(output)
        self.prefix = os.fspath(output)
        self.presence = PresenceCheck(self.prefix, work / MANIFEST, keeping)
        """Whether the files of the `keeping` pages the last build published are still there."""
        self.recorded = recorded
        """The token of the last commit the cache recorded (see `undo_unfinished_commits`)."""

    def __enter__(self) -> Staging:
        try:
            with deferred(), _write_errors(self.output, self.work):
                undo_unfinished_commits(self.work, self.output, self.recorded)
                self.folder.make()
            self.presence.start()  # once any unfinished commit is undone
        except BaseException:  # a signal held while the folder was made: no __exit__ follows
            self._discard()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._discard()

    def _discard(self) -> None:
        with deferred():  # a second Ctrl-C must not leave half a staging folder behind
            self.folder.remove()
            self.presence.close()

    def add(self, url: str, data: bytes, source: str) -> None:
        """Stage the file for `url`; `source` names what produced it, for clash reports."""
        relative, live_folder, live = _claimed(self, url, source)
        if not self.rewrite and files.holds(live, data):
            return
        with _change(self, relative):
            files.stage_file(self.folder.path_for(relative, live_folder), data)

    def move_in(self, url: str, path: Path, source: str) -> None:
        """`add` the bytes of the file at `path` (in the work folder), moved rather than
        written again."""
        relative, live_folder, live = _claimed(self, url, source)
        if not self.rewrite and files.alike(live, path):
            return
        with _change(self, relative):
            files.move_file(path, self.folder.path_for(relative, live_folder))

    def keep(self, url: str, source: str) -> bool:
        """Count the file for `url` (published by the last build) as produced, unchanged;
        False when it is not there to keep."""
        return self.keep_published([url], [source])[0]

    def keep_published(self, published: Sequence[str], sources: Sequence[str]) -> list[bool]:
        """`keep` for many URLs, each published by an earlier build: checked then, so their
        file names are made without checking them again. Nothing is written or read here, so
        the folders on the way are not checked for links (`add` and `current_path` do): one
        stat per page, on every build, unless another process made them (`keeping`)."""
        if self.rewrite:
            return [False] * len(published)
        names = urls.checked_names(published)
        produced, there = self.produced, self.presence.are_files(names)
        kept = [f and n not in produced for n, f in zip(names, there, strict=True)]
        produced.update(itertools.compress(zip(names, sources, strict=True), kept))
        return kept

    def current_path(self, url: str) -> Path:
        """The file this build publishes for `url`: staged when changed, else the live one."""
        relative = urls.output_name(url)
        staged = self.folder.staged(relative)
        if staged.is_file():
            return staged
        folder, _, name = relative.rpartition("/")
        return Path(self.live.for_url(folder, url, "search"), name)

    def keep_tree(self, url: str, source: str) -> bool:
        """Count every live file under the folder `url` as produced; False when there is none."""
        relative = urls.output_name(url).rpartition("/")[0]
        folder = self.live.for_url(relative, url, source)
        prefix = f"{relative}/" if relative else ""
        names = [prefix + name for name in files.tree(folder)]
        if self.rewrite or not names or any(name in self.produced for name in names):
            return False
        for name in names:
            self.produced[name] = source
        return True

    @contextlib.contextmanager
    def commit(self, records: Mapping[str, bytes] | None = None) -> Iterator[Commit]:
        """Publish: move changed files (new folders whole) into place, remove stale ones, and
        write the `records` (files of the work folder, by name) with them.

        On any failure, or SIGINT/SIGTERM, every change already made is undone before the
        error is raised. The commit is final once the with-block ends, in which the cache
        records it (`Commit.token`), and undone if the block fails.
        """
        staged = _staged(self, records or {})
        refuse_overwrites(staged)
        with deferred() as held, _write_errors(self.output, self.work):
            removed, journal = publish(staged, held)
        with _write_errors(self.output, self.work), final(journal, staged) as token:
            yield Commit(len(self.changed), removed, token)


def move_folder_in(staging: Staging, url: str, folder: Path, source: str) -> None:
    """`Staging.move_in` every file under `folder`, each as the file of its name under the
    folder `url` ('/pagefind/2024/'); in one rename, the folder whole, when nothing is
    published or staged in its place (a first build's index)."""
    names = files.tree(os.fspath(folder))
    relative = urls.output_name(url).rpartition("/")[0]
    live = staging.live.for_url(relative, url, source)
    if not names or os.path.lexists(live) or not staging.folder.can_adopt(relative, folder):
        for name in names:
            staging.move_in(url + name, folder / name, source)
        return
    staged = [_claimed(staging, url + name, source)[0] for name in names]
    with _change(staging, relative, staged):
        staging.folder.adopt(relative, folder, names)


def _claimed(staging: Staging, url: str, source: str) -> tuple[str, str, str]:
    """Note that `source` produces the file for `url`, one no other produces; its output
    file ('a/b/index.html'), its live folder and its live path."""
    relative = urls.output_name(url)
    if relative in staging.produced:
        message = f"{url} is produced twice (also by {staging.produced[relative]})"
        raise ContentError(source, 0, message, "change a slug or the article_path pattern")
    staging.produced[relative] = source
    folder, _, name = relative.rpartition("/")
    live_folder = staging.live.for_url(folder, url, source)
    return relative, live_folder, files.join(live_folder, name)


@contextlib.contextmanager
def _change(staging: Staging, relative: str, files_in: Sequence[str] = ()) -> Iterator[None]:
    """Stage the changed output file `relative` in the block (or the folder `relative`, holding
    the output files `files_in`)."""
    with _write_errors(staging.output, staging.work, relative):
        try:
            yield
        except OSError:
            staging.stray = True
            raise
    staging.changed.extend(files_in or [relative])


def _staged(staging: Staging, records: Mapping[str, bytes]) -> Staged:
    folder = staging.folder
    return Staged(
        output=staging.output,
        work=staging.work,
        staging=folder.tree,
        changed=staging.changed,
        flat=folder.flat,
        produced=staging.produced,
        folders=folder.folders,
        whole=not staging.stray,
        live=staging.live,
        records=records,
        before=previous_files(staging.work / MANIFEST, output_key(staging.output, staging.work)),
    )


@contextlib.contextmanager
def _write_errors(output: Path, work: Path, published: str = "") -> Iterator[None]:
    """An OSError (disk full, no permission) becomes one error naming the file, and the output
    file it was `published` as when that is another."""
    try:
        yield
    except OSError as exc:
        where = Path(os.fsdecode(exc.filename)) if exc.filename else output
        problem = exc.strerror or str(exc)
        path = shown_path(where, work.parent)
        page = f" {published}" if published and not path.endswith(published) else ""
        hint = IN_THE_WAY_HINT if exc.errno in IN_THE_WAY else WRITE_HINT
        raise ContentError(path, 0, f"cannot write{page}: {problem}", hint) from None
