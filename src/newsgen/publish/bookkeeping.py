"""What a build keeps once it has published: the pages' keys, the URL history, the cache pruned."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from newsgen.cache.store import BuildCache
from newsgen.model import Article
from newsgen.plan.archive import Archive, is_published
from newsgen.plan.redirects import Published
from newsgen.publish.history import updated_history, write_history
from newsgen.render.markup import BodyRenderer
from newsgen.render.pages import Reuse


def note_published(
    work: Path,
    cache: BuildCache,
    archive: Archive,
    reuse: Reuse,
    bodies: BodyRenderer,
    history: Mapping[str, Published],
    now: datetime,
    replaced: Iterable[Article] | None,
) -> None:
    """Keep in the cache the keys of the files published, and in `work` the URL history.

    After a build that read the whole archive (`replaced` is None), the history gets the
    articles it published and the cache is pruned of what no page used; after a re-planned
    one (the same articles at the same URLs, the rest of the cache not looked at), only the
    bodies its edits `replaced` are dropped.
    """
    cache.update_published(reuse.keys, reuse.earlier, reuse.carried)
    if replaced is None:
        public = (k for k, a in archive.articles.items() if is_published(a, now, False, False))
        write_history(work, updated_history(history, archive, public))
        cache.prune()
    else:
        _forget_replaced(bodies, archive, replaced)
    cache.commit()


def _forget_replaced(bodies: BodyRenderer, archive: Archive, replaced: Iterable[Article]) -> None:
    """Drop the bodies edits replaced from the cache, unless another article has the same."""
    in_use = {a.stored.key for a in archive.articles.values() if a.stored is not None}
    for article in replaced:
        if article.stored is not None and article.stored.key not in in_use:
            bodies.forget(article)
