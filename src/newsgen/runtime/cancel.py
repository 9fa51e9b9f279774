"""Cancelling a background build: a flag another thread sets, checked where a build may stop."""

from __future__ import annotations

import threading


class BuildCancelledError(Exception):
    """A background build was told to stop; it published nothing."""


class CancelFlag:
    """Set by the thread that wants a build to stop; the build checks it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the build to stop at its next check."""
        self._event.set()

    @property
    def is_set(self) -> bool:
        """True once `cancel` was called."""
        return self._event.is_set()

    def check(self) -> None:
        """Raise `BuildCancelledError` once `cancel` was called."""
        if self._event.is_set():
            raise BuildCancelledError
