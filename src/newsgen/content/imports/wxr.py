"""WordPress exports (WXR): each post an item; pages, attachments and menu items skipped.

A post not published (draft, pending, private, scheduled) is imported with `draft: true`, so
that nothing WordPress kept from readers is published by accident; a post in the trash is
skipped, and so is a password-protected one: its text is not written where anyone with the
site's files could read it.
"""

from __future__ import annotations

from collections import Counter
from contextlib import closing
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from lxml import etree

from newsgen.config.site import SiteConfig
from newsgen.content.imports.conversions import convert_all
from newsgen.content.imports.html import Converted, html_text
from newsgen.content.imports.items import (
    Collector,
    Item,
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
from newsgen.content.imports.wxr_pictures import attachments, featured, meta
from newsgen.content.imports.xmlsource import CONTENT_NS, DC_NS, check_entities, line_of, parse_xml
from newsgen.content.references import LeadImage
from newsgen.content.text import is_web_url
from newsgen.diagnostics import ContentError, Diagnostic, note, warning
from newsgen.model import BodyFormat

UNPUBLISHED = frozenset({"draft", "pending", "private", "future"})
SKIPPED_STATUS = frozenset({"trash", "auto-draft", "inherit"})
NO_DATE = "0000-00-00 00:00:00"
PROTECTED = "password-protected post"
TITLE_FIX = "give the post a title in WordPress and export again, or write one in its <title>"
BASE_FIX = "give the post its <link>, or name the old site with --source-name NAME --source-url URL"


def is_wxr(head: bytes) -> bool:
    """True when the start of a file reads as a WordPress export."""
    return b"wordpress.org/export/" in head and b"<rss" in head


def read_wxr(path: Path, shown: str, config: SiteConfig, options: Options) -> Reading:
    """Every post of a WordPress export; other items skipped with a note per kind."""
    root = parse_xml(path, shown)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ContentError(shown, 1, "not a WordPress export (no <rss><channel>)")
    ns = _namespaces(root)
    site = html_text(channel.findtext("title") or "")
    authors = _authors(channel, ns)
    pictures = attachments(channel, ns)
    blog = (channel.findtext("wp:base_blog_url", "", ns) or channel.findtext("link") or "").strip()
    language = channel.findtext("language") or ""
    found = Collector(shown)
    posts = _posts(channel, ns, found)
    context = (shown, site, blog, authors, pictures, language)
    bodies = [
        (element.findtext("content:encoded", "", ns), _base(element, blog, options))
        for element in posts
    ]
    with closing(convert_all(bodies)) as converted:
        for element, body in zip(posts, converted, strict=True):
            try:
                found.items.append(_item(element, ns, context, body, config, options))
            except ContentError as exc:
                found.refuse(exc)
    return found.reading()


def _posts(channel: etree._Element, ns: dict[str, str], found: Collector) -> list[etree._Element]:
    """The items to import: every post but those in the trash or behind a password. Each other
    item is skipped in `found`, with a note per kind (a warning for the protected posts)."""
    shown = found.path
    posts: list[etree._Element] = []
    others: Counter[str] = Counter()
    first: dict[str, int] = {}
    for element in channel.iter("item"):
        kind = element.findtext("wp:post_type", "", ns) or "post"
        status = element.findtext("wp:status", "", ns)
        protected = bool(element.findtext("wp:post_password", "", ns))
        if kind == "post" and status not in SKIPPED_STATUS and not protected:
            posts.append(element)
            continue
        what = PROTECTED if kind == "post" and protected else kind
        what = f"{status} post" if what == "post" else what
        others[what] += 1
        first.setdefault(what, line_of(element))
        found.skipped.append(f"{shown}:{line_of(element)}")
    found.problems += [_skipped_note(shown, what, n, first[what]) for what, n in others.items()]
    if PROTECTED in others:
        found.problems.append(_protected(shown, others[PROTECTED], first[PROTECTED]))
    return posts


def _item(
    element: etree._Element,
    ns: dict[str, str],
    context: tuple[str, str, str, dict[str, str], dict[str, LeadImage], str],
    body: Converted,
    config: SiteConfig,
    options: Options,
) -> Item:
    """The post `element`, its HTML `body` converted."""
    shown, site, blog, authors, pictures, language = context
    where = (shown, line_of(element))
    check_entities(element, shown)
    link = _link(element)
    converted = checked_markdown(body, where, BASE_FIX)
    topics, warned = topic_names(_topics(element), where)
    draft, notes = _draft(element, ns, where)
    local = _local_time(element, ns, where, draft, config)
    creators = [element.findtext("dc:creator", "", ns) or "", *_co_authors(element)]
    return Item(
        line=where[1],
        key=_key(element, ns, blog),
        title=item_title(html_text(element.findtext("title") or ""), where, TITLE_FIX),
        date=item_date(_date(element, ns), config, where, "date (wp:post_date_gmt)"),
        body=converted.markdown,
        body_format=BodyFormat.MARKDOWN,
        source=item_source(options, site, link),
        authors=names(authors.get(c.strip(), c) for c in creators),
        topics=topics,
        slug=unquote(element.findtext("wp:post_name", "", ns) or ""),
        summary=" ".join(html_text(element.findtext("excerpt:encoded", "", ns)).split()),
        draft=draft,
        picture=featured(element, ns, pictures),
        old_links=_old_links(element, ns, link),
        language=language,
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


def _namespaces(root: etree._Element) -> dict[str, str]:
    """The WordPress (http or https, any version) and excerpt namespaces as this file names
    them, with content: and dc:."""
    uris = [uri for uri in root.nsmap.values() if uri]
    wp = next((u for u in uris if "wordpress.org/export/" in u and "excerpt" not in u), "")
    excerpt = next((u for u in uris if "wordpress.org/export/" in u and "excerpt" in u), "")
    return {"wp": wp or "wp", "excerpt": excerpt or "excerpt", "content": CONTENT_NS, "dc": DC_NS}


def _authors(channel: etree._Element, ns: dict[str, str]) -> dict[str, str]:
    """Each author's display name by login (dc:creator names the login): WordPress users, and
    the guest authors of Co-Authors Plus (items of their own, named in their postmeta)."""
    found = {}
    for author in channel.iterfind("wp:author", ns):
        login = (author.findtext("wp:author_login", "", ns) or "").strip()
        shown = html_text(author.findtext("wp:author_display_name", "", ns) or "").strip()
        if login and shown:
            found[login] = shown
    for guest in channel.iter("item"):
        if guest.findtext("wp:post_type", "", ns) == "guest-author":
            login = meta(guest, ns, "cap-user_login").strip()
            shown = html_text(meta(guest, ns, "cap-display_name") or guest.findtext("title") or "")
            if login and shown.strip():
                found.setdefault(login, shown.strip())
    return found


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


def _topics(element: etree._Element) -> list[str]:
    """Categories and tags, without WordPress's own 'Uncategorized'."""
    return [
        html_text("".join(category.itertext()))
        for category in element.iterfind("category")
        if category.get("domain") in ("category", "post_tag")
        and category.get("nicename") != "uncategorized"
    ]


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
