"""The build lock: one newsgen at a time writes a site's output and its `.newsgen/` folder."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from newsgen.diagnostics import ContentError

LOCK_FILE = ".newsgen/build.lock"
WORK_HINT = "newsgen needs to write the site's .newsgen folder"
POLL_SECONDS = 0.1
SESSION_WORDS = ("serve", "--watch")
"""A holder running one of these keeps the lock until stopped: waiting for it is pointless."""


def _holder(descriptor: int) -> str:
    """Who holds the lock, as its holder wrote it: 'pid 123: newsgen build'."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        text = os.pread(descriptor, 200, 0).decode("utf-8").strip()
        pid, _, command = text.partition(" ")
        if pid.isdigit():
            return f"pid {pid}: {command}" if command else f"pid {pid}"
    return "pid unknown"


def _held_by_me(descriptor: int) -> bool:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return os.pread(descriptor, 200, 0).decode("utf-8").split(" ")[0] == str(os.getpid())
    return False


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _busy(holder: str, wait: float) -> ContentError:
    if any(word in holder for word in SESSION_WORDS):
        message = (
            f"another newsgen is watching this site and rebuilds it on every change ({holder})"
        )
        hint = "use that one, or stop it (Ctrl-C in its terminal) first"
    elif wait > 0:
        message = f"another build of this site did not finish within {wait:g} s ({holder})"
        hint = "wait for it to finish, or give it longer with --wait SECONDS"
    else:
        message = f"another build of this site is running ({holder})"
        hint = "wait for it to finish, or let this one wait with --wait SECONDS"
    return ContentError(LOCK_FILE, 0, message, hint)


@contextlib.contextmanager
def build_lock(root: Path, command: str, wait: float, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the site's lock for the block; wait up to `wait` seconds for another holder.

    `say` is told once when waiting starts. A holder that runs until stopped (serve, --watch)
    is not waited for. The same process may nest the lock (its builds inside `serve`).
    The lock is the kernel's (flock): it goes with its process, so it is never stale.
    """
    path = root / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        hint = WORK_HINT
        raise ContentError(
            LOCK_FILE, 0, f"cannot create the build lock: {exc.strerror}", hint
        ) from None
    try:
        if not _acquire(descriptor, wait, say):
            yield  # nested: this process already holds the lock through another descriptor
            return
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()} {command}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _acquire(descriptor: int, wait: float, say: Callable[[str], None]) -> bool:
    """Take the lock (True), or find this process holds it (False); raise when busy too long."""
    started = time.monotonic()
    told = False
    while not _try_lock(descriptor):
        holder = _holder(descriptor)
        if _held_by_me(descriptor):
            return False
        if time.monotonic() - started >= wait or any(word in holder for word in SESSION_WORDS):
            raise _busy(holder, wait)
        if not told:
            say(f"waiting for another build of this site to finish ({holder})...")
            told = True
        time.sleep(POLL_SECONDS)
    return True
