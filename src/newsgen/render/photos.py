"""Every image file the articles show, published: processed once, then kept or read from cache."""

from __future__ import annotations

from pathlib import Path

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig
from newsgen.content.images import ImageProblem
from newsgen.diagnostics import ContentError
from newsgen.plan.media import MediaPlan
from newsgen.render.images import rendition_files
from newsgen.render.pages import Reuse


def add_pictures(config: SiteConfig, plan: MediaPlan, reuse: Reuse, cache_folder: Path) -> None:
    """Publish every file of every picture; one whose source and sizes are those of the last
    build, and whose file is still there, is kept without being read or processed."""
    for path, rendition in plan.renditions.items():
        key = digest("picture", repr(rendition))
        kept = {v.url for v in rendition.variants if reuse.unchanged(v.url, key, path)}
        if len(kept) == len(rendition.variants):
            continue
        try:
            for url, data in rendition_files(config, rendition, cache_folder):
                if url not in kept:
                    reuse.output.add(url, data, path)
        except ImageProblem as problem:  # the file changed since it was inspected
            raise ContentError(path, 0, problem.message, problem.hint) from None
