"""Diagnostics: the one error type, and how problems are collected and printed."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal would act on (escape sequences, bidi overrides): shown as escapes."""


class Level(enum.StrEnum):
    """How bad a problem is."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file, printed as `path:line: level: message (hint)`."""

    path: str
    """Path of the offending file, relative to the site root where possible."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    level: Level
    message: str
    """What is wrong."""
    hint: str = ""
    """How to fix it; empty when the message says it all."""

    def format(self) -> str:
        """Render as one line in the classic compiler format."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.level.value}: {self.message}"
        return printable(f"{text} ({self.hint})" if self.hint else text)


def printable(text: str) -> str:
    """`text` with control and bidi-override characters written as escapes, on one line."""
    return UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def error(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for an error-level diagnostic."""
    return Diagnostic(path, line, Level.ERROR, message, hint)


def warning(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for a warning-level diagnostic."""
    return Diagnostic(path, line, Level.WARNING, message, hint)


def note(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for a note-level diagnostic (informational, never fails a build)."""
    return Diagnostic(path, line, Level.NOTE, message, hint)


def shown_path(path: Path, root: Path) -> str:
    """How diagnostics name a file: relative to the site root when inside it, else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def some_of(named: list[str], shown: int = 5) -> str:
    """The first `shown` of `named` and how many more, for one warning about many things."""
    listed = ", ".join(named[:shown])
    return listed if len(named) <= shown else f"{listed} and {len(named) - shown} more"


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.level is Level.ERROR for d in diagnostics)


class NewsgenError(Exception):
    """A failure the user can fix; carries every diagnostic found, never a traceback."""

    exit_code = 1

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class ContentError(NewsgenError):
    """A single article, seed or config file cannot be read."""

    def __init__(self, path: str, line: int, message: str, hint: str = "") -> None:
        super().__init__([error(path, line, message, hint)])
