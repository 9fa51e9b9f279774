"""Plain text of front-matter values: one line, no control characters; and web URLs."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Removed from front-matter text: HTML and XML cannot carry them (tab and newline fold)."""


def plain_text(value: str) -> str:
    """One line of text: control characters removed, runs of whitespace folded into one space.

    Text of invisible format characters alone (zero-width space, soft hyphen, a stray BOM) is
    empty: as a headline, byline or topic it would show as nothing, or as a link with no text.
    """
    words = (CONTROL_CHARACTERS.sub("", word) for word in value.split())
    text = " ".join(word for word in words if word)
    return text if any(unicodedata.category(c) != "Cf" for c in text) else ""


def is_web_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
