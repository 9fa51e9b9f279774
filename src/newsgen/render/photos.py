"""Every image file the articles show, published: processed once, then kept or read from cache."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig
from newsgen.content.images import ImageProblem
from newsgen.diagnostics import ContentError, Diagnostic, NewsgenError
from newsgen.plan.images import Rendition
from newsgen.plan.media import MediaPlan
from newsgen.render.pages import Reuse
from newsgen.runtime.workers import forked_pool, pool_workers

POOL_MIN_PICTURES = 4
"""Fewer pictures to process than this are processed in this process (a fork costs more)."""


def add_pictures(config: SiteConfig, plan: MediaPlan, reuse: Reuse, cache_folder: Path) -> None:
    """Publish every file of every picture; one whose source and sizes are those of the last
    build, and whose file is still there, is kept without being read or processed.

    Pictures the cache lacks are processed first, on every core when there are several.
    """
    todo: list[tuple[str, Rendition, set[str]]] = []
    for path, rendition in plan.renditions.items():
        key = digest("picture", repr(rendition))
        kept = {v.url for v in rendition.variants if reuse.unchanged(v.url, key, path)}
        if len(kept) < len(rendition.variants):
            todo.append((path, rendition, kept))
    if not todo:
        return
    from newsgen.render.images import rendition_files  # Pillow: only when a picture is made

    _process([rendition for _, rendition, _ in todo], config, cache_folder)
    for path, rendition, kept in todo:
        with _image_problems(path):
            for url, data in rendition_files(config, rendition, cache_folder):
                if url not in kept:
                    reuse.output.add(url, data, path)


def _process(renditions: list[Rendition], config: SiteConfig, cache_folder: Path) -> None:
    """Fill the cache with every variant these pictures lack, on forked workers if many."""
    make = functools.partial(_make, config=config, cache_folder=cache_folder)
    workers = pool_workers(len(renditions), POOL_MIN_PICTURES)
    if not workers:
        for rendition in renditions:
            _raise(make(rendition))
        return
    with forked_pool(workers) as pool:
        for outcome in pool.map(make, renditions):
            _raise(outcome)


def _make(rendition: Rendition, config: SiteConfig, cache_folder: Path) -> tuple[Diagnostic, ...]:
    """Process one picture; its problem is returned (a worker's exception may not pickle)."""
    from newsgen.render.images import make_missing

    try:
        with _image_problems(rendition.image.path):
            make_missing(config, rendition, cache_folder)
    except ContentError as exc:
        return exc.diagnostics
    return ()


def _raise(problems: tuple[Diagnostic, ...]) -> None:
    if problems:
        raise NewsgenError(problems)


@contextlib.contextmanager
def _image_problems(path: str) -> Iterator[None]:
    """A picture that changed or vanished since it was inspected, as an error naming it."""
    try:
        yield
    except ImageProblem as problem:
        raise ContentError(path, 0, problem.message, problem.hint) from None
