"""`newsgen new`: a new article skeleton, dated now, never overwriting.

A new article starts as `draft: true`: a skeleton holds only a placeholder, and a build must not
publish it until an editor has written it and removed the line (`build --drafts` previews it).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from newsgen.config.site import SiteConfig
from newsgen.content.frontmatter_writer import front_matter_text, write_atomically
from newsgen.content.slugs import slug_for
from newsgen.diagnostics import ContentError

PLACEHOLDER = "Write the article here. Delete the `draft: true` line to publish it."


def new_article(config: SiteConfig, title: str, topics: list[str], now: datetime) -> Path:
    """Write content/YYYY/MM/<slug>.md as a draft and return its path."""
    if not title.strip():
        raise ContentError("newsgen new", 0, "the title is empty", 'newsgen new "Your headline"')
    local = now.astimezone(config.zone).replace(microsecond=0)
    path = (
        config.content_path / f"{local.year:04d}" / f"{local.month:02d}" / f"{slug_for(title)}.md"
    )
    shown = path.relative_to(config.root).as_posix()
    if path.exists():
        raise ContentError(shown, 0, "already exists: not overwritten", "choose another title")
    fields: dict[str, object] = {"title": " ".join(title.split()), "date": local.isoformat()}
    names = [" ".join(topic.split()) for topic in topics]
    fields |= {"topics": list(dict.fromkeys(name for name in names if name)), "draft": True}
    try:
        write_atomically(path, front_matter_text(fields, PLACEHOLDER))
    except OSError as exc:
        raise ContentError(shown, 0, f"cannot write the article: {exc.strerror}") from None
    return path
