"""Plain text of front-matter values: one line, no control characters; and web URLs."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

NONCHARACTERS = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)
"""Unicode's noncharacters (U+FDD0 to U+FDEF, U+FFFE, U+FFFF, U+1FFFE...): HTML forbids them,
and XML 1.0 has no U+FFFE or U+FFFF."""
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters and DEL (tab and newline aside): HTML and XML cannot carry
them."""
FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\U0010ffff]")
"""Removed from front-matter text (tab and newline fold): the control characters, and where a
noncharacter may be (`without_forbidden` tells). Two ranges are looked for at the speed of one,
where the noncharacters' 34 scattered ones would take ten times as long."""


URL_UNSAFE = re.compile(r'[\s"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})')
"""Characters a URL cannot hold as they are (RFC 3986), and a `%` that starts no escape: they
are percent-encoded."""


def plain_text(value: str) -> str:
    """One line of text: control characters removed, runs of whitespace folded into one space.

    Text of invisible format characters alone (zero-width space, soft hyphen, a stray BOM) is
    empty: as a headline, byline or topic it would show as nothing, or as a link with no text.
    """
    words = (without_forbidden(word) for word in value.split())
    text = " ".join(word for word in words if word)
    return text if any(unicodedata.category(c) != "Cf" for c in text) else ""


def without_forbidden(text: str, forbidden: re.Pattern[str] = FORBIDDEN_IN_TEXT) -> str:
    """`text` without what `forbidden` finds below U+FDD0 (control characters), nor the
    noncharacters among what it finds from there up (the others, an emoji say, stay)."""
    return forbidden.sub(_dropped, text)


def _dropped(found: re.Match[str]) -> str:
    character = found.group()
    return "" if character < "\ufdd0" or NONCHARACTERS.match(character) else character


def encoded_url(url: str) -> str:
    """`url` with the characters no URL holds (spaces, quotes, <, >...) percent-encoded, as a
    browser sends them: written as it is into a page, it would make the page invalid."""
    return URL_UNSAFE.sub(lambda found: quote(found.group(), safe=""), url)


def is_web_url(text: str) -> bool:
    """An http(s) URL with a host (and a port, if any, that is a number up to 65535), and no
    user name or password: no page may link to one."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        return False
    web = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    return web and not has_credentials(text)


def has_credentials(url: str) -> bool:
    """Whether `url` holds a user name or password (https://user:secret@host/)."""
    try:
        return "@" in urlsplit(url).netloc
    except ValueError:
        return False


def url_hint(url: str) -> str:
    """The fix for a URL `is_web_url` refuses, when it is more than a wrong scheme."""
    return "remove the user name and password from it" if has_credentials(url) else ""
