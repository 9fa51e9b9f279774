"""Which of the last build's output files are still there, checked on another core.

An edit keeps every settled page's published file once it has seen the file is there: one
stat per page, some 19,000 at 10,000 articles (about 0.05 s). A small Python process
(`present_files.py`) makes them while the build plans its pages, and the build takes the
answer when it needs it. On one core, for a small site, in a frozen application, or when the
process fails or is cut short, the files are statted in this process instead.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen.publish import present_files
from newsgen.runtime import workers

if TYPE_CHECKING:
    import subprocess

MIN_CHECKED = 2000
"""Fewer files are statted in this process: starting Python costs more than they do."""
SCRIPT = Path(present_files.__file__)


class PresenceCheck:
    """The files of the output folder the last build listed in its `manifest`, and which of
    them are still there (`isfile`), checked by another process."""

    def __init__(self, output: str, manifest: Path, files: int) -> None:
        self.output = output
        self.manifest = manifest
        self.files = files
        """How many of the files the build is to ask about."""
        self._present: frozenset[str] | None = None
        self._checker: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the checker, when there are enough files and a core for it."""
        if self.files < MIN_CHECKED or workers.worker_count() < 2 or not _plain_python():
            return
        import subprocess  # only here: a build that starts no checker does without it

        with contextlib.suppress(OSError):
            self._checker = subprocess.Popen(
                [*_python(), os.fspath(SCRIPT), os.fspath(self.manifest), self.output],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )

    def are_files(self, names: Iterable[str]) -> list[bool]:
        """Whether each output file ('a/index.html') is there: as the checker found it, else
        statted now (every one of them, when the checker failed or never ran)."""
        present, prefix, isfile = self.present(), f"{self.output}/", os.path.isfile
        return [name in present or isfile(prefix + name) for name in names]

    def present(self) -> frozenset[str]:
        """The files ('a/index.html') the checker found there: none when it failed or never
        ran, so a file not among them is to be statted."""
        if self._present is None:
            checker, self._checker = self._checker, None
            self._present = _answer(checker) if checker else frozenset()
        return self._present

    def close(self) -> None:
        """Stop the checker, when the build ends without asking it."""
        checker, self._checker = self._checker, None
        if checker is not None:
            _stop(checker)


def _plain_python() -> bool:
    """Whether `sys.executable` is a Python that runs a script (not a frozen application)."""
    return bool(sys.executable) and not getattr(sys, "frozen", False)


def _python() -> list[str]:
    """Python, isolated from the environment (-I), without site-packages (-S: a faster start)
    and writing no bytecode (-B, which -I would otherwise forget), with this process's UTF-8
    mode: it must encode the file names as this process does."""
    return [sys.executable, "-I", "-S", "-B", "-X", f"utf8={sys.flags.utf8_mode}"]


def _answer(checker: subprocess.Popen[bytes]) -> frozenset[str]:
    """What `checker` found, once it is done; nothing when it did not finish. If this process
    is stopped while it waits, the checker is stopped too."""
    try:
        found = checker.stdout.read() if checker.stdout else b""
        checker.wait()
    except BaseException:
        _stop(checker)
        raise
    finally:
        if checker.stdout:
            checker.stdout.close()
    if checker.returncode != 0 or not found.endswith(present_files.DONE):
        return frozenset()
    names = found[: -len(present_files.DONE)].decode("utf-8", "surrogateescape").split("\0")
    return frozenset(names[:-1])  # each name ends with a NUL: the last item is empty


def _stop(checker: subprocess.Popen[bytes]) -> None:
    """Kill the checker and collect it (no zombie is left)."""
    with contextlib.suppress(OSError):
        checker.kill()
    if checker.stdout:
        checker.stdout.close()
    checker.wait()
