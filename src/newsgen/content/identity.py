"""Permanent identity: article ids, the ids derived for files that pin none, and aliases."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

from newsgen.config.site_paths import plain_path

NAMESPACE = uuid.UUID("6f0c4a52-6a1e-4c59-9d1b-2f4c0e8b7a31")
"""newsgen's UUID namespace: a derived id is a UUIDv5 of a file's path in it."""
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
"""An absolute URI (RFC 3986): a scheme, a colon, then no spaces or characters XML or a
feed reader would choke on."""
MAX_ID_LENGTH = 500
ID_HINT = (
    "use a UUID (`newsgen check --fix` writes one) or, for an archive moved from another "
    "system, the absolute URI its feeds used as the id, such as tag:example.com,2019:post-42"
)


def derived_id(path: str, seed: bool) -> str:
    """The id of an article that pins none: a UUID made from its file's (or seed's) path.

    A seed and the file it is imported to share the id, so importing changes no feed id.
    """
    return str(uuid.uuid5(NAMESPACE, f"{'seed' if seed else 'file'}:{path}"))


def new_id() -> str:
    """A fresh random id for a new article."""
    return str(uuid.uuid4())


def normal_id(value: str) -> str:
    """`value` as the id it stands for (UUIDs lowercased), or '' when it is not a valid id."""
    text = value.strip()
    if not text or len(text) > MAX_ID_LENGTH:
        return ""
    try:
        return str(uuid.UUID(text))
    except ValueError:
        pass
    return text if URI.fullmatch(text) else ""


def feed_id(uid: str) -> str:
    """The id feeds and JSON-LD give an article: its URI, or `urn:uuid:` and its UUID."""
    return uid if ":" in uid else f"urn:uuid:{uid}"


def normal_alias(value: str, base_url: str) -> tuple[str, str]:
    """An old address of an article as a site path ('/2019/05/old/'), and '' or why it is not one.

    A full URL under the site's base_url (when one is given) is taken as its path; the path is
    then `plain_path`'s.
    """
    text = value.strip()
    if base_url and text.startswith(base_url):
        text = "/" + text[len(base_url) :]
    elif urlsplit(text).scheme or text.startswith("//"):
        return "", f"`{text}` is not an address on this site ({base_url})"
    return plain_path(text, "an alias")


def same_site(url: str, base_url: str) -> bool:
    """Whether `url` is on this site's host (the scheme and a leading `www.` may differ:
    http://www.gazette.example/ was the same site as https://gazette.example/). An address
    that cannot be read (a port out of range, a broken IPv6 host) is no address of it."""
    try:
        old, new = urlsplit(url.strip()), urlsplit(base_url)
        same_port = old.port == new.port
    except ValueError:
        return False
    if old.scheme not in ("http", "https") or not old.hostname or not new.hostname:
        return False
    return same_port and old.hostname.removeprefix("www.") == new.hostname.removeprefix("www.")


def own_alias(url: str, base_url: str) -> str:
    """The site path of `url` when it is an old address of this site (`same_site`, under its
    base path), else '': an archive moved from the site's old system keeps answering at the
    old addresses. An address with a query (WordPress's `?p=41`) makes no alias."""
    if not same_site(url, base_url):
        return ""
    old = urlsplit(url.strip())
    path, problem = plain_path(old.path or "/", "an alias") if not old.query else ("", "a query")
    base = urlsplit(base_url).path or "/"
    if problem or not path.startswith(base) or path == base:
        return ""
    return "/" + path[len(base) :]


def matching_id(uid: str) -> str:
    """What tells two ids of one story apart from ids of two: a web address without its scheme,
    a leading `www.` and the case of its host (a site that moved to https, or an export of it
    from before, names its posts so); any other id as it is."""
    try:
        parts = urlsplit(uid)
        port = parts.port
    except ValueError:
        return uid
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return uid
    host = parts.hostname.removeprefix("www.")
    at = f":{port}" if port not in (None, 80, 443) else ""
    return f"//{host}{at}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
