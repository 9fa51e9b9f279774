"""`newsgen new`: a new article skeleton, dated now, never overwriting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from newsgen.config import SiteConfig
from newsgen.diagnostics import ContentError
from newsgen.frontmatter_writer import front_matter_text, write_atomically
from newsgen.slugs import slug_for

PLACEHOLDER = "Write the article here. Delete the `draft: true` line to publish it."


def new_article(config: SiteConfig, title: str, topics: list[str], now: datetime) -> Path:
    """Write content/YYYY/MM/<slug>.md as a draft and return its path."""
    if not title.strip():
        raise ContentError("newsgen new", 0, "the title is empty", 'newsgen new "Your headline"')
    local = now.astimezone(config.zone).replace(microsecond=0)
    path = (
        config.content_path / f"{local.year:04d}" / f"{local.month:02d}" / f"{slug_for(title)}.md"
    )
    if path.exists():
        shown = path.relative_to(config.root).as_posix()
        raise ContentError(shown, 0, "already exists: not overwritten", "choose another title")
    fields: dict[str, object] = {"title": " ".join(title.split()), "date": local.isoformat()}
    fields |= {"topics": topics, "draft": True}
    write_atomically(path, front_matter_text(fields, PLACEHOLDER))
    return path
