"""Importing archive files (WordPress, feeds, JSON Lines, CSV): their items into Markdown files.

An item is tied to its file by its `id:`, which comes from the item's own id: a re-import
finds the file holding that id (a web address under http or https, with or without `www.`)
wherever an editor moved it, and updates it in place, keeping its id and slug. A new item
gets a slug free on its day and content/imported/YYYY/MM/<slug>.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgen.config.permalinks import article_url
from newsgen.config.site import SiteConfig
from newsgen.content.articles import MAX_FILE_BYTES
from newsgen.content.frontmatter_writer import front_matter_text
from newsgen.content.identity import matching_id, own_alias, same_site
from newsgen.content.imports.agencies import credit_agencies, item_credit, known_sites
from newsgen.content.imports.items import Item, Options, Reading, item_uid
from newsgen.content.imports.ownpictures import own_pictures, own_pictures_note
from newsgen.content.imports.writing import (
    Content,
    ImportResult,
    Planned,
    placed,
    site_content,
    with_checksum,
    write_planned,
)
from newsgen.content.languages import imported_language
from newsgen.content.recurrence import settle_topics
from newsgen.content.slugs import slug_for
from newsgen.content.topics import Detected, detect_topics
from newsgen.diagnostics import ContentError, Diagnostic, error
from newsgen.model import Article, BodyFormat

Reader = Callable[[Path, str, SiteConfig, Options], Reading]
"""Reads one archive file (its path, the path diagnostics show) into items."""


@dataclass(frozen=True)
class ArchiveFile:
    """One file to import, the path diagnostics show for it, and its format's reader."""

    path: Path
    shown: str
    read: Reader


def import_archives(
    config: SiteConfig, files: Sequence[ArchiveFile], options: Options, force: bool
) -> ImportResult:
    """Import every item of the files; items refused are reported, the others imported."""
    content = site_content(config)
    by_uid = {
        matching_id(article.uid): (path, article) for path, article in sorted(content.files.items())
    }
    plan: dict[Path, Planned] = {}
    refused: list[str] = []
    skipped: list[str] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, str] = {}
    found: list[tuple[Item, Article]] = []
    sites = known_sites(config)
    for file in files:
        try:
            reading = file.read(file.path, file.shown, config, options)
        except ContentError as exc:
            diagnostics += exc.diagnostics
            refused.append(file.shown)
            continue
        diagnostics += reading.problems
        refused += reading.refused
        skipped += reading.skipped
        for item in reading.items:
            where = f"{file.shown}:{item.line}"
            uid = item_uid(item.key)
            if matching_id(uid) in seen:
                earlier = seen[matching_id(uid)]
                message = f"the item's id {item.key!r} is also the id of the item at {earlier}"
                hint = "give each item an id of its own; this one is left out"
                diagnostics.append(error(file.shown, item.line, message, hint))
                refused.append(where)
                continue
            seen[matching_id(uid)] = where
            item = credit_agencies(item, file.shown, sites)
            found.append((item, _article(item, uid, where, config)))
    pictures: list[tuple[Path, str]] = []
    for (item, _), article in zip(found, _settled(config, found, content), strict=True):
        text = item_text(article)
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            diagnostics.append(_too_large(article.source_path))
            refused.append(article.source_path)
            continue
        target, article = _target(config, article, content, by_uid, plan)
        article = _without_own_url(config, article)
        plan[target] = Planned(article.source_path, item_text(article), item.notes)
        pictures += [(target, url) for url in own_pictures(article, config.base_url)]
    _tell_own_pictures(plan, pictures)
    result = write_planned(config, plan, force, refused, diagnostics, kind="item")
    shown = tuple(sorted(result.diagnostics))  # by file and line, as the reader meets them
    return dataclasses.replace(result, skipped=tuple(skipped), diagnostics=shown)


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
    """The article without an alias that is its new URL (an old address kept as it was)."""
    url = article_url(config, article.slug, article.date)
    return dataclasses.replace(article, aliases=tuple(a for a in article.aliases if a != url))


def _settled(
    config: SiteConfig, found: list[tuple[Item, Article]], content: Content
) -> tuple[Article, ...]:
    """The articles with their automatic topics settled across them and the site's other
    content (an earlier import of these same items aside, so that importing them again gives
    the same topics)."""
    uids = {matching_id(article.uid) for _, article in found}
    counted = [a for a in content.files.values() if matching_id(a.uid) not in uids]
    return settle_topics([article for _, article in found], config, counted)


def _article(item: Item, uid: str, where: str, config: SiteConfig) -> Article:
    """The item as an article. An item without topics of its own gets those its text gives,
    as a seed does: the vocabulary's, and names it repeats as candidates. An item whose
    address is on this site's own host is the site's own story, moved from its old system:
    its old path becomes an alias, and no other publisher is credited (but the agency its
    authors name)."""
    detected = Detected(item.topics, ())
    if not item.topics:
        detected = detect_topics(item.title, item.body.split("\n\n"), config)
    own = same_site(item.source.url, config.base_url)
    return Article(
        slug=slug_for(item.slug or item.title),
        title=item.title,
        date=item.date,
        body=item.body,
        body_format=item.body_format,
        source_path=where,
        summary=item.summary,
        authors=item.authors,
        topics=detected.topics,
        candidate_topics=detected.candidates,
        draft=item.draft,
        image=item.picture.image,
        image_alt=item.picture.alt,
        image_caption=item.picture.caption,
        image_credit=item.picture.credit,
        language=imported_language(item.language, config.language),
        source=item_credit(item, own),
        aliases=tuple(
            dict.fromkeys(
                alias
                for url in (item.source.url, *item.old_links)
                if (alias := own_alias(url, config.base_url))
            )
        ),
        uid=uid,
    )


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
