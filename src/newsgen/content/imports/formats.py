"""Which format a file to import is in: named by --format, else told by its name, else by how
it begins."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

from newsgen.content.imports.feeds import is_feed, read_feed
from newsgen.content.imports.gathering import Reader
from newsgen.content.imports.records import read_csv, read_jsonl
from newsgen.content.imports.wxr import is_wxr, read_wxr
from newsgen.diagnostics import ContentError

SEEDS = "seeds"
READERS: dict[str, Reader] = {
    "wxr": read_wxr,
    "feed": read_feed,
    "jsonl": read_jsonl,
    "csv": read_csv,
}
FORMATS = (SEEDS, *READERS)
SUFFIXES = {
    ".txt": SEEDS,
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".rss": "feed",
    ".atom": "feed",
}
FORMAT_HINT = f"name it with --format {'|'.join(FORMATS)}"


def file_format(path: Path, shown: str) -> str:
    """The format of `path`: a folder holds seeds; else by its suffix (under a .gz), and an
    .xml file or one of an unknown suffix by its first bytes."""
    if path.is_dir():
        return SEEDS
    name = path.name.lower().removesuffix(".gz")
    known = SUFFIXES.get(Path(name).suffix)
    if known:
        return known
    head = _head(path, shown)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # told by its characters
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    if is_wxr(head):
        return "wxr"
    if is_feed(head):
        return "feed"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "jsonl"
    raise ContentError(shown, 0, "cannot tell which format this file is in", FORMAT_HINT)


def _head(path: Path, shown: str) -> bytes:
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path) as packed:
                return packed.read(4096)
        with path.open("rb") as stream:
            return stream.read(4096)
    except (OSError, EOFError) as exc:
        raise ContentError(shown, 0, f"cannot read the file: {exc}") from None
