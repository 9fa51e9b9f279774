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
MAYBE_NONCHARACTER = re.compile("[\ufdd0-\U0010ffff]")
"""Where a noncharacter may be. One range is looked for as quickly as the control characters;
the noncharacters' 34 scattered ones ten times more slowly, so only in text that has one."""
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Removed from front-matter text, as noncharacters are: HTML and XML cannot carry them (tab
and newline fold)."""


URL_UNSAFE = re.compile(r'[\s"<>\\^`{|}]')
"""Characters a URL cannot hold as they are (RFC 3986): they are percent-encoded."""


def plain_text(value: str) -> str:
    """One line of text: control characters removed, runs of whitespace folded into one space.

    Text of invisible format characters alone (zero-width space, soft hyphen, a stray BOM) is
    empty: as a headline, byline or topic it would show as nothing, or as a link with no text.
    """
    words = (CONTROL_CHARACTERS.sub("", word) for word in without_noncharacters(value).split())
    text = " ".join(word for word in words if word)
    return text if any(unicodedata.category(c) != "Cf" for c in text) else ""


def without_noncharacters(text: str) -> str:
    """`text` without Unicode's noncharacters (see `NONCHARACTERS`)."""
    return NONCHARACTERS.sub("", text) if MAYBE_NONCHARACTER.search(text) else text


def encoded_url(url: str) -> str:
    """`url` with the characters no URL holds (spaces, quotes, <, >...) percent-encoded, as a
    browser sends them: written as it is into a page, it would make the page invalid."""
    return URL_UNSAFE.sub(lambda found: quote(found.group(), safe=""), url)


def is_web_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
