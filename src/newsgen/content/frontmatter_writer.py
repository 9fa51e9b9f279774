"""Writing Markdown files with YAML front matter: deterministic text, atomic file writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml


def front_matter_text(fields: dict[str, Any], body: str) -> str:
    """A Markdown document: `fields` as YAML between --- lines (in the given order), then body."""
    front = yaml.safe_dump(
        fields, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=None
    )
    return f"---\n{front}---\n{body.strip()}\n"


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_new(path: Path, text: str) -> None:
    """Write `text` to `path`, which must not exist (FileExistsError): whole, or not at all.

    The text goes to a temporary file first, then gets its name through a hard link, which
    fails rather than replace a file that appeared at `path` meanwhile.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.link(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
