"""Feeds: Atom, RSS 2.0 and JSON Feed documents made from plain entries, valid and credited."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsgen.config.site import SiteConfig
from newsgen.content.dates import whole_minute_offset

if TYPE_CHECKING:
    import lxml.html
    from feedgen.feed import FeedGenerator

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot carry (its Char production's complement, compiled 10 times faster)."""
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HAS_SCHEME = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.-]*:")
"""The start of an absolute URL (RFC 3986 scheme), which needs no base."""
RSS_TEXT = re.compile(rb"<(title|description|category)>([^<]*)</\1>")
"""An RSS title, description or category as lxml writes it: its text holds no '<' (written
`&lt;`)."""
RSS_SHORT_YEAR = re.compile(rb"(<(?:pubDate|lastBuildDate)>\w{3}, \d{2} \w{3} )(\d{1,3}) ")
"""An RSS date of a year before 1000 as feedgen writes it (`Mon, 01 Jan 1 ...`, through
strftime): RFC 822 wants the year's four digits."""


@dataclass(frozen=True)
class FeedAuthor:
    """Whom a feed credits: a person named in a byline, or the publisher."""

    name: str
    url: str
    """Absolute URL: a person's author page, or the publisher's home page."""


@dataclass(frozen=True)
class FeedEntry:
    """One article as a feed entry: plain data, absolute URLs."""

    id: str
    """The entry's permanent id (a URI): it never follows the URL."""
    url: str
    title: str
    published: datetime
    updated: datetime
    summary: str
    content_html: str
    """The body as HTML, its links absolute (see `absolute_links`); in a `FeedFile` not made
    yet, its links as the article page has them."""
    authors: tuple[FeedAuthor, ...]
    """Never empty: the publisher when no person is named."""
    topics: tuple[str, ...]
    language: str = ""
    """The article's language when it is not the site's (JSON Feed says so per item)."""


@dataclass(frozen=True)
class FeedInfo:
    """What a feed says about itself."""

    title: str
    page_url: str
    """Absolute URL of the HTML page the feed follows."""
    feed_url: str
    """Absolute URL of the feed itself."""
    description: str
    authors: tuple[FeedAuthor, ...]
    """The feed's own author: the publisher, or the person an author's feed follows."""
    quiet_since: datetime = EPOCH
    """When a feed with no entry last changed (else its newest entry says when)."""


Writer = Callable[[SiteConfig, FeedInfo, Sequence[FeedEntry]], bytes]
"""A feed document's maker (`atom`, `rss` or `json_feed`)."""


@dataclass(frozen=True)
class FeedFile:
    """A feed to make: where it goes, its format, what it says of itself, and its entries,
    each body's links still as on its article page (plain data: a worker process makes it)."""

    url: str
    write: Writer
    info: FeedInfo
    entries: tuple[FeedEntry, ...]


def make_feed(config: SiteConfig, feed: FeedFile) -> tuple[str, bytes]:
    """The feed's URL and document, each body's links made absolute against its entry's URL."""
    entries = [replace(e, content_html=absolute_links(e.content_html, e.url)) for e in feed.entries]
    return feed.url, feed.write(config, feed.info, entries)


def xml_text(text: str) -> str:
    """`text` without the control characters XML cannot carry."""
    return NOT_XML.sub("", text)


def html_text(text: str) -> str:
    """`text` escaped as HTML, for the RSS elements readers take as HTML (title, description)."""
    return html.escape(xml_text(text), quote=False)


def absolute_links(body_html: str, base: str) -> str:
    """`body_html` with every relative link (`#fn1`, `/x/`, `img.png`) resolved against `base`,
    as the article page resolves it: a feed reader shows the body away from that page.

    Bodies without relative links come back unchanged, byte for byte.
    """
    if "href=" not in body_html and "src=" not in body_html:
        return body_html
    import lxml.html  # only for a feed made again (feedgen takes lxml along anyway)

    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    pictures = _one_size_pictures(root)
    if not pictures and all(HAS_SCHEME.match(link) for _, _, link, _ in root.iterlinks()):
        return body_html
    # a link urljoin cannot read (`http://[::1`) is left as written, never a failed build
    root.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    children = (lxml.html.tostring(child, encoding="unicode") for child in root)
    return (root.text or "") + "".join(children)


def _one_size_pictures(root: lxml.html.HtmlElement) -> bool:
    """Each <picture> reduced to its <img> with one file, as readers show it; True if any.

    Feed readers take `src` (the largest file) and few know `srcset` or <source>.
    """
    pictures = root.findall(".//picture")
    for picture in pictures:
        for image in picture.iter("img"):
            for attribute in ("srcset", "sizes"):
                image.attrib.pop(attribute, None)
        for source in picture.findall(".//source"):
            source.drop_tag()  # libxml2 reads <source> as holding the <img> after it
        picture.drop_tag()
    return bool(pictures)


def _generator(
    config: SiteConfig,
    info: FeedInfo,
    entries: Sequence[FeedEntry],
    text: Callable[[str], str] = xml_text,
) -> FeedGenerator:
    """The feed, its titles and descriptions written by `text`."""
    from feedgen.feed import FeedGenerator  # with dateutil, 20 ms: most edits change no feed

    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)  # RSS names an author only by e-mail
    feed.id(info.feed_url)
    feed.title(text(info.title))
    feed.subtitle(text(info.description) or text(info.title))
    feed.link(href=info.feed_url, rel="self")
    feed.link(href=info.page_url, rel="alternate")  # last: RSS takes its <link> from it
    feed.language(config.language)
    for author in info.authors:
        feed.author(_atom_person(author))
    newest = whole_minute_offset(max((e.updated for e in entries), default=info.quiet_since))
    feed.updated(newest)
    feed.lastBuildDate(newest)
    feed.generator("newsgen")
    for entry in entries:
        _add_entry(feed, entry, text)
    return feed


def _add_entry(feed: FeedGenerator, entry: FeedEntry, text: Callable[[str], str]) -> None:
    item = feed.add_entry(order="append")
    item.id(entry.id)
    item.guid(entry.id, permalink=False)
    item.title(text(entry.title))
    item.link(href=entry.url)
    item.published(whole_minute_offset(entry.published))
    item.updated(whole_minute_offset(entry.updated))
    if entry.summary:
        item.summary(text(entry.summary))
    item.content(xml_text(entry.content_html), type="html")
    for author in entry.authors:
        item.author(_atom_person(author))
        item.dc.dc_creator(xml_text(author.name))
    for topic in entry.topics:
        item.category(term=xml_text(topic))
    if entry.language:
        item.dc.dc_language(entry.language)


def atom(config: SiteConfig, info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """Atom 1.0 document; an entry in another language than the site's says so (`xml:lang`,
    which feedgen writes on the feed alone)."""
    data: bytes = _generator(config, info, entries).atom_str(pretty=True)
    if not any(entry.language for entry in entries):
        return data
    head, *rest = data.split(b"<entry>")  # one per entry, in order: in text, `<` is escaped
    marked = (_entry_tag(entry.language) for entry in entries)
    return head + b"".join(tag + part for tag, part in zip(marked, rest, strict=True))


def _entry_tag(language: str) -> bytes:
    return b'<entry xml:lang="%s">' % language.encode("ascii") if language else b"<entry>"


def rss(config: SiteConfig, info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """RSS 2.0 document. Readers take its titles and descriptions as HTML, so their text is
    escaped as HTML first: `<National Amusements Inc>` stays text."""
    data: bytes = _generator(config, info, entries, html_text).rss_str(pretty=True)
    data = RSS_SHORT_YEAR.sub(lambda date: date[1] + date[2].rjust(4, b"0") + b" ", data)
    return RSS_TEXT.sub(_hexadecimal_references, data)


def _hexadecimal_references(element: re.Match[bytes]) -> bytes:
    """The element with '&' and '<' as the RSS Profile spells them, `&#x26;` and `&#x3C;`: the
    same characters to an XML parser, and the sign by which validators know escaped markup in
    an RSS title, description or category is meant as text."""
    text = element[2].replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;")
    return b"<%s>%s</%s>" % (element[1], text, element[1])


def json_feed(config: SiteConfig, info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """JSON Feed 1.1 document."""
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": info.page_url,
        "feed_url": info.feed_url,
        "description": info.description,
        "language": config.language,
        "authors": [_json_author(a) for a in info.authors],
        "items": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "summary": e.summary,
                "content_html": e.content_html,
                "date_published": whole_minute_offset(e.published).isoformat(),
                "date_modified": whole_minute_offset(e.updated).isoformat(),
                "authors": [_json_author(a) for a in e.authors],
                "tags": list(e.topics),
            }
            | ({"language": e.language} if e.language else {})
            for e in entries
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _json_author(author: FeedAuthor) -> dict[str, str]:
    return {"name": author.name} | ({"url": author.url} if author.url else {})


def _atom_person(author: FeedAuthor) -> dict[str, str]:
    """An Atom person: a name, and a uri when there is one (an empty uri is invalid)."""
    return {"name": xml_text(author.name)} | ({"uri": author.url} if author.url else {})
