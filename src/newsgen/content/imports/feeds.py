"""RSS (0.9x, 1.0, 2.0) and Atom feed files: each item or entry an article, its HTML made
Markdown, its picture that of its Media RSS or image enclosure."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from newsgen.config.site import SiteConfig
from newsgen.content.imports.feed_pictures import feed_picture
from newsgen.content.imports.html import html_text
from newsgen.content.imports.items import (
    Collector,
    Item,
    Keep,
    Options,
    Reading,
    given_url,
    item_date,
    item_markdown,
    item_source,
    item_title,
    lost_notes,
    names,
    topic_names,
)
from newsgen.content.imports.xmlsource import CONTENT_NS, DC_NS, check_entities, line_of, parse_xml
from newsgen.content.text import is_web_url
from newsgen.diagnostics import ContentError, Diagnostic, note
from newsgen.model import BodyFormat

ATOM = "http://www.w3.org/2005/Atom"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS1 = ("http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/")
RSS1_TAGS = tuple(f"{{{ns}}}" for ns in RSS1)
ATOM_KINDS = {"text": "text", "html": "html", "xhtml": "xhtml"}
ATOM_KINDS |= {"text/html": "html", "application/xhtml+xml": "xhtml"}
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"atom": ATOM, "content": CONTENT_NS, "dc": DC_NS, "rdf": RDF, "itunes": ITUNES}
TITLE_FIX = "give the item a <title>"
ID_FIX = "give the item a <guid> (RSS) or <id> (Atom), or a <link> to its page"
BASE_FIX = (
    "give the item a <link> to its page (or the feed one), or name the old site with "
    "--source-name NAME --source-url URL"
)
RSS_EMAIL = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
"""An RSS <author>: an email address with the name in parentheses, 'jane@x.org (Jane Doe)'."""


@dataclass(frozen=True)
class Feed:
    """What a feed says of all its items: its title and its own address."""

    title: str
    link: str
    """The site's address: relative addresses of an item without a link of its own are read
    against it."""
    authors: tuple[str, ...] = ()
    """An Atom feed's authors: those of each entry that names none of its own."""
    language: str = ""
    """An RSS channel's `<language>` (an Atom entry says its own, `xml:lang`)."""


Parse = Callable[[etree._Element, str, Options, SiteConfig, Feed], Item]


def is_feed(head: bytes) -> bool:
    """True when the start of a file reads as an RSS or Atom feed."""
    return b"<rss" in head or ATOM.encode() in head or any(ns.encode() in head for ns in RSS1)


def read_feed(path: Path, shown: str, config: SiteConfig, options: Options, keep: Keep) -> Reading:
    """Every item of an RSS feed (0.9x, 1.0 or 2.0) or entry of an Atom feed."""
    root = parse_xml(path, shown)
    if root.tag == f"{{{ATOM}}}feed":
        title = html_text(root.findtext("atom:title", "", NS))
        site = Feed(title, _atom_link(root), _atom_authors(root))
        entries = root.iterfind("atom:entry", NS)
        return _read(entries, Collector(shown, keep), site, config, options, _atom)
    if root.tag == f"{{{RDF}}}RDF":  # RSS 1.0 (and 0.90): items beside the channel
        _without_rss1_namespace(root)
        holder = root
    else:
        holder = root.find("channel") if root.tag == "rss" else None
    channel = root.find("channel")
    if holder is None or channel is None:
        hint = "import an RSS (<rss><channel>, <rdf:RDF>) or Atom (<feed>) file, or name --format"
        raise ContentError(shown, line_of(root), "not an RSS or Atom feed", hint)
    language = channel.findtext("language") or channel.findtext("dc:language", "", NS) or ""
    title, link = html_text(channel.findtext("title") or ""), _web(channel.findtext("link") or "")
    site = Feed(title, link, language=language)
    return _read(holder.iterfind("item"), Collector(shown, keep), site, config, options, _rss)


def _without_rss1_namespace(root: etree._Element) -> None:
    """RSS 1.0 names RSS 2.0's elements in a namespace of its own: named plainly, they read
    as RSS 2.0's."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(RSS1_TAGS):
            element.tag = etree.QName(element).localname


def _read(
    elements: Iterable[etree._Element],
    found: Collector,
    site: Feed,
    config: SiteConfig,
    options: Options,
    parse: Parse,
) -> Reading:
    shown = found.path
    for element in elements:
        try:
            check_entities(element, shown)
            found.keep(parse(element, shown, options, config, site))
        except ContentError as exc:
            found.refuse(exc)
    return found.reading()


def _rss(
    element: etree._Element, shown: str, options: Options, config: SiteConfig, site: Feed
) -> Item:
    where = (shown, line_of(element))
    link = _web(element.findtext("link") or "")
    html = element.findtext("content:encoded", "", NS) or element.findtext("description") or ""
    html = html or _as_html(element.findtext("itunes:summary", "", NS))  # a podcast's episode
    base = link or site.link or given_url(options)
    converted = item_markdown(html, base, where, BASE_FIX)
    about = element.get(f"{{{RDF}}}about") or ""
    key = (element.findtext("guid") or "").strip() or about.strip() or link
    if not key:
        raise ContentError(*where, "the item has no id", ID_FIX)
    creators = [*element.iterfind("dc:creator", NS)] or [*element.iterfind("author")]
    creators = creators or [*element.iterfind("itunes:author", NS)]
    categories = [*element.iterfind("category"), *element.iterfind("dc:subject", NS)]
    topics, warned = topic_names((c.text or "" for c in categories), where)
    date = element.findtext("pubDate") or element.findtext("dc:date", "", NS) or ""
    return Item(
        line=where[1],
        key=key,
        title=item_title(html_text(element.findtext("title") or ""), where, TITLE_FIX),
        date=item_date(date, config, where, "date (pubDate)"),
        body=converted.markdown,
        body_format=BodyFormat.MARKDOWN,
        source=item_source(options, site.title, link),
        authors=names(_person("".join(c.itertext())) for c in creators),
        topics=topics,
        picture=feed_picture(element, base),
        notes=(*warned, *lost_notes(where, converted)),
        language=site.language,
    )


def _atom(
    element: etree._Element, shown: str, options: Options, config: SiteConfig, site: Feed
) -> Item:
    where = (shown, line_of(element))
    link = _atom_link(element)
    key = element.findtext("atom:id", "", NS).strip() or link
    if not key:
        raise ContentError(*where, "the entry has no id", ID_FIX)
    base = link or site.link or given_url(options)
    body, body_format, told = _atom_body(element, base, where)
    source = element.find("atom:source", NS)  # the feed an entry was copied from
    authors = _atom_authors(element) or _atom_authors(source) or site.authors
    date = element.findtext("atom:published", "", NS) or element.findtext("atom:updated", "", NS)
    topics, warned = topic_names(
        (c.get("label") or c.get("term") or "" for c in element.iterfind("atom:category", NS)),
        where,
    )
    return Item(
        line=where[1],
        key=key,
        title=item_title(_atom_text(element.find("atom:title", NS)), where, TITLE_FIX),
        date=item_date(date or "", config, where, "date (published or updated)"),
        body=body,
        body_format=body_format,
        source=item_source(options, site.title, link),
        authors=authors,
        topics=topics,
        picture=feed_picture(element, base),
        notes=(*warned, *told),
        language=_xml_lang(element),
    )


def _xml_lang(element: etree._Element | None) -> str:
    """The language an element's `xml:lang`, or its nearest ancestor's, gives it."""
    while element is not None:
        language = element.get(XML_LANG)
        if language is not None:
            return str(language)
        element = element.getparent()
    return ""


def _atom_body(
    element: etree._Element, base: str, where: tuple[str, int]
) -> tuple[str, BodyFormat, tuple[Diagnostic, ...]]:
    """The entry's content (else its summary): HTML and XHTML as Markdown, text as text. Its
    relative addresses are read against its xml:base, else `base` (the entry's address). A
    content held elsewhere (`src`) or not as text (a picture, base64) gives way to the summary,
    with a note."""
    found = element.find("atom:content", NS)
    notes: tuple[Diagnostic, ...] = ()
    if found is not None and (found.get("src") or not _kind(found)):
        held = f"is at {found.get('src')}" if found.get("src") else f"is {found.get('type')}"
        message = f"the entry's content {held}, not text in the feed: imported its summary"
        notes = (note(*where, message, "add its text to the imported file by hand"),)
        found = None
    if found is None:
        found = element.find("atom:summary", NS)
    if found is None:
        return "", BodyFormat.MARKDOWN, notes
    if _kind(found) == "text":
        text = "\n\n".join(p.strip() for p in (found.text or "").split("\n\n"))
        return text, BodyFormat.TEXT, notes
    base = _web(urljoin(base, found.base or "")) if found.base or base else ""
    converted = item_markdown(_atom_html(found), base, where, BASE_FIX)
    return converted.markdown, BodyFormat.MARKDOWN, (*notes, *lost_notes(where, converted))


def _kind(found: etree._Element) -> str:
    """An Atom text's kind, 'text', 'html' or 'xhtml' (also as MIME types: text/plain...), or
    '' for a content of another type."""
    kind = (found.get("type") or "text").strip().lower()
    return ATOM_KINDS.get(kind, "text" if kind.startswith("text/") else "")


def _atom_text(found: etree._Element | None) -> str:
    """An Atom text construct's words, whatever its type."""
    return html_text(_atom_html(found)) if found is not None else ""


def _atom_html(found: etree._Element) -> str:
    kind = _kind(found)
    if kind == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode") for child in found)
    text = found.text or ""
    return text if kind == "html" else _as_html(text)


def _as_html(text: str) -> str:
    """Plain text as HTML showing it."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _atom_authors(element: etree._Element | None) -> tuple[str, ...]:
    """The names of the authors of an entry, a feed or an entry's source."""
    if element is None:
        return ()
    return names(a.text or "" for a in element.iterfind("atom:author/atom:name", NS))


def _atom_link(element: etree._Element) -> str:
    """The entry's (or feed's) alternate link, read against its xml:base."""
    for link in element.iterfind("atom:link", NS):
        if link.get("rel", "alternate") == "alternate":
            return _web(urljoin(link.base or "", (link.get("href") or "").strip()))
    return ""


def _person(text: str) -> str:
    """The name of an RSS <author> or <dc:creator>, not its email address."""
    match = RSS_EMAIL.match(text)
    return match.group(1) if match else ("" if "@" in text else text)


def _web(url: str) -> str:
    return url.strip() if is_web_url(url.strip()) else ""
