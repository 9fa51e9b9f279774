"""A first pass over a WordPress export, read as a stream: what its posts need from the rest of
it (the blog's title, address and language, its authors, its pictures), how many posts it
holds, and that it is whole (a damaged file is refused before any post is read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from newsgen.content.imports.html import html_text
from newsgen.content.imports.wxr_pictures import attachment, meta
from newsgen.content.imports.xmlsource import CONTENT_NS, DC_NS
from newsgen.content.imports.xmlstream import channel_children
from newsgen.content.references import LeadImage
from newsgen.diagnostics import ContentError

SKIPPED_STATUS = frozenset({"trash", "auto-draft", "inherit"})
PROTECTED = "password-protected post"
CHANNEL_FIELDS = ("title", "link", "language", "wp:base_blog_url")


@dataclass(frozen=True)
class Export:
    """What every post of an export is read with."""

    ns: dict[str, str]
    """The prefixes the readers use (wp:, excerpt:, content:, dc:) and their namespaces."""
    site: str
    """The blog's title."""
    blog: str
    """The blog's address, as the file gives it."""
    language: str
    authors: dict[str, str]
    """Each author's display name by login."""
    pictures: dict[str, LeadImage]
    """Every image attachment with a web address, by its post id."""
    posts: int
    """How many items are posts to import."""


def survey(path: Path, shown: str) -> Export:
    """What the export's posts need from the rest of it; raise ContentError when it is not
    well-formed, or not a WordPress export."""
    stream = channel_children(path, shown)
    root = next(stream)
    found = _Found(namespaces(root))
    for child in stream:
        found.add(child)
    if root.tag != "rss" or root.find("channel") is None:
        raise ContentError(shown, 1, "not a WordPress export (no <rss><channel>)")
    return found.export()


def skip_reason(element: etree._Element, ns: dict[str, str]) -> str:
    """What the item is when it is not a post to import (a page, an attachment, a draft in the
    trash, a password-protected post); '' for a post to import."""
    kind = element.findtext("wp:post_type", "", ns) or "post"
    status = element.findtext("wp:status", "", ns)
    protected = bool(element.findtext("wp:post_password", "", ns))
    if kind == "post" and status not in SKIPPED_STATUS and not protected:
        return ""
    what = PROTECTED if kind == "post" and protected else kind
    return f"{status} post" if what == "post" else what


def namespaces(root: etree._Element) -> dict[str, str]:
    """The WordPress (http or https, any version) and excerpt namespaces as this file names
    them, with content: and dc:."""
    uris = [uri for uri in root.nsmap.values() if uri]
    wp = next((u for u in uris if "wordpress.org/export/" in u and "excerpt" not in u), "")
    excerpt = next((u for u in uris if "wordpress.org/export/" in u and "excerpt" in u), "")
    return {"wp": wp or "wp", "excerpt": excerpt or "excerpt", "content": CONTENT_NS, "dc": DC_NS}


@dataclass
class _Found:
    """What the pass has found so far."""

    ns: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)
    """The text of the channel's first element of each of CHANNEL_FIELDS."""
    users: dict[str, str] = field(default_factory=dict)
    guests: list[tuple[str, str]] = field(default_factory=list)
    pictures: dict[str, LeadImage] = field(default_factory=dict)
    posts: int = 0

    def add(self, child: etree._Element) -> None:
        """One child of the channel: a field, an author, or items."""
        for name in CHANNEL_FIELDS:
            if child.tag == _tag(name, self.ns):
                self.fields.setdefault(name, child.text or "")
        if child.tag == _tag("wp:author", self.ns):
            self._user(child)
        for item in child.iter("item"):
            self._item(item)

    def export(self) -> Export:
        fields, authors = self.fields, dict(self.users)
        for login, shown in self.guests:
            authors.setdefault(login, shown)
        blog = (fields.get("wp:base_blog_url") or fields.get("link") or "").strip()
        site = html_text(fields.get("title") or "")
        language = fields.get("language") or ""
        return Export(self.ns, site, blog, language, authors, self.pictures, self.posts)

    def _user(self, author: etree._Element) -> None:
        """A WordPress user: dc:creator names its login."""
        login = (author.findtext("wp:author_login", "", self.ns) or "").strip()
        shown = html_text(author.findtext("wp:author_display_name", "", self.ns) or "").strip()
        if login and shown:
            self.users[login] = shown

    def _item(self, item: etree._Element) -> None:
        """A post counted; a picture; a guest author of Co-Authors Plus (an item of its own,
        named in its postmeta)."""
        self.posts += not skip_reason(item, self.ns)
        if picture := attachment(item, self.ns):
            self.pictures[picture[0]] = picture[1]
        if item.findtext("wp:post_type", "", self.ns) == "guest-author":
            login = meta(item, self.ns, "cap-user_login").strip()
            shown = html_text(
                meta(item, self.ns, "cap-display_name") or item.findtext("title") or ""
            )
            if login and shown.strip():
                self.guests.append((login, shown.strip()))


def _tag(name: str, ns: dict[str, str]) -> str:
    """`wp:author` as the element's tag: {its namespace}author."""
    prefix, _, local = name.rpartition(":")
    return f"{{{ns[prefix]}}}{local}" if prefix else local
