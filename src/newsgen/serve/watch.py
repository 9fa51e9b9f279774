"""Watch the site folder and rebuild once per burst of changes, keeping the last good config."""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from newsgen.config.site import SiteConfig, load_config
from newsgen.diagnostics import Diagnostic, NewsgenError, error
from newsgen.serve.catchup import SearchCatchUp
from newsgen.serve.changes import Change, ChangeKind, change_for

WATCHED_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
"""Writes, creations, deletions and renames; not opens and reads, which the build itself does."""

if TYPE_CHECKING:
    from newsgen.plan.views import Views

Batch = frozenset[Change]


@dataclass(frozen=True)
class Debounce:
    """How long to wait for a burst of changes to end before rebuilding."""

    quiet: float = 0.15
    """Seconds without any change that end a burst (`serve` waits less: see PREVIEW_TIMING)."""
    max_wait: float = 1.5
    """Seconds after a burst's first change at which it is rebuilt anyway."""


class Debouncer:
    """Collects changes and hands them, one batch per burst, to `on_batch` on its own thread."""

    def __init__(self, timing: Debounce, on_batch: Callable[[Batch], object]) -> None:
        self._timing = timing
        self._on_batch = on_batch
        self._wake = threading.Condition()
        self._pending: set[Change] = set()
        self._first = 0.0
        self._last = 0.0
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="newsgen-debounce", daemon=True)

    def start(self) -> None:
        """Start handing out batches."""
        self._thread.start()

    def add(self, change: Change) -> None:
        """Record a change; it joins the current burst."""
        with self._wake:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.add(change)
            self._last = now
            self._wake.notify()

    def stop(self) -> None:
        """Drop pending changes, let a running batch finish, and join the thread."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            self._on_batch(batch)

    def _next_batch(self) -> Batch | None:
        with self._wake:
            while not self._stopping:
                if not self._pending:
                    self._wake.wait()
                    continue
                due = min(self._last + self._timing.quiet, self._first + self._timing.max_wait)
                wait = due - time.monotonic()
                if wait <= 0:
                    batch = frozenset(self._pending)
                    self._pending.clear()
                    return batch
                self._wake.wait(wait)
            return None


class _ChangeHandler(FileSystemEventHandler):
    """Turns watchdog events into classified changes; ignored paths go nowhere."""

    def __init__(self, site: Callable[[], SiteConfig], sink: Callable[[Change], None]) -> None:
        self._site = site
        self._sink = sink

    def on_any_event(self, event: FileSystemEvent) -> None:
        # An atomic save (temp file renamed over the target) only shows as a move: both ends count.
        paths = (
            [event.src_path, event.dest_path] if event.event_type == "moved" else [event.src_path]
        )
        config = self._site()
        for path in paths:
            change = self._change(os.fsdecode(path), config)
            if change is not None:
                self._sink(change)

    @staticmethod
    def _change(path: str, config: SiteConfig) -> Change | None:
        try:
            relative = Path(path).relative_to(config.root).as_posix()
        except ValueError:
            return None
        change = change_for(relative, config)
        return None if change.kind is ChangeKind.IGNORED else change


def _silence_watchdog() -> None:
    """watchdog logs an error when it is stopped mid-read; nothing a user can act on."""
    library = logging.getLogger("watchdog")
    if not library.handlers:
        library.addHandler(logging.NullHandler())


def _watched_folders(config: SiteConfig) -> dict[Path, int]:
    """The site's source folders that exist now, with their inode (a replaced folder differs)."""
    found = {}
    for folder in (
        config.content_path,
        config.seeds_path,
        config.templates_path,
        config.static_path,
    ):
        try:
            status = folder.stat()
        except OSError:
            continue
        if stat.S_ISDIR(status.st_mode):
            found[folder] = status.st_ino
    return found


class SiteWatcher:
    """Watches the site; calls `on_batch` once per burst of relevant changes.

    The root is watched on its own (newsgen.yaml, folders appearing) and each source folder
    recursively, so that the output folder, which can hold tens of thousands of folders and is
    rewritten by every build, costs no inotify watches and no events.
    """

    def __init__(
        self,
        site: Callable[[], SiteConfig],
        on_batch: Callable[[Batch], object],
        timing: Debounce = Debounce(),
    ) -> None:
        self._site = site
        self._on_batch = on_batch
        self._debouncer = Debouncer(timing, self._batch)
        self._handler = _ChangeHandler(site, self._debouncer.add)
        self._folders: dict[Path, tuple[ObservedWatch, int]] = {}
        _silence_watchdog()
        self._observer = Observer()
        self._observer.name = "newsgen-observer"
        self._observer.schedule(self._handler, str(site().root), event_filter=WATCHED_EVENTS)
        self.follow_folders()

    def start(self) -> None:
        """Start watching: every change after this call is seen."""
        self._debouncer.start()
        self._observer.start()

    def stop(self) -> None:
        """Stop watching, finish a running rebuild, and join every thread."""
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join()
        self._debouncer.stop()

    def __enter__(self) -> SiteWatcher:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _batch(self, batch: Batch) -> None:
        self.follow_folders()
        self._on_batch(batch)

    def follow_folders(self) -> None:
        """Watch source folders that appeared or were replaced; forget those that went."""
        wanted = _watched_folders(self._site())
        for folder, (watch, inode) in list(self._folders.items()):
            if wanted.get(folder) != inode:
                self._observer.unschedule(watch)
                del self._folders[folder]
        for folder, inode in wanted.items():
            if folder in self._folders:
                continue
            try:
                watch = self._observer.schedule(
                    self._handler, str(folder), recursive=True, event_filter=WATCHED_EVENTS
                )
            except OSError:  # gone again already: its removal is the next batch
                continue
            self._folders[folder] = (watch, inode)


@dataclass(frozen=True)
class BuildResult:
    """What a successful build reports: its warnings and a one-line description."""

    diagnostics: tuple[Diagnostic, ...]
    description: str
    search_pending: bool = False
    """The pages are published but their search index is not up to date yet."""
    views: Views | None = field(default=None, repr=False, compare=False)
    """The views of the archive the build published, for previews of the next edits."""


Build = Callable[[SiteConfig], BuildResult]
"""Builds the whole site; raises NewsgenError and leaves the previous output when it fails."""


class BuildListener(Protocol):
    """Told the outcome of every build (console, browsers)."""

    def build_succeeded(self, config: SiteConfig, result: BuildResult, changes: Batch) -> None:
        """The output folder holds the new site."""

    def build_failed(self, diagnostics: tuple[Diagnostic, ...], changes: Batch) -> None:
        """The config or the build failed; the previous output is still there."""


class Rebuilder:
    """Owns the current config; rebuilds for each batch, reloading the config when it changed."""

    def __init__(
        self,
        config: SiteConfig,
        build: Build,
        listener: BuildListener,
        on_config: Callable[[SiteConfig], object] = lambda config: None,
        search: SearchCatchUp | None = None,
        preview: Callable[[SiteConfig, Batch], object] | None = None,
    ) -> None:
        """`preview`, when given, is shown each batch of content changes before the build."""
        self._config = config
        self._build = build
        self._listener = listener
        self._on_config = on_config
        self._search = search
        self._preview = preview
        self._config_broken = False
        self._lock = threading.Lock()

    @property
    def config(self) -> SiteConfig:
        """The last config that loaded without errors."""
        return self._config

    def rebuild(self, changes: Batch = frozenset()) -> bool:
        """Rebuild (one build at a time); True when the site was built.

        A preview of the changes is shown first; then a background search update still
        running is cancelled: the preview never waits for search.
        """
        with self._lock:
            config_changed = any(change.kind is ChangeKind.CONFIG for change in changes)
            if self._preview is not None and not (config_changed or self._config_broken):
                self._show_preview(changes)
            self.stop_search()
            if config_changed or self._config_broken:
                try:
                    self._config = load_config(self._config.root)
                except NewsgenError as exc:
                    self._config_broken = True
                    self._listener.build_failed(exc.diagnostics, changes)
                    return False
                self._config_broken = False
                self._on_config(self._config)
            return self._build_site(changes)

    def _build_site(self, changes: Batch) -> bool:
        try:
            result = self._build(self._config)
        except NewsgenError as exc:
            self._listener.build_failed(exc.diagnostics, changes)
            return False
        except Exception as exc:  # a bug in newsgen must not end the session the user is in
            traceback.print_exc()
            problem = error("newsgen", 0, f"internal error: {exc!r}", "please report this bug")
            self._listener.build_failed((problem,), changes)
            return False
        self._listener.build_succeeded(self._config, result, changes)
        if result.search_pending and self._search is not None:
            self._search.start(self._config)
        return True

    def _show_preview(self, changes: Batch) -> None:
        """Show the preview; a bug in it is printed, and the build goes on regardless."""
        assert self._preview is not None
        try:
            self._preview(self._config, changes)
        except Exception:  # the build that follows still publishes the edit
            traceback.print_exc()

    def stop_search(self) -> None:
        """Cancel the background search update, if one runs, and wait until it stopped."""
        if self._search is not None:
            self._search.stop()


def watch_and_rebuild(
    config: SiteConfig,
    build: Build,
    listener: BuildListener,
    timing: Debounce = Debounce(),
    search: SearchCatchUp | None = None,
    preview: Callable[[SiteConfig, Batch], object] | None = None,
) -> tuple[SiteWatcher, Rebuilder]:
    """A watcher feeding a rebuilder; a reloaded config moves the watches before it builds."""
    rebuilder = Rebuilder(
        config, build, listener, lambda config: watcher.follow_folders(), search, preview
    )
    watcher = SiteWatcher(lambda: rebuilder.config, rebuilder.rebuild, timing)
    return watcher, rebuilder
