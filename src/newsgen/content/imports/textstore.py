"""Texts kept on disk while an import plans its files: the bodies and files of a large export
wait in a temporary file, not in memory, each read back when it is needed."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType


@dataclass(frozen=True)
class Stored:
    """Where one text lies in its store."""

    start: int
    size: int


class TextStore:
    """An unnamed temporary file of texts in `folder`, gone once closed (or once the process
    ends, however it ends). Every text comes back as it was put, any character included."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 - closed by close()
        self._end = 0

    def put(self, text: str) -> Stored:
        data = text.encode("utf-8", "surrogatepass")
        self._file.seek(self._end)
        self._file.write(data)
        stored = Stored(self._end, len(data))
        self._end += len(data)
        return stored

    def get(self, stored: Stored) -> str:
        self._file.seek(stored.start, os.SEEK_SET)
        return self._file.read(stored.size).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> TextStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
