"""Ctrl-C and SIGTERM: both stop a build the same way, and neither can cut a commit in half."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

STOPPING = (signal.SIGINT, signal.SIGTERM)
Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


class Interrupted(KeyboardInterrupt):
    """The user (Ctrl-C, SIGINT) or the system (SIGTERM) asked newsgen to stop."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal's number (130 for Ctrl-C, 143 for TERM)."""
        return 128 + self.signum


def _in_fork(owner: int, signum: int) -> bool:
    """In a forked child (a render worker), the signal ends the process quietly.

    The child inherits the handlers until it quiets them (`workers.quiet_signals`); raising
    there would send the stop back as the outcome of its work, or print a traceback on
    Ctrl-C, which reaches every process of the terminal's group. The parent cleans up.
    """
    if os.getpid() == owner:
        return False
    signal.signal(signum, signal.SIG_DFL)
    signal.raise_signal(signum)
    return True


def _raiser(owner: int) -> Handler:
    def handle(signum: int, frame: FrameType | None) -> None:
        if not _in_fork(owner, signum):
            raise Interrupted(signum)

    return handle


def _restore(previous: dict[signal.Signals, Handler]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block SIGINT and SIGTERM raise `Interrupted` (main thread; elsewhere no-op).

    So that `kill` stops a build as cleanly as Ctrl-C does: every `finally` and `with` runs.
    """
    if not _in_main_thread():
        yield
        return
    handler = _raiser(os.getpid())
    previous = {signum: signal.signal(signum, handler) for signum in STOPPING}
    try:
        yield
    finally:
        _restore(previous)


class Deferred:
    """Signals received inside a `deferred()` block, held back until it is safe to stop."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.owner = os.getpid()

    def record(self, signum: int, frame: FrameType | None) -> None:
        """Signal handler: remember the first stop request."""
        if self.signum is None and not _in_fork(self.owner, signum):
            self.signum = signum

    def check(self) -> None:
        """Raise `Interrupted` now if a stop was requested."""
        if self.signum is not None:
            raise Interrupted(self.signum)


@contextmanager
def deferred() -> Iterator[Deferred]:
    """Hold SIGINT and SIGTERM back during the block; a held one is raised when it ends (when
    the outermost such block ends, when they are nested).

    The block calls `check()` where stopping is still safe. Outside the main thread
    (where Python never delivers signals) this only yields a `Deferred` that never fires.
    """
    held = Deferred()
    if not _in_main_thread():
        yield held
        return
    previous = {signum: signal.signal(signum, held.record) for signum in STOPPING}
    try:
        yield held
    finally:
        _restore(previous)
    outer = getattr(previous[signal.SIGINT], "__self__", None)
    if isinstance(outer, Deferred) and held.signum is not None:
        outer.record(held.signum, None)  # the enclosing block raises it, as it ends
        return
    held.check()
