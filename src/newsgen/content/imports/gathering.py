"""The items of the archive files imported, gathered as each reader hands them over: an id given
twice refused, agencies credited, each item made an article, its body put away in a TextStore
until its file is planned. The items of a file refused as a whole are let go."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsgen.config.site import SiteConfig
from newsgen.content.identity import matching_id, own_alias, same_site
from newsgen.content.imports.agencies import credit_agencies, item_credit, known_sites
from newsgen.content.imports.items import Item, Keep, Options, Reading, item_uid
from newsgen.content.imports.textstore import Stored, TextStore
from newsgen.content.languages import imported_language
from newsgen.content.slugs import slug_for
from newsgen.content.topics import Detected, detect_topics
from newsgen.diagnostics import ContentError, Diagnostic, error
from newsgen.model import Article

Reader = Callable[[Path, str, SiteConfig, Options, Keep], Reading]
"""Reads one archive file (its path, the path diagnostics show) and hands each item over."""


@dataclass(frozen=True)
class ArchiveFile:
    """One file to import, the path diagnostics show for it, and its format's reader."""

    path: Path
    shown: str
    read: Reader


@dataclass(frozen=True)
class Gathered:
    """One item made an article, ready to be placed."""

    article: Article
    """The article, its body left out (`body` says where it waits)."""
    body: Stored
    notes: tuple[Diagnostic, ...]
    """Told when its file is written."""


@dataclass
class Gathering:
    """Every item of the files read so far, and what was refused or skipped."""

    config: SiteConfig
    store: TextStore
    found: list[Gathered] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)
    """Where each id was first met, by its matching form."""
    refused: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def read(self, file: ArchiveFile, options: Options) -> None:
        """The items of one file, kept only when the file is read to its end."""
        staged = _Staged(self, file.shown)
        try:
            reading = file.read(file.path, file.shown, self.config, options, staged.keep)
        except ContentError as exc:
            self.diagnostics += exc.diagnostics
            self.refused.append(file.shown)
            return
        self.diagnostics += [*reading.problems, *staged.diagnostics]
        self.refused += [*reading.refused, *staged.refused]
        self.skipped += reading.skipped
        self.found += staged.found
        self.seen |= staged.seen


class _Staged:
    """The items of the file being read, gathered apart until it is read to its end."""

    def __init__(self, gathering: Gathering, shown: str) -> None:
        self.gathering = gathering
        self.shown = shown
        self.sites = known_sites(gathering.config)
        self.found: list[Gathered] = []
        self.seen: dict[str, str] = {}
        self.refused: list[str] = []
        self.diagnostics: list[Diagnostic] = []
        self.languages: dict[str, str] = {}
        """Each language the file gives its items, as an article's (Babel's data looked up
        once, not for each item)."""

    def keep(self, item: Item) -> None:
        """One item read: refused when an item met before has its id, else gathered."""
        where = f"{self.shown}:{item.line}"
        uid = item_uid(item.key)
        earlier = self.gathering.seen.get(matching_id(uid)) or self.seen.get(matching_id(uid))
        if earlier:
            message = f"the item's id {item.key!r} is also the id of the item at {earlier}"
            hint = "give each item an id of its own; this one is left out"
            self.diagnostics.append(error(self.shown, item.line, message, hint))
            self.refused.append(where)
            return
        self.seen[matching_id(uid)] = where
        item = credit_agencies(item, self.shown, self.sites)
        language = self._language(item.language)
        article = item_article(item, uid, where, self.gathering.config, language)
        body = self.gathering.store.put(article.body)
        self.found.append(Gathered(replace(article, body=""), body, item.notes))

    def _language(self, code: str) -> str:
        if code not in self.languages:
            self.languages[code] = imported_language(code, self.gathering.config.language)
        return self.languages[code]


def item_article(item: Item, uid: str, where: str, config: SiteConfig, language: str) -> Article:
    """The item as an article. An item without topics of its own gets those its text gives,
    as a seed does: the vocabulary's, and names it repeats as candidates. An item whose
    address is on this site's own host is the site's own story, moved from its old system:
    its old path becomes an alias, and no other publisher is credited (but the agency its
    authors name). `language` is its `imported_language`."""
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
        language=language,
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
