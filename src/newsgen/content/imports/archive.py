"""Importing archive files (WordPress, feeds, JSON Lines, CSV): their items into Markdown files.

An item is tied to its file by its `id:`, which comes from the item's own id: a re-import
finds the file holding that id (a web address under http or https, with or without `www.`)
wherever an editor moved it, and updates it in place, keeping its id and slug. A new item
gets a slug free on its day and content/imported/YYYY/MM/<slug>.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from newsgen.config.permalinks import article_url
from newsgen.config.site import SiteConfig
from newsgen.content.articles import MAX_FILE_BYTES
from newsgen.content.frontmatter_writer import front_matter_text
from newsgen.content.identity import matching_id
from newsgen.content.imports.gathering import ArchiveFile, Gathered, Gathering
from newsgen.content.imports.items import Options
from newsgen.content.imports.ownpictures import own_pictures, own_pictures_note
from newsgen.content.imports.textstore import TextStore
from newsgen.content.imports.writing import (
    Content,
    ImportResult,
    Planned,
    placed,
    site_content,
    with_checksum,
    write_planned,
)
from newsgen.content.recurrence import settle_topics
from newsgen.diagnostics import ContentError, Diagnostic, error
from newsgen.model import Article, BodyFormat
from newsgen.runtime.lock import WORK_HINT


def import_archives(
    config: SiteConfig, files: Sequence[ArchiveFile], options: Options, force: bool
) -> ImportResult:
    """Import every item of the files; items refused are reported, the others imported. The
    items' bodies, then their files' texts, wait in a temporary file until they are written:
    an import holds in memory only what placing each item needs (its front matter)."""
    content = site_content(config)
    with _scratch(config) as store:
        gathering = Gathering(config, store)
        for file in files:
            gathering.read(file, options)
        plan = _plan(config, gathering, content)
        refused, diagnostics = gathering.refused, gathering.diagnostics
        result = write_planned(config, plan, force, refused, diagnostics, "item", store)
    shown = tuple(sorted(result.diagnostics))  # by file and line, as the reader meets them
    return dataclasses.replace(result, skipped=tuple(gathering.skipped), diagnostics=shown)


def _scratch(config: SiteConfig) -> TextStore:
    """The import's scratch file, in the site's .newsgen/ (never outside the site: a /tmp in
    memory would also hold the bodies in memory); an error naming the folder when it cannot
    be made there."""
    try:
        return TextStore(config.work_path)
    except OSError as exc:
        message = f"cannot make the import's scratch file: {exc.strerror or exc}"
        raise ContentError(".newsgen", 0, message, WORK_HINT) from None


def _plan(config: SiteConfig, gathering: Gathering, content: Content) -> dict[Path, Planned]:
    """Where each gathered item goes, and its file's text (in the store); an item too large
    for an article refused."""
    by_uid = {
        matching_id(article.uid): (path, article) for path, article in sorted(content.files.items())
    }
    plan: dict[Path, Planned] = {}
    pictures: list[tuple[Path, str]] = []
    store, found = gathering.store, gathering.found
    for gathered, article in zip(found, _settled(config, found, content), strict=True):
        article = dataclasses.replace(article, body=store.get(gathered.body))
        text = item_text(article)
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            gathering.diagnostics.append(_too_large(article.source_path))
            gathering.refused.append(article.source_path)
            continue
        target, placed = _target(config, article, content, by_uid, plan)
        placed = _without_own_url(config, placed)
        text = text if placed is article else item_text(placed)  # most keep slug and aliases
        plan[target] = Planned(placed.source_path, store.put(text), gathered.notes)
        pictures += [(target, url) for url in own_pictures(placed, config.base_url)]
    _tell_own_pictures(plan, pictures)
    return plan


def _tell_own_pictures(plan: dict[Path, Planned], pictures: list[tuple[Path, str]]) -> None:
    """One note on the pictures on the site's own host, told with the first file holding one
    (when it is written: not again on each later import)."""
    if not pictures:
        return
    target = pictures[0][0]
    first = plan[target]
    path, _, line = first.origin.rpartition(":")
    told = own_pictures_note((path, int(line)), list(dict.fromkeys(u for _, u in pictures)))
    plan[target] = dataclasses.replace(first, notes=(*first.notes, told))


def _too_large(where: str) -> Diagnostic:
    """An item whose file would be refused by every build, as longer than an article may be."""
    path, _, line = where.rpartition(":")
    limit = MAX_FILE_BYTES // (1024 * 1024)
    message = f"the item makes a file larger than the {limit} MB an article may be: left out"
    hint = "split it, or remove what is not article text, such as pasted images or logs"
    return error(path, int(line), message, hint)


def _target(
    config: SiteConfig,
    article: Article,
    content: Content,
    by_uid: dict[str, tuple[Path, Article]],
    plan: dict[Path, Planned],
) -> tuple[Path, Article]:
    if matching_id(article.uid) in by_uid:
        path, before = by_uid[matching_id(article.uid)]
        return path, dataclasses.replace(article, slug=before.slug, uid=before.uid)
    article, path = placed(config, article, content, plan.keys())
    return path, article


def _without_own_url(config: SiteConfig, article: Article) -> Article:
    """The article without an alias that is its new URL (an old address kept as it was); the
    very same article when it has none."""
    url = article_url(config, article.slug, article.date)
    if url not in article.aliases:
        return article
    return dataclasses.replace(article, aliases=tuple(a for a in article.aliases if a != url))


def _settled(config: SiteConfig, found: list[Gathered], content: Content) -> tuple[Article, ...]:
    """The articles with their automatic topics settled across them and the site's other
    content (an earlier import of these same items aside, so that importing them again gives
    the same topics)."""
    uids = {matching_id(each.article.uid) for each in found}
    counted = [a for a in content.files.values() if matching_id(a.uid) not in uids]
    return settle_topics([each.article for each in found], config, counted)


def item_text(article: Article) -> str:
    """The Markdown file for an imported item, ending its front matter with its checksum.

    Authors are those the item names: the site's default author is never given to text the
    site did not write; the `source` credits the original publisher and the item's address.
    """
    fields: dict[str, object] = {"title": article.title, "date": article.date.isoformat()}
    fields |= {"id": article.uid, "slug": article.slug}
    if article.draft:
        fields["draft"] = True
    if article.authors:
        fields["authors"] = list(article.authors)
    if article.source is not None:
        fields["source"] = {k: v for k, v in dataclasses.asdict(article.source).items() if v}
    fields["topics"] = list(article.topics)
    if article.summary:
        fields["summary"] = article.summary
    if article.aliases:
        fields["aliases"] = list(article.aliases)
    picture = {
        "image": article.image,
        "image_alt": article.image_alt,
        "image_caption": article.image_caption,
        "image_credit": article.image_credit,
    }
    fields |= {key: value for key, value in picture.items() if value}
    if article.language:
        fields["language"] = article.language
    if article.body_format is BodyFormat.TEXT:
        fields["format"] = "text"
    return with_checksum(front_matter_text(fields, article.body))
