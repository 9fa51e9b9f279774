"""`newsgen new`: a new article skeleton, dated now, never overwriting.

A new article starts as `draft: true`: a skeleton holds only a placeholder, and a build must not
publish it until an editor has written it and removed the line (`build --drafts` previews it).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from newsgen.config.permalinks import article_url
from newsgen.config.site import SiteConfig
from newsgen.config.site_paths import fold
from newsgen.content.articles import parse_article_text, read_article
from newsgen.content.clashes import free_slug_on
from newsgen.content.frontmatter_writer import front_matter_text, write_new
from newsgen.content.identity import new_id
from newsgen.content.slugs import slug_for
from newsgen.diagnostics import ContentError, NewsgenError

PLACEHOLDER = "Write the article here. Delete the `draft: true` line to publish it."


def new_article(config: SiteConfig, title: str, topics: list[str], now: datetime) -> Path:
    """Write content/YYYY/MM/<slug>.md (or <slug>-2.md...) as a draft and return its path.

    Its `id:` is new and its `slug:` pinned, so that editing the headline later moves nothing.
    A headline that recurs (a daily briefing) gets a file of its own, and a slug of its own
    when one of the same name already has that day's URL.
    """
    if not title.strip():
        raise ContentError("newsgen new", 0, "the title is empty", 'newsgen new "Your headline"')
    local = now.astimezone(config.zone).replace(microsecond=0)
    folder = _inside_site(config.content_path / f"{local.year:04d}" / f"{local.month:02d}", config)
    slug = slug_for(title)
    namesakes = _namesakes(folder, slug, config)
    if article_url(config, slug, local) in namesakes.values():
        slug = free_slug_on(config, slug, local, set(namesakes.values()))
    path = _free_name(folder, slug_for(title), namesakes.keys())
    fields: dict[str, object] = {"title": " ".join(title.split()), "date": local.isoformat()}
    fields |= {"id": new_id(), "slug": slug}
    names = [" ".join(topic.split()) for topic in topics]
    fields |= {"topics": list(dict.fromkeys(name for name in names if name)), "draft": True}
    shown = path.relative_to(config.root).as_posix()
    text = front_matter_text(fields, PLACEHOLDER)
    parse_article_text(text, shown, config)  # raises: no article that `check` would refuse
    try:
        write_new(path, text)
    except FileExistsError:
        hint = "run the command again"
        raise ContentError(shown, 0, "appeared while it was being written", hint) from None
    except OSError as exc:
        raise ContentError(shown, 0, f"cannot write the article: {exc.strerror}") from None
    return path


def _inside_site(folder: Path, config: SiteConfig) -> Path:
    """`folder`, unless it (or a folder on its way) is a link leading out of the site."""
    if folder.resolve().is_relative_to(config.root.resolve()):
        return folder
    shown = folder.relative_to(config.root).as_posix()
    hint = "newsgen new writes only inside the site: make it a folder of the site"
    raise ContentError(shown, 0, "links to a folder outside the site", hint)


def _namesakes(folder: Path, slug: str, config: SiteConfig) -> dict[Path, str]:
    """Files of the month that `new` made for the same headline, and their articles' URLs."""
    pattern = re.compile(rf"{re.escape(slug)}(-\d+)?\.md")
    found: dict[Path, str] = {}
    for path in sorted(folder.glob(f"{slug}*.md")) if folder.is_dir() else []:
        if not pattern.fullmatch(path.name):
            continue
        try:
            article = read_article(path, config).article
        except NewsgenError:
            found[path] = ""  # taken all the same
            continue
        found[path] = article_url(config, article.slug, article.date)
    return found


def _free_name(folder: Path, stem: str, taken: Collection[Path]) -> Path:
    """<stem>.md, or <stem>-2.md, <stem>-3.md...: the first name no file has, in any case
    (beside `Stem.md`, a `stem.md` would be lost by a checkout on macOS or Windows)."""
    present = {fold(entry.name) for entry in folder.iterdir()} if folder.is_dir() else set()
    path, number = folder / f"{stem}.md", 2
    while path in taken or fold(path.name) in present or path.exists():
        path, number = folder / f"{stem}-{number}.md", number + 1
    return path
