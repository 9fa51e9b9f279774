"""Writing Markdown files with YAML front matter: deterministic text, atomic file writes."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

PURE_DUMPER = yaml.SafeDumper
FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter, several times faster than PyYAML's own; where libyaml is missing, the
same dumper as PURE_DUMPER."""
ESCAPED_BY_LIBYAML = re.compile("[\x85\u2028\u2029\ufeff\U00010000-\U0010ffff]")
"""Characters libyaml escapes in quotes where PyYAML writes them as they are (emoji among them):
text holding one is written by PyYAML, so a file's bytes never depend on libyaml."""


def front_matter_text(fields: dict[str, Any], body: str) -> str:
    """A Markdown document: `fields` as YAML between --- lines (in the given order), then body."""
    escaped = any(ESCAPED_BY_LIBYAML.search(text) for text in _texts(fields))
    dumper = PURE_DUMPER if escaped else FAST_DUMPER
    front = yaml.dump(
        fields,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=None,
    )
    return f"---\n{front}---\n{body.strip()}\n"


def _texts(value: Any) -> Iterator[str]:
    """Every string in `value`: keys and values of mappings, items of lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _temporary(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        with contextlib.suppress(FileNotFoundError):  # the file keeps the editor's permissions
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))  # noqa: PTH101 - a str path
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
    handle, temporary = _temporary(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.link(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _temporary(path: Path) -> tuple[int, str]:
    """A new hidden file beside `path`, open for writing, with the permissions any new file of
    the editor's gets (0o666 less the umask; `tempfile.mkstemp` makes 0o600, which no one else,
    a web server or a colleague, could read)."""
    for _ in range(100):
        name = os.fspath(path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp"))
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", os.fspath(path.parent))
