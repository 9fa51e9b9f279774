"""Plain text of front-matter values: one line, no control characters; and web URLs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Removed from front-matter text: HTML and XML cannot carry them (tab and newline fold)."""


def plain_text(value: str) -> str:
    """One line of text: control characters removed, runs of whitespace folded into one space."""
    words = (CONTROL_CHARACTERS.sub("", word) for word in value.split())
    return " ".join(word for word in words if word)


def is_web_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
