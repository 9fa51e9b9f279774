"""Rendering pages to HTML: in this process, or on every core when there are many (worker
processes forked with the job, so they share it without copying it)."""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig
from newsgen.diagnostics import NewsgenError
from newsgen.plan.archive import Archive
from newsgen.plan.pages import Page
from newsgen.render.markup import BodyRenderer
from newsgen.render.search_keys import Compared, reads_alike
from newsgen.render.templates import render_page
from newsgen.runtime.workers import forked_pool, in_order, pool_workers, render_cores

if TYPE_CHECKING:
    import jinja2

POOL_MIN_PAGES = 200
"""Fewer pages to render than this are rendered in this process: workers cost a fork each."""
CHUNK = 32


@dataclass(frozen=True)
class RenderJob:
    """What rendering a page needs; worker processes inherit it when they are forked."""

    config: SiteConfig
    environment: jinja2.Environment
    archive: Archive
    pages: list[Page]
    common: str
    """What every page depends on (newsgen, the config, the asset URLs), hashed: where each
    page's data key starts (`data_key`)."""
    reads: set[str] | None
    """The ids of the articles read as a context is made (`Views.reads`), when the pages
    fingerprinted by their renderer are to note them."""


Made = tuple[str, tuple[int, ...]]
"""The data key of a page fingerprinted by its renderer, and the positions (in the archive's
order) of the articles its context was made from."""
Rendered = tuple[bytes, str | None, str, Compared | None, Made | None]
"""A page's HTML, its article's body HTML when this render made it (else None), and for an
article page, the key of its bytes and whether Pagefind reads it alike its published file,
with its search key (`reads_alike`; None when not compared; else '' and None); then what its
renderer made of it to fingerprint it (None when it was fingerprinted before)."""
Live = tuple[str, tuple[str, str]]
"""A published file to compare a page with for search, and what the last build knew of it
(see `reads_alike`)."""
Body = tuple[str | None, str, Live | None, str | None]
"""An article page's body HTML when known, else (None, the text to render it from); the
published file to compare it with for search, if any; and when its renderer is to fingerprint
the page, the key of its article's body ('' for other pages), else None."""


def data_key(common: str, context: Mapping[str, Any], body: str) -> str:
    """A page's inputs but its templates, hashed: what every page depends on (`common`), its
    `context` and its article's `body` key (empty for other pages). Its fingerprint adds the
    files its templates are made of."""
    return digest(common, repr(context), body)  # plain data in a fixed order: repr is stable


def render_all(
    job: RenderJob, todo: list[int], known: Callable[[int], Body], spare: int = 0
) -> Generator[Rendered, None, None]:
    """Render the pages numbered `todo`, in order; when there are many, on every core but the
    `spare` lowest numbered (the workers kept off those).

    Workers are forked, so they share the job without copying it; each gets chunks of page
    numbers, with the body HTML (or text) `known` gives, and returns bytes. Bodies are looked up
    only for the chunks in flight, never all held at once. The first failing page (in page
    order) fails the build.
    """
    workers = pool_workers(len(todo), POOL_MIN_PAGES, spare)
    if not workers:
        bodies = _new_body_renderer(job)
        for number in todo:
            yield _raise_failure(_render_one(job, bodies, number, known(number)))
        return
    chunks = (todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK))
    with forked_pool(workers, _start_worker, (job, render_cores(spare) if spare else None)) as pool:
        # A bounded window of chunks in flight: finished pages wait in memory only until
        # written, however much faster the workers render than this process writes.
        jobs = ((chunk, [known(n) for n in chunk]) for chunk in chunks)
        for done in in_order(pool, _render_chunk, jobs, workers * 4):
            yield from map(_raise_failure, done)


def _raise_failure(outcome: Rendered | NewsgenError) -> Rendered:
    if isinstance(outcome, NewsgenError):
        raise NewsgenError(outcome.diagnostics)
    return outcome


_WORKER: list[tuple[RenderJob, BodyRenderer]] = []
"""The job of this worker process (set once when it starts; the parent never sets it)."""


def _start_worker(job: RenderJob, cores: set[int] | None = None) -> None:
    if cores:
        os.sched_setaffinity(0, cores)
    _WORKER.append((job, _new_body_renderer(job)))


def _render_chunk(numbers: list[int], known: list[Body]) -> list[Rendered | NewsgenError]:
    job, bodies = _WORKER[0]
    return [_render_one(job, bodies, n, body) for n, body in zip(numbers, known, strict=True)]


def _render_one(
    job: RenderJob, bodies: BodyRenderer, number: int, known: Body
) -> Rendered | NewsgenError:
    """One page's HTML; a template problem is returned (exceptions may not pickle).

    `known` is the page's article body from the cache, or the text to render it from here.
    """
    page = job.pages[number]
    if job.reads is not None:
        job.reads.clear()
    context = page.context
    made = None if known[3] is None else _made(job, context, known[3])
    fresh = None
    if page.article:
        body, text, _, _ = known
        if body is None:
            body = fresh = bodies.render_text(job.archive.articles[page.article], text)
        safe = Markup(body)  # safe: the renderer escapes
        context = {**context, "article": {**context["article"], "body_html": safe}}
    try:
        text = render_page(job.environment, page.template, context, job.config, _shown(job, page))
    except NewsgenError as exc:
        return NewsgenError(exc.diagnostics)
    page_html = text.encode("utf-8")
    if not page.article:
        return page_html, fresh, "", None, made
    live = known[2]
    compared = reads_alike(page_html, *live) if live else None
    return page_html, fresh, digest(page_html), compared, made


def _shown(job: RenderJob, page: Page) -> str:
    """The page as a template error names it: its URL, and its article's file."""
    if page.article is None:
        return page.url
    return f"{page.url}, the page of {job.archive.articles[page.article].source_path}"


def _made(job: RenderJob, context: Mapping[str, Any], body: str) -> Made:
    """A page's data key from the `context` its renderer made, and the articles it read."""
    position = job.archive.position
    read = () if job.reads is None else tuple(position[u] for u in job.reads if u in position)
    return data_key(job.common, context, body), read


def _new_body_renderer(job: RenderJob) -> BodyRenderer:
    return BodyRenderer(raw_html=job.config.markdown_raw_html, media=job.archive.media.body)
