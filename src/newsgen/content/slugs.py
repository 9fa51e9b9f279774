"""Slugs: ASCII, URL-safe names for articles and topics, made from any Unicode text."""

from __future__ import annotations

import hashlib
import re

from slugify import slugify

MAX_SLUG_LENGTH = 80
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
APOSTROPHES = [["'", ""], ["\u2019", ""], ["\u02bc", ""]]
"""Dropped, not turned into hyphens: "Ukraine's" gives "ukraines"."""
RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "page", "feed", "index"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)
"""Names that are unsafe as a folder on some file systems or clash with newsgen's own URLs."""


def slug_for(text: str, kind: str = "article") -> str:
    """A valid slug for `text`, transliterated to ASCII; never empty, never reserved."""
    slug = slugify(
        text,
        max_length=MAX_SLUG_LENGTH,
        word_boundary=True,
        save_order=True,
        replacements=APOSTROPHES,
    )
    if not slug:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        return f"{kind}-{digest}"
    if slug in RESERVED:
        return f"{slug}-{kind}"
    return slug


def slug_problem(slug: str) -> str:
    """Why `slug` is not a valid slug, or '' when it is."""
    if not SLUG_PATTERN.fullmatch(slug):
        return "a slug may only hold lowercase ASCII letters, digits and single hyphens"
    if len(slug) > MAX_SLUG_LENGTH:
        return f"a slug may be at most {MAX_SLUG_LENGTH} characters long"
    if slug in RESERVED:
        return f"`{slug}` is reserved"
    return ""
