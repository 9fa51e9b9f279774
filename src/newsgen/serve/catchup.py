"""The preview's search catch-up: a build that left search stale is followed by a background
build that re-indexes it; the next change cancels that build before it publishes anything."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Protocol

from newsgen.config.site import SiteConfig
from newsgen.diagnostics import Diagnostic, NewsgenError, error
from newsgen.runtime.cancel import BuildCancelledError, CancelFlag

SearchBuild = Callable[[SiteConfig, CancelFlag], object]
"""Builds the site with search brought up to date; raises `BuildCancelledError` when told."""


class SearchListener(Protocol):
    """Told how the background search update goes (console, browsers)."""

    def search_started(self) -> None:
        """The published search index is out of date and being rebuilt."""

    def search_finished(self, seconds: float) -> None:
        """The published search index is that of the published pages again."""

    def search_failed(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        """The update failed; the published index stays out of date until the next change."""


class SearchCatchUp:
    """Runs at most one background search update at a time, on its own thread."""

    def __init__(self, build: SearchBuild, listener: SearchListener) -> None:
        self._build = build
        self._listener = listener
        self._running: tuple[threading.Thread, CancelFlag] | None = None

    def start(self, config: SiteConfig) -> None:
        """Cancel any running update, then start one for `config`."""
        self.stop()
        flag = CancelFlag()
        thread = threading.Thread(
            target=self._run, args=(config, flag), name="newsgen-search", daemon=True
        )
        self._running = (thread, flag)
        self._listener.search_started()
        thread.start()

    def stop(self) -> None:
        """Cancel a running update and wait until it has stopped; it publishes nothing then."""
        if self._running is None:
            return
        thread, flag = self._running
        flag.cancel()
        thread.join()
        self._running = None

    def _run(self, config: SiteConfig, flag: CancelFlag) -> None:
        started = time.perf_counter()
        try:
            self._build(config, flag)
        except BuildCancelledError:
            return  # a newer build is starting; it starts another update if it needs one
        except NewsgenError as exc:
            self._listener.search_failed(exc.diagnostics)
            return
        except Exception as exc:  # a bug in newsgen must not end the session the user is in
            traceback.print_exc()
            problem = error("newsgen", 0, f"internal error: {exc!r}", "please report this bug")
            self._listener.search_failed((problem,))
            return
        self._listener.search_finished(time.perf_counter() - started)
