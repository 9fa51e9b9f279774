"""What a build keeps in the cache once it has published: the pages' keys, the cache pruned."""

from __future__ import annotations

from collections.abc import Iterable

from newsgen.cache.store import BuildCache
from newsgen.model import Article
from newsgen.plan.archive import Archive
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


def _forget_replaced(bodies: BodyRenderer, archive: Archive, replaced: Iterable[Article]) -> None:
    """Drop the bodies edits replaced from the cache, unless another article has the same."""
    in_use = set(archive.body_keys.values())
    for article in replaced:
        if article.stored is not None and article.stored.key not in in_use:
            bodies.forget(article)
