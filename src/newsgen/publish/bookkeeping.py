"""What a build keeps in the cache once it has published: the pages' keys, the cache pruned;
and the URL history it publishes with its files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from newsgen.cache.store import BuildCache
from newsgen.model import Article
from newsgen.plan.archive import Archive, is_published
from newsgen.plan.redirects import Published
from newsgen.publish.history import HISTORY_FILE, history_file, updated_history
from newsgen.render.markup import BodyRenderer
from newsgen.render.pages import Reuse


def note_published(
    cache: BuildCache,
    archive: Archive,
    reuse: Reuse,
    bodies: BodyRenderer,
    replaced: Iterable[Article] | None,
) -> None:
    """Keep in the cache the keys of the files published.

    After a build that read the whole archive (`replaced` is None), the cache is pruned of
    what no page used; after a re-planned one (the same articles at the same URLs, the rest of
    the cache not looked at), only the bodies its edits `replaced` are dropped.
    """
    cache.update_published(reuse.keys, reuse.earlier, reuse.carried)
    if replaced is None:
        cache.prune()
    else:
        _forget_replaced(bodies, archive, replaced)
    cache.commit()


def history_records(
    archive: Archive, history: Mapping[str, Published], now: datetime, replanned: bool
) -> dict[str, bytes]:
    """The URL history a build publishes with its files: after a build that read the whole
    archive, with the articles it published; a re-planned one publishes the same articles at
    the same URLs, and leaves it as it is."""
    if replanned:
        return {}
    public = (k for k, a in archive.articles.items() if is_published(a, now, False, False))
    return {HISTORY_FILE: history_file(updated_history(history, archive, public))}


def _forget_replaced(bodies: BodyRenderer, archive: Archive, replaced: Iterable[Article]) -> None:
    """Drop the bodies edits replaced from the cache, unless another article has the same."""
    in_use = {a.stored.key for a in archive.articles.values() if a.stored is not None}
    for article in replaced:
        if article.stored is not None and article.stored.key not in in_use:
            bodies.forget(article)
