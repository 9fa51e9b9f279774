"""Many HTML bodies into Markdown at once (an export's posts): on forked workers when there
are many, each worker converting a chunk, the results in the bodies' order."""

from __future__ import annotations

import itertools
from collections.abc import Generator, Iterable, Iterator, Sequence

from newsgen.content.imports.html import Converted, html_to_markdown

POOL_MIN_BODIES = 200
"""Fewer bodies than this are converted in this process: workers cost a fork each."""
CHUNK = 16
"""Bodies per task: a body takes some milliseconds, a task's round trip a fraction of one."""


def convert_all(bodies: Iterable[tuple[str, str]], count: int) -> Generator[Converted, None, None]:
    """`html_to_markdown(html, base_url)` of each of the `count` (html, base_url), in order
    (close it if it is not read to its end: the workers end with it). `bodies` is read only a
    few chunks ahead of the results: it may be made as it is read, and is never all held."""
    from newsgen.runtime.workers import forked_pool, in_order, pool_workers

    workers = pool_workers(count, POOL_MIN_BODIES)
    if not workers:
        yield from itertools.starmap(html_to_markdown, bodies)
        return
    with forked_pool(workers) as pool:
        for done in in_order(pool, _convert_chunk, _chunks(bodies), workers * 4):
            yield from done


def _chunks(bodies: Iterable[tuple[str, str]]) -> Iterator[tuple[list[tuple[str, str]]]]:
    """The bodies CHUNK at a time, each chunk a job's arguments, taken as they are asked for."""
    waiting = iter(bodies)
    while chunk := list(itertools.islice(waiting, CHUNK)):
        yield (chunk,)


def _convert_chunk(bodies: Sequence[tuple[str, str]]) -> list[Converted]:
    return list(itertools.starmap(html_to_markdown, bodies))
