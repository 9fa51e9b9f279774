"""Which of the last build's output files are still there, checked on another core.

An edit keeps every settled page's published file once it has seen the file is there: one
stat per page, some 19,000 at 10,000 articles (about 0.05 s). A small Python process
(`present_files.py`) makes them while the build plans its pages, and the build takes the
answer when it needs it. On one core, for a small site, or when the process fails, the files
are statted in this process instead.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from newsgen.runtime import workers

MIN_CHECKED = 2000
"""Fewer files are statted in this process: starting Python costs more than they do."""
SCRIPT = Path(__file__).with_name("present_files.py")
DONE = b"done"
"""Ends the checker's answer (`present_files.DONE`): without it, the answer is not used."""


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
        script, manifest = os.fspath(SCRIPT), os.fspath(self.manifest)
        with contextlib.suppress(OSError):
            self._checker = subprocess.Popen(
                [sys.executable, "-I", "-S", script, manifest, self.output],
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
            self._present = _answer(self._checker) if self._checker else frozenset()
            self._checker = None
        return self._present

    def close(self) -> None:
        """Stop the checker, when the build ends without asking it."""
        if self._checker is not None:
            self._checker.kill()
            _answer(self._checker)
            self._checker = None


def _plain_python() -> bool:
    """Whether `sys.executable` is a Python that runs a script (not a frozen application)."""
    return bool(sys.executable) and not getattr(sys, "frozen", False)


def _answer(checker: subprocess.Popen[bytes]) -> frozenset[str]:
    """What `checker` found, once it is done; nothing when it did not finish."""
    with checker:
        found = checker.stdout.read() if checker.stdout else b""
    if checker.returncode != 0 or not found.endswith(DONE):
        return frozenset()
    names = found[: -len(DONE)].decode("utf-8", "surrogateescape").split("\0")
    return frozenset(names[:-1])  # each name ends with a NUL: the last item is empty
