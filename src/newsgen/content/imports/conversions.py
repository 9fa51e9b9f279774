"""Many HTML bodies into Markdown at once (an export's posts): on forked workers when there
are many, each worker converting a chunk, the results in the bodies' order."""

from __future__ import annotations

import itertools
from collections.abc import Generator, Sequence

from newsgen.content.imports.html import Converted, html_to_markdown

POOL_MIN_BODIES = 200
"""Fewer bodies than this are converted in this process: workers cost a fork each."""
CHUNK = 16
"""Bodies per task: a body takes some milliseconds, a task's round trip a fraction of one."""


def convert_all(bodies: Sequence[tuple[str, str]]) -> Generator[Converted, None, None]:
    """`html_to_markdown(html, base_url)` of each (html, base_url), in order (close it if it is
    not read to its end: the workers end with it)."""
    from newsgen.runtime.workers import forked_pool, in_order, pool_workers

    workers = pool_workers(len(bodies), POOL_MIN_BODIES)
    if not workers:
        yield from itertools.starmap(html_to_markdown, bodies)
        return
    chunks = ((bodies[i : i + CHUNK],) for i in range(0, len(bodies), CHUNK))
    with forked_pool(workers) as pool:
        for done in in_order(pool, _convert_chunk, chunks, workers * 4):
            yield from done


def _convert_chunk(bodies: Sequence[tuple[str, str]]) -> list[Converted]:
    return list(itertools.starmap(html_to_markdown, bodies))
