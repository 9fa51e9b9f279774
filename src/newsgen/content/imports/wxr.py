"""WordPress exports (WXR): each post an item; pages, attachments and menu items skipped.

A post not published (draft, pending, private, scheduled) is imported with `draft: true`, so
that nothing WordPress kept from readers is published by accident; a post in the trash is
skipped, and so is a password-protected one: its text is not written where anyone with the
site's files could read it.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from lxml import etree

from newsgen.config.site import SiteConfig
from newsgen.content.imports.conversions import convert_all
from newsgen.content.imports.html import Converted, html_text
from newsgen.content.imports.items import (
    Collector,
    Item,
    Keep,
    Options,
    Reading,
    checked_markdown,
    given_url,
    item_date,
    item_source,
    item_title,
    lost_notes,
    names,
    topic_names,
)
from newsgen.content.imports.wxr_pictures import featured
from newsgen.content.imports.wxr_survey import PROTECTED, Export, skip_reason, survey
from newsgen.content.imports.xmlsource import check_entities, line_of
from newsgen.content.imports.xmlstream import channel_children
from newsgen.content.text import is_web_url
from newsgen.diagnostics import ContentError, Diagnostic, note, warning
from newsgen.model import BodyFormat

UNPUBLISHED = frozenset({"draft", "pending", "private", "future"})
NO_DATE = "0000-00-00 00:00:00"
TITLE_FIX = "give the post a title in WordPress and export again, or write one in its <title>"
BASE_FIX = "give the post its <link>, or name the old site with --source-name NAME --source-url URL"
COMMENTS = "comments"
COMMENTS_HINT = "newsgen publishes no comments: keep the export, which holds them, if they matter"


def is_wxr(head: bytes) -> bool:
    """True when the start of a file reads as a WordPress export."""
    return b"wordpress.org/export/" in head and b"<rss" in head


def read_wxr(path: Path, shown: str, config: SiteConfig, options: Options, keep: Keep) -> Reading:
    """Every post of a WordPress export; other items skipped with a note per kind. The file is
    read twice as a stream, never whole: first what the posts need from the rest of it, then
    the posts, their HTML converted a few at a time."""
    export = survey(path, shown)
    found, skips = Collector(shown, keep), _Skips(shown)
    context = _Context(shown, export)
    posts = _posts(path, shown, export.ns, skips)
    waiting: deque[etree._Element] = deque()
    bodies = (
        (element.findtext("content:encoded", "", export.ns), _base(element, export.blog, options))
        for element in _queued(posts, waiting)
    )
    with closing(convert_all(bodies, export.posts)) as converted:
        for body in converted:
            element = waiting.popleft()
            try:
                found.keep(_item(element, context, body, config, options))
            except ContentError as exc:
                found.refuse(exc)
    return skips.told(found.reading())


def _queued(
    elements: Iterator[etree._Element], waiting: deque[etree._Element]
) -> Iterator[etree._Element]:
    """Each element, kept in `waiting` until its body comes back converted."""
    for element in elements:
        waiting.append(element)
        yield element


def _posts(path: Path, shown: str, ns: dict[str, str], skips: _Skips) -> Iterator[etree._Element]:
    """The items to import: every post but those in the trash or behind a password. Each other
    item is skipped in `skips`."""
    for child in itertools.islice(channel_children(path, shown), 1, None):
        for element in child.iter("item"):
            what = skip_reason(element, ns)
            if what:
                skips.skip(what, line_of(element))
            else:
                skips.count_comments(element, ns)
                yield element


@dataclass
class _Skips:
    """The items left out of one export, by kind: a note per kind (and a warning for the
    protected posts), told before the errors of the posts refused."""

    path: str
    skipped: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    first: dict[str, int] = field(default_factory=dict)
    comments: int = 0

    def skip(self, what: str, line: int) -> None:
        self.counts[what] += 1
        self.first.setdefault(what, line)
        self.skipped.append(f"{self.path}:{line}")

    def count_comments(self, post: etree._Element, ns: dict[str, str]) -> None:
        """Count the readers' comments of a post imported: newsgen publishes none."""
        if comments := len(post.findall("wp:comment", ns)):
            self.comments += comments
            self.first.setdefault(COMMENTS, line_of(post))

    def told(self, reading: Reading) -> Reading:
        """The reading, with the skipped items and their notes."""
        shown, counts, first = self.path, self.counts, self.first
        notes = [_skipped_note(shown, what, n, first[what]) for what, n in counts.items()]
        if PROTECTED in counts:
            notes.append(_protected(shown, counts[PROTECTED], first[PROTECTED]))
        if self.comments:
            message = f"left out {self.comments} readers' comment(s) of the posts, the first here"
            notes.append(note(shown, first[COMMENTS], message, COMMENTS_HINT))
        problems = (*notes, *reading.problems)
        return dataclasses.replace(reading, problems=problems, skipped=tuple(self.skipped))


@dataclass(frozen=True)
class _Context:
    """What every post of one export is read with."""

    shown: str
    export: Export
    words: dict[str, str] = field(default_factory=dict)
    """The words of each category or tag name met, by its HTML: read once per export, not
    once per post (thousands of posts share a handful)."""


def _item(
    element: etree._Element,
    context: _Context,
    body: Converted,
    config: SiteConfig,
    options: Options,
) -> Item:
    """The post `element`, its HTML `body` converted."""
    shown, export, ns = context.shown, context.export, context.export.ns
    where = (shown, line_of(element))
    check_entities(element, shown)
    link = _link(element)
    converted = checked_markdown(body, where, BASE_FIX)
    topics, warned = topic_names(_topics(element, context.words), where)
    draft, notes = _draft(element, ns, where)
    local = _local_time(element, ns, where, draft, config)
    creators = [element.findtext("dc:creator", "", ns) or "", *_co_authors(element)]
    return Item(
        line=where[1],
        key=_key(element, ns, export.blog),
        title=item_title(html_text(element.findtext("title") or ""), where, TITLE_FIX),
        date=item_date(_date(element, ns), config, where, "date (wp:post_date_gmt)"),
        body=converted.markdown,
        body_format=BodyFormat.MARKDOWN,
        source=item_source(options, export.site, link),
        authors=names(export.authors.get(c.strip(), c) for c in creators),
        topics=topics,
        slug=unquote(element.findtext("wp:post_name", "", ns) or ""),
        summary=" ".join(html_text(element.findtext("excerpt:encoded", "", ns)).split()),
        draft=draft,
        picture=featured(element, ns, export.pictures),
        old_links=_old_links(element, ns, link),
        language=export.language,
        notes=(*notes, *local, *warned, *lost_notes(where, converted)),
    )


def _link(element: etree._Element) -> str:
    """The post's address on the old site ('' for none)."""
    link = (element.findtext("link") or "").strip()
    return link if is_web_url(link) else ""


def _base(element: etree._Element, blog: str, options: Options) -> str:
    """What the post's relative links are read against: its address, else the blog's, else
    the one given on the command line."""
    return _link(element) or (blog if is_web_url(blog) else "") or given_url(options)


def _co_authors(element: etree._Element) -> list[str]:
    """The logins Co-Authors Plus lists as the post's authors (its `author` terms)."""
    terms = element.iterfind("category")
    return ["".join(term.itertext()) for term in terms if term.get("domain") == "author"]


def _key(element: etree._Element, ns: dict[str, str], blog: str) -> str:
    """The post's address by its id on the old site (WordPress's own short link, unique there
    where a copied post's guid is not), else its guid."""
    post_id = (element.findtext("wp:post_id", "", ns) or "").strip()
    if post_id.isdigit() and is_web_url(blog):
        return f"{blog.rstrip('/')}/?p={post_id}"
    return (element.findtext("guid") or "").strip()


def _date(element: etree._Element, ns: dict[str, str]) -> str:
    """The time WordPress published the post: in UTC, else its local time (a draft has no UTC
    time), else the RSS pubDate."""
    utc = (element.findtext("wp:post_date_gmt", "", ns) or "").strip()
    if utc and utc != NO_DATE:
        return f"{utc}+00:00"
    local = (element.findtext("wp:post_date", "", ns) or "").strip()
    return local if local != NO_DATE else (element.findtext("pubDate") or "")


def _old_links(element: etree._Element, ns: dict[str, str], link: str) -> tuple[str, ...]:
    """The post's addresses under the slugs it had before (`_wp_old_slug`, which WordPress
    kept to redirect them): its link with its slug in the path replaced by each."""
    slug = (element.findtext("wp:post_name", "", ns) or "").strip()
    parts = urlsplit(link)
    segments = parts.path.split("/")
    if not slug or slug not in segments:
        return ()
    olds = (
        (entry.findtext("wp:meta_value", "", ns) or "").strip()
        for entry in element.iterfind("wp:postmeta", ns)
        if (entry.findtext("wp:meta_key", "", ns) or "").strip() == "_wp_old_slug"
    )
    return tuple(
        urlunsplit(parts._replace(path="/".join(old if s == slug else s for s in segments)))
        for old in olds
        if old and "/" not in old
    )


def _local_time(
    element: etree._Element,
    ns: dict[str, str],
    where: tuple[str, int],
    draft: bool,
    config: SiteConfig,
) -> tuple[Diagnostic, ...]:
    """A note on a published post that has no UTC time: its local time is read in the site's
    timezone, which may not be the one its blog had."""
    utc = (element.findtext("wp:post_date_gmt", "", ns) or "").strip()
    local = (element.findtext("wp:post_date", "", ns) or "").strip()
    if draft or (utc and utc != NO_DATE) or not local or local == NO_DATE:
        return ()
    message = (
        f"the post has no wp:post_date_gmt: its wp:post_date {local} is read in the site "
        f"timezone ({config.timezone})"
    )
    return (note(*where, message, "check its date if the blog kept another timezone"),)


def _topics(element: etree._Element, words: dict[str, str]) -> list[str]:
    """Categories and tags, without WordPress's own 'Uncategorized' (each name's words kept in
    `words`)."""
    found = []
    for category in element.iterfind("category"):
        if category.get("domain") not in ("category", "post_tag"):
            continue
        if category.get("nicename") == "uncategorized":
            continue
        name = "".join(category.itertext())
        if name not in words:
            words[name] = html_text(name)
        found.append(words[name])
    return found


def _draft(
    element: etree._Element, ns: dict[str, str], where: tuple[str, int]
) -> tuple[bool, tuple[Diagnostic, ...]]:
    status = element.findtext("wp:status", "", ns)
    if status in UNPUBLISHED:
        return True, (note(*where, f"a {status} post, not published: imported as a draft"),)
    return False, ()


def _protected(shown: str, count: int, line: int) -> Diagnostic:
    """A warning that password-protected posts were left out, and why."""
    message = (
        f"{count} password-protected post(s) not imported, the first here: only readers with "
        "the password could read them, and content/ would hold their text for anyone with the "
        "site's files"
    )
    hint = "to publish one, remove its password in WordPress and export again"
    return warning(shown, line, message, hint)


def _skipped_note(shown: str, what: str, count: int, line: int) -> Diagnostic:
    message = f"skipped {count} {what!r} item(s), the first here: only posts become articles"
    return note(shown, line, message)
