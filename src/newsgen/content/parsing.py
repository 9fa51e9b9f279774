"""Parsing many article or seed files: on forked workers when there are many, each file's
record keyed, when asked, by the very bytes it was parsed from."""

from __future__ import annotations

import functools
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, overload

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig
from newsgen.content.articles import read_limited
from newsgen.diagnostics import Diagnostic, NewsgenError
from newsgen.model import Loaded


class Parser(Protocol):
    """A file's parser: `shown` is how diagnostics name the file, when the caller knows it
    (resolving the path again costs a dozen system calls a file); `data`, its bytes when
    already read."""

    def __call__(
        self, path: Path, config: SiteConfig, *, shown: str = "", data: bytes | None = None
    ) -> Loaded: ...


class Reader(Parser, Protocol):
    """A parser whose records the cache keeps, by its name."""

    __name__: str


POOL_MIN_FILES = 200
"""Fewer files to parse than this are parsed in this process: workers cost a fork each."""
CHUNK = 16
IN_FLIGHT = 2000
"""Most files given to the workers at once: parsed articles, bodies and all, wait in memory."""


@dataclass(frozen=True)
class Keyed:
    """A file's article, and its record's key: a hash of the very bytes it was parsed from."""

    loaded: Loaded
    key: str


@overload
def parse_all(
    read: Parser, config: SiteConfig, paths: list[tuple[Path, str]], record: None = None
) -> Generator[Loaded | tuple[Diagnostic, ...], None, None]: ...


@overload
def parse_all(
    read: Parser, config: SiteConfig, paths: list[tuple[Path, str]], record: tuple[str, str]
) -> Generator[Loaded | Keyed | tuple[Diagnostic, ...], None, None]: ...


def parse_all(
    read: Parser,
    config: SiteConfig,
    paths: list[tuple[Path, str]],
    record: tuple[str, str] | None = None,
) -> Generator[Loaded | Keyed | tuple[Diagnostic, ...], None, None]:
    """Each file's article or problems, in order; on forked workers when there are many (close
    it if it is not read to its end: they end with it).
    `paths`: each file with its name in diagnostics ('' when not known yet). With `record`
    (the reader's name and the config's key), each named file's article comes `Keyed`."""
    from newsgen.runtime.workers import forked_pool, pool_workers

    parse = functools.partial(_parse, read, config, record)
    workers = pool_workers(len(paths), POOL_MIN_FILES)
    if not workers:
        yield from map(parse, paths)
        return
    with forked_pool(workers) as pool:
        for start in range(0, len(paths), IN_FLIGHT):  # results wait only until stored
            yield from pool.map(parse, paths[start : start + IN_FLIGHT], chunksize=CHUNK)


def _parse(
    read: Parser, config: SiteConfig, record: tuple[str, str] | None, file: tuple[Path, str]
) -> Loaded | Keyed | tuple[Diagnostic, ...]:
    path, shown = file
    try:
        if record is None or not shown:
            return read(path, config, shown=shown)
        return _parse_keyed(read, config, record, path, shown)
    except NewsgenError as exc:
        return exc.diagnostics


def _parse_keyed(
    read: Parser, config: SiteConfig, record: tuple[str, str], path: Path, shown: str
) -> Loaded | Keyed:
    try:
        data = read_limited(path, shown)
    except OSError:
        return read(path, config, shown=shown)  # which says why it cannot be read
    name, config_key = record
    key = digest("record", name, shown, data, config_key)
    return Keyed(read(path, config, shown=shown, data=data), key)
