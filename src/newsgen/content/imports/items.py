"""Items: one article of an archive file as a format reader found it, and the checks shared by
every reader (dates, names, ids)."""

from __future__ import annotations

import email.utils
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from newsgen.config.site import SiteConfig
from newsgen.content.articles import DATE_RANGE_HINT, MAX_TOPICS, date_in_range
from newsgen.content.credit import MAX_AUTHORS
from newsgen.content.dates import DateError, parse_date_value
from newsgen.content.identity import NAMESPACE, normal_id
from newsgen.content.imports.html import Converted, html_to_markdown
from newsgen.content.references import LeadImage
from newsgen.content.text import plain_text
from newsgen.diagnostics import ContentError, Diagnostic, note, warning
from newsgen.model import BodyFormat, Source

RFC822_SHORT_YEAR = re.compile(
    r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2}\s+\d{1,2}:\d{2}(?::\d{2})?\s+[A-Za-z0-9+-]+"
)
DATE_HINT = (
    "write it as ISO 8601 (2024-02-22T10:00:00+01:00, or 2024-02-22 for that day in the site "
    "timezone) or RFC 822 (Thu, 22 Feb 2024 10:00:00 +0100)"
)


@dataclass(frozen=True)
class Item:
    """One article read from an archive file, with the line where it starts."""

    line: int
    key: str
    """The item's own id in its archive (a guid, a post id, an id column): what ties the
    imported file to it on every later import."""
    title: str
    date: datetime
    body: str
    body_format: BodyFormat
    source: Source
    """The original publisher and the item's own address: what credits it."""
    authors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    slug: str = ""
    """The archive's own slug for it, if any (else the title gives one)."""
    summary: str = ""
    draft: bool = False
    agency: str = ""
    """The news agency its authors name (`Reuters`), credited as its source."""
    old_links: tuple[str, ...] = ()
    """Other addresses the old site answered for it (a WordPress post's slugs before its
    last): of the site's own archive, they become aliases too."""
    picture: LeadImage = field(default_factory=LeadImage)
    """Its lead picture, a web address (a WordPress featured image, a feed's image
    enclosure), if any."""
    language: str = ""
    """The language its archive gives it, as written (`fr-CA`), if any."""
    notes: tuple[Diagnostic, ...] = ()
    """Told when its file is written: what was changed or left out on the way."""


@dataclass(frozen=True)
class Options:
    """What the command line says of the files imported."""

    source: Source | None = None
    """--source-name and --source-url: the publisher of every item (the item's own address
    is still its `source.url` where it has one)."""
    mapping: tuple[tuple[str, str], ...] = ()
    """--map FIELD=COLUMN pairs, for JSON Lines and CSV."""
    body_format: str = "text"
    """--body-format: how JSON Lines and CSV bodies are written (text, markdown or html)."""


def item_source(options: Options, name: str, url: str) -> Source:
    """The item's source: the publisher named on the command line, else the one the file
    names; the item's own address, else the command line's."""
    given = options.source or Source()
    return Source(name=given.name or plain_text(name), url=url or given.url)


def given_url(options: Options) -> str:
    """--source-url, or ''."""
    return options.source.url if options.source else ""


Keep = Callable[[Item], None]
"""Takes each item a reader reads, as soon as it is read: an archive's items are never all
held by its reader."""


@dataclass(frozen=True)
class Reading:
    """What a reader made of one archive file, but its items (each handed to its `Keep`)."""

    problems: tuple[Diagnostic, ...] = ()
    """An error for each refused item, and notes on the file as a whole."""
    refused: tuple[str, ...] = ()
    """`path:line` of each item that could not be read."""
    skipped: tuple[str, ...] = ()
    """`path:line` of each item left out on purpose (each with a note in `problems`)."""


@dataclass
class Collector:
    """Refusals and skips gathered while one file is read; its items handed to `keep`."""

    path: str
    keep: Keep
    problems: list[Diagnostic] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def refuse(self, exc: ContentError) -> None:
        self.problems += exc.diagnostics
        self.refused.append(f"{self.path}:{exc.diagnostics[0].line}")

    def reading(self) -> Reading:
        return Reading(tuple(self.problems), tuple(self.refused), tuple(self.skipped))


def item_date(value: str, config: SiteConfig, where: tuple[str, int], what: str) -> datetime:
    """An item's date (ISO 8601 or RFC 822; a day or a time without zone is in the site
    timezone); raise ContentError at the item's line when it has none or it is unreadable."""
    path, line = where
    text = " ".join(value.split())
    if not text:
        raise ContentError(path, line, f"the item has no {what}", DATE_HINT)
    try:
        moment = parse_date_value(text, config.zone, config.date_order)
    except DateError as exc:
        short = _short_year(text)
        if short is None:
            raise ContentError(path, line, f"the item's {what} {exc.message}", DATE_HINT) from None
        moment = short
    if not date_in_range(moment, config.zone):
        raise ContentError(path, line, f"the item's {what} is out of range", DATE_RANGE_HINT)
    return moment


def _short_year(text: str) -> datetime | None:
    """An RFC 822 date with its two-digit year (RSS 0.91 wrote `Mon, 05 Jan 98 10:00 EST`), read
    as RFC 2822 says (00-49: 2000-2049, 50-99: 1950-1999); None for any other text, or a zone
    not known."""
    if not RFC822_SHORT_YEAR.fullmatch(text):
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    short = moment.year % 100  # Python reads 50-68 as 2050-2068, as POSIX does
    return moment.replace(year=(2000 if short < 50 else 1900) + short)


def item_markdown(text: str, base_url: str, where: tuple[str, int], fix: str) -> Converted:
    """The item's HTML as Markdown, its relative links and images made absolute against
    `base_url`; raise ContentError when there is none to make them so (`fix` says how to
    give one): on the new site they would lead nowhere."""
    return checked_markdown(html_to_markdown(text, base_url), where, fix)


def checked_markdown(converted: Converted, where: tuple[str, int], fix: str) -> Converted:
    """`converted`, the item's HTML as Markdown; raise ContentError when it holds a relative
    address that no base URL made absolute (see `item_markdown`)."""
    if converted.relative:
        address = converted.relative[0]
        message = (
            f"the item links to the relative address {address!r}, and has no address of its "
            "own to read it against"
        )
        raise ContentError(*where, message, fix)
    return converted


def lost_notes(where: tuple[str, int], converted: Converted) -> tuple[Diagnostic, ...]:
    """A note on each part of the item's HTML left out: the shortcodes whose content
    WordPress made, and the embedded players (a video, a map, a post of a social network)."""
    made = "WordPress made its content; add what it showed by hand if it matters"
    played = "newsgen never embeds another site's player: link to it in the text if it matters"
    return (
        *(note(*where, f"removed the shortcode [{name}]", made) for name in converted.dropped),
        *(note(*where, f"removed the embedded player {p}", played) for p in converted.players),
    )


def item_title(value: str, where: tuple[str, int], fix: str) -> str:
    """The item's title on one line; raise ContentError when it is empty."""
    title = plain_text(value)
    if not title:
        raise ContentError(*where, "the item has no title", fix)
    return title


def item_uid(key: str) -> str:
    """The article id of an item: its own id when that is a URI or UUID (feeds keep the ids
    the old site's feeds used), else a UUID made from it."""
    return normal_id(key) or str(uuid.uuid5(NAMESPACE, f"item:{key}"))


def names(values: Iterable[str], limit: int = MAX_AUTHORS) -> tuple[str, ...]:
    """Distinct names, each on one line, empty ones left out, at most `limit`."""
    return tuple(dict.fromkeys(n for n in (plain_text(v) for v in values) if n))[:limit]


def topic_names(
    values: Iterable[str], where: tuple[str, int]
) -> tuple[tuple[str, ...], tuple[Diagnostic, ...]]:
    """The item's topics, at most MAX_TOPICS (the rest left out, with a warning)."""
    every = names(values, limit=10**6)
    if len(every) <= MAX_TOPICS:
        return every, ()
    message = f"the item has {len(every)} categories and tags: the first {MAX_TOPICS} are kept"
    return every[:MAX_TOPICS], (warning(*where, message, "edit the topics of the imported file"),)
